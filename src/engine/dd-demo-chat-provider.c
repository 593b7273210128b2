/* dd-demo-chat-provider.c — the demo's simulated audience, as a chat provider
 *
 * A timer on the pipeline context ticks every 10 ms and emits as many
 * messages as the rate asks for over the time that really passed, carrying
 * the fractional remainder so that the long-run rate is exact.
 *
 * It also plays the service for moderators: an action succeeds after
 * MODERATION_DELAY_MS and the provider reports the DdChatModEvent that
 * Twitch would echo (CLEARMSG for a delete, CLEARCHAT for a timeout or a
 * ban), and a banned or timed-out viewer says nothing more meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-demo-audience.h"
#include "dd-demo-chat-provider.h"
#include "dd-net-error.h"

#define TICK_MS 10
/* After a stall (a suspended laptop), do not flood more than this much time. */
#define MAX_CATCH_UP_US (250 * 1000)
/* How long the simulated service takes to confirm a moderation action. */
#define MODERATION_DELAY_MS 50

struct _DdDemoChatProvider
{
  GObject          parent_instance;

  guint32          seed;
  gint             rate_millis;    /* atomic: messages per 1,000 s */
  guint64          n_sent;         /* under mutex */
  GMutex           mutex;

  DdConnectivity  *connectivity;

  /* Pipeline thread only */
  DdDemoAudience  *audience;
  GSource         *tick_source;
  DdChatSink       sink;
  gpointer         sink_data;
  gint64           last_tick_us;
  double           remainder;
  GMainContext    *context;
  GQueue           pending_mods;   /* DemoMod, oldest first */
};

typedef struct
{
  DdDemoChatProvider *self;        /* not owned: the queue is its */
  GTask              *task;
  DdChatModEvent     *event;       /* reported when the action completes */
  GSource            *source;
} DemoMod;

static void dd_demo_chat_provider_iface_init (DdChatProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdDemoChatProvider, dd_demo_chat_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DD_TYPE_CHAT_PROVIDER,
                                                      dd_demo_chat_provider_iface_init))

static double
clamp_rate (double rate)
{
  if (!(rate >= DD_DEMO_CHAT_RATE_MIN))
    return DD_DEMO_CHAT_RATE_MIN;
  return MIN (rate, DD_DEMO_CHAT_RATE_MAX);
}

static void
demo_mod_free (DemoMod *mod)
{
  if (mod->source != NULL)
    {
      g_source_destroy (mod->source);
      g_source_unref (mod->source);
    }
  g_clear_object (&mod->task);
  g_clear_pointer (&mod->event, dd_chat_mod_event_unref);
  g_free (mod);
}

static void
silence_target (DdDemoChatProvider   *self,
                const DdChatModEvent *event)
{
  const char *login = dd_chat_mod_event_get_target_login (event);
  gint64 until_us;

  if (login == NULL || self->audience == NULL)
    return;
  switch (dd_chat_mod_event_get_kind (event))
    {
    case DD_CHAT_MOD_EVENT_BAN:
      until_us = G_MAXINT64;
      break;
    case DD_CHAT_MOD_EVENT_TIMEOUT:
      until_us = dd_chat_mod_event_get_timestamp (event) +
                 (gint64) dd_chat_mod_event_get_duration_s (event) * G_USEC_PER_SEC;
      break;
    default:
      return;
    }
  dd_demo_audience_silence (self->audience, login, until_us);
}

