/* dd-chat-pipeline.c — provider -> classifier -> archive -> main context, on its own thread
 *
 * The provider delivers on the pipeline's GMainContext. Every message goes
 * through the classify hook, into an archive batch (written by the store in
 * one transaction) and into the ready list. The main context takes the
 * ready list at most once per frame: a timeout there exists only while
 * messages are waiting. Moderation events the provider reports join the
 * same hand-off, at their place among the messages.
 *
 * Moderation calls hop from the caller to the pipeline context, where the
 * provider acts; the thread waits for the calls in flight before it ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-chat-pipeline.h"
#include "dd-net-error.h"

/* A moderation event waiting for the hand-off, with the number of ready
 * messages that came before it. */
typedef struct
{
  guint           position;
  DdChatModEvent *event;
} ReadyEvent;

struct _DdChatPipeline
{
  GObject             parent_instance;

  DdChatProvider     *provider;
  DdStore            *store;
  GMainContext       *main_context;

  DdChatClassifyFunc  classify;
  gpointer            classify_data;
  GDestroyNotify      classify_destroy;

  GThread            *thread;
  GMainContext       *context;
  gint                quit;             /* atomic */

  /* Pipeline thread only */
  GPtrArray          *archive_pending;
  GSource            *archive_source;
  guint               archives_in_flight;
  gboolean            archive_warned;
  gulong              mod_event_handler;
  gboolean            provider_stopped;

  /* Under mutex */
  GMutex              mutex;
  GPtrArray          *ready;
  GArray             *ready_events;     /* ReadyEvent, oldest first */
  gboolean            mod_open;         /* moderation calls accepted */
  guint               mods_in_flight;
  GSource            *handoff_source;
  gint64              last_handoff_us;
  guint64             n_received;
  guint64             n_archived;
  guint64             n_handoffs;
};

G_DEFINE_FINAL_TYPE (DdChatPipeline, dd_chat_pipeline, G_TYPE_OBJECT)

enum {
  MESSAGES_READY,
  MODERATION_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  DdChatPipeline *self;
  guint           n_messages;
} ArchiveJob;

typedef struct
{
  DdChatPipeline  *self;      /* owned */
  GTask           *task;      /* owned; completes on the caller's context */
  DdChatModAction  action;
  DdChatMessage   *target;    /* owned */
  guint            duration_s;
  char            *reason;
} ModerateOp;

static void
ready_event_clear (ReadyEvent *ready)
{
  g_clear_pointer (&ready->event, dd_chat_mod_event_unref);
}

static DdChatMessage *
pass_through (DdChatMessage *message,
              gpointer       user_data)
{
  return g_object_ref (message);
}

static void
archive_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ArchiveJob *job = user_data;
  DdChatPipeline *self = job->self;
  g_autoptr(GError) error = NULL;

  if (dd_store_save_finish (DD_STORE (source), result, &error))
    {
      g_mutex_lock (&self->mutex);
      self->n_archived += job->n_messages;
      g_mutex_unlock (&self->mutex);
    }
  else if (!self->archive_warned)
    {
      self->archive_warned = TRUE;
      g_warning ("Could not archive %u chat messages: %s", job->n_messages, error->message);
    }

  self->archives_in_flight--;
  g_object_unref (self);
  g_free (job);
}

/* Pipeline thread. */
static void
archive_flush (DdChatPipeline *self)
{
  g_autoptr(GPtrArray) batch = NULL;
  ArchiveJob *job;

  if (self->archive_source != NULL)
    {
      g_source_destroy (self->archive_source);
      g_clear_pointer (&self->archive_source, g_source_unref);
    }

  if (self->archive_pending->len == 0)
    return;

  batch = g_steal_pointer (&self->archive_pending);
  self->archive_pending = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->store == NULL)
    return;

  job = g_new0 (ArchiveJob, 1);
  job->self = g_object_ref (self);
  job->n_messages = batch->len;
  self->archives_in_flight++;
  dd_store_append_chat_async (self->store, batch, NULL, archive_cb, job);
}

