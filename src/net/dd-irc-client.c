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

#include "dd-backoff.h"
#include "dd-irc-build.h"
#include "dd-irc-client.h"
#include "dd-irc-message.h"
#include "dd-irc-twitch.h"
#include "dd-net-error.h"
#include "dd-rate-limiter.h"

#define READ_BUFFER_SIZE       (64 * 1024)
/* Reads per wake-up before the context may run something else. */
#define READS_PER_WAKEUP       16
#define MAX_SINK_BATCH         2000
#define DEDUPE_WINDOW          8192
#define CONNECT_TIMEOUT_S      15
#define MODERATION_TIMEOUT_S   10
#define KEEPALIVE_CHECK_S      15
#define KEEPALIVE_PING_AFTER_US   (60 * G_USEC_PER_SEC)
#define KEEPALIVE_DROP_AFTER_US   (150 * G_USEC_PER_SEC)
#define REGISTRATION_TIMEOUT_US   (30 * G_USEC_PER_SEC)
#define FAILURES_BEFORE_OFFLINE 3
#define STABLE_CONNECTION_US   (10 * G_USEC_PER_SEC)
#define MAX_NICK_RETRIES       5
#define WS_MAX_PAYLOAD         (4 * 1024 * 1024)

static const char * const wanted_caps[] = {
  "message-tags", "server-time", "echo-message", "batch",
  "twitch.tv/tags", "twitch.tv/commands", "twitch.tv/membership",
};

typedef enum
{
  MOD_KICK,
  MOD_BAN,
} ModKind;

typedef struct
{
  DdIrcClient *self;     /* owned */
  GTask       *task;     /* owned */
  ModKind      kind;
  char        *channel;
  char        *target;   /* nick or mask */
  char        *line;
  GSource     *timeout;
} ModOp;

struct _DdIrcClient
{
  GObject           parent_instance;

  /* Configuration: set before start, read-only afterwards */
  char             *url;
  char             *origin;        /* WebSocket Origin: the server's own */
  DdIrcTransport    transport;
  char             *host;
  guint16           port;
  char             *nick;
  char             *password;
  char             *oper_name;
  char             *oper_password;
  GPtrArray        *channels;
  gboolean          allow_insecure;
  guint             backoff_initial_ms;
  guint             backoff_max_ms;

  /* Any thread, under mutex */
  GMutex            mutex;
  DdIrcClientStats  stats;
  GHashTable       *acked_caps;
  GMainContext     *context;
  gboolean          connected;     /* registered on the current connection */
  char             *last_error;    /* why the last connection ended */

  DdRateLimiter    *limiter;       /* thread-safe itself */
  DdConnectivity   *connectivity;

  /* Pipeline context only */
  gboolean          running;
  DdChatSink        sink;
  gpointer          sink_data;
  GCancellable     *cancellable;   /* of the current connection attempt */
  GSocketClient    *socket_client;
  GIOStream        *stream;
  GSource          *read_source;
  SoupSession      *session;
  SoupWebsocketConnection *ws;
  GByteArray       *out_queue;
  gboolean          writing;
  char             *read_buffer;
  DdIrcFramer      *framer;
  DdIrcTwitchDecoder *decoder;
  DdIrcClientStats  local_stats;   /* copied to stats after each read */
  guint64           parse_failures;
  char             *current_nick;
  guint             nick_retries;
  gboolean          registered;
  GString          *cap_offered;   /* CAP LS lines gathered so far */
  GHashTable       *seen_ids;      /* msgids delivered, keys in seen_ring */
  char            **seen_ring;
  guint             seen_pos;
  GPtrArray        *batch;
  gint64            received_us;   /* wall time of the current read */
  DdBackoff        *backoff;
  GSource          *reconnect_source;
  GSource          *keepalive_source;
  gint64            last_rx_us;
  gint64            connect_started_us;
  gint64            registered_us;  /* monotonic time of the last 001 */
  gboolean          ping_sent;
  guint             failures;      /* since the last registration */
  GQueue            pending_ops;   /* ModOp, oldest first */
};

static void dd_irc_client_iface_init (DdChatProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdIrcClient, dd_irc_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DD_TYPE_CHAT_PROVIDER,
                                                      dd_irc_client_iface_init))

