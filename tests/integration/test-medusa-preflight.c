/* test-medusa-preflight.c — the preflight's checkout probes as whole
 * checkouts against a real Medusa v2, with chat load on a real nats-server
 *
 * Included by test-medusa-catalog.c (one Medusa for both; these cases run
 * last, since they add a region, shipping, a probe product and orders).
 * build-aux/medusa.sh checkout makes the store API sell (a region paid
 * through the system provider, a shipping option, a publishable key linked
 * to the default sales channel); nats-server comes from build-aux/nats.sh.
 * Both are stopped by the PIDs their scripts recorded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dd-checklist-desk.h"
#include "dd-commerce-account.h"
#include "dd-medusa-feed-pull.h"
#include "dd-nats-client.h"
#include "dd-preflight.h"

#define DD_TEST_HAVE_STORE_RESULT_CB
#include "test-nats-fixture.c"

static char *publishable_key;
static char *probe_variant;   /* untracked stock: any number of orders */

/* The store API set up once, for both cases. */
static const char *
checkout_key (void)
{
  g_autofree char *ids = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (publishable_key == NULL)
    {
      g_assert_cmpint (run_script ("checkout", server_dir, NULL, &ids), ==, 0);
      g_test_message ("store API: %s", ids);
      publishable_key = read_server_file ("publishable-key");
      g_assert_true (json_parser_load_from_data (parser, ids, -1, &error));
      probe_variant = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                               "variant"));
    }
  return publishable_key;
}

static JsonObject *
run_preflight (const DdPreflightOptions *options)
{
  g_autoptr(DdPreflight) preflight = dd_preflight_new (options);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *report;

  dd_preflight_run_async (preflight, NULL, store_result_cb, &result);
  report = dd_preflight_run_finish (preflight, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  json = dd_preflight_report_to_json (report, TRUE);
  g_test_message ("report: %s", json);
  return report;
}

/* As the Checklists page runs it: the pre-drop checklist's preflight item
 * through a checklist desk on a fresh store; returns the run's report and
 * checks the evidence the item keeps. */
static JsonObject *
run_preflight_item (const DdPreflightOptions *options)
{
  g_autofree char *dir = g_dir_make_tmp ("dropdeck-preflight-item-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "dropdeck.db", NULL);
  g_autoptr(GPtrArray) templates = dd_checklist_template_new_defaults ();
  g_autoptr(GListStore) checklists = g_list_store_new (DD_TYPE_CHECKLIST);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = dd_store_open_sync (path, NULL, &error);
  g_autoptr(DdChecklistDesk) desk = NULL;
  g_autofree char *json = NULL;
  DdChecklistItem *item;
  JsonObject *report;

  g_assert_no_error (error);
  for (guint i = 0; i < templates->len; i++)
    {
      g_autoptr(DdChecklist) checklist = dd_checklist_template_instantiate (g_ptr_array_index (templates, i), NULL);

      g_list_store_append (checklists, checklist);
    }
  desk = dd_checklist_desk_new (store, G_LIST_MODEL (checklists));
  dd_checklist_desk_set_preflight_options (desk, options);
  dd_checklist_desk_run_probe_async (desk, "pre-drop", DD_CHECKLIST_PROBE_PREFLIGHT_LOAD, NULL, store_result_cb, &result);
  g_assert_true (dd_checklist_desk_finish (desk, wait_for (&result), &error));
  g_assert_no_error (error);
  report = json_object_ref (dd_checklist_desk_get_preflight_report (desk));
  json = dd_preflight_report_to_json (report, TRUE);
  g_test_message ("report: %s", json);

  item = dd_checklist_lookup (dd_checklist_desk_lookup (desk, "pre-drop"), DD_CHECKLIST_PROBE_PREFLIGHT_LOAD);
  g_assert_nonnull (item);
  g_test_message ("evidence: %s", dd_checklist_item_get_evidence (item));
  g_assert_nonnull (strstr (dd_checklist_item_get_evidence (item), " completed, 0 failed (100.00 % success, SLO met)"));
  g_assert_cmpint (dd_checklist_item_get_state (item), ==,
                   dd_preflight_report_passed (report) ? DD_CHECKLIST_ITEM_DONE : DD_CHECKLIST_ITEM_FAILED);
  dd_store_close (store);
  remove_tree (dir);
  return report;
}

static JsonObject *
report_kind (JsonObject *report,
             const char *name)
{
  g_assert_true (json_object_has_member (report, name));
  return json_object_get_object_member (report, name);
}

/* The orders Medusa holds whose metadata carries `tag`. */
static guint
count_tagged_orders (DdMedusaClient *client,
                     const char     *tag)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *orders;
  guint tagged = 0;

  dd_medusa_client_get_async (client, "/admin/orders", "fields=id,metadata&limit=1000", NULL,
                              store_result_cb, &result);
  answer = dd_medusa_client_get_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  orders = json_object_get_array_member (json_node_get_object (answer), "orders");
  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      JsonObject *order = json_array_get_object_element (orders, i);
      JsonObject *metadata = json_object_get_object_member (order, "metadata");

      if (metadata != NULL
          && g_strcmp0 (json_object_get_string_member_with_default (metadata, "dropdeck_synthetic", NULL), tag) == 0)
        tagged++;
    }
  return tagged;
}

