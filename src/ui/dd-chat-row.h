/* dd-chat-row.h — one chat message in the chat wall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dd-core.h"

G_BEGIN_DECLS

#define DD_TYPE_CHAT_ROW (dd_chat_row_get_type ())

G_DECLARE_FINAL_TYPE (DdChatRow, dd_chat_row, DD, CHAT_ROW, GtkWidget)

GtkWidget     *dd_chat_row_new         (void);
/* Shows `message` (NULL clears the row). Audience text is never markup. */
void           dd_chat_row_set_message (DdChatRow     *self,
                                        DdChatMessage *message);
DdChatMessage *dd_chat_row_get_message (DdChatRow *self);
/* The plain text the row shows: "author: text". */
char          *dd_chat_row_dup_text    (DdChatRow *self);

G_END_DECLS
