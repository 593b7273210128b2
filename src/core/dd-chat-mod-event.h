/* dd-chat-mod-event.h — a moderation action seen in a chat: a message deleted, a user timed out or banned, the chat cleared
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  DD_CHAT_MOD_EVENT_DELETE_MESSAGE, /* one message removed */
  DD_CHAT_MOD_EVENT_TIMEOUT,        /* a user silenced for duration_s; 0:
                                     * removed from the channel but free
                                     * to come back at once (an IRC KICK) */
  DD_CHAT_MOD_EVENT_BAN,            /* a user banned (or kicked) */
  DD_CHAT_MOD_EVENT_CLEAR_ALL,      /* the whole chat cleared */
} DdChatModEventKind;

typedef struct _DdChatModEvent DdChatModEvent;

#define DD_TYPE_CHAT_MOD_EVENT (dd_chat_mod_event_get_type ())

GType               dd_chat_mod_event_get_type              (void) G_GNUC_CONST;

/* Immutable and refcounted, so it may cross threads. `target_login` is
 * ignored for CLEAR_ALL, `target_message_id` is for DELETE_MESSAGE only
 * (required there), `duration_s` for TIMEOUT only. `timestamp_us`: when
 * the server did it, µs since the epoch, UTC. */
DdChatModEvent     *dd_chat_mod_event_new                   (DdChatModEventKind  kind,
                                                             const char         *channel,
                                                             const char         *target_login,
                                                             const char         *target_message_id,
                                                             guint               duration_s,
                                                             gint64              timestamp_us);
DdChatModEvent     *dd_chat_mod_event_ref                   (DdChatModEvent     *self);
void                dd_chat_mod_event_unref                 (DdChatModEvent     *self);

DdChatModEventKind  dd_chat_mod_event_get_kind              (const DdChatModEvent *self);
const char         *dd_chat_mod_event_get_channel           (const DdChatModEvent *self);
/* NULL for CLEAR_ALL, and when the server did not name the user. */
const char         *dd_chat_mod_event_get_target_login      (const DdChatModEvent *self);
/* NULL unless DELETE_MESSAGE. */
const char         *dd_chat_mod_event_get_target_message_id (const DdChatModEvent *self);
/* 0 unless TIMEOUT. */
guint               dd_chat_mod_event_get_duration_s        (const DdChatModEvent *self);
gint64              dd_chat_mod_event_get_timestamp         (const DdChatModEvent *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdChatModEvent, dd_chat_mod_event_unref)

G_END_DECLS
