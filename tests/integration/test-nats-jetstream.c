/* test-nats-jetstream.c — JetStream and key-value against a real nats-server
 *
 * Each test starts its own server (build-aux/nats.sh) and stops it by PID.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-nats-jetstream.h"
#include "dd-nats-kv.h"

#include "test-nats-fixture.c"

static JsonObject *
api_call_finish_sync (GAsyncResult **slot,
                      GError       **error)
{
  JsonObject *object;

  wait_for_result (slot, 10000);
  object = dd_nats_js_api_finish (*slot, error);
  g_clear_object (slot);
  return object;
}

static JsonObject *
create_stream (DdNatsClient *client,
               const char   *name,
               const char   *subject,
               GError      **error)
{
  g_autoptr(JsonObject) config = json_object_new ();
  JsonArray *subjects = json_array_new ();
  GAsyncResult *result = NULL;

  json_array_add_string_element (subjects, subject);
  json_object_set_string_member (config, "name", name);
  json_object_set_array_member (config, "subjects", subjects);
  json_object_set_string_member (config, "storage", "file");
  json_object_set_int_member (config, "duplicate_window", G_GINT64_CONSTANT (120000000000));
  dd_nats_js_stream_create_async (client, config, NULL, store_result_cb, &result);
  return api_call_finish_sync (&result, error);
}

static gint64
stream_messages (DdNatsClient *client,
                 const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) info = NULL;
  GAsyncResult *result = NULL;

  dd_nats_js_stream_info_async (client, name, NULL, store_result_cb, &result);
  info = api_call_finish_sync (&result, &error);
  g_assert_no_error (error);
  return json_object_get_int_member (json_object_get_object_member (info, "state"), "messages");
}

static guint64
js_publish_sync (DdNatsClient *client,
                 const char   *subject,
                 const char   *msg_id,
                 const char   *text,
                 gboolean     *duplicate,
                 GError      **error)
{
  GAsyncResult *result = NULL;
  guint64 seq;

  dd_nats_js_publish_async (client, subject, msg_id, -1, text, strlen (text), 5000, NULL,
                            store_result_cb, &result);
  wait_for_result (&result, 10000);
  seq = dd_nats_js_publish_finish (result, duplicate, error);
  g_object_unref (result);
  return seq;
}

static void
test_stream_and_dedupe (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) client = nats_connect (server->ws_url, NULL, NULL, &error);
  g_autoptr(JsonObject) info = NULL;
  GAsyncResult *result = NULL;
  gboolean duplicate = TRUE;
  guint64 seq, again;

  g_assert_no_error (error);
  info = create_stream (client, "SQUAD", "squad.>", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (info, "config"), "name"),
                   ==, "SQUAD");

  /* A different configuration under the same name is refused. */
  g_clear_pointer (&info, json_object_unref);
  info = create_stream (client, "SQUAD", "other.>", &error);
  g_assert_null (info);
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_JETSTREAM);
  g_clear_error (&error);

  dd_nats_js_stream_info_async (client, "MISSING", NULL, store_result_cb, &result);
  g_assert_null (api_call_finish_sync (&result, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  seq = js_publish_sync (client, "squad.ledger", "entry-1", "first", &duplicate, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seq, ==, 1);
  g_assert_false (duplicate);
  again = js_publish_sync (client, "squad.ledger", "entry-1", "first", &duplicate, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again, ==, seq);
  g_assert_true (duplicate);

  /* No stream stores this subject. */
  g_assert_cmpuint (js_publish_sync (client, "nowhere.x", NULL, "x", NULL, &error), ==, 0);
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Many acks in flight at once. */
  {
    GAsyncResult *results[300] = { NULL };
    g_autoptr(GHashTable) seqs = g_hash_table_new (g_direct_hash, g_direct_equal);

    for (guint i = 0; i < G_N_ELEMENTS (results); i++)
      {
        g_autofree char *id = g_strdup_printf ("burst-%u", i);

        dd_nats_js_publish_async (client, "squad.chat", id, -1, id, strlen (id), 5000, NULL,
                                  store_result_cb, &results[i]);
      }
    for (guint i = 0; i < G_N_ELEMENTS (results); i++)
      {
        wait_for_result (&results[i], 10000);
        seq = dd_nats_js_publish_finish (results[i], &duplicate, &error);
        g_assert_no_error (error);
        g_assert_false (duplicate);
        g_assert_false (g_hash_table_contains (seqs, GSIZE_TO_POINTER (seq)));
        g_hash_table_add (seqs, GSIZE_TO_POINTER (seq));
        g_clear_object (&results[i]);
      }
  }
  g_assert_cmpint (stream_messages (client, "SQUAD"), ==, 301);
}

static GPtrArray *
fetch_sync (DdNatsClient *client,
            guint         batch,
            guint         expires_ms)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GPtrArray *messages;

  dd_nats_js_fetch_async (client, "ORDERS", "eu-pick", batch, expires_ms, NULL,
                          store_result_cb, &result);
  wait_for_result (&result, 10000);
  messages = dd_nats_js_fetch_finish (result, &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return messages;
}

static void
test_pull_consumer (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) client = nats_connect (server->tcp_url, NULL, NULL, &error);
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  GAsyncResult *result = NULL;
  gint64 start;

  g_assert_no_error (error);
  info = create_stream (client, "ORDERS", "orders.>", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *text = g_strdup_printf ("order %u", i);

      js_publish_sync (client, i % 2 == 0 ? "orders.eu" : "orders.us", NULL, text, NULL, &error);
      g_assert_no_error (error);
    }

  dd_nats_js_consumer_create_async (client, "ORDERS", "eu-pick", "orders.eu", NULL, NULL,
                                    store_result_cb, &result);
  g_clear_pointer (&info, json_object_unref);
  info = api_call_finish_sync (&result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (info, "config"),
                                                  "filter_subject"), ==, "orders.eu");

  /* Three match the filter: the fetch of ten ends with the server's 408. */
  messages = fetch_sync (client, 10, 500);
  g_assert_cmpuint (messages->len, ==, 3);
  for (guint i = 0; i < messages->len; i++)
    {
      DdNatsMsg *msg = g_ptr_array_index (messages, i);
      g_autofree char *text = g_strdup_printf ("order %u", 2 * i);
      DdNatsJsMsgInfo meta;

      g_assert_cmpstr (msg->subject, ==, "orders.eu");
      g_assert_cmpstr (msg->data, ==, text);
      g_assert_true (dd_nats_js_parse_ack_subject (msg->reply, &meta));
      g_assert_cmpstr (meta.stream, ==, "ORDERS");
      g_assert_cmpuint (meta.stream_seq, ==, 2 * i + 1);
      g_assert_cmpuint (meta.consumer_seq, ==, i + 1);
      g_assert_cmpuint (meta.pending, ==, 2 - i);
      dd_nats_js_msg_info_clear (&meta);
      g_assert_true (dd_nats_js_ack (client, msg, &error));
    }
  g_clear_pointer (&messages, g_ptr_array_unref);
  nats_flush (client);

  /* Nothing left: no_wait ends at once with 404. */
  start = g_get_monotonic_time ();
  messages = fetch_sync (client, 5, 0);
  g_assert_cmpuint (messages->len, ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* A batch that fills ends before it expires. */
  js_publish_sync (client, "orders.eu", NULL, "late", NULL, &error);
  start = g_get_monotonic_time ();
  messages = fetch_sync (client, 1, 5000);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_true (dd_nats_js_ack (client, g_ptr_array_index (messages, 0), &error));
  nats_flush (client);

  dd_nats_js_api_async (client, "CONSUMER.INFO.ORDERS.eu-pick", NULL, NULL, store_result_cb, &result);
  g_clear_pointer (&info, json_object_unref);
  info = api_call_finish_sync (&result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (info, "num_ack_pending"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (info, "num_pending"), ==, 0);
}

static guint64
kv_put_sync (DdNatsClient *client,
             const char   *key,
             const char   *value,
             gint64        expected,
             GError      **error)
{
  GAsyncResult *result = NULL;
  guint64 revision;

  dd_nats_kv_put_async (client, "offers", key, value, strlen (value), expected, NULL,
                        store_result_cb, &result);
  wait_for_result (&result, 10000);
  revision = dd_nats_kv_put_finish (result, error);
  g_object_unref (result);
  return revision;
}

static char *
kv_get_sync (DdNatsClient *client,
             const char   *key,
             guint64      *revision,
             GError      **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GBytes) value = NULL;

  dd_nats_kv_get_async (client, "offers", key, NULL, store_result_cb, &result);
  wait_for_result (&result, 10000);
  value = dd_nats_kv_get_finish (result, revision, error);
  g_object_unref (result);
  return value != NULL ? g_strndup (g_bytes_get_data (value, NULL), g_bytes_get_size (value)) : NULL;
}

