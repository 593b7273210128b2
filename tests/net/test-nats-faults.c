/* test-nats-faults.c — DdNatsClient against servers that misbehave
 *
 * A loopback GSocketService plays a NATS server that greets and answers
 * the handshake, then either stalls (answers no PING) or sends bytes that
 * are not NATS. The client must notice, drop the connection and connect
 * again, without a crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-nats-client.h"

typedef enum
{
  FAULT_STALL,
  FAULT_GARBAGE,
  FAULT_OVERSIZED,
} Fault;

typedef struct
{
  Fault fault;
  guint connections;
  GPtrArray *streams;
} FakeServer;

typedef struct
{
  FakeServer *server;
  GSocketConnection *connection;
  char buffer[4096];
  gboolean greeted;
} Peer;

static void
peer_write (Peer       *peer,
            const char *text)
{
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (peer->connection)),
                             text, strlen (text), NULL, NULL, NULL);
}

static void
peer_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Peer *peer = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      g_object_unref (peer->connection);
      g_free (peer);
      return;
    }
  if (!peer->greeted && g_strstr_len (peer->buffer, n, "PING") != NULL)
    {
      peer->greeted = TRUE;
      peer_write (peer, "PONG\r\n");
      if (peer->server->fault == FAULT_GARBAGE)
        peer_write (peer, "HTTP/1.1 400 Bad Request\r\n\r\n");
      else if (peer->server->fault == FAULT_OVERSIZED)
        peer_write (peer, "MSG squad.cue 1 99999999\r\n");
    }
  /* Stalling: every later PING goes unanswered. */
  g_input_stream_read_async (G_INPUT_STREAM (source), peer->buffer, sizeof peer->buffer,
                             G_PRIORITY_DEFAULT, NULL, peer_read_cb, peer);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  FakeServer *server = user_data;
  Peer *peer = g_new0 (Peer, 1);

  server->connections++;
  peer->server = server;
  peer->connection = g_object_ref (connection);
  peer_write (peer, "INFO {\"server_id\":\"FAKE\",\"version\":\"2.9.10\",\"max_payload\":1048576,"
                    "\"headers\":true,\"proto\":1} \r\n");
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                             peer->buffer, sizeof peer->buffer, G_PRIORITY_DEFAULT, NULL,
                             peer_read_cb, peer);
  return TRUE;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (dd_nats_client_connect_finish (DD_NATS_CLIENT (source), result, NULL));
  *done = TRUE;
}

static void
run_fault (gconstpointer data)
{
  Fault fault = GPOINTER_TO_INT (data);
  FakeServer server = { .fault = fault };
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) client = NULL;
  g_autofree char *url = NULL;
  gboolean connected = FALSE;
  gint64 deadline;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), &server);
  g_socket_service_start (service);

  url = g_strdup_printf ("nats://127.0.0.1:%u", port);
  client = dd_nats_client_new ((const char *[]) { url, NULL });
  dd_nats_client_set_ping_interval (client, 100);
  dd_nats_client_set_reconnect_delay (client, 10, 50);
  dd_nats_client_connect_async (client, NULL, connected_cb, &connected);

  /* Connects, loses the connection to the fault, connects again. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((!connected || dd_nats_client_get_reconnects (client) < 2 || server.connections < 3) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (connected);
  g_assert_cmpuint (dd_nats_client_get_reconnects (client), >=, 2);
  g_assert_cmpuint (server.connections, >=, 3);
  /* Publishing meanwhile is buffered, never a crash. */
  g_assert_true (dd_nats_client_publish (client, "squad.cue", NULL, NULL, "x", 1, &error));
  g_assert_no_error (error);

  dd_nats_client_close (client);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/dropdeck/net/nats-faults/stalled-server", GINT_TO_POINTER (FAULT_STALL), run_fault);
  g_test_add_data_func ("/dropdeck/net/nats-faults/not-nats", GINT_TO_POINTER (FAULT_GARBAGE), run_fault);
  g_test_add_data_func ("/dropdeck/net/nats-faults/oversized-message", GINT_TO_POINTER (FAULT_OVERSIZED), run_fault);

  return g_test_run ();
}
