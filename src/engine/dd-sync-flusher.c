/* dd-sync-flusher.c — pushes the outbox to the commerce engine, exactly once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-backoff.h"
#include "dd-store-sync-outbox.h"
#include "dd-sync-flusher.h"

/* Entries read from the store at a time: each batch costs one read-ahead
 * (a list request per 50 products) and a moment with idle lanes at its
 * end; 128 price edits take about 13 s at 10 edits/s, well inside the
 * read-ahead's 30 s. */
#define BATCH 128
/* Fresh reads of a level that keeps changing before the flush gives up. */
#define MAX_PREPARED 5
/* Entities pushed at once, at the most. */
#define DD_SYNC_FLUSHER_LANES 8

struct _DdSyncFlusher
{
  GObject parent_instance;

  DdStore *store;
  DdCommerceProvider *provider;
  guint max_failures;
  guint initial_delay_ms;
  guint max_delay_ms;
  guint lanes;
};

G_DEFINE_FINAL_TYPE (DdSyncFlusher, dd_sync_flusher, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One entity's entries of the current batch, in order. */
typedef struct
{
  char *key;       /* "entity/id" */
  GQueue entries;  /* DdOutboxEntry, owned by the batch */
} EntityQueue;

typedef struct _Flush Flush;

/* A lane pushes one entity at a time, its entries one after another. */
typedef struct
{
  Flush *flush;
  EntityQueue *entity;
  DdOutboxEntry *entry;
  DdBackoff *backoff;
  guint failures_in_a_row;
  guint prepared_in_a_row;   /* the remote kept changing under a prepared push */
  guint timeout_id;
  GError *last_error;
} Lane;

struct _Flush
{
  GTask *task;               /* a reference while lanes run */
  DdSyncFlusher *self;
  GPtrArray *entries;        /* the batch */
  GQueue entities;           /* EntityQueue waiting for a lane */
  Lane lanes[DD_SYNC_FLUSHER_LANES];
  guint busy;                /* lanes at work */
  GError *error;             /* the first error that ends the flush */
  DdSyncFlushSummary summary;
  guint done;                /* entries ended */
  guint total;               /* entries pending when the flush began */
};

static void
entity_queue_free (EntityQueue *entity)
{
  g_queue_clear (&entity->entries);
  g_free (entity->key);
  g_free (entity);
}

static void
flush_free (Flush *flush)
{
  for (guint i = 0; i < DD_SYNC_FLUSHER_LANES; i++)
    {
      g_clear_pointer (&flush->lanes[i].backoff, dd_backoff_free);
      g_clear_handle_id (&flush->lanes[i].timeout_id, g_source_remove);
      g_clear_error (&flush->lanes[i].last_error);
      g_clear_pointer (&flush->lanes[i].entity, entity_queue_free);
    }
  g_queue_clear_full (&flush->entities, (GDestroyNotify) entity_queue_free);
  g_clear_pointer (&flush->entries, g_ptr_array_unref);
  g_clear_error (&flush->error);
  g_free (flush);
}

static void list_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);
static void lane_next (Lane *lane);
static void lane_send (Lane *lane);

static void
list_next_batch (Flush *flush)
{
  dd_store_list_outbox_async (flush->self->store, "commerce", BATCH, g_task_get_cancellable (flush->task),
                              list_cb, flush);
}

/* Ends the flush (or the batch) once every lane is idle. */
static void
lane_idle (Lane *lane)
{
  Flush *flush = lane->flush;
  GTask *task = flush->task;

  g_clear_pointer (&lane->entity, entity_queue_free);
  lane->entry = NULL;
  if (--flush->busy > 0)
    return;

  if (flush->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&flush->error));
      g_object_unref (task);
      return;
    }
  list_next_batch (flush);
}

static void
lane_fail (Lane   *lane,
           GError *error)
{
  Flush *flush = lane->flush;

  if (flush->error == NULL)
    flush->error = error;
  else
    g_error_free (error);
  lane_idle (lane);
}

