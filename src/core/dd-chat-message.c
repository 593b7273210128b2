/* dd-chat-message.c — one immutable chat message, audience or squad
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "dd-chat-message.h"
#include "dd-core-enums.h"

/* The chat pipeline makes well over 100,000 of these a second: a message is
 * one GObject plus one block holding all of its strings, filled directly
 * rather than through the property machinery. */
struct _DdChatMessage
{
  GObject parent_instance;

  const char *id;
  const char *channel;
  const char *author_login;
  const char *display_name;
  const char *text;
  const char *author_user_id;     /* the five below may be NULL */
  const char *badges;
  const char *reply_parent_id;
  const char *reply_parent_login;
  const char *reply_parent_text;
  char *strings; /* the block the ten pointers above point into */
  gint64 timestamp_us;
  gint32 color_rgb;
  DdChatSource source;
  DdChatFlags flags;
  DdModeration moderation;
  float moderation_score;
  DdIntent intent;
  guint bits;
};

G_DEFINE_FINAL_TYPE (DdChatMessage, dd_chat_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SOURCE,
  PROP_CHANNEL,
  PROP_AUTHOR_LOGIN,
  PROP_DISPLAY_NAME,
  PROP_COLOR_RGB,
  PROP_TEXT,
  PROP_TIMESTAMP,
  PROP_FLAGS,
  PROP_MODERATION,
  PROP_MODERATION_SCORE,
  PROP_INTENT,
  PROP_AUTHOR_USER_ID,
  PROP_BADGES,
  PROP_REPLY_PARENT_ID,
  PROP_REPLY_PARENT_LOGIN,
  PROP_REPLY_PARENT_TEXT,
  PROP_BITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FIELD_ID,
  FIELD_CHANNEL,
  FIELD_AUTHOR_LOGIN,
  FIELD_DISPLAY_NAME,
  FIELD_TEXT,
  FIELD_AUTHOR_USER_ID, /* optional from here on: NULL stays NULL */
  FIELD_BADGES,
  FIELD_REPLY_PARENT_ID,
  FIELD_REPLY_PARENT_LOGIN,
  FIELD_REPLY_PARENT_TEXT,
  N_FIELDS
};

/* One string field on its way into the block. */
typedef struct
{
  const char *data;
  gsize len;
  char *owned; /* set when the text had to be repaired */
  gboolean absent; /* an optional field that was NULL */
} Field;

static const char * const moderation_nicks[] = {
  [DD_MODERATION_OK] = "ok",
  [DD_MODERATION_SPAM] = "spam",
  [DD_MODERATION_SCAM] = "scam",
  [DD_MODERATION_TOXIC] = "toxic",
};

static const char * const intent_nicks[] = {
  [DD_INTENT_NONE] = "none",
  [DD_INTENT_SIZE] = "size",
  [DD_INTENT_PRICE] = "price",
  [DD_INTENT_AVAILABILITY] = "availability",
  [DD_INTENT_PURCHASE] = "purchase",
  [DD_INTENT_SHIPPING] = "shipping",
};

static const char * const source_nicks[] = {
  [DD_CHAT_SOURCE_AUDIENCE] = "audience",
  [DD_CHAT_SOURCE_SQUAD] = "squad",
  [DD_CHAT_SOURCE_CUE] = "cue",
  [DD_CHAT_SOURCE_ALERT] = "alert",
};

static atomic_uint_fast64_t local_id_counter;

/* Fills `field` with `text` minus NUL bytes, as valid UTF-8. `len` 0 means
 * up to the first NUL. Copies nothing when the text is already clean. */
static void
field_init (Field      *field,
            const char *text,
            gsize       len)
{
  field->owned = NULL;
  field->absent = FALSE;

  if (text == NULL)
    {
      field->data = "";
      field->len = 0;
      return;
    }

  field->data = text;
  field->len = len > 0 ? len : strlen (text);

  if (len > 0 && memchr (text, '\0', len) != NULL)
    {
      char *clean = g_malloc (len + 1);
      gsize n = 0;

      for (gsize i = 0; i < len; i++)
        if (text[i] != '\0')
          clean[n++] = text[i];
      clean[n] = '\0';

      field->owned = clean;
      field->data = clean;
      field->len = n;
    }

  if (!g_utf8_validate (field->data, field->len, NULL))
    {
      char *valid = g_utf8_make_valid (field->data, field->len);

      g_free (field->owned);
      field->owned = valid;
      field->data = valid;
      field->len = strlen (valid);
    }
}