/* A few hundred viewers on the chat server, a share of them buying through
 * the store API of the commerce account, run as the pre-drop checklist's
 * preflight item (as the Checklists page does): checkouts succeed and are
 * the item's evidence, they are real orders in Medusa, tagged, and the
 * order feed leaves them out. */
static void
test_preflight_checkout (void)
{
  g_autoptr(NatsServer) nats = nats_server_start (NULL);
  g_autofree char *url = read_server_file ("url");
  g_autofree char *admin_key = read_server_file ("api-key");
  g_autoptr(DdMedusaClient) admin = dd_medusa_client_new (url, NULL);
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DdCommerceFeed) feed = NULL;
  g_autoptr(DdAccount) account = NULL;
  g_autofree char *accounts = NULL;
  g_autoptr(GError) error = NULL;
  DdPreflightOptions options;
  JsonObject *checkout, *requests, *chat;
  const char *tag;
  gint64 completed;

  /* As the app does: the commerce account (its accounts file) names the
   * store, the publishable key and the probe variant. */
  account = dd_account_new ("commerce", url, NULL);
  account->publishable_key = g_strdup (checkout_key ());
  account->probe_variant = g_strdup (probe_variant);
  accounts = g_build_filename (server_dir, "accounts.json", NULL);
  g_assert_true (dd_credentials_save_account (accounts, account, &error));
  g_clear_pointer (&account, dd_account_free);
  account = dd_commerce_account_load (accounts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);

  dd_preflight_options_init (&options);
  options.viewers = 300;
  options.ramp_s = 2;
  options.duration_s = 6;
  options.chat_url = g_strdup (nats->ws_url);
  options.chat_interval_s = 1;
  g_assert_true (dd_commerce_account_apply_to_preflight (account, &options));
  g_assert_cmpint (options.checkout_flow, ==, DD_PREFLIGHT_CHECKOUT_MEDUSA);
  /* 5 buyers, each starting its next checkout as soon as the last ended:
   * Medusa on a loaded 2-core machine answers a request in 0.2–2 s. */
  options.checkout_fraction = 5.0 / 300;
  options.checkout_interval_s = 0.5;
  report = run_preflight_item (&options);
  dd_preflight_options_clear (&options);

  chat = report_kind (report, "chat");
  checkout = report_kind (report, "checkout");
  requests = report_kind (report, "checkout_requests");
  tag = json_object_get_string_member (report, "tag");
  completed = json_object_get_int_member (checkout, "count");
  g_assert_cmpint (json_object_get_int_member (report, "connected_at_end"), ==, 300);
  g_assert_cmpint (json_object_get_int_member (chat, "errors"), ==, 0);
  /* Each of the 5 buyers completes at least one checkout, even when
   * Medusa is slow on a loaded machine. */
  g_assert_cmpint (completed, >=, 5);
  g_assert_cmpfloat (1.0 - json_object_get_double_member (checkout, "error_rate"), >=, 0.995);
  g_assert_true (json_object_get_boolean_member (checkout, "passed"));
  /* Five requests a checkout: cart with the item, shipping method, payment
   * collection, payment session, completion. */
  g_assert_cmpint (json_object_get_int_member (requests, "count"), >=, 5 * completed);
  g_assert_nonnull (strstr (json_object_get_string_member (report, "checkout_target"), probe_variant));
  g_assert_nonnull (strstr (json_object_get_string_member (report, "checkout_target"), "shipping option so_"));
  /* The verdict agrees with the kinds (a loaded machine may miss a latency level). */
  g_assert_cmpint (json_object_get_boolean_member (report, "passed"), ==,
                   json_object_get_boolean_member (chat, "passed") && json_object_get_boolean_member (checkout, "passed")
                   && json_object_get_boolean_member (requests, "passed"));

  /* Real orders, every one tagged with the run... */
  dd_medusa_client_set_api_key (admin, admin_key);
  g_assert_cmpuint (count_tagged_orders (admin, tag), >=, (guint) completed);
  /* ...that never reach the order feed as sales. */
  dd_medusa_feed_pull_async (admin, "EUR", NULL, FALSE, NULL, store_result_cb, &result);
  feed = dd_medusa_feed_pull_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (feed);
  for (guint i = 0; feed != NULL && i < feed->orders->len; i++)
    g_assert_cmpstr (dd_order_get_sku (g_ptr_array_index (feed->orders, i)), !=, "PROBE-1");
}