enum {
  SIGNAL_REGISTERED,
  SIGNAL_JOINED,
  SIGNAL_NOTICE,
  SIGNAL_CLEAR_CHAT,
  SIGNAL_CLEAR_MESSAGE,
  SIGNAL_KICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void connection_lost   (DdIrcClient  *self,
                               const GError *error);
static void start_connecting  (DdIrcClient  *self);

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

static gboolean
check_security (DdIrcClient  *self,
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

static void
update_connectivity (DdIrcClient         *self,
                     DdConnectivityState  state,
                     const char          *detail)
{
  dd_connectivity_update (self->connectivity, state, detail);
}

static void
publish_stats (DdIrcClient *self)
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

static void
set_connected (DdIrcClient *self,
               gboolean     connected)
{
  g_mutex_lock (&self->mutex);
  self->connected = connected;
  if (!connected)
    g_hash_table_remove_all (self->acked_caps);
  g_mutex_unlock (&self->mutex);
}

static void
flush_batch (DdIrcClient *self)
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

/* TRUE when `id` was delivered before; remembers it otherwise. */
static gboolean
seen_before (DdIrcClient *self,
             const char  *id)
{
  char *copy;

  if (g_hash_table_contains (self->seen_ids, id))
    return TRUE;

  if (self->seen_ring[self->seen_pos] != NULL)
    {
      g_hash_table_remove (self->seen_ids, self->seen_ring[self->seen_pos]);
      g_free (self->seen_ring[self->seen_pos]);
    }
  copy = g_strdup (id);
  self->seen_ring[self->seen_pos] = copy;
  g_hash_table_add (self->seen_ids, copy);
  self->seen_pos = (self->seen_pos + 1) % DEDUPE_WINDOW;

  return FALSE;
}

/* Writing ---------------------------------------------------------------- */

typedef struct
{
  DdIrcClient  *self;
  GCancellable *cancellable;
  GBytes       *bytes;       /* being written, if any */
} CallData;

static CallData *
call_data_new (DdIrcClient *self)
{
  CallData *data = g_new0 (CallData, 1);

  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  return data;
}

static void
call_data_free (CallData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CallData, call_data_free)

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
        connection_lost (data->self, error);
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
  data = call_data_new (self);
  data->bytes = g_byte_array_free_to_bytes (g_steal_pointer (&self->out_queue));
  self->out_queue = g_byte_array_new ();
  self->writing = TRUE;
  buf = g_bytes_get_data (data->bytes, &len);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->stream),
                                   buf, len, G_PRIORITY_DEFAULT,
                                   self->cancellable, write_done_cb, data);
}

