/* dd-irc-twitch.c — typed events from parsed IRCv3 / Twitch lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-irc-twitch.h"
#include "dd-irc-twitch-private.h"
#include "dd-net-error.h"

/* The tags the decoder reads; everything else is ignored. */
typedef enum
{
  TAG_ID,
  TAG_MSGID,
  TAG_USER_ID,
  TAG_ROOM_ID,
  TAG_DISPLAY_NAME,
  TAG_COLOR,
  TAG_BADGES,
  TAG_BADGE_INFO,
  TAG_EMOTES,
  TAG_TMI_SENT_TS,
  TAG_TIME,
  TAG_FIRST_MSG,
  TAG_RETURNING_CHATTER,
  TAG_MOD,
  TAG_SUBSCRIBER,
  TAG_VIP,
  TAG_BITS,
  TAG_REPLY_MSG_ID,
  TAG_REPLY_USER_ID,
  TAG_REPLY_USER_LOGIN,
  TAG_REPLY_DISPLAY_NAME,
  TAG_REPLY_MSG_BODY,
  TAG_REPLY_THREAD_MSG_ID,
  TAG_REPLY_THREAD_USER_LOGIN,
  TAG_DRAFT_REPLY,
  TAG_BAN_DURATION,
  TAG_TARGET_USER_ID,
  TAG_TARGET_MSG_ID,
  TAG_LOGIN,
  TAG_MSG_ID,
  TAG_SYSTEM_MSG,
  TAG_EMOTE_ONLY,
  TAG_FOLLOWERS_ONLY,
  TAG_R9K,
  TAG_SLOW,
  TAG_SUBS_ONLY,
  TAG_EMOTE_SETS,
  N_KNOWN_TAGS
} KnownTag;

static const char * const known_tag_names[N_KNOWN_TAGS] = {
  [TAG_ID] = "id",
  [TAG_MSGID] = "msgid",
  [TAG_USER_ID] = "user-id",
  [TAG_ROOM_ID] = "room-id",
  [TAG_DISPLAY_NAME] = "display-name",
  [TAG_COLOR] = "color",
  [TAG_BADGES] = "badges",
  [TAG_BADGE_INFO] = "badge-info",
  [TAG_EMOTES] = "emotes",
  [TAG_TMI_SENT_TS] = "tmi-sent-ts",
  [TAG_TIME] = "time",
  [TAG_FIRST_MSG] = "first-msg",
  [TAG_RETURNING_CHATTER] = "returning-chatter",
  [TAG_MOD] = "mod",
  [TAG_SUBSCRIBER] = "subscriber",
  [TAG_VIP] = "vip",
  [TAG_BITS] = "bits",
  [TAG_REPLY_MSG_ID] = "reply-parent-msg-id",
  [TAG_REPLY_USER_ID] = "reply-parent-user-id",
  [TAG_REPLY_USER_LOGIN] = "reply-parent-user-login",
  [TAG_REPLY_DISPLAY_NAME] = "reply-parent-display-name",
  [TAG_REPLY_MSG_BODY] = "reply-parent-msg-body",
  [TAG_REPLY_THREAD_MSG_ID] = "reply-thread-parent-msg-id",
  [TAG_REPLY_THREAD_USER_LOGIN] = "reply-thread-parent-user-login",
  [TAG_DRAFT_REPLY] = "+draft/reply",
  [TAG_BAN_DURATION] = "ban-duration",
  [TAG_TARGET_USER_ID] = "target-user-id",
  [TAG_TARGET_MSG_ID] = "target-msg-id",
  [TAG_LOGIN] = "login",
  [TAG_MSG_ID] = "msg-id",
  [TAG_SYSTEM_MSG] = "system-msg",
  [TAG_EMOTE_ONLY] = "emote-only",
  [TAG_FOLLOWERS_ONLY] = "followers-only",
  [TAG_R9K] = "r9k",
  [TAG_SLOW] = "slow",
  [TAG_SUBS_ONLY] = "subs-only",
  [TAG_EMOTE_SETS] = "emote-sets",
};

