/* test-preflight-report.c — the preflight's verdict and evidence for whole
 * checkouts, and what it refuses before a run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-preflight.h"

static JsonObject *
report_from (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

/* Whole checkouts are counted as checkouts, their requests as writes; a
 * run in which none finished says so instead of a success rate. */
static void
test_whole_checkout_summary (void)
{
  g_autoptr(JsonObject) done = report_from (
    "{\"viewers\": 300, \"connected_at_end\": 300, \"ramp_s\": 2, \"duration_s\": 6, \"passed\": false,"
    " \"checkout\": {\"count\": 6, \"errors\": 0, \"error_rate\": 0, \"passed\": true},"
    " \"checkout_requests\": {\"count\": 30, \"errors\": 0, \"error_rate\": 0, \"p95_ms\": 6136.4,"
    "  \"p99_ms\": 6200, \"passed\": false}}");
  g_autoptr(JsonObject) none = report_from (
    "{\"viewers\": 200, \"connected_at_end\": 200, \"ramp_s\": 2, \"duration_s\": 8, \"passed\": false,"
    " \"checkout\": {\"count\": 0, \"errors\": 0, \"error_rate\": 0, \"passed\": false},"
    " \"checkout_requests\": {\"count\": 0, \"errors\": 0, \"error_rate\": 0, \"passed\": false}}");
  g_autoptr(JsonObject) single = report_from (
    "{\"viewers\": 10, \"connected_at_end\": 0, \"ramp_s\": 1, \"duration_s\": 1, \"passed\": true,"
    " \"checkout\": {\"count\": 4, \"errors\": 0, \"error_rate\": 0, \"p95_ms\": 2.5, \"p99_ms\": 3, \"passed\": true}}");
  g_autofree char *done_text = dd_preflight_report_summary (done);
  g_autofree char *none_text = dd_preflight_report_summary (none);
  g_autofree char *single_text = dd_preflight_report_summary (single);

  g_test_message ("%s", done_text);
  g_assert_nonnull (strstr (done_text, "checkouts 6 completed, 0 failed (100.00 % success, SLO met)"));
  g_assert_nonnull (strstr (done_text, "checkout requests p95 6136.4 ms"));
  g_assert_true (g_str_has_suffix (done_text, "FAILED"));
  g_assert_nonnull (strstr (none_text, "checkouts: none finished in the run (SLO missed)"));
  g_assert_null (strstr (none_text, "100.00 %"));
  g_assert_nonnull (strstr (single_text, "checkout p95 2.5 ms"));
  g_assert_null (strstr (single_text, "checkouts"));
  g_assert_true (g_str_has_suffix (single_text, "PASSED"));
}

/* The Medusa flow builds its own requests: a body or an expected member is
 * refused, naming why, before anything runs. */
static void
test_whole_checkout_options (void)
{
  DdPreflightOptions options;
  g_autoptr(DdPreflight) good = NULL;
  g_autoptr(DdPreflight) with_body = NULL;
  g_autoptr(GError) error = NULL;

  dd_preflight_options_init (&options);
  options.checkout_url = g_strdup ("http://127.0.0.1:9000");
  options.checkout_flow = DD_PREFLIGHT_CHECKOUT_MEDUSA;
  options.checkout_key = g_strdup ("pk_01");
  good = dd_preflight_new (&options);
  g_assert_true (dd_preflight_check (good, &error));
  g_assert_no_error (error);

  options.checkout_body = g_strdup ("{\"region_id\": \"reg_1\"}");
  with_body = dd_preflight_new (&options);
  g_assert_false (dd_preflight_check (with_body, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "single-POST probe only"));
  dd_preflight_options_clear (&options);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/engine/preflight-report/whole-checkout-summary", test_whole_checkout_summary);
  g_test_add_func ("/dropdeck/engine/preflight-report/whole-checkout-options", test_whole_checkout_options);

  return g_test_run ();
}