/* Queues a whole line (ending in CR LF) on the current connection. */
static void
send_line (DdIrcClient *self,
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

static void
send_built (DdIrcClient *self,
            char        *line)
{
  g_autofree char *owned = line;

  if (owned != NULL)
    send_line (self, owned);
}

/* Moderation ------------------------------------------------------------- */

static void
mod_op_free (ModOp *op)
{
  if (op->timeout != NULL)
    {
      g_source_destroy (op->timeout);
      g_source_unref (op->timeout);
    }
  g_clear_object (&op->task);
  g_clear_object (&op->self);
  g_free (op->channel);
  g_free (op->target);
  g_free (op->line);
  g_free (op);
}

static void
mod_op_complete (ModOp  *op,
                 GError *error)
{
  g_queue_remove (&op->self->pending_ops, op);
  if (error != NULL)
    g_task_return_error (op->task, error);
  else
    g_task_return_boolean (op->task, TRUE);
  mod_op_free (op);
}

static void
fail_pending_ops (DdIrcClient *self)
{
  ModOp *op;

  while ((op = g_queue_peek_head (&self->pending_ops)) != NULL)
    mod_op_complete (op, g_error_new (DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                                      _("The connection to %s was lost before the "
                                        "server confirmed the moderation action"),
                                      self->host));
}

static gboolean
mod_op_timeout_cb (gpointer user_data)
{
  ModOp *op = user_data;

  g_clear_pointer (&op->timeout, g_source_unref);
  mod_op_complete (op, g_error_new (DD_NET_ERROR, DD_NET_ERROR_TIMEOUT,
                                    _("%s did not confirm the moderation action "
                                      "within %d seconds"),
                                    op->self->host, MODERATION_TIMEOUT_S));
  return G_SOURCE_REMOVE;
}

/* On the pipeline context. */
static gboolean
mod_op_send_cb (gpointer user_data)
{
  ModOp *op = user_data;
  DdIrcClient *self = op->self;

  if (!self->running || !self->registered)
    {
      g_task_return_new_error (op->task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("Not connected to %s: the moderation action was not sent"),
                               self->host);
      mod_op_free (op);
      return G_SOURCE_REMOVE;
    }

  g_queue_push_tail (&self->pending_ops, op);
  op->timeout = g_timeout_source_new_seconds (MODERATION_TIMEOUT_S);
  g_source_set_name (op->timeout, "[dropdeck] irc moderation timeout");
  g_source_set_callback (op->timeout, mod_op_timeout_cb, op, NULL);
  g_source_attach (op->timeout, self->context);
  send_line (self, op->line);

  return G_SOURCE_REMOVE;
}

static ModOp *
find_pending_op (DdIrcClient *self,
                 ModKind      kind,
                 const char  *channel,
                 const char  *target)
{
  ModOp *fallback = NULL;

  for (GList *l = self->pending_ops.head; l != NULL; l = l->next)
    {
      ModOp *op = l->data;

      if (op->kind != kind || channel == NULL || g_ascii_strcasecmp (op->channel, channel) != 0)
        continue;
      if (target != NULL && g_ascii_strcasecmp (op->target, target) == 0)
        return op;
      if (fallback == NULL && kind == MOD_BAN)
        fallback = op; /* the server may have normalised the mask */
    }
  return fallback;
}

static void
queue_mod_op (DdIrcClient         *self,
              ModKind              kind,
              const char          *channel,
              const char          *target,
              char                *line,
              GError              *build_error,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GMainContext) context = NULL;
  ModOp *op;

  g_task_set_source_tag (task, source_tag);

  if (line == NULL)
    {
      g_task_return_error (task, build_error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      g_free (line);
      return;
    }

  g_mutex_lock (&self->mutex);
  if (self->context != NULL && self->connected)
    context = g_main_context_ref (self->context);
  g_mutex_unlock (&self->mutex);

  if (context == NULL)
    {
      g_free (line);
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("Not connected to %s: the moderation action was not sent"),
                               self->host);
      return;
    }

  op = g_new0 (ModOp, 1);
  op->self = g_object_ref (self);
  op->task = g_steal_pointer (&task);
  op->kind = kind;
  op->channel = g_strdup (channel);
  op->target = g_strdup (target);
  op->line = line;
  g_main_context_invoke (context, mod_op_send_cb, op);
}

/* Handling lines ----------------------------------------------------------- */

static gboolean
is_own_nick (DdIrcClient *self,
             const char  *nick)
{
  return nick != NULL && self->current_nick != NULL &&
         g_ascii_strcasecmp (nick, self->current_nick) == 0;
}

static void
request_caps (DdIrcClient *self)
{
  g_autoptr(GPtrArray) want = g_ptr_array_new ();
  g_auto(GStrv) offered = g_strsplit (self->cap_offered->str, " ", -1);
  g_autofree char *line = NULL;

  for (guint i = 0; offered[i] != NULL; i++)
    {
      char *eq = strchr (offered[i], '=');

      if (eq != NULL)
        *eq = '\0';
      for (guint j = 0; j < G_N_ELEMENTS (wanted_caps); j++)
        if (g_str_equal (offered[i], wanted_caps[j]))
          g_ptr_array_add (want, (gpointer) wanted_caps[j]);
    }
  g_string_truncate (self->cap_offered, 0);

  if (want->len == 0)
    {
      send_line (self, "CAP END\r\n");
      return;
    }
  g_ptr_array_add (want, NULL);
  line = dd_irc_build_cap_req ((const char * const *) want->pdata, NULL);
  send_line (self, line != NULL ? line : "CAP END\r\n");
}

