/* dd-store-sync-outbox.h — the sync engine's side of the outbox
 *
 * The outbox holds every local edit until the remote confirmed it. The sync
 * engine lists the entries that may go now (in order, none behind a
 * conflict of the same entity), counts an attempt before each send (so that
 * after a crash it knows a request may have reached the server), keeps what
 * a push learned before its outcome was known, and ends each entry as done,
 * conflicted (with base, local and remote values kept in sync_conflicts)
 * or rejected (with the server's reason). Nothing is ever deleted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-store.h"

G_BEGIN_DECLS

typedef enum
{
  DD_OUTBOX_STATE_PENDING,
  DD_OUTBOX_STATE_DONE,
  DD_OUTBOX_STATE_CONFLICTED,
  DD_OUTBOX_STATE_REJECTED,
} DdOutboxState;

/* One outbox row; JSON columns as text. */
typedef struct
{
  gint64         seq;
  char          *idempotency_key;
  char          *service;
  char          *entity;
  char          *entity_id;
  char          *operation;
  char          *payload;
  char          *base;        /* the values the edit was based on, or NULL */
  char          *progress;    /* what an earlier attempt learned, or NULL */
  char          *remote_id;   /* the entity's remote id as known locally, or NULL */
  DdOutboxState  state;
  guint          attempts;
  char          *last_error;
  gint64         created_at;
} DdOutboxEntry;

#define DD_TYPE_OUTBOX_ENTRY (dd_outbox_entry_get_type ())

GType          dd_outbox_entry_get_type (void) G_GNUC_CONST;
DdOutboxEntry *dd_outbox_entry_copy     (const DdOutboxEntry *self);
void           dd_outbox_entry_free     (DdOutboxEntry       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdOutboxEntry, dd_outbox_entry_free)

/* An open or resolved conflict: JSON objects of the fields concerned. */
typedef struct
{
  gint64  id;
  gint64  outbox_seq;
  char   *entity;
  char   *entity_id;
  char   *base;
  char   *local;
  char   *remote;
  gint64  detected_at;
} DdSyncConflict;

#define DD_TYPE_SYNC_CONFLICT (dd_sync_conflict_get_type ())

GType           dd_sync_conflict_get_type (void) G_GNUC_CONST;
DdSyncConflict *dd_sync_conflict_copy     (const DdSyncConflict *self);
void            dd_sync_conflict_free     (DdSyncConflict       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdSyncConflict, dd_sync_conflict_free)

/* How a push ended, for dd_store_end_outbox_entry_async(). */
typedef struct
{
  gint64         seq;
  DdOutboxState  state;       /* PENDING: a failure worth retrying */
  const char    *message;     /* the reason (rejected, or the last failure), or NULL */
  const char    *remote_id;   /* DONE create: the new remote id, or NULL */
  const char    *base;        /* CONFLICTED: JSON objects */
  const char    *local;
  const char    *remote;
} DdOutboxOutcome;

/* Counts per state, and the newest reason an entry was held or failed. */
typedef struct
{
  gint64  pending;
  gint64  done;
  gint64  conflicted;
  gint64  rejected;
  gint64  open_conflicts;
  char   *last_error;
  gint64  oldest_pending_at;   /* created_at of the oldest pending entry (µs since the epoch), 0: none */
} DdOutboxSummary;

void             dd_outbox_summary_free     (DdOutboxSummary *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdOutboxSummary, dd_outbox_summary_free)

/* Pending entries of `service` that may be pushed now, oldest first, at
 * most `limit`: an entry waits while an earlier entry of the same entity is
 * conflicted. Finish with dd_store_load_finish(): DdOutboxEntry pointers. */
void             dd_store_list_outbox_async      (DdStore               *self,
                                                  const char            *service,
                                                  guint                  limit,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
/* The sync log: the newest `limit` entries of every service and state,
 * newest first. Finish with dd_store_load_finish(): DdOutboxEntry
 * pointers. */
void             dd_store_list_sync_log_async    (DdStore               *self,
                                                  guint                  limit,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
/* Counts one more attempt before a request is sent; with `progress`
 * (JSON, or NULL to keep it) saved in the same write, durably
 * (synchronous=FULL) before this finishes.
 * Finish with dd_store_save_finish(). */
void             dd_store_begin_outbox_attempt_async (DdStore           *self,
                                                      gint64             seq,
                                                      const char        *progress,
                                                      GCancellable      *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer           user_data);
/* Ends (or, for PENDING, annotates) an entry in one transaction: the row,
 * a conflict record, the offer's remote id and its sync state. Finish with
 * dd_store_save_finish(). */
void             dd_store_end_outbox_entry_async (DdStore               *self,
                                                  const DdOutboxOutcome *outcome,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
/* Unresolved conflicts, oldest first. Finish with dd_store_load_finish():
 * DdSyncConflict pointers. */
void             dd_store_list_conflicts_async   (DdStore               *self,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
typedef enum
{
  DD_CONFLICT_KEEP_LOCAL,    /* send the local values over the remote's */
  DD_CONFLICT_TAKE_REMOTE,   /* drop the edit; the offer takes the remote's values */
} DdConflictResolution;

/* Resolves an open conflict (its id from dd_store_list_conflicts_async())
 * in one transaction: keeping the local values makes its entry pending
 * again with the remote's values as its base; taking the remote's ends
 * the entry as rejected ("discarded") and writes them into the offer.
 * Later entries of the entity go on either way. Finish with
 * dd_store_save_finish(). */
void             dd_store_resolve_conflict_async (DdStore               *self,
                                                  gint64                 conflict_id,
                                                  DdConflictResolution   resolution,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
void             dd_store_summarize_outbox_async (DdStore               *self,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
DdOutboxSummary *dd_store_summarize_outbox_finish (DdStore              *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* A change of a hub's stock of a SKU, sent as a delta that is re-applied
 * to the remote's level read fresh before the write. */
typedef struct
{
  const char *hub_id;
  const char *sku;
  gint64      delta;     /* units, not 0 */
  const char *actor;
  DdRole      role;
  const char *reason;    /* or NULL */
} DdStockEdit;

/* One transaction (synchronous=FULL): stock_levels.on_hand + delta, an
 * outbox entry (entity "stock", id "HUB/SKU", operation "adjust", payload
 * {"hub_id", "sku", "delta"}, base {"on_hand"}), a ledger entry. Fails
 * for a level the store does not have or one that would fall below what
 * is reserved and allocated. Finish with dd_store_save_finish(). */
void             dd_store_apply_stock_edit_async (DdStore               *self,
                                                  const DdStockEdit     *edit,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
/* Several stock edits (e.g. the two ends of a stock move) in one such
 * transaction: all are applied, or none. */
void             dd_store_apply_stock_edits_async (DdStore               *self,
                                                   const DdStockEdit     *edits,
                                                   guint                  n_edits,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);

const char      *dd_outbox_state_to_nick         (DdOutboxState          state);

G_END_DECLS
