/* dd-chat-mod-log-view.h — the moderation log beside the chat wall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dd-chat-desk.h"

G_BEGIN_DECLS

#define DD_TYPE_CHAT_MOD_LOG_VIEW (dd_chat_mod_log_view_get_type ())

G_DECLARE_FINAL_TYPE (DdChatModLogView, dd_chat_mod_log_view, DD, CHAT_MOD_LOG_VIEW, GtkWidget)

GtkWidget *dd_chat_mod_log_view_new      (void);
void       dd_chat_mod_log_view_set_desk (DdChatModLogView *self,
                                          DdChatDesk       *desk);

G_END_DECLS