static void
handle_cap (DdIrcClient        *self,
            const DdIrcMessage *msg,
            const DdIrcEvent   *event)
{
  const char *sub = event->cap_subcommand;

  if (sub == NULL || self->registered)
    return;

  if (g_ascii_strcasecmp (sub, "LS") == 0)
    {
      /* "CAP * LS * :..." continues on the next line. */
      gboolean more = msg->n_params >= 4 &&
                      dd_irc_message_span_equal (msg, msg->params[2], "*");

      if (self->cap_offered->len > 0)
        g_string_append_c (self->cap_offered, ' ');
      g_string_append (self->cap_offered, event->cap_list != NULL ? event->cap_list : "");
      if (!more)
        request_caps (self);
    }
  else if (g_ascii_strcasecmp (sub, "ACK") == 0)
    {
      g_auto(GStrv) caps = g_strsplit (event->cap_list != NULL ? event->cap_list : "", " ", -1);

      g_mutex_lock (&self->mutex);
      for (guint i = 0; caps[i] != NULL; i++)
        if (caps[i][0] != '\0' && caps[i][0] != '-')
          g_hash_table_add (self->acked_caps, g_strdup (caps[i]));
      g_mutex_unlock (&self->mutex);
      send_line (self, "CAP END\r\n");
    }
  else if (g_ascii_strcasecmp (sub, "NAK") == 0)
    {
      /* The server refused the set: carry on without tags. */
      send_line (self, "CAP END\r\n");
    }
}

static void
handle_welcome (DdIrcClient        *self,
                const DdIrcMessage *msg)
{
  g_autofree char *detail = NULL;

  /* The server tells us the nick it registered. */
  if (msg->n_params >= 1 && msg->params[0].len > 0)
    {
      g_free (self->current_nick);
      self->current_nick = dd_irc_message_dup_span (msg, msg->params[0]);
    }

  self->registered = TRUE;
  self->registered_us = g_get_monotonic_time ();
  self->failures = 0;
  self->local_stats.connects++;
  set_connected (self, TRUE);

  if (self->oper_name != NULL)
    {
      const char *middle[] = { self->oper_name, self->oper_password, NULL };

      send_built (self, dd_irc_build_line (NULL, 0, "OPER", middle, NULL, NULL));
    }
  for (guint i = 0; i < self->channels->len; i++)
    send_built (self, dd_irc_build_join (g_ptr_array_index (self->channels, i), NULL));

  detail = g_strdup_printf (_("Connected to %s"), self->host);
  update_connectivity (self, DD_CONNECTIVITY_ONLINE, detail);
  g_signal_emit (self, signals[SIGNAL_REGISTERED], 0);
}

static void
handle_chat (DdIrcClient      *self,
             const DdIrcEvent *event)
{
  const DdChatMessageInit *init = &event->chat.init;
  DdChatMessage *message;

  if (init->text == NULL || event->channel == NULL ||
      (event->channel[0] != '#' && event->channel[0] != '&'))
    return; /* private messages and text-less notices are not chat */

  if (init->id != NULL && seen_before (self, init->id))
    {
      self->local_stats.duplicates++;
      return;
    }

  message = dd_chat_message_new (init);
  if (self->batch == NULL)
    self->batch = g_ptr_array_new_full (64, g_object_unref);
  g_ptr_array_add (self->batch, message);
  self->local_stats.messages++;

  if (self->batch->len >= MAX_SINK_BATCH)
    flush_batch (self);
}

static char *
last_param (const DdIrcMessage *msg)
{
  return msg->n_params > 0 ? dd_irc_message_dup_span (msg, msg->params[msg->n_params - 1]) : NULL;
}

/* Numerics that refuse a moderation action or a join. */
static void
handle_error_numeric (DdIrcClient        *self,
                      const DdIrcMessage *msg,
                      guint               numeric)
{
  g_autofree char *reason = last_param (msg);
  g_autofree char *channel = NULL;
  ModOp *op = NULL;

  /* params[0] is our nick; the channel is the first parameter that looks like one. */
  for (guint i = 1; i + 1 < msg->n_params && channel == NULL; i++)
    {
      const char *p = dd_irc_message_span_ptr (msg, msg->params[i]);

      if (msg->params[i].len > 0 && (p[0] == '#' || p[0] == '&'))
        channel = dd_irc_message_dup_span (msg, msg->params[i]);
    }

  switch (numeric)
    {
    case 471: case 473: case 474: case 475: case 405: case 477:
      {
        g_autofree char *detail =
          g_strdup_printf (_("Could not join %s: %s"), channel != NULL ? channel : "?", reason);

        update_connectivity (self, DD_CONNECTIVITY_DEGRADED, detail);
        return;
      }
    default:
      break;
    }

  for (GList *l = self->pending_ops.head; l != NULL && op == NULL; l = l->next)
    {
      ModOp *candidate = l->data;

      if (channel == NULL || g_ascii_strcasecmp (candidate->channel, channel) == 0)
        op = candidate;
    }
  if (op == NULL)
    return;

  mod_op_complete (op, g_error_new (DD_NET_ERROR, DD_NET_ERROR_FAILED,
                                    _("%s refused the moderation action: %s"),
                                    self->host, reason != NULL ? reason : ""));
}

