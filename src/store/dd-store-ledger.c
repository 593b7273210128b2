/* dd-store-ledger.c — the ledger table as a hash chain: append and verify
 *
 * Every ledger row is appended through _dd_store_ledger_append(), inside
 * the caller's transaction, so a row and its place in the chain are
 * written together or not at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-store-private.h"

/* Rows read and hashed at a time by the verification. */
#define VERIFY_BATCH 16384

static const char last_row_sql[] =
  "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1";

static const char insert_row_sql[] =
  "INSERT INTO ledger (seq, entry_id, time, actor, role, entity, entity_id, field,"
  "  before, after, reason, chat_message_id, prev_hash, hash)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

void
_dd_store_ledger_fields_from_row (sqlite3_stmt   *stmt,
                                  DdLedgerFields *fields)
{
  fields->seq = sqlite3_column_int64 (stmt, 0);
  fields->entry_id = _dd_store_column_text (stmt, 1);
  fields->time_us = sqlite3_column_int64 (stmt, 2);
  fields->actor = _dd_store_column_text (stmt, 3);
  fields->role = _dd_store_column_text (stmt, 4);
  fields->entity = _dd_store_column_text (stmt, 5);
  fields->entity_id = _dd_store_column_text (stmt, 6);
  fields->field = _dd_store_column_text (stmt, 7);
  fields->before = _dd_store_column_text (stmt, 8);
  fields->after = _dd_store_column_text (stmt, 9);
  fields->reason = _dd_store_column_text (stmt, 10);
  fields->chat_message_id = _dd_store_column_text (stmt, 11);
  fields->prev_hash = _dd_store_column_text (stmt, 12);
  fields->hash = _dd_store_column_text (stmt, 13);
}

/* Rows written before the chain existed (schema 3 and older) have empty
 * hashes: chain them in seq order, once, before the first new append. */
static gboolean
seal_unsealed_rows (DdStoreConnection  *conn,
                    char               *last_hash,
                    GError            **error)
{
  g_autoptr(DdLedgerHasher) hasher = dd_ledger_hasher_new ();
  g_autoptr(GPtrArray) sealed = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_ledger_entry_unref);
  char prev_hash[DD_LEDGER_HASH_LENGTH + 1] = DD_LEDGER_GENESIS_HASH;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn, DD_STORE_LEDGER_ROWS_SQL, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdLedgerFields fields;

      _dd_store_ledger_fields_from_row (stmt, &fields);
      if (fields.hash != NULL && *fields.hash != '\0')
        {
          g_strlcpy (prev_hash, fields.hash, sizeof prev_hash);
          continue;
        }
      fields.prev_hash = prev_hash;
      fields.hash = dd_ledger_hasher_compute (hasher, &fields);
      g_ptr_array_add (sealed, dd_ledger_entry_new (&fields));
      g_strlcpy (prev_hash, fields.hash, sizeof prev_hash);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }

  for (guint i = 0; i < sealed->len; i++)
    {
      DdLedgerEntry *entry = g_ptr_array_index (sealed, i);

      stmt = _dd_store_prepare (conn, "UPDATE ledger SET prev_hash = ?2, hash = ?3 WHERE seq = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, dd_ledger_entry_get_seq (entry));
      _dd_store_bind_text (stmt, 2, dd_ledger_entry_get_prev_hash (entry));
      _dd_store_bind_text (stmt, 3, dd_ledger_entry_get_hash (entry));
      if (!_dd_store_step_done (conn, stmt, error))
        return FALSE;
    }

  g_strlcpy (last_hash, prev_hash, DD_LEDGER_HASH_LENGTH + 1);
  return TRUE;
}

