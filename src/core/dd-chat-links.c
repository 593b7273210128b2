/* dd-chat-links.c — the real domains behind the links in a chat message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-chat-links.h"
#include "dd-classifier-private.h"

G_STATIC_ASSERT (DD_CHAT_LINKS_MAX == DD_CLASSIFIER_MAX_LINKS);
G_STATIC_ASSERT (DD_CHAT_LINK_HOST_LEN == DD_CLASSIFIER_HOST_LEN);

guint
dd_chat_links_find (const char *text,
                    gssize      len,
                    DdChatLink  links[DD_CHAT_LINKS_MAX])
{
  g_autofree DdClassifierText *analysed = NULL;
  gsize bytes;

  g_return_val_if_fail (links != NULL, 0);

  if (text == NULL)
    return 0;

  bytes = len < 0 ? strlen (text) : (gsize) len;
  bytes = MIN (bytes, DD_CLASSIFIER_MAX_BYTES);
  /* Most chat has no dot at all: no link, and no analysis to pay for. */
  if (memchr (text, '.', bytes) == NULL)
    return 0;
  analysed = g_new0 (DdClassifierText, 1);
  _dd_classifier_text_analyse (analysed, text, bytes);
  _dd_classifier_find_links (analysed);

  for (guint i = 0; i < analysed->n_links; i++)
    {
      const DdClassifierLink *found = &analysed->links[i];

      memcpy (links[i].host, found->host, sizeof links[i].host);
      memcpy (links[i].shown, found->shown, sizeof links[i].shown);
      links[i].flags = DD_CHAT_LINK_NONE;
      if (found->flags & DD_LINK_OFFICIAL)
        links[i].flags |= DD_CHAT_LINK_OFFICIAL;
      if (found->flags & DD_LINK_LOOKALIKE)
        links[i].flags |= DD_CHAT_LINK_LOOKALIKE;
      if (found->flags & DD_LINK_PUNYCODE)
        links[i].flags |= DD_CHAT_LINK_PUNYCODE;
      if (found->flags & DD_LINK_HOMOGLYPH)
        links[i].flags |= DD_CHAT_LINK_HOMOGLYPH;
      if (found->flags & DD_LINK_SHORTENER)
        links[i].flags |= DD_CHAT_LINK_SHORTENER;
    }

  return analysed->n_links;
}

gboolean
dd_chat_link_is_suspicious (const DdChatLink *link)
{
  g_return_val_if_fail (link != NULL, FALSE);

  return (link->flags & (DD_CHAT_LINK_LOOKALIKE | DD_CHAT_LINK_PUNYCODE
                         | DD_CHAT_LINK_HOMOGLYPH | DD_CHAT_LINK_SHORTENER)) != 0;
}
