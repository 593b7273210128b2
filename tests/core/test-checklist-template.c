/* test-checklist-template.c — default templates, JSON files, views, probes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "dd-core.h"

#define MINUTE_US ((gint64) 60 * G_USEC_PER_SEC)

static DdChecklist *
default_template (const char *id)
{
  g_autoptr(GPtrArray) templates = dd_checklist_template_new_defaults ();

  for (guint i = 0; i < templates->len; i++)
    if (g_strcmp0 (dd_checklist_get_id (g_ptr_array_index (templates, i)), id) == 0)
      return g_object_ref (g_ptr_array_index (templates, i));
  g_assert_not_reached ();
}

static void
test_defaults (void)
{
  g_autoptr(GPtrArray) templates = dd_checklist_template_new_defaults ();
  static const char * const playbook[] = {
    "preflight-load", "offline-mode", "refund-limits", "express-returns", "secondary-comms",
    "secondary-comms-reachable", "map-tiles", "stock-allocation", "ad-disclosure",
  };
  DdChecklist *pre_drop;
  DdChecklistItem *load;

  g_assert_cmpuint (templates->len, ==, 3);
  pre_drop = g_ptr_array_index (templates, 0);
  g_assert_cmpint (dd_checklist_get_phase (pre_drop), ==, DD_CHECKLIST_PHASE_PRE_DROP);
  g_assert_cmpint (dd_checklist_get_phase (g_ptr_array_index (templates, 1)), ==, DD_CHECKLIST_PHASE_LIVE);
  g_assert_cmpint (dd_checklist_get_phase (g_ptr_array_index (templates, 2)), ==, DD_CHECKLIST_PHASE_POST_DROP);

  for (guint i = 0; i < G_N_ELEMENTS (playbook); i++)
    g_assert_nonnull (dd_checklist_lookup (pre_drop, playbook[i]));

  load = dd_checklist_lookup (pre_drop, "preflight-load");
  g_assert_cmpint (dd_checklist_item_get_kind (load), ==, DD_CHECKLIST_ITEM_AUTOMATED);
  g_assert_cmpstr (dd_checklist_item_get_probe_id (load), ==, "preflight-load");
  g_assert_true (dd_checklist_item_get_blocking (load));
  g_assert_true (g_strrstr (dd_checklist_item_get_title (load), "5,000") != NULL);
  g_assert_cmpint (dd_checklist_item_get_due_offset (load), ==, -120 * 60);

  for (guint i = 0; i < templates->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DdChecklist) checklist = dd_checklist_template_instantiate (g_ptr_array_index (templates, i), &error);

      g_assert_no_error (error);
      g_assert_cmpuint (dd_checklist_count_done (checklist), ==, 0);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (checklist)), ==,
                        g_list_model_get_n_items (G_LIST_MODEL (g_ptr_array_index (templates, i))));
    }
}

static void
test_instantiate_drops_sign_offs (void)
{
  g_autoptr(DdChecklist) tmpl = default_template ("pre-drop");
  g_autoptr(DdChecklist) checklist = NULL;
  g_autoptr(DdChecklist) again = NULL;
  g_autoptr(GError) error = NULL;

  checklist = dd_checklist_template_instantiate (tmpl, &error);
  g_assert_no_error (error);
  g_assert_true (dd_checklist_sign_off (checklist, "map-tiles", DD_ROLE_OPS_LEAD, "Ben", 1, "cached", &error));
  g_assert_no_error (error);

  again = dd_checklist_template_from_checklist (checklist);
  g_assert_cmpint (dd_checklist_item_get_state (dd_checklist_lookup (again, "map-tiles")), ==,
                   DD_CHECKLIST_ITEM_OPEN);
  g_assert_null (dd_checklist_item_get_signed_by (dd_checklist_lookup (again, "map-tiles")));
  g_assert_cmpstr (dd_checklist_item_get_depends_on (dd_checklist_lookup (again, "express-returns"))[0],
                   ==, "refund-limits");
}

static void
test_json_round_trip (void)
{
  g_autoptr(GPtrArray) templates = dd_checklist_template_new_defaults ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = dd_checklist_templates_to_json (templates);
  g_autofree char *again = NULL;
  DdChecklistItem *item;

  loaded = dd_checklist_templates_from_json (json, -1, "defaults.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 3);
  again = dd_checklist_templates_to_json (loaded);
  g_assert_cmpstr (json, ==, again);

  item = dd_checklist_lookup (g_ptr_array_index (loaded, 1), "checkout-errors");
  g_assert_false (dd_checklist_item_get_blocking (item));
  g_assert_cmpstr (dd_checklist_item_get_probe_id (item), ==, "checkout-errors");
  g_assert_cmpint (dd_checklist_item_get_due_offset (item), ==, 5 * 60);
}

static void
test_file_save_and_load (void)
{
  g_autoptr(GPtrArray) templates = dd_checklist_template_new_defaults ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dd-templates-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "templates.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/templates.json");

  g_assert_no_error (error);
  g_assert_true (dd_checklist_templates_save (templates, file, NULL, &error));
  g_assert_no_error (error);
  loaded = dd_checklist_templates_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 3);

  g_assert_null (dd_checklist_templates_load (missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_unlink (path);
  g_rmdir (dir);
}

/* One template "t" with the items given as JSON text. */
static char *
file_with_items (const char *items)
{
  return g_strdup_printf ("{\n"
                          "  \"dropdeck-checklist-templates\": 1,\n"
                          "  \"templates\": [\n"
                          "    {\n"
                          "      \"id\": \"t\", \"title\": \"T\", \"phase\": \"pre-drop\",\n"
                          "      \"items\": [\n%s\n"
                          "      ]\n"
                          "    }\n"
                          "  ]\n"
                          "}\n", items);
}

