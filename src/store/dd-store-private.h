/* dd-store-private.h — what only the store layer (and its tests) may call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "dd-store.h"

G_BEGIN_DECLS

/* The worker thread's side of a store: touched by the worker thread only. */
typedef struct
{
  sqlite3    *db;
  char       *path;
  int         schema_version;
  GHashTable *statements;  /* SQL text -> sqlite3_stmt*, prepared once */
  gboolean    bulk;        /* unindexed appends running: WAL not checkpointed */
} DdStoreConnection;

/* What a job hands back: a pointer (with its free function) or a number
 * (used for booleans and counts). */
typedef struct
{
  gpointer       pointer;
  GDestroyNotify pointer_free;
  gint64         number;
} DdStoreResult;

typedef enum
{
  DD_STORE_RESULT_BOOLEAN,
  DD_STORE_RESULT_INT,
  DD_STORE_RESULT_POINTER,
} DdStoreResultKind;

/* Runs on the worker thread. Returns FALSE with `error` set on failure. */
typedef gboolean (*DdStoreJobFunc) (DdStoreConnection  *conn,
                                    gpointer            data,
                                    DdStoreResult      *result,
                                    GError            **error);

/* Queues `func` for the worker; the GTask completes on the caller's
 * thread-default context. `data` is freed with `data_free` after the job
 * ran (on the worker thread) or at once when the store is closed. */
void          _dd_store_queue_job              (DdStore             *self,
                                                DdStoreJobFunc       func,
                                                gpointer             data,
                                                GDestroyNotify       data_free,
                                                DdStoreResultKind    kind,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data,
                                                gpointer             source_tag);
/* The worker thread, for tests that check where jobs run. */
GThread      *_dd_store_get_worker_thread      (DdStore *self);

/* Connection helpers (worker thread). */
gboolean      _dd_store_connection_open        (DdStoreConnection  *conn,
                                                const char         *path,
                                                GError            **error);
void          _dd_store_connection_close       (DdStoreConnection  *conn);
/* A cached prepared statement, reset and with its bindings cleared. */
sqlite3_stmt *_dd_store_prepare                (DdStoreConnection  *conn,
                                                const char         *sql,
                                                GError            **error);
gboolean      _dd_store_exec                   (DdStoreConnection  *conn,
                                                const char         *sql,
                                                GError            **error);
/* Steps a statement that returns no rows (or ignores them). */
gboolean      _dd_store_step_done              (DdStoreConnection  *conn,
                                                sqlite3_stmt       *stmt,
                                                GError            **error);
gboolean      _dd_store_begin                  (DdStoreConnection  *conn,
                                                GError            **error);
gboolean      _dd_store_commit                 (DdStoreConnection  *conn,
                                                GError            **error);
void          _dd_store_rollback               (DdStoreConnection  *conn);

/* Maps an SQLite result code to a DD_STORE_ERROR with a message for people. */
void          _dd_store_set_sqlite_error       (GError     **error,
                                                sqlite3     *db,
                                                int          rc,
                                                const char  *path);

/* Migrations (dd-store-migrations.c): brings `db` from its user_version up
 * to `target_version`, each step in its own transaction. */
gboolean      _dd_store_migrate                (sqlite3     *db,
                                                int          target_version,
                                                GError     **error);
int           _dd_store_get_user_version       (sqlite3     *db,
                                                int         *version,
                                                GError     **error);

/* Enum values stored as their GEnum nicks. */
const char   *_dd_store_enum_to_nick           (GType        type,
                                                int          value);
int           _dd_store_enum_from_nick         (GType        type,
                                                const char  *nick,
                                                int          fallback);

/* Text columns that may be NULL. */
void          _dd_store_bind_text              (sqlite3_stmt *stmt,
                                                int           index,
                                                const char   *text);
const char   *_dd_store_column_text            (sqlite3_stmt *stmt,
                                                int           index);
/* Steps a statement that gives at most one row of one text column: its
 * copy goes to result->pointer (left NULL when there is no row). */
gboolean      _dd_store_step_text_row          (DdStoreConnection  *conn,
                                                sqlite3_stmt       *stmt,
                                                DdStoreResult      *result,
                                                GError            **error);

/* Upserts one offer with its components and price history (inside a
 * transaction the caller holds). */
gboolean      _dd_store_write_offer            (DdStoreConnection  *conn,
                                                DdOffer            *offer,
                                                GError            **error);

/* A batch (dd-store-batch.c): statements and their parameter tuples,
 * captured on the caller's thread, written by the worker in one
 * transaction. */
GPtrArray    *_dd_store_batch_new              (void);
void          _dd_store_batch_add              (GPtrArray   *batch,
                                                const char  *sql,
                                                GVariant    *params);
gboolean      _dd_store_job_write_batch        (DdStoreConnection *, gpointer, DdStoreResult *, GError **);
/* Runs the batch's statements inside a transaction the caller holds. */
gboolean      _dd_store_batch_run              (DdStoreConnection  *conn,
                                                GPtrArray          *batch,
                                                GError            **error);

/* Saves as batches, built on the caller's thread. */
GPtrArray    *_dd_store_hubs_to_batch          (GPtrArray *hubs);
GPtrArray    *_dd_store_stock_to_batch         (GPtrArray *levels);
GPtrArray    *_dd_store_orders_to_batch        (GPtrArray *orders);
GPtrArray    *_dd_store_checklists_to_batch    (GPtrArray *checklists);

