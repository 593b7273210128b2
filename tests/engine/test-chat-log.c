/* test-chat-log.c — the bounded chat window and its few-signals-per-batch updates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-chat-log.h"

typedef struct
{
  DdChatLog *log;
  guint      emissions;
  guint      serial;
  guint      shadow_n_items;
  guint      largest_change;
} Fixture;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  fixture->emissions++;
  /* Each emission describes the model as it is when it fires. */
  fixture->shadow_n_items = fixture->shadow_n_items - removed + added;
  g_assert_cmpuint (fixture->shadow_n_items, ==, g_list_model_get_n_items (model));
  g_assert_cmpuint (position + added, <=, g_list_model_get_n_items (model));
  fixture->largest_change = MAX (fixture->largest_change, MAX (removed, added));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->log = dd_chat_log_new (GPOINTER_TO_UINT (data));
  g_signal_connect (fixture->log, "items-changed", G_CALLBACK (items_changed_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->log);
}

static GPtrArray *
make_batch (Fixture *fixture,
            guint    n)
{
  GPtrArray *batch = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", fixture->serial++);
      DdChatMessageInit init = {
        .source = DD_CHAT_SOURCE_AUDIENCE,
        .channel = "#test",
        .author_login = "viewer",
        .color_rgb = -1,
        .text = text,
        .timestamp_us = fixture->serial,
      };

      g_ptr_array_add (batch, dd_chat_message_new (&init));
    }

  return batch;
}

static char *
text_at (DdChatLog *log,
         guint      position)
{
  g_autoptr(DdChatMessage) message = g_list_model_get_item (G_LIST_MODEL (log), position);

  return g_strdup (dd_chat_message_get_text (message));
}

static void
test_keeps_bound (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_cmpuint (dd_chat_log_get_limit (fixture->log), ==, 100);

  for (guint b = 0; b < 5; b++)
    {
      g_autoptr(GPtrArray) batch = make_batch (fixture, 30);
      guint before = fixture->emissions;

      dd_chat_log_append_batch (fixture->log, batch);
      /* An append, plus a removal at the front once the window is full. */
      g_assert_cmpuint (fixture->emissions, >=, before + 1);
      g_assert_cmpuint (fixture->emissions, <=, before + 2);
    }
  /* Only the rows that changed: never the whole window. */
  g_assert_cmpuint (fixture->largest_change, <=, 30);

  /* 150 appended, the newest 100 kept, oldest first, newest last. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 100);
  {
    g_autofree char *first = text_at (fixture->log, 0);
    g_autofree char *last = text_at (fixture->log, 99);

    g_assert_cmpstr (first, ==, "message 50");
    g_assert_cmpstr (last, ==, "message 149");
  }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->log), 100));
}

static void
test_batch_larger_than_bound (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) small = make_batch (fixture, 10);
  g_autoptr(GPtrArray) huge = make_batch (fixture, 250);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  dd_chat_log_append_batch (fixture->log, small);
  dd_chat_log_append_batch (fixture->log, huge);

  g_assert_cmpuint (fixture->emissions, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 100);
  first = text_at (fixture->log, 0);
  last = text_at (fixture->log, 99);
  g_assert_cmpstr (first, ==, "message 160");
  g_assert_cmpstr (last, ==, "message 259");
}

static void
test_empty_batch_is_silent (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();

  dd_chat_log_append_batch (fixture->log, empty);
  g_assert_cmpuint (fixture->emissions, ==, 0);
  dd_chat_log_clear (fixture->log);
  g_assert_cmpuint (fixture->emissions, ==, 0);
}

static void
test_set_limit (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) batch = make_batch (fixture, 100);
  g_autoptr(GPtrArray) more = NULL;
  g_autofree char *oldest = NULL;

  dd_chat_log_append_batch (fixture->log, batch);
  fixture->emissions = 0;

  /* Shrinking drops the oldest in one emission and keeps the newest. */
  dd_chat_log_set_limit (fixture->log, 30);
  g_assert_cmpuint (fixture->emissions, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 30);
  oldest = text_at (fixture->log, 0);
  g_assert_cmpstr (oldest, ==, "message 70");

  /* Growing changes nothing at once; later batches fill up to it. */
  dd_chat_log_set_limit (fixture->log, 50);
  g_assert_cmpuint (fixture->emissions, ==, 1);
  more = make_batch (fixture, 40);
  dd_chat_log_append_batch (fixture->log, more);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 50);
  g_assert_cmpuint (dd_chat_log_get_limit (fixture->log), ==, 50);

  dd_chat_log_set_limit (fixture->log, 0);
  g_assert_cmpuint (dd_chat_log_get_limit (fixture->log), ==, DD_CHAT_LOG_DEFAULT_LIMIT);
}

static void
test_default_limit (void)
{
  g_autoptr(DdChatLog) log = dd_chat_log_new (0);

  g_assert_cmpuint (dd_chat_log_get_limit (log), ==, 5000);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (log)) == DD_TYPE_CHAT_MESSAGE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/engine/chat-log/keeps-bound", Fixture, GUINT_TO_POINTER (100),
              fixture_setup, test_keeps_bound, fixture_teardown);
  g_test_add ("/dropdeck/engine/chat-log/batch-larger-than-bound", Fixture, GUINT_TO_POINTER (100),
              fixture_setup, test_batch_larger_than_bound, fixture_teardown);
  g_test_add ("/dropdeck/engine/chat-log/set-limit", Fixture, GUINT_TO_POINTER (100),
              fixture_setup, test_set_limit, fixture_teardown);
  g_test_add ("/dropdeck/engine/chat-log/empty-batch-is-silent", Fixture, GUINT_TO_POINTER (100),
              fixture_setup, test_empty_batch_is_silent, fixture_teardown);
  g_test_add_func ("/dropdeck/engine/chat-log/default-limit", test_default_limit);

  return g_test_run ();
}
