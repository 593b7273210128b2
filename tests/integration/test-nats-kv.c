/* test-nats-kv.c — key-value watch, delete and purge against a real nats-server
 *
 * Each test starts its own server (build-aux/nats.sh) and stops it by PID.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-nats-kv.h"
#include "dd-nats-kv-watch.h"

#include "test-nats-fixture.c"

typedef struct
{
  GPtrArray *seen;   /* "OP key=value@revision" */
  guint64 last_revision;
  gboolean out_of_order;
  gboolean caught_up;
  guint caught_up_count;
} Watched;

static void
watched_init (Watched *watched)
{
  memset (watched, 0, sizeof *watched);
  watched->seen = g_ptr_array_new_with_free_func (g_free);
}

static void
watched_clear (Watched *watched)
{
  g_ptr_array_unref (watched->seen);
}

static void
entry_cb (DdNatsKvWatcher     *watcher,
          const DdNatsKvEntry *entry,
          gpointer             user_data)
{
  Watched *watched = user_data;

  g_assert_cmpstr (entry->bucket, ==, "squad");
  if (entry->revision <= watched->last_revision)
    watched->out_of_order = TRUE;
  watched->last_revision = entry->revision;
  g_ptr_array_add (watched->seen, g_strdup_printf ("%s %s=%.*s",
                                                   dd_nats_kv_operation_to_string (entry->operation),
                                                   entry->key, (int) entry->len, entry->value));
}

static void
caught_up_cb (DdNatsOrderedConsumer *consumer,
              gpointer               user_data)
{
  Watched *watched = user_data;

  watched->caught_up = TRUE;
  watched->caught_up_count++;
}

static DdNatsKvWatcher *
watch (DdNatsClient *client,
       const char   *filter,
       Watched      *watched)
{
  g_autoptr(GError) error = NULL;
  DdNatsKvWatcher *watcher;

  watcher = dd_nats_kv_watcher_new (client, "squad", filter, entry_cb, watched, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (dd_nats_kv_watcher_get_consumer (watcher), "caught-up", G_CALLBACK (caught_up_cb), watched);
  dd_nats_ordered_consumer_set_heartbeat (dd_nats_kv_watcher_get_consumer (watcher), 500);
  dd_nats_kv_watcher_start (watcher);
  return watcher;
}

static void
create_bucket (DdNatsClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) info = NULL;
  GAsyncResult *result = NULL;

  dd_nats_kv_create_bucket_async (client, "squad", 5, 60 * 1000, NULL, store_result_cb, &result);
  wait_for_result (&result, 10000);
  info = dd_nats_js_api_finish (result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
}

static guint64
finish_put (GAsyncResult **slot,
            GError       **error)
{
  guint64 revision;

  wait_for_result (slot, 10000);
  revision = dd_nats_kv_put_finish (*slot, error);
  g_clear_object (slot);
  return revision;
}

static guint64
put (DdNatsClient *client,
     const char   *key,
     const char   *value)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  guint64 revision;

  dd_nats_kv_put_async (client, "squad", key, value, strlen (value), -1, NULL,
                        store_result_cb, &result);
  revision = finish_put (&result, &error);
  g_assert_no_error (error);
  return revision;
}

static guint64
delete (DdNatsClient *client,
        const char   *key,
        gint64        expected,
        GError      **error)
{
  GAsyncResult *result = NULL;

  dd_nats_kv_delete_async (client, "squad", key, expected, NULL, store_result_cb, &result);
  return finish_put (&result, error);
}

static guint64
purge (DdNatsClient *client,
       const char   *key)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  guint64 revision;

  dd_nats_kv_purge_async (client, "squad", key, NULL, store_result_cb, &result);
  revision = finish_put (&result, &error);
  g_assert_no_error (error);
  return revision;
}

static gboolean
get_is_missing (DdNatsClient *client,
                const char   *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) value = NULL;
  GAsyncResult *result = NULL;

  dd_nats_kv_get_async (client, "squad", key, NULL, store_result_cb, &result);
  wait_for_result (&result, 10000);
  value = dd_nats_kv_get_finish (result, NULL, &error);
  g_object_unref (result);
  return value == NULL && g_error_matches (error, DD_NET_ERROR, DD_NATS_ERROR_NOT_FOUND);
}

