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
  char *strings; /* the block the five pointers above point into */
  gint64 timestamp_us;
  gint32 color_rgb;
  DdChatSource source;
  DdChatFlags flags;
  DdModeration moderation;
  float moderation_score;
  DdIntent intent;
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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FIELD_ID,
  FIELD_CHANNEL,
  FIELD_AUTHOR_LOGIN,
  FIELD_DISPLAY_NAME,
  FIELD_TEXT,
  N_FIELDS
};

/* One string field on its way into the block. */
typedef struct
{
  const char *data;
  gsize len;
  char *owned; /* set when the text had to be repaired */
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

  self = (DdChatMessage *) g_object_new_with_properties (DD_TYPE_CHAT_MESSAGE, 0, NULL, NULL);

  targets[FIELD_ID] = &self->id;
  targets[FIELD_CHANNEL] = &self->channel;
  targets[FIELD_AUTHOR_LOGIN] = &self->author_login;
  targets[FIELD_DISPLAY_NAME] = &self->display_name;
  targets[FIELD_TEXT] = &self->text;

  for (guint i = 0; i < N_FIELDS; i++)
    total += fields[i].len + 1;

  self->strings = p = g_malloc (total);
  for (guint i = 0; i < N_FIELDS; i++)
    {
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
