/* bench-squad-replay.c — replaying the squad stream into the local store
 *
 * Starts Debian's nats-server (build-aux/nats.sh, loopback, a temporary
 * folder; stopped by its PID), stores N squad events of about 200 bytes in
 * the squad's stream, then measures over WebSocket:
 *   1. a bare pull: one pull consumer without acks fetching batches, doing
 *      nothing with the messages (the baseline);
 *   2. the replay a laptop does after a disconnect, twice: DdNatsSquadChannel from
 *      cursor 0, each event parsed into a chat message and appended to the
 *      store's chat archive in batches, the cursor kept; the time ends when
 *      the last batch is committed. First with indexed appends (each batch
 *      fills the full-text index in its transaction, as live chat does),
 *      then with unindexed appends and the index built after the replay
 *      (timed apart, and checked with a search that must find every event).
 * Also prints the process's CPU time an event (main and store thread),
 * which a loaded machine distorts less than the wall clock.
 * Prints events/s and their ratios, with the machine's context. A
 * benchmark, not a test: nothing is asserted against a target.
 *
 * Usage: bench-squad-replay [--quick] [--events N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "dd-nats-jetstream.h"
#include "dd-nats-squad-channel.h"

#include "dd-bench-machine.h"
#include "test-nats-fixture.c"

#define SQUAD "bench"
#define IN_FLIGHT 256
#define PULL_BATCH 5000
#define STORE_BATCH 5000

typedef struct
{
  DdNatsClient *client;
  guint64 total;
  guint64 sent;
  guint64 acked;
  guint in_flight;
  gboolean done;
  char payload[256];
  gsize payload_len;
} Filler;

static void fill (Filler *filler);

static void
filled_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Filler *filler = user_data;
  g_autoptr(GError) error = NULL;

  filler->in_flight--;
  if (dd_nats_js_publish_finish (result, NULL, &error) == 0)
    g_error ("Filling the stream failed: %s", error->message);
  if (++filler->acked >= filler->total)
    filler->done = TRUE;
  else
    fill (filler);
}

static void
fill (Filler *filler)
{
  while (filler->in_flight < IN_FLIGHT && filler->sent < filler->total)
    {
      g_autofree char *id = g_strdup_printf ("bench-%" G_GUINT64_FORMAT, filler->sent);

      /* A distinct id per event, as the channel sends them. */
      memcpy (filler->payload + 8, id, MIN (strlen (id), 20));
      filler->in_flight++;
      filler->sent++;
      dd_nats_js_publish_async (filler->client, "dropdeck." SQUAD ".msg", NULL, -1,
                                filler->payload, filler->payload_len, 10000, NULL, filled_cb, filler);
    }
}

/* The stream and buckets exactly as the channel makes them. */
static void
set_up_squad (const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) client = nats_connect (url, NULL, NULL, &error);
  g_autoptr(DdNatsSquadChannel) channel = NULL;

  g_assert_no_error (error);
  channel = dd_nats_squad_channel_new (client, SQUAD, "setup", NULL, DD_ROLE_OPS_LEAD, NULL, &error);
  g_assert_no_error (error);
  dd_squad_channel_start (DD_SQUAD_CHANNEL (channel));
  while (!dd_nats_squad_channel_get_caught_up (channel))
    g_main_context_iteration (NULL, TRUE);
  dd_squad_channel_stop (DD_SQUAD_CHANNEL (channel));
  dd_nats_client_close (client);
}

