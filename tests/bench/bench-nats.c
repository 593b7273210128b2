/* bench-nats.c — NATS publish rates over WebSocket against a real nats-server
 *
 * Starts Debian's nats-server (build-aux/nats.sh, free loopback ports, a
 * temporary folder; stopped by its PID) and measures, with 200-byte
 * messages over WebSocket:
 *   1. core publish: one connection publishes, a second one subscribes;
 *      the rate counts messages the subscriber received (the publisher
 *      stays at most a window ahead, so nothing is dropped as slow);
 *   2. JetStream publish to a file-backed stream with 256 acks in flight:
 *      the rate counts PubAcks.
 * Prints msgs/s and MB/s with the machine's context. A benchmark, not a
 * test: nothing here is asserted against a target.
 *
 * Usage: bench-nats [--quick] [--core N] [--js N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "dd-nats-jetstream.h"

#include "dd-bench-machine.h"

#define MESSAGE_SIZE 200
#define CORE_WINDOW 100000
#define CORE_BATCH 2000
#define JS_IN_FLIGHT 256

typedef struct
{
  DdNatsClient *publisher;
  DdNatsClient *subscriber;
  char payload[MESSAGE_SIZE];
  guint64 total;
  guint64 sent;
  guint64 received;
  guint64 acked;
  guint64 failed;
  guint in_flight;
  gboolean done;
} Bench;

/* Server */

static char *server_dir;
static int server_port, server_ws_port;

static int
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  if (!g_socket_bind (socket, any, FALSE, NULL))
    g_error ("No free port");
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
run_script (const char *action)
{
  g_autofree char *script = g_build_filename (DD_SOURCE_DIR, "build-aux", "nats.sh", NULL);
  g_autofree char *port = g_strdup_printf ("%d", server_port);
  g_autofree char *ws_port = g_strdup_printf ("%d", server_ws_port);
  g_autofree char *watch = g_strdup_printf ("%d", (int) getpid ());
  const char *start[] = { script, "start", server_dir, port, ws_port, "--watch-pid", watch, NULL };
  const char *stop[] = { script, "stop", server_dir, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) (g_str_equal (action, "start") ? start : stop), NULL,
                     G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("nats.sh %s: %s", action, error->message);
}

/* Helpers */

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static DdNatsClient *
connect_ws (void)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%d", server_ws_port);
  const char *servers[] = { url, NULL };
  DdNatsClient *client = dd_nats_client_new (servers);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dd_nats_client_connect_async (client, NULL, store_result_cb, &result);
  if (!dd_nats_client_connect_finish (client, wait_result (&result), &error))
    g_error ("Cannot connect: %s", error->message);
  return client;
}

static void
flush_sync (DdNatsClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;

  dd_nats_client_flush_async (client, NULL, store_result_cb, &result);
  dd_nats_client_flush_finish (client, wait_result (&result), NULL);
}

/* Core publish */

static void
count_cb (DdNatsClient    *client,
          const DdNatsMsg *msg,
          gpointer         user_data)
{
  Bench *bench = user_data;

  if (msg->len == MESSAGE_SIZE)
    bench->received++;
  if (bench->received >= bench->total)
    bench->done = TRUE;
}

static gboolean
publish_batch_cb (gpointer user_data)
{
  Bench *bench = user_data;
  guint64 limit = MIN (bench->total, bench->received + CORE_WINDOW);

  for (guint i = 0; i < CORE_BATCH && bench->sent < limit; i++, bench->sent++)
    dd_nats_client_publish (bench->publisher, "bench.core", NULL, NULL,
                            bench->payload, MESSAGE_SIZE, NULL);
  return bench->sent < bench->total ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static double
run_core (guint64 total)
{
  Bench bench = { 0 };
  gint64 start, end;

  memset (bench.payload, 'x', MESSAGE_SIZE);
  bench.total = total;
  bench.publisher = connect_ws ();
  bench.subscriber = connect_ws ();
  dd_nats_client_subscribe (bench.subscriber, "bench.core", NULL, count_cb, &bench, NULL, NULL);
  flush_sync (bench.subscriber);

  start = g_get_monotonic_time ();
  g_idle_add (publish_batch_cb, &bench);
  while (!bench.done)
    g_main_context_iteration (NULL, TRUE);
  end = g_get_monotonic_time ();

  g_object_unref (bench.publisher);
  g_object_unref (bench.subscriber);
  return (double) total / ((double) (end - start) / G_USEC_PER_SEC);
}

/* JetStream publish */

static void js_fill (Bench *bench);

static void
js_acked_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;

  bench->in_flight--;
  if (dd_nats_js_publish_finish (result, NULL, &error) > 0)
    bench->acked++;
  else
    bench->failed++;
  if (bench->acked + bench->failed >= bench->total)
    bench->done = TRUE;
  else
    js_fill (bench);
}