/* Jobs of the other files, queued by dd-store.c's public functions. */
gboolean      _dd_store_job_save_offers        (DdStoreConnection *, gpointer, DdStoreResult *, GError **);
gboolean      _dd_store_job_load_offers        (DdStoreConnection *, gpointer, DdStoreResult *, GError **);
gboolean      _dd_store_job_load_hubs          (DdStoreConnection *, gpointer, DdStoreResult *, GError **);
gboolean      _dd_store_job_load_stock         (DdStoreConnection *, gpointer, DdStoreResult *, GError **);
gboolean      _dd_store_job_load_orders        (DdStoreConnection *, gpointer, DdStoreResult *, GError **);
gboolean      _dd_store_job_load_checklists    (DdStoreConnection *, gpointer, DdStoreResult *, GError **);
gboolean      _dd_store_job_append_chat        (DdStoreConnection *, gpointer, DdStoreResult *, GError **);
gboolean      _dd_store_job_append_chat_unindexed (DdStoreConnection *, gpointer, DdStoreResult *, GError **);
gboolean      _dd_store_job_index_chat         (DdStoreConnection *, gpointer, DdStoreResult *, GError **);
gboolean      _dd_store_job_count_chat         (DdStoreConnection *, gpointer, DdStoreResult *, GError **);
gboolean      _dd_store_job_search_chat        (DdStoreConnection *, gpointer, DdStoreResult *, GError **);

/* Data of the search job. */
typedef struct
{
  char  *query;
  guint  limit;
} DdStoreChatSearch;

void          _dd_store_chat_search_free       (gpointer data);
/* Turns any text into a valid FTS5 query: every term quoted. NULL when the
 * text holds no term. */
char         *_dd_store_chat_escape_query      (const char *query);

/* Apply-offer-edit job data (dd-store-outbox.c). */
typedef struct
{
  DdOffer *offer;
  char    *field;
  char    *before;
  char    *after;
  char    *actor;
  DdRole   role;
  char    *reason;
  char    *chat_message_id;
} DdStoreEditJob;

/* The ledger (dd-store-ledger.c), inside a transaction the caller holds:
 * seals `draft` after the last row (sealing rows from before the chain
 * first) and inserts it. Returns the sealed entry. */
DdLedgerEntry *_dd_store_ledger_append         (DdStoreConnection     *conn,
                                                const DdLedgerFields  *draft,
                                                GError               **error);
/* The ledger's columns in hash order, row by row. */
#define DD_STORE_LEDGER_ROWS_SQL \
  "SELECT seq, entry_id, time, actor, role, entity, entity_id, field, before, after," \
  " reason, chat_message_id, prev_hash, hash FROM ledger ORDER BY seq"
/* Reads a row of DD_STORE_LEDGER_ROWS_SQL; the strings belong to the
 * statement until its next step. */
void          _dd_store_ledger_fields_from_row (sqlite3_stmt   *stmt,
                                                DdLedgerFields *fields);
/* When the reduction to `price` took effect (see
 * dd_price_history_find_reduction_start()). */
gboolean      _dd_store_find_reduction_start   (DdStoreConnection  *conn,
                                                const char         *sku,
                                                const DdMoney      *price,
                                                gint64              now,
                                                gint64             *out,
                                                GError            **error);
/* The lowest price of a variant over the 30 days before `now`. */
gboolean      _dd_store_find_lowest_price      (DdStoreConnection  *conn,
                                                const char         *sku,
                                                const char         *currency,
                                                gint64              now,
                                                gboolean           *found,
                                                DdPricePoint       *out,
                                                GError            **error);

/* Ledger rows as DdLedgerEntry, in seq order (dd-store-ledger-read.c): the
 * newest `limit` (all when 0) of one entity (all when `entity` is NULL) and
 * one field (all when `field` is NULL). */
GPtrArray    *_dd_store_read_ledger            (DdStoreConnection  *conn,
                                                const char         *entity,
                                                const char         *entity_id,
                                                const char         *field,
                                                guint               limit,
                                                GError            **error);

/* One pending outbox entry of the commerce service (dd-store-outbox.c);
 * `key` is its idempotency key (NULL: a new random one). */
gboolean      _dd_store_insert_outbox          (DdStoreConnection  *conn,
                                                const char         *key,
                                                const char         *entity,
                                                const char         *entity_id,
                                                const char         *operation,
                                                const char         *payload,
                                                const char         *base,
                                                gint64              now,
                                                GError            **error);

/* An offer's window and its campaign's identifier as stored, before an
 * edit (read with the edit's base in dd-store-outbox.c). */
typedef struct
{
  gint64  window_start;
  gint64  window_end;
  char   *identifier;   /* or NULL: no campaign queued yet */
} DdStoreCampaignLink;

/* Queues the offer's window for its campaign when it has one and no
 * campaign yet, or when it changed since `before`. */
gboolean      _dd_store_queue_campaign         (DdStoreConnection         *conn,
                                                DdOffer                   *offer,
                                                const DdStoreCampaignLink *before,
                                                gint64                     now,
                                                GError                   **error);

void          _dd_store_edit_job_free          (gpointer data);
gboolean      _dd_store_job_apply_offer_edit   (DdStoreConnection *, gpointer, DdStoreResult *, GError **);
gboolean      _dd_store_job_count_outbox       (DdStoreConnection *, gpointer, DdStoreResult *, GError **);

G_END_DECLS