static double
run_fill (const char *url,
          guint64     total)
{
  Filler filler = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 start;
  int len;

  filler.client = nats_connect (url, NULL, NULL, &error);
  g_assert_no_error (error);
  filler.total = total;
  len = g_snprintf (filler.payload, sizeof filler.payload,
                    "{\"id\":\"%-20s\",\"login\":\"jonas\",\"name\":\"Jonas Weber\",\"role\":\"ops-lead\","
                    "\"text\":\"Mitte is at 70%% pick capacity, routing overflow to Friedrichshain\"}", "");
  filler.payload_len = (gsize) len;
  start = g_get_monotonic_time ();
  fill (&filler);
  while (!filler.done)
    g_main_context_iteration (NULL, TRUE);
  dd_nats_client_close (filler.client);
  g_object_unref (filler.client);
  return (double) total / ((double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
}

/* Baseline: a bare pull, nothing done with the messages. */
static double
run_bare_pull (const char *url,
               guint64     total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) client = nats_connect (url, NULL, NULL, &error);
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autoptr(JsonObject) info = NULL;
  g_autofree char *stream = g_strconcat ("SQUAD_", SQUAD, NULL);
  GAsyncResult *result = NULL;
  guint64 pulled = 0;
  gint64 start;

  g_assert_no_error (error);
  json_object_set_string_member (extra, "ack_policy", "none");
  dd_nats_js_consumer_create_async (client, stream, "bare", NULL, extra, NULL, store_result_cb, &result);
  info = dd_nats_js_api_finish (wait_for_result (&result, 10000), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  while (pulled < total)
    {
      g_autoptr(GPtrArray) messages = NULL;

      dd_nats_js_fetch_async (client, stream, "bare", PULL_BATCH, 2000, NULL, store_result_cb, &result);
      messages = dd_nats_js_fetch_finish (wait_for_result (&result, 30000), &error);
      g_clear_object (&result);
      g_assert_no_error (error);
      pulled += messages->len;
    }
  dd_nats_client_close (client);
  return (double) total / ((double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
}

typedef struct
{
  DdStore *store;
  gboolean defer_index;
  GPtrArray *batch;
  guint64 heard;
  guint64 stored;
  guint64 total;
} Replay;

static void
appended_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dd_store_save_finish (DD_STORE (source), result, &error))
    g_error ("The store refused the replay: %s", error->message);
}

static void
flush_batch (Replay *replay)
{
  g_autoptr(GPtrArray) batch = g_steal_pointer (&replay->batch);

  replay->batch = g_ptr_array_new_with_free_func (g_object_unref);
  replay->stored += batch->len;
  if (replay->defer_index)
    dd_store_append_chat_unindexed_async (replay->store, batch, NULL, appended_cb, NULL);
  else
    dd_store_append_chat_async (replay->store, batch, NULL, appended_cb, NULL);
}

static void
heard_cb (DdSquadChannel *channel,
          DdChatMessage  *message,
          Replay         *replay)
{
  g_ptr_array_add (replay->batch, g_object_ref (message));
  if (++replay->heard >= replay->total || replay->batch->len >= STORE_BATCH)
    flush_batch (replay);
}

static void
count_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(gint64 *) user_data = dd_store_count_finish (DD_STORE (source), result, NULL);
}

/* CPU seconds of this process (every thread), user + system. */
static double
process_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_utime.tv_sec + (double) usage.ru_utime.tv_usec / G_USEC_PER_SEC +
         (double) usage.ru_stime.tv_sec + (double) usage.ru_stime.tv_usec / G_USEC_PER_SEC;
}

static void
indexed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dd_store_save_finish (DD_STORE (source), result, &error))
    g_error ("The store could not index the replay: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = dd_store_load_finish (DD_STORE (source), result, &error);

  g_assert_no_error (error);
  *(gint64 *) user_data = found->len;
}

