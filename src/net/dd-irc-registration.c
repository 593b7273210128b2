/* dd-irc-registration.c — signing in and handling lines for DdIrcClient
 *
 * PASS, CAP LS 302, NICK, USER -> CAP REQ of what we want and the server
 * offers -> CAP END -> 001 -> OPER, JOIN; then every line the framer
 * hands over is parsed, decoded and dispatched from here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "dd-irc-client-private.h"

static const char * const wanted_caps[] = {
  "message-tags", "server-time", "echo-message", "batch",
  "twitch.tv/tags", "twitch.tv/commands", "twitch.tv/membership",
};

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
      _dd_irc_client_send_line (self, "CAP END\r\n");
      return;
    }
  g_ptr_array_add (want, NULL);
  line = dd_irc_build_cap_req ((const char * const *) want->pdata, NULL);
  _dd_irc_client_send_line (self, line != NULL ? line : "CAP END\r\n");
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
      _dd_irc_client_send_line (self, "CAP END\r\n");
    }
  else if (g_ascii_strcasecmp (sub, "NAK") == 0)
    {
      /* The server refused the set: carry on without tags. */
      _dd_irc_client_send_line (self, "CAP END\r\n");
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
  _dd_irc_client_set_connected (self, TRUE);

  if (self->oper_name != NULL)
    {
      const char *middle[] = { self->oper_name, self->oper_password, NULL };

      _dd_irc_client_send_built (self, dd_irc_build_line (NULL, 0, "OPER", middle, NULL, NULL));
    }
  for (guint i = 0; i < self->channels->len; i++)
    _dd_irc_client_send_built (self, dd_irc_build_join (g_ptr_array_index (self->channels, i), NULL));

  detail = g_strdup_printf (_("Connected to %s"), self->host);
  _dd_irc_client_update_connectivity (self, DD_CONNECTIVITY_ONLINE, detail);
  g_signal_emit (self, _dd_irc_client_signals[SIGNAL_REGISTERED], 0);
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

  if (init->id != NULL && _dd_irc_client_seen_before (self, init->id))
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
    _dd_irc_client_flush_batch (self);
}

/* Reports a moderation event after the chat read before it. */
static void
report_mod_event (DdIrcClient        *self,
                  DdChatModEventKind  kind,
                  const char         *channel,
                  const char         *login,
                  const char         *message_id,
                  guint               duration_s,
                  gint64              timestamp_us)
{
  g_autoptr(DdChatModEvent) event = NULL;

  if (channel == NULL || (kind == DD_CHAT_MOD_EVENT_DELETE_MESSAGE && message_id == NULL))
    return;
  _dd_irc_client_flush_batch (self);
  event = dd_chat_mod_event_new (kind, channel, login, message_id, duration_s, timestamp_us);
  dd_chat_provider_report_mod_event (DD_CHAT_PROVIDER (self), event);
}

/* The nick a ban mask names ("troll!*@*", "troll"), or NULL when the nick
 * part is a wildcard. */
static char *
nick_from_mask (const char *mask)
{
  gsize len = strcspn (mask, "!@");

  if (len == 0 || strcspn (mask, "*?") < len)
    return NULL;
  return g_strndup (mask, len);
}

/* MODE #channel +b[b...] mask...: each ban that names a nick is reported;
 * our own pending ban or timeout completes. */
