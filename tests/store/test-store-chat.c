/* test-store-chat.c — the chat archive: batched appends and full-text search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-private.h"
#include "store-test-util.h"

typedef struct
{
  char    *dir;
  DdStore *store;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = store_test_make_tmp_dir ();
  path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
  fixture->store = dd_store_open_sync (path, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->store);
  store_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static DdChatMessage *
message_new (const char *id,
             const char *login,
             const char *text,
             gint64      timestamp_us)
{
  DdChatMessageInit init = { 0 };

  init.id = id;
  init.source = DD_CHAT_SOURCE_AUDIENCE;
  init.channel = "#drop";
  init.author_login = login;
  init.color_rgb = 0x1e90ff;
  init.text = text;
  init.timestamp_us = timestamp_us;
  init.flags = DD_CHAT_FLAG_SUBSCRIBER;
  init.moderation = DD_MODERATION_OK;
  init.intent = DD_INTENT_NONE;
  return dd_chat_message_new (&init);
}

static void
append (DdStore   *store,
        GPtrArray *messages)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (store_test_save (store, dd_store_append_chat_async, messages, &error));
  g_assert_no_error (error);
}

static gint64
count_chat (DdStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count;

  dd_store_count_chat_async (store, NULL, store_test_result_cb, &result);
  count = dd_store_count_finish (store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  return count;
}

static GPtrArray *
search (DdStore    *store,
        const char *query,
        guint       limit)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  dd_store_search_chat_async (store, query, limit, NULL, store_test_result_cb, &result);
  found = dd_store_load_finish (store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

static void
add_sample (Fixture *fixture)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  DdChatMessageInit scam = { 0 };

  g_ptr_array_add (messages, message_new ("m1", "lena", "is the red sneaker in size 42?", 1000));
  g_ptr_array_add (messages, message_new ("m2", "tom", "how much is shipping to Lyon", 2000));
  g_ptr_array_add (messages, message_new ("m3", "lena", "bought the red one!", 3000));
  scam.id = "m4";
  scam.author_login = "free_gift";
  scam.display_name = "FreeGift";
  scam.text = "claim your prize at \"bit.ly/x\" (NEAR* now)";
  scam.timestamp_us = 4000;
  scam.color_rgb = -1;
  scam.moderation = DD_MODERATION_SCAM;
  scam.moderation_score = 0.97f;
  scam.intent = DD_INTENT_PURCHASE;
  g_ptr_array_add (messages, dd_chat_message_new (&scam));
  append (fixture->store, messages);
}

static void
test_append_and_count (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) replay = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_cmpint (count_chat (fixture->store), ==, 0);
  add_sample (fixture);
  g_assert_cmpint (count_chat (fixture->store), ==, 4);

  /* A reconnect replays messages the archive already holds: no duplicates. */
  g_ptr_array_add (replay, message_new ("m3", "lena", "bought the red one!", 3000));
  g_ptr_array_add (replay, message_new ("m5", "ines", "new one", 5000));
  append (fixture->store, replay);
  g_assert_cmpint (count_chat (fixture->store), ==, 5);
}