/* defer_index: archive first, full-text index after (and timed apart). */
/* CPU seconds of the calling thread. */
static double
thread_cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static double
run_replay (const char *url,
            const char *db_path,
            guint64     total,
            gboolean    defer_index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) client = nats_connect (url, NULL, NULL, &error);
  g_autoptr(DdNatsSquadChannel) channel = NULL;
  g_autoptr(DdStore) store = dd_store_open_sync (db_path, NULL, &error);
  Replay replay = { 0 };
  gint64 start, heard_us, counted = -1;
  double rate, cpu_start, main_cpu_start, main_cpu_s;

  g_assert_no_error (error);
  replay.store = store;
  replay.defer_index = defer_index;
  replay.total = total;
  replay.batch = g_ptr_array_new_with_free_func (g_object_unref);
  channel = dd_nats_squad_channel_new (client, SQUAD, "reader", NULL, DD_ROLE_PRODUCER, NULL, &error);
  g_assert_no_error (error);
  dd_nats_squad_channel_set_store (channel, store);
  g_signal_connect (channel, "squad-message", G_CALLBACK (heard_cb), &replay);

  cpu_start = process_cpu_s ();
  main_cpu_start = thread_cpu_s ();
  start = g_get_monotonic_time ();
  dd_squad_channel_start (DD_SQUAD_CHANNEL (channel));
  while (replay.heard < total)
    g_main_context_iteration (NULL, TRUE);
  heard_us = g_get_monotonic_time () - start;
  /* The store runs jobs in order: the count comes after the last append. */
  dd_store_count_chat_async (store, NULL, count_done_cb, &counted);
  while (counted < 0)
    g_main_context_iteration (NULL, TRUE);
  rate = (double) total / ((double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
  main_cpu_s = thread_cpu_s () - main_cpu_start;
  g_print ("  (all events heard after %.2f s, committed after %.2f s; %.2f CPU s in this process, "
           "%.2f us of CPU an event: %.2f on the main thread, %.2f on the store's)\n",
           (double) heard_us / G_USEC_PER_SEC, (double) total / rate, process_cpu_s () - cpu_start,
           (process_cpu_s () - cpu_start) * G_USEC_PER_SEC / (double) total,
           main_cpu_s * G_USEC_PER_SEC / (double) total,
           (process_cpu_s () - cpu_start - main_cpu_s) * G_USEC_PER_SEC / (double) total);
  if ((guint64) counted != total)
    g_print ("  (the archive holds %" G_GINT64_FORMAT " of %" G_GUINT64_FORMAT " events)\n", counted, total);
  if (defer_index)
    {
      gboolean indexed = FALSE;
      gint64 found = -1;

      start = g_get_monotonic_time ();
      dd_store_index_chat_async (store, NULL, indexed_cb, &indexed);
      while (!indexed)
        g_main_context_iteration (NULL, TRUE);
      /* Every event is findable: the search sees the whole replay. */
      dd_store_search_chat_async (store, "Friedrichshain", 0, NULL, search_done_cb, &found);
      while (found < 0)
        g_main_context_iteration (NULL, TRUE);
      g_print ("  (the full-text index of all %" G_GUINT64_FORMAT " took %.2f s after the replay; "
               "a search then finds %" G_GINT64_FORMAT ")\n",
               total, (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC, found);
    }
  dd_squad_channel_stop (DD_SQUAD_CHANNEL (channel));
  dd_nats_client_close (client);
  g_ptr_array_unref (replay.batch);
  return rate;
}

int
main (int   argc,
      char *argv[])
{
  gboolean quick = FALSE;
  gint64 events = 0;
  GOptionEntry entries[] = {
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "A short run (CI smoke test)", NULL },
    { "events", 0, 0, G_OPTION_ARG_INT64, &events, "Events to store and replay", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(NatsServer) server = NULL;
  g_autofree char *machine = dd_bench_describe_machine ();
  g_autofree char *load = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *indexed_db_path = NULL;
  double fill_rate, pull_rate, replay_rate, indexed_rate;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (events <= 0)
    events = quick ? 100000 : 1000000;
  /* build-aux/nats.sh, for the fixture. */
  g_setenv ("DD_SOURCE_ROOT", DD_SOURCE_DIR, FALSE);

  server = nats_server_start (NULL);
  db_path = g_build_filename (server->dir, "replay.db", NULL);
  indexed_db_path = g_build_filename (server->dir, "replay-indexed.db", NULL);
  set_up_squad (server->ws_url);
  fill_rate = run_fill (server->ws_url, (guint64) events);
  pull_rate = run_bare_pull (server->ws_url, (guint64) events);
  indexed_rate = run_replay (server->ws_url, indexed_db_path, (guint64) events, FALSE);
  replay_rate = run_replay (server->ws_url, db_path, (guint64) events, TRUE);

  load = dd_bench_describe_load ();
  g_print ("machine: %s, load %s\n", machine, load);
  g_print ("client:  Dropdeck %s, WebSocket on 127.0.0.1, %" G_GINT64_FORMAT " squad events stored "
           "(filled at %.0f events/s, 256 acks in flight)\n", PACKAGE_VERSION, events, fill_rate);
  g_print ("bare pull (baseline):     %10.0f events/s  (batches of %d, no acks, nothing done)\n",
           pull_rate, PULL_BATCH);
  g_print ("replay, indexed appends:  %10.0f events/s  (before: each batch also fills the full-text "
           "index in its transaction)\n", indexed_rate);
  g_print ("replay into the store:    %10.0f events/s  (ordered consumer -> chat messages -> "
           "chat archive in batches of %d, full-text index after; target >= 200,000)\n",
           replay_rate, STORE_BATCH);
  g_print ("replay / bare pull:       %10.2f\n", replay_rate / pull_rate);
  g_print ("replay / indexed appends: %10.2f\n", replay_rate / indexed_rate);
  return 0;
}
