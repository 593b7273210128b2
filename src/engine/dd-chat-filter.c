/* dd-chat-filter.c — the chat wall's filters and their unread counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dd-chat-filter.h"

static const char * const nicks[DD_CHAT_FILTER_N] = {
  "all", "intent", "flagged", "squad", "cues",
};

gboolean
dd_chat_filter_matches (DdChatFilter   filter,
                        DdChatMessage *message)
{
  DdChatSource source;
  gboolean flagged;

  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (message), FALSE);

  source = dd_chat_message_get_source (message);
  flagged = dd_chat_message_get_moderation (message) != DD_MODERATION_OK;

  switch (filter)
    {
    case DD_CHAT_FILTER_ALL:
      return TRUE;
    case DD_CHAT_FILTER_INTENT:
      return source == DD_CHAT_SOURCE_AUDIENCE && !flagged
             && dd_chat_message_get_intent (message) != DD_INTENT_NONE;
    case DD_CHAT_FILTER_FLAGGED:
      return flagged;
    case DD_CHAT_FILTER_SQUAD:
      return source == DD_CHAT_SOURCE_SQUAD || source == DD_CHAT_SOURCE_ALERT;
    case DD_CHAT_FILTER_CUES:
      return source == DD_CHAT_SOURCE_CUE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

const char *
dd_chat_filter_get_label (DdChatFilter filter)
{
  switch (filter)
    {
    case DD_CHAT_FILTER_ALL:
      /* Translators: a chat wall filter */
      return C_("chat filter", "All");
    case DD_CHAT_FILTER_INTENT:
      /* Translators: a chat wall filter: buyers' questions and purchases */
      return C_("chat filter", "Buyer intent");
    case DD_CHAT_FILTER_FLAGGED:
      /* Translators: a chat wall filter: spam, scam and abuse */
      return C_("chat filter", "Flagged");
    case DD_CHAT_FILTER_SQUAD:
      /* Translators: a chat wall filter: the squad's own messages */
      return C_("chat filter", "Squad");
    case DD_CHAT_FILTER_CUES:
      /* Translators: a chat wall filter: creator cues */
      return C_("chat filter", "Cues");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
dd_chat_filter_to_nick (DdChatFilter filter)
{
  g_return_val_if_fail (filter < DD_CHAT_FILTER_N, "all");

  return nicks[filter];
}

gboolean
dd_chat_filter_from_nick (const char   *nick,
                          DdChatFilter *filter)
{
  g_return_val_if_fail (filter != NULL, FALSE);

  for (guint i = 0; nick != NULL && i < DD_CHAT_FILTER_N; i++)
    {
      if (strcmp (nick, nicks[i]) == 0)
        {
          *filter = (DdChatFilter) i;
          return TRUE;
        }
    }

  return FALSE;
}

void
dd_chat_unread_add (DdChatUnread *self,
                    GPtrArray    *messages,
                    DdChatFilter  shown,
                    gboolean      following)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (messages != NULL);
  g_return_if_fail (shown < DD_CHAT_FILTER_N);

  for (guint i = 0; i < messages->len; i++)
    {
      DdChatMessage *message = g_ptr_array_index (messages, i);

      for (guint f = 0; f < DD_CHAT_FILTER_N; f++)
        {
          if ((f == shown && following) || !dd_chat_filter_matches ((DdChatFilter) f, message))
            continue;
          self->counts[f]++;
        }
    }
}

void
dd_chat_unread_seen (DdChatUnread *self,
                     DdChatFilter  filter)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (filter < DD_CHAT_FILTER_N);

  self->counts[filter] = 0;
}
