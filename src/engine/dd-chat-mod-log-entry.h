/* dd-chat-mod-log-entry.h — one line of the moderation log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-core.h"

G_BEGIN_DECLS

typedef enum
{
  DD_CHAT_DESK_DELETE,
  DD_CHAT_DESK_TIMEOUT,
  DD_CHAT_DESK_BAN,
  DD_CHAT_DESK_KICK,
  DD_CHAT_DESK_NOT_SPAM,
  DD_CHAT_DESK_CLAIM,
  DD_CHAT_DESK_PIN,
} DdChatDeskAction;

#define DD_TYPE_CHAT_MOD_LOG_ENTRY (dd_chat_mod_log_entry_get_type ())

G_DECLARE_FINAL_TYPE (DdChatModLogEntry, dd_chat_mod_log_entry, DD, CHAT_MOD_LOG_ENTRY, GObject)

/* `error_message` NULL: the action took effect. `learned` is what the
 * classifier learned from it, or -1 when it learned nothing. */
DdChatModLogEntry *dd_chat_mod_log_entry_new               (DdChatDeskAction  action,
                                                            DdChatMessage    *target,
                                                            const char       *actor,
                                                            DdRole            role,
                                                            guint             duration_s,
                                                            int               learned,
                                                            const char       *error_message);
DdChatDeskAction   dd_chat_mod_log_entry_get_action        (DdChatModLogEntry *self);
DdChatMessage     *dd_chat_mod_log_entry_get_target        (DdChatModLogEntry *self);
const char        *dd_chat_mod_log_entry_get_actor         (DdChatModLogEntry *self);
DdRole             dd_chat_mod_log_entry_get_role          (DdChatModLogEntry *self);
guint              dd_chat_mod_log_entry_get_duration_s    (DdChatModLogEntry *self);
gint64             dd_chat_mod_log_entry_get_time          (DdChatModLogEntry *self);
int                dd_chat_mod_log_entry_get_learned       (DdChatModLogEntry *self);
const char        *dd_chat_mod_log_entry_get_error_message (DdChatModLogEntry *self);
/* Property "learning-undone": the learning was taken back. */
gboolean           dd_chat_mod_log_entry_get_learning_undone (DdChatModLogEntry *self);
void               dd_chat_mod_log_entry_set_learning_undone (DdChatModLogEntry *self);
/* A translated line for people, e.g. "Ana (Mod & trust lead) timed out
 * @spam_bot for 10 minutes". */
char              *dd_chat_mod_log_entry_dup_summary       (DdChatModLogEntry *self);

G_END_DECLS
