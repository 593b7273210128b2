/* dd-irc-client.c — an IRCv3 / Twitch-compatible audience chat provider
 *
 * One connection at a time, all of it on the pipeline context:
 *
 *   connect (GSocketClient, TLS for remote hosts; or a libsoup WebSocket)
 *   -> PASS, CAP LS 302, NICK, USER -> CAP REQ of what we want and the
 *   server offers -> CAP END -> 001 -> OPER, JOIN -> chat.
 *
 * Bytes go through the framer (clean lines), the parser and the Twitch
 * decoder; the chat messages of one read are handed to the sink as one
 * batch. A lost connection is retried after a DdBackoff delay; messages
 * whose msgid was delivered in the last DEDUPE_WINDOW messages are dropped,
 * so a history replay on rejoin shows nothing twice.
 *
 * Moderation calls come from any thread: they build and check the line
 * there, then hop to the pipeline context, write it and wait for the
 * server to echo the KICK or MODE +b (or an error numeric) back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "dd-irc-client-private.h"

static void dd_irc_client_iface_init (DdChatProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdIrcClient, dd_irc_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DD_TYPE_CHAT_PROVIDER,
                                                      dd_irc_client_iface_init))

guint _dd_irc_client_signals[_DD_IRC_CLIENT_N_SIGNALS];

/* Helpers ---------------------------------------------------------------- */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
transport_is_plain (DdIrcTransport transport)
{
  return transport == DD_IRC_TRANSPORT_TCP || transport == DD_IRC_TRANSPORT_WEBSOCKET;
}

gboolean
_dd_irc_client_check_security (DdIrcClient  *self,
                               GError      **error)
{
  if (transport_is_plain (self->transport) && !self->allow_insecure &&
      !host_is_loopback (self->host))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                   _("Dropdeck does not send chat to %s without encryption: "
                     "use an ircs:// or wss:// address, or allow insecure "
                     "connections for this account"),
                   self->host);
      return FALSE;
    }
  return TRUE;
}

void
_dd_irc_client_update_connectivity (DdIrcClient         *self,
                                    DdConnectivityState  state,
                                    const char          *detail)
{
  dd_connectivity_update (self->connectivity, state, detail);
}

void
_dd_irc_client_publish_stats (DdIrcClient *self)
{
  const DdIrcFramerStats *fs = dd_irc_framer_get_stats (self->framer);
  const DdIrcTwitchStats *ts = dd_irc_twitch_decoder_get_stats (self->decoder);

  self->local_stats.lines = fs->lines;
  self->local_stats.sanitised = fs->nul_lines + fs->stray_cr_lines + fs->invalid_utf8_lines;
  self->local_stats.skipped = fs->empty_lines + fs->oversized_lines + self->parse_failures;
  self->local_stats.invalid_emotes = ts->invalid_emote_ranges;

  g_mutex_lock (&self->mutex);
  self->stats = self->local_stats;
  g_mutex_unlock (&self->mutex);
}

void
_dd_irc_client_set_connected (DdIrcClient *self,
                              gboolean     connected)
{
  g_mutex_lock (&self->mutex);
  self->connected = connected;
  if (!connected)
    g_hash_table_remove_all (self->acked_caps);
  g_mutex_unlock (&self->mutex);
}

void
_dd_irc_client_flush_batch (DdIrcClient *self)
{
  GPtrArray *batch;

  if (self->batch == NULL || self->batch->len == 0)
    return;

  batch = g_steal_pointer (&self->batch);
  if (self->sink != NULL)
    self->sink (batch, self->sink_data);
  else
    g_ptr_array_unref (batch);
}


/* Writing ---------------------------------------------------------------- */

CallData *
_dd_irc_client_call_data_new (DdIrcClient *self)
{
  CallData *data = g_new0 (CallData, 1);

  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  return data;
}

void
_dd_irc_client_call_data_free (CallData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data);
}

static void write_next (DdIrcClient *self);

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (!g_cancellable_is_cancelled (data->cancellable))
        _dd_irc_client_connection_lost (data->self, error);
      return;
    }
  if (g_cancellable_is_cancelled (data->cancellable))
    return;

  data->self->writing = FALSE;
  write_next (data->self);
}

