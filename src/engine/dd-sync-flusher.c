/* dd-sync-flusher.c — pushes the outbox to the commerce engine, exactly once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-backoff.h"
#include "dd-store-sync-outbox.h"
#include "dd-sync-flusher.h"

/* Entries read from the store at a time. */
#define BATCH 64
/* Fresh reads of a level that keeps changing before the flush gives up. */
#define MAX_PREPARED 5

struct _DdSyncFlusher
{
  GObject parent_instance;

  DdStore *store;
  DdCommerceProvider *provider;
  guint max_failures;
  guint initial_delay_ms;
  guint max_delay_ms;
};

G_DEFINE_FINAL_TYPE (DdSyncFlusher, dd_sync_flusher, G_TYPE_OBJECT)

typedef struct
{
  GPtrArray *entries;
  guint index;
  DdSyncFlushSummary summary;
  DdBackoff *backoff;
  guint failures_in_a_row;
  guint prepared_in_a_row;   /* the remote kept changing under a prepared push */
  guint timeout_id;
  GError *last_error;
  GHashTable *held;   /* "entity/id" of entities conflicted in this flush */
} Flush;

static void
flush_free (Flush *flush)
{
  g_clear_pointer (&flush->entries, g_ptr_array_unref);
  g_clear_pointer (&flush->backoff, dd_backoff_free);
  g_clear_handle_id (&flush->timeout_id, g_source_remove);
  g_clear_error (&flush->last_error);
  g_clear_pointer (&flush->held, g_hash_table_unref);
  g_free (flush);
}

static void list_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);
static void send_current (GTask *task);

static void
list_next_batch (GTask *task)
{
  DdSyncFlusher *self = g_task_get_source_object (task);

  dd_store_list_outbox_async (self->store, "commerce", BATCH, g_task_get_cancellable (task),
                              list_cb, task);
}

static DdOutboxEntry *
current_entry (Flush *flush)
{
  return g_ptr_array_index (flush->entries, flush->index);
}

static char *
entity_key (const DdOutboxEntry *entry)
{
  return g_strconcat (entry->entity, "/", entry->entity_id, NULL);
}

static void
next_entry (GTask *task)
{
  Flush *flush = g_task_get_task_data (task);

  flush->index++;
  if (flush->index < flush->entries->len)
    send_current (task);
  else
    list_next_batch (task);
}

static gboolean
retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  Flush *flush = g_task_get_task_data (task);

  flush->timeout_id = 0;
  send_current (task);
  return G_SOURCE_REMOVE;
}

static void
end_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncFlusher *self = g_task_get_source_object (task);
  Flush *flush = g_task_get_task_data (task);
  GError *error = NULL;

  if (!dd_store_save_finish (DD_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (flush->last_error == NULL)
    {
      next_entry (task);
      return;
    }

  /* A failure worth retrying: the same entry again, later. */
  if (++flush->failures_in_a_row >= self->max_failures)
    {
      g_task_return_error (task, g_steal_pointer (&flush->last_error));
      g_object_unref (task);
      return;
    }
  g_clear_error (&flush->last_error);
  current_entry (flush)->attempts++;
  flush->timeout_id = g_timeout_add (dd_backoff_next_delay_ms (flush->backoff), retry_cb, task);
}

static void attempt_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data);

static void
push_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncFlusher *self = g_task_get_source_object (task);
  Flush *flush = g_task_get_task_data (task);
  g_autoptr(DdCommercePushResult) pushed = NULL;
  DdOutboxOutcome outcome = { .seq = current_entry (flush)->seq };

  pushed = dd_commerce_provider_push_finish (DD_COMMERCE_PROVIDER (object), result, &flush->last_error);
  if (pushed != NULL && pushed->outcome == DD_COMMERCE_PUSH_PREPARED)
    {
      DdOutboxEntry *entry = current_entry (flush);

      if (++flush->prepared_in_a_row > MAX_PREPARED)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                   _("The commerce engine kept changing %s while Dropdeck sent a change to it; try again later"),
                                   entry->entity_id);
          g_object_unref (task);
          return;
        }
      /* Kept before anything is sent, so a restart knows what to check. */
      g_free (entry->progress);
      entry->progress = g_strdup (pushed->progress);
      dd_store_begin_outbox_attempt_async (self->store, entry->seq, entry->progress,
                                           NULL, attempt_cb, task);
      return;
    }
  flush->prepared_in_a_row = 0;
  if (pushed == NULL)
    {
      if (g_error_matches (flush->last_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&flush->last_error));
          g_object_unref (task);
          return;
        }
      flush->summary.failures++;
      outcome.state = DD_OUTBOX_STATE_PENDING;
      outcome.message = flush->last_error->message;
    }
  else
    {
      flush->failures_in_a_row = 0;
      dd_backoff_reset (flush->backoff);
      outcome.message = pushed->message;
      switch (pushed->outcome)
        {
        case DD_COMMERCE_PUSH_APPLIED:
          outcome.state = DD_OUTBOX_STATE_DONE;
          outcome.remote_id = pushed->remote_id;
          flush->summary.applied++;
          break;
        case DD_COMMERCE_PUSH_CONFLICT:
          outcome.state = DD_OUTBOX_STATE_CONFLICTED;
          outcome.base = pushed->base;
          outcome.local = pushed->local;
          outcome.remote = pushed->remote;
          flush->summary.conflicted++;
          /* Later entries of the entity were based on this one: they wait. */
          g_hash_table_add (flush->held, entity_key (current_entry (flush)));
          break;
        case DD_COMMERCE_PUSH_REJECTED:
        default:
          outcome.state = DD_OUTBOX_STATE_REJECTED;
          flush->summary.rejected++;
          break;
        }
    }

  dd_store_end_outbox_entry_async (self->store, &outcome, NULL, end_cb, task);
}

