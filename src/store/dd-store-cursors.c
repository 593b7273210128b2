/* dd-store-cursors.c — how far the app has read each remote feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-cursors.h"
#include "dd-store-private.h"

typedef struct
{
  char *service;
  char *resource;
  char *cursor;
} CursorJob;

static void
cursor_job_free (gpointer data)
{
  CursorJob *job = data;

  g_free (job->service);
  g_free (job->resource);
  g_free (job->cursor);
  g_free (job);
}

static CursorJob *
cursor_job_new (const char *service,
                const char *resource,
                const char *cursor)
{
  CursorJob *job = g_new0 (CursorJob, 1);

  job->service = g_strdup (service);
  job->resource = g_strdup (resource);
  job->cursor = g_strdup (cursor);
  return job;
}

static gboolean
job_set_cursor (DdStoreConnection  *conn,
                gpointer            data,
                DdStoreResult      *result,
                GError            **error)
{
  CursorJob *job = data;
  sqlite3_stmt *stmt;

  if (job->cursor != NULL)
    stmt = _dd_store_prepare (conn,
                              "INSERT INTO sync_cursors (service, resource, cursor, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4)"
                              " ON CONFLICT (service, resource) DO UPDATE"
                              " SET cursor = excluded.cursor, updated_at = excluded.updated_at",
                              error);
  else
    stmt = _dd_store_prepare (conn, "DELETE FROM sync_cursors WHERE service = ?1 AND resource = ?2",
                              error);
  if (stmt == NULL)
    return FALSE;

  _dd_store_bind_text (stmt, 1, job->service);
  _dd_store_bind_text (stmt, 2, job->resource);
  if (job->cursor != NULL)
    {
      _dd_store_bind_text (stmt, 3, job->cursor);
      sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
    }
  return _dd_store_step_done (conn, stmt, error);
}

static gboolean
job_get_cursor (DdStoreConnection  *conn,
                gpointer            data,
                DdStoreResult      *result,
                GError            **error)
{
  CursorJob *job = data;
  sqlite3_stmt *stmt;

  stmt = _dd_store_prepare (conn,
                            "SELECT cursor FROM sync_cursors WHERE service = ?1 AND resource = ?2",
                            error);
  if (stmt == NULL)
    return FALSE;

  _dd_store_bind_text (stmt, 1, job->service);
  _dd_store_bind_text (stmt, 2, job->resource);
  return _dd_store_step_text_row (conn, stmt, result, error);
}

void
dd_store_set_cursor_async (DdStore             *self,
                           const char          *service,
                           const char          *resource,
                           const char          *cursor,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (service != NULL && resource != NULL);

  _dd_store_queue_job (self, job_set_cursor, cursor_job_new (service, resource, cursor),
                       cursor_job_free, DD_STORE_RESULT_BOOLEAN, cancellable, callback, user_data,
                       dd_store_set_cursor_async);
}

void
dd_store_get_cursor_async (DdStore             *self,
                           const char          *service,
                           const char          *resource,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (service != NULL && resource != NULL);

  _dd_store_queue_job (self, job_get_cursor, cursor_job_new (service, resource, NULL),
                       cursor_job_free, DD_STORE_RESULT_POINTER, cancellable, callback, user_data,
                       dd_store_get_cursor_async);
}

char *
dd_store_get_cursor_finish (DdStore       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
