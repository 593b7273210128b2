/* test-chat-pipeline.c — the pipeline thread: hand-offs once per frame, everything archived
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-chat-pipeline.h"
#include "dd-demo-chat-provider.h"
#include "dd-store-sync.h"
#include "dd-net-error.h"
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
  GPtrArray          *messages;        /* DdChatMessage, as delivered */
  GHashTable         *delivered_ids;
  GPtrArray          *events;          /* DdChatModEvent */
  gboolean            event_before_target; /* an event named an undelivered message */
  gboolean            mod_done;
  gboolean            mod_ok;
  GError             *mod_error;
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
  fixture->messages = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->delivered_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_chat_mod_event_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->pipeline);
  g_clear_object (&fixture->provider);
  g_clear_pointer (&fixture->messages, g_ptr_array_unref);
  g_clear_pointer (&fixture->delivered_ids, g_hash_table_unref);
  g_clear_pointer (&fixture->events, g_ptr_array_unref);
  g_clear_error (&fixture->mod_error);
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

/* Moderation --------------------------------------------------------------- */

static void
keep_messages_cb (DdChatPipeline *pipeline,
                  GPtrArray      *messages,
                  Fixture        *fixture)
{
  for (guint i = 0; i < messages->len; i++)
    {
      DdChatMessage *message = g_ptr_array_index (messages, i);

      g_ptr_array_add (fixture->messages, g_object_ref (message));
      g_hash_table_add (fixture->delivered_ids, g_strdup (dd_chat_message_get_id (message)));
    }
}

static void
mod_event_cb (DdChatPipeline *pipeline,
              DdChatModEvent *event,
              Fixture        *fixture)
{
  const char *id = dd_chat_mod_event_get_target_message_id (event);

  g_assert_true (g_thread_self () == fixture->main_thread);
  if (id != NULL && !g_hash_table_contains (fixture->delivered_ids, id))
    fixture->event_before_target = TRUE;
  g_ptr_array_add (fixture->events, dd_chat_mod_event_ref (event));
}

static void
moderated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *fixture = user_data;

  g_assert_true (g_thread_self () == fixture->main_thread);
  g_clear_error (&fixture->mod_error);
  fixture->mod_ok = dd_chat_pipeline_moderate_finish (DD_CHAT_PIPELINE (source), result,
                                                      &fixture->mod_error);
  fixture->mod_done = TRUE;
}

static gboolean
pipeline_moderate (Fixture         *fixture,
                   DdChatModAction  action,
                   DdChatMessage   *target,
                   guint            duration_s)
{
  fixture->mod_done = FALSE;
  dd_chat_pipeline_moderate_async (fixture->pipeline, action, target, duration_s, NULL, NULL,
                                   moderated_cb, fixture);
  g_assert_true (dd_test_wait_for (&fixture->mod_done, 5000));
  return fixture->mod_ok;
}

static gboolean
events_at_least (Fixture *fixture,
                 guint    n)
{
  for (guint i = 0; i < 100 && fixture->events->len < n; i++)
    dd_test_run_for (20);
  return fixture->events->len >= n;
}

