/* test-ctl-checklist.c — `dropdeckctl checklist …` and `dropdeckctl poll …`,
 * run as a user would run them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

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
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_store_save_finish (DD_STORE (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* A database with the checklists of `templates`: the default pre-drop,
 * live and post-drop ones unless the test gives its own. */
static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) checklists = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  gboolean done = FALSE;

  if (data != NULL)
    templates = dd_checklist_templates_from_json (data, -1, "test", &error);
  else
    templates = dd_checklist_template_new_defaults ();
  g_assert_no_error (error);

  fixture->dir = dd_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
  store = dd_store_open_sync (fixture->path, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < templates->len; i++)
    g_ptr_array_add (checklists, dd_checklist_template_instantiate (g_ptr_array_index (templates, i), NULL));
  dd_store_save_checklists_async (store, checklists, NULL, saved_cb, &done);
  g_assert_true (dd_test_wait_for (&done, 10000));
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

/* Runs dropdeckctl with the arguments, then --path. */
static void
run_ctl (Fixture *fixture,
         ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  va_list args;

  va_start (args, fixture);
  argv = dd_test_ctl_argv (NULL, args);
  va_end (args);
  /* The array does not own its strings. */
  g_ptr_array_insert (argv, argv->len - 1, (gpointer) "--path");
  g_ptr_array_insert (argv, argv->len - 1, fixture->path);
  fixture->status = dd_test_ctl_run (fixture->dir, argv, &fixture->stdout_text, &fixture->stderr_text);
}

static void
test_list_my_items (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonObject) express = NULL;
  JsonArray *waiting;

  run_ctl (fixture, "checklist", "list", "--role", "ops-lead", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  lines = g_strsplit (fixture->stdout_text, "\n", -1);
  /* express returns, map tiles, stock allocation, hub capacity, refund queue */
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  express = dd_test_parse_object (lines[0]);
  g_assert_cmpstr (json_object_get_string_member (express, "item"), ==, "express-returns");
  g_assert_cmpstr (json_object_get_string_member (express, "owner"), ==, "ops-lead");
  waiting = json_object_get_array_member (express, "waiting_for");
  g_assert_cmpstr (json_array_get_string_element (waiting, 0), ==, "refund-limits");

  run_ctl (fixture, "checklist", "list", "--role", "janitor", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "“janitor” is not a role"));
}

static void
test_templates_import_export (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *defaults = NULL;
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.json", NULL);
  g_autofree char *good = g_build_filename (fixture->dir, "good.json", NULL);
  g_autoptr(GError) error = NULL;

  run_ctl (fixture, "checklist", "template", "export", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  defaults = g_strdup (fixture->stdout_text);
  g_assert_nonnull (strstr (defaults, "\"preflight-load\""));

  g_assert_true (g_file_set_contents (bad,
                                      "{ \"dropdeck-checklist-templates\": 1, \"templates\": [\n"
                                      "  { \"id\": \"mini\", \"title\": \"Mini\", \"phase\": \"live\", \"items\": [\n"
                                      "    { \"id\": \"a\", \"title\": \"Alpha\", \"owner\": \"producer\", \"depends_on\": [\"b\"] },\n"
                                      "    { \"id\": \"b\", \"title\": \"Bravo\", \"owner\": \"producer\", \"depends_on\": [\"a\"] } ] } ] }\n",
                                      -1, &error));
  run_ctl (fixture, "checklist", "template", "import", bad, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "“Alpha” → “Bravo” → “Alpha”"));

  /* Nothing changed. */
  run_ctl (fixture, "checklist", "template", "export", NULL);
  g_assert_cmpstr (fixture->stdout_text, ==, defaults);

  g_assert_true (g_file_set_contents (good,
                                      "{ \"dropdeck-checklist-templates\": 1, \"templates\": [\n"
                                      "  { \"id\": \"mini\", \"title\": \"Mini\", \"phase\": \"live\", \"items\": [\n"
                                      "    { \"id\": \"a\", \"title\": \"Alpha\", \"owner\": \"producer\" } ] } ] }\n",
                                      -1, &error));
  run_ctl (fixture, "checklist", "template", "import", good, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run_ctl (fixture, "checklist", "template", "export", NULL);
  g_assert_nonnull (strstr (fixture->stdout_text, "\"Alpha\""));
  g_assert_null (strstr (fixture->stdout_text, "preflight-load"));
}

static void
test_poll (Fixture       *fixture,
           gconstpointer  data)
{
  static const char * const others[] = { "creator-liaison", "mod-trust-lead", "engineer-on-call", "producer" };

  run_ctl (fixture, "poll", "open", "--role", "ops-lead", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "Only the Producer opens"));

  run_ctl (fixture, "poll", "open", "--role", "producer", "--member", "Maya", NULL);
  g_assert_cmpint (fixture->status, ==, 0);

  run_ctl (fixture, "poll", "answer", "--role", "producer", "--answer", "go", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "Ops lead’s turn"));

  run_ctl (fixture, "poll", "answer", "--role", "ops-lead", "--answer", "go", "--member", "Ben", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run_ctl (fixture, "poll", "answer", "--role", "ops-lead", "--answer", "no-go", "--reason", "oops", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "already answered GO"));

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      run_ctl (fixture, "poll", "answer", "--role", others[i], "--answer", "go", NULL);
      g_assert_cmpint (fixture->status, ==, 0);
    }
  /* Nothing is signed off: the blocking items force NO-GO and are named. */
  g_assert_nonnull (strstr (fixture->stdout_text, "NO-GO, forced: 10 blocking items are open"));
  g_assert_nonnull (strstr (fixture->stdout_text, "“Check stock allocation per hub” (Ops lead)"));

  run_ctl (fixture, "ledger", "export", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->stdout_text, "go-no-go-poll"));

  run_ctl (fixture, "checklist", "export", "--csv", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_true (g_str_has_prefix (fixture->stdout_text, "record,checklist,item,title,role,member"));
  g_assert_nonnull (strstr (fixture->stdout_text, ",GO,ops-lead,Ben,"));
  g_assert_nonnull (strstr (fixture->stdout_text, "poll-outcome,"));
}

