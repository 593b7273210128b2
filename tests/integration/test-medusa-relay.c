/* test-medusa-relay.c — a loopback TCP relay that loses answers on purpose
 *
 * Included by the tests/integration/test-medusa-*.c programs. Sits between
 * a client and the real Medusa, forwarding bytes both ways on the main
 * context. While `drop_answers` is above zero, the first bytes of an answer
 * close both sides of that connection instead of reaching the client (and
 * count one down): the request was sent and handled, its answer is lost.
 * `drop_post_answers` does the same for the answers to POST requests only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <gio/gio.h>

typedef struct
{
  GSocketService *service;
  guint16 port;
  guint16 upstream_port;
  guint drop_answers;
  guint drop_post_answers;
  guint dropped;
} Relay;

typedef struct
{
  Relay *relay;
  GSocketConnection *client;
  GSocketConnection *server;
  guint8 up[16384];
  guint8 down[16384];
  gboolean closed;
  gboolean drop_answer;   /* the request on this connection was a POST to lose */
} RelayPair;

static void relay_pump (RelayPair *pair, gboolean downstream);

static void
relay_pair_close (RelayPair *pair)
{
  if (!pair->closed)
    {
      pair->closed = TRUE;
      g_io_stream_close (G_IO_STREAM (pair->client), NULL, NULL);
      if (pair->server != NULL)
        g_io_stream_close (G_IO_STREAM (pair->server), NULL, NULL);
    }
}

static void
relay_pair_free (gpointer data)
{
  RelayPair *pair = data;

  g_clear_object (&pair->client);
  g_clear_object (&pair->server);
}

typedef struct
{
  RelayPair *pair;
  gboolean downstream;
} RelayDirection;

static void
relay_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RelayDirection *direction = user_data;
  RelayPair *pair = direction->pair;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL) || pair->closed)
    {
      relay_pair_close (pair);
      g_atomic_rc_box_release_full (pair, relay_pair_free);
      g_free (direction);
      return;
    }
  relay_pump (pair, direction->downstream);
  g_atomic_rc_box_release_full (pair, relay_pair_free);
  g_free (direction);
}

static void
relay_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  RelayDirection *direction = user_data;
  RelayPair *pair = direction->pair;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);
  GSocketConnection *to = direction->downstream ? pair->client : pair->server;

  if (n <= 0 || pair->closed)
    {
      relay_pair_close (pair);
      g_atomic_rc_box_release_full (pair, relay_pair_free);
      g_free (direction);
      return;
    }
  if (!direction->downstream && n >= 5 && memcmp (pair->up, "POST ", 5) == 0 &&
      pair->relay->drop_post_answers > 0)
    {
      pair->relay->drop_post_answers--;
      pair->drop_answer = TRUE;
    }
  if (direction->downstream && (pair->relay->drop_answers > 0 || pair->drop_answer))
    {
      if (!pair->drop_answer)
        pair->relay->drop_answers--;
      pair->relay->dropped++;
      relay_pair_close (pair);
      g_atomic_rc_box_release_full (pair, relay_pair_free);
      g_free (direction);
      return;
    }

  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (to)),
                                   direction->downstream ? pair->down : pair->up, n,
                                   G_PRIORITY_DEFAULT, NULL, relay_written_cb, direction);
}

static void
relay_pump (RelayPair *pair,
            gboolean   downstream)
{
  RelayDirection *direction = g_new0 (RelayDirection, 1);
  GSocketConnection *from = downstream ? pair->server : pair->client;

  direction->pair = g_atomic_rc_box_acquire (pair);
  direction->downstream = downstream;
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (from)),
                             downstream ? pair->down : pair->up, sizeof pair->up,
                             G_PRIORITY_DEFAULT, NULL, relay_read_cb, direction);
}

static void
relay_connected_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RelayPair *pair = user_data;

  pair->server = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, NULL);
  if (pair->server == NULL)
    relay_pair_close (pair);
  else
    {
      relay_pump (pair, FALSE);
      relay_pump (pair, TRUE);
    }
  g_atomic_rc_box_release_full (pair, relay_pair_free);
  g_object_unref (object);
}

static gboolean
relay_incoming_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source,
                   gpointer           user_data)
{
  Relay *relay = user_data;
  RelayPair *pair = g_atomic_rc_box_new0 (RelayPair);
  g_autofree char *upstream = g_strdup_printf ("127.0.0.1:%u", relay->upstream_port);

  pair->relay = relay;
  pair->client = g_object_ref (connection);
  g_socket_client_connect_to_host_async (g_socket_client_new (), upstream, relay->upstream_port,
                                         NULL, relay_connected_cb, pair);
  return TRUE;
}

static Relay *
relay_new (guint16 upstream_port)
{
  Relay *relay = g_new0 (Relay, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  relay->upstream_port = upstream_port;
  relay->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (relay->service), any, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  relay->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (relay->service, "incoming", G_CALLBACK (relay_incoming_cb), relay);
  g_socket_service_start (relay->service);
  return relay;
}

static void
relay_free (Relay *relay)
{
  g_socket_service_stop (relay->service);
  g_socket_listener_close (G_SOCKET_LISTENER (relay->service));
  g_clear_object (&relay->service);
  g_free (relay);
}