/* Like field_init(), but NULL or empty text leaves the field absent. */
static void
field_init_optional (Field      *field,
                     const char *text)
{
  if (text == NULL || text[0] == '\0')
    *field = (Field) { NULL, 0, NULL, TRUE };
  else
    field_init (field, text, 0);
}

static void
make_local_id (char  *buffer,
               gsize  size)
{
  static gsize process_tag = 0;
  guint64 serial;

  /* A random tag per process keeps ids from two runs apart. */
  if (g_once_init_enter (&process_tag))
    g_once_init_leave (&process_tag, (gsize) g_random_int_range (1, G_MAXINT32));

  serial = atomic_fetch_add_explicit (&local_id_counter, 1, memory_order_relaxed);
  g_snprintf (buffer, size, "local-%08x-%" G_GUINT64_FORMAT,
              (guint) process_tag, serial);
}

static void
dd_chat_message_finalize (GObject *object)
{
  DdChatMessage *self = DD_CHAT_MESSAGE (object);

  g_free (self->strings);

  G_OBJECT_CLASS (dd_chat_message_parent_class)->finalize (object);
}

static void
dd_chat_message_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DdChatMessage *self = DD_CHAT_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;
    case PROP_CHANNEL:
      g_value_set_string (value, self->channel);
      break;
    case PROP_AUTHOR_LOGIN:
      g_value_set_string (value, self->author_login);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_COLOR_RGB:
      g_value_set_int (value, self->color_rgb);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_TIMESTAMP:
      g_value_set_int64 (value, self->timestamp_us);
      break;
    case PROP_FLAGS:
      g_value_set_flags (value, self->flags);
      break;
    case PROP_MODERATION:
      g_value_set_enum (value, self->moderation);
      break;
    case PROP_MODERATION_SCORE:
      g_value_set_float (value, self->moderation_score);
      break;
    case PROP_INTENT:
      g_value_set_enum (value, self->intent);
      break;
    case PROP_AUTHOR_USER_ID:
      g_value_set_string (value, self->author_user_id);
      break;
    case PROP_BADGES:
      g_value_set_string (value, self->badges);
      break;
    case PROP_REPLY_PARENT_ID:
      g_value_set_string (value, self->reply_parent_id);
      break;
    case PROP_REPLY_PARENT_LOGIN:
      g_value_set_string (value, self->reply_parent_login);
      break;
    case PROP_REPLY_PARENT_TEXT:
      g_value_set_string (value, self->reply_parent_text);
      break;
    case PROP_BITS:
      g_value_set_uint (value, self->bits);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_chat_message_class_init (DdChatMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dd_chat_message_finalize;
  object_class->get_property = dd_chat_message_get_property;

  /* All read-only: a message never changes once made. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL, DD_TYPE_CHAT_SOURCE,
                       DD_CHAT_SOURCE_AUDIENCE, ro);
  properties[PROP_CHANNEL] =
    g_param_spec_string ("channel", NULL, NULL, NULL, ro);
  properties[PROP_AUTHOR_LOGIN] =
    g_param_spec_string ("author-login", NULL, NULL, NULL, ro);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
  properties[PROP_COLOR_RGB] =
    g_param_spec_int ("color-rgb", NULL, NULL, -1, 0xFFFFFF, -1, ro);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, ro);
  properties[PROP_TIMESTAMP] =
    g_param_spec_int64 ("timestamp", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_FLAGS] =
    g_param_spec_flags ("flags", NULL, NULL, DD_TYPE_CHAT_FLAGS,
                        DD_CHAT_FLAG_NONE, ro);
  properties[PROP_MODERATION] =
    g_param_spec_enum ("moderation", NULL, NULL, DD_TYPE_MODERATION,
                       DD_MODERATION_OK, ro);
  properties[PROP_MODERATION_SCORE] =
    g_param_spec_float ("moderation-score", NULL, NULL, 0.0f, 1.0f, 0.0f, ro);
  properties[PROP_INTENT] =
    g_param_spec_enum ("intent", NULL, NULL, DD_TYPE_INTENT, DD_INTENT_NONE, ro);
  properties[PROP_AUTHOR_USER_ID] =
    g_param_spec_string ("author-user-id", NULL, NULL, NULL, ro);
  properties[PROP_BADGES] =
    g_param_spec_string ("badges", NULL, NULL, NULL, ro);
  properties[PROP_REPLY_PARENT_ID] =
    g_param_spec_string ("reply-parent-id", NULL, NULL, NULL, ro);
  properties[PROP_REPLY_PARENT_LOGIN] =
    g_param_spec_string ("reply-parent-login", NULL, NULL, NULL, ro);
  properties[PROP_REPLY_PARENT_TEXT] =
    g_param_spec_string ("reply-parent-text", NULL, NULL, NULL, ro);
  properties[PROP_BITS] =
    g_param_spec_uint ("bits", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_chat_message_init (DdChatMessage *self)
{
}

DdChatMessage *
dd_chat_message_new (const DdChatMessageInit *init)
{
  DdChatMessage *self;
  Field fields[N_FIELDS];
  const char **targets[N_FIELDS];
  char local_id[48];
  gsize total = 0;
  char *p;

  g_return_val_if_fail (init != NULL, NULL);

  if (init->id != NULL && init->id[0] != '\0')
    field_init (&fields[FIELD_ID], init->id, 0);
  else
    {
      make_local_id (local_id, sizeof local_id);
      field_init (&fields[FIELD_ID], local_id, 0);
    }
  field_init (&fields[FIELD_CHANNEL], init->channel, 0);
  field_init (&fields[FIELD_AUTHOR_LOGIN], init->author_login, 0);
  if (init->display_name != NULL && init->display_name[0] != '\0')
    field_init (&fields[FIELD_DISPLAY_NAME], init->display_name, 0);
  else
    fields[FIELD_DISPLAY_NAME] = (Field) { fields[FIELD_AUTHOR_LOGIN].data,
                                           fields[FIELD_AUTHOR_LOGIN].len, NULL };
  field_init (&fields[FIELD_TEXT], init->text, init->text_len);
  field_init_optional (&fields[FIELD_AUTHOR_USER_ID], init->author_user_id);
  field_init_optional (&fields[FIELD_BADGES], init->badges);
  field_init_optional (&fields[FIELD_REPLY_PARENT_ID], init->reply_parent_id);
  field_init_optional (&fields[FIELD_REPLY_PARENT_LOGIN], init->reply_parent_login);
  /* An empty quoted text is still a quote when the parent is known. */
  if (init->reply_parent_id != NULL && init->reply_parent_id[0] != '\0' &&
      init->reply_parent_text != NULL)
    field_init (&fields[FIELD_REPLY_PARENT_TEXT], init->reply_parent_text, 0);
  else
    field_init_optional (&fields[FIELD_REPLY_PARENT_TEXT], init->reply_parent_text);

  self = (DdChatMessage *) g_object_new_with_properties (DD_TYPE_CHAT_MESSAGE, 0, NULL, NULL);

  targets[FIELD_ID] = &self->id;
  targets[FIELD_CHANNEL] = &self->channel;
  targets[FIELD_AUTHOR_LOGIN] = &self->author_login;
  targets[FIELD_DISPLAY_NAME] = &self->display_name;
  targets[FIELD_TEXT] = &self->text;
  targets[FIELD_AUTHOR_USER_ID] = &self->author_user_id;
  targets[FIELD_BADGES] = &self->badges;
  targets[FIELD_REPLY_PARENT_ID] = &self->reply_parent_id;
  targets[FIELD_REPLY_PARENT_LOGIN] = &self->reply_parent_login;
  targets[FIELD_REPLY_PARENT_TEXT] = &self->reply_parent_text;

  for (guint i = 0; i < N_FIELDS; i++)
    if (!fields[i].absent)
      total += fields[i].len + 1;

  self->strings = p = g_malloc (total);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (fields[i].absent)
        continue; /* the pointer stays NULL */
      memcpy (p, fields[i].data, fields[i].len);
      p[fields[i].len] = '\0';
      *targets[i] = p;
      p += fields[i].len + 1;
    }
  /* Only now: the display name may point into the login's repaired copy. */
  for (guint i = 0; i < N_FIELDS; i++)
    g_free (fields[i].owned);

  self->source = init->source;
  self->color_rgb = (init->color_rgb >= 0 && init->color_rgb <= 0xFFFFFF) ? init->color_rgb : -1;
  self->timestamp_us = init->timestamp_us;
  self->flags = init->flags;
  self->moderation = init->moderation;
  self->moderation_score = isnan (init->moderation_score) ? 0.0f
                           : CLAMP (init->moderation_score, 0.0f, 1.0f);
  self->intent = init->intent;
  self->bits = init->bits;

  return self;
}

