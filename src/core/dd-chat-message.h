/* dd-chat-message.h — one immutable chat message, audience or squad
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  DD_CHAT_SOURCE_AUDIENCE,
  DD_CHAT_SOURCE_SQUAD,
  DD_CHAT_SOURCE_CUE,      /* a creator cue pinned by the squad */
  DD_CHAT_SOURCE_ALERT,    /* an ops alert */
} DdChatSource;

typedef enum
{
  DD_MODERATION_OK,
  DD_MODERATION_SPAM,
  DD_MODERATION_SCAM,
  DD_MODERATION_TOXIC,
} DdModeration;

typedef enum
{
  DD_INTENT_NONE,
  DD_INTENT_SIZE,
  DD_INTENT_PRICE,
  DD_INTENT_AVAILABILITY,
  DD_INTENT_PURCHASE,
  DD_INTENT_SHIPPING,
} DdIntent;

typedef enum /*< flags >*/
{
  DD_CHAT_FLAG_NONE        = 0,
  DD_CHAT_FLAG_FIRST_MSG   = 1 << 0,
  DD_CHAT_FLAG_MODERATOR   = 1 << 1,
  DD_CHAT_FLAG_SUBSCRIBER  = 1 << 2,
  DD_CHAT_FLAG_VIP         = 1 << 3,
  DD_CHAT_FLAG_BROADCASTER = 1 << 4,
  DD_CHAT_FLAG_SYNTHETIC   = 1 << 5, /* demo or preflight traffic */
} DdChatFlags;

/* What a codec or simulator fills in; dd_chat_message_new() copies it. */
typedef struct
{
  const char   *id;            /* server message id; NULL: one is made */
  DdChatSource  source;
  const char   *channel;
  const char   *author_login;
  const char   *display_name;  /* NULL: the login */
  gint32        color_rgb;     /* 0xRRGGBB, or -1 for none */
  const char   *text;          /* plain text; never markup */
  gint64        timestamp_us;  /* server time, µs since the epoch, UTC */
  DdChatFlags   flags;
  DdModeration  moderation;
  float         moderation_score;
  DdIntent      intent;
  gsize         text_len;      /* bytes of text, for text that may hold NUL
                                * bytes (they are removed); 0: up to the
                                * first NUL */
  const char   *author_user_id; /* the platform's stable user id; NULL: none */
  const char   *badges;        /* Twitch form "broadcaster/1,subscriber/12",
                                * NULL: none */
  const char   *reply_parent_id;    /* the message this one answers */
  const char   *reply_parent_login; /* its author */
  const char   *reply_parent_text;  /* its text, as the server quoted it */
  guint         bits;          /* cheered bits; 0: none */
} DdChatMessageInit;

#define DD_TYPE_CHAT_MESSAGE (dd_chat_message_get_type ())

G_DECLARE_FINAL_TYPE (DdChatMessage, dd_chat_message, DD, CHAT_MESSAGE, GObject)

/* Text that is not valid UTF-8 is repaired (U+FFFD) and NUL-free. Once made,
 * a message never changes, so it may cross threads. */
DdChatMessage *dd_chat_message_new                  (const DdChatMessageInit *init);
const char    *dd_chat_message_get_id               (DdChatMessage *self);
DdChatSource   dd_chat_message_get_source           (DdChatMessage *self);
const char    *dd_chat_message_get_channel          (DdChatMessage *self);
const char    *dd_chat_message_get_author_login     (DdChatMessage *self);
const char    *dd_chat_message_get_display_name     (DdChatMessage *self);
gint32         dd_chat_message_get_color_rgb        (DdChatMessage *self);
const char    *dd_chat_message_get_text             (DdChatMessage *self);
gint64         dd_chat_message_get_timestamp        (DdChatMessage *self);
DdChatFlags    dd_chat_message_get_flags            (DdChatMessage *self);
DdModeration   dd_chat_message_get_moderation       (DdChatMessage *self);
float          dd_chat_message_get_moderation_score (DdChatMessage *self);
DdIntent       dd_chat_message_get_intent           (DdChatMessage *self);
/* NULL when the source did not say. */
const char    *dd_chat_message_get_author_user_id   (DdChatMessage *self);
const char    *dd_chat_message_get_badges           (DdChatMessage *self);
/* All three NULL unless the message is a reply. */
const char    *dd_chat_message_get_reply_parent_id    (DdChatMessage *self);
const char    *dd_chat_message_get_reply_parent_login (DdChatMessage *self);
const char    *dd_chat_message_get_reply_parent_text  (DdChatMessage *self);
guint          dd_chat_message_get_bits             (DdChatMessage *self);
/* Fills `out` with what `self` was made from (text_len 0); the strings are
 * borrowed from `self`. For copies that change a field or two, such as a
 * labelled message. */
void           dd_chat_message_get_init             (DdChatMessage     *self,
                                                     DdChatMessageInit *out);

const char    *dd_moderation_to_nick                (DdModeration moderation);
const char    *dd_intent_to_nick                    (DdIntent intent);
const char    *dd_chat_source_to_nick               (DdChatSource source);
gboolean       dd_moderation_from_nick              (const char   *nick,
                                                     DdModeration *out);
gboolean       dd_intent_from_nick                  (const char   *nick,
                                                     DdIntent     *out);
gboolean       dd_chat_source_from_nick             (const char   *nick,
                                                     DdChatSource *out);

G_END_DECLS