static void
test_kv_compare_and_swap (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) alice = nats_connect (server->ws_url, NULL, NULL, &error);
  g_autoptr(DdNatsClient) bob = nats_connect (server->tcp_url, NULL, NULL, &error);
  g_autoptr(JsonObject) info = NULL;
  g_autofree char *value = NULL;
  GAsyncResult *result = NULL;
  guint64 first, second, revision = 0;

  g_assert_no_error (error);
  dd_nats_kv_create_bucket_async (alice, "offers", 5, 60 * 1000, NULL, store_result_cb, &result);
  info = api_call_finish_sync (&result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (info, "config"), "max_age"),
                   ==, G_GINT64_CONSTANT (60000000000));

  first = kv_put_sync (alice, "offer.42", "{\"state\":\"draft\"}", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first, >, 0);

  value = kv_get_sync (bob, "offer.42", &revision, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "{\"state\":\"draft\"}");
  g_assert_cmpuint (revision, ==, first);

  /* Bob moves it on from the revision he read... */
  second = kv_put_sync (bob, "offer.42", "{\"state\":\"live\"}", (gint64) revision, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second, >, first);

  /* ...so Alice's change from the same revision is a conflict, not an overwrite. */
  g_assert_cmpuint (kv_put_sync (alice, "offer.42", "{\"state\":\"paused\"}", (gint64) first, &error), ==, 0);
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (kv_put_sync (alice, "offer.42", "{}", 0, &error), ==, 0);
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_CONFLICT);
  g_clear_error (&error);

  g_clear_pointer (&value, g_free);
  value = kv_get_sync (alice, "offer.42", &revision, &error);
  g_assert_cmpstr (value, ==, "{\"state\":\"live\"}");
  g_assert_cmpuint (revision, ==, second);

  g_assert_null (kv_get_sync (alice, "offer.missing", NULL, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (kv_put_sync (alice, "bad key", "x", -1, &error), ==, 0);
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
}

/* Publishes `total` messages with ids, at most `window` in flight, and
 * publishes again (same id) whatever fails, until every one is acked. */
typedef struct
{
  DdNatsClient *client;
  NatsServer *server;
  guint total;
  guint window;
  guint next;
  guint in_flight;
  guint acked;
  guint duplicates;
  guint retries;
  guint stop_at;
  gboolean stopped;
  gboolean restarted;
  gboolean *done;
  GQueue retry;
  gboolean finished;
} Publisher;

static void pump (Publisher *publisher);

typedef struct
{
  Publisher *publisher;
  guint index;
} Attempt;

static gboolean
restart_cb (gpointer user_data)
{
  Publisher *publisher = user_data;

  nats_server_start_again (publisher->server);
  publisher->restarted = TRUE;
  return G_SOURCE_REMOVE;
}

static void
published_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Attempt *attempt = user_data;
  Publisher *publisher = attempt->publisher;
  g_autoptr(GError) error = NULL;
  gboolean duplicate = FALSE;

  publisher->in_flight--;
  if (dd_nats_js_publish_finish (result, &duplicate, &error) > 0)
    {
      publisher->acked++;
      if (duplicate)
        publisher->duplicates++;
    }
  else
    {
      publisher->retries++;
      g_queue_push_tail (&publisher->retry, GUINT_TO_POINTER (attempt->index));
    }
  g_free (attempt);

  if (!publisher->stopped && publisher->acked >= publisher->stop_at)
    {
      /* Mid-publish: acks in flight are lost with the server. */
      publisher->stopped = TRUE;
      nats_server_stop (publisher->server);
      g_timeout_add (300, restart_cb, publisher);
    }
  pump (publisher);
}

