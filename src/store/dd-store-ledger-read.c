/* dd-store-ledger-read.c — ledger entries read back, for the editor's history and the PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-private.h"

typedef struct
{
  char  *entity;
  char  *entity_id;
  char  *field;
  guint  limit;
} ReadJob;

static void
read_job_free (gpointer data)
{
  ReadJob *job = data;

  g_free (job->entity);
  g_free (job->entity_id);
  g_free (job->field);
  g_free (job);
}

/* The newest `limit` rows (all when 0) of one entity (all when NULL) and
 * one field (all when NULL), in seq order. */
static const char select_sql[] =
  "SELECT * FROM ("
  " SELECT seq, entry_id, time, actor, role, entity, entity_id, field, before, after,"
  "  reason, chat_message_id, prev_hash, hash FROM ledger"
  "  WHERE (?1 IS NULL OR (entity = ?1 AND entity_id = ?2)) AND (?4 IS NULL OR field = ?4)"
  "  ORDER BY seq DESC LIMIT ?3"
  ") ORDER BY seq";

GPtrArray *
_dd_store_read_ledger (DdStoreConnection  *conn,
                       const char         *entity,
                       const char         *entity_id,
                       const char         *field,
                       guint               limit,
                       GError            **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_ledger_entry_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn, select_sql, error);
  if (stmt == NULL)
    return NULL;

  _dd_store_bind_text (stmt, 1, entity);
  _dd_store_bind_text (stmt, 2, entity_id);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
  _dd_store_bind_text (stmt, 4, field);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdLedgerFields row;

      _dd_store_ledger_fields_from_row (stmt, &row);
      g_ptr_array_add (entries, dd_ledger_entry_new (&row));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

static gboolean
job_read (DdStoreConnection  *conn,
          gpointer            data,
          DdStoreResult      *result,
          GError            **error)
{
  ReadJob *job = data;
  GPtrArray *entries = _dd_store_read_ledger (conn, job->entity, job->entity_id, job->field,
                                                job->limit, error);

  if (entries == NULL)
    return FALSE;

  result->pointer = entries;
  result->pointer_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

void
dd_store_load_ledger_async (DdStore             *self,
                            const char          *entity,
                            const char          *entity_id,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  ReadJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail ((entity == NULL) == (entity_id == NULL));

  job = g_new0 (ReadJob, 1);
  job->entity = g_strdup (entity);
  job->entity_id = g_strdup (entity_id);
  job->limit = limit;
  _dd_store_queue_job (self, job_read, job, read_job_free, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_load_ledger_async);
}

void
dd_store_load_ledger_field_async (DdStore             *self,
                                  const char          *field,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ReadJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (field != NULL);

  job = g_new0 (ReadJob, 1);
  job->field = g_strdup (field);
  _dd_store_queue_job (self, job_read, job, read_job_free, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_load_ledger_async);
}
