/* dd-nats-ordered-consumer.c — an ordered replay of a JetStream stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-backoff.h"
#include "dd-nats-ordered-consumer.h"

#define DEFAULT_HEARTBEAT_MS 2000
#define MISSED_HEARTBEATS 3
/* An orphaned consumer (its app crashed) is removed by the server after this. */
#define INACTIVE_THRESHOLD_MS 30000
/* While a cluster elects new leaders after losing a server, a create can
 * go unanswered: ask again soon rather than wait the default 5 s and then
 * back off up to 5 s more (a member's presence then stayed away for over
 * 15 s once after a failover). */
#define CREATE_TIMEOUT_MS 2000
#define RETRY_MAX_MS 1000
#define NS_PER_MS G_GINT64_CONSTANT (1000000)

struct _DdNatsOrderedConsumer
{
  GObject              parent_instance;
  DdNatsClient        *client;
  char                *stream;
  char                *filter_subject;
  DdNatsDeliverPolicy  policy;
  guint64              start_seq;
  DdNatsOrderedFunc    func;
  gpointer             user_data;
  GDestroyNotify       destroy;

  gboolean             running;
  gboolean             creating;
  guint                generation;   /* bumps with each consumer; older replies are ignored */
  guint64              sid;
  char                *consumer_name;
  guint64              consumer_seq; /* last delivery of the current consumer */
  guint64              last_stream_seq;
  gboolean             caught_up;
  guint                resets;
  guint                heartbeat_ms;
  gint64               last_activity_us;
  GMainContext        *context;       /* thread-default when made: timers run there */
  GSource             *watchdog;
  GSource             *retry;
  DdBackoff           *backoff;
  gulong               reconnected_id;
};

G_DEFINE_FINAL_TYPE (DdNatsOrderedConsumer, dd_nats_ordered_consumer, G_TYPE_OBJECT)

enum {
  CAUGHT_UP,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  DdNatsOrderedConsumer *self;
  guint generation;
} Creation;

static GSource *
add_timeout (DdNatsOrderedConsumer *self,
             guint                  interval_ms,
             GSourceFunc            func,
             const char            *name)
{
  GSource *source = g_timeout_source_new (interval_ms);

  g_source_set_callback (source, func, self, NULL);
  if (name != NULL)
    g_source_set_name (source, name);
  g_source_attach (source, self->context);
  return source;
}

