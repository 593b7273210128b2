/* dd-store-ledger.c — the ledger table as a hash chain: append, verify, export;
 * and the prior-price lookup over price_history
 *
 * Every ledger row is appended through _dd_store_ledger_append(), inside
 * the caller's transaction, so a row and its place in the chain are
 * written together or not at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-store-private.h"

/* Rows read and hashed at a time by the verification. */
#define VERIFY_BATCH 16384
/* Bytes of CSV gathered before a write to the stream. */
#define EXPORT_CHUNK (64 * 1024)

#define SELECT_ROWS_SQL \
  "SELECT seq, entry_id, time, actor, role, entity, entity_id, field, before, after," \
  "  reason, chat_message_id, prev_hash, hash FROM ledger ORDER BY seq"

static const char last_row_sql[] =
  "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1";

static const char insert_row_sql[] =
  "INSERT INTO ledger (seq, entry_id, time, actor, role, entity, entity_id, field,"
  "  before, after, reason, chat_message_id, prev_hash, hash)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

/* Reads the columns of SELECT_ROWS_SQL; the strings belong to the statement
 * until its next step. */
static void
fields_from_row (sqlite3_stmt   *stmt,
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

  stmt = _dd_store_prepare (conn, SELECT_ROWS_SQL, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdLedgerFields fields;

      fields_from_row (stmt, &fields);
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

      fields_from_row (stmt, &row);
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

  stmt = _dd_store_prepare (conn, SELECT_ROWS_SQL, error);
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

/* Export job */

typedef struct
{
  GOutputStream *output;  /* or */
  char          *path;
  GCancellable  *cancellable;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_object (&job->output);
  g_clear_object (&job->cancellable);
  g_free (job->path);
  g_free (job);
}

/* RFC 4180: quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_csv_int (GString *out,
                gint64   value)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

/* "2026-11-25T18:24:49.123456Z" */
static void
append_csv_time (GString *out,
                 gint64   time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  gint64 micro = time_us % G_USEC_PER_SEC;

  if (time == NULL)
    return;
  if (micro < 0)
    {
      g_autoptr(GDateTime) earlier = g_date_time_add_seconds (time, -1);

      g_clear_pointer (&time, g_date_time_unref);
      time = g_steal_pointer (&earlier);
      micro += G_USEC_PER_SEC;
    }
  {
    g_autofree char *stamp = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

    g_string_append_printf (out, "%s.%06dZ", stamp, (int) micro);
  }
}

static gboolean
write_chunk (GOutputStream  *output,
             GString        *chunk,
             GCancellable   *cancellable,
             GError        **error)
{
  gboolean ok = g_output_stream_write_all (output, chunk->str, chunk->len, NULL, cancellable, error);

  g_string_truncate (chunk, 0);
  return ok;
}

static gboolean
write_csv (DdStoreConnection  *conn,
           GOutputStream      *output,
           GCancellable       *cancellable,
           gint64             *n_rows,
           GError            **error)
{
  g_autoptr(GString) chunk = g_string_sized_new (EXPORT_CHUNK + 4096);
  sqlite3_stmt *stmt;
  int rc;

  *n_rows = 0;
  g_string_append (chunk, "seq,entry_id,time,time_us,actor,role,entity,entity_id,field,"
                          "before,after,reason,chat_message_id,prev_hash,hash\r\n");

  stmt = _dd_store_prepare (conn, SELECT_ROWS_SQL, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdLedgerFields row;

      fields_from_row (stmt, &row);
      append_csv_int (chunk, row.seq);
      g_string_append_c (chunk, ',');
      append_csv_field (chunk, row.entry_id);
      g_string_append_c (chunk, ',');
      append_csv_time (chunk, row.time_us);
      g_string_append_c (chunk, ',');
      append_csv_int (chunk, row.time_us);
      g_string_append_c (chunk, ',');
      append_csv_field (chunk, row.actor);
      g_string_append_c (chunk, ',');
      append_csv_field (chunk, row.role);
      g_string_append_c (chunk, ',');
      append_csv_field (chunk, row.entity);
      g_string_append_c (chunk, ',');
      append_csv_field (chunk, row.entity_id);
      g_string_append_c (chunk, ',');
      append_csv_field (chunk, row.field);
      g_string_append_c (chunk, ',');
      append_csv_field (chunk, row.before);
      g_string_append_c (chunk, ',');
      append_csv_field (chunk, row.after);
      g_string_append_c (chunk, ',');
      append_csv_field (chunk, row.reason);
      g_string_append_c (chunk, ',');
      append_csv_field (chunk, row.chat_message_id);
      g_string_append_c (chunk, ',');
      append_csv_field (chunk, row.prev_hash);
      g_string_append_c (chunk, ',');
      append_csv_field (chunk, row.hash);
      g_string_append (chunk, "\r\n");
      (*n_rows)++;

      if (chunk->len >= EXPORT_CHUNK && !write_chunk (output, chunk, cancellable, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }

  return write_chunk (output, chunk, cancellable, error);
}

static gboolean
job_export (DdStoreConnection  *conn,
            gpointer            data,
            DdStoreResult      *result,
            GError            **error)
{
  ExportJob *job = data;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 n_rows = 0;
  gboolean ok;

  if (job->output != NULL)
    output = g_object_ref (job->output);
  else
    {
      file = g_file_new_for_path (job->path);
      output = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                                job->cancellable, &local_error));
      if (output == NULL)
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_UNWRITABLE,
                       _("The ledger could not be exported to %s: %s"),
                       job->path, local_error->message);
          return FALSE;
        }
    }

  /* A read transaction: the export is one consistent snapshot. */
  ok = _dd_store_exec (conn, "BEGIN", &local_error)
       && write_csv (conn, output, job->cancellable, &n_rows, &local_error);
  _dd_store_rollback (conn);

  /* Closing a file stream from g_file_replace() moves it into place; an
   * unclosed one on failure leaves the old file untouched. */
  if (ok && file != NULL)
    ok = g_output_stream_close (output, job->cancellable, &local_error);
  else if (file != NULL)
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      g_cancellable_cancel (abandon);
      g_output_stream_close (output, abandon, NULL);
    }

  if (!ok)
    {
      if (local_error != NULL && local_error->domain == DD_STORE_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (local_error != NULL)
        g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                     _("The ledger could not be exported: %s"), local_error->message);
      return FALSE;
    }

  result->number = n_rows;
  return TRUE;
}

