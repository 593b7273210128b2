/* dd-sync-run.h — one whole sync with the commerce engine, with its progress
 *
 * Pulls the catalog (hubs and stock in full on the first run of this
 * object), then the feed (orders, promotions, the returns policy, with a
 * reconciliation of ids), then pushes the outbox. "fraction" (0 to 1) and
 * "step" (words for people) follow it, for a progress bar. Runs on the
 * main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-commerce-provider.h"
#include "dd-store.h"
#include "dd-sync-feed.h"
#include "dd-sync-flusher.h"
#include "dd-sync-pull.h"

G_BEGIN_DECLS

#define DD_TYPE_SYNC_RUN (dd_sync_run_get_type ())

G_DECLARE_FINAL_TYPE (DdSyncRun, dd_sync_run, DD, SYNC_RUN, GObject)

DdSyncRun  *dd_sync_run_new          (DdStore            *store,
                                      DdCommerceProvider *provider);
void        dd_sync_run_start_async  (DdSyncRun          *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
/* The error names the step that failed; nothing is lost from the outbox. */
gboolean    dd_sync_run_start_finish (DdSyncRun          *self,
                                      GAsyncResult       *result,
                                      GError            **error);
double      dd_sync_run_get_fraction (DdSyncRun          *self);
const char *dd_sync_run_get_step     (DdSyncRun          *self);
/* What the last run did. */
void        dd_sync_run_get_summary  (DdSyncRun          *self,
                                      DdSyncPullSummary  *pull,
                                      DdSyncFeedSummary  *feed,
                                      DdSyncFlushSummary *push);

G_END_DECLS