static void
test_search_finds_words (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) red = NULL;
  g_autoptr(GPtrArray) limited = NULL;
  g_autoptr(GPtrArray) by_name = NULL;
  g_autoptr(GPtrArray) none = NULL;
  DdChatMessage *scam;

  add_sample (fixture);

  red = search (fixture->store, "red", 0);
  g_assert_cmpuint (red->len, ==, 2);
  /* Newest first. */
  g_assert_cmpstr (dd_chat_message_get_id (g_ptr_array_index (red, 0)), ==, "m3");
  g_assert_cmpstr (dd_chat_message_get_id (g_ptr_array_index (red, 1)), ==, "m1");
  g_assert_cmpstr (dd_chat_message_get_text (g_ptr_array_index (red, 1)), ==,
                   "is the red sneaker in size 42?");
  g_assert_cmpint (dd_chat_message_get_timestamp (g_ptr_array_index (red, 1)), ==, 1000);
  g_assert_cmpint (dd_chat_message_get_color_rgb (g_ptr_array_index (red, 1)), ==, 0x1e90ff);
  g_assert_cmpint (dd_chat_message_get_flags (g_ptr_array_index (red, 1)), ==, DD_CHAT_FLAG_SUBSCRIBER);
  g_assert_cmpstr (dd_chat_message_get_channel (g_ptr_array_index (red, 1)), ==, "#drop");

  limited = search (fixture->store, "red", 1);
  g_assert_cmpuint (limited->len, ==, 1);

  /* Every term must match; display names are searched too. */
  g_clear_pointer (&red, g_ptr_array_unref);
  red = search (fixture->store, "red sneaker", 0);
  g_assert_cmpuint (red->len, ==, 1);
  by_name = search (fixture->store, "FreeGift", 0);
  g_assert_cmpuint (by_name->len, ==, 1);
  scam = g_ptr_array_index (by_name, 0);
  g_assert_cmpint (dd_chat_message_get_moderation (scam), ==, DD_MODERATION_SCAM);
  g_assert_cmpint (dd_chat_message_get_intent (scam), ==, DD_INTENT_PURCHASE);
  g_assert_cmpfloat_with_epsilon (dd_chat_message_get_moderation_score (scam), 0.97, 1e-6);
  g_assert_cmpint (dd_chat_message_get_color_rgb (scam), ==, -1);

  none = search (fixture->store, "umbrella", 0);
  g_assert_cmpuint (none->len, ==, 0);
}

/* Rows in the full-text index for `word`, read through a second
 * connection, not through a search (which indexes what waits first). */
static int
count_indexed (Fixture    *fixture,
               const char *word)
{
  g_autofree char *path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM chat_fts WHERE chat_fts MATCH ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, word, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static void
index_chat (DdStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dd_store_index_chat_async (store, NULL, store_test_result_cb, &result);
  g_assert_true (dd_store_save_finish (store, store_test_wait (&result), &error));
  g_assert_no_error (error);
}

/* A bulk replay archives at once and indexes after: by the index job, the
 * next indexed append or the next search; duplicates are still skipped. */
static void
test_unindexed_append (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) replay = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (replay, message_new ("s1", "maya", "red tee restocked", 1000));
  g_ptr_array_add (replay, message_new ("s2", "jonas", "red hoodie at Mitte", 2000));
  g_ptr_array_add (replay, message_new ("s1", "maya", "red tee restocked", 1000));
  g_assert_true (store_test_save (fixture->store, dd_store_append_chat_unindexed_async, replay, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_chat (fixture->store), ==, 2);
  g_assert_cmpint (count_indexed (fixture, "red"), ==, 0);

  index_chat (fixture->store);
  g_assert_cmpint (count_indexed (fixture, "red"), ==, 2);
  index_chat (fixture->store);  /* nothing waits: no change */
  g_assert_cmpint (count_indexed (fixture, "red"), ==, 2);

  /* The next indexed append takes what waits along. */
  g_ptr_array_add (more, message_new ("s3", "ana", "red cap sold out", 3000));
  g_assert_true (store_test_save (fixture->store, dd_store_append_chat_unindexed_async, more, &error));
  g_assert_cmpint (count_indexed (fixture, "red"), ==, 2);
  g_ptr_array_add (live, message_new ("a1", "viewer", "is red in stock", 4000));
  append (fixture->store, live);
  g_assert_cmpint (count_indexed (fixture, "red"), ==, 4);

  /* And a search sees rows that wait. */
  g_clear_pointer (&more, g_ptr_array_unref);
  more = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (more, message_new ("s4", "ana", "red scarf next", 5000));
  g_assert_true (store_test_save (fixture->store, dd_store_append_chat_unindexed_async, more, &error));
  found = search (fixture->store, "red", 0);
  g_assert_cmpuint (found->len, ==, 5);
  g_assert_cmpstr (dd_chat_message_get_id (g_ptr_array_index (found, 0)), ==, "s4");
}

/* Badges, user id, reply context and bits survive the archive; absent ones
 * come back absent. */
static void
test_twitch_fields_round_trip (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) found = NULL;
  DdChatMessageInit init = { 0 };
  DdChatMessage *reply;

  init.id = "r1";
  init.channel = "#drop";
  init.author_login = "mario";
  init.text = "cheer100 yes in blue";
  init.timestamp_us = 1000;
  init.author_user_id = "9876";
  init.badges = "subscriber/12";
  init.reply_parent_id = "m1";
  init.reply_parent_login = "lena";
  init.reply_parent_text = "blue in M?";
  init.bits = 100;
  g_ptr_array_add (batch, dd_chat_message_new (&init));
  g_ptr_array_add (batch, message_new ("p1", "ines", "plain blue", 2000));
  append (fixture->store, batch);

  found = search (fixture->store, "blue", 0);
  g_assert_cmpuint (found->len, ==, 2);
  reply = g_ptr_array_index (found, 1);
  g_assert_cmpstr (dd_chat_message_get_id (reply), ==, "r1");
  g_assert_cmpstr (dd_chat_message_get_author_user_id (reply), ==, "9876");
  g_assert_cmpstr (dd_chat_message_get_badges (reply), ==, "subscriber/12");
  g_assert_cmpstr (dd_chat_message_get_reply_parent_id (reply), ==, "m1");
  g_assert_cmpstr (dd_chat_message_get_reply_parent_login (reply), ==, "lena");
  g_assert_cmpstr (dd_chat_message_get_reply_parent_text (reply), ==, "blue in M?");
  g_assert_cmpuint (dd_chat_message_get_bits (reply), ==, 100);
  g_assert_null (dd_chat_message_get_badges (g_ptr_array_index (found, 0)));
  g_assert_null (dd_chat_message_get_reply_parent_id (g_ptr_array_index (found, 0)));
  g_assert_cmpuint (dd_chat_message_get_bits (g_ptr_array_index (found, 0)), ==, 0);
}

