/* test-squad-channel.c — two "laptops" on one squad through a real nats-server
 *
 * Presence (with a laptop that vanishes), messages, cues and alerts, shared
 * state with compare-and-swap, and replay from the stored cursor across a
 * restart of the app and of the server (stopped by PID).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-nats-jetstream.h"
#include "dd-nats-squad-channel.h"
#include "dd-store-cursors.h"

#include "test-nats-fixture.c"
#include "test-squad-fixture.c"

static gboolean
wait_for_presence (Laptop          *laptop,
                   const char      *name,
                   DdSquadPresence  presence,
                   guint            timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (presence_of (laptop, name) != presence)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

static void
test_two_laptops (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(Laptop) maya = laptop_new (server->ws_url, "maya", DD_ROLE_PRODUCER, NULL);
  g_autoptr(Laptop) jonas = laptop_new (server->tcp_url, "jonas", DD_ROLE_OPS_LEAD, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_state = NULL;
  guint64 revision, seen_revision = 0;
  gboolean was_away = FALSE;

  /* Each sees both. */
  g_assert_true (wait_for_presence (maya, "jonas", DD_SQUAD_PRESENCE_ONLINE, 5000));
  g_assert_true (wait_for_presence (jonas, "maya", DD_SQUAD_PRESENCE_ONLINE, 5000));
  g_assert_true (wait_for_presence (jonas, "jonas", DD_SQUAD_PRESENCE_ONLINE, 5000));

  g_assert_cmpuint (send_sync (maya, DD_CHAT_SOURCE_SQUAD, "Two minutes to the hoodie segment", &error), ==, 1);
  g_assert_no_error (error);
  send_sync (maya, DD_CHAT_SOURCE_CUE, "Mention the bundle saves 8 euros", &error);
  g_assert_no_error (error);
  send_sync (jonas, DD_CHAT_SOURCE_ALERT, "Neukölln courier delayed 10 minutes", &error);
  g_assert_no_error (error);
  wait_for_heard (maya, 3);
  wait_for_heard (jonas, 3);
  g_assert_cmpstr (g_ptr_array_index (jonas->heard, 0), ==, "squad maya: Two minutes to the hoodie segment");
  g_assert_cmpstr (g_ptr_array_index (jonas->heard, 1), ==, "cue maya: Mention the bundle saves 8 euros");
  g_assert_cmpstr (g_ptr_array_index (maya->heard, 2), ==, "alert jonas: Neukölln courier delayed 10 minutes");
  g_assert_cmpuint (dd_nats_squad_channel_get_cursor (maya->channel), ==, 3);

  /* Bytes from some other tool are shown as they came (repaired), not dropped. */
  {
    GAsyncResult *result = NULL;

    dd_nats_js_publish_async (maya->client, "dropdeck.berlin-drop.msg", NULL, -1, "not json \xff", 10, 5000,
                              NULL, store_result_cb, &result);
    wait_for_result (&result, 15000);
    g_assert_cmpuint (dd_nats_js_publish_finish (result, NULL, &error), ==, 4);
    g_assert_no_error (error);
    g_object_unref (result);
    wait_for_heard (jonas, 4);
    g_assert_cmpstr (g_ptr_array_index (jonas->heard, 3), ==, "squad ?: not json \xef\xbf\xbd");
  }

  /* Shared state: a compare-and-swap conflict is reported, not overwritten. */
  revision = set_state_sync (maya, "offer.42.lifecycle", "live", 0, &error);
  g_assert_no_error (error);
  expected_state = g_strdup_printf ("offer.42.lifecycle=live@%" G_GUINT64_FORMAT, revision);
  while (g_strcmp0 (jonas->last_state, expected_state) != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (dd_nats_squad_channel_get_state (jonas->channel, "offer.42.lifecycle", &seen_revision), ==, "live");
  g_assert_cmpuint (seen_revision, ==, revision);
  g_assert_cmpuint (set_state_sync (jonas, "offer.42.lifecycle", "paused", 0, &error), ==, 0);
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "offer.42.lifecycle"));
  g_clear_error (&error);
  g_assert_cmpuint (set_state_sync (jonas, "offer.42.lifecycle", "paused", (gint64) revision, &error), >, revision);
  g_assert_no_error (error);
  g_assert_cmpuint (set_state_sync (jonas, "stock.1", "x", -1, &error), ==, 0);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  /* Jonas's laptop vanishes (no goodbye): away, then gone. */
  dd_nats_client_close (jonas->client);
  while (presence_of (maya, "jonas") != DD_SQUAD_PRESENCE_GONE)
    {
      if (presence_of (maya, "jonas") == DD_SQUAD_PRESENCE_AWAY)
        was_away = TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  g_assert_true (was_away);
  g_assert_cmpint (presence_of (maya, "maya"), ==, DD_SQUAD_PRESENCE_ONLINE);
}