static void
assert_refused (const char *json,
                const char *expected_1,
                const char *expected_2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loaded = dd_checklist_templates_from_json (json, -1, "bad.json", &error);

  g_assert_null (loaded);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  if (g_strrstr (error->message, expected_1) == NULL
      || (expected_2 != NULL && g_strrstr (error->message, expected_2) == NULL))
    g_error ("“%s” does not name “%s” and “%s”", error->message, expected_1, expected_2);
  g_assert_true (g_str_has_prefix (error->message, "bad.json"));
}

static void
test_bad_files (void)
{
  g_autofree char *no_owner = file_with_items ("        { \"id\": \"a\",\n"
                                               "          \"title\": \"A\" }");
  g_autofree char *bad_owner = file_with_items ("        { \"id\": \"a\", \"title\": \"A\",\n"
                                                "          \"owner\": \"janitor\" }");
  g_autofree char *cycle = file_with_items (
    "        { \"id\": \"a\", \"title\": \"Alpha\", \"owner\": \"producer\", \"depends_on\": [\"c\"] },\n"
    "        { \"id\": \"b\", \"title\": \"Bravo\", \"owner\": \"producer\", \"depends_on\": [\"a\"] },\n"
    "        { \"id\": \"c\", \"title\": \"Charlie\", \"owner\": \"ops-lead\", \"depends_on\": [\"b\"] }");
  g_autofree char *unknown_dependency = file_with_items (
    "        { \"id\": \"a\", \"title\": \"Alpha\", \"owner\": \"producer\", \"depends_on\": [\"zulu\"] }");
  g_autofree char *no_probe = file_with_items (
    "        { \"id\": \"a\", \"title\": \"Alpha\", \"owner\": \"producer\", \"kind\": \"automated\" }");
  g_autofree char *bad_due = file_with_items (
    "        { \"id\": \"a\", \"title\": \"Alpha\", \"owner\": \"producer\",\n"
    "          \"due_minutes\": \"soon\" }");
  g_autofree char *duplicate = file_with_items (
    "        { \"id\": \"a\", \"title\": \"Alpha\", \"owner\": \"producer\" },\n"
    "        { \"id\": \"a\", \"title\": \"Again\", \"owner\": \"producer\" }");

  assert_refused ("{ \"dropdeck-checklist-templates\": 1,\n  \"templates\" [] }", "line 2", NULL);
  assert_refused ("[1, 2]", "not a Dropdeck checklist templates file", NULL);
  assert_refused ("{ \"dropdeck-checklist-templates\": 7, \"templates\": [] }", "version 7", NULL);
  assert_refused (no_owner, "line 7, field “owner”", "it is missing: give one of “producer”, “ops-lead”");
  assert_refused (bad_owner, "line 8, field “owner”", "“janitor”");
  assert_refused (cycle, "“Alpha” → “Charlie” → “Bravo” → “Alpha”", "template “t”");
  assert_refused (unknown_dependency, "“zulu”", NULL);
  assert_refused (no_probe, "field “probe”", NULL);
  assert_refused (bad_due, "line 8, field “due_minutes”", NULL);
  assert_refused (duplicate, "line 8, field “id”", "“a”");
}