static void
remove_timeout (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void create_consumer (DdNatsOrderedConsumer *self);

static void
set_caught_up (DdNatsOrderedConsumer *self)
{
  if (self->caught_up)
    return;
  self->caught_up = TRUE;
  g_signal_emit (self, signals[CAUGHT_UP], 0);
}

/* Ends the current consumer: its subscription here and the consumer on
 * the server (best effort: an unreachable server drops it by itself). */
static void
drop_consumer (DdNatsOrderedConsumer *self)
{
  self->generation++;
  self->creating = FALSE;
  if (self->sid != 0)
    {
      dd_nats_client_unsubscribe (self->client, self->sid);
      self->sid = 0;
    }
  if (self->consumer_name != NULL)
    {
      g_autofree char *api = g_strdup_printf ("CONSUMER.DELETE.%s.%s", self->stream,
                                              self->consumer_name);

      if (dd_nats_client_get_state (self->client) == DD_NATS_STATE_CONNECTED)
        dd_nats_js_api_async (self->client, api, NULL, NULL, NULL, NULL);
      g_clear_pointer (&self->consumer_name, g_free);
    }
}

static void
reset (DdNatsOrderedConsumer *self)
{
  if (!self->running)
    return;
  g_debug ("ordered consumer on %s: fresh consumer after stream sequence %" G_GUINT64_FORMAT,
           self->stream, self->last_stream_seq);
  self->resets++;
  drop_consumer (self);
  create_consumer (self);
}

static gboolean
retry_cb (gpointer user_data)
{
  DdNatsOrderedConsumer *self = user_data;

  g_clear_pointer (&self->retry, g_source_unref);
  if (self->running)
    create_consumer (self);
  return G_SOURCE_REMOVE;
}

static void
consumer_created_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Creation *creation = user_data;
  g_autoptr(DdNatsOrderedConsumer) self = creation->self;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *config;
  guint generation = creation->generation;

  g_free (creation);
  info = dd_nats_js_api_finish (result, &error);
  if (!self->running || generation != self->generation)
    return;
  self->creating = FALSE;

  if (info == NULL)
    {
      guint delay = dd_backoff_next_delay_ms (self->backoff);

      g_debug ("ordered consumer on %s: %s; again in %u ms", self->stream, error->message, delay);
      if (!g_error_matches (error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED))
        g_signal_emit (self, signals[FAILED], 0, error);
      if (self->sid != 0)
        {
          dd_nats_client_unsubscribe (self->client, self->sid);
          self->sid = 0;
        }
      if (self->running && self->retry == NULL)
        self->retry = add_timeout (self, delay, retry_cb, NULL);
      return;
    }

  dd_backoff_reset (self->backoff);
  g_debug ("ordered consumer on %s: %s made, %" G_GINT64_FORMAT " pending", self->stream,
           json_object_get_string_member_with_default (info, "name", ""),
           json_object_get_int_member_with_default (info, "num_pending", 0));
  self->last_activity_us = g_get_monotonic_time ();
  self->consumer_name = g_strdup (json_object_get_string_member_with_default (info, "name", ""));
  config = json_object_get_object_member (info, "config");
  /* Delivering only new messages: what came before the first consumer is
   * never wanted, even after a reset. */
  if (self->policy == DD_NATS_DELIVER_NEW && self->last_stream_seq == 0 &&
      json_object_has_member (info, "delivered"))
    self->last_stream_seq = (guint64) json_object_get_int_member_with_default (
        json_object_get_object_member (info, "delivered"), "stream_seq", 0);
  if (config != NULL && json_object_get_int_member_with_default (info, "num_pending", 0) == 0)
    set_caught_up (self);
}

static JsonObject *
consumer_config (DdNatsOrderedConsumer *self,
                 const char            *deliver_subject)
{
  JsonObject *config = json_object_new ();
  const char *policy = "all";
  guint64 start = 0;

  if (self->last_stream_seq > 0)
    {
      policy = "by_start_sequence";
      start = self->last_stream_seq + 1;
    }
  else
    switch (self->policy)
      {
      case DD_NATS_DELIVER_LAST_PER_SUBJECT:
        policy = "last_per_subject";
        break;
      case DD_NATS_DELIVER_FROM_SEQUENCE:
        if (self->start_seq > 1)
          {
            policy = "by_start_sequence";
            start = self->start_seq;
          }
        break;
      case DD_NATS_DELIVER_NEW:
        policy = "new";
        break;
      case DD_NATS_DELIVER_ALL:
      default:
        break;
      }

  json_object_set_string_member (config, "deliver_subject", deliver_subject);
  json_object_set_string_member (config, "deliver_policy", policy);
  if (start > 0)
    json_object_set_int_member (config, "opt_start_seq", (gint64) start);
  json_object_set_string_member (config, "ack_policy", "none");
  json_object_set_int_member (config, "max_deliver", 1);
  json_object_set_boolean_member (config, "flow_control", TRUE);
  json_object_set_int_member (config, "idle_heartbeat", (gint64) self->heartbeat_ms * NS_PER_MS);
  json_object_set_int_member (config, "inactive_threshold", INACTIVE_THRESHOLD_MS * NS_PER_MS);
  json_object_set_boolean_member (config, "mem_storage", TRUE);
  json_object_set_int_member (config, "num_replicas", 1);
  /* Singular: nats-server 2.9 ignores "filter_subjects". */
  if (self->filter_subject != NULL)
    json_object_set_string_member (config, "filter_subject", self->filter_subject);
  return config;
}