static void
test_search_hostile_queries (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *queries[] = {
    "\"", "\"\"", "*", "red*", "NEAR(", "NEAR(red tom", "(((", ")", "red OR", "AND",
    "NOT", "-", "text:red", "^red", "{text}: red", "'", "bit.ly/x", "\"bit.ly/x\"",
    "NEAR* now)", "", "   ", "\\", "%", "red\tsneaker", "☃", "\xe2\x80\x8b",
  };
  g_autoptr(GPtrArray) quoted = NULL;
  g_autoptr(GPtrArray) column = NULL;

  add_sample (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) found = search (fixture->store, queries[i], 10);

      g_test_message ("query «%s»: %u results", queries[i], found->len);
    }

  /* Operators are searched as plain words, not obeyed. */
  quoted = search (fixture->store, "\"bit.ly/x\"", 0);
  g_assert_cmpuint (quoted->len, ==, 1);
  column = search (fixture->store, "text:red", 0);
  g_assert_cmpuint (column->len, ==, 0);
}

static void
test_escape_query (void)
{
  g_autofree char *plain = _dd_store_chat_escape_query ("red  sneaker");
  g_autofree char *quote = _dd_store_chat_escape_query ("say \"hi\"");
  g_autofree char *empty = _dd_store_chat_escape_query (" \t ");

  g_assert_cmpstr (plain, ==, "\"red\" \"sneaker\"");
  g_assert_cmpstr (quote, ==, "\"say\" \"\"\"hi\"\"\"");
  g_assert_null (empty);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/store/chat/append-and-count", Fixture, NULL,
              fixture_setup, test_append_and_count, fixture_teardown);
  g_test_add ("/dropdeck/store/chat/search-finds-words", Fixture, NULL,
              fixture_setup, test_search_finds_words, fixture_teardown);
  g_test_add ("/dropdeck/store/chat/search-hostile-queries", Fixture, NULL,
              fixture_setup, test_search_hostile_queries, fixture_teardown);
  g_test_add ("/dropdeck/store/chat/twitch-fields-round-trip", Fixture, NULL,
              fixture_setup, test_twitch_fields_round_trip, fixture_teardown);
  g_test_add ("/dropdeck/store/chat/unindexed-append", Fixture, NULL,
              fixture_setup, test_unindexed_append, fixture_teardown);
  g_test_add_func ("/dropdeck/store/chat/escape-query", test_escape_query);

  return g_test_run ();
}