DdLedgerEntry *
_dd_store_ledger_append (DdStoreConnection     *conn,
                         const DdLedgerFields  *draft,
                         GError               **error)
{
  g_autoptr(DdLedgerEntry) unsealed = NULL;
  g_autoptr(DdLedgerEntry) entry = NULL;
  g_autofree char *entry_id = NULL;
  char last_hash[DD_LEDGER_HASH_LENGTH + 1] = DD_LEDGER_GENESIS_HASH;
  gint64 last_seq = 0;
  DdLedgerFields fields;
  sqlite3_stmt *stmt;
  int rc;

  g_assert (!sqlite3_get_autocommit (conn->db));

  stmt = _dd_store_prepare (conn, last_row_sql, error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *hash = _dd_store_column_text (stmt, 1);

      last_seq = sqlite3_column_int64 (stmt, 0);
      g_strlcpy (last_hash, hash != NULL ? hash : "", sizeof last_hash);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return NULL;
    }

  if (last_seq > 0 && last_hash[0] == '\0' && !seal_unsealed_rows (conn, last_hash, error))
    return NULL;

  fields = *draft;
  if (fields.entry_id == NULL)
    fields.entry_id = entry_id = g_uuid_string_random ();
  unsealed = dd_ledger_entry_new (&fields);
  entry = dd_ledger_entry_seal (unsealed, last_seq + 1, last_hash);
  fields = *dd_ledger_entry_get_fields (entry);

  stmt = _dd_store_prepare (conn, insert_row_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, fields.seq);
  _dd_store_bind_text (stmt, 2, fields.entry_id);
  sqlite3_bind_int64 (stmt, 3, fields.time_us);
  _dd_store_bind_text (stmt, 4, fields.actor);
  _dd_store_bind_text (stmt, 5, fields.role);
  _dd_store_bind_text (stmt, 6, fields.entity);
  _dd_store_bind_text (stmt, 7, fields.entity_id);
  _dd_store_bind_text (stmt, 8, fields.field);
  _dd_store_bind_text (stmt, 9, fields.before);
  _dd_store_bind_text (stmt, 10, fields.after);
  _dd_store_bind_text (stmt, 11, fields.reason);
  _dd_store_bind_text (stmt, 12, fields.chat_message_id);
  _dd_store_bind_text (stmt, 13, fields.prev_hash);
  _dd_store_bind_text (stmt, 14, fields.hash);
  if (!_dd_store_step_done (conn, stmt, error))
    return NULL;

  return g_steal_pointer (&entry);
}

/* Append job */