static void
handle_other (DdIrcClient        *self,
              const DdIrcMessage *msg,
              const DdIrcEvent   *event)
{
  const char *command = event->command;

  if (command == NULL)
    return;

  if (g_ascii_isdigit (command[0]) && strlen (command) == 3)
    {
      guint numeric = (guint) g_ascii_strtoull (command, NULL, 10);

      if ((numeric == 433 || numeric == 432) && !self->registered)
        {
          g_autofree char *nick = NULL;

          if (self->nick_retries++ >= MAX_NICK_RETRIES)
            return;
          nick = g_strdup_printf ("%s_", self->current_nick);
          g_free (self->current_nick);
          self->current_nick = g_steal_pointer (&nick);
          send_built (self, dd_irc_build_nick (self->current_nick, NULL));
        }
      else if (numeric == 401 || numeric == 403 || numeric == 421 || numeric == 441 ||
               numeric == 442 || numeric == 461 || numeric == 478 || numeric == 481 ||
               numeric == 482 || (numeric >= 471 && numeric <= 477) || numeric == 405)
        {
          handle_error_numeric (self, msg, numeric);
        }
      return;
    }

  if (g_ascii_strcasecmp (command, "KICK") == 0 && msg->n_params >= 2)
    {
      g_autofree char *channel = dd_irc_message_dup_span (msg, msg->params[0]);
      g_autofree char *nick = dd_irc_message_dup_span (msg, msg->params[1]);
      ModOp *op;

      if (is_own_nick (self, event->login) &&
          (op = find_pending_op (self, MOD_KICK, channel, nick)) != NULL)
        mod_op_complete (op, NULL);
      g_signal_emit (self, signals[SIGNAL_KICKED], 0, channel, nick, event->login);

      if (is_own_nick (self, nick))
        {
          /* Kicked ourselves: try to come back (a ban will refuse it). */
          send_built (self, dd_irc_build_join (channel, NULL));
        }
    }
  else if (g_ascii_strcasecmp (command, "MODE") == 0 && msg->n_params >= 3 &&
           is_own_nick (self, event->login))
    {
      g_autofree char *channel = dd_irc_message_dup_span (msg, msg->params[0]);
      g_autofree char *modes = dd_irc_message_dup_span (msg, msg->params[1]);
      g_autofree char *mask = dd_irc_message_dup_span (msg, msg->params[2]);
      ModOp *op;

      if (g_str_equal (modes, "+b") &&
          (op = find_pending_op (self, MOD_BAN, channel, mask)) != NULL)
        mod_op_complete (op, NULL);
    }
}

