/* dd-store-classifier.c — what the classifier learned, per squad
 *
 * The weights are the opaque bytes of dd_classifier_export_weights(); the
 * store keeps them as they came and never reads inside them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-private.h"

typedef struct
{
  char   *squad;
  GBytes *weights;
  gint64  updated_at;
} WeightsJob;

static void
weights_job_free (gpointer data)
{
  WeightsJob *job = data;

  g_free (job->squad);
  g_clear_pointer (&job->weights, g_bytes_unref);
  g_free (job);
}

static gboolean
job_save_weights (DdStoreConnection  *conn,
                  gpointer            data,
                  DdStoreResult      *result,
                  GError            **error)
{
  WeightsJob *job = data;
  sqlite3_stmt *stmt;
  gsize size = 0;
  gconstpointer bytes = g_bytes_get_data (job->weights, &size);

  stmt = _dd_store_prepare (conn,
                            "INSERT INTO classifier_weights (squad, weights, updated_at)"
                            " VALUES (?1, ?2, ?3)"
                            " ON CONFLICT (squad) DO UPDATE SET"
                            "  weights = excluded.weights, updated_at = excluded.updated_at",
                            error);
  if (stmt == NULL)
    return FALSE;

  _dd_store_bind_text (stmt, 1, job->squad);
  /* An empty blob must stay a blob, not NULL: zeroblob keeps it non-NULL. */
  if (size > 0)
    sqlite3_bind_blob64 (stmt, 2, bytes, size, SQLITE_TRANSIENT);
  else
    sqlite3_bind_zeroblob (stmt, 2, 0);
  sqlite3_bind_int64 (stmt, 3, job->updated_at);
  return _dd_store_step_done (conn, stmt, error);
}

static gboolean
job_load_weights (DdStoreConnection  *conn,
                  gpointer            data,
                  DdStoreResult      *result,
                  GError            **error)
{
  WeightsJob *job = data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn, "SELECT weights FROM classifier_weights WHERE squad = ?1", error);
  if (stmt == NULL)
    return FALSE;

  _dd_store_bind_text (stmt, 1, job->squad);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const void *blob = sqlite3_column_blob (stmt, 0);
      int size = sqlite3_column_bytes (stmt, 0);

      result->pointer = g_bytes_new (blob, size > 0 ? (gsize) size : 0);
      result->pointer_free = (GDestroyNotify) g_bytes_unref;
    }
  else if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

void
dd_store_save_classifier_weights_async (DdStore             *self,
                                        const char          *squad,
                                        GBytes              *weights,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  WeightsJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (squad != NULL);
  g_return_if_fail (weights != NULL);

  job = g_new0 (WeightsJob, 1);
  job->squad = g_strdup (squad);
  job->weights = g_bytes_ref (weights);
  job->updated_at = g_get_real_time ();
  _dd_store_queue_job (self, job_save_weights, job, weights_job_free, DD_STORE_RESULT_BOOLEAN,
                       cancellable, callback, user_data, dd_store_save_classifier_weights_async);
}

gboolean
dd_store_save_classifier_weights_finish (DdStore       *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_store_save_classifier_weights_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dd_store_load_classifier_weights_async (DdStore             *self,
                                        const char          *squad,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  WeightsJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (squad != NULL);

  job = g_new0 (WeightsJob, 1);
  job->squad = g_strdup (squad);
  _dd_store_queue_job (self, job_load_weights, job, weights_job_free, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_load_classifier_weights_async);
}

GBytes *
dd_store_load_classifier_weights_finish (DdStore       *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_store_load_classifier_weights_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
