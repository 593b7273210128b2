/* test-ctl-ledger.c — `dropdeckctl ledger verify|export`, run as a user would run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "dd-store.h"
#include "dd-test-ctl.h"
#include "dd-test-util.h"

typedef struct
{
  char *dir;
  char *path;
  char *stdout_text;
  char *stderr_text;
  int   status;
} Fixture;

static void
append_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdLedgerEntry) entry = dd_store_append_ledger_finish (DD_STORE (source), result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
  *done = TRUE;
}

/* A database with `n` ledger entries; entry 2 has a reason with a comma,
 * quotes and a line break. */
static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;

  fixture->dir = dd_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
  store = dd_store_open_sync (fixture->path, NULL, &error);
  g_assert_no_error (error);

  for (int i = 1; i <= 6; i++)
    {
      g_autofree char *after = g_strdup_printf ("%d", 5000 - i * 100);
      DdLedgerFields fields = {
        .time_us = 1795608000000000 + i, .actor = "ana", .role = "producer", .entity = "offer",
        .entity_id = "sneaker-red", .field = "price", .after = after,
        .reason = i == 2 ? "chat asked, \"again\"\nso" : NULL,
      };
      g_autoptr(DdLedgerEntry) draft = dd_ledger_entry_new (&fields);
      gboolean done = FALSE;

      dd_store_append_ledger_async (store, draft, NULL, append_cb, &done);
      g_assert_true (dd_test_wait_for (&done, 10000));
    }
  dd_store_close (store);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  dd_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->stdout_text, g_free);
  g_clear_pointer (&fixture->stderr_text, g_free);
}

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

static void
run_sql (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static void
test_verify_intact (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) object = NULL;

  run_ctl (fixture, "ledger", "verify", "--path", fixture->path, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->stdout_text, ==, "{\"entries\":6,\"intact\":true}\n");
  object = dd_test_parse_object (fixture->stdout_text);
  g_assert_true (json_object_get_boolean_member (object, "intact"));
}

static void
test_verify_tampered (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) object = NULL;

  run_sql (fixture->path, "UPDATE ledger SET after = '1' WHERE seq = 4");
  run_ctl (fixture, "ledger", "verify", "--path", fixture->path, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  object = dd_test_parse_object (fixture->stdout_text);
  g_assert_false (json_object_get_boolean_member (object, "intact"));
  g_assert_cmpint (json_object_get_int_member (object, "first_broken_seq"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (object, "entries"), ==, 4);
  g_assert_nonnull (strstr (fixture->stderr_text, "broken at entry 4"));
  g_assert_nonnull (strstr (fixture->stderr_text, "changed"));
}

static void
test_verify_deleted (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) object = NULL;

  run_sql (fixture->path, "DELETE FROM ledger WHERE seq = 2");
  run_ctl (fixture, "ledger", "verify", "--path", fixture->path, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  object = dd_test_parse_object (fixture->stdout_text);
  g_assert_cmpint (json_object_get_int_member (object, "first_broken_seq"), ==, 2);
  g_assert_nonnull (strstr (fixture->stderr_text, "Entry 2 is missing"));
}

static void
test_verify_bad_databases (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.db", NULL);
  g_autofree char *garbage = g_build_filename (fixture->dir, "garbage.db", NULL);
  g_autofree char *text = g_strnfill (8192, 'x');

  run_ctl (fixture, "ledger", "verify", "--path", missing, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "no database"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_set_contents (garbage, text, -1, NULL));
  run_ctl (fixture, "ledger", "verify", "--path", garbage, NULL);
  g_assert_cmpint (fixture->status, ==, 2);
  g_assert_cmpstr (fixture->stderr_text, !=, "");

  run_sql (fixture->path, "PRAGMA user_version = 999");
  run_ctl (fixture, "ledger", "verify", "--path", fixture->path, NULL);
  g_assert_cmpint (fixture->status, ==, 3);
  g_assert_nonnull (strstr (fixture->stderr_text, "newer"));

  run_ctl (fixture, "ledger", "frobnicate", "--path", fixture->path, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "usage"));
}

static void
test_export_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->dir, "ledger.csv", NULL);
  g_autofree char *file_text = NULL;
  g_autofree char *stdout_csv = NULL;
  g_auto(GStrv) lines = NULL;

  run_ctl (fixture, "ledger", "export", "--format", "csv", "--path", fixture->path, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_true (g_str_has_prefix (fixture->stdout_text,
                                   "seq,entry_id,time,time_us,actor,role,entity,entity_id,field,before,"
                                   "after,reason,chat_message_id,prev_hash,hash\r\n"));
  /* RFC 4180: the reason with a comma, quotes and a line break is quoted. */
  g_assert_nonnull (strstr (fixture->stdout_text, ",\"chat asked, \"\"again\"\"\nso\","));
  g_assert_nonnull (strstr (fixture->stdout_text, "\r\n6,"));
  g_assert_nonnull (strstr (fixture->stdout_text, ",2026-11-25T12:00:00.000006Z,1795608000000006,ana,producer,offer,sneaker-red,price,,4400,,,"));
  lines = g_strsplit (fixture->stdout_text, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 8);  /* header, 6 rows, "" */
  stdout_csv = g_strdup (fixture->stdout_text);

  run_ctl (fixture, "ledger", "export", "--path", fixture->path, "--output", file, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_true (g_file_get_contents (file, &file_text, NULL, NULL));
  g_assert_cmpstr (file_text, ==, stdout_csv);
  g_assert_cmpstr (fixture->stdout_text, ==, "");
  g_assert_nonnull (strstr (fixture->stderr_text, "6 ledger entries"));

  run_ctl (fixture, "ledger", "export", "--format", "pdf", "--path", fixture->path, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "pdf"));

  run_ctl (fixture, "ledger", "export", "--format", "xlsx", "--path", fixture->path, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "xlsx"));
}

static void
test_export_pdf (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->dir, "ledger.pdf", NULL);
  g_autofree char *bytes = NULL;

  run_ctl (fixture, "ledger", "export", "--format", "pdf", "--path", fixture->path, "--output", file, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->stdout_text, ==, "");
  g_assert_nonnull (strstr (fixture->stderr_text, "6 ledger entries"));
  g_assert_true (g_file_get_contents (file, &bytes, NULL, NULL));
  g_assert_true (g_str_has_prefix (bytes, "%PDF-"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/engine/ctl-ledger/verify-intact", Fixture, NULL, fixture_setup, test_verify_intact, fixture_teardown);
  g_test_add ("/dropdeck/engine/ctl-ledger/verify-tampered", Fixture, NULL, fixture_setup, test_verify_tampered, fixture_teardown);
  g_test_add ("/dropdeck/engine/ctl-ledger/verify-deleted", Fixture, NULL, fixture_setup, test_verify_deleted, fixture_teardown);
  g_test_add ("/dropdeck/engine/ctl-ledger/verify-bad-databases", Fixture, NULL, fixture_setup, test_verify_bad_databases, fixture_teardown);
  g_test_add ("/dropdeck/engine/ctl-ledger/export-csv", Fixture, NULL, fixture_setup, test_export_csv, fixture_teardown);
  g_test_add ("/dropdeck/engine/ctl-ledger/export-pdf", Fixture, NULL, fixture_setup, test_export_pdf, fixture_teardown);

  return g_test_run ();
}