/* Known tags grouped by the length of their name, so a lookup compares
 * one to four names. */
#define MAX_KNOWN_TAG_LEN 32
static guint8 tags_by_len_start[MAX_KNOWN_TAG_LEN + 2];
static guint8 tags_by_len[N_KNOWN_TAGS];

static const struct
{
  const char     *name;
  DdIrcEventKind  kind;
} commands[] = {
  { "PRIVMSG", DD_IRC_EVENT_PRIVMSG },
  { "USERNOTICE", DD_IRC_EVENT_USERNOTICE },
  { "CLEARCHAT", DD_IRC_EVENT_CLEARCHAT },
  { "CLEARMSG", DD_IRC_EVENT_CLEARMSG },
  { "ROOMSTATE", DD_IRC_EVENT_ROOMSTATE },
  { "USERSTATE", DD_IRC_EVENT_USERSTATE },
  { "GLOBALUSERSTATE", DD_IRC_EVENT_GLOBALUSERSTATE },
  { "NOTICE", DD_IRC_EVENT_NOTICE },
  { "RECONNECT", DD_IRC_EVENT_RECONNECT },
  { "PING", DD_IRC_EVENT_PING },
  { "JOIN", DD_IRC_EVENT_JOIN },
  { "PART", DD_IRC_EVENT_PART },
  { "001", DD_IRC_EVENT_WELCOME },
  { "CAP", DD_IRC_EVENT_CAP },
};

struct _DdIrcTwitchDecoder
{
  DdIrcTwitchStats stats;
  char *arena;        /* the strings of the last event */
  gsize arena_size;
  gsize arena_used;
  GArray *emotes;     /* DdIrcEmote */
  const DdIrcTag *known[N_KNOWN_TAGS];
};

static void
index_known_tags (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      guint counts[MAX_KNOWN_TAG_LEN + 2] = { 0 };
      guint fill[MAX_KNOWN_TAG_LEN + 2];

      for (guint i = 0; i < N_KNOWN_TAGS; i++)
        {
          gsize len = strlen (known_tag_names[i]);

          g_assert (len <= MAX_KNOWN_TAG_LEN);
          counts[len + 1]++;
        }
      for (guint len = 1; len < MAX_KNOWN_TAG_LEN + 2; len++)
        counts[len] += counts[len - 1];
      for (guint len = 0; len < MAX_KNOWN_TAG_LEN + 2; len++)
        {
          tags_by_len_start[len] = (guint8) counts[len];
          fill[len] = counts[len];
        }
      for (guint i = 0; i < N_KNOWN_TAGS; i++)
        tags_by_len[fill[strlen (known_tag_names[i])]++] = (guint8) i;

      g_once_init_leave (&initialized, 1);
    }
}

static int
lookup_known_tag (const char *key,
                  gsize       len)
{
  if (len == 0 || len > MAX_KNOWN_TAG_LEN)
    return -1;

  for (guint i = tags_by_len_start[len]; i < tags_by_len_start[len + 1]; i++)
    if (memcmp (known_tag_names[tags_by_len[i]], key, len) == 0)
      return tags_by_len[i];
  return -1;
}

/* Room for every string of one event: each part of the line is copied at
 * most twice, plus a NUL per string. Grown only between events. */
static void
arena_reset (DdIrcTwitchDecoder *self,
             gsize               line_len)
{
  gsize needed = 2 * line_len + 2 * (DD_IRC_MAX_TAGS + DD_IRC_MAX_PARAMS) + 64;

  if (self->arena_size < needed)
    {
      self->arena_size = MAX (needed, 1024);
      self->arena = g_realloc (self->arena, self->arena_size);
    }
  self->arena_used = 0;
}