void
dd_store_export_ledger_async (DdStore             *self,
                              GOutputStream       *output,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ExportJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (G_IS_OUTPUT_STREAM (output));

  job = g_new0 (ExportJob, 1);
  job->output = g_object_ref (output);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  _dd_store_queue_job (self, job_export, job, export_job_free, DD_STORE_RESULT_INT,
                       cancellable, callback, user_data, dd_store_export_ledger_async);
}

void
dd_store_export_ledger_to_path_async (DdStore             *self,
                                      const char          *path,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  ExportJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (path != NULL);

  job = g_new0 (ExportJob, 1);
  job->path = g_strdup (path);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  _dd_store_queue_job (self, job_export, job, export_job_free, DD_STORE_RESULT_INT,
                       cancellable, callback, user_data, dd_store_export_ledger_async);
}

gint64
dd_store_export_ledger_finish (DdStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

/* Lowest-price lookup */

typedef struct
{
  char   *sku;
  char   *currency;
  gint64  now;
} LowestJob;

static void
lowest_job_free (gpointer data)
{
  LowestJob *job = data;

  g_free (job->sku);
  g_free (job->currency);
  g_free (job);
}

gboolean
_dd_store_find_lowest_price (DdStoreConnection  *conn,
                             const char         *sku,
                             const char         *currency,
                             gint64              now,
                             gboolean           *found,
                             DdPricePoint       *out,
                             GError            **error)
{
  /* Both are seeks on price_history_variant (sku, currency, valid_from,
   * price_minor): the price in effect when the period began, and the
   * lowest set within it (SQLite takes the bare column from the min row). */
  static const char carried_in_sql[] =
    "SELECT price_minor, valid_from FROM price_history"
    " WHERE sku = ?1 AND currency = ?2 AND valid_from < ?3"
    " ORDER BY valid_from DESC LIMIT 1";
  static const char lowest_sql[] =
    "SELECT min (price_minor), valid_from FROM price_history"
    " WHERE sku = ?1 AND currency = ?2 AND valid_from >= ?3 AND valid_from < ?4";
  DdPricePoint points[2];
  gsize n_points = 0;
  gint64 period_start = now - DD_PRIOR_PRICE_PERIOD;
  sqlite3_stmt *stmt;
  int rc;

  *found = FALSE;
  for (int q = 0; q < 2; q++)
    {
      stmt = _dd_store_prepare (conn, q == 0 ? carried_in_sql : lowest_sql, error);
      if (stmt == NULL)
        return FALSE;
      _dd_store_bind_text (stmt, 1, sku);
      _dd_store_bind_text (stmt, 2, currency);
      sqlite3_bind_int64 (stmt, 3, period_start);
      if (q == 1)
        sqlite3_bind_int64 (stmt, 4, now);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        {
          points[n_points].price = dd_money_init (sqlite3_column_int64 (stmt, 0), currency);
          points[n_points].valid_from = sqlite3_column_int64 (stmt, 1);
          n_points++;
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
          return FALSE;
        }
    }

  *found = dd_price_history_find_lowest (points, n_points, currency, now, out);
  return TRUE;
}

static gboolean
job_lowest_price (DdStoreConnection  *conn,
                  gpointer            data,
                  DdStoreResult      *result,
                  GError            **error)
{
  LowestJob *job = data;
  DdPricePoint lowest;
  gboolean found;

  if (!_dd_store_find_lowest_price (conn, job->sku, job->currency, job->now, &found, &lowest, error))
    return FALSE;

  if (found)
    {
      result->pointer = g_memdup2 (&lowest, sizeof lowest);
      result->pointer_free = g_free;
    }
  return TRUE;
}

void
dd_store_lookup_lowest_price_async (DdStore             *self,
                                    const char          *sku,
                                    const char          *currency,
                                    gint64               now,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  LowestJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (sku != NULL && currency != NULL);

  job = g_new0 (LowestJob, 1);
  job->sku = g_strdup (sku);
  job->currency = g_strdup (currency);
  job->now = now;
  _dd_store_queue_job (self, job_lowest_price, job, lowest_job_free, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_lookup_lowest_price_async);
}

DdPricePoint *
dd_store_lookup_lowest_price_finish (DdStore       *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
