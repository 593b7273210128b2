/* dd-preflight-dialog.h — a preflight run as it happens: progress, viewers
 * connected, the latency chart, Cancel; then the result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dd-preflight.h"

G_BEGIN_DECLS

#define DD_TYPE_PREFLIGHT_DIALOG (dd_preflight_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DdPreflightDialog, dd_preflight_dialog, DD, PREFLIGHT_DIALOG, AdwWindow)

/* Follows `preflight`'s progress; Cancel cancels `cancellable`. */
GtkWidget *dd_preflight_dialog_new         (DdPreflight  *preflight,
                                            GCancellable *cancellable);
/* The run is over: shows the verdict and the evidence, Close instead of Cancel. */
void       dd_preflight_dialog_show_result (DdPreflightDialog *self,
                                            gboolean           passed,
                                            const char        *evidence);

G_END_DECLS