/* A wrong publishable key: the checkout kind fails at once, saying so;
 * the chat load still runs and is reported. */
static void
test_preflight_checkout_wrong_key (void)
{
  g_autoptr(NatsServer) nats = nats_server_start (NULL);
  g_autofree char *url = read_server_file ("url");
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *summary = NULL;
  DdPreflightOptions options;
  JsonObject *checkout;
  JsonArray *problems;
  gboolean named = FALSE;

  checkout_key ();
  dd_preflight_options_init (&options);
  options.viewers = 100;
  options.ramp_s = 1;
  options.duration_s = 2;
  options.chat_url = g_strdup (nats->ws_url);
  options.chat_interval_s = 1;
  options.checkout_url = g_strdup (url);
  options.checkout_flow = DD_PREFLIGHT_CHECKOUT_MEDUSA;
  options.checkout_key = g_strdup ("pk_0000000000000000000000000000000000000000000000000000000000000000");
  options.checkout_fraction = 0.1;
  report = run_preflight (&options);
  dd_preflight_options_clear (&options);

  checkout = report_kind (report, "checkout");
  g_assert_cmpint (json_object_get_int_member (checkout, "count"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (checkout, "errors"), >=, 1);
  g_assert_false (json_object_get_boolean_member (checkout, "passed"));
  g_assert_false (json_object_get_boolean_member (report, "passed"));
  problems = json_object_get_array_member (report, "problems");
  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      JsonObject *problem = json_array_get_object_element (problems, i);
      const char *message = json_object_get_string_member (problem, "message");

      if (g_str_equal (json_object_get_string_member (problem, "kind"), "checkout")
          && strstr (message, "publishable key is required") != NULL
          && strstr (message, "publishable API key") != NULL)
        named = TRUE;
    }
  g_assert_true (named);
  /* The chat's results are kept. */
  g_assert_cmpint (json_object_get_int_member (report_kind (report, "chat"), "count"), >=, 100);
  summary = dd_preflight_report_summary (report);
  g_test_message ("summary: %s", summary);
  g_assert_nonnull (strstr (summary, "checkouts 0 completed"));
  g_assert_nonnull (strstr (summary, "FAILED"));
}
