/* test-chat-links.c — the real domains behind chat links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-chat-links.h"

static void
test_plain (void)
{
  DdChatLink links[DD_CHAT_LINKS_MAX];

  g_assert_cmpuint (dd_chat_links_find ("is the blue one in M?", -1, links), ==, 0);
  g_assert_cmpuint (dd_chat_links_find (NULL, -1, links), ==, 0);
  g_assert_cmpuint (dd_chat_links_find ("", 0, links), ==, 0);

  g_assert_cmpuint (dd_chat_links_find ("size chart at https://Shop.Example.com/sizes?x=1", -1, links), ==, 1);
  g_assert_cmpstr (links[0].host, ==, "shop.example.com");
  g_assert_cmpstr (links[0].shown, ==, "shop.example.com");
  g_assert_false (dd_chat_link_is_suspicious (&links[0]));
}

static void
test_punycode (void)
{
  DdChatLink links[DD_CHAT_LINKS_MAX];

  g_assert_cmpuint (dd_chat_links_find ("store: https://xn--mnchen-3ya.com/sale", -1, links), ==, 1);
  g_assert_cmpstr (links[0].host, ==, "xn--mnchen-3ya.com");
  g_assert_cmpstr (links[0].shown, ==, "münchen.com");
  g_assert_true (links[0].flags & DD_CHAT_LINK_PUNYCODE);
  g_assert_true (dd_chat_link_is_suspicious (&links[0]));
}

static void
test_lookalike (void)
{
  DdChatLink links[DD_CHAT_LINKS_MAX];

  /* A scheme spelt to get past link filters still names the real domain. */
  g_assert_cmpuint (dd_chat_links_find ("you won a voucher: hxxps://amaz0n-gift.shop", -1, links), ==, 1);
  g_assert_cmpstr (links[0].host, ==, "amaz0n-gift.shop");
  g_assert_true (links[0].flags & DD_CHAT_LINK_LOOKALIKE);

  g_assert_cmpuint (dd_chat_links_find ("pay at paypa1-secure.com now", -1, links), ==, 1);
  g_assert_cmpstr (links[0].host, ==, "paypa1-secure.com");
  g_assert_true (dd_chat_link_is_suspicious (&links[0]));
}

static void
test_many (void)
{
  DdChatLink links[DD_CHAT_LINKS_MAX];
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < 50; i++)
    g_string_append_printf (text, "site%u.example.org ", i);
  /* Never more than the buffer holds. */
  g_assert_cmpuint (dd_chat_links_find (text->str, text->len, links), ==, DD_CHAT_LINKS_MAX);
  g_assert_cmpstr (links[3].host, ==, "site3.example.org");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chat-links/plain", test_plain);
  g_test_add_func ("/chat-links/punycode", test_punycode);
  g_test_add_func ("/chat-links/lookalike", test_lookalike);
  g_test_add_func ("/chat-links/many", test_many);

  return g_test_run ();
}
