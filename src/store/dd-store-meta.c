/* dd-store-meta.c — the key/value settings of a profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-private.h"

typedef struct
{
  char *key;
  char *value;
} MetaJob;

static void
meta_job_free (gpointer data)
{
  MetaJob *job = data;

  g_free (job->key);
  g_free (job->value);
  g_free (job);
}

static gboolean
job_set_meta (DdStoreConnection  *conn,
              gpointer            data,
              DdStoreResult      *result,
              GError            **error)
{
  MetaJob *job = data;
  sqlite3_stmt *stmt;

  if (job->value != NULL)
    stmt = _dd_store_prepare (conn,
                              "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              error);
  else
    stmt = _dd_store_prepare (conn, "DELETE FROM meta WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;

  _dd_store_bind_text (stmt, 1, job->key);
  if (job->value != NULL)
    _dd_store_bind_text (stmt, 2, job->value);
  return _dd_store_step_done (conn, stmt, error);
}

static gboolean
job_get_meta (DdStoreConnection  *conn,
              gpointer            data,
              DdStoreResult      *result,
              GError            **error)
{
  MetaJob *job = data;
  sqlite3_stmt *stmt;

  stmt = _dd_store_prepare (conn, "SELECT value FROM meta WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;

  _dd_store_bind_text (stmt, 1, job->key);
  return _dd_store_step_text_row (conn, stmt, result, error);
}

void
dd_store_set_meta_async (DdStore             *self,
                         const char          *key,
                         const char          *value,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  MetaJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (key != NULL);

  job = g_new0 (MetaJob, 1);
  job->key = g_strdup (key);
  job->value = g_strdup (value);
  _dd_store_queue_job (self, job_set_meta, job, meta_job_free, DD_STORE_RESULT_BOOLEAN,
                       cancellable, callback, user_data, dd_store_set_meta_async);
}

void
dd_store_get_meta_async (DdStore             *self,
                         const char          *key,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  MetaJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (key != NULL);

  job = g_new0 (MetaJob, 1);
  job->key = g_strdup (key);
  _dd_store_queue_job (self, job_get_meta, job, meta_job_free, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_get_meta_async);
}

char *
dd_store_get_meta_finish (DdStore       *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
