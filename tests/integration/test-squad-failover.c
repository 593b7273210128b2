/* test-squad-failover.c — a three-server JetStream cluster loses the server
 * a laptop is on: the laptop switches to another within 5 s, announces
 * itself again and reads on from where it was, nothing lost or doubled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-nats-jetstream.h"
#include "dd-nats-squad-channel.h"

#include "test-nats-fixture.c"
#include "test-squad-fixture.c"

#define N_SERVERS 3

static void
wait_for_jetstream (const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) client = nats_connect (url, NULL, NULL, &error);

  g_assert_no_error (error);
  for (guint attempt = 0; attempt < 200; attempt++)
    {
      g_autoptr(GError) info_error = NULL;
      g_autoptr(JsonObject) info = NULL;
      GAsyncResult *result = NULL;

      dd_nats_js_api_async (client, "INFO", NULL, NULL, store_result_cb, &result);
      info = dd_nats_js_api_finish (wait_for_result (&result, 15000), &info_error);
      g_object_unref (result);
      if (info != NULL)
        return;
      g_usleep (100000);
    }
  g_error ("JetStream's cluster never came up");
}

static void
test_failover (void)
{
  NatsServer *servers[N_SERVERS] = { NULL };
  char *ports[N_SERVERS] = { NULL };
  char *routes[N_SERVERS] = { NULL };
  const char *ws_urls[N_SERVERS + 1] = { NULL };
  g_autoptr(Laptop) maya = NULL;
  g_autoptr(Laptop) jonas = NULL;
  gint64 killed_at, switched_ms;

  for (guint i = 0; i < N_SERVERS; i++)
    {
      ports[i] = g_strdup_printf ("%d", nats_free_port ());
      routes[i] = g_strdup_printf ("nats-route://127.0.0.1:%s", ports[i]);
    }
  for (guint i = 0; i < N_SERVERS; i++)
    {
      const char *extra[] = { "--cluster-port", ports[i], "--route", routes[0], "--route", routes[1],
                              "--route", routes[2], NULL };

      servers[i] = nats_server_start (extra);
      ws_urls[i] = servers[i]->ws_url;
    }
  wait_for_jetstream (servers[0]->tcp_url);

  /* Maya's laptop knows all three (and is on the first); Jonas's never the first. */
  maya = laptop_open (ws_urls, "maya", "unused", "berlin-drop", DD_ROLE_PRODUCER, NULL);
  jonas = laptop_open (ws_urls + 1, "jonas", "unused", "berlin-drop", DD_ROLE_OPS_LEAD, NULL);
  g_assert_cmpstr (dd_nats_client_get_server_url (maya->client), ==, ws_urls[0]);
  send_when_ready (jonas, DD_CHAT_SOURCE_SQUAD, "before");
  g_assert_true (laptop_wait_heard (maya, 1, 10000));

  /* Maya's server fails. */
  nats_server_stop (servers[0]);
  killed_at = g_get_monotonic_time ();
  while (dd_nats_client_get_state (maya->client) == DD_NATS_STATE_CONNECTED &&
         g_strcmp0 (dd_nats_client_get_server_url (maya->client), ws_urls[0]) == 0)
    g_main_context_iteration (NULL, TRUE);
  while (dd_nats_client_get_state (maya->client) != DD_NATS_STATE_CONNECTED)
    g_main_context_iteration (NULL, TRUE);
  switched_ms = (g_get_monotonic_time () - killed_at) / 1000;
  g_test_message ("switched to %s after %" G_GINT64_FORMAT " ms",
                  dd_nats_client_get_server_url (maya->client), switched_ms);
  g_assert_cmpstr (dd_nats_client_get_server_url (maya->client), !=, ws_urls[0]);
  g_assert_cmpint (switched_ms, <, 5000);

  /* The replay goes on after "before", with nothing doubled. */
  send_when_ready (jonas, DD_CHAT_SOURCE_SQUAD, "after 1");
  send_when_ready (jonas, DD_CHAT_SOURCE_SQUAD, "after 2");
  g_assert_true (laptop_wait_heard (maya, 3, 20000));
  g_assert_cmpstr (g_ptr_array_index (maya->heard, 1), ==, "squad jonas: after 1");
  g_assert_cmpstr (g_ptr_array_index (maya->heard, 2), ==, "squad jonas: after 2");
  g_assert_cmpuint (maya->duplicates, ==, 0);
  g_assert_false (laptop_wait_heard (maya, 4, 500));

  /* Jonas still sees her: her laptop announces itself on the new server
   * (at once on reconnecting, then every heartbeat), and his presence
   * watcher, whose consumer may have been on the failed server, is made
   * again within a few seconds. */
  {
    gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < deadline && presence_of (jonas, "maya") != DD_SQUAD_PRESENCE_ONLINE)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    g_test_message ("maya online again for jonas %" G_GINT64_FORMAT " ms after her server failed",
                    (g_get_monotonic_time () - killed_at) / 1000);
  }
  g_assert_cmpint (presence_of (jonas, "maya"), ==, DD_SQUAD_PRESENCE_ONLINE);

  g_clear_pointer (&maya, laptop_free);
  g_clear_pointer (&jonas, laptop_free);
  for (guint i = 0; i < N_SERVERS; i++)
    {
      nats_server_free (servers[i]);
      g_free (ports[i]);
      g_free (routes[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/integration/squad-failover/primary-fails", test_failover);

  return g_test_run ();
}
