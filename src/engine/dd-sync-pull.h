/* dd-sync-pull.h — the commerce catalog pulled into the local cache
 *
 * Asks the provider for the offers changed since the cursor kept in
 * sync_cursors (commerce/products; none: everything) and, when the last
 * full read of hubs and stock (commerce/stock-reconciled-at) is older than
 * `stock_every_us`, for all hubs and stock too — a periodic full
 * reconciliation where the engine cannot say what changed. Saves hubs,
 * then stock, then offers — except offers with local changes not yet
 * confirmed (pending, conflicted or rejected), which keep their local
 * values, and remote offers that are the same variant as a local offer of
 * another id (one this profile created); then the cursors, so a pull that
 * failed asks again. Runs on the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-commerce-provider.h"
#include "dd-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint offers;        /* saved */
  guint offers_kept;   /* remote offers not saved over local changes */
  guint hubs;
  guint stock;
  gboolean stock_reconciled;  /* hubs and stock were read in full */
} DdSyncPullSummary;

void     dd_sync_pull_async  (DdStore             *store,
                              DdCommerceProvider  *provider,
                              gint64               stock_every_us,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
gboolean dd_sync_pull_finish (GAsyncResult        *result,
                              DdSyncPullSummary   *summary,
                              GError             **error);

G_END_DECLS
