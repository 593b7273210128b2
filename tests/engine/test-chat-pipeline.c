/* test-chat-pipeline.c — the pipeline thread: hand-offs once per frame, everything archived
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-chat-pipeline.h"
#include "dd-demo-chat-provider.h"
#include "dd-store-sync.h"
#include "dd-test-util.h"

typedef struct
{
  char               *dir;
  DdStore            *store;
  DdDemoChatProvider *provider;
  DdChatPipeline     *pipeline;
  guint64             received;
  guint               handoffs;
  gint64              last_handoff_us;
  gint64              min_gap_us;
  GThread            *main_thread;
  gint                classified;      /* atomic */
  gint                classified_off_main; /* atomic */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = dd_test_make_tmpdir ();
  path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
  fixture->store = dd_store_open_sync (path, NULL, &error);
  g_assert_no_error (error);
  fixture->provider = dd_demo_chat_provider_new (3, 2000.0);
  fixture->pipeline = dd_chat_pipeline_new (DD_CHAT_PROVIDER (fixture->provider), fixture->store);
  fixture->main_thread = g_thread_self ();
  fixture->min_gap_us = G_MAXINT64;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->pipeline);
  g_clear_object (&fixture->provider);
  if (fixture->store != NULL)
    dd_store_close (fixture->store);
  g_clear_object (&fixture->store);
  dd_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
messages_ready_cb (DdChatPipeline *pipeline,
                   GPtrArray      *messages,
                   Fixture        *fixture)
{
  gint64 now = g_get_monotonic_time ();

  g_assert_true (g_thread_self () == fixture->main_thread);
  g_assert_cmpuint (messages->len, >, 0);

  if (fixture->last_handoff_us > 0)
    fixture->min_gap_us = MIN (fixture->min_gap_us, now - fixture->last_handoff_us);
  fixture->last_handoff_us = now;
  fixture->handoffs++;
  fixture->received += messages->len;
}

static DdChatMessage *
counting_classifier (DdChatMessage *message,
                     gpointer       user_data)
{
  Fixture *fixture = user_data;

  g_atomic_int_inc (&fixture->classified);
  if (g_thread_self () != fixture->main_thread)
    g_atomic_int_inc (&fixture->classified_off_main);

  return g_object_ref (message);
}

static void
test_handoff_once_per_frame (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 archived;

  g_signal_connect (fixture->pipeline, "messages-ready", G_CALLBACK (messages_ready_cb), fixture);
  dd_chat_pipeline_set_classifier (fixture->pipeline, counting_classifier, fixture, NULL);

  g_assert_true (dd_chat_pipeline_start (fixture->pipeline, &error));
  g_assert_no_error (error);
  g_assert_true (dd_chat_pipeline_is_running (fixture->pipeline));

  dd_test_run_for (1000);
  g_test_message ("%u hand-offs, %" G_GUINT64_FORMAT " messages in 1 s, closest gap %" G_GINT64_FORMAT " µs",
                  fixture->handoffs, fixture->received, fixture->min_gap_us);

  /* About 60 a second at most, however many messages arrive. */
  g_assert_cmpuint (fixture->handoffs, >, 10);
  g_assert_cmpuint (fixture->handoffs, <=, 65);
  g_assert_cmpuint (fixture->received, >, 1000);
  /* Never two hand-offs within one frame (allowing for timer jitter). */
  g_assert_cmpint (fixture->min_gap_us, >=, 14000);

  dd_chat_pipeline_stop (fixture->pipeline);
  dd_chat_pipeline_stop (fixture->pipeline);
  g_assert_false (dd_chat_pipeline_is_running (fixture->pipeline));

  /* After stop, everything received was delivered and archived. */
  g_assert_cmpuint (fixture->received, ==, dd_demo_chat_provider_get_n_sent (fixture->provider));
  g_assert_cmpuint (fixture->received, ==, dd_chat_pipeline_get_n_received (fixture->pipeline));
  g_assert_cmpuint (fixture->received, ==, dd_chat_pipeline_get_n_archived (fixture->pipeline));
  g_assert_cmpuint (fixture->handoffs, ==, dd_chat_pipeline_get_n_handoffs (fixture->pipeline));
  g_assert_cmpint (g_atomic_int_get (&fixture->classified), ==, (gint) fixture->received);
  g_assert_cmpint (g_atomic_int_get (&fixture->classified_off_main), ==, (gint) fixture->received);

  archived = dd_store_count_chat_sync (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (archived, ==, (gint64) fixture->received);
}

static void
test_stop_without_start (Fixture       *fixture,
                         gconstpointer  data)
{
  dd_chat_pipeline_stop (fixture->pipeline);
  g_assert_false (dd_chat_pipeline_is_running (fixture->pipeline));
  g_assert_cmpuint (dd_chat_pipeline_get_n_received (fixture->pipeline), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/engine/chat-pipeline/handoff-once-per-frame", Fixture, NULL,
              fixture_setup, test_handoff_once_per_frame, fixture_teardown);
  g_test_add ("/dropdeck/engine/chat-pipeline/stop-without-start", Fixture, NULL,
              fixture_setup, test_stop_without_start, fixture_teardown);

  return g_test_run ();
}