static gboolean
job_append (DdStoreConnection  *conn,
            gpointer            data,
            DdStoreResult      *result,
            GError            **error)
{
  DdLedgerEntry *draft = data;
  g_autoptr(DdLedgerEntry) entry = NULL;
  gboolean ok;

  /* Like an offer edit: durable once acknowledged. */
  if (!_dd_store_exec (conn, "PRAGMA synchronous = FULL", error))
    return FALSE;

  ok = _dd_store_begin (conn, error);
  if (ok)
    {
      entry = _dd_store_ledger_append (conn, dd_ledger_entry_get_fields (draft), error);
      if (entry != NULL)
        ok = _dd_store_commit (conn, error);
      else
        {
          _dd_store_rollback (conn);
          ok = FALSE;
        }
    }

  sqlite3_exec (conn->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  if (!ok)
    return FALSE;

  result->pointer = g_steal_pointer (&entry);
  result->pointer_free = (GDestroyNotify) dd_ledger_entry_unref;
  return TRUE;
}

void
dd_store_append_ledger_async (DdStore             *self,
                              DdLedgerEntry       *draft,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  const DdLedgerFields *fields;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (draft != NULL);
  fields = dd_ledger_entry_get_fields (draft);
  g_return_if_fail (fields->actor != NULL && fields->role != NULL && fields->entity != NULL
                    && fields->entity_id != NULL && fields->field != NULL);

  _dd_store_queue_job (self, job_append, dd_ledger_entry_ref (draft),
                       (GDestroyNotify) dd_ledger_entry_unref, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_append_ledger_async);
}

DdLedgerEntry *
dd_store_append_ledger_finish (DdStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Verify job: rows are read into one buffer while the other is hashed. */

typedef struct
{
  GStringChunk   *strings;
  DdLedgerFields *rows;
  guint           n_rows;
} VerifyBuffer;

static const char *
keep (GStringChunk *strings,
      const char   *text)
{
  return text != NULL ? g_string_chunk_insert (strings, text) : NULL;
}

/* Fills `buffer` with up to VERIFY_BATCH rows; returns the last step's code. */
static int
read_rows (sqlite3_stmt *stmt,
           VerifyBuffer *buffer)
{
  int rc = SQLITE_DONE;

  g_string_chunk_clear (buffer->strings);
  buffer->n_rows = 0;

  while (buffer->n_rows < VERIFY_BATCH && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdLedgerFields row;
      DdLedgerFields *kept = &buffer->rows[buffer->n_rows++];

      _dd_store_ledger_fields_from_row (stmt, &row);
      *kept = row;
      kept->entry_id = keep (buffer->strings, row.entry_id);
      kept->actor = keep (buffer->strings, row.actor);
      kept->role = keep (buffer->strings, row.role);
      kept->entity = keep (buffer->strings, row.entity);
      kept->entity_id = keep (buffer->strings, row.entity_id);
      kept->field = keep (buffer->strings, row.field);
      kept->before = keep (buffer->strings, row.before);
      kept->after = keep (buffer->strings, row.after);
      kept->reason = keep (buffer->strings, row.reason);
      kept->chat_message_id = keep (buffer->strings, row.chat_message_id);
      kept->prev_hash = keep (buffer->strings, row.prev_hash);
      kept->hash = keep (buffer->strings, row.hash);
    }

  return rc;
}

static gboolean
job_verify (DdStoreConnection  *conn,
            gpointer            data,
            DdStoreResult      *result,
            GError            **error)
{
  g_autoptr(DdLedgerVerifier) verifier = dd_ledger_verifier_new ();
  VerifyBuffer buffers[2];
  DdLedgerBatch *hashing = NULL;
  sqlite3_stmt *stmt;
  gboolean intact = TRUE;
  guint current = 0;
  int rc;

  stmt = _dd_store_prepare (conn, DD_STORE_LEDGER_ROWS_SQL, error);
  if (stmt == NULL)
    return FALSE;

  for (guint b = 0; b < 2; b++)
    {
      buffers[b].strings = g_string_chunk_new (VERIFY_BATCH * 256);
      buffers[b].rows = g_new (DdLedgerFields, VERIFY_BATCH);
      buffers[b].n_rows = 0;
    }

  do
    {
      rc = read_rows (stmt, &buffers[current]);

      /* The previous batch was hashed meanwhile. */
      if (hashing != NULL)
        intact = dd_ledger_verifier_end_batch (verifier, g_steal_pointer (&hashing));

      if (intact && buffers[current].n_rows > 0 && (rc == SQLITE_ROW || rc == SQLITE_DONE))
        {
          hashing = dd_ledger_verifier_begin_batch (verifier, buffers[current].rows,
                                                    buffers[current].n_rows, 0);
          current = 1 - current;
        }
    }
  while (intact && rc == SQLITE_ROW);

  if (hashing != NULL)
    dd_ledger_verifier_end_batch (verifier, g_steal_pointer (&hashing));
  sqlite3_reset (stmt);

  for (guint b = 0; b < 2; b++)
    {
      g_string_chunk_free (buffers[b].strings);
      g_free (buffers[b].rows);
    }

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }

  result->pointer = dd_ledger_verifier_get_report (verifier);
  result->pointer_free = (GDestroyNotify) dd_ledger_report_free;
  return TRUE;
}

void
dd_store_verify_ledger_async (DdStore             *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));

  _dd_store_queue_job (self, job_verify, NULL, NULL, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_verify_ledger_async);
}

DdLedgerReport *
dd_store_verify_ledger_finish (DdStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