static void
test_moderate_event_on_main (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdChatMessage) target = NULL;
  DdChatModEvent *event;

  g_signal_connect (fixture->pipeline, "messages-ready", G_CALLBACK (keep_messages_cb), fixture);
  g_signal_connect (fixture->pipeline, "moderation-event", G_CALLBACK (mod_event_cb), fixture);

  /* Not running yet: a clear refusal, on the caller's context. */
  target = dd_chat_message_new (&(DdChatMessageInit) { .channel = "#autumn-drop",
                                                       .author_login = "lena",
                                                       .text = "SOLD AA12 42" });
  g_assert_false (pipeline_moderate (fixture, DD_CHAT_MOD_BAN, target, 0));
  g_assert_error (fixture->mod_error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED);
  g_clear_object (&target);

  g_assert_true (dd_chat_pipeline_start (fixture->pipeline, &error));
  g_assert_no_error (error);
  while (fixture->messages->len < 50)
    dd_test_run_for (20);

  /* Delete: completes on the main thread, and the event follows the message. */
  target = g_object_ref (g_ptr_array_index (fixture->messages, 10));
  g_assert_true (pipeline_moderate (fixture, DD_CHAT_MOD_DELETE_MESSAGE, target, 0));
  g_assert_no_error (fixture->mod_error);
  g_assert_true (events_at_least (fixture, 1));
  event = g_ptr_array_index (fixture->events, 0);
  g_assert_cmpint (dd_chat_mod_event_get_kind (event), ==, DD_CHAT_MOD_EVENT_DELETE_MESSAGE);
  g_assert_cmpstr (dd_chat_mod_event_get_target_message_id (event), ==, dd_chat_message_get_id (target));

  /* Delete the newest message at once, many times over: the event never
   * overtakes the message it names. */
  for (guint i = 0; i < 10; i++)
    {
      g_clear_object (&target);
      target = g_object_ref (g_ptr_array_index (fixture->messages, fixture->messages->len - 1));
      g_assert_true (pipeline_moderate (fixture, DD_CHAT_MOD_DELETE_MESSAGE, target, 0));
    }
  g_assert_true (events_at_least (fixture, 11));

  /* Timeout with a duration. */
  g_assert_true (pipeline_moderate (fixture, DD_CHAT_MOD_TIMEOUT, target, 30));
  g_assert_true (events_at_least (fixture, 12));
  event = g_ptr_array_index (fixture->events, 11);
  g_assert_cmpint (dd_chat_mod_event_get_kind (event), ==, DD_CHAT_MOD_EVENT_TIMEOUT);
  g_assert_cmpuint (dd_chat_mod_event_get_duration_s (event), ==, 30);
  g_assert_cmpstr (dd_chat_mod_event_get_target_login (event), ==, dd_chat_message_get_author_login (target));
  g_assert_false (fixture->event_before_target);

  /* After stop: refused again, and no call is left hanging. */
  dd_chat_pipeline_stop (fixture->pipeline);
  g_assert_false (pipeline_moderate (fixture, DD_CHAT_MOD_BAN, target, 0));
  g_assert_error (fixture->mod_error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED);
}

/* A provider that, in one go on the pipeline context, hands over a
 * message, reports its deletion and hands over another message: the UI
 * must see them in that order although they share one hand-off. */
#define DD_TYPE_BURST_PROVIDER (dd_burst_provider_get_type ())
G_DECLARE_FINAL_TYPE (DdBurstProvider, dd_burst_provider, DD, BURST_PROVIDER, GObject)

struct _DdBurstProvider
{
  GObject         parent_instance;
  DdConnectivity *connectivity;
};

static void dd_burst_provider_iface_init (DdChatProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdBurstProvider, dd_burst_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DD_TYPE_CHAT_PROVIDER,
                                                      dd_burst_provider_iface_init))

static GPtrArray *
one_message (const char *id)
{
  GPtrArray *batch = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (batch, dd_chat_message_new (&(DdChatMessageInit) { .id = id,
                                                                      .channel = "#drop",
                                                                      .author_login = "troll",
                                                                      .text = id }));
  return batch;
}

static void
burst_start (DdChatProvider *provider,
             GMainContext   *context,
             DdChatSink      sink,
             gpointer        sink_data)
{
  g_autoptr(DdChatModEvent) event =
    dd_chat_mod_event_new (DD_CHAT_MOD_EVENT_DELETE_MESSAGE, "#drop", "troll", "m1", 0, 1);

  sink (one_message ("m1"), sink_data);
  dd_chat_provider_report_mod_event (provider, event);
  sink (one_message ("m2"), sink_data);
}

static void
burst_stop (DdChatProvider *provider)
{
}

static DdConnectivity *
burst_get_connectivity (DdChatProvider *provider)
{
  return DD_BURST_PROVIDER (provider)->connectivity;
}