static void
handle_ban_modes (DdIrcClient        *self,
                  const DdIrcMessage *msg,
                  const DdIrcEvent   *event)
{
  g_autofree char *channel = dd_irc_message_dup_span (msg, msg->params[0]);
  g_autofree char *modes = dd_irc_message_dup_span (msg, msg->params[1]);
  gboolean own = is_own_nick (self, event->login);

  if (modes[0] != '+' || modes[1] == '\0' || strspn (modes + 1, "b") != strlen (modes + 1))
    return; /* other modes take parameters we would have to know about */

  for (guint i = 0; modes[1 + i] != '\0' && 2 + i < msg->n_params; i++)
    {
      g_autofree char *mask = dd_irc_message_dup_span (msg, msg->params[2 + i]);
      g_autofree char *nick = nick_from_mask (mask);
      ModOp *op = own ? _dd_irc_client_find_pending_op (self, MOD_BAN, channel, mask) : NULL;
      guint seconds = op != NULL ? op->seconds : 0;

      if (nick != NULL)
        report_mod_event (self, seconds > 0 ? DD_CHAT_MOD_EVENT_TIMEOUT : DD_CHAT_MOD_EVENT_BAN,
                          channel, nick, NULL, seconds, event->timestamp_us);
      if (op != NULL)
        _dd_irc_client_mod_op_complete (op, NULL);
    }
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

        _dd_irc_client_update_connectivity (self, DD_CONNECTIVITY_DEGRADED, detail);
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

  _dd_irc_client_mod_op_complete (op, g_error_new (DD_NET_ERROR, DD_NET_ERROR_FAILED,
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
          _dd_irc_client_send_built (self, dd_irc_build_nick (self->current_nick, NULL));
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

      /* Out of the channel, free to come back: a timeout of 0. */
      report_mod_event (self, DD_CHAT_MOD_EVENT_TIMEOUT, channel, nick, NULL, 0,
                        event->timestamp_us);
      if (is_own_nick (self, event->login) &&
          (op = _dd_irc_client_find_pending_op (self, MOD_KICK, channel, nick)) != NULL)
        _dd_irc_client_mod_op_complete (op, NULL);
      g_signal_emit (self, _dd_irc_client_signals[SIGNAL_KICKED], 0, channel, nick, event->login);

      if (is_own_nick (self, nick))
        {
          /* Kicked ourselves: try to come back (a ban will refuse it). */
          _dd_irc_client_send_built (self, dd_irc_build_join (channel, NULL));
        }
    }
  else if (g_ascii_strcasecmp (command, "MODE") == 0 && msg->n_params >= 3)
    handle_ban_modes (self, msg, event);
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
      _dd_irc_client_send_built (self, dd_irc_build_pong (event.ping_token != NULL ? event.ping_token : "", NULL));
      break;
    case DD_IRC_EVENT_CAP:
      handle_cap (self, &msg, &event);
      break;
    case DD_IRC_EVENT_WELCOME:
      handle_welcome (self, &msg);
      break;
    case DD_IRC_EVENT_JOIN:
      if (is_own_nick (self, event.login))
        g_signal_emit (self, _dd_irc_client_signals[SIGNAL_JOINED], 0, event.channel);
      break;
    case DD_IRC_EVENT_NOTICE:
      {
        const char *channel = event.channel != NULL &&
                              (event.channel[0] == '#' || event.channel[0] == '&' ||
                               event.channel[0] == '@') ? event.channel : NULL;

        g_signal_emit (self, _dd_irc_client_signals[SIGNAL_NOTICE], 0, channel, event.notice.msg_id,
                       event.notice.text != NULL ? event.notice.text : "");
      }
      break;
    case DD_IRC_EVENT_CLEARCHAT:
      if (event.clearchat.target_login == NULL)
        report_mod_event (self, DD_CHAT_MOD_EVENT_CLEAR_ALL, event.channel, NULL, NULL, 0,
                          event.timestamp_us);
      else
        report_mod_event (self, event.clearchat.ban_duration_s < 0 ? DD_CHAT_MOD_EVENT_BAN
                                                                   : DD_CHAT_MOD_EVENT_TIMEOUT,
                          event.channel, event.clearchat.target_login, NULL,
                          (guint) MAX (event.clearchat.ban_duration_s, 0), event.timestamp_us);
      g_signal_emit (self, _dd_irc_client_signals[SIGNAL_CLEAR_CHAT], 0, event.channel,
                     event.clearchat.target_login, event.clearchat.ban_duration_s);
      break;
    case DD_IRC_EVENT_CLEARMSG:
      report_mod_event (self, DD_CHAT_MOD_EVENT_DELETE_MESSAGE, event.channel,
                        event.clearmsg.login, event.clearmsg.target_msg_id, 0, event.timestamp_us);
      if (event.clearmsg.target_msg_id != NULL)
        g_signal_emit (self, _dd_irc_client_signals[SIGNAL_CLEAR_MESSAGE], 0, event.channel,
                       event.clearmsg.target_msg_id, event.clearmsg.login);
      break;
    case DD_IRC_EVENT_RECONNECT:
      {
        g_autoptr(GError) error =
          g_error_new (DD_NET_ERROR, DD_NET_ERROR_FAILED,
                       _("%s asked Dropdeck to reconnect"), self->host);

        _dd_irc_client_flush_batch (self);
        _dd_irc_client_connection_lost (self, error);
      }
      break;
    case DD_IRC_EVENT_OTHER:
      handle_other (self, &msg, &event);
      break;
    case DD_IRC_EVENT_ROOMSTATE:
      /* Twitch's channel id: Helix moderation names the channel by it. */
      if (event.channel != NULL && event.roomstate.room_id != NULL)
        g_hash_table_insert (self->room_ids, g_ascii_strdown (event.channel, -1),
                             g_strdup (event.roomstate.room_id));
      break;
    case DD_IRC_EVENT_USERSTATE:
    case DD_IRC_EVENT_GLOBALUSERSTATE:
    case DD_IRC_EVENT_PART:
    default:
      break;
    }
}

void
_dd_irc_client_feed (DdIrcClient *self,
                     const char  *data,
                     gsize        len)
{
  self->last_rx_us = g_get_monotonic_time ();
  self->ping_sent = FALSE;
  self->received_us = g_get_real_time ();
  self->local_stats.bytes += len;
  dd_irc_framer_feed (self->framer, data, len, handle_line, self);
}

void
_dd_irc_client_send_registration (DdIrcClient *self)
{
  const char *user_middle[] = { self->current_nick, "0", "*", NULL };

  self->registered = FALSE;
  self->nick_retries = 0;
  g_string_truncate (self->cap_offered, 0);
  if (self->password != NULL)
    _dd_irc_client_send_built (self, dd_irc_build_pass (self->password, NULL));
  _dd_irc_client_send_line (self, "CAP LS 302\r\n");
  _dd_irc_client_send_built (self, dd_irc_build_nick (self->current_nick, NULL));
  _dd_irc_client_send_built (self, dd_irc_build_line (NULL, 0, "USER", user_middle, "Dropdeck", NULL));
}