static gboolean
archive_timeout_cb (gpointer user_data)
{
  DdChatPipeline *self = user_data;

  archive_flush (self);

  return G_SOURCE_REMOVE;
}

static GArray *
ready_events_new (void)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (ReadyEvent));

  g_array_set_clear_func (events, (GDestroyNotify) ready_event_clear);
  return events;
}

/* Main context: emits messages [from, to) of `batch`, if any. */
static void
emit_messages (DdChatPipeline *self,
               GPtrArray      *batch,
               guint           from,
               guint           to)
{
  g_autoptr(GPtrArray) part = NULL;

  if (to <= from)
    return;
  if (from == 0 && to == batch->len)
    {
      g_signal_emit (self, signals[MESSAGES_READY], 0, batch);
      return;
    }

  part = g_ptr_array_new_full (to - from, g_object_unref);
  for (guint i = from; i < to; i++)
    g_ptr_array_add (part, g_object_ref (g_ptr_array_index (batch, i)));
  g_signal_emit (self, signals[MESSAGES_READY], 0, part);
}

/* Main context: one hand-off, messages and events in the order they came. */
static void
deliver (DdChatPipeline *self,
         GPtrArray      *batch,
         GArray         *events)
{
  guint from = 0;

  for (guint i = 0; i < events->len; i++)
    {
      const ReadyEvent *ready = &g_array_index (events, ReadyEvent, i);

      emit_messages (self, batch, from, ready->position);
      from = MAX (from, ready->position);
      g_signal_emit (self, signals[MODERATION_EVENT], 0, ready->event);
    }
  emit_messages (self, batch, from, batch->len);
}

/* Called with the mutex held: takes what is ready. TRUE if anything was. */
static gboolean
take_ready_locked (DdChatPipeline  *self,
                   GPtrArray      **batch,
                   GArray         **events)
{
  *batch = g_steal_pointer (&self->ready);
  self->ready = g_ptr_array_new_with_free_func (g_object_unref);
  *events = g_steal_pointer (&self->ready_events);
  self->ready_events = ready_events_new ();
  if ((*batch)->len == 0 && (*events)->len == 0)
    return FALSE;
  self->n_handoffs++;
  return TRUE;
}

/* Main context. */
static gboolean
handoff_cb (gpointer user_data)
{
  DdChatPipeline *self = user_data;
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GArray) events = NULL;
  gboolean any;

  g_mutex_lock (&self->mutex);
  any = take_ready_locked (self, &batch, &events);
  g_clear_pointer (&self->handoff_source, g_source_unref);
  self->last_handoff_us = g_get_monotonic_time ();
  g_mutex_unlock (&self->mutex);

  if (any)
    deliver (self, batch, events);

  return G_SOURCE_REMOVE;
}

/* Called with the mutex held. */
static void
schedule_handoff_locked (DdChatPipeline *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 next = self->last_handoff_us + DD_CHAT_PIPELINE_HANDOFF_INTERVAL_MS * 1000;
  guint delay_ms = next > now ? (guint) ((next - now + 999) / 1000) : 0;

  if (self->handoff_source != NULL)
    return;

  self->handoff_source = g_timeout_source_new (delay_ms);
  g_source_set_name (self->handoff_source, "[dropdeck] chat hand-off");
  g_source_set_priority (self->handoff_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->handoff_source, handoff_cb,
                         g_object_ref (self), g_object_unref);
  g_source_attach (self->handoff_source, self->main_context);
}