static const char *
arena_dup (DdIrcTwitchDecoder *self,
           const char         *data,
           gsize               len)
{
  char *copy;

  if (self->arena_used + len + 1 > self->arena_size)
    return ""; /* cannot happen with the bound above; never overrun */

  copy = self->arena + self->arena_used;
  memcpy (copy, data, len);
  copy[len] = '\0';
  self->arena_used += len + 1;
  return copy;
}

static const char *
dup_span (DdIrcTwitchDecoder *self,
          const DdIrcMessage *msg,
          DdIrcSpan           span)
{
  return arena_dup (self, msg->line + span.offset, span.len);
}

/* The unescaped value of a known tag, or NULL when it was not sent. */
static const char *
dup_tag (DdIrcTwitchDecoder *self,
         const DdIrcMessage *msg,
         KnownTag            which)
{
  const DdIrcTag *tag = self->known[which];
  char *copy;
  gsize len;

  if (tag == NULL)
    return NULL;
  if (self->arena_used + tag->value.len + 1 > self->arena_size)
    return "";

  copy = self->arena + self->arena_used;
  len = dd_irc_tag_unescape (msg->line + tag->value.offset, tag->value.len, copy);
  copy[len] = '\0';
  self->arena_used += len + 1;
  return copy;
}

/* Like dup_tag(), but NULL for an empty value too. */
static const char *
dup_tag_nonempty (DdIrcTwitchDecoder *self,
                  const DdIrcMessage *msg,
                  KnownTag            which)
{
  const char *value = dup_tag (self, msg, which);

  return value != NULL && *value != '\0' ? value : NULL;
}

/* A small decimal tag value (at most 9 digits, optionally negative). */
static gboolean
tag_int (const DdIrcTwitchDecoder *self,
         const DdIrcMessage       *msg,
         KnownTag                  which,
         int                      *out)
{
  const DdIrcTag *tag = self->known[which];
  const char *value;
  gsize len;
  gboolean negative;
  guint64 magnitude;

  if (tag == NULL)
    return FALSE;

  value = msg->line + tag->value.offset;
  len = tag->value.len;
  negative = len > 0 && value[0] == '-';
  if (negative)
    {
      value++;
      len--;
    }
  if (!_dd_irc_parse_uint (value, len, 9, &magnitude))
    return FALSE;

  *out = negative ? -(int) magnitude : (int) magnitude;
  return TRUE;
}

static int
tag_int_or_unset (const DdIrcTwitchDecoder *self,
                  const DdIrcMessage       *msg,
                  KnownTag                  which)
{
  int value;

  return tag_int (self, msg, which, &value) ? value : DD_IRC_UNSET;
}

static gboolean
tag_is_true (const DdIrcTwitchDecoder *self,
             const DdIrcMessage       *msg,
             KnownTag                  which)
{
  const DdIrcTag *tag = self->known[which];

  return tag != NULL && tag->value.len == 1 && msg->line[tag->value.offset] == '1';
}

static gint64
event_time (DdIrcTwitchDecoder *self,
            const DdIrcMessage *msg,
            gint64              received_us)
{
  const DdIrcTag *tag;
  guint64 ms;
  gint64 us;

  if ((tag = self->known[TAG_TMI_SENT_TS]) != NULL)
    {
      /* 15 digits of milliseconds reach the year 33658. */
      if (_dd_irc_parse_uint (msg->line + tag->value.offset, tag->value.len, 15, &ms))
        return (gint64) ms * 1000;
      self->stats.invalid_timestamps++;
    }
  if ((tag = self->known[TAG_TIME]) != NULL)
    {
      if (dd_irc_parse_server_time (msg->line + tag->value.offset, tag->value.len, &us))
        return us;
      self->stats.invalid_timestamps++;
    }
  return received_us;
}