static void
write_next (DdIrcClient *self)
{
  CallData *data;
  gsize len;
  gconstpointer buf;

  if (self->writing || self->stream == NULL || self->out_queue->len == 0)
    return;

  /* The callback data keeps the bytes alive until the write is over,
   * even when the connection is dropped meanwhile. */
  data = _dd_irc_client_call_data_new (self);
  data->bytes = g_byte_array_free_to_bytes (g_steal_pointer (&self->out_queue));
  self->out_queue = g_byte_array_new ();
  self->writing = TRUE;
  buf = g_bytes_get_data (data->bytes, &len);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->stream),
                                   buf, len, G_PRIORITY_DEFAULT,
                                   self->cancellable, write_done_cb, data);
}

/* Queues a whole line (ending in CR LF) on the current connection. */
void
_dd_irc_client_send_line (DdIrcClient *self,
                          const char  *line)
{
  gsize len = strlen (line);

  if (self->ws != NULL)
    {
      g_autofree char *text = NULL;

      if (soup_websocket_connection_get_state (self->ws) != SOUP_WEBSOCKET_STATE_OPEN)
        return;
      /* One line per WebSocket message, without its CR LF. */
      while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
      text = g_strndup (line, len);
      soup_websocket_connection_send_text (self->ws, text);
      return;
    }
  if (self->stream == NULL)
    return;

  g_byte_array_append (self->out_queue, (const guint8 *) line, len);
  write_next (self);
}

void
_dd_irc_client_send_built (DdIrcClient *self,
                           char        *line)
{
  g_autofree char *owned = line;

  if (owned != NULL)
    _dd_irc_client_send_line (self, owned);
}

/* DdChatProvider --------------------------------------------------------- */

static void
dd_irc_client_start (DdChatProvider *provider,
                     GMainContext   *pipeline_context,
                     DdChatSink      sink,
                     gpointer        sink_data)
{
  DdIrcClient *self = DD_IRC_CLIENT (provider);

  g_return_if_fail (!self->running);

  g_mutex_lock (&self->mutex);
  self->context = g_main_context_ref (pipeline_context);
  g_mutex_unlock (&self->mutex);

  self->sink = sink;
  self->sink_data = sink_data;
  self->running = TRUE;
  self->failures = 0;
  dd_backoff_reset (self->backoff);

  self->keepalive_source = g_timeout_source_new_seconds (KEEPALIVE_CHECK_S);
  g_source_set_name (self->keepalive_source, "[dropdeck] irc keepalive");
  g_source_set_callback (self->keepalive_source, _dd_irc_client_keepalive_cb, self, NULL);
  g_source_attach (self->keepalive_source, self->context);

  _dd_irc_client_start_connecting (self);
}

static void
dd_irc_client_stop (DdChatProvider *provider)
{
  DdIrcClient *self = DD_IRC_CLIENT (provider);
  g_autofree char *detail = NULL;

  if (!self->running)
    return;

  if (self->registered)
    _dd_irc_client_send_line (self, "QUIT :Dropdeck\r\n");
  /* Whatever was read is delivered; nothing after this. */
  _dd_irc_client_flush_batch (self);
  self->running = FALSE;
  _dd_irc_client_close_connection (self);
  _dd_irc_client_publish_stats (self);

  if (self->reconnect_source != NULL)
    {
      g_source_destroy (self->reconnect_source);
      g_clear_pointer (&self->reconnect_source, g_source_unref);
    }
  if (self->keepalive_source != NULL)
    {
      g_source_destroy (self->keepalive_source);
      g_clear_pointer (&self->keepalive_source, g_source_unref);
    }
  if (self->session != NULL)
    soup_session_abort (self->session);

  self->sink = NULL;
  self->sink_data = NULL;

  detail = g_strdup_printf (_("Disconnected from %s"), self->host);
  _dd_irc_client_update_connectivity (self, DD_CONNECTIVITY_OFFLINE, detail);
}

typedef struct
{
  DdIrcClient *self;
  char        *line;
} SendData;

static gboolean
send_in_context_cb (gpointer user_data)
{
  SendData *data = user_data;

  if (data->self->running && data->self->registered)
    _dd_irc_client_send_line (data->self, data->line);

  g_object_unref (data->self);
  g_free (data->line);
  g_free (data);
  return G_SOURCE_REMOVE;
}

