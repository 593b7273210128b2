/* dd-sync-feed.h — the commerce feed beyond the catalog pulled into the local cache
 *
 * Orders changed since the cursor kept in sync_cursors (commerce/orders;
 * none: all) are saved (one row a line, replacing the line's earlier
 * status), promotions replace the cached set, the returns policy replaces
 * the cached one; and when the last reconciliation of ids
 * (commerce/ids-reconciled-at) is older than `reconcile_every_us`, every
 * product id the engine has now is compared with the offers', so that a
 * product deleted remotely is marked gone locally (pending edits kept).
 * Cursors are saved last, so a failed pull asks again. Runs on the main
 * context. The map's burn-down and allocation read the orders with
 * dd_store_load_orders_async().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-commerce-provider.h"
#include "dd-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint order_lines;     /* saved */
  guint promotions;
  gboolean refund_policy;  /* the engine had one; saved */
  gboolean reconciled;     /* ids were compared this time */
  guint gone;              /* offers newly marked gone */
  guint gone_kept_local;   /* of those, with local edits kept */
  guint back;              /* offers that exist again */
} DdSyncFeedSummary;

void     dd_sync_feed_async  (DdStore             *store,
                              DdCommerceProvider  *provider,
                              gint64               reconcile_every_us,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
gboolean dd_sync_feed_finish (GAsyncResult        *result,
                              DdSyncFeedSummary   *summary,
                              GError             **error);

G_END_DECLS