const char *
dd_chat_message_get_id (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), NULL);

  return self->id;
}

DdChatSource
dd_chat_message_get_source (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), DD_CHAT_SOURCE_AUDIENCE);

  return self->source;
}

const char *
dd_chat_message_get_channel (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), NULL);

  return self->channel;
}

const char *
dd_chat_message_get_author_login (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), NULL);

  return self->author_login;
}

const char *
dd_chat_message_get_display_name (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), NULL);

  return self->display_name;
}

gint32
dd_chat_message_get_color_rgb (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), -1);

  return self->color_rgb;
}

const char *
dd_chat_message_get_text (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), NULL);

  return self->text;
}

gint64
dd_chat_message_get_timestamp (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), 0);

  return self->timestamp_us;
}

DdChatFlags
dd_chat_message_get_flags (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), DD_CHAT_FLAG_NONE);

  return self->flags;
}

DdModeration
dd_chat_message_get_moderation (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), DD_MODERATION_OK);

  return self->moderation;
}

float
dd_chat_message_get_moderation_score (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), 0.0f);

  return self->moderation_score;
}

DdIntent
dd_chat_message_get_intent (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), DD_INTENT_NONE);

  return self->intent;
}

const char *
dd_chat_message_get_author_user_id (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), NULL);

  return self->author_user_id;
}

