/* test-nats-client.c — DdNatsClient against a real nats-server
 *
 * Each test starts its own server (build-aux/nats.sh, free loopback ports,
 * a temporary folder) and stops it by PID.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-nats-client.h"

#include "test-nats-fixture.c"

typedef struct
{
  GPtrArray *messages; /* DdNatsMsg */
  guint expected;
  gboolean done;
} Inbox;

static void
collect_cb (DdNatsClient    *client,
            const DdNatsMsg *msg,
            gpointer         user_data)
{
  Inbox *inbox = user_data;

  g_ptr_array_add (inbox->messages, dd_nats_msg_copy (msg));
  if (inbox->messages->len >= inbox->expected)
    inbox->done = TRUE;
}

static void
inbox_init (Inbox *inbox,
            guint  expected)
{
  inbox->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_nats_msg_free);
  inbox->expected = expected;
  inbox->done = FALSE;
}

static void
check_pub_sub (DdNatsClient *publisher,
               DdNatsClient *subscriber)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsHeaders) headers = dd_nats_headers_new ();
  const guint count = 2000;
  Inbox inbox;
  guint64 sid;

  inbox_init (&inbox, count + 1);
  sid = dd_nats_client_subscribe (subscriber, "squad.cue.>", NULL, collect_cb, &inbox, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sid, >, 0);
  nats_flush (subscriber);

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *text = g_strdup_printf ("cue %u\r\nsecond line", i);

      g_assert_true (dd_nats_client_publish (publisher, "squad.cue.live", NULL, NULL,
                                             text, strlen (text), &error));
    }
  g_assert_true (dd_nats_headers_add (headers, "Dd-Role", "producer", NULL));
  g_assert_true (dd_nats_client_publish (publisher, "squad.cue.live", "reply.here", headers,
                                         "with headers", 12, &error));
  /* A subject that would split the line is refused before it is sent. */
  g_assert_false (dd_nats_client_publish (publisher, "squad.cue x", NULL, NULL, "x", 1, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
  g_clear_error (&error);

  g_assert_true (wait_for_flag (&inbox.done, 10000));
  for (guint i = 0; i < count; i++)
    {
      DdNatsMsg *msg = g_ptr_array_index (inbox.messages, i);
      g_autofree char *text = g_strdup_printf ("cue %u\r\nsecond line", i);

      g_assert_cmpstr (msg->subject, ==, "squad.cue.live");
      g_assert_cmpstr (msg->data, ==, text);
      g_assert_null (msg->headers);
    }
  {
    DdNatsMsg *last = g_ptr_array_index (inbox.messages, count);

    g_assert_cmpstr (last->data, ==, "with headers");
    g_assert_cmpstr (last->reply, ==, "reply.here");
    g_assert_cmpstr (dd_nats_msg_get_header (last, "Dd-Role"), ==, "producer");
  }
  dd_nats_client_unsubscribe (subscriber, sid);
  g_ptr_array_unref (inbox.messages);
}

static void
test_pub_sub_websocket_and_tcp (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) ws = nats_connect (server->ws_url, NULL, NULL, &error);
  g_autoptr(DdNatsClient) tcp = nats_connect (server->tcp_url, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (dd_nats_client_get_state (ws), ==, DD_NATS_STATE_CONNECTED);
  g_assert_cmpint (dd_nats_client_get_state (tcp), ==, DD_NATS_STATE_CONNECTED);
  g_assert_cmpuint (dd_nats_client_get_max_payload (ws), ==, 1024 * 1024);

  check_pub_sub (ws, tcp);
  check_pub_sub (tcp, ws);
  check_pub_sub (ws, ws);

  /* One big message: many WebSocket frames' worth. */
  {
    gsize big_len = 900 * 1024;
    g_autofree char *big = g_malloc (big_len);
    Inbox inbox;

    memset (big, 'b', big_len);
    inbox_init (&inbox, 1);
    dd_nats_client_subscribe (ws, "big", NULL, collect_cb, &inbox, NULL, &error);
    nats_flush (ws);
    g_assert_true (dd_nats_client_publish (tcp, "big", NULL, NULL, big, big_len, &error));
    g_assert_true (wait_for_flag (&inbox.done, 10000));
    g_assert_cmpuint (((DdNatsMsg *) inbox.messages->pdata[0])->len, ==, big_len);
    g_ptr_array_unref (inbox.messages);
  }
  dd_nats_client_close (ws);
  g_assert_cmpint (dd_nats_client_get_state (ws), ==, DD_NATS_STATE_CLOSED);
}

static void
echo_cb (DdNatsClient    *client,
         const DdNatsMsg *msg,
         gpointer         user_data)
{
  g_autofree char *upper = g_ascii_strup (msg->data, (gssize) msg->len);

  if (msg->reply != NULL)
    dd_nats_client_publish (client, msg->reply, NULL, NULL, upper, msg->len, NULL);
}

static void
ignore_cb (DdNatsClient    *client,
           const DdNatsMsg *msg,
           gpointer         user_data)
{
}

static void
test_request_reply (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) responder = nats_connect (server->tcp_url, NULL, NULL, &error);
  g_autoptr(DdNatsClient) client = nats_connect (server->ws_url, NULL, NULL, &error);
  GAsyncResult *results[50] = { NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DdNatsMsg) reply = NULL;
  gint64 start;

  g_assert_no_error (error);
  dd_nats_client_subscribe (responder, "svc.echo", NULL, echo_cb, NULL, NULL, &error);
  dd_nats_client_subscribe (responder, "svc.silent", NULL, ignore_cb, NULL, NULL, &error);
  nats_flush (responder);

  /* Many at once, each answered on its own reply subject. */
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autofree char *text = g_strdup_printf ("ask %u", i);

      dd_nats_client_request_async (client, "svc.echo", NULL, text, strlen (text), 5000,
                                    NULL, store_result_cb, &results[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autofree char *expected = g_strdup_printf ("ASK %u", i);

      wait_for_result (&results[i], 10000);
      reply = dd_nats_client_request_finish (client, results[i], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (reply->data, ==, expected);
      g_clear_pointer (&reply, dd_nats_msg_free);
      g_clear_object (&results[i]);
    }

  /* Nobody listens: an answer at once, not a timeout. */
  start = g_get_monotonic_time ();
  dd_nats_client_request_async (client, "svc.nobody", NULL, "?", 1, 5000, NULL,
                                store_result_cb, &result);
  wait_for_result (&result, 10000);
  g_assert_null (dd_nats_client_request_finish (client, result, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_NO_RESPONDERS);
  g_assert_nonnull (strstr (error->message, "svc.nobody"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Someone listens but does not answer. */
  dd_nats_client_request_async (client, "svc.silent", NULL, "?", 1, 300, NULL,
                                store_result_cb, &result);
  wait_for_result (&result, 10000);
  g_assert_null (dd_nats_client_request_finish (client, result, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_TIMEOUT);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelled. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    dd_nats_client_request_async (client, "svc.silent", NULL, "?", 1, 5000, cancellable,
                                  store_result_cb, &result);
    g_cancellable_cancel (cancellable);
    wait_for_result (&result, 10000);
    g_assert_null (dd_nats_client_request_finish (client, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

static void
server_error_cb (DdNatsClient *client,
                 GError       *error,
                 gpointer      user_data)
{
  GError **out = user_data;

  g_clear_error (out);
  *out = g_error_copy (error);
}

static void
test_permissions_and_authorization (void)
{
  const char *users[] = { "--user", "creator:pw1:policy.>", "--user", "ops:pw2", NULL };
  g_autoptr(NatsServer) server = nats_server_start (users);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) server_error = NULL;
  g_autoptr(DdNatsClient) creator = NULL;
  g_autoptr(DdNatsClient) ops = NULL;
  g_autoptr(DdNatsClient) intruder = NULL;
  Inbox inbox;

  intruder = nats_connect (server->ws_url, "creator", "wrong", &error);
  g_assert_null (intruder);
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_AUTHORIZATION);
  g_clear_error (&error);
  intruder = nats_connect (server->tcp_url, NULL, NULL, &error);
  g_assert_null (intruder);
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_AUTHORIZATION);
  g_clear_error (&error);

  creator = nats_connect (server->ws_url, "creator", "pw1", &error);
  g_assert_no_error (error);
  ops = nats_connect (server->tcp_url, "ops", "pw2", &error);
  g_assert_no_error (error);
  g_signal_connect (creator, "server-error", G_CALLBACK (server_error_cb), &server_error);

  inbox_init (&inbox, 1);
  dd_nats_client_subscribe (ops, ">", NULL, collect_cb, &inbox, NULL, &error);
  nats_flush (ops);

  /* Refused by the server; the connection stays. */
  g_assert_true (dd_nats_client_publish (creator, "policy.price", NULL, NULL, "x", 1, &error));
  nats_flush (creator);
  while (server_error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (server_error, DD_NET_ERROR, DD_NATS_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (server_error->message, "policy.price"));
  g_assert_cmpint (dd_nats_client_get_state (creator), ==, DD_NATS_STATE_CONNECTED);

  g_assert_true (dd_nats_client_publish (creator, "squad.chat", NULL, NULL, "hi", 2, &error));
  g_assert_true (wait_for_flag (&inbox.done, 10000));
  g_assert_cmpstr (((DdNatsMsg *) inbox.messages->pdata[0])->subject, ==, "squad.chat");
  g_assert_cmpuint (dd_nats_client_get_reconnects (creator), ==, 0);
  g_ptr_array_unref (inbox.messages);
}

static void
test_reconnect_resubscribes (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) ws = nats_connect (server->ws_url, NULL, NULL, &error);
  g_autoptr(DdNatsClient) tcp = nats_connect (server->tcp_url, NULL, NULL, &error);
  Inbox inbox;

  g_assert_no_error (error);
  inbox_init (&inbox, 3);
  dd_nats_client_subscribe (ws, "squad.alert", NULL, collect_cb, &inbox, NULL, &error);
  nats_flush (ws);
  dd_nats_client_publish (tcp, "squad.alert", NULL, NULL, "before", 6, &error);
  nats_flush (tcp);

  nats_server_stop (server);
  while (dd_nats_client_get_state (ws) == DD_NATS_STATE_CONNECTED ||
         dd_nats_client_get_state (tcp) == DD_NATS_STATE_CONNECTED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (dd_nats_client_get_state (ws), ==, DD_NATS_STATE_RECONNECTING);

  /* Published while away: kept in the buffer and sent after reconnecting,
   * behind the renewed subscriptions (so the client sees its own). */
  g_assert_true (dd_nats_client_publish (ws, "squad.alert", NULL, NULL, "after", 5, &error));

  nats_server_start_again (server);
  while (dd_nats_client_get_state (ws) != DD_NATS_STATE_CONNECTED ||
         dd_nats_client_get_state (tcp) != DD_NATS_STATE_CONNECTED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (dd_nats_client_get_reconnects (ws), ==, 1);
  nats_flush (ws);
  dd_nats_client_publish (tcp, "squad.alert", NULL, NULL, "again", 5, &error);

  g_assert_true (wait_for_flag (&inbox.done, 10000));
  g_assert_cmpstr (((DdNatsMsg *) inbox.messages->pdata[0])->data, ==, "before");
  g_assert_cmpstr (((DdNatsMsg *) inbox.messages->pdata[1])->data, ==, "after");
  g_assert_cmpstr (((DdNatsMsg *) inbox.messages->pdata[2])->data, ==, "again");
  g_ptr_array_unref (inbox.messages);
}

static void
test_failover_to_second_server (void)
{
  g_autoptr(NatsServer) primary = nats_server_start (NULL);
  g_autoptr(NatsServer) secondary = nats_server_start (NULL);
  const char *servers[] = { primary->ws_url, secondary->tcp_url, NULL };
  g_autoptr(DdNatsClient) client = dd_nats_client_new (servers);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 lost;

  dd_nats_client_connect_async (client, NULL, store_result_cb, &result);
  wait_for_result (&result, 10000);
  g_assert_true (dd_nats_client_connect_finish (client, result, &error));
  g_assert_cmpstr (dd_nats_client_get_server_url (client), ==, primary->ws_url);

  nats_server_stop (primary);
  lost = g_get_monotonic_time ();
  while (dd_nats_client_get_state (client) == DD_NATS_STATE_CONNECTED)
    g_main_context_iteration (NULL, TRUE);
  while (dd_nats_client_get_state (client) != DD_NATS_STATE_CONNECTED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (dd_nats_client_get_server_url (client), ==, secondary->tcp_url);
  g_assert_cmpint (g_get_monotonic_time () - lost, <, 5 * G_USEC_PER_SEC);
}

static void
test_remote_plain_websocket_refused (void)
{
  const char *servers[] = { "ws://squad.example.com:8080", NULL };
  g_autoptr(DdNatsClient) client = dd_nats_client_new (servers);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dd_nats_client_connect_async (client, NULL, store_result_cb, &result);
  wait_for_result (&result, 1000);
  g_assert_false (dd_nats_client_connect_finish (client, result, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED);
}

static char *
make_certificates (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dropdeck-nats-tls-XXXXXX", &error);
  g_autofree char *script = NULL;
  const char *argv[] = { "/bin/sh", "-c", NULL, NULL };
  int status;

  g_assert_no_error (error);
  script = g_strdup_printf (
    "cd '%s' && "
    "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
    "  -keyout ca.key -out ca.pem -days 1 -subj /CN=dropdeck-test-ca && "
    "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
    "  -keyout server.key -out server.csr -subj /CN=127.0.0.1 && "
    "printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext && "
    "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
    "  -out server.pem -days 1 -extfile san.ext", dir);
  argv[2] = script;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return dir;
}

static void
test_tls (void)
{
  g_autofree char *certs = make_certificates ();
  g_autofree char *pair = g_strdup_printf ("%s/server.pem:%s/server.key", certs, certs);
  g_autofree char *ca = g_build_filename (certs, "ca.pem", NULL);
  const char *extra[] = { "--tls", pair, NULL };
  g_autoptr(NatsServer) server = nats_server_start (extra);
  g_autofree char *url = g_strdup_printf ("tls://127.0.0.1:%d", server->port);
  const char *servers[] = { url, NULL };
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(DdNatsClient) secure = dd_nats_client_new (servers);
  g_autoptr(DdNatsClient) untrusting = dd_nats_client_new (servers);
  g_autoptr(DdNatsClient) ws = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  database = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);
  dd_nats_client_set_tls_database (secure, database);
  dd_nats_client_connect_async (secure, NULL, store_result_cb, &result);
  wait_for_result (&result, 10000);
  g_assert_true (dd_nats_client_connect_finish (secure, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  ws = nats_connect (server->ws_url, NULL, NULL, &error);
  g_assert_no_error (error);
  check_pub_sub (secure, ws);
  check_pub_sub (ws, secure);

  /* A certificate nobody vouches for is refused, with a reason. */
  dd_nats_client_connect_async (untrusting, NULL, store_result_cb, &result);
  wait_for_result (&result, 10000);
  g_assert_false (dd_nats_client_connect_finish (untrusting, result, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED);
  g_assert_nonnull (strstr (error->message, "secure connection"));
  dd_nats_client_close (untrusting);
  remove_tree (certs);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/integration/nats/pub-sub", test_pub_sub_websocket_and_tcp);
  g_test_add_func ("/dropdeck/integration/nats/request-reply", test_request_reply);
  g_test_add_func ("/dropdeck/integration/nats/permissions", test_permissions_and_authorization);
  g_test_add_func ("/dropdeck/integration/nats/reconnect", test_reconnect_resubscribes);
  g_test_add_func ("/dropdeck/integration/nats/failover", test_failover_to_second_server);
  g_test_add_func ("/dropdeck/integration/nats/remote-plain-refused", test_remote_plain_websocket_refused);
  g_test_add_func ("/dropdeck/integration/nats/tls", test_tls);

  return g_test_run ();
}
