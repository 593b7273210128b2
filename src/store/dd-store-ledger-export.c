/* dd-store-ledger-export.c — the ledger as CSV (RFC 4180), to a stream or a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-store-private.h"

/* Bytes of CSV gathered before a write to the stream. */
#define EXPORT_CHUNK (64 * 1024)

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

  stmt = _dd_store_prepare (conn, DD_STORE_LEDGER_ROWS_SQL, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdLedgerFields row;

      _dd_store_ledger_fields_from_row (stmt, &row);
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

