/* test-chat-message.c — immutable chat messages, repaired text, unique ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-core.h"

#define N_PER_THREAD 10000

static DdChatMessageInit
audience_init (void)
{
  DdChatMessageInit init = {
    .id = "msg-1",
    .source = DD_CHAT_SOURCE_AUDIENCE,
    .channel = "#drop",
    .author_login = "lena_k",
    .display_name = "Lena K",
    .color_rgb = 0x1E90FF,
    .text = "Is the shirt true to size?",
    .timestamp_us = 1700000000123456,
    .flags = DD_CHAT_FLAG_SUBSCRIBER | DD_CHAT_FLAG_FIRST_MSG,
    .moderation = DD_MODERATION_OK,
    .moderation_score = 0.25f,
    .intent = DD_INTENT_SIZE,
  };

  return init;
}

static void
test_fields (void)
{
  DdChatMessageInit init = audience_init ();
  g_autoptr(DdChatMessage) message = dd_chat_message_new (&init);

  g_assert_cmpstr (dd_chat_message_get_id (message), ==, "msg-1");
  g_assert_cmpint (dd_chat_message_get_source (message), ==, DD_CHAT_SOURCE_AUDIENCE);
  g_assert_cmpstr (dd_chat_message_get_channel (message), ==, "#drop");
  g_assert_cmpstr (dd_chat_message_get_author_login (message), ==, "lena_k");
  g_assert_cmpstr (dd_chat_message_get_display_name (message), ==, "Lena K");
  g_assert_cmpint (dd_chat_message_get_color_rgb (message), ==, 0x1E90FF);
  g_assert_cmpstr (dd_chat_message_get_text (message), ==, "Is the shirt true to size?");
  g_assert_cmpint (dd_chat_message_get_timestamp (message), ==, 1700000000123456);
  g_assert_cmpint (dd_chat_message_get_flags (message), ==,
                   DD_CHAT_FLAG_SUBSCRIBER | DD_CHAT_FLAG_FIRST_MSG);
  g_assert_cmpint (dd_chat_message_get_moderation (message), ==, DD_MODERATION_OK);
  g_assert_cmpfloat (dd_chat_message_get_moderation_score (message), ==, 0.25f);
  g_assert_cmpint (dd_chat_message_get_intent (message), ==, DD_INTENT_SIZE);
}

static void
test_defaults (void)
{
  DdChatMessageInit init = { .author_login = "max", .color_rgb = 0x1000000 };
  g_autoptr(DdChatMessage) message = dd_chat_message_new (&init);

  g_assert_cmpstr (dd_chat_message_get_display_name (message), ==, "max");
  g_assert_cmpstr (dd_chat_message_get_text (message), ==, "");
  g_assert_cmpstr (dd_chat_message_get_channel (message), ==, "");
  g_assert_cmpint (dd_chat_message_get_color_rgb (message), ==, -1);
  g_assert_true (g_str_has_prefix (dd_chat_message_get_id (message), "local-"));
}

static void
test_invalid_utf8_repaired (void)
{
  DdChatMessageInit init = audience_init ();
  g_autoptr(DdChatMessage) message = NULL;
  const char *text;

  init.text = "caf\xc3 \xff ok";
  init.author_login = "bad\xfelogin";
  init.display_name = NULL;
  message = dd_chat_message_new (&init);

  text = dd_chat_message_get_text (message);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpstr (text, ==, "caf\xef\xbf\xbd \xef\xbf\xbd ok");
  g_assert_true (g_utf8_validate (dd_chat_message_get_author_login (message), -1, NULL));
  g_assert_cmpstr (dd_chat_message_get_display_name (message), ==,
                   dd_chat_message_get_author_login (message));
}

static void
test_nul_removed (void)
{
  static const char raw[] = "buy\0 now\0\xc3\0\xa9";
  DdChatMessageInit init = audience_init ();
  g_autoptr(DdChatMessage) message = NULL;

  init.text = raw;
  init.text_len = sizeof raw - 1;
  message = dd_chat_message_new (&init);

  /* NUL bytes go first, so the two halves of "é" meet again. */
  g_assert_cmpstr (dd_chat_message_get_text (message), ==, "buy now\xc3\xa9");
}

static void
test_immutable (void)
{
  DdChatMessageInit init = audience_init ();
  g_autofree char *text = g_strdup ("original");
  g_autoptr(DdChatMessage) message = NULL;
  g_autofree GParamSpec **pspecs = NULL;
  g_autofree char *property_text = NULL;
  guint n_pspecs;

  init.text = text;
  message = dd_chat_message_new (&init);

  /* The message holds its own copy. */
  text[0] = 'X';
  g_assert_cmpstr (dd_chat_message_get_text (message), ==, "original");

  /* Bindings can read every field, nobody can write one. */
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (message), &n_pspecs);
  g_assert_cmpuint (n_pspecs, ==, 18);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_assert_true (pspecs[i]->flags & G_PARAM_READABLE);
      g_assert_false (pspecs[i]->flags & G_PARAM_WRITABLE);
    }

  g_object_get (message, "text", &property_text, NULL);
  g_assert_cmpstr (property_text, ==, "original");
}

