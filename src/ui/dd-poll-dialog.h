/* dd-poll-dialog.h — the go/no-go poll: who answered what, and your answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dd-checklist-desk.h"

G_BEGIN_DECLS

#define DD_TYPE_POLL_DIALOG (dd_poll_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DdPollDialog, dd_poll_dialog, DD, POLL_DIALOG, AdwWindow)

/* `desk` may be NULL (no drop open): the dialog says so. */
GtkWidget *dd_poll_dialog_new        (DdChecklistDesk *desk,
                                      DdRole           role,
                                      const char      *member);
/* What the dialog shows as the poll's state, for tests. */
const char *dd_poll_dialog_get_status  (DdPollDialog *self);
/* The text under it: what still forces NO-GO, or the outcome and why. */
const char *dd_poll_dialog_get_summary (DdPollDialog *self);

G_END_DECLS
