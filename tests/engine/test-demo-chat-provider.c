/* test-demo-chat-provider.c — the simulated audience: its rate and its mix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-demo-audience.h"
#include "dd-demo-chat-provider.h"
#include "dd-net-error.h"

typedef struct
{
  DdDemoChatProvider *provider;
  guint64             received;
  guint               batches;
  gboolean            all_synthetic;
  gboolean            any_labelled;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->provider = dd_demo_chat_provider_new (7, 1.0);
  fixture->all_synthetic = TRUE;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->provider);
}

static void
sink (GPtrArray *messages,
      gpointer   user_data)
{
  g_autoptr(GPtrArray) batch = messages;
  Fixture *fixture = user_data;

  fixture->received += batch->len;
  fixture->batches++;
  for (guint i = 0; i < batch->len; i++)
    {
      DdChatMessage *message = g_ptr_array_index (batch, i);

      if (!(dd_chat_message_get_flags (message) & DD_CHAT_FLAG_SYNTHETIC))
        fixture->all_synthetic = FALSE;
      if (dd_chat_message_get_moderation (message) != DD_MODERATION_OK ||
          dd_chat_message_get_intent (message) != DD_INTENT_NONE)
        fixture->any_labelled = TRUE;
    }
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
run_at_rate (Fixture *fixture,
             double   rate)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gint64 started, elapsed;
  double expected;

  dd_demo_chat_provider_set_rate (fixture->provider, rate);
  g_assert_cmpfloat (dd_demo_chat_provider_get_rate (fixture->provider), ==, rate);

  started = g_get_monotonic_time ();
  dd_chat_provider_start (DD_CHAT_PROVIDER (fixture->provider), g_main_context_default (), sink, fixture);
  g_timeout_add (1500, quit_cb, loop);
  g_main_loop_run (loop);
  dd_chat_provider_stop (DD_CHAT_PROVIDER (fixture->provider));
  elapsed = g_get_monotonic_time () - started;

  expected = rate * (double) elapsed / G_USEC_PER_SEC;
  g_test_message ("rate %.0f/s: %" G_GUINT64_FORMAT " messages in %.3f s (expected %.0f) in %u batches",
                  rate, fixture->received, elapsed / 1e6, expected, fixture->batches);
  g_assert_cmpfloat ((double) fixture->received, >=, expected * 0.9);
  g_assert_cmpfloat ((double) fixture->received, <=, expected * 1.1);
  g_assert_cmpuint (dd_demo_chat_provider_get_n_sent (fixture->provider), ==, fixture->received);
  /* Ticks of about 10 ms, not one batch per message. */
  g_assert_cmpuint (fixture->batches, <=, 200);
  g_assert_true (fixture->all_synthetic);
  g_assert_false (fixture->any_labelled);
}

static void
test_rate_1000 (Fixture       *fixture,
                gconstpointer  data)
{
  run_at_rate (fixture, 1000.0);
}

static void
test_rate_5000 (Fixture       *fixture,
                gconstpointer  data)
{
  run_at_rate (fixture, 5000.0);
}

static void
test_rate_clamped (Fixture       *fixture,
                   gconstpointer  data)
{
  dd_demo_chat_provider_set_rate (fixture->provider, 0.0);
  g_assert_cmpfloat (dd_demo_chat_provider_get_rate (fixture->provider), ==, 1.0);
  dd_demo_chat_provider_set_rate (fixture->provider, 1e6);
  g_assert_cmpfloat (dd_demo_chat_provider_get_rate (fixture->provider), ==, 5000.0);
}