/* Waits until `watched` has `n` entries; returns them joined by "|". */
static char *
wait_for_entries (Watched *watched,
                  guint    n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (watched->seen->len < n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_ptr_array_add (watched->seen, NULL);
  g_autofree char *joined = g_strjoinv ("|", (char **) watched->seen->pdata);
  g_ptr_array_remove_index (watched->seen, watched->seen->len - 1);
  return g_steal_pointer (&joined);
}

static void
test_watch_delete_purge (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) alice = nats_connect (server->ws_url, NULL, NULL, &error);
  g_autoptr(DdNatsClient) bob = nats_connect (server->tcp_url, NULL, NULL, &error);
  g_autoptr(DdNatsKvWatcher) all = NULL;
  g_autoptr(DdNatsKvWatcher) presence = NULL;
  g_autofree char *text = NULL;
  Watched everything, members;
  guint64 revision;

  g_assert_no_error (error);
  create_bucket (alice);
  put (alice, "offer.1", "draft");
  put (alice, "offer.1", "live");
  put (alice, "presence.maya", "online");
  revision = put (alice, "offer.2", "draft");
  put (alice, "presence.jonas", "online");

  /* A delete guarded by a stale revision is refused; the right one lands. */
  g_assert_cmpuint (delete (alice, "offer.2", (gint64) revision - 1, &error), ==, 0);
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (delete (alice, "offer.2", (gint64) revision, &error), >, revision);
  g_assert_no_error (error);
  g_assert_true (get_is_missing (bob, "offer.2"));

  /* The current entry of each key, in revision order, then "caught up". */
  watched_init (&everything);
  all = watch (bob, NULL, &everything);
  text = wait_for_entries (&everything, 4);
  g_assert_cmpstr (text, ==, "PUT offer.1=live|PUT presence.maya=online|PUT presence.jonas=online|DEL offer.2=");
  g_assert_true (wait_for_flag (&everything.caught_up, 5000));
  g_assert_true (dd_nats_kv_watcher_get_caught_up (all));

  watched_init (&members);
  presence = watch (alice, "presence.>", &members);
  g_clear_pointer (&text, g_free);
  text = wait_for_entries (&members, 2);
  g_assert_cmpstr (text, ==, "PUT presence.maya=online|PUT presence.jonas=online");
  g_assert_true (wait_for_flag (&members.caught_up, 5000));

  /* Live changes: put, delete, purge. */
  put (alice, "presence.maya", "away");
  put (alice, "offer.3", "draft");
  g_assert_cmpuint (delete (alice, "presence.jonas", -1, &error), >, 0);
  g_assert_no_error (error);
  /* Debian 12's nats-server 2.9.10 moves every consumer's cursor past a
   * subject purge (a KV purge is a "Nats-Rollup: sub" message), skipping
   * messages of other subjects not yet delivered — fixed upstream by
   * nats-server pull request 3838, after 2.9.10. Our watchers cannot see
   * that gap (the consumer sequence stays continuous), so the purge waits
   * until the delete has reached both; 2 of 15 runs lost the delete
   * without this. Dropdeck itself never purges a key. */
  g_clear_pointer (&text, g_free);
  text = wait_for_entries (&everything, 7);
  g_clear_pointer (&text, g_free);
  text = wait_for_entries (&members, 4);
  purge (alice, "offer.1");
  g_clear_pointer (&text, g_free);
  text = wait_for_entries (&everything, 8);
  g_assert_cmpstr (text, ==, "PUT offer.1=live|PUT presence.maya=online|PUT presence.jonas=online|DEL offer.2="
                   "|PUT presence.maya=away|PUT offer.3=draft|DEL presence.jonas=|PURGE offer.1=");
  g_clear_pointer (&text, g_free);
  text = wait_for_entries (&members, 4);
  g_assert_cmpstr (text, ==, "PUT presence.maya=online|PUT presence.jonas=online"
                   "|PUT presence.maya=away|DEL presence.jonas=");
  g_assert_true (get_is_missing (bob, "offer.1"));
  g_assert_false (everything.out_of_order);
  g_assert_cmpuint (everything.caught_up_count, ==, 1);

  /* A stopped watcher hears nothing more. */
  dd_nats_kv_watcher_stop (presence);
  put (alice, "presence.maya", "gone");
  g_clear_pointer (&text, g_free);
  text = wait_for_entries (&everything, 9);
  g_assert_cmpuint (members.seen->len, ==, 4);

  watched_clear (&everything);
  watched_clear (&members);
}