/* Pipeline thread: the provider's sink. */
static void
sink_cb (GPtrArray *messages,
         gpointer   user_data)
{
  DdChatPipeline *self = user_data;
  g_autoptr(GPtrArray) batch = messages;
  g_autoptr(GPtrArray) classified = g_ptr_array_new_full (batch->len, g_object_unref);

  for (guint i = 0; i < batch->len; i++)
    {
      DdChatMessage *message = self->classify (g_ptr_array_index (batch, i), self->classify_data);

      if (message == NULL)
        continue;

      g_ptr_array_add (self->archive_pending, g_object_ref (message));
      g_ptr_array_add (classified, message);
    }

  if (self->archive_pending->len >= DD_CHAT_PIPELINE_ARCHIVE_BATCH)
    archive_flush (self);
  else if (self->archive_pending->len > 0 && self->archive_source == NULL)
    {
      self->archive_source = g_timeout_source_new (DD_CHAT_PIPELINE_ARCHIVE_INTERVAL_MS);
      g_source_set_name (self->archive_source, "[dropdeck] chat archive batch");
      g_source_set_callback (self->archive_source, archive_timeout_cb, self, NULL);
      g_source_attach (self->archive_source, self->context);
    }

  if (classified->len == 0)
    return;

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < classified->len; i++)
    g_ptr_array_add (self->ready, g_object_ref (g_ptr_array_index (classified, i)));
  self->n_received += classified->len;
  schedule_handoff_locked (self);
  g_mutex_unlock (&self->mutex);
}

/* Pipeline thread: the provider reports a moderation event. */
static void
provider_mod_event_cb (DdChatProvider *provider,
                       DdChatModEvent *event,
                       gpointer        user_data)
{
  DdChatPipeline *self = user_data;
  ReadyEvent ready;

  g_mutex_lock (&self->mutex);
  /* After every message the provider has handed over so far. */
  ready.position = self->ready->len;
  ready.event = dd_chat_mod_event_ref (event);
  g_array_append_val (self->ready_events, ready);
  schedule_handoff_locked (self);
  g_mutex_unlock (&self->mutex);
}

static guint
mods_in_flight (DdChatPipeline *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->mods_in_flight;
  g_mutex_unlock (&self->mutex);

  return n;
}

static gpointer
pipeline_thread (gpointer user_data)
{
  DdChatPipeline *self = user_data;

  g_main_context_push_thread_default (self->context);

  self->provider_stopped = FALSE;
  self->mod_event_handler = g_signal_connect (self->provider, "moderation-event",
                                              G_CALLBACK (provider_mod_event_cb), self);
  dd_chat_provider_start (self->provider, self->context, sink_cb, self);
  /* Not a GMainLoop: a quit asked for before it ran would be lost. */
  while (!g_atomic_int_get (&self->quit))
    g_main_context_iteration (self->context, TRUE);
  dd_chat_provider_stop (self->provider);
  self->provider_stopped = TRUE;
  g_clear_signal_handler (&self->mod_event_handler, self->provider);

  /* No new moderation calls; those already on their way fail or finish. */
  g_mutex_lock (&self->mutex);
  self->mod_open = FALSE;
  g_mutex_unlock (&self->mutex);

  archive_flush (self);
  while (self->archives_in_flight > 0 || mods_in_flight (self) > 0)
    g_main_context_iteration (self->context, TRUE);

  g_main_context_pop_thread_default (self->context);

  return NULL;
}

static void
dd_chat_pipeline_dispose (GObject *object)
{
  DdChatPipeline *self = DD_CHAT_PIPELINE (object);

  dd_chat_pipeline_stop (self);

  G_OBJECT_CLASS (dd_chat_pipeline_parent_class)->dispose (object);
}

static void
dd_chat_pipeline_finalize (GObject *object)
{
  DdChatPipeline *self = DD_CHAT_PIPELINE (object);

  if (self->classify_destroy != NULL)
    self->classify_destroy (self->classify_data);

  g_clear_object (&self->provider);
  g_clear_object (&self->store);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->archive_pending, g_ptr_array_unref);
  g_clear_pointer (&self->ready, g_ptr_array_unref);
  g_clear_pointer (&self->ready_events, g_array_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (dd_chat_pipeline_parent_class)->finalize (object);
}

