/* store-test-util.c — helpers shared by the store tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "store-test-util.h"

void
store_test_result_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

GAsyncResult *
store_test_wait (GAsyncResult **slot)
{
  GMainContext *context = g_main_context_get_thread_default ();

  while (*slot == NULL)
    g_main_context_iteration (context, TRUE);
  return *slot;
}

DdStore *
store_test_open (const char  *path,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dd_store_open_async (path, NULL, store_test_result_cb, &result);
  return dd_store_open_finish (store_test_wait (&result), error);
}

gboolean
store_test_save (DdStore     *store,
                 void       (*save_async) (DdStore *, GPtrArray *, GCancellable *,
                                           GAsyncReadyCallback, gpointer),
                 GPtrArray   *objects,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  save_async (store, objects, NULL, store_test_result_cb, &result);
  return dd_store_save_finish (store, store_test_wait (&result), error);
}

GPtrArray *
store_test_load (DdStore     *store,
                 void       (*load_async) (DdStore *, GCancellable *,
                                           GAsyncReadyCallback, gpointer),
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  load_async (store, NULL, store_test_result_cb, &result);
  return dd_store_load_finish (store, store_test_wait (&result), error);
}

gboolean
store_test_apply_edit (DdStore            *store,
                       DdOffer            *offer,
                       const DdStoreEdit  *edit,
                       GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dd_store_apply_offer_edit_async (store, offer, edit, NULL, store_test_result_cb, &result);
  return dd_store_apply_offer_edit_finish (store, store_test_wait (&result), error);
}

gint64
store_test_count_outbox (DdStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count;

  dd_store_count_outbox_async (store, NULL, store_test_result_cb, &result);
  count = dd_store_count_finish (store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  return count;
}

char *
store_test_check (DdStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *report;

  dd_store_check_async (store, NULL, store_test_result_cb, &result);
  report = dd_store_check_finish (store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  return report;
}

char *
store_test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dd-store-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
store_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_remove (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      store_test_remove_tree (child);
    }
  g_rmdir (path);
}

char *
store_test_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

char *
store_test_sql (const char *path,
                const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *tail = sql;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  while (tail != NULL && *tail != '\0')
    {
      int rc = sqlite3_prepare_v2 (db, tail, -1, &stmt, &tail);

      if (rc != SQLITE_OK)
        g_error ("%s: %s", sql, sqlite3_errmsg (db));
      if (stmt == NULL)
        break;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        if (value == NULL)
          value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (rc != SQLITE_DONE)
        g_error ("%s: %s", sql, sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      stmt = NULL;
    }
  sqlite3_close (db);
  return value;
}

DdOffer *
store_test_offer_new (const char *id,
                      const char *title,
                      gint64      minor)
{
  DdOffer *offer = dd_offer_new (id, title, id);
  DdMoney price = dd_money_init (minor, "EUR");

  dd_offer_set_price (offer, &price);
  return offer;
}

void
store_fixture_setup (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = store_test_make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
  fixture->store = store_test_open (fixture->path, &error);
  g_assert_no_error (error);
}

void
store_fixture_teardown (StoreFixture  *fixture,
                        gconstpointer  data)
{
  dd_store_close (fixture->store);
  g_clear_object (&fixture->store);
  store_test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}
