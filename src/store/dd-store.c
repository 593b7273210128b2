/* dd-store.c — the store object, its worker thread and job queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-store-private.h"

/* Blocks a caller of dd_store_open_sync() until its job ran. */
typedef struct
{
  GMutex         mutex;
  GCond          cond;
  gboolean       done;
  gboolean       ok;
  DdStoreResult  result;
  GError        *error;
} DdStoreWait;

typedef struct
{
  DdStoreJobFunc     func;
  gpointer           data;
  GDestroyNotify     data_free;
  DdStoreResultKind  kind;
  GTask             *task;   /* completes on the caller's context, or */
  DdStoreWait       *wait;   /* wakes a blocked caller, or */
  gboolean           quit;   /* ends the worker */
} DdStoreJob;

/* Shared by the store and its thread, so that the thread may outlive the
 * object when the last reference is dropped on the worker thread itself. */
typedef struct
{
  gatomicrefcount    ref_count;
  GAsyncQueue       *queue;
  DdStoreConnection  conn;
} DdStoreWorker;

struct _DdStore
{
  GObject        parent_instance;

  GMutex         mutex;    /* guards `closed` and the order of pushes */
  gboolean       closed;
  DdStoreWorker *worker;
  GThread       *thread;
  char          *path;
  int            schema_version;
};

G_DEFINE_FINAL_TYPE (DdStore, dd_store, G_TYPE_OBJECT)

static void
dd_store_job_free (DdStoreJob *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_clear_object (&job->task);
  g_free (job);
}

static DdStoreWorker *
dd_store_worker_ref (DdStoreWorker *worker)
{
  g_atomic_ref_count_inc (&worker->ref_count);
  return worker;
}

static void
dd_store_worker_unref (DdStoreWorker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref_count))
    return;

  _dd_store_connection_close (&worker->conn);
  g_free (worker->conn.path);
  g_async_queue_unref (worker->queue);
  g_free (worker);
}

static void
clear_result (DdStoreResult *result)
{
  if (result->pointer != NULL && result->pointer_free != NULL)
    result->pointer_free (result->pointer);
  result->pointer = NULL;
}

static gboolean
job_open (DdStoreConnection  *conn,
          gpointer            data,
          DdStoreResult      *result,
          GError            **error)
{
  if (!_dd_store_connection_open (conn, data, error))
    return FALSE;
  result->number = conn->schema_version;
  return TRUE;
}

static void
run_job (DdStoreWorker *worker,
         DdStoreJob    *job)
{
  DdStoreResult result = { NULL, NULL, 0 };
  GError *error = NULL;
  gboolean ok;

  if (job->task != NULL && g_task_return_error_if_cancelled (job->task))
    return;

  if (worker->conn.db == NULL && job->func != job_open)
    {
      g_set_error (&error, DD_STORE_ERROR, DD_STORE_ERROR_CLOSED,
                   _("The database is not open."));
      ok = FALSE;
    }
  else
    ok = job->func (&worker->conn, job->data, &result, &error);
  g_assert (ok == (error == NULL));

  if (job->wait != NULL)
    {
      g_mutex_lock (&job->wait->mutex);
      job->wait->ok = ok;
      job->wait->result = result;
      job->wait->error = error;
      job->wait->done = TRUE;
      g_cond_signal (&job->wait->cond);
      g_mutex_unlock (&job->wait->mutex);
      return;
    }

  if (!ok)
    {
      g_task_return_error (job->task, error);
      return;
    }

  switch (job->kind)
    {
    case DD_STORE_RESULT_BOOLEAN:
      g_task_return_boolean (job->task, TRUE);
      break;

    case DD_STORE_RESULT_INT:
      g_task_return_int (job->task, result.number);
      break;

    case DD_STORE_RESULT_POINTER:
      g_task_return_pointer (job->task, result.pointer, result.pointer_free);
      result.pointer = NULL;
      break;

    default:
      g_assert_not_reached ();
    }
  clear_result (&result);
}

static gpointer
dd_store_worker_main (gpointer data)
{
  DdStoreWorker *worker = data;

  for (;;)
    {
      DdStoreJob *job = g_async_queue_pop (worker->queue);
      gboolean quit = job->quit;

      if (!quit)
        run_job (worker, job);
      dd_store_job_free (job);
      if (quit)
        break;
    }

  _dd_store_connection_close (&worker->conn);
  dd_store_worker_unref (worker);
  return NULL;
}

