/* dd-irc-twitch.h — typed events from parsed IRCv3 / Twitch lines
 *
 * A DdIrcTwitchDecoder turns a DdIrcMessage into a DdIrcEvent: PRIVMSG and
 * USERNOTICE fill a DdChatMessageInit for the chat pipeline, Twitch's
 * moderation and state commands become small structs. The strings of an
 * event live in the decoder and stay valid until its next decode; copy
 * what must outlive that (dd_chat_message_new() copies the init).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-chat-message.h"
#include "dd-irc-message.h"

G_BEGIN_DECLS

typedef enum
{
  DD_IRC_EVENT_OTHER,           /* any other command: see the message */
  DD_IRC_EVENT_PRIVMSG,         /* chat */
  DD_IRC_EVENT_USERNOTICE,      /* sub, raid, ...; chat may hold text */
  DD_IRC_EVENT_CLEARCHAT,       /* ban, timeout or whole-chat clear */
  DD_IRC_EVENT_CLEARMSG,        /* one message deleted */
  DD_IRC_EVENT_ROOMSTATE,
  DD_IRC_EVENT_USERSTATE,
  DD_IRC_EVENT_GLOBALUSERSTATE,
  DD_IRC_EVENT_NOTICE,
  DD_IRC_EVENT_RECONNECT,       /* the server asks us to reconnect */
  DD_IRC_EVENT_PING,
  DD_IRC_EVENT_JOIN,
  DD_IRC_EVENT_PART,
  DD_IRC_EVENT_WELCOME,         /* 001: registration is complete */
  DD_IRC_EVENT_CAP,
} DdIrcEventKind;

/* An emote over characters [start_char, end_char] of the text, which are
 * bytes [start_byte, end_byte) of it. */
typedef struct
{
  const char *id;
  guint       start_char;
  guint       end_char;
  guint       start_byte;
  guint       end_byte;
} DdIrcEmote;

/* The message a chat message answers (reply-parent-*); all NULL when it
 * is not a reply. `msg_id` also comes from IRCv3's +draft/reply. */
typedef struct
{
  const char *msg_id;
  const char *user_id;
  const char *user_login;
  const char *display_name;
  const char *body;
  const char *thread_msg_id;
  const char *thread_user_login;
} DdIrcReplyContext;

typedef struct
{
  DdChatMessageInit  init;          /* id, channel, author, text, time, flags */
  const char        *user_id;
  const char        *room_id;
  const char        *badges;        /* raw, e.g. "moderator/1,subscriber/12" */
  int                subscriber_months; /* from badge-info; 0: unknown */
  guint              bits;
  gboolean           returning_chatter;
  gboolean           is_action;     /* "/me": sent as CTCP ACTION */
  DdIrcReplyContext  reply;
  const DdIrcEmote  *emotes;
  guint              n_emotes;
  guint              n_invalid_emotes; /* ranges outside the text, skipped */
} DdIrcChat;

typedef struct
{
  const char *target_login;     /* NULL: the whole chat was cleared */
  const char *target_user_id;
  int         ban_duration_s;   /* -1: permanent (no ban-duration tag) */
} DdIrcClearChat;

typedef struct
{
  const char *target_msg_id;
  const char *login;
  const char *text;
} DdIrcClearMsg;

typedef struct
{
  const char *msg_id;           /* "sub", "resub", "raid", ... */
  const char *system_msg;
} DdIrcUserNotice;

/* Twitch sends only what changed: DD_IRC_UNSET marks the rest. */
#define DD_IRC_UNSET G_MININT

typedef struct
{
  const char *room_id;
  int         emote_only;
  int         subs_only;
  int         r9k;
  int         slow_s;
  int         followers_only_min; /* -1: off */
} DdIrcRoomState;

typedef struct
{
  const char  *display_name;
  const char  *badges;
  const char  *emote_sets;
  gint32       color_rgb;
  DdChatFlags  flags;
} DdIrcUserState;

typedef struct
{
  const char *msg_id;
  const char *text;
} DdIrcNotice;

typedef struct
{
  DdIrcEventKind   kind;
  const char      *command;     /* as sent */
  const char      *channel;     /* first parameter, for channel commands */
  const char      *login;       /* nick of the source, if any */
  gint64           timestamp_us; /* tmi-sent-ts, else time=, else received */

  DdIrcChat        chat;        /* PRIVMSG, USERNOTICE */
  DdIrcUserNotice  usernotice;
  DdIrcClearChat   clearchat;
  DdIrcClearMsg    clearmsg;
  DdIrcRoomState   roomstate;
  DdIrcUserState   userstate;   /* USERSTATE, GLOBALUSERSTATE */
  DdIrcNotice      notice;
  const char      *ping_token;
  const char      *cap_subcommand; /* CAP: "ACK", "NAK", "LS", ... */
  const char      *cap_list;
} DdIrcEvent;

typedef struct
{
  guint64 invalid_emote_ranges;
  guint64 invalid_timestamps;
} DdIrcTwitchStats;

typedef struct _DdIrcTwitchDecoder DdIrcTwitchDecoder;

DdIrcTwitchDecoder     *dd_irc_twitch_decoder_new       (void);
void                    dd_irc_twitch_decoder_free      (DdIrcTwitchDecoder *self);
/* `received_us` is used when the line carries no time. Fails with
 * DD_NET_ERROR_PROTOCOL when a known command lacks its parameters. */
gboolean                dd_irc_twitch_decode            (DdIrcTwitchDecoder *self,
                                                         const DdIrcMessage *msg,
                                                         gint64              received_us,
                                                         DdIrcEvent         *event,
                                                         GError            **error);
const DdIrcTwitchStats *dd_irc_twitch_decoder_get_stats (DdIrcTwitchDecoder *self);

/* Parses a Twitch `emotes` value ("id:0-4,6-10/id2:12-15"), which it
 * modifies in place (the ids it points to end where the ':' was), against
 * `text` (character offsets, not bytes), appending DdIrcEmote to `out`.
 * Returns the number of ranges skipped as malformed or outside the text. */
guint                   dd_irc_twitch_parse_emotes      (char               *spec,
                                                         const char         *text,
                                                         gsize               text_len,
                                                         GArray             *out);

/* "#RRGGBB" to 0xRRGGBB, or -1. */
gint32                  dd_irc_twitch_parse_color       (const char         *value,
                                                         gsize               len);
/* IRCv3 server-time ("2024-05-01T18:02:03.456Z") to µs since the epoch. */
gboolean                dd_irc_parse_server_time        (const char         *value,
                                                         gsize               len,
                                                         gint64             *out_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdIrcTwitchDecoder, dd_irc_twitch_decoder_free)

G_END_DECLS
