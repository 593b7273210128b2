/* test-squad-venue.c — venue mode: a venue laptop's nats-server as a leaf
 * node of the cloud server, with its own JetStream domain; the cloud's squad
 * stream sources the venue's. Work goes on on the LAN while the cloud is
 * down and arrives upstream, in order and once, when it is back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-nats-jetstream.h"
#include "dd-nats-squad-channel.h"

#include "test-nats-fixture.c"
#include "test-squad-fixture.c"

/* The cloud's SQUAD stream holds nothing of its own: it sources the
 * venue's through the venue domain's API (set up with dropdeckctl). */
static void
source_venue (const char *cloud_url)
{
  const char *argv[] = { g_getenv ("DD_DROPDECKCTL"), "squad", "source-venue", "--venue-domain", "venue",
                         "--squad", "berlin-drop", "--role", "producer", "--url", cloud_url,
                         "--user", "maya", "--password-stdin", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, "unused\n", NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != 0)
    g_error ("dropdeckctl squad source-venue: %s", err);
}

static void
test_venue_outage (void)
{
  g_autofree char *leaf_port = g_strdup_printf ("%d", nats_free_port ());
  g_autofree char *leaf_url = g_strdup_printf ("nats-leaf://127.0.0.1:%s", leaf_port);
  const char *cloud_args[] = { "--domain", "cloud", "--leaf-port", leaf_port, NULL };
  g_autoptr(NatsServer) cloud = nats_server_start (cloud_args);
  const char *venue_args[] = { "--domain", "venue", "--leaf-of", leaf_url, NULL };
  g_autoptr(NatsServer) venue = nats_server_start (venue_args);
  g_autoptr(Laptop) ops = NULL;
  g_autoptr(Laptop) remote = NULL;
  g_autoptr(DdNatsClient) admin = NULL;
  g_autoptr(GError) error = NULL;

  /* The venue laptop sets the squad up on the venue server. */
  ops = laptop_new (venue->ws_url, "jonas", DD_ROLE_OPS_LEAD, NULL);
  admin = nats_connect (cloud->tcp_url, NULL, NULL, &error);
  g_assert_no_error (error);
  source_venue (cloud->tcp_url);
  remote = laptop_new (cloud->ws_url, "maya", DD_ROLE_PRODUCER, NULL);

  send_when_ready (ops, DD_CHAT_SOURCE_SQUAD, "venue 1");
  send_when_ready (ops, DD_CHAT_SOURCE_SQUAD, "venue 2");
  g_assert_true (laptop_wait_heard (remote, 2, 20000));

  /* The internet goes: the LAN carries on. */
  nats_server_stop (cloud);
  for (guint i = 3; i <= 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("venue %u", i);

      send_when_ready (ops, DD_CHAT_SOURCE_SQUAD, text);
    }
  g_assert_true (laptop_wait_heard (ops, 5, 10000));

  /* It comes back: upstream catches up, in order, once. */
  nats_server_start_again (cloud);
  g_assert_true (laptop_wait_heard (remote, 5, 30000));
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("squad jonas: venue %u", i + 1);

      g_assert_cmpstr (g_ptr_array_index (remote->heard, i), ==, text);
    }
  g_assert_cmpuint (remote->duplicates, ==, 0);
  g_assert_false (laptop_wait_heard (remote, 6, 1000));

  /* The cloud itself holds them (the venue's are not read through the leaf). */
  {
    g_autoptr(JsonObject) info = NULL;
    GAsyncResult *result = NULL;

    dd_nats_js_stream_info_async (admin, "SQUAD_berlin-drop", NULL, store_result_cb, &result);
    info = dd_nats_js_api_finish (wait_for_result (&result, 10000), &error);
    g_object_unref (result);
    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (info, "state"), "messages"), ==, 5);
    g_assert_true (json_object_has_member (json_object_get_object_member (info, "config"), "sources"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/integration/squad-venue/outage", test_venue_outage);

  return g_test_run ();
}