static void
dd_burst_provider_iface_init (DdChatProviderInterface *iface)
{
  iface->start = burst_start;
  iface->stop = burst_stop;
  iface->get_connectivity = burst_get_connectivity;
}

static void
dd_burst_provider_finalize (GObject *object)
{
  g_clear_object (&DD_BURST_PROVIDER (object)->connectivity);
  G_OBJECT_CLASS (dd_burst_provider_parent_class)->finalize (object);
}

static void
dd_burst_provider_class_init (DdBurstProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dd_burst_provider_finalize;
}

static void
dd_burst_provider_init (DdBurstProvider *self)
{
  self->connectivity = dd_connectivity_new (DD_SERVICE_AUDIENCE);
}

static void
order_messages_cb (DdChatPipeline *pipeline,
                   GPtrArray      *messages,
                   GString        *order)
{
  for (guint i = 0; i < messages->len; i++)
    g_string_append_printf (order, "%s ", dd_chat_message_get_id (g_ptr_array_index (messages, i)));
}

static void
order_event_cb (DdChatPipeline *pipeline,
                DdChatModEvent *event,
                GString        *order)
{
  g_string_append_printf (order, "delete:%s ", dd_chat_mod_event_get_target_message_id (event));
}

static void
test_event_order_in_one_handoff (void)
{
  g_autoptr(DdBurstProvider) provider = g_object_new (DD_TYPE_BURST_PROVIDER, NULL);
  g_autoptr(DdChatPipeline) pipeline = dd_chat_pipeline_new (DD_CHAT_PROVIDER (provider), NULL);
  g_autoptr(GString) order = g_string_new (NULL);

  g_signal_connect (pipeline, "messages-ready", G_CALLBACK (order_messages_cb), order);
  g_signal_connect (pipeline, "moderation-event", G_CALLBACK (order_event_cb), order);
  g_assert_true (dd_chat_pipeline_start (pipeline, NULL));
  /* The main context does not turn until the whole burst is queued, so it
   * all arrives in one hand-off. */
  for (guint i = 0; i < 5000 && dd_chat_pipeline_get_n_received (pipeline) < 2; i++)
    g_usleep (1000);
  for (guint i = 0; i < 100 && order->len < strlen ("m1 delete:m1 m2 "); i++)
    dd_test_run_for (10);
  g_assert_cmpstr (order->str, ==, "m1 delete:m1 m2 ");
  g_assert_cmpuint (dd_chat_pipeline_get_n_handoffs (pipeline), ==, 1);
  dd_chat_pipeline_stop (pipeline);
}

/* A call on its way when the pipeline stops fails instead of hanging. */
static void
test_moderate_while_stopping (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdChatMessage) target = NULL;

  g_signal_connect (fixture->pipeline, "messages-ready", G_CALLBACK (keep_messages_cb), fixture);
  g_assert_true (dd_chat_pipeline_start (fixture->pipeline, &error));
  while (fixture->messages->len < 1)
    dd_test_run_for (20);
  target = g_object_ref (g_ptr_array_index (fixture->messages, 0));

  fixture->mod_done = FALSE;
  dd_chat_pipeline_moderate_async (fixture->pipeline, DD_CHAT_MOD_BAN, target, 0, NULL, NULL,
                                   moderated_cb, fixture);
  dd_chat_pipeline_stop (fixture->pipeline);
  g_assert_true (dd_test_wait_for (&fixture->mod_done, 5000));
  g_assert_false (fixture->mod_ok);
  g_assert_error (fixture->mod_error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED);
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
  g_test_add ("/dropdeck/engine/chat-pipeline/moderate-event-on-main-context", Fixture, NULL,
              fixture_setup, test_moderate_event_on_main, fixture_teardown);
  g_test_add_func ("/dropdeck/engine/chat-pipeline/event-order-in-one-handoff",
                   test_event_order_in_one_handoff);
  g_test_add ("/dropdeck/engine/chat-pipeline/moderate-while-stopping", Fixture, NULL,
              fixture_setup, test_moderate_while_stopping, fixture_teardown);

  return g_test_run ();
}
