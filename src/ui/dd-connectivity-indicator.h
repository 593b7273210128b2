/* dd-connectivity-indicator.h — one status icon per service in the header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dd-drop-session.h"

G_BEGIN_DECLS

#define DD_TYPE_CONNECTIVITY_INDICATOR (dd_connectivity_indicator_get_type ())

G_DECLARE_FINAL_TYPE (DdConnectivityIndicator, dd_connectivity_indicator, DD, CONNECTIVITY_INDICATOR, GtkWidget)

GtkWidget *dd_connectivity_indicator_new          (void);
/* Follows the connectivity of `session`'s services; NULL shows them offline. */
void       dd_connectivity_indicator_set_session  (DdConnectivityIndicator *self,
                                                   DdDropSession           *session);
/* The sentence shown for `service`: "Commerce: Online — Demo drop". */
char      *dd_connectivity_indicator_dup_label    (DdConnectivityIndicator *self,
                                                   DdServiceKind            service);

G_END_DECLS
