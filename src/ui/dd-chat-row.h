/* dd-chat-row.h — one chat message in the chat wall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dd-chat-desk.h"

G_BEGIN_DECLS

#define DD_TYPE_CHAT_ROW (dd_chat_row_get_type ())

G_DECLARE_FINAL_TYPE (DdChatRow, dd_chat_row, DD, CHAT_ROW, GtkWidget)

GtkWidget     *dd_chat_row_new         (void);
/* Shows `message` (NULL clears the row). Audience text is never markup. */
void           dd_chat_row_set_message (DdChatRow     *self,
                                        DdChatMessage *message);
DdChatMessage *dd_chat_row_get_message (DdChatRow *self);
/* Where the row reads what moderators did (removed, claimed, not spam) and
 * the classifier that explains flags on hover. */
void           dd_chat_row_set_desk    (DdChatRow     *self,
                                        DdChatDesk    *desk);
/* Shows the message again after the desk changed its marks. */
void           dd_chat_row_refresh     (DdChatRow     *self);
/* The plain text the row shows: "author: text". */
char          *dd_chat_row_dup_text    (DdChatRow *self);

G_END_DECLS
