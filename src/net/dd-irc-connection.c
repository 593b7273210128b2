/* dd-irc-connection.c — the transport of DdIrcClient
 *
 * Connecting (GSocketClient, TLS for remote hosts; or a libsoup
 * WebSocket), reading from the stream or the WebSocket into the framer,
 * and closing the connection again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "dd-irc-client-private.h"

/* Reading ---------------------------------------------------------------- */

static gboolean
readable_cb (GObject  *pollable,
             gpointer  user_data)
{
  DdIrcClient *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIrcClient) keep = g_object_ref (self);

  for (guint i = 0; i < READS_PER_WAKEUP && self->read_source != NULL; i++)
    {
      gssize n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (pollable),
                                                           self->read_buffer, READ_BUFFER_SIZE,
                                                           NULL, &error);
      if (n > 0)
        {
          _dd_irc_client_feed (self, self->read_buffer, (gsize) n);
          continue;
        }
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;

      _dd_irc_client_flush_batch (self);
      _dd_irc_client_publish_stats (self);
      if (n == 0)
        {
          g_autoptr(GError) eof = g_error_new (DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                                               _("%s closed the connection"), self->host);
          _dd_irc_client_connection_lost (self, eof);
        }
      else
        _dd_irc_client_connection_lost (self, error);
      return G_SOURCE_REMOVE;
    }

  _dd_irc_client_flush_batch (self);
  _dd_irc_client_publish_stats (self);
  return G_SOURCE_CONTINUE;
}

static void
ws_message_cb (SoupWebsocketConnection *ws,
               int                      type,
               GBytes                  *message,
               gpointer                 user_data)
{
  DdIrcClient *self = user_data;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  if (len > 0)
    {
      _dd_irc_client_feed (self, data, len);
      /* A message is one line; end it if the server did not. */
      if (data[len - 1] != '\n' && self->ws == ws)
        _dd_irc_client_feed (self, "\r\n", 2);
    }
  _dd_irc_client_flush_batch (self);
  _dd_irc_client_publish_stats (self);
}

static void
ws_closed_cb (SoupWebsocketConnection *ws,
              gpointer                 user_data)
{
  DdIrcClient *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->ws != ws)
    return;
  error = g_error_new (DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                       _("%s closed the WebSocket connection (code %u)"),
                       self->host, soup_websocket_connection_get_close_code (ws));
  _dd_irc_client_connection_lost (self, error);
}

static void
ws_error_cb (SoupWebsocketConnection *ws,
             GError                  *error,
             gpointer                 user_data)
{
  DdIrcClient *self = user_data;

  if (self->ws == ws)
    _dd_irc_client_connection_lost (self, error);
}

/* Connecting ------------------------------------------------------------- */

/* Hands our trust database to the TLS connection before its handshake. */
static void
socket_client_event_cb (GSocketClient      *client,
                        GSocketClientEvent  event,
                        GSocketConnectable *connectable,
                        GIOStream          *connection,
                        gpointer            user_data)
{
  DdIrcClient *self = user_data;

  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING && self->tls_database != NULL &&
      G_IS_TLS_CONNECTION (connection))
    g_tls_connection_set_database (G_TLS_CONNECTION (connection), self->tls_database);
}

static void
connected (DdIrcClient *self)
{
  g_autofree char *detail = g_strdup_printf (_("Connected to %s; signing in"), self->host);

  self->last_rx_us = g_get_monotonic_time ();
  self->ping_sent = FALSE;
  dd_irc_framer_reset (self->framer);
  _dd_irc_client_update_connectivity (self, DD_CONNECTIVITY_DEGRADED, detail);
  _dd_irc_client_send_registration (self);
}

/* A refused certificate says which server, in words people read. */
static void
connect_failed (DdIrcClient  *self,
                const GError *error)
{
  g_autoptr(GError) tls_error = NULL;

  if (error->domain != G_TLS_ERROR)
    {
      _dd_irc_client_connection_lost (self, error);
      return;
    }
  tls_error = g_error_new (DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                           _("The secure connection to %s failed: %s"), self->host, error->message);
  _dd_irc_client_connection_lost (self, tls_error);
}

static void
tcp_connected_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  DdIrcClient *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  GInputStream *input;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (g_cancellable_is_cancelled (data->cancellable))
    return;
  if (connection == NULL)
    {
      connect_failed (self, error);
      return;
    }

  self->stream = G_IO_STREAM (g_steal_pointer (&connection));
  input = g_io_stream_get_input_stream (self->stream);
  if (!G_IS_POLLABLE_INPUT_STREAM (input) ||
      !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (input)))
    {
      g_autoptr(GError) poll_error = g_error_new_literal (DD_NET_ERROR, DD_NET_ERROR_FAILED,
                                                          _("The connection cannot be read without blocking"));
      _dd_irc_client_connection_lost (self, poll_error);
      return;
    }
  self->read_source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (input),
                                                             self->cancellable);
  g_source_set_name (self->read_source, "[dropdeck] irc read");
  g_source_set_callback (self->read_source, G_SOURCE_FUNC (readable_cb), self, NULL);
  g_source_attach (self->read_source, self->context);

  connected (self);
}

