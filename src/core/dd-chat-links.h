/* dd-chat-links.h — the real domains behind the links in a chat message
 *
 * Audience text is never markup; what a link says and where it goes can
 * differ ("paypa1.com", "xn--pple-43d.com"). The wall shows each link's
 * domain as it really is, decoded from punycode, and flags the tricky ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DD_CHAT_LINKS_MAX       4
#define DD_CHAT_LINK_HOST_LEN  96

typedef enum /*< flags >*/
{
  DD_CHAT_LINK_NONE      = 0,
  DD_CHAT_LINK_OFFICIAL  = 1 << 0, /* the platform's or a known brand's own */
  DD_CHAT_LINK_LOOKALIKE = 1 << 1, /* spelt like a brand it is not */
  DD_CHAT_LINK_PUNYCODE  = 1 << 2, /* written as xn--… */
  DD_CHAT_LINK_HOMOGLYPH = 1 << 3, /* letters from another script */
  DD_CHAT_LINK_SHORTENER = 1 << 4, /* hides where it goes */
} DdChatLinkFlags;

typedef struct
{
  char            host[DD_CHAT_LINK_HOST_LEN];   /* lower case ASCII, as written */
  char            shown[DD_CHAT_LINK_HOST_LEN];  /* UTF-8, punycode decoded */
  DdChatLinkFlags flags;
} DdChatLink;

/* Fills at most DD_CHAT_LINKS_MAX links found in `text` (`len` bytes or -1)
 * and returns how many. */
guint     dd_chat_links_find          (const char *text,
                                       gssize      len,
                                       DdChatLink  links[DD_CHAT_LINKS_MAX]);
/* Whether a reader should be warned before trusting the link. */
gboolean  dd_chat_link_is_suspicious  (const DdChatLink *link);

G_END_DECLS
