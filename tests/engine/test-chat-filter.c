/* test-chat-filter.c — the chat wall's filters and unread counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-chat-filter.h"

static DdChatMessage *
message (DdChatSource source,
         DdModeration moderation,
         DdIntent     intent)
{
  return dd_chat_message_new (&(DdChatMessageInit) {
    .source = source,
    .channel = "#drop",
    .author_login = "viewer",
    .color_rgb = -1,
    .text = "text",
    .timestamp_us = 1,
    .moderation = moderation,
    .intent = intent,
  });
}

static GPtrArray *
sample (void)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (messages, message (DD_CHAT_SOURCE_AUDIENCE, DD_MODERATION_OK, DD_INTENT_NONE));
  g_ptr_array_add (messages, message (DD_CHAT_SOURCE_AUDIENCE, DD_MODERATION_OK, DD_INTENT_SIZE));
  g_ptr_array_add (messages, message (DD_CHAT_SOURCE_AUDIENCE, DD_MODERATION_OK, DD_INTENT_PURCHASE));
  /* A scam that asks for a size is flagged, not a buyer question. */
  g_ptr_array_add (messages, message (DD_CHAT_SOURCE_AUDIENCE, DD_MODERATION_SCAM, DD_INTENT_SIZE));
  g_ptr_array_add (messages, message (DD_CHAT_SOURCE_AUDIENCE, DD_MODERATION_SPAM, DD_INTENT_NONE));
  g_ptr_array_add (messages, message (DD_CHAT_SOURCE_SQUAD, DD_MODERATION_OK, DD_INTENT_NONE));
  g_ptr_array_add (messages, message (DD_CHAT_SOURCE_ALERT, DD_MODERATION_OK, DD_INTENT_NONE));
  g_ptr_array_add (messages, message (DD_CHAT_SOURCE_CUE, DD_MODERATION_OK, DD_INTENT_NONE));

  return messages;
}

static guint
count (GPtrArray    *messages,
       DdChatFilter  filter)
{
  guint n = 0;

  for (guint i = 0; i < messages->len; i++)
    n += dd_chat_filter_matches (filter, g_ptr_array_index (messages, i));
  return n;
}

static void
test_matches (void)
{
  g_autoptr(GPtrArray) messages = sample ();

  g_assert_cmpuint (count (messages, DD_CHAT_FILTER_ALL), ==, 8);
  g_assert_cmpuint (count (messages, DD_CHAT_FILTER_INTENT), ==, 2);
  g_assert_cmpuint (count (messages, DD_CHAT_FILTER_FLAGGED), ==, 2);
  g_assert_cmpuint (count (messages, DD_CHAT_FILTER_SQUAD), ==, 2);
  g_assert_cmpuint (count (messages, DD_CHAT_FILTER_CUES), ==, 1);
}

static void
test_nicks (void)
{
  for (guint i = 0; i < DD_CHAT_FILTER_N; i++)
    {
      DdChatFilter back = DD_CHAT_FILTER_ALL;

      g_assert_true (dd_chat_filter_from_nick (dd_chat_filter_to_nick (i), &back));
      g_assert_cmpint (back, ==, i);
      g_assert_cmpstr (dd_chat_filter_get_label (i), !=, "");
    }
  g_assert_false (dd_chat_filter_from_nick ("everything", &(DdChatFilter) { 0 }));
  g_assert_false (dd_chat_filter_from_nick (NULL, &(DdChatFilter) { 0 }));
}

static void
test_unread (void)
{
  g_autoptr(GPtrArray) messages = sample ();
  DdChatUnread unread = { 0 };

  /* Following "All": everything else counts, "All" does not. */
  dd_chat_unread_add (&unread, messages, DD_CHAT_FILTER_ALL, TRUE);
  g_assert_cmpuint (unread.counts[DD_CHAT_FILTER_ALL], ==, 0);
  g_assert_cmpuint (unread.counts[DD_CHAT_FILTER_INTENT], ==, 2);
  g_assert_cmpuint (unread.counts[DD_CHAT_FILTER_FLAGGED], ==, 2);
  g_assert_cmpuint (unread.counts[DD_CHAT_FILTER_SQUAD], ==, 2);
  g_assert_cmpuint (unread.counts[DD_CHAT_FILTER_CUES], ==, 1);

  /* Scrolled up in "All": it counts too. */
  dd_chat_unread_add (&unread, messages, DD_CHAT_FILTER_ALL, FALSE);
  g_assert_cmpuint (unread.counts[DD_CHAT_FILTER_ALL], ==, 8);
  g_assert_cmpuint (unread.counts[DD_CHAT_FILTER_INTENT], ==, 4);

  dd_chat_unread_seen (&unread, DD_CHAT_FILTER_INTENT);
  g_assert_cmpuint (unread.counts[DD_CHAT_FILTER_INTENT], ==, 0);
  g_assert_cmpuint (unread.counts[DD_CHAT_FILTER_ALL], ==, 8);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chat-filter/matches", test_matches);
  g_test_add_func ("/chat-filter/nicks", test_nicks);
  g_test_add_func ("/chat-filter/unread", test_unread);

  return g_test_run ();
}