static DdChatFlags
flags_from_badges (const char *badges)
{
  DdChatFlags flags = DD_CHAT_FLAG_NONE;
  const char *p = badges;

  while (p != NULL && *p != '\0')
    {
      const char *comma = strchr (p, ',');
      const char *slash = strchr (p, '/');
      gsize item_len = comma != NULL ? (gsize) (comma - p) : strlen (p);
      gsize name_len = slash != NULL && (comma == NULL || slash < comma) ?
                       (gsize) (slash - p) : item_len;

#define BADGE_IS(name) (name_len == sizeof (name) - 1 && memcmp (p, name, name_len) == 0)
      if (BADGE_IS ("broadcaster"))
        flags |= DD_CHAT_FLAG_BROADCASTER;
      else if (BADGE_IS ("moderator"))
        flags |= DD_CHAT_FLAG_MODERATOR;
      else if (BADGE_IS ("subscriber") || BADGE_IS ("founder"))
        flags |= DD_CHAT_FLAG_SUBSCRIBER;
      else if (BADGE_IS ("vip"))
        flags |= DD_CHAT_FLAG_VIP;
#undef BADGE_IS

      p = comma != NULL ? comma + 1 : NULL;
    }

  return flags;
}

static DdChatFlags
flags_from_tags (DdIrcTwitchDecoder *self,
                 const DdIrcMessage *msg,
                 const char         *badges)
{
  DdChatFlags flags = flags_from_badges (badges);

  if (tag_is_true (self, msg, TAG_MOD))
    flags |= DD_CHAT_FLAG_MODERATOR;
  if (tag_is_true (self, msg, TAG_SUBSCRIBER))
    flags |= DD_CHAT_FLAG_SUBSCRIBER;
  if (tag_is_true (self, msg, TAG_VIP))
    flags |= DD_CHAT_FLAG_VIP;
  if (tag_is_true (self, msg, TAG_FIRST_MSG))
    flags |= DD_CHAT_FLAG_FIRST_MSG;
  return flags;
}

/* "subscriber/14" (or founder/N) in badge-info: months subscribed. */
static int
subscriber_months (const char *badge_info)
{
  const char *p = badge_info;

  while (p != NULL && *p != '\0')
    {
      if (g_str_has_prefix (p, "subscriber/") || g_str_has_prefix (p, "founder/"))
        {
          const char *digits = strchr (p, '/') + 1;
          gsize n = strspn (digits, "0123456789");
          guint64 months;

          if (_dd_irc_parse_uint (digits, n, 6, &months))
            return (int) months;
        }
      p = strchr (p, ',');
      if (p != NULL)
        p++;
    }
  return 0;
}

/* "\001ACTION text\001" (/me) carries its text inside a CTCP frame. */
static gboolean
strip_action (const char **text,
              gsize       *len)
{
  static const char prefix[] = "\001ACTION ";
  gsize prefix_len = sizeof prefix - 1;

  if (*len < prefix_len || memcmp (*text, prefix, prefix_len) != 0)
    return FALSE;

  *text += prefix_len;
  *len -= prefix_len;
  if (*len > 0 && (*text)[*len - 1] == '\001')
    (*len)--;
  return TRUE;
}

static void
fill_reply (DdIrcTwitchDecoder *self,
            const DdIrcMessage *msg,
            DdIrcReplyContext  *reply)
{
  reply->msg_id = dup_tag_nonempty (self, msg, TAG_REPLY_MSG_ID);
  if (reply->msg_id == NULL)
    reply->msg_id = dup_tag_nonempty (self, msg, TAG_DRAFT_REPLY);
  reply->user_id = dup_tag_nonempty (self, msg, TAG_REPLY_USER_ID);
  reply->user_login = dup_tag_nonempty (self, msg, TAG_REPLY_USER_LOGIN);
  reply->display_name = dup_tag_nonempty (self, msg, TAG_REPLY_DISPLAY_NAME);
  reply->body = dup_tag (self, msg, TAG_REPLY_MSG_BODY);
  reply->thread_msg_id = dup_tag_nonempty (self, msg, TAG_REPLY_THREAD_MSG_ID);
  reply->thread_user_login = dup_tag_nonempty (self, msg, TAG_REPLY_THREAD_USER_LOGIN);
}