const char *
dd_chat_message_get_badges (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), NULL);

  return self->badges;
}

const char *
dd_chat_message_get_reply_parent_id (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), NULL);

  return self->reply_parent_id;
}

const char *
dd_chat_message_get_reply_parent_login (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), NULL);

  return self->reply_parent_login;
}

const char *
dd_chat_message_get_reply_parent_text (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), NULL);

  return self->reply_parent_text;
}

guint
dd_chat_message_get_bits (DdChatMessage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (self), 0);

  return self->bits;
}

void
dd_chat_message_get_init (DdChatMessage     *self,
                          DdChatMessageInit *out)
{
  g_return_if_fail (DD_IS_CHAT_MESSAGE (self));
  g_return_if_fail (out != NULL);

  *out = (DdChatMessageInit) {
    .id = self->id,
    .source = self->source,
    .channel = self->channel,
    .author_login = self->author_login,
    .display_name = self->display_name,
    .color_rgb = self->color_rgb,
    .text = self->text,
    .timestamp_us = self->timestamp_us,
    .flags = self->flags,
    .moderation = self->moderation,
    .moderation_score = self->moderation_score,
    .intent = self->intent,
    .text_len = 0,
    .author_user_id = self->author_user_id,
    .badges = self->badges,
    .reply_parent_id = self->reply_parent_id,
    .reply_parent_login = self->reply_parent_login,
    .reply_parent_text = self->reply_parent_text,
    .bits = self->bits,
  };
}

static gboolean
nick_index (const char * const *nicks,
            guint               n_nicks,
            const char         *nick,
            guint              *out)
{
  if (nick == NULL)
    return FALSE;

  for (guint i = 0; i < n_nicks; i++)
    {
      if (strcmp (nicks[i], nick) == 0)
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
dd_moderation_to_nick (DdModeration moderation)
{
  g_return_val_if_fail ((guint) moderation < G_N_ELEMENTS (moderation_nicks), NULL);

  return moderation_nicks[moderation];
}

const char *
dd_intent_to_nick (DdIntent intent)
{
  g_return_val_if_fail ((guint) intent < G_N_ELEMENTS (intent_nicks), NULL);

  return intent_nicks[intent];
}

const char *
dd_chat_source_to_nick (DdChatSource source)
{
  g_return_val_if_fail ((guint) source < G_N_ELEMENTS (source_nicks), NULL);

  return source_nicks[source];
}

gboolean
dd_moderation_from_nick (const char   *nick,
                         DdModeration *out)
{
  guint index;

  if (!nick_index (moderation_nicks, G_N_ELEMENTS (moderation_nicks), nick, &index))
    return FALSE;
  if (out != NULL)
    *out = (DdModeration) index;
  return TRUE;
}

gboolean
dd_intent_from_nick (const char *nick,
                     DdIntent   *out)
{
  guint index;

  if (!nick_index (intent_nicks, G_N_ELEMENTS (intent_nicks), nick, &index))
    return FALSE;
  if (out != NULL)
    *out = (DdIntent) index;
  return TRUE;
}

gboolean
dd_chat_source_from_nick (const char   *nick,
                          DdChatSource *out)
{
  guint index;

  if (!nick_index (source_nicks, G_N_ELEMENTS (source_nicks), nick, &index))
    return FALSE;
  if (out != NULL)
    *out = (DdChatSource) index;
  return TRUE;
}
