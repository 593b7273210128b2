/* dd-chat-filter.h — the chat wall's filters and their unread counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-core.h"

G_BEGIN_DECLS

typedef enum
{
  DD_CHAT_FILTER_ALL,
  DD_CHAT_FILTER_INTENT,   /* buyers' questions and purchases, not flagged */
  DD_CHAT_FILTER_FLAGGED,  /* spam, scam or abuse */
  DD_CHAT_FILTER_SQUAD,    /* squad messages and ops alerts */
  DD_CHAT_FILTER_CUES,     /* creator cues */
} DdChatFilter;

#define DD_CHAT_FILTER_N (DD_CHAT_FILTER_CUES + 1)

gboolean     dd_chat_filter_matches   (DdChatFilter   filter,
                                       DdChatMessage *message);
/* Translated, for the filter switcher: "All", "Buyer intent", ... */
const char  *dd_chat_filter_get_label (DdChatFilter   filter);
/* Stable, for settings and tests: "all", "intent", "flagged", ... */
const char  *dd_chat_filter_to_nick   (DdChatFilter   filter);
gboolean     dd_chat_filter_from_nick (const char    *nick,
                                       DdChatFilter  *filter);

/* Unread counts per filter: messages that arrived while the reader was not
 * looking at them, i.e. in any filter but the one shown, or in the shown one
 * while it does not follow the newest message. */
typedef struct
{
  guint64 counts[DD_CHAT_FILTER_N];
} DdChatUnread;

void         dd_chat_unread_add       (DdChatUnread   *self,
                                       GPtrArray      *messages,
                                       DdChatFilter    shown,
                                       gboolean        following);
/* The reader looked at `filter` (switched to it or caught up). */
void         dd_chat_unread_seen      (DdChatUnread   *self,
                                       DdChatFilter    filter);

G_END_DECLS
