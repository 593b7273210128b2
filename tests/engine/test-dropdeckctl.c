/* test-dropdeckctl.c — the command line, run as a user would run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "dd-store.h"
#include "dd-test-ctl.h"
#include "dd-test-util.h"

typedef struct
{
  char *dir;
  char *stdout_text;
  char *stderr_text;
  int   status;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = dd_test_make_tmpdir ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  dd_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->stdout_text, g_free);
  g_clear_pointer (&fixture->stderr_text, g_free);
}

/* Runs dropdeckctl with the NULL-terminated arguments; HOME and the XDG
 * folders point into the fixture's folder. */
static void
run_ctl (Fixture *fixture,
         ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  va_list args;

  va_start (args, fixture);
  argv = dd_test_ctl_argv (NULL, args);
  va_end (args);
  fixture->status = dd_test_ctl_run (fixture->dir, argv, &fixture->stdout_text, &fixture->stderr_text);
}

static char *
make_fresh_db (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  char *path = g_build_filename (fixture->dir, "fresh.db", NULL);

  store = dd_store_open_sync (path, NULL, &error);
  g_assert_no_error (error);
  dd_store_close (store);

  return path;
}

static void
test_version (Fixture       *fixture,
              gconstpointer  data)
{
  run_ctl (fixture, "--version", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->stdout_text, ==, "dropdeckctl " PACKAGE_VERSION "\n");

  run_ctl (fixture, "--help", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->stdout_text, "demo"));

  run_ctl (fixture, "db", "--help", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->stdout_text, "--path"));

  run_ctl (fixture, "demo", "--help", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->stdout_text, "--headless"));

  run_ctl (fixture, "frobnicate", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_cmpstr (fixture->stderr_text, !=, "");
}

static void
test_db_check_fresh (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = make_fresh_db (fixture);
  g_autoptr(JsonObject) object = NULL;

  run_ctl (fixture, "db", "check", "--path", path, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  object = dd_test_parse_object (fixture->stdout_text);
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, path);
  g_assert_cmpint (json_object_get_int_member (object, "schema_version"), ==, dd_store_get_latest_version ());
  g_assert_cmpstr (json_object_get_string_member (object, "integrity"), ==, "ok");
}

static void
test_db_check_default_path (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *expected = g_build_filename (fixture->dir, "dropdeck", "dropdeck.db", NULL);

  /* No database yet: an error, and none is created. */
  run_ctl (fixture, "db", "check", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, expected));
  g_assert_false (g_file_test (expected, G_FILE_TEST_EXISTS));
}

static void
test_db_check_corrupt (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "corrupt.db", NULL);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  char garbage[8192];
  gsize length = 0;

  for (gsize i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) ((i * 131 + 7) % 251);
  g_file_set_contents (path, garbage, sizeof garbage, &error);
  g_assert_no_error (error);

  run_ctl (fixture, "db", "check", "--path", path, NULL);
  g_assert_cmpint (fixture->status, ==, 2);
  g_assert_cmpstr (fixture->stdout_text, ==, "");
  g_assert_cmpstr (fixture->stderr_text, !=, "");

  g_file_get_contents (path, &after, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (after, length, garbage, sizeof garbage);
}

static void
test_db_check_too_new (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = make_fresh_db (fixture);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  run_ctl (fixture, "db", "check", "--path", path, NULL);
  g_assert_cmpint (fixture->status, ==, 3);
  g_assert_nonnull (strstr (fixture->stderr_text, "newer"));

  db = NULL;
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 999);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
}

static void
test_db_check_locked (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = make_fresh_db (fixture);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;", NULL, NULL, NULL), ==, SQLITE_OK);

  run_ctl (fixture, "db", "check", "--path", path, NULL);
  g_test_message ("locked: status %d, %s", fixture->status, fixture->stderr_text);
  g_assert_cmpint (fixture->status, ==, 4);

  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
}

static void
test_demo_headless (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *profile = g_build_filename (fixture->dir, "demo-profile", NULL);
  g_autofree char *db = g_build_filename (profile, "dropdeck.db", NULL);
  g_autoptr(JsonObject) object = NULL;

  run_ctl (fixture, "demo", "--headless", "--seconds", "2", "--rate", "300", "--profile", profile, NULL);
  g_test_message ("%s", fixture->stdout_text);
  g_assert_cmpint (fixture->status, ==, 0);

  object = dd_test_parse_object (fixture->stdout_text);
  g_assert_cmpint (json_object_get_int_member (object, "seconds"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (object, "rate"), ==, 300.0);
  g_assert_cmpint (json_object_get_int_member (object, "messages"), >, 0);
  g_assert_cmpint (json_object_get_int_member (object, "messages_archived"), ==,
                   json_object_get_int_member (object, "messages"));
  /* The on-device classifier triages the simulated audience's spam, scams
   * and abuse, but not most of it. */
  g_assert_cmpint (json_object_get_int_member (object, "messages_flagged"), >, 0);
  g_assert_cmpint (json_object_get_int_member (object, "messages_flagged"), <,
                   json_object_get_int_member (object, "messages") / 2);
  g_assert_cmpint (json_object_get_int_member (object, "orders"), >=, 0);
  g_assert_cmpint (json_object_get_int_member (object, "units_sold"), >=,
                   json_object_get_int_member (object, "orders"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "revenue"), " EUR"));
  g_assert_cmpint (json_object_get_int_member (object, "offers"), >=, 20);
  g_assert_cmpint (json_object_get_int_member (object, "bundles"), >=, 4);
  g_assert_cmpint (json_object_get_int_member (object, "hubs"), >=, 5);
  g_assert_cmpint (json_object_get_int_member (object, "checklist_items"), >=, 10);
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));

  /* The demo's database checks out. */
  run_ctl (fixture, "db", "check", "--path", db, NULL);
  g_assert_cmpint (fixture->status, ==, 0);

  /* Without --headless there is nothing dropdeckctl can show. */
  run_ctl (fixture, "demo", "--seconds", "1", "--profile", profile, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "--headless"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/engine/dropdeckctl/version-and-help", Fixture, NULL, fixture_setup, test_version, fixture_teardown);
  g_test_add ("/dropdeck/engine/dropdeckctl/db-check-fresh", Fixture, NULL, fixture_setup, test_db_check_fresh, fixture_teardown);
  g_test_add ("/dropdeck/engine/dropdeckctl/db-check-missing", Fixture, NULL, fixture_setup, test_db_check_default_path, fixture_teardown);
  g_test_add ("/dropdeck/engine/dropdeckctl/db-check-corrupt", Fixture, NULL, fixture_setup, test_db_check_corrupt, fixture_teardown);
  g_test_add ("/dropdeck/engine/dropdeckctl/db-check-too-new", Fixture, NULL, fixture_setup, test_db_check_too_new, fixture_teardown);
  g_test_add ("/dropdeck/engine/dropdeckctl/db-check-locked", Fixture, NULL, fixture_setup, test_db_check_locked, fixture_teardown);
  g_test_add ("/dropdeck/engine/dropdeckctl/demo-headless", Fixture, NULL, fixture_setup, test_demo_headless, fixture_teardown);

  return g_test_run ();
}