static void
attempt_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncFlusher *self = g_task_get_source_object (task);
  Flush *flush = g_task_get_task_data (task);
  GError *error = NULL;

  if (!dd_store_save_finish (DD_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  dd_commerce_provider_push_async (self->provider, current_entry (flush),
                                   g_task_get_cancellable (task), push_cb, task);
}

static void
send_current (GTask *task)
{
  DdSyncFlusher *self = g_task_get_source_object (task);
  Flush *flush = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  {
    g_autofree char *key = entity_key (current_entry (flush));

    if (g_hash_table_contains (flush->held, key))
      {
        next_entry (task);
        return;
      }
  }

  /* Counted before the request leaves: after a crash, the entry is known
   * to need a look-up before it is sent again. */
  dd_store_begin_outbox_attempt_async (self->store, current_entry (flush)->seq, NULL,
                                       NULL, attempt_cb, task);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Flush *flush = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_pointer (&flush->entries, g_ptr_array_unref);
  flush->entries = dd_store_load_finish (DD_STORE (object), result, &error);
  flush->index = 0;
  if (flush->entries == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (flush->entries->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  send_current (task);
}

static void
dd_sync_flusher_dispose (GObject *object)
{
  DdSyncFlusher *self = DD_SYNC_FLUSHER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (dd_sync_flusher_parent_class)->dispose (object);
}

static void
dd_sync_flusher_class_init (DdSyncFlusherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_sync_flusher_dispose;
}

static void
dd_sync_flusher_init (DdSyncFlusher *self)
{
  self->max_failures = 8;
  self->initial_delay_ms = 250;
  self->max_delay_ms = 8000;
}

DdSyncFlusher *
dd_sync_flusher_new (DdStore            *store,
                     DdCommerceProvider *provider)
{
  DdSyncFlusher *self;

  g_return_val_if_fail (DD_IS_STORE (store), NULL);
  g_return_val_if_fail (DD_IS_COMMERCE_PROVIDER (provider), NULL);

  self = g_object_new (DD_TYPE_SYNC_FLUSHER, NULL);
  self->store = g_object_ref (store);
  self->provider = g_object_ref (provider);
  return self;
}

void
dd_sync_flusher_set_retry (DdSyncFlusher *self,
                           guint          max_failures,
                           guint          initial_delay_ms,
                           guint          max_delay_ms)
{
  g_return_if_fail (DD_IS_SYNC_FLUSHER (self));
  g_return_if_fail (max_failures > 0 && initial_delay_ms <= max_delay_ms);

  self->max_failures = max_failures;
  self->initial_delay_ms = initial_delay_ms;
  self->max_delay_ms = max_delay_ms;
}

void
dd_sync_flusher_flush_async (DdSyncFlusher       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  Flush *flush;

  g_return_if_fail (DD_IS_SYNC_FLUSHER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_sync_flusher_flush_async);

  flush = g_new0 (Flush, 1);
  flush->held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  flush->backoff = dd_backoff_new (self->initial_delay_ms, self->max_delay_ms, 2.0, 0.5);
  g_task_set_task_data (task, flush, (GDestroyNotify) flush_free);

  list_next_batch (task);
}

gboolean
dd_sync_flusher_flush_finish (DdSyncFlusher       *self,
                              GAsyncResult        *result,
                              DdSyncFlushSummary  *summary,
                              GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_sync_flusher_flush_async, FALSE);

  if (summary != NULL)
    *summary = ((Flush *) g_task_get_task_data (G_TASK (result)))->summary;
  return g_task_propagate_boolean (G_TASK (result), error);
}
