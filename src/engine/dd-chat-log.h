/* dd-chat-log.h — a bounded window of the newest chat messages, as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-core.h"

G_BEGIN_DECLS

#define DD_CHAT_LOG_DEFAULT_LIMIT 5000

#define DD_TYPE_CHAT_LOG (dd_chat_log_get_type ())

G_DECLARE_FINAL_TYPE (DdChatLog, dd_chat_log, DD, CHAT_LOG, GObject)

/* A GListModel of DdChatMessage, oldest first, newest last, holding at most
 * `limit` messages (0: DD_CHAT_LOG_DEFAULT_LIMIT). */
DdChatLog *dd_chat_log_new          (guint limit);
guint      dd_chat_log_get_limit    (DdChatLog *self);
/* 0: DD_CHAT_LOG_DEFAULT_LIMIT. A smaller limit drops the oldest at once. */
void       dd_chat_log_set_limit    (DdChatLog *self,
                                     guint      limit);
/* Appends a batch of DdChatMessage and drops the oldest beyond the limit,
 * with at most two small "items-changed": the overflow leaving the front,
 * then the new messages at the end. */
void       dd_chat_log_append_batch (DdChatLog *self,
                                     GPtrArray *messages);
void       dd_chat_log_append       (DdChatLog     *self,
                                     DdChatMessage *message);
void       dd_chat_log_clear        (DdChatLog *self);

G_END_DECLS