/* PRIVMSG and USERNOTICE: the chat message and everything around it.
 * `text_param` is the index of the text parameter (it may be absent). */
static void
fill_chat (DdIrcTwitchDecoder *self,
           const DdIrcMessage *msg,
           DdIrcEvent         *event,
           const char         *author_login,
           guint               text_param)
{
  DdIrcChat *chat = &event->chat;
  DdChatMessageInit *init = &chat->init;
  const char *text = "";
  gsize text_len = 0;
  const char *emotes;
  const DdIrcTag *bits;
  guint64 bits_value;

  if (text_param < msg->n_params)
    {
      DdIrcSpan span = msg->params[text_param];

      text = msg->line + span.offset;
      text_len = span.len;
      chat->is_action = strip_action (&text, &text_len);
    }

  init->id = dup_tag_nonempty (self, msg, TAG_ID);
  if (init->id == NULL)
    init->id = dup_tag_nonempty (self, msg, TAG_MSGID);
  init->source = DD_CHAT_SOURCE_AUDIENCE;
  init->channel = event->channel;
  init->author_login = author_login != NULL ? author_login : "";
  init->display_name = dup_tag_nonempty (self, msg, TAG_DISPLAY_NAME);
  init->color_rgb = self->known[TAG_COLOR] != NULL ?
    dd_irc_twitch_parse_color (msg->line + self->known[TAG_COLOR]->value.offset,
                               self->known[TAG_COLOR]->value.len) : -1;
  init->text = arena_dup (self, text, text_len);
  init->text_len = text_len;
  init->timestamp_us = event->timestamp_us;

  chat->badges = dup_tag (self, msg, TAG_BADGES);
  init->flags = flags_from_tags (self, msg, chat->badges);
  chat->subscriber_months = subscriber_months (dup_tag (self, msg, TAG_BADGE_INFO));
  chat->user_id = dup_tag_nonempty (self, msg, TAG_USER_ID);
  chat->room_id = dup_tag_nonempty (self, msg, TAG_ROOM_ID);
  chat->returning_chatter = tag_is_true (self, msg, TAG_RETURNING_CHATTER);
  bits = self->known[TAG_BITS];
  if (bits != NULL &&
      _dd_irc_parse_uint (msg->line + bits->value.offset, bits->value.len, 9, &bits_value))
    chat->bits = (guint) bits_value;
  fill_reply (self, msg, &chat->reply);
  /* What the chat message keeps of them. */
  init->author_user_id = chat->user_id;
  init->badges = chat->badges;
  init->bits = chat->bits;
  init->reply_parent_id = chat->reply.msg_id;
  init->reply_parent_login = chat->reply.user_login;
  init->reply_parent_text = chat->reply.body;

  emotes = dup_tag_nonempty (self, msg, TAG_EMOTES);
  if (emotes != NULL)
    {
      g_array_set_size (self->emotes, 0);
      chat->n_invalid_emotes =
        dd_irc_twitch_parse_emotes ((char *) emotes, init->text, text_len, self->emotes);
      self->stats.invalid_emote_ranges += chat->n_invalid_emotes;
      chat->emotes = (const DdIrcEmote *) (gpointer) self->emotes->data;
      chat->n_emotes = self->emotes->len;
    }
}

static DdIrcEventKind
classify (const DdIrcMessage *msg)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (dd_irc_message_is_command (msg, commands[i].name))
      return commands[i].kind;
  return DD_IRC_EVENT_OTHER;
}