/* Pushes a job unless the store is closed; returns FALSE when it is. */
static gboolean
push_job (DdStore    *self,
          DdStoreJob *job)
{
  gboolean pushed = FALSE;

  g_mutex_lock (&self->mutex);
  if (!self->closed)
    {
      g_async_queue_push (self->worker->queue, job);
      pushed = TRUE;
    }
  g_mutex_unlock (&self->mutex);
  return pushed;
}

void
_dd_store_queue_job (DdStore             *self,
                     DdStoreJobFunc       func,
                     gpointer             data,
                     GDestroyNotify       data_free,
                     DdStoreResultKind    kind,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data,
                     gpointer             source_tag)
{
  DdStoreJob *job = g_new0 (DdStoreJob, 1);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->kind = kind;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);

  if (!push_job (self, job))
    {
      g_task_return_new_error (job->task, DD_STORE_ERROR, DD_STORE_ERROR_CLOSED,
                               _("The database %s is already closed."), self->path);
      dd_store_job_free (job);
    }
}

GThread *
_dd_store_get_worker_thread (DdStore *self)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  return self->thread;
}

static void
dd_store_dispose (GObject *object)
{
  dd_store_close (DD_STORE (object));

  G_OBJECT_CLASS (dd_store_parent_class)->dispose (object);
}

static void
dd_store_finalize (GObject *object)
{
  DdStore *self = DD_STORE (object);

  g_clear_pointer (&self->worker, dd_store_worker_unref);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (dd_store_parent_class)->finalize (object);
}

static void
dd_store_class_init (DdStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_store_dispose;
  object_class->finalize = dd_store_finalize;
}

static void
dd_store_init (DdStore *self)
{
  g_mutex_init (&self->mutex);
  self->worker = g_new0 (DdStoreWorker, 1);
  g_atomic_ref_count_init (&self->worker->ref_count);
  self->worker->queue = g_async_queue_new ();
  self->thread = g_thread_new ("dd-store", dd_store_worker_main,
                               dd_store_worker_ref (self->worker));
}

static DdStore *
dd_store_new (const char *path)
{
  DdStore *self = g_object_new (DD_TYPE_STORE, NULL);

  self->path = g_strdup (path);
  return self;
}

static void
open_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DdStore *self = DD_STORE (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gssize version;

  version = g_task_propagate_int (G_TASK (result), &error);
  if (error != NULL)
    {
      dd_store_close (self);
      g_task_return_error (task, error);
      return;
    }

  self->schema_version = (int) version;
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

void
dd_store_open_async (const char          *path,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(DdStore) self = NULL;
  GTask *task;

  g_return_if_fail (path != NULL);

  self = dd_store_new (path);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_store_open_async);
  g_task_set_task_data (task, g_object_ref (self), g_object_unref);

  _dd_store_queue_job (self, job_open, g_strdup (path), g_free,
                       DD_STORE_RESULT_INT, cancellable, open_done_cb, task,
                       dd_store_open_async);
}

DdStore *
dd_store_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_store_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

