/* bench-chat-memory.c — memory of the chat path over a million messages
 *
 * The target: after 1,000,000 messages, RSS <= 150 MB and flat (no
 * growth over the last half of the run). This drives the real path minus
 * the window: a provider (defined here) that replays the demo audience at
 * a steady 50,000 messages a second on the pipeline context, the pipeline
 * thread with the on-device classifier and the SQLite archive, and on the
 * main context the wall's bounded window (DdChatLog) and the moderators'
 * desk. RSS is sampled every 100,000 messages; the figures are printed,
 * nothing is asserted.
 *
 * Usage: bench-chat-memory [--messages N] (default 1,000,000)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-bench-machine.h"
#include "dd-chat-desk.h"
#include "dd-chat-labeller.h"
#include "dd-chat-log.h"
#include "dd-demo-audience.h"

#define RATE_PER_TICK 500   /* every 10 ms: 50,000 messages a second */
#define SAMPLE_EVERY  100000

/* A chat provider that floods at a fixed pace from the demo audience. */
#define FLOOD_TYPE_PROVIDER (flood_provider_get_type ())
G_DECLARE_FINAL_TYPE (FloodProvider, flood_provider, FLOOD, PROVIDER, GObject)

struct _FloodProvider
{
  GObject         parent_instance;
  DdDemoAudience *audience;
  DdConnectivity *connectivity;
  GSource        *tick;
  DdChatSink      sink;
  gpointer        sink_data;
};

static void flood_provider_iface_init (DdChatProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FloodProvider, flood_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DD_TYPE_CHAT_PROVIDER, flood_provider_iface_init))

static gboolean
flood_tick_cb (gpointer user_data)
{
  FloodProvider *self = user_data;
  GPtrArray *batch = g_ptr_array_new_full (RATE_PER_TICK, g_object_unref);
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < RATE_PER_TICK; i++)
    g_ptr_array_add (batch, dd_demo_audience_next (self->audience, now));
  self->sink (batch, self->sink_data);
  return G_SOURCE_CONTINUE;
}

static void
flood_start (DdChatProvider *provider,
             GMainContext   *context,
             DdChatSink      sink,
             gpointer        sink_data)
{
  FloodProvider *self = FLOOD_PROVIDER (provider);

  self->sink = sink;
  self->sink_data = sink_data;
  self->tick = g_timeout_source_new (10);
  g_source_set_callback (self->tick, flood_tick_cb, self, NULL);
  g_source_attach (self->tick, context);
}

static void
flood_stop (DdChatProvider *provider)
{
  FloodProvider *self = FLOOD_PROVIDER (provider);

  if (self->tick != NULL)
    g_source_destroy (self->tick);
  g_clear_pointer (&self->tick, g_source_unref);
}

static gboolean
flood_send (DdChatProvider  *provider,
            const char      *channel,
            const char      *text,
            GError         **error)
{
  return TRUE;
}

static DdConnectivity *
flood_get_connectivity (DdChatProvider *provider)
{
  return FLOOD_PROVIDER (provider)->connectivity;
}

static void
flood_provider_iface_init (DdChatProviderInterface *iface)
{
  iface->start = flood_start;
  iface->stop = flood_stop;
  iface->send_message = flood_send;
  iface->get_connectivity = flood_get_connectivity;
}

static void
flood_provider_finalize (GObject *object)
{
  FloodProvider *self = FLOOD_PROVIDER (object);

  dd_demo_audience_free (self->audience);
  g_clear_object (&self->connectivity);
  G_OBJECT_CLASS (flood_provider_parent_class)->finalize (object);
}

static void
flood_provider_class_init (FloodProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = flood_provider_finalize;
}

static void
flood_provider_init (FloodProvider *self)
{
  self->audience = dd_demo_audience_new (20261125u, "#bench");
  self->connectivity = dd_connectivity_new (DD_SERVICE_AUDIENCE);
}

typedef struct
{
  DdChatLog  *log;
  DdChatDesk *desk;
  guint64     received;
  guint64     target;
  guint64     next_sample;
  GArray     *samples_kb;
} Run;

