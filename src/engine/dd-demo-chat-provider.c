/* dd-demo-chat-provider.c — the demo's simulated audience, as a chat provider
 *
 * A timer on the pipeline context ticks every 10 ms and emits as many
 * messages as the rate asks for over the time that really passed, carrying
 * the fractional remainder so that the long-run rate is exact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-demo-audience.h"
#include "dd-demo-chat-provider.h"

#define TICK_MS 10
/* After a stall (a suspended laptop), do not flood more than this much time. */
#define MAX_CATCH_UP_US (250 * 1000)

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
};

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