static guint
required_params (DdIrcEventKind kind)
{
  switch (kind)
    {
    case DD_IRC_EVENT_PRIVMSG:
      return 2;
    case DD_IRC_EVENT_USERNOTICE:
    case DD_IRC_EVENT_CLEARCHAT:
    case DD_IRC_EVENT_CLEARMSG:
    case DD_IRC_EVENT_ROOMSTATE:
    case DD_IRC_EVENT_USERSTATE:
    case DD_IRC_EVENT_NOTICE:
    case DD_IRC_EVENT_JOIN:
    case DD_IRC_EVENT_PART:
      return 1;
    case DD_IRC_EVENT_CAP:
      return 2;
    case DD_IRC_EVENT_OTHER:
    case DD_IRC_EVENT_GLOBALUSERSTATE:
    case DD_IRC_EVENT_RECONNECT:
    case DD_IRC_EVENT_PING:
    case DD_IRC_EVENT_WELCOME:
    default:
      return 0;
    }
}

static const char *
dup_last_param (DdIrcTwitchDecoder *self,
                const DdIrcMessage *msg)
{
  if (msg->n_params == 0)
    return NULL;
  return dup_span (self, msg, msg->params[msg->n_params - 1]);
}

static void
fill_event (DdIrcTwitchDecoder *self,
            const DdIrcMessage *msg,
            DdIrcEvent         *event)
{
  switch (event->kind)
    {
    case DD_IRC_EVENT_PRIVMSG:
      fill_chat (self, msg, event, event->login, 1);
      break;
    case DD_IRC_EVENT_USERNOTICE:
      fill_chat (self, msg, event, dup_tag_nonempty (self, msg, TAG_LOGIN), 1);
      event->usernotice.msg_id = dup_tag_nonempty (self, msg, TAG_MSG_ID);
      event->usernotice.system_msg = dup_tag (self, msg, TAG_SYSTEM_MSG);
      break;
    case DD_IRC_EVENT_CLEARCHAT:
      event->clearchat.target_login = msg->n_params > 1 ? dup_last_param (self, msg) : NULL;
      event->clearchat.target_user_id = dup_tag_nonempty (self, msg, TAG_TARGET_USER_ID);
      if (!tag_int (self, msg, TAG_BAN_DURATION, &event->clearchat.ban_duration_s) ||
          event->clearchat.ban_duration_s < 0)
        event->clearchat.ban_duration_s = -1;
      break;
    case DD_IRC_EVENT_CLEARMSG:
      event->clearmsg.target_msg_id = dup_tag_nonempty (self, msg, TAG_TARGET_MSG_ID);
      event->clearmsg.login = dup_tag_nonempty (self, msg, TAG_LOGIN);
      event->clearmsg.text = msg->n_params > 1 ? dup_last_param (self, msg) : NULL;
      break;
    case DD_IRC_EVENT_ROOMSTATE:
      event->roomstate.room_id = dup_tag_nonempty (self, msg, TAG_ROOM_ID);
      event->roomstate.emote_only = tag_int_or_unset (self, msg, TAG_EMOTE_ONLY);
      event->roomstate.subs_only = tag_int_or_unset (self, msg, TAG_SUBS_ONLY);
      event->roomstate.r9k = tag_int_or_unset (self, msg, TAG_R9K);
      event->roomstate.slow_s = tag_int_or_unset (self, msg, TAG_SLOW);
      event->roomstate.followers_only_min = tag_int_or_unset (self, msg, TAG_FOLLOWERS_ONLY);
      break;
    case DD_IRC_EVENT_USERSTATE:
    case DD_IRC_EVENT_GLOBALUSERSTATE:
      event->userstate.display_name = dup_tag_nonempty (self, msg, TAG_DISPLAY_NAME);
      event->userstate.badges = dup_tag (self, msg, TAG_BADGES);
      event->userstate.emote_sets = dup_tag (self, msg, TAG_EMOTE_SETS);
      event->userstate.color_rgb = self->known[TAG_COLOR] != NULL ?
        dd_irc_twitch_parse_color (msg->line + self->known[TAG_COLOR]->value.offset,
                                   self->known[TAG_COLOR]->value.len) : -1;
      event->userstate.flags = flags_from_tags (self, msg, event->userstate.badges);
      break;
    case DD_IRC_EVENT_NOTICE:
      event->notice.msg_id = dup_tag_nonempty (self, msg, TAG_MSG_ID);
      event->notice.text = dup_last_param (self, msg);
      break;
    case DD_IRC_EVENT_PING:
      event->ping_token = dup_last_param (self, msg);
      break;
    case DD_IRC_EVENT_CAP:
      event->cap_subcommand = dup_span (self, msg, msg->params[1]);
      event->cap_list = msg->n_params > 2 ? dup_last_param (self, msg) : NULL;
      break;
    case DD_IRC_EVENT_OTHER:
    case DD_IRC_EVENT_RECONNECT:
    case DD_IRC_EVENT_JOIN:
    case DD_IRC_EVENT_PART:
    case DD_IRC_EVENT_WELCOME:
    default:
      break;
    }
}