static gboolean
demo_mod_done_cb (gpointer user_data)
{
  DemoMod *mod = user_data;
  DdDemoChatProvider *self = mod->self;

  g_queue_remove (&self->pending_mods, mod);
  silence_target (self, mod->event);
  /* As Twitch echoes CLEARMSG or CLEARCHAT to everyone in the channel. */
  dd_chat_provider_report_mod_event (DD_CHAT_PROVIDER (self), mod->event);
  if (!g_task_return_error_if_cancelled (mod->task))
    g_task_return_boolean (mod->task, TRUE);
  demo_mod_free (mod);

  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (gpointer user_data)
{
  DdDemoChatProvider *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 wall = g_get_real_time ();
  gint64 elapsed = MIN (now - self->last_tick_us, MAX_CATCH_UP_US);
  double rate = g_atomic_int_get (&self->rate_millis) / 1000.0;
  double due = self->remainder + rate * (double) elapsed / G_USEC_PER_SEC;
  guint n = (guint) due;
  g_autoptr(GPtrArray) batch = NULL;

  self->last_tick_us = now;
  self->remainder = due - n;

  if (n == 0)
    return G_SOURCE_CONTINUE;

  batch = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      /* Spread the timestamps over the tick, oldest first. */
      gint64 ts = wall - elapsed + (elapsed * (gint64) (i + 1)) / n;
      g_ptr_array_add (batch, dd_demo_audience_next (self->audience, ts));
    }

  g_mutex_lock (&self->mutex);
  self->n_sent += n;
  g_mutex_unlock (&self->mutex);

  self->sink (g_steal_pointer (&batch), self->sink_data);

  return G_SOURCE_CONTINUE;
}

static void
dd_demo_chat_provider_start (DdChatProvider *provider,
                             GMainContext   *pipeline_context,
                             DdChatSink      sink,
                             gpointer        sink_data)
{
  DdDemoChatProvider *self = DD_DEMO_CHAT_PROVIDER (provider);

  g_return_if_fail (self->tick_source == NULL);

  self->sink = sink;
  self->sink_data = sink_data;
  self->context = g_main_context_ref (pipeline_context);
  if (self->audience == NULL)
    self->audience = dd_demo_audience_new (self->seed, "#autumn-drop");
  self->last_tick_us = g_get_monotonic_time ();
  self->remainder = 0.0;

  self->tick_source = g_timeout_source_new (TICK_MS);
  g_source_set_name (self->tick_source, "[dropdeck] demo audience tick");
  g_source_set_callback (self->tick_source, tick_cb, self, NULL);
  g_source_attach (self->tick_source, pipeline_context);
}

static void
dd_demo_chat_provider_stop (DdChatProvider *provider)
{
  DdDemoChatProvider *self = DD_DEMO_CHAT_PROVIDER (provider);

  if (self->tick_source != NULL)
    {
      g_source_destroy (self->tick_source);
      g_clear_pointer (&self->tick_source, g_source_unref);
    }
  self->sink = NULL;
  self->sink_data = NULL;

  while (!g_queue_is_empty (&self->pending_mods))
    {
      DemoMod *mod = g_queue_pop_head (&self->pending_mods);

      g_task_return_new_error (mod->task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("The demo chat stopped before the moderation action was done"));
      demo_mod_free (mod);
    }
  g_clear_pointer (&self->context, g_main_context_unref);
}

static gboolean
dd_demo_chat_provider_send_message (DdChatProvider  *provider,
                                    const char      *channel,
                                    const char      *text,
                                    GError         **error)
{
  /* The simulated audience reads everything and answers nothing. */
  return TRUE;
}

static DdChatModEvent *
event_for_action (DdChatModAction  action,
                  DdChatMessage   *target,
                  guint            duration_s)
{
  const char *channel = dd_chat_message_get_channel (target);
  const char *login = dd_chat_message_get_author_login (target);
  gint64 now = g_get_real_time ();

  switch (action)
    {
    case DD_CHAT_MOD_DELETE_MESSAGE:
      return dd_chat_mod_event_new (DD_CHAT_MOD_EVENT_DELETE_MESSAGE, channel, login,
                                    dd_chat_message_get_id (target), 0, now);
    case DD_CHAT_MOD_TIMEOUT:
      return dd_chat_mod_event_new (DD_CHAT_MOD_EVENT_TIMEOUT, channel, login, NULL,
                                    duration_s, now);
    case DD_CHAT_MOD_KICK:
      return dd_chat_mod_event_new (DD_CHAT_MOD_EVENT_TIMEOUT, channel, login, NULL, 0, now);
    case DD_CHAT_MOD_BAN:
    default:
      return dd_chat_mod_event_new (DD_CHAT_MOD_EVENT_BAN, channel, login, NULL, 0, now);
    }
}

