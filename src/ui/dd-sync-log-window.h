/* dd-sync-log-window.h — the sync log, the open conflicts and their resolution
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dd-store.h"

G_BEGIN_DECLS

#define DD_TYPE_SYNC_LOG_WINDOW (dd_sync_log_window_get_type ())

G_DECLARE_FINAL_TYPE (DdSyncLogWindow, dd_sync_log_window, DD, SYNC_LOG_WINDOW, AdwWindow)

/* Reads the outbox and the open conflicts of `store` (NULL: shows none). */
GtkWidget  *dd_sync_log_window_new              (DdStore         *store);
/* Reads them again; "loaded" is emitted when the rows are in. */
void        dd_sync_log_window_reload           (DdSyncLogWindow *self);
const char *dd_sync_log_window_get_summary      (DdSyncLogWindow *self);
/* Why the last Sync Now failed, or NULL. Sync Now (the action
 * "sync-log.sync-now") signs in with the commerce account, runs a whole
 * sync with a progress bar, then reads the log again. */
const char *dd_sync_log_window_get_problem      (DdSyncLogWindow *self);
/* For tests: ends conflict `index` (0 = oldest shown) as its dialog's
 * response would ("local" or "remote"). */
void        dd_sync_log_window_resolve          (DdSyncLogWindow *self,
                                                 guint            index,
                                                 const char      *response);

G_END_DECLS