static void
handle_line (const char *line,
             gsize       len,
             gpointer    user_data)
{
  DdIrcClient *self = user_data;
  DdIrcMessage msg;
  DdIrcEvent event;

  /* The rest of a read after the connection was dropped (RECONNECT,
   * stop from a signal handler) belongs to no connection. */
  if (!self->running || (self->stream == NULL && self->ws == NULL))
    return;

  if (!dd_irc_message_parse (&msg, line, len, NULL) ||
      !dd_irc_twitch_decode (self->decoder, &msg, self->received_us, &event, NULL))
    {
      self->parse_failures++;
      return;
    }

  switch (event.kind)
    {
    case DD_IRC_EVENT_PRIVMSG:
    case DD_IRC_EVENT_USERNOTICE:
      handle_chat (self, &event);
      break;
    case DD_IRC_EVENT_PING:
      send_built (self, dd_irc_build_pong (event.ping_token != NULL ? event.ping_token : "", NULL));
      break;
    case DD_IRC_EVENT_CAP:
      handle_cap (self, &msg, &event);
      break;
    case DD_IRC_EVENT_WELCOME:
      handle_welcome (self, &msg);
      break;
    case DD_IRC_EVENT_JOIN:
      if (is_own_nick (self, event.login))
        g_signal_emit (self, signals[SIGNAL_JOINED], 0, event.channel);
      break;
    case DD_IRC_EVENT_NOTICE:
      {
        const char *channel = event.channel != NULL &&
                              (event.channel[0] == '#' || event.channel[0] == '&' ||
                               event.channel[0] == '@') ? event.channel : NULL;

        g_signal_emit (self, signals[SIGNAL_NOTICE], 0, channel, event.notice.msg_id,
                       event.notice.text != NULL ? event.notice.text : "");
      }
      break;
    case DD_IRC_EVENT_CLEARCHAT:
      g_signal_emit (self, signals[SIGNAL_CLEAR_CHAT], 0, event.channel,
                     event.clearchat.target_login, event.clearchat.ban_duration_s);
      break;
    case DD_IRC_EVENT_CLEARMSG:
      if (event.clearmsg.target_msg_id != NULL)
        g_signal_emit (self, signals[SIGNAL_CLEAR_MESSAGE], 0, event.channel,
                       event.clearmsg.target_msg_id, event.clearmsg.login);
      break;
    case DD_IRC_EVENT_RECONNECT:
      {
        g_autoptr(GError) error =
          g_error_new (DD_NET_ERROR, DD_NET_ERROR_FAILED,
                       _("%s asked Dropdeck to reconnect"), self->host);

        flush_batch (self);
        connection_lost (self, error);
      }
      break;
    case DD_IRC_EVENT_OTHER:
      handle_other (self, &msg, &event);
      break;
    case DD_IRC_EVENT_ROOMSTATE:
    case DD_IRC_EVENT_USERSTATE:
    case DD_IRC_EVENT_GLOBALUSERSTATE:
    case DD_IRC_EVENT_PART:
    default:
      break;
    }
}

static void
feed (DdIrcClient *self,
      const char  *data,
      gsize        len)
{
  self->last_rx_us = g_get_monotonic_time ();
  self->ping_sent = FALSE;
  self->received_us = g_get_real_time ();
  self->local_stats.bytes += len;
  dd_irc_framer_feed (self->framer, data, len, handle_line, self);
}

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
          feed (self, self->read_buffer, (gsize) n);
          continue;
        }
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;

      flush_batch (self);
      publish_stats (self);
      if (n == 0)
        {
          g_autoptr(GError) eof = g_error_new (DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                                               _("%s closed the connection"), self->host);
          connection_lost (self, eof);
        }
      else
        connection_lost (self, error);
      return G_SOURCE_REMOVE;
    }

  flush_batch (self);
  publish_stats (self);
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
      feed (self, data, len);
      /* A message is one line; end it if the server did not. */
      if (data[len - 1] != '\n' && self->ws == ws)
        feed (self, "\r\n", 2);
    }
  flush_batch (self);
  publish_stats (self);
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
  connection_lost (self, error);
}

static void
ws_error_cb (SoupWebsocketConnection *ws,
             GError                  *error,
             gpointer                 user_data)
{
  DdIrcClient *self = user_data;

  if (self->ws == ws)
    connection_lost (self, error);
}

/* Connecting ------------------------------------------------------------- */

static void
send_registration (DdIrcClient *self)
{
  const char *user_middle[] = { self->current_nick, "0", "*", NULL };

  self->registered = FALSE;
  self->nick_retries = 0;
  g_string_truncate (self->cap_offered, 0);
  if (self->password != NULL)
    send_built (self, dd_irc_build_pass (self->password, NULL));
  send_line (self, "CAP LS 302\r\n");
  send_built (self, dd_irc_build_nick (self->current_nick, NULL));
  send_built (self, dd_irc_build_line (NULL, 0, "USER", user_middle, "Dropdeck", NULL));
}