static void
dd_demo_chat_provider_moderate_async (DdChatProvider      *provider,
                                      DdChatModAction      action,
                                      DdChatMessage       *target,
                                      guint                duration_s,
                                      const char          *reason,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  DdDemoChatProvider *self = DD_DEMO_CHAT_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  DemoMod *mod;

  g_task_set_source_tag (task, dd_demo_chat_provider_moderate_async);

  if (self->context == NULL)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("The demo chat is not running, so the moderation action was not sent"));
      return;
    }

  mod = g_new0 (DemoMod, 1);
  mod->self = self;
  mod->task = g_steal_pointer (&task);
  mod->event = event_for_action (action, target, duration_s);
  mod->source = g_timeout_source_new (MODERATION_DELAY_MS);
  g_source_set_name (mod->source, "[dropdeck] demo moderation");
  g_source_set_callback (mod->source, demo_mod_done_cb, mod, NULL);
  g_source_attach (mod->source, self->context);
  g_queue_push_tail (&self->pending_mods, mod);
}

static gboolean
dd_demo_chat_provider_moderate_finish (DdChatProvider  *provider,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static DdConnectivity *
dd_demo_chat_provider_get_connectivity (DdChatProvider *provider)
{
  return DD_DEMO_CHAT_PROVIDER (provider)->connectivity;
}

static void
dd_demo_chat_provider_iface_init (DdChatProviderInterface *iface)
{
  iface->start = dd_demo_chat_provider_start;
  iface->stop = dd_demo_chat_provider_stop;
  iface->send_message = dd_demo_chat_provider_send_message;
  iface->get_connectivity = dd_demo_chat_provider_get_connectivity;
  iface->moderate_async = dd_demo_chat_provider_moderate_async;
  iface->moderate_finish = dd_demo_chat_provider_moderate_finish;
}

static void
dd_demo_chat_provider_finalize (GObject *object)
{
  DdDemoChatProvider *self = DD_DEMO_CHAT_PROVIDER (object);

  g_assert (self->tick_source == NULL);

  g_clear_pointer (&self->audience, dd_demo_audience_free);
  g_clear_object (&self->connectivity);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (dd_demo_chat_provider_parent_class)->finalize (object);
}

static void
dd_demo_chat_provider_class_init (DdDemoChatProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_demo_chat_provider_finalize;
}

static void
dd_demo_chat_provider_init (DdDemoChatProvider *self)
{
  g_mutex_init (&self->mutex);
  g_queue_init (&self->pending_mods);
  self->connectivity = dd_connectivity_new (DD_SERVICE_AUDIENCE);
  dd_connectivity_update (self->connectivity, DD_CONNECTIVITY_ONLINE,
                          _("Demo drop: simulated audience"));
}

DdDemoChatProvider *
dd_demo_chat_provider_new (guint32 seed,
                           double  rate)
{
  DdDemoChatProvider *self = g_object_new (DD_TYPE_DEMO_CHAT_PROVIDER, NULL);

  self->seed = seed;
  dd_demo_chat_provider_set_rate (self, rate);

  return self;
}

double
dd_demo_chat_provider_get_rate (DdDemoChatProvider *self)
{
  g_return_val_if_fail (DD_IS_DEMO_CHAT_PROVIDER (self), 0.0);

  return g_atomic_int_get (&self->rate_millis) / 1000.0;
}

void
dd_demo_chat_provider_set_rate (DdDemoChatProvider *self,
                                double              rate)
{
  g_return_if_fail (DD_IS_DEMO_CHAT_PROVIDER (self));

  g_atomic_int_set (&self->rate_millis, (gint) (clamp_rate (rate) * 1000.0 + 0.5));
}

guint64
dd_demo_chat_provider_get_n_sent (DdDemoChatProvider *self)
{
  guint64 n;

  g_return_val_if_fail (DD_IS_DEMO_CHAT_PROVIDER (self), 0);

  g_mutex_lock (&self->mutex);
  n = self->n_sent;
  g_mutex_unlock (&self->mutex);

  return n;
}