DdIrcTwitchDecoder *
dd_irc_twitch_decoder_new (void)
{
  DdIrcTwitchDecoder *self = g_new0 (DdIrcTwitchDecoder, 1);

  index_known_tags ();
  self->emotes = g_array_new (FALSE, FALSE, sizeof (DdIrcEmote));
  return self;
}

void
dd_irc_twitch_decoder_free (DdIrcTwitchDecoder *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->emotes);
  g_free (self->arena);
  g_free (self);
}

const DdIrcTwitchStats *
dd_irc_twitch_decoder_get_stats (DdIrcTwitchDecoder *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->stats;
}

gboolean
dd_irc_twitch_decode (DdIrcTwitchDecoder  *self,
                      const DdIrcMessage  *msg,
                      gint64               received_us,
                      DdIrcEvent          *event,
                      GError             **error)
{
  DdIrcEventKind kind;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (msg != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  memset (event, 0, sizeof *event);
  event->chat.init.color_rgb = -1;
  event->userstate.color_rgb = -1;
  event->clearchat.ban_duration_s = -1;

  kind = classify (msg);
  if (msg->n_params < required_params (kind))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("The server sent %.*s with %u parameters; it needs at least %u"),
                   (int) msg->command.len, msg->line + msg->command.offset,
                   msg->n_params, required_params (kind));
      return FALSE;
    }

  arena_reset (self, msg->line_len);
  memset (self->known, 0, sizeof self->known);
  for (guint i = 0; i < msg->n_tags; i++)
    {
      int which = lookup_known_tag (msg->line + msg->tags[i].key.offset,
                                    msg->tags[i].key.len);

      if (which >= 0)
        self->known[which] = &msg->tags[i]; /* a later duplicate wins */
    }

  event->kind = kind;
  event->command = dup_span (self, msg, msg->command);
  if (msg->nick.len > 0)
    event->login = dup_span (self, msg, msg->nick);
  if (msg->n_params > 0 && kind != DD_IRC_EVENT_OTHER &&
      kind != DD_IRC_EVENT_PING && kind != DD_IRC_EVENT_CAP &&
      kind != DD_IRC_EVENT_WELCOME && kind != DD_IRC_EVENT_GLOBALUSERSTATE)
    event->channel = dup_span (self, msg, msg->params[0]);
  event->timestamp_us = event_time (self, msg, received_us);

  event->roomstate.emote_only = DD_IRC_UNSET;
  event->roomstate.subs_only = DD_IRC_UNSET;
  event->roomstate.r9k = DD_IRC_UNSET;
  event->roomstate.slow_s = DD_IRC_UNSET;
  event->roomstate.followers_only_min = DD_IRC_UNSET;

  fill_event (self, msg, event);
  return TRUE;
}