static void
connected (DdIrcClient *self)
{
  g_autofree char *detail = g_strdup_printf (_("Connected to %s; signing in"), self->host);

  self->last_rx_us = g_get_monotonic_time ();
  self->ping_sent = FALSE;
  dd_irc_framer_reset (self->framer);
  update_connectivity (self, DD_CONNECTIVITY_DEGRADED, detail);
  send_registration (self);
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
      connection_lost (self, error);
      return;
    }

  self->stream = G_IO_STREAM (g_steal_pointer (&connection));
  input = g_io_stream_get_input_stream (self->stream);
  if (!G_IS_POLLABLE_INPUT_STREAM (input) ||
      !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (input)))
    {
      g_autoptr(GError) poll_error = g_error_new_literal (DD_NET_ERROR, DD_NET_ERROR_FAILED,
                                                          _("The connection cannot be read without blocking"));
      connection_lost (self, poll_error);
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
      connection_lost (self, error);
      return;
    }

  self->ws = ws;
  soup_websocket_connection_set_max_incoming_payload_size (ws, WS_MAX_PAYLOAD);
  g_signal_connect (ws, "message", G_CALLBACK (ws_message_cb), self);
  g_signal_connect (ws, "closed", G_CALLBACK (ws_closed_cb), self);
  g_signal_connect (ws, "error", G_CALLBACK (ws_error_cb), self);

  connected (self);
}

static void
start_connecting (DdIrcClient *self)
{
  g_autofree char *detail = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (self->stream == NULL && self->ws == NULL);

  if (!check_security (self, &error))
    {
      g_mutex_lock (&self->mutex);
      g_free (self->last_error);
      self->last_error = g_strdup (error->message);
      g_mutex_unlock (&self->mutex);
      update_connectivity (self, DD_CONNECTIVITY_OFFLINE, error->message);
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
      update_connectivity (self, DD_CONNECTIVITY_DEGRADED, detail);
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
        }
      g_socket_client_connect_to_host_async (self->socket_client, self->host, self->port,
                                             self->cancellable, tcp_connected_cb,
                                             call_data_new (self));
    }
  else
    {
      const char *protocols[] = { "text.ircv3.net", NULL };
      g_autoptr(SoupMessage) message = NULL;

      if (self->session == NULL)
        self->session = soup_session_new_with_options ("user-agent", "Dropdeck/" PACKAGE_VERSION,
                                                       "timeout", CONNECT_TIMEOUT_S,
                                                       NULL);
      message = soup_message_new ("GET", self->url);
      /* InspIRCd refuses a handshake without an Origin (400): send the
       * server's own, as a page served by it would. */
      soup_session_websocket_connect_async (self->session, message, self->origin, (char **) protocols,
                                            G_PRIORITY_DEFAULT, self->cancellable,
                                            ws_connected_cb, call_data_new (self));
    }
  g_main_context_pop_thread_default (self->context);
}