static void
test_twitch_fields (void)
{
  DdChatMessageInit init = audience_init ();
  g_autofree char *parent_text = g_strdup ("¿hay talla M?");
  g_autoptr(DdChatMessage) message = NULL;
  g_autoptr(DdChatMessage) copy = NULL;
  g_autoptr(DdChatMessage) plain = NULL;
  DdChatMessageInit again;

  init.author_user_id = "12345";
  init.badges = "broadcaster/1,subscriber/12";
  init.reply_parent_id = "m1";
  init.reply_parent_login = "lucia";
  init.reply_parent_text = parent_text;
  init.bits = 100;
  message = dd_chat_message_new (&init);
  parent_text[0] = 'X';

  g_assert_cmpstr (dd_chat_message_get_author_user_id (message), ==, "12345");
  g_assert_cmpstr (dd_chat_message_get_badges (message), ==, "broadcaster/1,subscriber/12");
  g_assert_cmpstr (dd_chat_message_get_reply_parent_id (message), ==, "m1");
  g_assert_cmpstr (dd_chat_message_get_reply_parent_login (message), ==, "lucia");
  g_assert_cmpstr (dd_chat_message_get_reply_parent_text (message), ==, "¿hay talla M?");
  g_assert_cmpuint (dd_chat_message_get_bits (message), ==, 100);

  /* A copy made from the message's own init keeps every field. */
  dd_chat_message_get_init (message, &again);
  again.intent = DD_INTENT_SIZE;
  copy = dd_chat_message_new (&again);
  g_assert_cmpstr (dd_chat_message_get_id (copy), ==, dd_chat_message_get_id (message));
  g_assert_cmpstr (dd_chat_message_get_reply_parent_text (copy), ==, "¿hay talla M?");
  g_assert_cmpstr (dd_chat_message_get_badges (copy), ==, "broadcaster/1,subscriber/12");
  g_assert_cmpuint (dd_chat_message_get_bits (copy), ==, 100);
  g_assert_cmpint (dd_chat_message_get_intent (copy), ==, DD_INTENT_SIZE);

  /* Absent (or empty) stays NULL: "no badges", not "". */
  init = audience_init ();
  init.badges = "";
  plain = dd_chat_message_new (&init);
  g_assert_null (dd_chat_message_get_badges (plain));
  g_assert_null (dd_chat_message_get_author_user_id (plain));
  g_assert_null (dd_chat_message_get_reply_parent_id (plain));
  g_assert_null (dd_chat_message_get_reply_parent_text (plain));
}

typedef struct
{
  char **ids;
} IdJob;

static gpointer
make_ids_thread (gpointer data)
{
  IdJob *job = data;
  DdChatMessageInit init = { .text = "hi", .author_login = "viewer" };

  for (guint i = 0; i < N_PER_THREAD; i++)
    {
      g_autoptr(DdChatMessage) message = dd_chat_message_new (&init);

      job->ids[i] = g_strdup (dd_chat_message_get_id (message));
    }

  return NULL;
}

static void
test_unique_ids_across_threads (void)
{
  IdJob jobs[2];
  GThread *threads[2];
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint t = 0; t < 2; t++)
    {
      jobs[t].ids = g_new0 (char *, N_PER_THREAD + 1);
      threads[t] = g_thread_new ("ids", make_ids_thread, &jobs[t]);
    }

  for (guint t = 0; t < 2; t++)
    {
      g_thread_join (threads[t]);
      for (guint i = 0; i < N_PER_THREAD; i++)
        g_hash_table_add (seen, jobs[t].ids[i]);
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, 2 * N_PER_THREAD);

  for (guint t = 0; t < 2; t++)
    g_strfreev (jobs[t].ids);
}

static void
test_nicks (void)
{
  DdModeration moderation;
  DdIntent intent;
  DdChatSource source;

  for (guint i = DD_MODERATION_OK; i <= DD_MODERATION_TOXIC; i++)
    {
      g_assert_true (dd_moderation_from_nick (dd_moderation_to_nick (i), &moderation));
      g_assert_cmpint (moderation, ==, i);
    }
  for (guint i = DD_INTENT_NONE; i <= DD_INTENT_SHIPPING; i++)
    {
      g_assert_true (dd_intent_from_nick (dd_intent_to_nick (i), &intent));
      g_assert_cmpint (intent, ==, i);
    }
  for (guint i = DD_CHAT_SOURCE_AUDIENCE; i <= DD_CHAT_SOURCE_ALERT; i++)
    {
      g_assert_true (dd_chat_source_from_nick (dd_chat_source_to_nick (i), &source));
      g_assert_cmpint (source, ==, i);
    }

  g_assert_cmpstr (dd_moderation_to_nick (DD_MODERATION_SCAM), ==, "scam");
  g_assert_cmpstr (dd_intent_to_nick (DD_INTENT_AVAILABILITY), ==, "availability");
  g_assert_false (dd_intent_from_nick ("colour", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/core/chat-message/fields", test_fields);
  g_test_add_func ("/dropdeck/core/chat-message/defaults", test_defaults);
  g_test_add_func ("/dropdeck/core/chat-message/invalid-utf8-repaired", test_invalid_utf8_repaired);
  g_test_add_func ("/dropdeck/core/chat-message/nul-removed", test_nul_removed);
  g_test_add_func ("/dropdeck/core/chat-message/immutable", test_immutable);
  g_test_add_func ("/dropdeck/core/chat-message/twitch-fields", test_twitch_fields);
  g_test_add_func ("/dropdeck/core/chat-message/unique-ids-across-threads",
                   test_unique_ids_across_threads);
  g_test_add_func ("/dropdeck/core/chat-message/nicks", test_nicks);

  return g_test_run ();
}