/* The lane's next entry: the rest of its entity, then another entity. */
static void
lane_next (Lane *lane)
{
  Flush *flush = lane->flush;

  if (flush->error != NULL)
    {
      lane_idle (lane);
      return;
    }
  if (lane->entity != NULL)
    lane->entry = g_queue_pop_head (&lane->entity->entries);
  while (lane->entry == NULL && !g_queue_is_empty (&flush->entities))
    {
      g_clear_pointer (&lane->entity, entity_queue_free);
      lane->entity = g_queue_pop_head (&flush->entities);
      lane->entry = g_queue_pop_head (&lane->entity->entries);
    }
  if (lane->entry == NULL)
    {
      lane_idle (lane);
      return;
    }
  lane_send (lane);
}

/* Finishes a store write of the lane; on failure the lane stops. */
static gboolean
lane_saved (Lane         *lane,
            GObject      *store,
            GAsyncResult *result)
{
  GError *error = NULL;

  if (dd_store_save_finish (DD_STORE (store), result, &error))
    return TRUE;
  lane_fail (lane, error);
  return FALSE;
}

static gboolean
retry_cb (gpointer user_data)
{
  Lane *lane = user_data;

  lane->timeout_id = 0;
  lane_send (lane);
  return G_SOURCE_REMOVE;
}

static void
end_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Lane *lane = user_data;

  if (!lane_saved (lane, object, result))
    return;

  if (lane->last_error == NULL)
    {
      Flush *flush = lane->flush;

      flush->done++;
      flush->total = MAX (flush->total, flush->done);
      g_signal_emit (flush->self, signals[PROGRESS], 0, flush->done, flush->total);
      lane_next (lane);
      return;
    }

  /* A failure worth retrying: the same entry again, later. */
  if (++lane->failures_in_a_row >= lane->flush->self->max_failures)
    {
      lane_fail (lane, g_steal_pointer (&lane->last_error));
      return;
    }
  g_clear_error (&lane->last_error);
  lane->entry->attempts++;
  lane->timeout_id = g_timeout_add (dd_backoff_next_delay_ms (lane->backoff), retry_cb, lane);
}

static void attempt_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data);

static void
push_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Lane *lane = user_data;
  Flush *flush = lane->flush;
  DdOutboxEntry *entry = lane->entry;
  g_autoptr(DdCommercePushResult) pushed = NULL;
  DdOutboxOutcome outcome = { .seq = entry->seq };

  pushed = dd_commerce_provider_push_finish (DD_COMMERCE_PROVIDER (object), result, &lane->last_error);
  if (pushed != NULL && pushed->outcome == DD_COMMERCE_PUSH_PREPARED)
    {
      if (++lane->prepared_in_a_row > MAX_PREPARED)
        {
          lane_fail (lane, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                        _("The commerce engine kept changing %s while Dropdeck sent a change to it; try again later"),
                                        entry->entity_id));
          return;
        }
      /* Kept before anything is sent, so a restart knows what to check. */
      g_free (entry->progress);
      entry->progress = g_strdup (pushed->progress);
      dd_store_begin_outbox_attempt_async (flush->self->store, entry->seq, entry->progress,
                                           NULL, attempt_cb, lane);
      return;
    }
  lane->prepared_in_a_row = 0;
  if (pushed == NULL)
    {
      if (g_error_matches (lane->last_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          lane_fail (lane, g_steal_pointer (&lane->last_error));
          return;
        }
      flush->summary.failures++;
      outcome.state = DD_OUTBOX_STATE_PENDING;
      outcome.message = lane->last_error->message;
    }
  else
    {
      lane->failures_in_a_row = 0;
      dd_backoff_reset (lane->backoff);
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
          g_queue_clear (&lane->entity->entries);
          break;
        case DD_COMMERCE_PUSH_REJECTED:
        case DD_COMMERCE_PUSH_PREPARED:
        default:
          outcome.state = DD_OUTBOX_STATE_REJECTED;
          flush->summary.rejected++;
          break;
        }
    }

  dd_store_end_outbox_entry_async (flush->self->store, &outcome, NULL, end_cb, lane);
}

static void
attempt_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Lane *lane = user_data;

  if (!lane_saved (lane, object, result))
    return;

  dd_commerce_provider_push_async (lane->flush->self->provider, lane->entry,
                                   g_task_get_cancellable (lane->flush->task), push_cb, lane);
}