static void
test_probe (Fixture       *fixture,
            gconstpointer  data)
{
  /* No stock in this drop: the stock probe fails and says why. */
  run_ctl (fixture, "checklist", "probe", "pre-drop", "stock-allocation", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_cmpstr (fixture->stdout_text, ==, "failed: No stock levels at any hub: there is nothing to sell\n");

  /* The failure and its evidence are stored. */
  run_ctl (fixture, "checklist", "list", "--role", "ops-lead", NULL);
  g_assert_nonnull (strstr (fixture->stdout_text,
                            "\"item\":\"stock-allocation\",\"title\":\"Check stock allocation per hub\","
                            "\"owner\":\"ops-lead\",\"state\":\"failed\""));
  g_assert_nonnull (strstr (fixture->stdout_text, "\"evidence\":\"No stock levels at any hub"));

  /* A probe this version cannot run leaves the item open. */
  run_ctl (fixture, "checklist", "probe", "pre-drop", "preflight-load", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "cannot run yet"));
  run_ctl (fixture, "checklist", "list", "--role", "engineer-on-call", NULL);
  g_assert_nonnull (strstr (fixture->stdout_text, "\"item\":\"preflight-load\""));
  g_assert_null (strstr (fixture->stdout_text, "\"state\":\"failed\""));
}

/* A short pre-drop checklist the squad can finish from the command line. */
static const char short_pre_drop[] =
  "{ \"dropdeck-checklist-templates\": 1, \"templates\": [\n"
  "  { \"id\": \"pre-drop\", \"title\": \"Pre-drop\", \"phase\": \"pre-drop\", \"items\": [\n"
  "    { \"id\": \"refunds\", \"title\": \"Pre-approve refunds\", \"owner\": \"producer\" },\n"
  "    { \"id\": \"returns\", \"title\": \"Set the express returns path\", \"owner\": \"ops-lead\",\n"
  "      \"depends_on\": [\"refunds\"] },\n"
  "    { \"id\": \"snacks\", \"title\": \"Snacks for the creator\", \"owner\": \"creator-liaison\",\n"
  "      \"blocking\": false } ] } ] }\n";

/* Everything signed off from the command line, the poll goes GO, and the
 * report holds the sign-offs and the answers. */
