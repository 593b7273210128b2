/* dd-nats-transport.c — the byte stream under a NATS connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "dd-nats-transport.h"
#include "dd-net-error.h"

#define READ_SIZE (64 * 1024)
#define DEFAULT_PORT 4222
/* Before TLS starts, the INFO line arrives in plain text. */
#define MAX_INFO_BYTES (64 * 1024)

typedef enum
{
  KIND_TCP,
  KIND_WEBSOCKET,
} TransportKind;

struct _DdNatsTransport
{
  GObject parent_instance;

  TransportKind kind;
  char *url;
  char *host;
  gboolean tls;
  gboolean closed;
  GTlsDatabase *tls_database;

  DdNatsTransportDataFunc data_func;
  DdNatsTransportClosedFunc closed_func;
  gpointer user_data;

  /* TCP */
  GIOStream *stream;
  GCancellable *cancellable;
  char *read_buffer;
  GString *queued;
  GString *writing;
  gboolean write_pending;
  GByteArray *early;   /* read before TLS started (the INFO line) */

  /* WebSocket */
  SoupSession *session;
  SoupWebsocketConnection *websocket;
};

G_DEFINE_FINAL_TYPE (DdNatsTransport, dd_nats_transport, G_TYPE_OBJECT)

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  bare = g_strdup (host[0] == '[' ? host + 1 : host);
  if (bare[0] != '\0' && bare[strlen (bare) - 1] == ']')
    bare[strlen (bare) - 1] = '\0';
  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
parse_url (const char     *url,
           gboolean        allow_insecure,
           TransportKind  *kind,
           gboolean       *tls,
           char          **host,
           int            *port,
           GError        **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a server address (nats://, tls://, ws:// or wss://)"), url);
      return FALSE;
    }
  scheme = g_uri_get_scheme (uri);
  *host = g_strdup (g_uri_get_host (uri));
  *port = g_uri_get_port (uri);

  if (g_ascii_strcasecmp (scheme, "nats") == 0 || g_ascii_strcasecmp (scheme, "tls") == 0)
    {
      *kind = KIND_TCP;
      *tls = g_ascii_strcasecmp (scheme, "tls") == 0 || (!host_is_loopback (*host) && !allow_insecure);
      if (*port < 0)
        *port = DEFAULT_PORT;
      return TRUE;
    }
  if (g_ascii_strcasecmp (scheme, "ws") == 0 || g_ascii_strcasecmp (scheme, "wss") == 0)
    {
      *kind = KIND_WEBSOCKET;
      *tls = g_ascii_strcasecmp (scheme, "wss") == 0;
      if (!*tls && !host_is_loopback (*host) && !allow_insecure)
        {
          g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                       _("The squad server %s needs a secure address (wss://): "
                         "plain WebSocket is allowed on this computer only"), *host);
          g_clear_pointer (host, g_free);
          return FALSE;
        }
      return TRUE;
    }

  g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
               _("“%s” is not a server address (nats://, tls://, ws:// or wss://)"), url);
  g_clear_pointer (host, g_free);
  return FALSE;
}

gboolean
dd_nats_transport_check_url (const char *url,
                             gboolean    allow_insecure,
                             GError    **error)
{
  g_autofree char *host = NULL;
  TransportKind kind;
  gboolean tls;
  int port;

  return parse_url (url, allow_insecure, &kind, &tls, &host, &port, error);
}

static void
report_closed (DdNatsTransport *self,
               const GError    *error)
{
  if (self->closed)
    return;
  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->closed_func != NULL)
    self->closed_func (error, self->user_data);
}

/* TCP: reading and writing */

static void start_read (DdNatsTransport *self);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DdNatsTransport) self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (self->closed)
    return;
  if (n < 0)
    {
      report_closed (self, error);
      return;
    }
  if (n == 0)
    {
      g_autoptr(GError) eof = g_error_new (DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                                           _("The squad server %s closed the connection"),
                                           self->host);
      report_closed (self, eof);
      return;
    }
  self->data_func (self->read_buffer, (gsize) n, self->user_data);
  if (!self->closed)
    start_read (self);
}

static void
start_read (DdNatsTransport *self)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (self->stream),
                             self->read_buffer, READ_SIZE, G_PRIORITY_DEFAULT,
                             self->cancellable, read_cb, g_object_ref (self));
}

static void start_write (DdNatsTransport *self);

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DdNatsTransport) self = user_data;
  g_autoptr(GError) error = NULL;

  self->write_pending = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      report_closed (self, error);
      return;
    }
  g_string_truncate (self->writing, 0);
  if (!self->closed && self->queued->len > 0)
    start_write (self);
}