static void
messages_ready_cb (DdChatPipeline *pipeline,
                   GPtrArray      *messages,
                   Run            *run)
{
  dd_chat_desk_add_messages (run->desk, messages);
  dd_chat_log_append_batch (run->log, messages);
  run->received += messages->len;
  while (run->received >= run->next_sample && run->next_sample <= run->target)
    {
      gint64 kb = dd_bench_rss_kb ();

      g_array_append_val (run->samples_kb, kb);
      run->next_sample += SAMPLE_EVERY;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("dropdeck-bench-memory-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "dropdeck.db", NULL);
  g_autofree char *machine = dd_bench_describe_machine ();
  g_autofree char *load = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(FloodProvider) provider = NULL;
  g_autoptr(DdChatPipeline) pipeline = NULL;
  g_autoptr(DdClassifier) classifier = dd_classifier_new ();
  Run run = { 0 };
  gint64 start_us, end_us, half_kb, end_kb, peak_kb = 0;

  run.target = 1000000;
  for (int i = 1; i + 1 < argc; i += 2)
    if (strcmp (argv[i], "--messages") == 0)
      run.target = g_ascii_strtoull (argv[i + 1], NULL, 10);
  run.target = MAX (run.target, 2 * SAMPLE_EVERY);

  store = dd_store_open_sync (path, NULL, &error);
  if (store == NULL)
    {
      g_printerr ("bench-chat-memory: %s\n", error->message);
      return 1;
    }
  provider = g_object_new (FLOOD_TYPE_PROVIDER, NULL);
  pipeline = dd_chat_pipeline_new (DD_CHAT_PROVIDER (provider), store);
  dd_chat_pipeline_set_classifier (pipeline, dd_chat_labeller_classify, g_object_ref (classifier), g_object_unref);
  run.log = dd_chat_log_new (DD_CHAT_LOG_DEFAULT_LIMIT);
  run.desk = dd_chat_desk_new ();
  dd_chat_desk_attach (run.desk, pipeline, classifier, store, "bench");
  run.samples_kb = g_array_new (FALSE, FALSE, sizeof (gint64));
  run.next_sample = SAMPLE_EVERY;
  g_signal_connect (pipeline, "messages-ready", G_CALLBACK (messages_ready_cb), &run);

  start_us = g_get_monotonic_time ();
  if (!dd_chat_pipeline_start (pipeline, &error))
    {
      g_printerr ("bench-chat-memory: %s\n", error->message);
      return 1;
    }
  while (run.received < run.target)
    g_main_context_iteration (NULL, TRUE);
  end_us = g_get_monotonic_time ();
  dd_chat_pipeline_stop (pipeline);

  for (guint i = 0; i < run.samples_kb->len; i++)
    peak_kb = MAX (peak_kb, g_array_index (run.samples_kb, gint64, i));
  half_kb = g_array_index (run.samples_kb, gint64, run.samples_kb->len / 2 - 1);
  end_kb = g_array_index (run.samples_kb, gint64, run.samples_kb->len - 1);

  load = dd_bench_describe_load ();
  g_print ("bench-chat-memory: %s; load %s\n", machine, load);
  g_print ("  %" G_GUINT64_FORMAT " messages in %.1f s (%.0f msg/s asked 50,000), %" G_GUINT64_FORMAT " archived\n",
           run.received, (end_us - start_us) / 1e6, run.received / ((end_us - start_us) / 1e6),
           dd_chat_pipeline_get_n_archived (pipeline));
  g_print ("  RSS every %u messages (MB):", SAMPLE_EVERY);
  for (guint i = 0; i < run.samples_kb->len; i++)
    g_print (" %.1f", g_array_index (run.samples_kb, gint64, i) / 1024.0);
  g_print ("\n  RSS at the end %.1f MB, peak %.1f MB (target <= 150 MB); last half grew %+.1f MB (%+.1f%%)\n",
           end_kb / 1024.0, peak_kb / 1024.0, (end_kb - half_kb) / 1024.0,
           100.0 * (end_kb - half_kb) / (double) half_kb);

  g_clear_object (&run.desk);
  g_clear_object (&run.log);
  g_array_unref (run.samples_kb);
  dd_store_close (store);
  g_clear_object (&store);
  dd_bench_remove_tree (dir);
  return 0;
}