static void
handle_status (DdNatsOrderedConsumer *self,
               const DdNatsMsg       *msg,
               guint                  status)
{
  const char *value;
  guint64 last;

  if (status != 100)
    {
      /* 409: the consumer was deleted or its leadership changed. */
      g_debug ("ordered consumer on %s: status %u", self->stream, status);
      reset (self);
      return;
    }
  if (msg->reply != NULL)
    {
      /* Flow control: the server waits for this before sending more. */
      dd_nats_client_publish (self->client, msg->reply, NULL, NULL, "", 0, NULL);
      return;
    }
  /* An idle heartbeat says what the consumer last sent. */
  value = dd_nats_msg_get_header (msg, "Nats-Consumer-Stalled");
  if (value != NULL)
    dd_nats_client_publish (self->client, value, NULL, NULL, "", 0, NULL);
  value = dd_nats_msg_get_header (msg, "Nats-Last-Consumer");
  if (value != NULL && (last = g_ascii_strtoull (value, NULL, 10)) > self->consumer_seq)
    {
      reset (self);
      return;
    }
  /* Idle with nothing missed: everything stored has arrived, whatever the
   * pending counts said (2.9 can overcount them after a restart). */
  set_caught_up (self);
}

static void
message_cb (DdNatsClient    *client,
            const DdNatsMsg *msg,
            gpointer         user_data)
{
  g_autoptr(DdNatsOrderedConsumer) self = g_object_ref (user_data);
  DdNatsJsMsgInfo info;
  guint status;

  if (!self->running || msg->sid != self->sid)
    return;
  self->last_activity_us = g_get_monotonic_time ();

  status = dd_nats_msg_get_status (msg);
  if (status != 0)
    {
      handle_status (self, msg, status);
      return;
    }
  if (!dd_nats_js_parse_ack_subject (msg->reply, &info))
    {
      g_debug ("ordered consumer on %s: a delivery without JetStream metadata", self->stream);
      return;
    }
  if (info.consumer_seq != self->consumer_seq + 1)
    {
      /* Something was lost on the way (or this is an older consumer's). */
      dd_nats_js_msg_info_clear (&info);
      reset (self);
      return;
    }
  self->consumer_seq = info.consumer_seq;
  if (info.stream_seq > self->last_stream_seq)
    {
      self->last_stream_seq = info.stream_seq;
      self->func (self, msg, &info, self->user_data);
    }
  if (info.pending == 0 && self->running)
    set_caught_up (self);
  dd_nats_js_msg_info_clear (&info);
}

static void
create_consumer (DdNatsOrderedConsumer *self)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *inbox = NULL;
  g_autofree char *api = NULL;
  Creation *creation;

  g_assert (self->sid == 0);

  inbox = g_strdup_printf ("_INBOX.%08x%08x%08x", g_random_int (), g_random_int (), g_random_int ());
  self->consumer_seq = 0;
  self->sid = dd_nats_client_subscribe (self->client, inbox, NULL, message_cb, self, NULL, &error);
  if (self->sid == 0)
    {
      g_signal_emit (self, signals[FAILED], 0, error);
      return;
    }

  json_object_set_string_member (body, "stream_name", self->stream);
  json_object_set_object_member (body, "config", consumer_config (self, inbox));
  api = g_strconcat ("CONSUMER.CREATE.", self->stream, NULL);
  creation = g_new0 (Creation, 1);
  creation->self = g_object_ref (self);
  creation->generation = self->generation;
  self->creating = TRUE;
  dd_nats_js_api_timeout_async (self->client, api, body, CREATE_TIMEOUT_MS, NULL,
                                consumer_created_cb, creation);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  DdNatsOrderedConsumer *self = user_data;
  gint64 quiet_us = g_get_monotonic_time () - self->last_activity_us;

  if (self->running && !self->creating && self->retry == NULL && self->consumer_name != NULL &&
      quiet_us > (gint64) self->heartbeat_ms * MISSED_HEARTBEATS * 1000 &&
      dd_nats_client_get_state (self->client) == DD_NATS_STATE_CONNECTED)
    reset (self);
  return G_SOURCE_CONTINUE;
}

static void
reconnected_cb (DdNatsClient *client,
                gpointer      user_data)
{
  DdNatsOrderedConsumer *self = user_data;

  /* The server may have restarted without the (memory-held) consumer. */
  if (self->running && self->retry == NULL)
    reset (self);
}