static gboolean
dd_irc_client_send_message (DdChatProvider  *provider,
                            const char      *channel,
                            const char      *text,
                            GError         **error)
{
  DdIrcClient *self = DD_IRC_CLIENT (provider);
  g_autoptr(GMainContext) context = NULL;
  g_autofree char *line = NULL;
  gint64 wait_us = 0;
  SendData *data;

  line = dd_irc_build_privmsg (channel, text, -1, error);
  if (line == NULL)
    return FALSE;

  g_mutex_lock (&self->mutex);
  if (self->context != NULL && self->connected)
    context = g_main_context_ref (self->context);
  g_mutex_unlock (&self->mutex);

  if (context == NULL)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                   _("Not connected to %s: the message was not sent"), self->host);
      return FALSE;
    }

  if (!dd_rate_limiter_try_acquire (self->limiter, &wait_us))
    {
      int seconds = (int) ((wait_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Sending too fast: %u messages in 30 seconds is the limit. "
                                "Try again in %d second",
                                "Sending too fast: %u messages in 30 seconds is the limit. "
                                "Try again in %d seconds",
                                seconds),
                   dd_rate_limiter_get_max_events (self->limiter), seconds);
      return FALSE;
    }

  data = g_new0 (SendData, 1);
  data->self = g_object_ref (self);
  data->line = g_steal_pointer (&line);
  g_main_context_invoke (context, send_in_context_cb, data);

  return TRUE;
}

static DdConnectivity *
dd_irc_client_get_connectivity (DdChatProvider *provider)
{
  return DD_IRC_CLIENT (provider)->connectivity;
}

static void
dd_irc_client_iface_init (DdChatProviderInterface *iface)
{
  iface->start = dd_irc_client_start;
  iface->stop = dd_irc_client_stop;
  iface->send_message = dd_irc_client_send_message;
  iface->get_connectivity = dd_irc_client_get_connectivity;
  iface->moderate_async = _dd_irc_client_moderate_async;
  iface->moderate_finish = _dd_irc_client_moderate_finish;
}

/* GObject ------------------------------------------------------------------ */

static void
dd_irc_client_dispose (GObject *object)
{
  DdIrcClient *self = DD_IRC_CLIENT (object);

  g_assert (!self->running);

  g_clear_object (&self->session);
  g_clear_object (&self->socket_client);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->helix);
  g_clear_object (&self->tls_database);

  G_OBJECT_CLASS (dd_irc_client_parent_class)->dispose (object);
}

static void
dd_irc_client_finalize (GObject *object)
{
  DdIrcClient *self = DD_IRC_CLIENT (object);

  g_free (self->url);
  g_free (self->origin);
  g_free (self->last_error);
  g_free (self->host);
  g_free (self->nick);
  g_free (self->password);
  g_free (self->oper_name);
  g_free (self->oper_password);
  g_free (self->current_nick);
  g_ptr_array_unref (self->channels);
  g_hash_table_unref (self->acked_caps);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->limiter, dd_rate_limiter_free);
  g_clear_object (&self->connectivity);
  g_byte_array_unref (self->out_queue);
  g_free (self->read_buffer);
  g_clear_pointer (&self->framer, dd_irc_framer_free);
  g_clear_pointer (&self->decoder, dd_irc_twitch_decoder_free);
  g_string_free (self->cap_offered, TRUE);
  g_hash_table_unref (self->seen_ids);
  g_hash_table_unref (self->room_ids);
  for (guint i = 0; i < DEDUPE_WINDOW; i++)
    g_free (self->seen_ring[i]);
  g_free (self->seen_ring);
  g_clear_pointer (&self->batch, g_ptr_array_unref);
  g_clear_pointer (&self->backoff, dd_backoff_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (dd_irc_client_parent_class)->finalize (object);
}