typedef struct
{
  GPtrArray *entries;
  GPtrArray *members;
  GPtrArray *refused;
} LedgerSeen;

static void
ledger_entry_cb (DdNatsSquadChannel *channel,
                 DdLedgerEntry      *entry,
                 const char         *member,
                 LedgerSeen         *seen)
{
  g_ptr_array_add (seen->entries, dd_ledger_entry_ref (entry));
  g_ptr_array_add (seen->members, g_strdup (member));
}

static void
failed_cb (DdNatsSquadChannel *channel,
           const GError       *error,
           LedgerSeen         *seen)
{
  g_ptr_array_add (seen->refused, g_strdup (error->message));
}

static guint64
publish_ledger_sync (Laptop        *laptop,
                     DdLedgerEntry *entry)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  guint64 seq;

  dd_nats_squad_channel_publish_ledger_async (laptop->channel, entry, NULL, store_result_cb, &result);
  seq = dd_nats_squad_channel_send_finish (laptop->channel, wait_for_result (&result, 15000), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return seq;
}

static void
test_ledger_replicated (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(Laptop) maya = laptop_new (server->ws_url, "maya", DD_ROLE_PRODUCER, NULL);
  g_autoptr(Laptop) jonas = laptop_new (server->tcp_url, "jonas", DD_ROLE_OPS_LEAD, NULL);
  g_autoptr(DdLedgerEntry) draft = NULL;
  g_autoptr(DdLedgerEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *tampered = NULL;
  LedgerSeen seen = { g_ptr_array_new_with_free_func ((GDestroyNotify) dd_ledger_entry_unref),
                      g_ptr_array_new_with_free_func (g_free),
                      g_ptr_array_new_with_free_func (g_free) };
  DdLedgerFields fields = { 0 };
  GAsyncResult *result = NULL;
  DdLedgerEntry *received;
  guint64 seq;

  g_signal_connect (jonas->channel, "ledger-entry", G_CALLBACK (ledger_entry_cb), &seen);
  g_signal_connect (jonas->channel, "failed", G_CALLBACK (failed_cb), &seen);
  fields.entry_id = id;
  fields.time_us = g_get_real_time ();
  fields.actor = "maya";
  fields.role = "producer";
  fields.entity = "offer";
  fields.entity_id = "42";
  fields.field = "lifecycle";
  fields.before = "draft";
  fields.after = "live";
  draft = dd_ledger_entry_new (&fields);
  entry = dd_ledger_entry_seal (draft, 1, DD_LEDGER_GENESIS_HASH);

  /* A retry (the first ack lost, say) is stored once. */
  seq = publish_ledger_sync (maya, entry);
  g_assert_cmpuint (publish_ledger_sync (maya, entry), ==, seq);
  while (seen.entries->len < 1)
    g_main_context_iteration (NULL, TRUE);
  received = g_ptr_array_index (seen.entries, 0);
  g_assert_cmpstr (dd_ledger_entry_get_hash (received), ==, dd_ledger_entry_get_hash (entry));
  g_assert_cmpstr (dd_ledger_entry_get_after (received), ==, "live");
  g_assert_cmpstr (dd_ledger_entry_get_actor (received), ==, "maya");
  g_assert_cmpstr (g_ptr_array_index (seen.members, 0), ==, "maya");

  /* An entry changed on the way is refused, and said so. */
  {
    g_autoptr(GString) text = g_string_new (NULL);

    g_string_printf (text, "{\"seq\":1,\"time_us\":%" G_GINT64_FORMAT ",\"entry_id\":\"%s-x\",\"actor\":\"maya\","
                     "\"role\":\"producer\",\"entity\":\"offer\",\"entity_id\":\"42\",\"field\":\"lifecycle\","
                     "\"before\":\"draft\",\"after\":\"ended\",\"reason\":null,\"chat_message_id\":null,"
                     "\"prev_hash\":\"%s\",\"hash\":\"%s\"}",
                     fields.time_us, id, DD_LEDGER_GENESIS_HASH, dd_ledger_entry_get_hash (entry));
    tampered = g_string_free (g_steal_pointer (&text), FALSE);
  }
  dd_nats_js_publish_async (maya->client, "dropdeck.berlin-drop.ledger", NULL, -1, tampered, strlen (tampered),
                            5000, NULL, store_result_cb, &result);
  g_assert_cmpuint (dd_nats_js_publish_finish (wait_for_result (&result, 15000), NULL, &error), >, seq);
  g_assert_no_error (error);
  g_object_unref (result);
  while (seen.refused->len < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (g_ptr_array_index (seen.refused, 0), "does not match its hash"));
  g_assert_cmpuint (seen.entries->len, ==, 1);
  g_ptr_array_unref (seen.entries);
  g_ptr_array_unref (seen.members);
  g_ptr_array_unref (seen.refused);
}

/* A publisher on its own thread and main context, so that the laptop under
 * test can stall its own main loop while the squad goes on. A publish that
 * is not acknowledged in time goes again with the same id (stored once). */
typedef struct
{
  const char *url;
  guint total;
  guint acked;
  guint in_flight;
  guint sent;
  GQueue retry;
  GMainContext *context;
  DdNatsClient *client;
} Flood;

typedef struct
{
  Flood *flood;
  guint index;
} FloodAttempt;

static void
flood_acked_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FloodAttempt *attempt = user_data;
  Flood *flood = attempt->flood;

  flood->in_flight--;
  if (dd_nats_js_publish_finish (result, NULL, NULL) > 0)
    flood->acked++;
  else
    g_queue_push_tail (&flood->retry, GUINT_TO_POINTER (attempt->index));
  g_free (attempt);
}