static void
pump (Publisher *publisher)
{
  while (publisher->in_flight < publisher->window)
    {
      Attempt *attempt;
      g_autofree char *id = NULL;
      g_autofree char *text = NULL;

      attempt = g_new0 (Attempt, 1);
      attempt->publisher = publisher;
      if (!g_queue_is_empty (&publisher->retry))
        attempt->index = GPOINTER_TO_UINT (g_queue_pop_head (&publisher->retry));
      else if (publisher->next < publisher->total)
        attempt->index = publisher->next++;
      else
        {
          g_free (attempt);
          break;
        }
      id = g_strdup_printf ("ledger-%u", attempt->index);
      text = g_strdup_printf ("{\"entry\":%u}", attempt->index);
      publisher->in_flight++;
      dd_nats_js_publish_async (publisher->client, "ledger.entry", id, -1, text, strlen (text),
                                500, NULL, published_cb, attempt);
    }
  if (publisher->in_flight == 0 && g_queue_is_empty (&publisher->retry) &&
      publisher->next == publisher->total)
    publisher->finished = TRUE;
}

static void
count_cb (DdNatsClient    *client,
          const DdNatsMsg *msg,
          gpointer         user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_restart_mid_publish (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) client = nats_connect (server->ws_url, NULL, NULL, &error);
  g_autoptr(JsonObject) info = NULL;
  Publisher publisher = { 0 };
  guint seen_after = 0;

  g_assert_no_error (error);
  info = create_stream (client, "LEDGER", "ledger.>", &error);
  g_assert_no_error (error);

  publisher.client = client;
  publisher.server = server;
  publisher.total = 2000;
  publisher.window = 64;
  publisher.stop_at = 700;
  g_queue_init (&publisher.retry);
  pump (&publisher);
  g_assert_true (wait_for_flag (&publisher.finished, 60000));

  g_assert_true (publisher.stopped && publisher.restarted);
  g_assert_cmpuint (dd_nats_client_get_reconnects (client), >=, 1);
  g_assert_cmpuint (publisher.acked, ==, publisher.total);
  g_test_message ("%u retried, %u reported as duplicates", publisher.retries, publisher.duplicates);
  /* Every entry once: retries with the same Nats-Msg-Id were not stored again. */
  g_assert_cmpint (stream_messages (client, "LEDGER"), ==, publisher.total);

  /* Subscriptions came back with the connection. */
  dd_nats_client_subscribe (client, "ledger.>", NULL, count_cb, &seen_after, NULL, &error);
  nats_flush (client);
  js_publish_sync (client, "ledger.entry", "ledger-0", "again", NULL, &error);
  g_assert_no_error (error);
  js_publish_sync (client, "ledger.entry", "ledger-new", "new", NULL, &error);
  nats_flush (client);
  g_assert_cmpint (stream_messages (client, "LEDGER"), ==, publisher.total + 1);
  g_assert_cmpuint (seen_after, >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/integration/nats-jetstream/stream-and-dedupe", test_stream_and_dedupe);
  g_test_add_func ("/dropdeck/integration/nats-jetstream/pull-consumer", test_pull_consumer);
  g_test_add_func ("/dropdeck/integration/nats-jetstream/kv-compare-and-swap", test_kv_compare_and_swap);
  g_test_add_func ("/dropdeck/integration/nats-jetstream/restart-mid-publish", test_restart_mid_publish);

  return g_test_run ();
}
