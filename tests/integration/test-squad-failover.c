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

#define N_SERVERS 3

typedef struct
{
  DdNatsClient *client;
  DdNatsSquadChannel *channel;
  GPtrArray *heard;
  GHashTable *ids;
  guint duplicates;
} Laptop;

static void
heard_cb (DdSquadChannel *channel,
          DdChatMessage  *message,
          Laptop         *laptop)
{
  if (!g_hash_table_add (laptop->ids, g_strdup (dd_chat_message_get_id (message))))
    laptop->duplicates++;
  g_ptr_array_add (laptop->heard, g_strdup (dd_chat_message_get_text (message)));
}

static Laptop *
laptop_new (const char * const *servers,
            const char         *login,
            DdRole              role)
{
  Laptop *laptop = g_new0 (Laptop, 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  laptop->client = dd_nats_client_new (servers);
  dd_nats_client_set_reconnect_delay (laptop->client, 100, 1000);
  dd_nats_client_connect_async (laptop->client, NULL, store_result_cb, &result);
  g_assert_true (dd_nats_client_connect_finish (laptop->client, wait_for_result (&result, 10000), &error));
  laptop->channel = dd_nats_squad_channel_new (laptop->client, "fail-drop", login, login, role, NULL, &error);
  g_assert_no_error (error);
  dd_nats_squad_channel_set_presence_timing (laptop->channel, 200, 900, 1800);
  laptop->heard = g_ptr_array_new_with_free_func (g_free);
  laptop->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (laptop->channel, "squad-message", G_CALLBACK (heard_cb), laptop);
  dd_squad_channel_start (DD_SQUAD_CHANNEL (laptop->channel));
  while (!dd_nats_squad_channel_get_caught_up (laptop->channel))
    g_main_context_iteration (NULL, TRUE);
  return laptop;
}

static void
laptop_free (Laptop *laptop)
{
  g_clear_object (&laptop->channel);
  dd_nats_client_close (laptop->client);
  g_clear_object (&laptop->client);
  g_ptr_array_unref (laptop->heard);
  g_hash_table_unref (laptop->ids);
  g_free (laptop);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Laptop, laptop_free)

/* Waits until the squad stream answers through `client` (a new stream
 * leader may be being elected), then sends once. */
static void
send_when_ready (Laptop     *laptop,
                 const char *text)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autoptr(JsonObject) info = NULL;

      dd_nats_js_stream_info_async (laptop->client, "SQUAD_fail-drop", NULL, store_result_cb, &result);
      info = dd_nats_js_api_finish (wait_for_result (&result, 15000), NULL);
      g_clear_object (&result);
      if (info != NULL && json_object_has_member (json_object_get_object_member (info, "cluster"), "leader"))
        break;
      g_usleep (100000);
    }
  dd_nats_squad_channel_send_async (laptop->channel, DD_CHAT_SOURCE_SQUAD, text, NULL, store_result_cb, &result);
  g_assert_cmpuint (dd_nats_squad_channel_send_finish (laptop->channel, wait_for_result (&result, 15000), &error), >, 0);
  g_assert_no_error (error);
  g_object_unref (result);
}

static gboolean
wait_for_heard (Laptop *laptop,
                guint   n,
                guint   timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (laptop->heard->len < n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return laptop->heard->len == n;
}

static DdSquadPresence
presence_of (Laptop     *laptop,
             const char *name)
{
  GListModel *members = dd_squad_channel_get_members (DD_SQUAD_CHANNEL (laptop->channel));

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(DdSquadMember) member = g_list_model_get_item (members, i);

      if (g_str_equal (dd_squad_member_get_name (member), name))
        return dd_squad_member_get_presence (member);
    }
  return DD_SQUAD_PRESENCE_GONE;
}

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
  maya = laptop_new (ws_urls, "maya", DD_ROLE_PRODUCER);
  jonas = laptop_new (ws_urls + 1, "jonas", DD_ROLE_OPS_LEAD);
  g_assert_cmpstr (dd_nats_client_get_server_url (maya->client), ==, ws_urls[0]);
  send_when_ready (jonas, "before");
  g_assert_true (wait_for_heard (maya, 1, 10000));

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
  send_when_ready (jonas, "after 1");
  send_when_ready (jonas, "after 2");
  g_assert_true (wait_for_heard (maya, 3, 20000));
  g_assert_cmpstr (g_ptr_array_index (maya->heard, 1), ==, "after 1");
  g_assert_cmpstr (g_ptr_array_index (maya->heard, 2), ==, "after 2");
  g_assert_cmpuint (maya->duplicates, ==, 0);
  g_assert_false (wait_for_heard (maya, 4, 500));

  /* Jonas still sees her: her laptop announces itself on the new server. */
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
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