static void
flood_fill (Flood *flood)
{
  while (flood->in_flight < 256 && (flood->sent < flood->total || !g_queue_is_empty (&flood->retry)))
    {
      FloodAttempt *attempt = g_new0 (FloodAttempt, 1);
      g_autofree char *id = NULL;
      g_autofree char *json = NULL;

      attempt->flood = flood;
      attempt->index = !g_queue_is_empty (&flood->retry) ? GPOINTER_TO_UINT (g_queue_pop_head (&flood->retry))
                                                         : flood->sent++;
      id = g_strdup_printf ("flood-%u", attempt->index);
      json = g_strdup_printf ("{\"id\":\"%s\",\"login\":\"bot\",\"text\":\"%u\"}", id, attempt->index);
      flood->in_flight++;
      dd_nats_js_publish_async (flood->client, "dropdeck.berlin-drop.msg", id, -1, json, strlen (json), 10000,
                                NULL, flood_acked_cb, attempt);
    }
}

static gpointer
flood_thread (gpointer user_data)
{
  Flood *flood = user_data;
  g_autoptr(DdNatsClient) client = NULL;
  g_autoptr(GError) error = NULL;
  const char *servers[] = { flood->url, NULL };
  GAsyncResult *result = NULL;

  g_main_context_push_thread_default (flood->context);
  client = dd_nats_client_new (servers);
  dd_nats_client_connect_async (client, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (flood->context, TRUE);
  g_assert_true (dd_nats_client_connect_finish (client, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
  flood->client = client;
  while (flood->acked < flood->total)
    {
      flood_fill (flood);
      g_main_context_iteration (flood->context, TRUE);
    }
  dd_nats_client_close (client);
  g_clear_object (&client);
  g_main_context_pop_thread_default (flood->context);
  return NULL;
}

static void
test_reader_stalls (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(Laptop) maya = laptop_new (server->ws_url, "maya", DD_ROLE_PRODUCER, NULL);
  Flood flood = { server->tcp_url, 20000, 0, 0, 0, G_QUEUE_INIT, g_main_context_new (), NULL };
  GThread *thread;

  /* The laptop's main loop stops for 4 s while 20,000 events pour in. */
  thread = g_thread_new ("flood", flood_thread, &flood);
  g_usleep (4 * G_USEC_PER_SEC);
  wait_for_heard (maya, flood.total);
  g_thread_join (thread);
  g_main_context_unref (flood.context);
  for (guint i = 0; i < flood.total; i += 997)
    {
      g_autofree char *expected = g_strdup_printf ("squad bot: %u", i);

      g_assert_cmpstr (g_ptr_array_index (maya->heard, i), ==, expected);
    }
  g_assert_cmpuint (dd_nats_squad_channel_get_cursor (maya->channel), ==, flood.total);
}

static void
test_clean_leave (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(Laptop) maya = laptop_new (server->ws_url, "maya", DD_ROLE_PRODUCER, NULL);
  g_autoptr(Laptop) lucia = laptop_new (server->ws_url, "lucia", DD_ROLE_CREATOR_LIAISON, NULL);
  gint64 left_at;

  g_assert_true (wait_for_presence (maya, "lucia", DD_SQUAD_PRESENCE_ONLINE, 5000));
  left_at = g_get_monotonic_time ();
  dd_squad_channel_stop (DD_SQUAD_CHANNEL (lucia->channel));
  /* Gone at once, long before the staleness check would say so. */
  g_assert_true (wait_for_presence (maya, "lucia", DD_SQUAD_PRESENCE_GONE, 5000));
  g_assert_cmpint ((g_get_monotonic_time () - left_at) / 1000, <, AWAY_MS);
}

static void
test_replay_after_restarts (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = g_build_filename (server->dir, "maya.db", NULL);
  g_autoptr(DdStore) store = dd_store_open_sync (db_path, NULL, &error);
  g_autoptr(Laptop) priya = NULL;
  g_autoptr(Laptop) maya = NULL;

  g_assert_no_error (error);
  priya = laptop_new (server->tcp_url, "priya", DD_ROLE_ENGINEER_ON_CALL, NULL);
  maya = laptop_new (server->ws_url, "maya", DD_ROLE_PRODUCER, store);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("before %u", i);

      send_sync (priya, DD_CHAT_SOURCE_SQUAD, text, &error);
      g_assert_no_error (error);
    }
  wait_for_heard (maya, 3);

  /* Maya closes the app; the squad goes on; the server restarts. */
  g_clear_pointer (&maya, laptop_free);
  send_sync (priya, DD_CHAT_SOURCE_ALERT, "while closed 1", &error);
  g_assert_no_error (error);
  nats_server_stop (server);
  nats_server_start_again (server);
  send_when_ready (priya, DD_CHAT_SOURCE_SQUAD, "while closed 2");

  /* Reopened with the same store: exactly what she missed. */
  maya = laptop_new (server->ws_url, "maya", DD_ROLE_PRODUCER, store);
  wait_for_heard (maya, 2);
  g_assert_cmpstr (g_ptr_array_index (maya->heard, 0), ==, "alert priya: while closed 1");
  g_assert_cmpstr (g_ptr_array_index (maya->heard, 1), ==, "squad priya: while closed 2");

  /* The server restarts under a running channel: it picks up after it. */
  nats_server_stop (server);
  nats_server_start_again (server);
  send_when_ready (priya, DD_CHAT_SOURCE_SQUAD, "after restart 1");
  send_when_ready (priya, DD_CHAT_SOURCE_SQUAD, "after restart 2");
  wait_for_heard (maya, 4);
  g_assert_cmpstr (g_ptr_array_index (maya->heard, 3), ==, "squad priya: after restart 2");
  g_assert_cmpuint (dd_nats_squad_channel_get_cursor (maya->channel), ==, 7);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/integration/squad-channel/two-laptops", test_two_laptops);
  g_test_add_func ("/dropdeck/integration/squad-channel/clean-leave", test_clean_leave);
  g_test_add_func ("/dropdeck/integration/squad-channel/ledger-replicated", test_ledger_replicated);
  g_test_add_func ("/dropdeck/integration/squad-channel/reader-stalls", test_reader_stalls);
  g_test_add_func ("/dropdeck/integration/squad-channel/replay-after-restarts", test_replay_after_restarts);

  return g_test_run ();
}