static void
test_views_and_overdue (void)
{
  g_autoptr(DdChecklist) tmpl = default_template ("pre-drop");
  g_autoptr(DdChecklist) checklist = dd_checklist_template_instantiate (tmpl, NULL);
  g_autoptr(GPtrArray) mine = dd_checklist_dup_items_for_role (checklist, DD_ROLE_OPS_LEAD);
  g_autoptr(GPtrArray) all = dd_checklist_dup_items_for_role (checklist, DD_CHECKLIST_ANY_ROLE);
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;
  DdChecklistSummary summary;
  gint64 start = 1000 * MINUTE_US;
  DdChecklistItem *express = dd_checklist_lookup (checklist, "express-returns");

  /* Ops lead: express returns, map tiles, stock allocation. */
  g_assert_cmpuint (mine->len, ==, 3);
  g_assert_cmpuint (all->len, ==, g_list_model_get_n_items (G_LIST_MODEL (checklist)));

  /* 100 minutes before the drop: only items due at -120 are overdue. */
  dd_checklist_summarize (checklist, DD_CHECKLIST_ANY_ROLE, start, start - 100 * MINUTE_US, &summary);
  g_assert_cmpuint (summary.overdue, ==, 2);
  g_assert_cmpuint (summary.done, ==, 0);
  g_assert_cmpuint (summary.blocking_open, ==, summary.total);
  g_assert_true (dd_checklist_item_is_overdue (dd_checklist_lookup (checklist, "refund-limits"),
                                               start, start - 100 * MINUTE_US));
  g_assert_false (dd_checklist_item_is_overdue (express, start, start - 100 * MINUTE_US));

  /* Express returns waits for the refund limits: locked, and says why. */
  g_assert_false (dd_checklist_is_ready (checklist, express));
  waiting = dd_checklist_dup_waiting_for (checklist, express);
  g_assert_cmpuint (waiting->len, ==, 1);
  g_assert_cmpstr (dd_checklist_item_get_id (g_ptr_array_index (waiting, 0)), ==, "refund-limits");
  dd_checklist_summarize (checklist, DD_ROLE_OPS_LEAD, start, start - 100 * MINUTE_US, &summary);
  g_assert_cmpuint (summary.total, ==, 3);
  g_assert_cmpuint (summary.ready, ==, 2);

  g_assert_true (dd_checklist_sign_off (checklist, "refund-limits", DD_ROLE_PRODUCER, "Maya",
                                        start - 100 * MINUTE_US, NULL, &error));
  g_assert_true (dd_checklist_is_ready (checklist, express));
  g_assert_true (dd_checklist_sign_off (checklist, "express-returns", DD_ROLE_OPS_LEAD, "Ben",
                                        start - 95 * MINUTE_US, "returns desk briefed", &error));
  g_assert_no_error (error);
  dd_checklist_summarize (checklist, DD_ROLE_OPS_LEAD, start, start + MINUTE_US, &summary);
  g_assert_cmpuint (summary.done, ==, 1);
  g_assert_cmpuint (summary.overdue, ==, 2);
  g_assert_false (dd_checklist_item_is_overdue (express, start, start + MINUTE_US));
}