static void
test_send_refuses_line_breaks (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dd_chat_provider_send_message (DD_CHAT_PROVIDER (fixture->provider), "#autumn-drop",
                                                 "hi\r\nPRIVMSG #x :spam", &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
  g_clear_error (&error);
  g_assert_true (dd_chat_provider_send_message (DD_CHAT_PROVIDER (fixture->provider), "#autumn-drop",
                                                "Welcome to the drop!", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dd_connectivity_get_state (dd_chat_provider_get_connectivity (DD_CHAT_PROVIDER (fixture->provider))),
                   ==, DD_CONNECTIVITY_ONLINE);
}

static void
test_realistic_mix (void)
{
  g_autoptr(DdDemoAudience) audience = dd_demo_audience_new (11, "#autumn-drop");
  g_autoptr(GHashTable) authors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint spanish = 0, scam = 0, sold = 0, spam = 0, questions = 0, shipping = 0;
  guint first = 0, subscribers = 0, moderators = 0, coloured = 0;
  const guint n = 5000;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdChatMessage) message = dd_demo_audience_next (audience, 1000 + i);
      const char *text = dd_chat_message_get_text (message);
      DdChatFlags flags = dd_chat_message_get_flags (message);

      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpstr (text, !=, "");
      g_assert_null (strchr (text, '{'));
      g_assert_true (flags & DD_CHAT_FLAG_SYNTHETIC);
      g_assert_cmpint (dd_chat_message_get_moderation (message), ==, DD_MODERATION_OK);
      g_assert_cmpint (dd_chat_message_get_intent (message), ==, DD_INTENT_NONE);
      g_assert_cmpint (dd_chat_message_get_timestamp (message), ==, 1000 + i);

      if (strstr (text, "¿") != NULL || strstr (text, "talla") != NULL)
        spanish++;
      if (strstr (text, "hxxps://") != NULL)
        scam++;
      if (g_str_has_prefix (text, "SOLD"))
        sold++;
      if (strstr (text, "follow me") != NULL || strstr (text, "🔥🔥🔥🔥🔥🔥") != NULL)
        spam++;
      if (strchr (text, '?') != NULL)
        questions++;
      if (strstr (text, "ship") != NULL || strstr (text, "envío") != NULL)
        shipping++;

      /* A viewer's first message is flagged, and only that one. */
      if (g_hash_table_add (authors, g_strdup (dd_chat_message_get_author_login (message))))
        {
          g_assert_true (flags & DD_CHAT_FLAG_FIRST_MSG);
          first++;
        }
      else
        g_assert_false (flags & DD_CHAT_FLAG_FIRST_MSG);

      if (flags & DD_CHAT_FLAG_SUBSCRIBER)
        subscribers++;
      if (flags & DD_CHAT_FLAG_MODERATOR)
        moderators++;
      if (dd_chat_message_get_color_rgb (message) >= 0)
        coloured++;
    }

  g_test_message ("spanish %u scam %u sold %u spam %u questions %u shipping %u first %u",
                  spanish, scam, sold, spam, questions, shipping, first);
  g_assert_cmpuint (spanish, >, n / 50);
  g_assert_cmpuint (scam, >, n / 100);
  g_assert_cmpuint (sold, >, n / 100);
  g_assert_cmpuint (spam, >, n / 100);
  g_assert_cmpuint (questions, >, n / 5);
  g_assert_cmpuint (shipping, >, n / 100);
  g_assert_cmpuint (first, >, 500);
  g_assert_cmpuint (subscribers, >, 0);
  g_assert_cmpuint (moderators, >, 0);
  g_assert_cmpuint (coloured, >, n / 2);
}

static void
test_reproducible (void)
{
  g_autoptr(DdDemoAudience) a = dd_demo_audience_new (99, NULL);
  g_autoptr(DdDemoAudience) b = dd_demo_audience_new (99, NULL);

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(DdChatMessage) ma = dd_demo_audience_next (a, i);
      g_autoptr(DdChatMessage) mb = dd_demo_audience_next (b, i);

      g_assert_cmpstr (dd_chat_message_get_text (ma), ==, dd_chat_message_get_text (mb));
      g_assert_cmpstr (dd_chat_message_get_author_login (ma), ==, dd_chat_message_get_author_login (mb));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/engine/demo-chat-provider/rate-1000", Fixture, NULL,
              fixture_setup, test_rate_1000, fixture_teardown);
  g_test_add ("/dropdeck/engine/demo-chat-provider/rate-5000", Fixture, NULL,
              fixture_setup, test_rate_5000, fixture_teardown);
  g_test_add ("/dropdeck/engine/demo-chat-provider/rate-clamped", Fixture, NULL,
              fixture_setup, test_rate_clamped, fixture_teardown);
  g_test_add ("/dropdeck/engine/demo-chat-provider/send-refuses-line-breaks", Fixture, NULL,
              fixture_setup, test_send_refuses_line_breaks, fixture_teardown);
  g_test_add_func ("/dropdeck/engine/demo-audience/realistic-mix", test_realistic_mix);
  g_test_add_func ("/dropdeck/engine/demo-audience/reproducible", test_reproducible);

  return g_test_run ();
}