DdStore *
dd_store_open_sync (const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(DdStore) self = NULL;
  DdStoreWait wait = { 0 };
  DdStoreJob *job;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self = dd_store_new (path);
  g_mutex_init (&wait.mutex);
  g_cond_init (&wait.cond);

  job = g_new0 (DdStoreJob, 1);
  job->func = job_open;
  job->data = g_strdup (path);
  job->data_free = g_free;
  job->kind = DD_STORE_RESULT_INT;
  job->wait = &wait;
  if (!push_job (self, job))
    g_assert_not_reached ();

  g_mutex_lock (&wait.mutex);
  while (!wait.done)
    g_cond_wait (&wait.cond, &wait.mutex);
  g_mutex_unlock (&wait.mutex);

  ok = wait.ok;
  if (ok)
    self->schema_version = (int) wait.result.number;
  else
    g_propagate_error (error, wait.error);
  clear_result (&wait.result);
  g_mutex_clear (&wait.mutex);
  g_cond_clear (&wait.cond);

  if (!ok)
    {
      dd_store_close (self);
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
dd_store_get_path (DdStore *self)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  return self->path;
}

int
dd_store_get_schema_version (DdStore *self)
{
  g_return_val_if_fail (DD_IS_STORE (self), 0);
  return self->schema_version;
}

void
dd_store_close (DdStore *self)
{
  DdStoreJob *job;
  GThread *thread;

  g_return_if_fail (DD_IS_STORE (self));

  g_mutex_lock (&self->mutex);
  if (self->closed)
    {
      g_mutex_unlock (&self->mutex);
      return;
    }
  self->closed = TRUE;
  job = g_new0 (DdStoreJob, 1);
  job->quit = TRUE;
  g_async_queue_push (self->worker->queue, job);
  thread = g_steal_pointer (&self->thread);
  g_mutex_unlock (&self->mutex);

  /* The last reference may go away on the worker thread itself (a task
   * finalized there): it then finishes the queue and exits on its own. */
  if (thread == g_thread_self ())
    g_thread_unref (thread);
  else
    g_thread_join (thread);
}

/* Integrity check */

static gboolean
job_check (DdStoreConnection  *conn,
           gpointer            data,
           DdStoreResult      *result,
           GError            **error)
{
  g_autoptr(GString) report = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int version = 0;
  int rc;

  stmt = _dd_store_prepare (conn, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = _dd_store_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") == 0)
        continue;
      if (report->len > 0)
        g_string_append_c (report, '\n');
      g_string_append (report, line);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }

  if (!_dd_store_get_user_version (conn->db, &version, error))
    return FALSE;
  if (version != dd_store_get_latest_version ())
    {
      if (report->len > 0)
        g_string_append_c (report, '\n');
      g_string_append_printf (report, _("schema version %d, expected %d"),
                              version, dd_store_get_latest_version ());
    }

  if (report->len == 0)
    g_string_append (report, "ok");

  result->pointer = g_string_free (g_steal_pointer (&report), FALSE);
  result->pointer_free = g_free;
  return TRUE;
}

void
dd_store_check_async (DdStore             *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));

  _dd_store_queue_job (self, job_check, NULL, NULL, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_check_async);
}

char *
dd_store_check_finish (DdStore       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Saves and loads: the jobs live in the files of their entities. */

/* Offers are mutable: the worker gets copies. Chat messages are immutable:
 * it gets references, in an array of its own. */
static GPtrArray *
copy_objects (GPtrArray *objects,
              gboolean   deep)
{
  GPtrArray *copy = g_ptr_array_new_full (objects->len, g_object_unref);

  for (guint i = 0; i < objects->len; i++)
    {
      gpointer object = g_ptr_array_index (objects, i);

      g_ptr_array_add (copy, deep ? (gpointer) dd_offer_copy (object) : g_object_ref (object));
    }
  return copy;
}

/* `data` was captured on the caller's thread: the worker never reads an
 * object the caller may be changing. */
static void
queue_save (DdStore             *self,
            DdStoreJobFunc       func,
            GPtrArray           *data,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  _dd_store_queue_job (self, func, data, (GDestroyNotify) g_ptr_array_unref,
                       DD_STORE_RESULT_BOOLEAN, cancellable, callback, user_data, source_tag);
}

void
dd_store_save_offers_async (DdStore             *self,
                            GPtrArray           *offers,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (offers != NULL);

  queue_save (self, _dd_store_job_save_offers, copy_objects (offers, TRUE),
              cancellable, callback, user_data, dd_store_save_offers_async);
}

void
dd_store_save_hubs_async (DdStore             *self,
                          GPtrArray           *hubs,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (hubs != NULL);

  queue_save (self, _dd_store_job_write_batch, _dd_store_hubs_to_batch (hubs),
              cancellable, callback, user_data, dd_store_save_hubs_async);
}

void
dd_store_save_stock_async (DdStore             *self,
                           GPtrArray           *levels,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (levels != NULL);

  queue_save (self, _dd_store_job_write_batch, _dd_store_stock_to_batch (levels),
              cancellable, callback, user_data, dd_store_save_stock_async);
}

void
dd_store_save_orders_async (DdStore             *self,
                            GPtrArray           *orders,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (orders != NULL);

  queue_save (self, _dd_store_job_write_batch, _dd_store_orders_to_batch (orders),
              cancellable, callback, user_data, dd_store_save_orders_async);
}

void
dd_store_save_checklists_async (DdStore             *self,
                                GPtrArray           *checklists,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (checklists != NULL);

  queue_save (self, _dd_store_job_write_batch, _dd_store_checklists_to_batch (checklists),
              cancellable, callback, user_data, dd_store_save_checklists_async);
}

void
dd_store_append_chat_async (DdStore             *self,
                            GPtrArray           *messages,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (messages != NULL);

  queue_save (self, _dd_store_job_append_chat,
              copy_objects (messages, FALSE),
              cancellable, callback, user_data, dd_store_append_chat_async);
}

void
dd_store_append_chat_unindexed_async (DdStore             *self,
                                      GPtrArray           *messages,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (messages != NULL);

  queue_save (self, _dd_store_job_append_chat_unindexed,
              copy_objects (messages, FALSE),
              cancellable, callback, user_data, dd_store_append_chat_unindexed_async);
}

void
dd_store_index_chat_async (DdStore             *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));

  queue_save (self, _dd_store_job_index_chat, g_ptr_array_new (),
              cancellable, callback, user_data, dd_store_index_chat_async);
}