static void
test_probe_results (void)
{
  g_autoptr(DdChecklist) tmpl = default_template ("pre-drop");
  g_autoptr(DdChecklist) checklist = dd_checklist_template_instantiate (tmpl, NULL);
  DdChecklistItem *load = dd_checklist_lookup (checklist, "preflight-load");
  g_autoptr(GError) error = NULL;
  g_autofree char *signer = NULL;

  /* A probe's item is not signed off by hand. */
  g_assert_false (dd_checklist_sign_off (checklist, "preflight-load", DD_ROLE_ENGINEER_ON_CALL,
                                         "Priya", 1, NULL, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  /* Nor a manual item by a probe. */
  g_assert_false (dd_checklist_record_probe_result (checklist, "map-tiles", TRUE, "x", 1, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  g_assert_true (dd_checklist_record_probe_result (checklist, "preflight-load", FALSE,
                                                   "checkout p99 812 ms > 600 ms", 10, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dd_checklist_item_get_state (load), ==, DD_CHECKLIST_ITEM_FAILED);
  g_assert_cmpstr (dd_checklist_item_get_evidence (load), ==, "checkout p99 812 ms > 600 ms");

  g_assert_true (dd_checklist_record_probe_result (checklist, "preflight-load", TRUE,
                                                   "checkout p99 410 ms", 20, &error));
  g_assert_cmpint (dd_checklist_item_get_state (load), ==, DD_CHECKLIST_ITEM_DONE);
  g_assert_cmpstr (dd_checklist_item_get_evidence (load), ==, "checkout p99 410 ms");
  g_assert_cmpint (dd_checklist_item_get_signed_at (load), ==, 20);
  signer = dd_checklist_item_dup_signer_label (load);
  g_assert_cmpstr (signer, ==, "Probe “preflight-load”");

  g_assert_false (dd_checklist_record_probe_result (checklist, "preflight-load", TRUE, "again", 30, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  /* The reachability probe waits for the provider to be bound. */
  g_assert_false (dd_checklist_record_probe_result (checklist, "secondary-comms-reachable", TRUE,
                                                    "200 OK", 30, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_DEPENDENCY_OPEN);
}

static DdStockLevel *
level_new (const char *hub,
           const char *sku,
           gint64      on_hand,
           gint64      allocated)
{
  DdStockLevel *level = dd_stock_level_new (hub, sku);

  g_assert_true (dd_stock_level_set_on_hand (level, on_hand, NULL));
  if (allocated > 0)
    g_assert_true (dd_stock_level_allocate (level, allocated, NULL));
  return level;
}

static void
test_probe_stock_allocation (void)
{
  g_autoptr(GListStore) levels = g_list_store_new (DD_TYPE_STOCK_LEVEL);
  g_autoptr(DdStockLevel) a = level_new ("kreuzberg", "sneaker-red", 40, 30);
  g_autoptr(DdStockLevel) b = level_new ("mitte", "sneaker-red", 10, 0);
  g_autoptr(DdStockLevel) c = level_new ("mitte", "hoodie-black", 25, 0);
  g_autofree char *empty = NULL;
  g_autofree char *passed = NULL;
  g_autofree char *failed = NULL;

  g_assert_false (dd_checklist_probe_stock_allocation (G_LIST_MODEL (levels), &empty));
  g_assert_nonnull (strstr (empty, "nothing to sell"));

  g_list_store_append (levels, a);
  g_list_store_append (levels, b);
  g_assert_true (dd_checklist_probe_stock_allocation (G_LIST_MODEL (levels), &passed));
  g_assert_cmpstr (passed, ==, "2 hubs, 2 stock levels: every allocation fits (30 of 50 units on hand allocated)");

  /* Hoodies on hand that no hub allocates cannot be sold. */
  g_list_store_append (levels, c);
  g_assert_false (dd_checklist_probe_stock_allocation (G_LIST_MODEL (levels), &failed));
  g_assert_cmpstr (failed, ==, "1 problem with the stock allocation: hoodie-black is on hand but allocated at no hub");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/core/checklist-template/defaults", test_defaults);
  g_test_add_func ("/dropdeck/core/checklist-template/instantiate-drops-sign-offs", test_instantiate_drops_sign_offs);
  g_test_add_func ("/dropdeck/core/checklist-template/json-round-trip", test_json_round_trip);
  g_test_add_func ("/dropdeck/core/checklist-template/file-save-and-load", test_file_save_and_load);
  g_test_add_func ("/dropdeck/core/checklist-template/bad-files", test_bad_files);
  g_test_add_func ("/dropdeck/core/checklist-template/views-and-overdue", test_views_and_overdue);
  g_test_add_func ("/dropdeck/core/checklist-template/probe-results", test_probe_results);
  g_test_add_func ("/dropdeck/core/checklist-template/probe-stock-allocation", test_probe_stock_allocation);

  return g_test_run ();
}
