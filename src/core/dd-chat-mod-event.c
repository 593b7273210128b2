/* dd-chat-mod-event.c — a moderation action seen in a chat
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-chat-mod-event.h"

struct _DdChatModEvent
{
  gatomicrefcount     ref_count;
  DdChatModEventKind  kind;
  char               *channel;
  char               *target_login;
  char               *target_message_id;
  guint               duration_s;
  gint64              timestamp_us;
};

G_DEFINE_BOXED_TYPE (DdChatModEvent, dd_chat_mod_event,
                     dd_chat_mod_event_ref, dd_chat_mod_event_unref)

/* Network text reaches here: keep it valid UTF-8. */
static char *
dup_valid (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return NULL;
  return g_utf8_make_valid (text, -1);
}

DdChatModEvent *
dd_chat_mod_event_new (DdChatModEventKind  kind,
                       const char         *channel,
                       const char         *target_login,
                       const char         *target_message_id,
                       guint               duration_s,
                       gint64              timestamp_us)
{
  DdChatModEvent *self;

  g_return_val_if_fail (kind <= DD_CHAT_MOD_EVENT_CLEAR_ALL, NULL);
  g_return_val_if_fail (channel != NULL, NULL);
  g_return_val_if_fail (kind != DD_CHAT_MOD_EVENT_DELETE_MESSAGE ||
                        (target_message_id != NULL && target_message_id[0] != '\0'), NULL);

  self = g_new0 (DdChatModEvent, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->channel = g_utf8_make_valid (channel, -1);
  if (kind != DD_CHAT_MOD_EVENT_CLEAR_ALL)
    self->target_login = dup_valid (target_login);
  if (kind == DD_CHAT_MOD_EVENT_DELETE_MESSAGE)
    self->target_message_id = dup_valid (target_message_id);
  if (kind == DD_CHAT_MOD_EVENT_TIMEOUT)
    self->duration_s = duration_s;
  self->timestamp_us = timestamp_us;

  return self;
}

DdChatModEvent *
dd_chat_mod_event_ref (DdChatModEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
dd_chat_mod_event_unref (DdChatModEvent *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->channel);
  g_free (self->target_login);
  g_free (self->target_message_id);
  g_free (self);
}

DdChatModEventKind
dd_chat_mod_event_get_kind (const DdChatModEvent *self)
{
  g_return_val_if_fail (self != NULL, DD_CHAT_MOD_EVENT_DELETE_MESSAGE);

  return self->kind;
}

const char *
dd_chat_mod_event_get_channel (const DdChatModEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->channel;
}

const char *
dd_chat_mod_event_get_target_login (const DdChatModEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->target_login;
}

const char *
dd_chat_mod_event_get_target_message_id (const DdChatModEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->target_message_id;
}

guint
dd_chat_mod_event_get_duration_s (const DdChatModEvent *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->duration_s;
}

gint64
dd_chat_mod_event_get_timestamp (const DdChatModEvent *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->timestamp_us;
}
