/* dd-store.h — the local SQLite cache, owned by one worker thread
 *
 * Every call queues a job for the worker thread and completes on the
 * thread-default main context of the caller. Nothing here blocks the caller
 * except dd_store_open_sync() and dd_store_close(), meant for the CLI and
 * for shutdown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-core.h"

G_BEGIN_DECLS

#define DD_STORE_ERROR (dd_store_error_quark ())

typedef enum
{
  DD_STORE_ERROR_FAILED,
  DD_STORE_ERROR_CORRUPT,      /* the file is kept; a copy is made beside it */
  DD_STORE_ERROR_TOO_NEW,      /* written by a newer Dropdeck */
  DD_STORE_ERROR_LOCKED,       /* another process holds it */
  DD_STORE_ERROR_UNWRITABLE,   /* the data folder or file cannot be written */
  DD_STORE_ERROR_CLOSED,
} DdStoreError;

GQuark dd_store_error_quark (void);

#define DD_TYPE_STORE (dd_store_get_type ())

G_DECLARE_FINAL_TYPE (DdStore, dd_store, DD, STORE, GObject)

/* The schema version this build writes. */
int         dd_store_get_latest_version   (void);

/* Opens (creating and migrating as needed) the database at `path`. A
 * corrupt file, one from a newer version, a locked file or an unwritable
 * folder fails with the matching DD_STORE_ERROR and leaves the file as it
 * was; for a corrupt file a copy named `<path>.corrupt-<time>` is made
 * first and named in the message. */