static void
ws_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  DdIrcClient *self = data->self;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *ws;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (g_cancellable_is_cancelled (data->cancellable))
    {
      g_clear_object (&ws);
      return;
    }
  if (ws == NULL)
    {
      connect_failed (self, error);
      return;
    }

  self->ws = ws;
  soup_websocket_connection_set_max_incoming_payload_size (ws, WS_MAX_PAYLOAD);
  g_signal_connect (ws, "message", G_CALLBACK (ws_message_cb), self);
  g_signal_connect (ws, "closed", G_CALLBACK (ws_closed_cb), self);
  g_signal_connect (ws, "error", G_CALLBACK (ws_error_cb), self);

  connected (self);
}

void
_dd_irc_client_start_connecting (DdIrcClient *self)
{
  g_autofree char *detail = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (self->stream == NULL && self->ws == NULL);

  if (!_dd_irc_client_check_security (self, &error))
    {
      g_mutex_lock (&self->mutex);
      g_free (self->last_error);
      self->last_error = g_strdup (error->message);
      g_mutex_unlock (&self->mutex);
      _dd_irc_client_update_connectivity (self, DD_CONNECTIVITY_OFFLINE, error->message);
      return;
    }

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->connect_started_us = g_get_monotonic_time ();
  self->last_rx_us = self->connect_started_us;
  g_free (self->current_nick);
  self->current_nick = g_strdup (self->nick);

  if (dd_connectivity_get_state (self->connectivity) != DD_CONNECTIVITY_OFFLINE ||
      self->failures == 0)
    {
      detail = g_strdup_printf (_("Connecting to %s"), self->host);
      _dd_irc_client_update_connectivity (self, DD_CONNECTIVITY_DEGRADED, detail);
    }

  g_main_context_push_thread_default (self->context);
  if (self->transport == DD_IRC_TRANSPORT_TCP || self->transport == DD_IRC_TRANSPORT_TLS)
    {
      if (self->socket_client == NULL)
        {
          self->socket_client = g_socket_client_new ();
          g_socket_client_set_timeout (self->socket_client, CONNECT_TIMEOUT_S);
          g_socket_client_set_tls (self->socket_client,
                                   self->transport == DD_IRC_TRANSPORT_TLS);
          g_signal_connect_object (self->socket_client, "event",
                                   G_CALLBACK (socket_client_event_cb), self, 0);
        }
      g_socket_client_connect_to_host_async (self->socket_client, self->host, self->port,
                                             self->cancellable, tcp_connected_cb,
                                             _dd_irc_client_call_data_new (self));
    }
  else
    {
      const char *protocols[] = { "text.ircv3.net", NULL };
      g_autoptr(SoupMessage) message = NULL;

      if (self->session == NULL)
        {
          self->session = soup_session_new_with_options ("user-agent", "Dropdeck/" PACKAGE_VERSION,
                                                         "timeout", CONNECT_TIMEOUT_S,
                                                         NULL);
          /* Only when given: libsoup takes a NULL database as "trust nobody". */
          if (self->tls_database != NULL)
            g_object_set (self->session, "tls-database", self->tls_database, NULL);
        }
      message = soup_message_new ("GET", self->url);
      /* InspIRCd refuses a handshake without an Origin (400): send the
       * server's own, as a page served by it would. */
      soup_session_websocket_connect_async (self->session, message, self->origin, (char **) protocols,
                                            G_PRIORITY_DEFAULT, self->cancellable,
                                            ws_connected_cb, _dd_irc_client_call_data_new (self));
    }
  g_main_context_pop_thread_default (self->context);
}

void
_dd_irc_client_close_connection (DdIrcClient *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->read_source != NULL)
    {
      g_source_destroy (self->read_source);
      g_clear_pointer (&self->read_source, g_source_unref);
    }
  if (self->stream != NULL)
    {
      /* Asynchronously: a TLS close_notify to a stalled peer must not
       * block the pipeline thread. The operation keeps the stream alive. */
      g_main_context_push_thread_default (self->context);
      g_io_stream_close_async (self->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_main_context_pop_thread_default (self->context);
      g_clear_object (&self->stream);
    }
  if (self->ws != NULL)
    {
      SoupWebsocketConnection *ws = g_steal_pointer (&self->ws);

      g_signal_handlers_disconnect_by_data (ws, self);
      if (soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (ws);
    }
  g_byte_array_set_size (self->out_queue, 0);
  self->writing = FALSE;
  self->registered = FALSE;
  _dd_irc_client_set_connected (self, FALSE);
  _dd_irc_client_fail_pending_ops (self);
}