static void
close_connection (DdIrcClient *self)
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
  set_connected (self, FALSE);
  fail_pending_ops (self);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  DdIrcClient *self = user_data;

  g_clear_pointer (&self->reconnect_source, g_source_unref);
  start_connecting (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (DdIrcClient *self,
                    guint        delay_ms)
{
  if (self->reconnect_source != NULL)
    return;
  self->reconnect_source = g_timeout_source_new (delay_ms);
  g_source_set_name (self->reconnect_source, "[dropdeck] irc reconnect");
  g_source_set_callback (self->reconnect_source, reconnect_cb, self, NULL);
  g_source_attach (self->reconnect_source, self->context);
}

static void
connection_lost (DdIrcClient  *self,
                 const GError *error)
{
  g_autofree char *detail = NULL;
  gboolean was_stable = self->registered &&
                        g_get_monotonic_time () - self->registered_us >= STABLE_CONNECTION_US;
  guint delay_ms;

  if (!self->running)
    return;

  flush_batch (self);
  close_connection (self);

  g_mutex_lock (&self->mutex);
  g_free (self->last_error);
  self->last_error = g_strdup (error->message);
  g_mutex_unlock (&self->mutex);

  self->failures++;
  self->local_stats.reconnects++;
  publish_stats (self);

  /* The first retry after a connection that worked for a while goes at
   * once (a restart or a network change is the likely cause); a server
   * that drops us soon after every sign-in gets the backoff instead. */
  if (was_stable)
    dd_backoff_reset (self->backoff);
  delay_ms = was_stable ? 0 : dd_backoff_next_delay_ms (self->backoff);
  if (self->failures >= FAILURES_BEFORE_OFFLINE)
    {
      detail = g_strdup_printf (_("Cannot reach %s: %s. Trying again in %u s"),
                                self->host, error->message, (delay_ms + 999) / 1000);
      update_connectivity (self, DD_CONNECTIVITY_OFFLINE, detail);
    }
  else
    {
      detail = g_strdup_printf (_("Lost the connection to %s: %s. Reconnecting"),
                                self->host, error->message);
      update_connectivity (self, DD_CONNECTIVITY_DEGRADED, detail);
    }
  g_debug ("irc: %s; reconnecting in %u ms", error->message, delay_ms);
  schedule_reconnect (self, delay_ms);
}

static gboolean
keepalive_cb (gpointer user_data)
{
  DdIrcClient *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 idle = now - self->last_rx_us;

  if (self->stream == NULL && self->ws == NULL)
    return G_SOURCE_CONTINUE;

  if (!self->registered && idle > REGISTRATION_TIMEOUT_US)
    {
      g_autoptr(GError) error =
        g_error_new (DD_NET_ERROR, DD_NET_ERROR_TIMEOUT,
                     _("%s did not finish signing in"), self->host);
      connection_lost (self, error);
    }
  else if (idle > KEEPALIVE_DROP_AFTER_US)
    {
      g_autoptr(GError) error =
        g_error_new (DD_NET_ERROR, DD_NET_ERROR_TIMEOUT,
                     _("%s stopped answering"), self->host);
      connection_lost (self, error);
    }
  else if (self->registered && idle > KEEPALIVE_PING_AFTER_US && !self->ping_sent)
    {
      send_line (self, "PING :dropdeck\r\n");
      self->ping_sent = TRUE;
    }

  return G_SOURCE_CONTINUE;
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
  g_source_set_callback (self->keepalive_source, keepalive_cb, self, NULL);
  g_source_attach (self->keepalive_source, self->context);

  start_connecting (self);
}

static void
dd_irc_client_stop (DdChatProvider *provider)
{
  DdIrcClient *self = DD_IRC_CLIENT (provider);
  g_autofree char *detail = NULL;

  if (!self->running)
    return;

  if (self->registered)
    send_line (self, "QUIT :Dropdeck\r\n");
  /* Whatever was read is delivered; nothing after this. */
  flush_batch (self);
  self->running = FALSE;
  close_connection (self);
  publish_stats (self);

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
  update_connectivity (self, DD_CONNECTIVITY_OFFLINE, detail);
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
    send_line (data->self, data->line);

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

  signals[SIGNAL_REGISTERED] =
    g_signal_new ("registered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_JOINED] =
    g_signal_new ("joined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_CLEAR_CHAT] =
    g_signal_new ("clear-chat", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT);
  signals[SIGNAL_CLEAR_MESSAGE] =
    g_signal_new ("clear-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_KICKED] =
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

  return check_security (self, error);
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
  connection_lost (self, error);
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

void
dd_irc_client_kick_async (DdIrcClient         *self,
                          const char          *channel,
                          const char          *nick,
                          const char          *reason,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GError *error = NULL;
  char *line;

  g_return_if_fail (DD_IS_IRC_CLIENT (self));
  g_return_if_fail (channel != NULL && nick != NULL);

  line = dd_irc_build_kick (channel, nick, reason, &error);
  queue_mod_op (self, MOD_KICK, channel, nick, line, error, cancellable,
                callback, user_data, dd_irc_client_kick_async);
}

void
dd_irc_client_ban_async (DdIrcClient         *self,
                         const char          *channel,
                         const char          *mask,
                         guint                seconds,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GError *error = NULL;
  char *line;

  g_return_if_fail (DD_IS_IRC_CLIENT (self));
  g_return_if_fail (channel != NULL && mask != NULL);

  if (seconds > 0)
    line = dd_irc_build_timed_ban (channel, seconds, mask, &error);
  else
    line = dd_irc_build_ban (channel, mask, &error);
  queue_mod_op (self, MOD_BAN, channel, mask, line, error, cancellable,
                callback, user_data, dd_irc_client_ban_async);
}

gboolean
dd_irc_client_moderate_finish (DdIrcClient   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (DD_IS_IRC_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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
