/* dd-sync-flusher.h — pushes the outbox to the commerce engine, exactly once
 *
 * A flush reads the pending entries the store says may go (in order; none
 * behind a conflict of the same entity) and pushes several entities at
 * once, each entity's entries one after another; for each entry it counts the
 * attempt in the store (so a crash knows a request may be out), sends it
 * through the provider, and records the outcome — done, conflicted (base,
 * local and remote values kept, later entries of the entity held) or
 * rejected (the remote's reason kept). A failure worth retrying is retried
 * on the same entry, so the order holds, after a delay that grows with
 * jitter; after `max_failures` failures in a row the flush ends with that
 * error and the entries stay pending. Before each batch is pushed, the
 * provider may read the remote state it compares with in a few requests
 * (dd_commerce_provider_prepare_push_async()). "progress" (entries ended,
 * entries pending at the start) follows each entry. Runs on the main
 * context it was created on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-commerce-provider.h"
#include "dd-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint applied;
  guint conflicted;
  guint rejected;
  guint failures;   /* attempts that failed and were retried */
} DdSyncFlushSummary;

#define DD_TYPE_SYNC_FLUSHER (dd_sync_flusher_get_type ())

G_DECLARE_FINAL_TYPE (DdSyncFlusher, dd_sync_flusher, DD, SYNC_FLUSHER, GObject)

DdSyncFlusher *dd_sync_flusher_new          (DdStore             *store,
                                             DdCommerceProvider  *provider);
/* Defaults: 8 failures in a row, delays from 250 ms up to 8 s. */
void           dd_sync_flusher_set_retry    (DdSyncFlusher       *self,
                                             guint                max_failures,
                                             guint                initial_delay_ms,
                                             guint                max_delay_ms);
/* Entities pushed at once: 1 to 8, default 4. */
void           dd_sync_flusher_set_lanes    (DdSyncFlusher       *self,
                                             guint                lanes);
void           dd_sync_flusher_flush_async  (DdSyncFlusher       *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* `summary` (may be NULL) is filled also on failure. */
gboolean       dd_sync_flusher_flush_finish (DdSyncFlusher       *self,
                                             GAsyncResult        *result,
                                             DdSyncFlushSummary  *summary,
                                             GError             **error);

G_END_DECLS