static void
test_watch_empty_and_bad_names (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) client = nats_connect (server->ws_url, NULL, NULL, &error);
  g_autoptr(DdNatsKvWatcher) watcher = NULL;
  Watched watched;

  g_assert_no_error (error);
  create_bucket (client);
  watched_init (&watched);
  watcher = watch (client, "offer.*", &watched);
  g_assert_true (wait_for_flag (&watched.caught_up, 5000));
  g_assert_cmpuint (watched.seen->len, ==, 0);
  put (client, "offer.9", "x");
  put (client, "offer.9.sub", "not matched by offer.*");
  g_free (wait_for_entries (&watched, 1));
  g_assert_cmpstr (g_ptr_array_index (watched.seen, 0), ==, "PUT offer.9=x");

  g_assert_null (dd_nats_kv_watcher_new (client, "squad", "offer.>.x", entry_cb, NULL, NULL, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
  g_clear_error (&error);
  g_assert_null (dd_nats_kv_watcher_new (client, "a.b", NULL, entry_cb, NULL, NULL, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
  g_clear_error (&error);
  g_assert_cmpuint (delete (client, "bad key", -1, &error), ==, 0);
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
  watched_clear (&watched);
}

static void
test_watch_survives_restart (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) writer = nats_connect (server->tcp_url, NULL, NULL, &error);
  g_autoptr(DdNatsClient) reader = nats_connect (server->ws_url, NULL, NULL, &error);
  g_autoptr(DdNatsKvWatcher) watcher = NULL;
  g_autofree char *text = NULL;
  Watched watched;

  g_assert_no_error (error);
  create_bucket (writer);
  put (writer, "cue.1", "a");
  watched_init (&watched);
  watcher = watch (reader, NULL, &watched);
  g_free (wait_for_entries (&watched, 1));

  /* The server goes away and comes back (the consumer, held in memory, is gone). */
  nats_server_stop (server);
  nats_server_start_again (server);
  while (dd_nats_client_get_state (writer) != DD_NATS_STATE_CONNECTED ||
         dd_nats_client_get_state (reader) != DD_NATS_STATE_CONNECTED)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GError) put_error = NULL;
      g_autofree char *key = g_strdup_printf ("cue.%u", i + 2);
      GAsyncResult *result = NULL;

      /* JetStream may need a moment after the restart: retry until stored. */
      do
        {
          g_clear_error (&put_error);
          dd_nats_kv_put_async (writer, "squad", key, "b", 1, -1, NULL, store_result_cb, &result);
        }
      while (finish_put (&result, &put_error) == 0);
    }
  text = wait_for_entries (&watched, 51);
  g_assert_cmpuint (watched.seen->len, ==, 51);
  g_assert_false (watched.out_of_order);
  g_assert_cmpstr (g_ptr_array_index (watched.seen, 50), ==, "PUT cue.51=b");
  g_assert_cmpuint (dd_nats_ordered_consumer_get_resets (dd_nats_kv_watcher_get_consumer (watcher)), >=, 1);
  /* Nothing comes twice later either. */
  g_usleep (200000);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (watched.seen->len, ==, 51);
  watched_clear (&watched);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/integration/nats-kv/watch-delete-purge", test_watch_delete_purge);
  g_test_add_func ("/dropdeck/integration/nats-kv/watch-empty-and-bad-names", test_watch_empty_and_bad_names);
  g_test_add_func ("/dropdeck/integration/nats-kv/watch-survives-restart", test_watch_survives_restart);

  return g_test_run ();
}