static void
dd_irc_client_class_init (DdIrcClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_irc_client_dispose;
  object_class->finalize = dd_irc_client_finalize;

  _dd_irc_client_signals[SIGNAL_REGISTERED] =
    g_signal_new ("registered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  _dd_irc_client_signals[SIGNAL_JOINED] =
    g_signal_new ("joined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  _dd_irc_client_signals[SIGNAL_NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  _dd_irc_client_signals[SIGNAL_CLEAR_CHAT] =
    g_signal_new ("clear-chat", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT);
  _dd_irc_client_signals[SIGNAL_CLEAR_MESSAGE] =
    g_signal_new ("clear-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  _dd_irc_client_signals[SIGNAL_KICKED] =
    g_signal_new ("kicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
dd_irc_client_init (DdIrcClient *self)
{
  g_mutex_init (&self->mutex);
  self->channels = g_ptr_array_new_with_free_func (g_free);
  self->acked_caps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->limiter = dd_rate_limiter_new (DD_RATE_LIMIT_VIEWER, DD_RATE_LIMIT_WINDOW_US);
  self->connectivity = dd_connectivity_new (DD_SERVICE_AUDIENCE);
  self->out_queue = g_byte_array_new ();
  self->read_buffer = g_malloc (READ_BUFFER_SIZE);
  self->framer = dd_irc_framer_new ();
  self->decoder = dd_irc_twitch_decoder_new ();
  self->cap_offered = g_string_new (NULL);
  self->seen_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->room_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->seen_ring = g_new0 (char *, DEDUPE_WINDOW);
  self->backoff_initial_ms = 1000;
  self->backoff_max_ms = 60000;
  self->backoff = dd_backoff_new (self->backoff_initial_ms, self->backoff_max_ms, 2.0, 0.5);
  g_queue_init (&self->pending_ops);
}

/* Public ------------------------------------------------------------------- */

DdIrcClient *
dd_irc_client_new (const char  *url,
                   const char  *nick,
                   GError     **error)
{
  g_autoptr(DdIrcClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  int port;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                   _("“%s” is not a chat server address; use irc://host:port, "
                     "ircs://host:port, ws://host:port or wss://host:port"), url);
      return NULL;
    }

  self = g_object_new (DD_TYPE_IRC_CLIENT, NULL);
  scheme = g_uri_get_scheme (uri);
  port = g_uri_get_port (uri);
  if (g_ascii_strcasecmp (scheme, "irc") == 0)
    {
      self->transport = DD_IRC_TRANSPORT_TCP;
      port = port > 0 ? port : 6667;
    }
  else if (g_ascii_strcasecmp (scheme, "ircs") == 0)
    {
      self->transport = DD_IRC_TRANSPORT_TLS;
      port = port > 0 ? port : 6697;
    }
  else if (g_ascii_strcasecmp (scheme, "ws") == 0)
    {
      self->transport = DD_IRC_TRANSPORT_WEBSOCKET;
      port = port > 0 ? port : 80;
    }
  else if (g_ascii_strcasecmp (scheme, "wss") == 0)
    {
      self->transport = DD_IRC_TRANSPORT_WEBSOCKET_TLS;
      port = port > 0 ? port : 443;
    }
  else
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                   _("Dropdeck cannot read chat over “%s”; use irc, ircs, ws or wss"),
                   scheme);
      return NULL;
    }
  if (port > G_MAXUINT16)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                   _("“%s” is not a chat server address: the port is out of range"), url);
      return NULL;
    }

  self->url = g_strdup (url);
  self->host = g_strdup (g_uri_get_host (uri));
  self->port = (guint16) port;
  if (self->transport == DD_IRC_TRANSPORT_WEBSOCKET ||
      self->transport == DD_IRC_TRANSPORT_WEBSOCKET_TLS)
    self->origin = g_uri_join (G_URI_FLAGS_NONE,
                               self->transport == DD_IRC_TRANSPORT_WEBSOCKET ? "http" : "https",
                               NULL, self->host, port, "", NULL, NULL);

  if (nick != NULL)
    {
      g_autofree char *check = dd_irc_build_nick (nick, error);

      if (check == NULL)
        return NULL;
      self->nick = g_strdup (nick);
    }
  else
    self->nick = g_strdup_printf ("justinfan%05u", g_random_int_range (10000, 99999));

  return g_steal_pointer (&self);
}

DdIrcTransport
dd_irc_client_get_transport (DdIrcClient *self)
{
  g_return_val_if_fail (DD_IS_IRC_CLIENT (self), DD_IRC_TRANSPORT_TCP);

  return self->transport;
}

const char *
dd_irc_client_get_nick (DdIrcClient *self)
{
  g_return_val_if_fail (DD_IS_IRC_CLIENT (self), NULL);

  return self->nick;
}

gboolean
dd_irc_client_check_security (DdIrcClient  *self,
                              GError      **error)
{
  g_return_val_if_fail (DD_IS_IRC_CLIENT (self), FALSE);

  return _dd_irc_client_check_security (self, error);
}