static void
start_write (DdNatsTransport *self)
{
  GString *swap = self->writing;

  self->writing = self->queued;
  self->queued = swap;
  self->write_pending = TRUE;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->stream),
                                   self->writing->str, self->writing->len,
                                   G_PRIORITY_DEFAULT, self->cancellable,
                                   write_cb, g_object_ref (self));
}

/* WebSocket */

static void
websocket_message_cb (SoupWebsocketConnection *websocket,
                      int                      type,
                      GBytes                  *message,
                      gpointer                 user_data)
{
  DdNatsTransport *self = user_data;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  if (!self->closed && len > 0)
    self->data_func (data, len, self->user_data);
}

static void
websocket_closed_cb (SoupWebsocketConnection *websocket,
                     gpointer                 user_data)
{
  DdNatsTransport *self = user_data;
  g_autoptr(GError) error = NULL;
  gushort code = soup_websocket_connection_get_close_code (websocket);

  if (code == SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION)
    error = g_error_new (DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                         _("The squad server %s refused the credentials and closed the connection"),
                         self->host);
  else
    error = g_error_new (DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                         _("The squad server %s closed the connection"), self->host);
  report_closed (self, error);
}

/* Connecting */

static void
websocket_connect_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdNatsTransport *self = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  self->websocket = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (self->websocket == NULL)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("Cannot reach the squad server %s: %s"),
                               self->host, error->message);
      return;
    }
  /* nats-server sends frames far over libsoup's default 128 KiB limit. */
  soup_websocket_connection_set_max_incoming_payload_size (self->websocket, 0);
  soup_websocket_connection_set_keepalive_interval (self->websocket, 0);
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

static void
tls_handshake_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdNatsTransport *self = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("The secure connection to the squad server %s failed: %s"),
                               self->host, error->message);
      return;
    }
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

static void
start_tls (GTask *task)
{
  DdNatsTransport *self = g_task_get_task_data (task);
  g_autoptr(GSocketConnectable) identity = g_network_address_new (self->host, DEFAULT_PORT);
  g_autoptr(GError) error = NULL;
  GIOStream *tls;

  tls = g_tls_client_connection_new (self->stream, identity, &error);
  if (tls == NULL)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("The secure connection to the squad server %s failed: %s"),
                               self->host, error->message);
      return;
    }
  if (self->tls_database != NULL)
    g_tls_connection_set_database (G_TLS_CONNECTION (tls), self->tls_database);
  g_object_unref (self->stream);
  self->stream = tls;
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), tls_handshake_cb,
                                    g_object_ref (task));
}

static void
info_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdNatsTransport *self = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (n <= 0)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("The squad server %s closed the connection before greeting"),
                               self->host);
      return;
    }
  g_byte_array_append (self->early, (const guint8 *) self->read_buffer, (guint) n);
  if (memchr (self->early->data, '\n', self->early->len) != NULL)
    {
      start_tls (task);
      return;
    }
  if (self->early->len > MAX_INFO_BYTES)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                               _("The squad server %s did not greet like a NATS server"),
                               self->host);
      return;
    }
  /* One byte at a time: nothing after the INFO line may be read in plain. */
  g_input_stream_read_async (G_INPUT_STREAM (source), self->read_buffer, 1,
                             G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                             info_read_cb, g_object_ref (task));
}

static void
tcp_connect_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdNatsTransport *self = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("Cannot reach the squad server %s: %s"),
                               self->host, error->message);
      return;
    }
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  self->stream = G_IO_STREAM (connection);

  if (!self->tls)
    {
      g_task_return_pointer (task, g_object_ref (self), g_object_unref);
      return;
    }
  self->early = g_byte_array_new ();
  g_input_stream_read_async (g_io_stream_get_input_stream (self->stream),
                             self->read_buffer, 1, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), info_read_cb, g_object_ref (task));
}

void
dd_nats_transport_connect_async (const char          *url,
                                 gboolean             allow_insecure,
                                 GTlsDatabase        *tls_database,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  DdNatsTransport *self;
  int port;

  g_return_if_fail (url != NULL);

  self = g_object_new (DD_TYPE_NATS_TRANSPORT, NULL);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_nats_transport_connect_async);
  g_task_set_task_data (task, self, g_object_unref);

  if (!parse_url (url, allow_insecure, &self->kind, &self->tls, &self->host, &port, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->url = g_strdup (url);
  g_set_object (&self->tls_database, tls_database);

  if (self->kind == KIND_TCP)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();

      g_socket_client_set_timeout (client, 10);
      g_socket_client_connect_to_host_async (client, self->host, (guint16) port, cancellable,
                                             tcp_connect_cb, g_steal_pointer (&task));
    }
  else
    {
      g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);

      if (message == NULL)
        {
          g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                                   _("“%s” is not a server address"), url);
          return;
        }
      /* Never a browser's User-Agent: nats-server then cuts frames small. */
      self->session = soup_session_new_with_options ("user-agent", "Dropdeck/" PACKAGE_VERSION,
                                                     "timeout", 10,
                                                     NULL);
      if (tls_database != NULL)
        g_object_set (self->session, "tls-database", tls_database, NULL);
      soup_session_websocket_connect_async (self->session, message, NULL, NULL,
                                            G_PRIORITY_DEFAULT, cancellable,
                                            websocket_connect_cb, g_steal_pointer (&task));
    }
}