static void
dd_chat_pipeline_class_init (DdChatPipelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_chat_pipeline_dispose;
  object_class->finalize = dd_chat_pipeline_finalize;

  /**
   * DdChatPipeline::messages-ready:
   * @messages: (element-type DdChatMessage): the batch, oldest first
   */
  signals[MESSAGES_READY] =
    g_signal_new ("messages-ready",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  /**
   * DdChatPipeline::moderation-event:
   * @event: what a moderator did, as the provider reported it
   */
  signals[MODERATION_EVENT] =
    g_signal_new ("moderation-event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_CHAT_MOD_EVENT);
}

static void
dd_chat_pipeline_init (DdChatPipeline *self)
{
  g_mutex_init (&self->mutex);
  self->classify = pass_through;
  self->archive_pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->ready = g_ptr_array_new_with_free_func (g_object_unref);
  self->ready_events = ready_events_new ();
  self->main_context = g_main_context_ref_thread_default ();
}

DdChatPipeline *
dd_chat_pipeline_new (DdChatProvider *provider,
                      DdStore        *store)
{
  DdChatPipeline *self;

  g_return_val_if_fail (DD_IS_CHAT_PROVIDER (provider), NULL);
  g_return_val_if_fail (store == NULL || DD_IS_STORE (store), NULL);

  self = g_object_new (DD_TYPE_CHAT_PIPELINE, NULL);
  self->provider = g_object_ref (provider);
  if (store != NULL)
    self->store = g_object_ref (store);

  return self;
}

void
dd_chat_pipeline_set_classifier (DdChatPipeline     *self,
                                 DdChatClassifyFunc  func,
                                 gpointer            user_data,
                                 GDestroyNotify      destroy)
{
  g_return_if_fail (DD_IS_CHAT_PIPELINE (self));
  g_return_if_fail (self->thread == NULL);

  if (self->classify_destroy != NULL)
    self->classify_destroy (self->classify_data);

  self->classify = func != NULL ? func : pass_through;
  self->classify_data = func != NULL ? user_data : NULL;
  self->classify_destroy = func != NULL ? destroy : NULL;
}

gboolean
dd_chat_pipeline_start (DdChatPipeline  *self,
                        GError         **error)
{
  g_return_val_if_fail (DD_IS_CHAT_PIPELINE (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  g_clear_pointer (&self->context, g_main_context_unref); /* of an earlier run */
  self->context = g_main_context_new ();
  g_atomic_int_set (&self->quit, FALSE);
  g_mutex_lock (&self->mutex);
  self->mod_open = TRUE;
  g_mutex_unlock (&self->mutex);
  self->thread = g_thread_try_new ("dd-chat-pipeline", pipeline_thread, self, error);

  if (self->thread == NULL)
    {
      g_prefix_error (error, _("Could not start the chat pipeline: "));
      g_mutex_lock (&self->mutex);
      self->mod_open = FALSE;
      g_mutex_unlock (&self->mutex);
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }

  return TRUE;
}

void
dd_chat_pipeline_stop (DdChatPipeline *self)
{
  g_autoptr(GPtrArray) last = NULL;
  g_autoptr(GArray) last_events = NULL;
  gboolean any;

  g_return_if_fail (DD_IS_CHAT_PIPELINE (self));

  if (self->thread == NULL)
    return;

  g_atomic_int_set (&self->quit, TRUE);
  g_main_context_wakeup (self->context);
  g_thread_join (g_steal_pointer (&self->thread));

  g_mutex_lock (&self->mutex);
  if (self->handoff_source != NULL)
    {
      g_source_destroy (self->handoff_source);
      g_clear_pointer (&self->handoff_source, g_source_unref);
    }
  any = take_ready_locked (self, &last, &last_events);
  g_mutex_unlock (&self->mutex);

  if (any)
    deliver (self, last, last_events);
}

gboolean
dd_chat_pipeline_is_running (DdChatPipeline *self)
{
  g_return_val_if_fail (DD_IS_CHAT_PIPELINE (self), FALSE);

  return self->thread != NULL;
}

DdChatProvider *
dd_chat_pipeline_get_provider (DdChatPipeline *self)
{
  g_return_val_if_fail (DD_IS_CHAT_PIPELINE (self), NULL);

  return self->provider;
}

static guint64
read_counter (DdChatPipeline *self,
              guint64        *counter)
{
  guint64 value;

  g_mutex_lock (&self->mutex);
  value = *counter;
  g_mutex_unlock (&self->mutex);

  return value;
}

guint64
dd_chat_pipeline_get_n_received (DdChatPipeline *self)
{
  g_return_val_if_fail (DD_IS_CHAT_PIPELINE (self), 0);

  return read_counter (self, &self->n_received);
}

guint64
dd_chat_pipeline_get_n_archived (DdChatPipeline *self)
{
  g_return_val_if_fail (DD_IS_CHAT_PIPELINE (self), 0);

  return read_counter (self, &self->n_archived);
}

guint64
dd_chat_pipeline_get_n_handoffs (DdChatPipeline *self)
{
  g_return_val_if_fail (DD_IS_CHAT_PIPELINE (self), 0);

  return read_counter (self, &self->n_handoffs);
}

/* Moderation --------------------------------------------------------------- */

static void
moderate_op_free (ModerateOp *op)
{
  DdChatPipeline *self = op->self;

  g_clear_object (&op->task);
  g_clear_object (&op->target);
  g_free (op->reason);
  g_free (op);

  g_mutex_lock (&self->mutex);
  self->mods_in_flight--;
  g_mutex_unlock (&self->mutex);
  /* The thread may be waiting for the last call to end. */
  g_main_context_wakeup (self->context);
  g_object_unref (self);
}

static void
stopped_error (GTask *task)
{
  g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                           _("The chat is not running, so the moderation action was not sent"));
}

/* Pipeline thread. */
static void
provider_moderated_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ModerateOp *op = user_data;
  GError *error = NULL;

  if (dd_chat_provider_moderate_finish (DD_CHAT_PROVIDER (source), result, &error))
    g_task_return_boolean (op->task, TRUE);
  else
    g_task_return_error (op->task, error);
  moderate_op_free (op);
}

/* Pipeline thread. */
static gboolean
moderate_in_context_cb (gpointer user_data)
{
  ModerateOp *op = user_data;
  DdChatPipeline *self = op->self;

  if (self->provider_stopped)
    {
      stopped_error (op->task);
      moderate_op_free (op);
      return G_SOURCE_REMOVE;
    }

  dd_chat_provider_moderate_async (self->provider, op->action, op->target, op->duration_s,
                                   op->reason, g_task_get_cancellable (op->task),
                                   provider_moderated_cb, op);
  return G_SOURCE_REMOVE;
}

void
dd_chat_pipeline_moderate_async (DdChatPipeline      *self,
                                 DdChatModAction      action,
                                 DdChatMessage       *target,
                                 guint                duration_s,
                                 const char          *reason,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GMainContext) context = NULL;
  ModerateOp *op;

  g_return_if_fail (DD_IS_CHAT_PIPELINE (self));
  g_return_if_fail (action <= DD_CHAT_MOD_KICK);
  g_return_if_fail (DD_IS_CHAT_MESSAGE (target));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_chat_pipeline_moderate_async);

  g_mutex_lock (&self->mutex);
  if (self->mod_open)
    {
      self->mods_in_flight++;
      context = g_main_context_ref (self->context);
    }
  g_mutex_unlock (&self->mutex);

  if (context == NULL)
    {
      stopped_error (task);
      return;
    }

  op = g_new0 (ModerateOp, 1);
  op->self = g_object_ref (self);
  op->task = g_steal_pointer (&task);
  op->action = action;
  op->target = g_object_ref (target);
  op->duration_s = duration_s;
  op->reason = g_strdup (reason);
  g_main_context_invoke (context, moderate_in_context_cb, op);
}

gboolean
dd_chat_pipeline_moderate_finish (DdChatPipeline  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (DD_IS_CHAT_PIPELINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