static void
dd_nats_ordered_consumer_dispose (GObject *object)
{
  DdNatsOrderedConsumer *self = DD_NATS_ORDERED_CONSUMER (object);

  if (self->running)
    dd_nats_ordered_consumer_stop (self);
  g_clear_signal_handler (&self->reconnected_id, self->client);
  if (self->destroy != NULL && self->user_data != NULL)
    g_clear_pointer (&self->user_data, self->destroy);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (dd_nats_ordered_consumer_parent_class)->dispose (object);
}

static void
dd_nats_ordered_consumer_finalize (GObject *object)
{
  DdNatsOrderedConsumer *self = DD_NATS_ORDERED_CONSUMER (object);

  g_free (self->stream);
  g_free (self->filter_subject);
  g_free (self->consumer_name);
  g_clear_pointer (&self->backoff, dd_backoff_free);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (dd_nats_ordered_consumer_parent_class)->finalize (object);
}

static void
dd_nats_ordered_consumer_class_init (DdNatsOrderedConsumerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_nats_ordered_consumer_dispose;
  object_class->finalize = dd_nats_ordered_consumer_finalize;

  signals[CAUGHT_UP] =
    g_signal_new ("caught-up", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
dd_nats_ordered_consumer_init (DdNatsOrderedConsumer *self)
{
  self->heartbeat_ms = DEFAULT_HEARTBEAT_MS;
  self->context = g_main_context_ref_thread_default ();
  self->backoff = dd_backoff_new (100, RETRY_MAX_MS, 2.0, 0.3);
}

DdNatsOrderedConsumer *
dd_nats_ordered_consumer_new (DdNatsClient        *client,
                              const char          *stream,
                              const char          *filter_subject,
                              DdNatsDeliverPolicy  policy,
                              guint64              start_seq,
                              DdNatsOrderedFunc    func,
                              gpointer             user_data,
                              GDestroyNotify       destroy)
{
  DdNatsOrderedConsumer *self;

  g_return_val_if_fail (DD_IS_NATS_CLIENT (client), NULL);
  g_return_val_if_fail (stream != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (DD_TYPE_NATS_ORDERED_CONSUMER, NULL);
  self->client = g_object_ref (client);
  self->stream = g_strdup (stream);
  self->filter_subject = g_strdup (filter_subject);
  self->policy = policy;
  self->start_seq = start_seq;
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  self->reconnected_id = g_signal_connect (client, "reconnected", G_CALLBACK (reconnected_cb), self);
  return self;
}

void
dd_nats_ordered_consumer_set_heartbeat (DdNatsOrderedConsumer *self,
                                        guint                  interval_ms)
{
  g_return_if_fail (DD_IS_NATS_ORDERED_CONSUMER (self));
  g_return_if_fail (interval_ms >= 100);

  self->heartbeat_ms = interval_ms;
}

void
dd_nats_ordered_consumer_start (DdNatsOrderedConsumer *self)
{
  g_return_if_fail (DD_IS_NATS_ORDERED_CONSUMER (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->last_activity_us = g_get_monotonic_time ();
  self->watchdog = add_timeout (self, self->heartbeat_ms, watchdog_cb,
                                "[dropdeck] ordered consumer watchdog");
  create_consumer (self);
}

void
dd_nats_ordered_consumer_stop (DdNatsOrderedConsumer *self)
{
  g_return_if_fail (DD_IS_NATS_ORDERED_CONSUMER (self));

  if (!self->running)
    return;
  self->running = FALSE;
  remove_timeout (&self->watchdog);
  remove_timeout (&self->retry);
  drop_consumer (self);
}

gboolean
dd_nats_ordered_consumer_get_caught_up (DdNatsOrderedConsumer *self)
{
  g_return_val_if_fail (DD_IS_NATS_ORDERED_CONSUMER (self), FALSE);

  return self->caught_up;
}

guint64
dd_nats_ordered_consumer_get_last_stream_seq (DdNatsOrderedConsumer *self)
{
  g_return_val_if_fail (DD_IS_NATS_ORDERED_CONSUMER (self), 0);

  return self->last_stream_seq;
}

guint
dd_nats_ordered_consumer_get_resets (DdNatsOrderedConsumer *self)
{
  g_return_val_if_fail (DD_IS_NATS_ORDERED_CONSUMER (self), 0);

  return self->resets;
}