void        dd_store_open_async           (const char           *path,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
DdStore    *dd_store_open_finish          (GAsyncResult  *result,
                                           GError       **error);
DdStore    *dd_store_open_sync            (const char    *path,
                                           GCancellable  *cancellable,
                                           GError       **error);
const char *dd_store_get_path             (DdStore *self);
int         dd_store_get_schema_version   (DdStore *self);
/* Finishes queued jobs, then closes the connection; later calls fail with
 * DD_STORE_ERROR_CLOSED. Called by dispose too. */
void        dd_store_close                (DdStore *self);

/* `PRAGMA integrity_check` and the schema version, as "ok" or the problems
 * SQLite found. */
void        dd_store_check_async          (DdStore             *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char       *dd_store_check_finish         (DdStore       *self,
                                           GAsyncResult  *result,
                                           GError       **error);

/* Catalog, hubs, stock, orders and checklists: saves replace rows by id in
 * one transaction (all or nothing; offers must pass dd_offer_validate() and
 * stock levels need their hub saved first); loads return GPtrArray of the
 * core objects. The objects are read before the call returns, so the caller
 * may change them right after. */
void        dd_store_save_offers_async    (DdStore             *self,
                                           GPtrArray           *offers,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void        dd_store_save_hubs_async      (DdStore             *self,
                                           GPtrArray           *hubs,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void        dd_store_save_stock_async     (DdStore             *self,
                                           GPtrArray           *levels,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void        dd_store_save_orders_async    (DdStore             *self,
                                           GPtrArray           *orders,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void        dd_store_save_checklists_async (DdStore             *self,
                                            GPtrArray           *checklists,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* Past prices (DdPriceRecord), e.g. a catalog's regular prices before a
 * sale, added to price_history in one transaction. */
void        dd_store_save_price_history_async (DdStore             *self,
                                               GPtrArray           *records,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* Finishes any of the saves above. */
gboolean    dd_store_save_finish          (DdStore       *self,
                                           GAsyncResult  *result,
                                           GError       **error);

void        dd_store_load_offers_async    (DdStore             *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void        dd_store_load_hubs_async      (DdStore             *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void        dd_store_load_stock_async     (DdStore             *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void        dd_store_load_orders_async    (DdStore             *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void        dd_store_load_checklists_async (DdStore             *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* Finishes any of the loads above: a GPtrArray of the core objects. */
GPtrArray  *dd_store_load_finish          (DdStore       *self,
                                           GAsyncResult  *result,
                                           GError       **error);

/* Checklist templates (dd-checklist-template.h): a save replaces the whole
 * set, in order (finish with dd_store_save_finish()); the load returns
 * them, empty before any save (dd_store_load_finish()). */
void        dd_store_save_checklist_templates_async (DdStore             *self,
                                                     GPtrArray           *templates,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
void        dd_store_load_checklist_templates_async (DdStore             *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* A go/no-go poll and its answers, replacing what was stored of it; once
 * decided, its ledger entry (dd_go_no_go_poll_to_ledger_entry()) is
 * appended in the same transaction, and only the first time. Finish with
 * dd_store_save_finish(). */
void        dd_store_save_poll_async      (DdStore             *self,
                                           DdGoNoGoPoll        *poll,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* The poll opened last (without checklists: see
 * dd_go_no_go_poll_set_checklists()), or NULL without an error. */
void        dd_store_load_latest_poll_async  (DdStore             *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
DdGoNoGoPoll *dd_store_load_latest_poll_finish (DdStore       *self,
                                                GAsyncResult  *result,
                                                GError       **error);

/* A user's change to an offer, as one transaction: the new offer row, an
 * outbox entry (operation, JSON payload, a fresh idempotency key) and a
 * ledger row (field, before, after, actor, role, reason). The offer is
 * marked DD_SYNC_STATE_PENDING (`offer` itself at once, before the
 * commit). Commits with synchronous=FULL: once finished without error the
 * edit survives a crash or power cut. */
typedef struct
{
  const char *field;
  const char *before;
  const char *after;
  const char *actor;
  DdRole      role;
  const char *reason;
  const char *chat_message_id;  /* the chat message the edit was made from, or NULL */
} DdStoreEdit;

void        dd_store_apply_offer_edit_async (DdStore             *self,
                                             DdOffer             *offer,
                                             const DdStoreEdit   *edit,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    dd_store_apply_offer_edit_finish (DdStore       *self,
                                              GAsyncResult  *result,
                                              GError       **error);
/* The ledger: a hash chain (see dd-ledger-chain.h) that every append
 * extends inside its own transaction, the offer edits above included.
 * Appending seals `draft` (seq, prev_hash, hash; a fresh entry id when it
 * has none) and returns the sealed entry. */
void        dd_store_append_ledger_async  (DdStore             *self,
                                           DdLedgerEntry       *draft,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
DdLedgerEntry *dd_store_append_ledger_finish (DdStore       *self,
                                              GAsyncResult  *result,
                                              GError       **error);
/* Reads every row in seq order and reports the first broken one: altered,
 * missing (a gap or a broken link) or moved. A broken chain is a report,
 * not an error; errors are for a database that cannot be read. */
void        dd_store_verify_ledger_async  (DdStore             *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
DdLedgerReport *dd_store_verify_ledger_finish (DdStore       *self,
                                               GAsyncResult  *result,
                                               GError       **error);
/* The whole ledger as CSV (RFC 4180: a header row, CRLF line ends, fields
 * quoted when needed; NULL as an empty field; `time` in ISO 8601 UTC and
 * `time_us` as hashed), from one snapshot. To a stream the caller closes,
 * or to a file replaced only once complete. Finishes with the number of
 * entries written, -1 on error. */
void        dd_store_export_ledger_async  (DdStore             *self,
                                           GOutputStream       *output,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void        dd_store_export_ledger_to_path_async (DdStore             *self,
                                                  const char          *path,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gint64      dd_store_export_ledger_finish (DdStore       *self,
                                           GAsyncResult  *result,
                                           GError       **error);
/* The whole ledger as a PDF (A4): a price timeline chart per offer whose
 * price changed, then every entry in a table; to a file replaced only once
 * complete. Finishes with dd_store_export_ledger_finish(). */
void        dd_store_export_ledger_pdf_async (DdStore             *self,
                                              const char          *path,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* Ledger entries (DdLedgerEntry) in seq order: the newest `limit` (all when
 * 0) of one entity, e.g. "offer" and its id, or of all when both are NULL.
 * Finish with dd_store_load_finish(). */
void        dd_store_load_ledger_async    (DdStore             *self,
                                           const char          *entity,
                                           const char          *entity_id,
                                           guint                limit,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* Every ledger entry of one field ("price_approval", ...) in seq order, all
 * entities. Finish with dd_store_load_finish(). */
void        dd_store_load_ledger_field_async (DdStore             *self,
                                              const char          *field,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* The lowest price of variant `sku` in `currency` over the 30 days before
 * `now`, from price_history (see dd_price_history_find_lowest()); NULL
 * without an error when it had no price then. Free with g_free(). */
void        dd_store_lookup_lowest_price_async (DdStore             *self,
                                                const char          *sku,
                                                const char          *currency,
                                                gint64               now,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
DdPricePoint *dd_store_lookup_lowest_price_finish (DdStore       *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);
/* The prior price a "was" claim on `price` must rest on: the lowest price
 * of variant `sku` over the 30 days before the reduction to `price` took
 * effect (see dd_price_history_find_prior_price()); NULL without an error
 * when it had no price then. Free with g_free(). */
void        dd_store_lookup_prior_price_async (DdStore             *self,
                                               const char          *sku,
                                               const DdMoney       *price,
                                               gint64               now,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
DdPricePoint *dd_store_lookup_prior_price_finish (DdStore       *self,
                                                  GAsyncResult  *result,
                                                  GError       **error);

/* Entries not yet pushed, oldest first. */
void        dd_store_count_outbox_async   (DdStore             *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gint64      dd_store_count_finish         (DdStore       *self,
                                           GAsyncResult  *result,
                                           GError       **error);

/* The chat archive (FTS5). Appends are batched: one transaction a call. */
void        dd_store_append_chat_async    (DdStore             *self,
                                           GPtrArray           *messages,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* The same for a bulk replay (e.g. the squad stream after a disconnect):
 * the rows are archived at once, the full-text index follows with
 * dd_store_index_chat_async(), the next dd_store_append_chat_async() or the
 * next search, whichever comes first (a search always sees every row). */
void        dd_store_append_chat_unindexed_async (DdStore             *self,
                                                  GPtrArray           *messages,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* Indexes what unindexed appends left; finishes with dd_store_save_finish(). */
void        dd_store_index_chat_async     (DdStore             *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void        dd_store_count_chat_async     (DdStore             *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* Full-text search over the whole drop, newest first. Any text is a valid
 * query: each word is searched as a plain word (all must match), operators
 * and quotes included; at most `limit` messages (0: all). Appends finish with
 * dd_store_save_finish(), counts with dd_store_count_finish(), searches with
 * dd_store_load_finish() (DdChatMessage objects). A message id already in
 * the archive is skipped, so replays after a reconnect are harmless. */
void        dd_store_search_chat_async    (DdStore             *self,
                                           const char          *query,
                                           guint                limit,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);

/* Key/value settings of a profile (drop name, drop start, cursors). */
void        dd_store_set_meta_async       (DdStore             *self,
                                           const char          *key,
                                           const char          *value,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void        dd_store_get_meta_async       (DdStore             *self,
                                           const char          *key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* NULL without error when the key is unset. */
char       *dd_store_get_meta_finish      (DdStore       *self,
                                           GAsyncResult  *result,
                                           GError       **error);

/* What the classifier learned from a squad's moderators: the bytes of
 * dd_classifier_export_weights(), one row a squad, replaced by each save.
 * Loading finishes with NULL and no error when the squad has none yet;
 * free the GBytes with g_bytes_unref(). */
void        dd_store_save_classifier_weights_async  (DdStore             *self,
                                                     const char          *squad,
                                                     GBytes              *weights,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean    dd_store_save_classifier_weights_finish (DdStore       *self,
                                                     GAsyncResult  *result,
                                                     GError       **error);
void        dd_store_load_classifier_weights_async  (DdStore             *self,
                                                     const char          *squad,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GBytes     *dd_store_load_classifier_weights_finish (DdStore       *self,
                                                     GAsyncResult  *result,
                                                     GError       **error);

G_END_DECLS