void
dd_irc_client_set_allow_insecure (DdIrcClient *self,
                                  gboolean     allow)
{
  g_return_if_fail (DD_IS_IRC_CLIENT (self));

  self->allow_insecure = !!allow;
}

void
dd_irc_client_set_password (DdIrcClient *self,
                            const char  *password)
{
  g_return_if_fail (DD_IS_IRC_CLIENT (self));

  g_free (self->password);
  self->password = g_strdup (password);
}

void
dd_irc_client_set_oper (DdIrcClient *self,
                        const char  *name,
                        const char  *password)
{
  g_return_if_fail (DD_IS_IRC_CLIENT (self));

  g_free (self->oper_name);
  g_free (self->oper_password);
  self->oper_name = g_strdup (name);
  self->oper_password = g_strdup (password);
}

void
dd_irc_client_add_channel (DdIrcClient *self,
                           const char  *channel)
{
  g_return_if_fail (DD_IS_IRC_CLIENT (self));
  g_return_if_fail (channel != NULL);

  for (guint i = 0; i < self->channels->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->channels, i), channel) == 0)
      return;
  g_ptr_array_add (self->channels, g_strdup (channel));
}

void
dd_irc_client_set_moderator (DdIrcClient *self,
                             gboolean     moderator)
{
  g_return_if_fail (DD_IS_IRC_CLIENT (self));

  dd_rate_limiter_set_limit (self->limiter,
                             moderator ? DD_RATE_LIMIT_MODERATOR : DD_RATE_LIMIT_VIEWER,
                             DD_RATE_LIMIT_WINDOW_US);
}

void
dd_irc_client_set_reconnect_delays (DdIrcClient *self,
                                    guint        initial_ms,
                                    guint        max_ms)
{
  g_return_if_fail (DD_IS_IRC_CLIENT (self));
  g_return_if_fail (initial_ms > 0 && max_ms >= initial_ms);

  self->backoff_initial_ms = initial_ms;
  self->backoff_max_ms = max_ms;
  g_clear_pointer (&self->backoff, dd_backoff_free);
  self->backoff = dd_backoff_new (initial_ms, max_ms, 2.0, 0.5);
}

void
dd_irc_client_set_tls_database (DdIrcClient  *self,
                                GTlsDatabase *database)
{
  g_return_if_fail (DD_IS_IRC_CLIENT (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));
  g_return_if_fail (!self->running);

  g_set_object (&self->tls_database, database);
}

void
dd_irc_client_set_helix (DdIrcClient   *self,
                         DdHelixClient *helix)
{
  g_return_if_fail (DD_IS_IRC_CLIENT (self));
  g_return_if_fail (helix == NULL || DD_IS_HELIX_CLIENT (helix));
  g_return_if_fail (!self->running);

  g_set_object (&self->helix, helix);
}

DdHelixClient *
dd_irc_client_get_helix (DdIrcClient *self)
{
  g_return_val_if_fail (DD_IS_IRC_CLIENT (self), NULL);

  return self->helix;
}

gboolean
dd_irc_client_has_cap (DdIrcClient *self,
                       const char  *cap)
{
  gboolean has;

  g_return_val_if_fail (DD_IS_IRC_CLIENT (self), FALSE);

  g_mutex_lock (&self->mutex);
  has = g_hash_table_contains (self->acked_caps, cap);
  g_mutex_unlock (&self->mutex);

  return has;
}

void
dd_irc_client_reconnect (DdIrcClient *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DD_IS_IRC_CLIENT (self));

  if (!self->running || self->reconnect_source != NULL)
    return;
  error = g_error_new_literal (DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("Reconnecting on request"));
  _dd_irc_client_connection_lost (self, error);
}

void
dd_irc_client_get_stats (DdIrcClient      *self,
                         DdIrcClientStats *out)
{
  g_return_if_fail (DD_IS_IRC_CLIENT (self));
  g_return_if_fail (out != NULL);

  g_mutex_lock (&self->mutex);
  *out = self->stats;
  g_mutex_unlock (&self->mutex);
}

char *
dd_irc_client_dup_last_error (DdIrcClient *self)
{
  char *copy;

  g_return_val_if_fail (DD_IS_IRC_CLIENT (self), NULL);

  g_mutex_lock (&self->mutex);
  copy = g_strdup (self->last_error);
  g_mutex_unlock (&self->mutex);

  return copy;
}
