/* dd-sync-button.h — the header bar's sync state, opening the sync log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dd-store.h"

G_BEGIN_DECLS

#define DD_TYPE_SYNC_BUTTON (dd_sync_button_get_type ())

G_DECLARE_FINAL_TYPE (DdSyncButton, dd_sync_button, DD, SYNC_BUTTON, GtkButton)

GtkWidget  *dd_sync_button_new       (void);
/* Shows the outbox of `store` (NULL: nothing), read again every two
 * seconds while the button is mapped; "outbox-changed" is emitted when
 * its counts change. */
void        dd_sync_button_set_store (DdSyncButton *self,
                                      DdStore      *store);
/* What the button says ("All changes sent", "3 changes to send", ...). */
const char *dd_sync_button_get_state (DdSyncButton *self);
/* Opens the sync log window for the store. */
GtkWidget  *dd_sync_button_open_log  (DdSyncButton *self);

G_END_DECLS
