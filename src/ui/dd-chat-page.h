/* dd-chat-page.h — the Chat page: the live audience chat wall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-chat-filter.h"
#include "dd-page.h"

G_BEGIN_DECLS

#define DD_TYPE_CHAT_PAGE (dd_chat_page_get_type ())

G_DECLARE_FINAL_TYPE (DdChatPage, dd_chat_page, DD, CHAT_PAGE, DdPage)

GtkWidget *dd_chat_page_new              (void);
/* TRUE while the wall scrolls along with new messages; FALSE once the
 * reader scrolled up, until they return to the bottom or jump back. */
gboolean   dd_chat_page_get_following    (DdChatPage *self);
/* Messages of the shown filter that arrived while the reader was scrolled
 * up (or hovered the wall). */
guint      dd_chat_page_get_unread_count (DdChatPage *self);
/* The filter shown: All, Buyer intent, Flagged, Squad or Cues. */
DdChatFilter dd_chat_page_get_filter     (DdChatPage   *self);
void       dd_chat_page_set_filter       (DdChatPage   *self,
                                          DdChatFilter  filter);
/* Unread messages of any filter, as its button shows them. */
guint      dd_chat_page_get_filter_unread (DdChatPage   *self,
                                           DdChatFilter  filter);
/* Scrolls to the newest message and follows again. */
void       dd_chat_page_jump_to_newest   (DdChatPage *self);

G_END_DECLS
