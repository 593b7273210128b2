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
  guint badged = 0, replies = 0, cheers = 0;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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

      /* Twitch's forms: a numeric user id, badges that match the flags,
       * replies to a message seen shortly before, by someone else. */
      g_assert_true (g_ascii_isdigit (dd_chat_message_get_author_user_id (message)[0]));
      if (dd_chat_message_get_badges (message) != NULL)
        {
          badged++;
          if (flags & DD_CHAT_FLAG_MODERATOR)
            g_assert_true (g_str_has_prefix (dd_chat_message_get_badges (message), "moderator/1"));
        }
      else
        g_assert_false (flags & (DD_CHAT_FLAG_SUBSCRIBER | DD_CHAT_FLAG_MODERATOR | DD_CHAT_FLAG_VIP));
      if (dd_chat_message_get_reply_parent_id (message) != NULL)
        {
          replies++;
          g_assert_true (g_hash_table_contains (ids, dd_chat_message_get_reply_parent_id (message)));
          g_assert_cmpstr (dd_chat_message_get_reply_parent_login (message), !=,
                           dd_chat_message_get_author_login (message));
          g_assert_nonnull (dd_chat_message_get_reply_parent_text (message));
        }
      if (dd_chat_message_get_bits (message) > 0)
        cheers++;
      g_hash_table_add (ids, g_strdup (dd_chat_message_get_id (message)));
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
  g_test_message ("badged %u replies %u cheers %u", badged, replies, cheers);
  g_assert_cmpuint (badged, >=, subscribers);
  g_assert_cmpuint (replies, >, n / 30);
  g_assert_cmpuint (cheers, >, 0);
}

/* A moderator who silences everyone does not hang the demo. */
static void
test_everyone_silenced (void)
{
  g_autoptr(DdDemoAudience) audience = dd_demo_audience_new (3, "#autumn-drop");
  g_autoptr(GHashTable) logins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 60000; i++)
    {
      g_autoptr(DdChatMessage) message = dd_demo_audience_next (audience, i);

      g_hash_table_add (logins, g_strdup (dd_chat_message_get_author_login (message)));
    }
  g_test_message ("%u viewers spoke", g_hash_table_size (logins));
  {
    GHashTableIter iter;
    gpointer login;

    g_hash_table_iter_init (&iter, logins);
    while (g_hash_table_iter_next (&iter, &login, NULL))
      dd_demo_audience_silence (audience, login, G_MAXINT64);
  }
  for (guint i = 0; i < 10; i++)
    g_object_unref (dd_demo_audience_next (audience, 100000 + i));
}

/* Moderation: the provider plays the service ------------------------------ */

typedef struct
{
  GPtrArray *messages;   /* DdChatMessage, all received */
  GPtrArray *events;     /* DdChatModEvent */
  gboolean   done;
  gboolean   ok;
  GError    *error;
} ModFixture;

static void
mod_sink (GPtrArray *messages,
          gpointer   user_data)
{
  g_autoptr(GPtrArray) batch = messages;
  ModFixture *fixture = user_data;

  for (guint i = 0; i < batch->len; i++)
    g_ptr_array_add (fixture->messages, g_object_ref (g_ptr_array_index (batch, i)));
}

static void
mod_event_cb (DdChatProvider *provider,
              DdChatModEvent *event,
              ModFixture     *fixture)
{
  g_ptr_array_add (fixture->events, dd_chat_mod_event_ref (event));
}

static void
mod_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ModFixture *fixture = user_data;

  fixture->ok = dd_chat_provider_moderate_finish (DD_CHAT_PROVIDER (source), result, &fixture->error);
  fixture->done = TRUE;
}

static gboolean
moderate (DdChatProvider  *provider,
          ModFixture      *fixture,
          DdChatModAction  action,
          DdChatMessage   *target,
          guint            duration_s)
{
  fixture->done = FALSE;
  g_clear_error (&fixture->error);
  dd_chat_provider_moderate_async (provider, action, target, duration_s, "demo", NULL,
                                   mod_done_cb, fixture);
  while (!fixture->done)
    g_main_context_iteration (NULL, TRUE);
  return fixture->ok;
}

static DdChatMessage *
most_talkative (GPtrArray *messages)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  DdChatMessage *best = NULL;
  guint best_count = 0;

  for (guint i = 0; i < messages->len; i++)
    {
      DdChatMessage *message = g_ptr_array_index (messages, i);
      const char *login = dd_chat_message_get_author_login (message);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, login)) + 1;

      g_hash_table_insert (counts, (gpointer) login, GUINT_TO_POINTER (count));
      if (count > best_count)
        {
          best = message;
          best_count = count;
        }
    }
  g_assert_cmpuint (best_count, >=, 3);
  return best;
}