static void
lane_send (Lane *lane)
{
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (lane->flush->task), &error))
    {
      lane_fail (lane, error);
      return;
    }

  /* Counted before the request leaves: after a crash, the entry is known
   * to need a look-up before it is sent again. */
  dd_store_begin_outbox_attempt_async (lane->flush->self->store, lane->entry->seq, NULL,
                                       NULL, attempt_cb, lane);
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Flush *flush = user_data;
  GError *error = NULL;

  /* Without it each push reads for itself; only a cancel ends the flush. */
  if (!dd_commerce_provider_prepare_push_finish (DD_COMMERCE_PROVIDER (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (flush->task, error);
          g_object_unref (flush->task);
          return;
        }
      g_debug ("Reading ahead for the outbox flush: %s", error->message);
      g_error_free (error);
    }

  flush->busy = MIN (flush->self->lanes, g_queue_get_length (&flush->entities));
  for (guint i = 0; i < flush->busy; i++)
    lane_next (&flush->lanes[i]);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Flush *flush = user_data;
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  GError *error = NULL;

  g_clear_pointer (&flush->entries, g_ptr_array_unref);
  flush->entries = dd_store_load_finish (DD_STORE (object), result, &error);
  if (flush->entries == NULL || flush->entries->len == 0)
    {
      if (error != NULL)
        g_task_return_error (flush->task, error);
      else
        g_task_return_boolean (flush->task, TRUE);
      g_object_unref (flush->task);
      return;
    }

  /* One queue per entity, in the order of their first entries. */
  for (guint i = 0; i < flush->entries->len; i++)
    {
      DdOutboxEntry *entry = g_ptr_array_index (flush->entries, i);
      g_autofree char *key = g_strconcat (entry->entity, "/", entry->entity_id, NULL);
      EntityQueue *entity = g_hash_table_lookup (by_key, key);

      if (entity == NULL)
        {
          entity = g_new0 (EntityQueue, 1);
          entity->key = g_steal_pointer (&key);
          g_queue_init (&entity->entries);
          g_hash_table_insert (by_key, entity->key, entity);
          g_queue_push_tail (&flush->entities, entity);
        }
      g_queue_push_tail (&entity->entries, entry);
    }

  /* The remote state the batch compares with, read in few requests. */
  dd_commerce_provider_prepare_push_async (flush->self->provider, flush->entries,
                                           g_task_get_cancellable (flush->task), prepared_cb, flush);
}

static void
summarized_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Flush *flush = user_data;
  g_autoptr(DdOutboxSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  /* Without the count the progress only counts up; the flush goes on. */
  summary = dd_store_summarize_outbox_finish (DD_STORE (object), result, &error);
  if (summary != NULL)
    flush->total = CLAMP (summary->pending, 0, G_MAXUINT);
  list_next_batch (flush);
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

  /**
   * DdSyncFlusher::progress:
   * @done: entries of this flush that ended (done, conflicted, rejected)
   * @total: entries pending when it began (or @done, when more)
   *
   * Emitted after each entry.
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
dd_sync_flusher_init (DdSyncFlusher *self)
{
  self->max_failures = 8;
  self->initial_delay_ms = 250;
  self->max_delay_ms = 8000;
  self->lanes = 4;
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
dd_sync_flusher_set_lanes (DdSyncFlusher *self,
                           guint          lanes)
{
  g_return_if_fail (DD_IS_SYNC_FLUSHER (self));
  g_return_if_fail (lanes >= 1 && lanes <= DD_SYNC_FLUSHER_LANES);

  self->lanes = lanes;
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
  flush->task = task;
  flush->self = self;
  g_queue_init (&flush->entities);
  for (guint i = 0; i < DD_SYNC_FLUSHER_LANES; i++)
    {
      flush->lanes[i].flush = flush;
      flush->lanes[i].backoff = dd_backoff_new (self->initial_delay_ms, self->max_delay_ms, 2.0, 0.5);
    }
  g_task_set_task_data (task, flush, (GDestroyNotify) flush_free);

  /* How many entries there are, for the progress. */
  dd_store_summarize_outbox_async (self->store, cancellable, summarized_cb, flush);
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