DdNatsTransport *
dd_nats_transport_connect_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
deliver_early_cb (gpointer user_data)
{
  DdNatsTransport *self = user_data;
  g_autoptr(GByteArray) early = g_steal_pointer (&self->early);

  if (!self->closed && early != NULL && early->len > 0)
    self->data_func ((const char *) early->data, early->len, self->user_data);
  if (!self->closed)
    start_read (self);
  return G_SOURCE_REMOVE;
}

void
dd_nats_transport_start (DdNatsTransport           *self,
                         DdNatsTransportDataFunc    data_func,
                         DdNatsTransportClosedFunc  closed_func,
                         gpointer                   user_data)
{
  g_return_if_fail (DD_IS_NATS_TRANSPORT (self));

  self->data_func = data_func;
  self->closed_func = closed_func;
  self->user_data = user_data;

  if (self->kind == KIND_WEBSOCKET)
    {
      g_signal_connect (self->websocket, "message", G_CALLBACK (websocket_message_cb), self);
      g_signal_connect (self->websocket, "closed", G_CALLBACK (websocket_closed_cb), self);
      return;
    }
  /* On the caller's context: a client on another thread than the main one
   * must never see its data on the main thread. */
  {
    GSource *idle = g_idle_source_new ();

    g_source_set_callback (idle, deliver_early_cb, g_object_ref (self), g_object_unref);
    g_source_attach (idle, g_main_context_get_thread_default ());
    g_source_unref (idle);
  }
}

void
dd_nats_transport_send (DdNatsTransport *self,
                        const char      *data,
                        gsize            len)
{
  g_return_if_fail (DD_IS_NATS_TRANSPORT (self));

  if (self->closed || len == 0)
    return;
  if (self->kind == KIND_WEBSOCKET)
    {
      if (soup_websocket_connection_get_state (self->websocket) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_binary (self->websocket, data, len);
      return;
    }
  g_string_append_len (self->queued, data, (gssize) len);
  if (!self->write_pending)
    start_write (self);
}

gsize
dd_nats_transport_get_queued_bytes (DdNatsTransport *self)
{
  g_return_val_if_fail (DD_IS_NATS_TRANSPORT (self), 0);
  return self->queued->len + self->writing->len;
}

const char *
dd_nats_transport_get_url (DdNatsTransport *self)
{
  g_return_val_if_fail (DD_IS_NATS_TRANSPORT (self), NULL);
  return self->url;
}

void
dd_nats_transport_close (DdNatsTransport *self)
{
  g_return_if_fail (DD_IS_NATS_TRANSPORT (self));

  if (self->closed)
    return;
  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->websocket != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->websocket, self);
      if (soup_websocket_connection_get_state (self->websocket) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->websocket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }
  if (self->stream != NULL)
    g_io_stream_close_async (self->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

static void
dd_nats_transport_dispose (GObject *object)
{
  DdNatsTransport *self = DD_NATS_TRANSPORT (object);

  if (self->websocket != NULL)
    g_signal_handlers_disconnect_by_data (self->websocket, self);
  g_clear_object (&self->websocket);
  g_clear_object (&self->session);
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->tls_database);

  G_OBJECT_CLASS (dd_nats_transport_parent_class)->dispose (object);
}

static void
dd_nats_transport_finalize (GObject *object)
{
  DdNatsTransport *self = DD_NATS_TRANSPORT (object);

  g_free (self->url);
  g_free (self->host);
  g_free (self->read_buffer);
  g_string_free (self->queued, TRUE);
  g_string_free (self->writing, TRUE);
  g_clear_pointer (&self->early, g_byte_array_unref);

  G_OBJECT_CLASS (dd_nats_transport_parent_class)->finalize (object);
}

static void
dd_nats_transport_class_init (DdNatsTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_nats_transport_dispose;
  object_class->finalize = dd_nats_transport_finalize;
}

static void
dd_nats_transport_init (DdNatsTransport *self)
{
  self->cancellable = g_cancellable_new ();
  self->read_buffer = g_malloc (READ_SIZE);
  self->queued = g_string_sized_new (READ_SIZE);
  self->writing = g_string_sized_new (READ_SIZE);
}