static void
test_moderation (void)
{
  g_autoptr(DdDemoChatProvider) demo = dd_demo_chat_provider_new (5, 2000.0);
  DdChatProvider *provider = DD_CHAT_PROVIDER (demo);
  ModFixture fixture = { g_ptr_array_new_with_free_func (g_object_unref),
                         g_ptr_array_new_with_free_func ((GDestroyNotify) dd_chat_mod_event_unref) };
  g_autoptr(DdDemoAudience) audience = dd_demo_audience_new (1, "#autumn-drop");
  g_autoptr(DdChatMessage) target = NULL;
  DdChatModEvent *event;
  const char *silenced;
  guint before;

  /* Not running: nothing to act on. */
  target = dd_demo_audience_next (audience, 1);
  g_assert_false (moderate (provider, &fixture, DD_CHAT_MOD_BAN, target, 0));
  g_assert_error (fixture.error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED);
  g_clear_object (&target);

  g_signal_connect (provider, "moderation-event", G_CALLBACK (mod_event_cb), &fixture);
  dd_chat_provider_start (provider, g_main_context_default (), mod_sink, &fixture);
  while (fixture.messages->len < 600)
    g_main_context_iteration (NULL, TRUE);

  /* A delete comes back as the message's own id. */
  target = g_object_ref (g_ptr_array_index (fixture.messages, 3));
  g_assert_true (moderate (provider, &fixture, DD_CHAT_MOD_DELETE_MESSAGE, target, 0));
  g_assert_no_error (fixture.error);
  g_assert_cmpuint (fixture.events->len, ==, 1);
  event = g_ptr_array_index (fixture.events, 0);
  g_assert_cmpint (dd_chat_mod_event_get_kind (event), ==, DD_CHAT_MOD_EVENT_DELETE_MESSAGE);
  g_assert_cmpstr (dd_chat_mod_event_get_target_message_id (event), ==, dd_chat_message_get_id (target));
  g_assert_cmpstr (dd_chat_mod_event_get_target_login (event), ==, dd_chat_message_get_author_login (target));
  g_assert_cmpstr (dd_chat_mod_event_get_channel (event), ==, "#autumn-drop");

  /* A timeout without a duration takes the default; a kick is a timeout of 0. */
  g_assert_true (moderate (provider, &fixture, DD_CHAT_MOD_TIMEOUT, target, 0));
  event = g_ptr_array_index (fixture.events, 1);
  g_assert_cmpint (dd_chat_mod_event_get_kind (event), ==, DD_CHAT_MOD_EVENT_TIMEOUT);
  g_assert_cmpuint (dd_chat_mod_event_get_duration_s (event), ==, DD_CHAT_MOD_DEFAULT_TIMEOUT_S);
  g_assert_true (moderate (provider, &fixture, DD_CHAT_MOD_KICK, target, 0));
  event = g_ptr_array_index (fixture.events, 2);
  g_assert_cmpint (dd_chat_mod_event_get_kind (event), ==, DD_CHAT_MOD_EVENT_TIMEOUT);
  g_assert_cmpuint (dd_chat_mod_event_get_duration_s (event), ==, 0);

  /* A banned viewer says nothing more: the one who spoke most so far, a
   * regular who would otherwise say something every few hundred messages. */
  g_clear_object (&target);
  target = g_object_ref (most_talkative (fixture.messages));
  g_assert_true (moderate (provider, &fixture, DD_CHAT_MOD_BAN, target, 0));
  event = g_ptr_array_index (fixture.events, 3);
  g_assert_cmpint (dd_chat_mod_event_get_kind (event), ==, DD_CHAT_MOD_EVENT_BAN);
  g_assert_null (dd_chat_mod_event_get_target_message_id (event));
  silenced = dd_chat_message_get_author_login (target);
  before = fixture.messages->len;
  while (fixture.messages->len < before + 3000)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = before; i < fixture.messages->len; i++)
    g_assert_cmpstr (dd_chat_message_get_author_login (g_ptr_array_index (fixture.messages, i)), !=, silenced);

  /* Reasons are checked like any outgoing text. */
  fixture.done = FALSE;
  dd_chat_provider_moderate_async (provider, DD_CHAT_MOD_BAN, target, 0, "bye\r\nQUIT", NULL,
                                   mod_done_cb, &fixture);
  while (!fixture.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (fixture.error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
  g_clear_error (&fixture.error);

  /* An action still on its way when the chat stops fails, with a reason. */
  fixture.done = FALSE;
  dd_chat_provider_moderate_async (provider, DD_CHAT_MOD_BAN, target, 0, NULL, NULL,
                                   mod_done_cb, &fixture);
  dd_chat_provider_stop (provider);
  while (!fixture.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (fixture.error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED);
  g_clear_error (&fixture.error);
  g_assert_cmpuint (fixture.events->len, ==, 4);

  g_ptr_array_unref (fixture.messages);
  g_ptr_array_unref (fixture.events);
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
  g_test_add_func ("/dropdeck/engine/demo-chat-provider/moderation", test_moderation);
  g_test_add_func ("/dropdeck/engine/demo-audience/everyone-silenced", test_everyone_silenced);

  return g_test_run ();
}