gboolean
dd_store_save_finish (DdStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
queue_load (DdStore             *self,
            DdStoreJobFunc       func,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_return_if_fail (DD_IS_STORE (self));

  _dd_store_queue_job (self, func, NULL, NULL, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, source_tag);
}

void
dd_store_load_offers_async (DdStore             *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  queue_load (self, _dd_store_job_load_offers, cancellable, callback, user_data,
              dd_store_load_offers_async);
}

void
dd_store_load_hubs_async (DdStore             *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  queue_load (self, _dd_store_job_load_hubs, cancellable, callback, user_data,
              dd_store_load_hubs_async);
}

void
dd_store_load_stock_async (DdStore             *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  queue_load (self, _dd_store_job_load_stock, cancellable, callback, user_data,
              dd_store_load_stock_async);
}

void
dd_store_load_orders_async (DdStore             *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  queue_load (self, _dd_store_job_load_orders, cancellable, callback, user_data,
              dd_store_load_orders_async);
}

void
dd_store_load_checklists_async (DdStore             *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  queue_load (self, _dd_store_job_load_checklists, cancellable, callback, user_data,
              dd_store_load_checklists_async);
}

void
dd_store_search_chat_async (DdStore             *self,
                            const char          *query,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  DdStoreChatSearch *search;

  g_return_if_fail (DD_IS_STORE (self));

  search = g_new0 (DdStoreChatSearch, 1);
  search->query = g_strdup (query != NULL ? query : "");
  search->limit = limit;
  _dd_store_queue_job (self, _dd_store_job_search_chat, search,
                       _dd_store_chat_search_free, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_search_chat_async);
}

GPtrArray *
dd_store_load_finish (DdStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Offer edits and counts */

void
dd_store_apply_offer_edit_async (DdStore             *self,
                                 DdOffer             *offer,
                                 const DdStoreEdit   *edit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  DdStoreEditJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (DD_IS_OFFER (offer));
  g_return_if_fail (edit != NULL && edit->field != NULL && edit->actor != NULL);

  /* The UI shows the change at once, marked pending. */
  dd_offer_set_sync_state (offer, DD_SYNC_STATE_PENDING);

  job = g_new0 (DdStoreEditJob, 1);
  job->offer = dd_offer_copy (offer);
  job->field = g_strdup (edit->field);
  job->before = g_strdup (edit->before);
  job->after = g_strdup (edit->after);
  job->actor = g_strdup (edit->actor);
  job->role = edit->role;
  job->reason = g_strdup (edit->reason);
  job->chat_message_id = g_strdup (edit->chat_message_id);
  _dd_store_queue_job (self, _dd_store_job_apply_offer_edit, job,
                       _dd_store_edit_job_free, DD_STORE_RESULT_BOOLEAN,
                       cancellable, callback, user_data, dd_store_apply_offer_edit_async);
}

gboolean
dd_store_apply_offer_edit_finish (DdStore       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dd_store_count_outbox_async (DdStore             *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));

  _dd_store_queue_job (self, _dd_store_job_count_outbox, NULL, NULL, DD_STORE_RESULT_INT,
                       cancellable, callback, user_data, dd_store_count_outbox_async);
}

void
dd_store_count_chat_async (DdStore             *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));

  _dd_store_queue_job (self, _dd_store_job_count_chat, NULL, NULL, DD_STORE_RESULT_INT,
                       cancellable, callback, user_data, dd_store_count_chat_async);
}

gint64
dd_store_count_finish (DdStore       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}
