/* dd-chat-text.h — a chat line's text, wrapped, measured in one layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DD_TYPE_CHAT_TEXT (dd_chat_text_get_type ())

G_DECLARE_FINAL_TYPE (DdChatText, dd_chat_text, DD, CHAT_TEXT, GtkWidget)

GtkWidget  *dd_chat_text_new            (void);
/* Plain text (never markup) and Pango attributes for it (may be NULL). */
void        dd_chat_text_set_text       (DdChatText    *self,
                                         const char    *text,
                                         PangoAttrList *attrs);
const char *dd_chat_text_get_text       (DdChatText    *self);

G_END_DECLS