static void
test_sign_off_and_go (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const roles[] = { "ops-lead", "creator-liaison", "mod-trust-lead", "engineer-on-call", "producer" };

  run_ctl (fixture, "checklist", "sign-off", "pre-drop", "returns", "--role", "ops-lead", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "waits for “Pre-approve refunds”"));
  run_ctl (fixture, "checklist", "sign-off", "pre-drop", "refunds", "--role", "ops-lead", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "is for the Producer to sign off"));

  run_ctl (fixture, "checklist", "sign-off", "pre-drop", "refunds", "--role", "producer", "--member", "Maya", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run_ctl (fixture, "checklist", "sign-off", "pre-drop", "returns", "--role", "ops-lead", "--member", "Ben",
           "--note", "returns desk briefed, \"fast lane\" open", NULL);
  g_assert_cmpint (fixture->status, ==, 0);

  run_ctl (fixture, "poll", "open", "--role", "producer", "--member", "Maya", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      run_ctl (fixture, "poll", "answer", "--role", roles[i], "--answer", "go", NULL);
      g_assert_cmpint (fixture->status, ==, 0);
    }
  /* The open snack item is not blocking: GO. */
  g_assert_true (g_str_has_suffix (fixture->stdout_text, "\nGO\n"));

  run_ctl (fixture, "checklist", "export", "--csv", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->stdout_text,
                            "item,pre-drop,returns,Set the express returns path,ops-lead,Ben (Ops lead),manual,yes,"));
  g_assert_nonnull (strstr (fixture->stdout_text, ",\"returns desk briefed, \"\"fast lane\"\" open\",\r\n"));
  g_assert_nonnull (strstr (fixture->stdout_text, "poll-outcome,"));
  g_assert_nonnull (strstr (fixture->stdout_text, ",GO,producer,Maya,"));

  run_ctl (fixture, "ledger", "verify", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->stdout_text, ==, "{\"entries\":1,\"intact\":true}\n");
}

/* `checklist report`: the same CSV as `export --csv`, and the PDF with the
 * sign-offs and the poll; bad formats and a PDF without a file are refused. */
static void
test_report (Fixture       *fixture,
             gconstpointer  data)
{
  static const char * const roles[] = { "ops-lead", "creator-liaison", "mod-trust-lead", "engineer-on-call", "producer" };
  g_autofree char *pdf_path = g_build_filename (fixture->dir, "report.pdf", NULL);
  g_autofree char *csv_path = g_build_filename (fixture->dir, "report.csv", NULL);
  g_autofree char *exported = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) pdf = NULL;
  gsize length = 0;

  run_ctl (fixture, "checklist", "sign-off", "pre-drop", "refunds", "--role", "producer", "--member", "Maya", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run_ctl (fixture, "checklist", "sign-off", "pre-drop", "returns", "--role", "ops-lead", "--member", "Ben",
           "--note", "returns desk briefed", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run_ctl (fixture, "poll", "open", "--role", "producer", "--member", "Maya", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      run_ctl (fixture, "poll", "answer", "--role", roles[i], "--answer", "go", NULL);
      g_assert_cmpint (fixture->status, ==, 0);
    }

  run_ctl (fixture, "checklist", "export", "--csv", NULL);
  exported = g_steal_pointer (&fixture->stdout_text);
  run_ctl (fixture, "checklist", "report", "--format", "csv", "--output", csv_path, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_cmpstr (csv, ==, exported);

  run_ctl (fixture, "checklist", "report", "--format", "pdf", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "a PDF report needs --output FILE"));
  run_ctl (fixture, "checklist", "report", "--format", "odt", "--output", pdf_path, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->stderr_text, "unknown report format “odt”"));
  g_assert_false (g_file_test (pdf_path, G_FILE_TEST_EXISTS));

  run_ctl (fixture, "checklist", "report", "--format", "pdf", "--output", pdf_path, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_true (g_file_get_contents (pdf_path, &contents, &length, NULL));
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_cmpuint (dd_test_count_pdf_pages (pdf), ==, 1);

  text = dd_test_pdftotext (pdf_path);
  if (text == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  g_assert_nonnull (strstr (text, "Set the express returns path"));
  g_assert_nonnull (strstr (text, "Ben (Ops lead)"));
  g_assert_nonnull (strstr (text, "Note: returns desk briefed"));
  g_assert_nonnull (strstr (text, "2 of 3 done"));
  g_assert_nonnull (strstr (text, "Opened by Maya (Producer)"));
  g_assert_nonnull (strstr (text, "Result: GO"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/dropdeck/engine/ctl-checklist/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("list-my-items", test_list_my_items);
  ADD ("templates-import-export", test_templates_import_export);
  ADD ("poll", test_poll);
  ADD ("probe", test_probe);
  g_test_add ("/dropdeck/engine/ctl-checklist/sign-off-and-go", Fixture, short_pre_drop,
              fixture_setup, test_sign_off_and_go, fixture_teardown);
  g_test_add ("/dropdeck/engine/ctl-checklist/report", Fixture, short_pre_drop,
              fixture_setup, test_report, fixture_teardown);
#undef ADD

  return g_test_run ();
}
