/* dd-sync-pull.h — the commerce catalog pulled into the local cache
 *
 * Loads the whole catalog through the provider and saves it to the store:
 * hubs, then stock, then offers — except offers with local changes not yet
 * confirmed (pending, conflicted or rejected), which keep their local
 * values, and remote offers that are the same variant as a local offer of
 * another id (one this profile created). Runs on the main context.
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
} DdSyncPullSummary;

void     dd_sync_pull_async  (DdStore             *store,
                              DdCommerceProvider  *provider,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
gboolean dd_sync_pull_finish (GAsyncResult        *result,
                              DdSyncPullSummary   *summary,
                              GError             **error);

G_END_DECLS