static void
js_fill (Bench *bench)
{
  while (bench->in_flight < JS_IN_FLIGHT && bench->sent < bench->total)
    {
      bench->in_flight++;
      bench->sent++;
      dd_nats_js_publish_async (bench->publisher, "bench.js", NULL, -1, bench->payload,
                                MESSAGE_SIZE, 10000, NULL, js_acked_cb, bench);
    }
}

static double
run_jetstream (guint64 total)
{
  Bench bench = { 0 };
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *subjects = json_array_new ();
  gint64 start, end;

  memset (bench.payload, 'j', MESSAGE_SIZE);
  bench.total = total;
  bench.publisher = connect_ws ();

  json_array_add_string_element (subjects, "bench.js");
  json_object_set_string_member (config, "name", "BENCH");
  json_object_set_array_member (config, "subjects", subjects);
  json_object_set_string_member (config, "storage", "file");
  dd_nats_js_stream_create_async (bench.publisher, config, NULL, store_result_cb, &result);
  info = dd_nats_js_api_finish (wait_result (&result), &error);
  if (info == NULL)
    g_error ("Cannot create the stream: %s", error->message);

  start = g_get_monotonic_time ();
  js_fill (&bench);
  while (!bench.done)
    g_main_context_iteration (NULL, TRUE);
  end = g_get_monotonic_time ();

  if (bench.failed > 0)
    g_print ("  (%" G_GUINT64_FORMAT " publishes failed)\n", bench.failed);
  g_object_unref (bench.publisher);
  return (double) bench.acked / ((double) (end - start) / G_USEC_PER_SEC);
}

/* Context */

static void
print_context (void)
{
  g_autofree char *machine = dd_bench_describe_machine ();
  g_autofree char *load = dd_bench_describe_load ();
  g_autofree char *version = NULL;

  g_spawn_command_line_sync ("/usr/sbin/nats-server --version", &version, NULL, NULL, NULL);
  g_print ("machine: %s, load %s\n", machine, load);
  g_print ("server:  %s", version != NULL ? version : "nats-server ?\n");
  g_print ("client:  Dropdeck %s, WebSocket (libsoup %u.%u.%u) on 127.0.0.1, %d-byte messages\n",
           PACKAGE_VERSION, soup_get_major_version (), soup_get_minor_version (),
           soup_get_micro_version (), MESSAGE_SIZE);
}

int
main (int   argc,
      char *argv[])
{
  gboolean quick = FALSE;
  gint64 core_total = 0, js_total = 0;
  GOptionEntry entries[] = {
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "A short run (CI smoke test)", NULL },
    { "core", 0, 0, G_OPTION_ARG_INT64, &core_total, "Core messages to publish", "N" },
    { "js", 0, 0, G_OPTION_ARG_INT64, &js_total, "JetStream messages to publish", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  double core_rate, js_rate;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (core_total <= 0)
    core_total = quick ? 300000 : 3000000;
  if (js_total <= 0)
    js_total = quick ? 50000 : 500000;

  server_dir = g_dir_make_tmp ("dropdeck-bench-nats-XXXXXX", &error);
  g_assert_no_error (error);
  server_port = free_port ();
  do
    server_ws_port = free_port ();
  while (server_ws_port == server_port);
  run_script ("start");

  print_context ();
  core_rate = run_core ((guint64) core_total);
  g_print ("core publish:      %10.0f msgs/s  %7.1f MB/s  (%" G_GINT64_FORMAT " received by a subscriber; target >= 300,000)\n",
           core_rate, core_rate * MESSAGE_SIZE / 1e6, core_total);
  js_rate = run_jetstream ((guint64) js_total);
  g_print ("JetStream publish: %10.0f msgs/s  %7.1f MB/s  (%" G_GINT64_FORMAT " acked, %d in flight, file storage; target >= 100,000)\n",
           js_rate, js_rate * MESSAGE_SIZE / 1e6, js_total, JS_IN_FLIGHT);

  run_script ("stop");
  {
    g_autofree char *command = g_strdup_printf ("rm -rf %s", server_dir);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  return 0;
}
