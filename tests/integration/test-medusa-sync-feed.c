/* test-medusa-sync-feed.c — orders, promotions, the returns policy and
 * deletions pulled from a real Medusa v2
 *
 * Included by test-medusa-sync.c (its fixture and helpers; one Medusa for
 * both). Everything is made through the Admin API first: a region, an
 * order converted from a draft, a campaign with a promotion, the store's
 * returns policy in its metadata; then cancelled, deleted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>

#include "dd-store-commerce.h"
#include "dd-sync-feed.h"
#include "dd-sync-run.h"

static DdSyncFeedSummary
pull_feed (Fixture *fixture,
           gint64   reconcile_every_us)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DdSyncFeedSummary summary = { 0, };

  dd_sync_feed_async (fixture->store, DD_COMMERCE_PROVIDER (fixture->provider), reconcile_every_us, NULL,
                      store_result_cb, &result);
  g_assert_true (dd_sync_feed_finish (wait_for (&result), &summary, &error));
  g_assert_no_error (error);
  return summary;
}

/* POST, and the member `member` of the answer's `object`. */
static char *
admin_create (Fixture    *fixture,
              const char *path,
              const char *body_text,
              const char *object)
{
  g_autoptr(JsonNode) body = json_from_string (body_text, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  dd_medusa_client_post_async (fixture->direct, path, body, NULL, store_result_cb, &result);
  answer = dd_medusa_client_post_finish (fixture->direct, wait_for (&result), &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_object_get_object_member (json_node_get_object (answer),
                                                                                 object), "id"));
}

/* The client has no DELETE (Dropdeck never deletes remotely): a plain one. */
static void
admin_delete (const char *path)
{
  g_autofree char *url = read_server_file ("url");
  g_autofree char *key = read_server_file ("api-key");
  g_autofree char *user = g_strconcat (key, ":", NULL);
  g_autofree char *basic = g_base64_encode ((const guchar *) user, strlen (user));
  g_autofree char *authorization = g_strconcat ("Basic ", basic, NULL);
  g_autofree char *uri = g_strconcat (url, path, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new ("DELETE", uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_append (soup_message_get_request_headers (message), "Authorization", authorization);
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
}

static DdOrder *
find_order_line (GPtrArray  *orders,
                 const char *sku)
{
  for (guint i = 0; i < orders->len; i++)
    if (g_str_equal (dd_order_get_sku (g_ptr_array_index (orders, i)), sku))
      return g_ptr_array_index (orders, i);
  g_assert_not_reached ();
}

static const DdPromotion *
find_promotion (GPtrArray  *promotions,
                const char *code)
{
  for (guint i = 0; i < promotions->len; i++)
    if (g_str_equal (((DdPromotion *) g_ptr_array_index (promotions, i))->code, code))
      return g_ptr_array_index (promotions, i);
  g_assert_not_reached ();
}

static gint64
iso_us (const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static char *
make_order (Fixture    *fixture,
            const char *region,
            DdOffer    *first,
            DdOffer    *second)
{
  g_autofree char *body = g_strdup_printf ("{\"email\": \"buyer@dropdeck.test\", \"region_id\": \"%s\","
                                           " \"items\": [{\"variant_id\": \"%s\", \"quantity\": 2},"
                                           " {\"variant_id\": \"%s\", \"quantity\": 1}]}",
                                           region, dd_offer_get_id (first), dd_offer_get_id (second));
  g_autofree char *id = admin_create (fixture, "/admin/draft-orders", body, "draft_order");
  g_autofree char *convert = g_strdup_printf ("/admin/draft-orders/%s/convert-to-order", id);

  admin_post (fixture, convert, "{}");
  return g_steal_pointer (&id);
}

/* dropdeckctl sync --once brings the same feed; sync status shows the
 * promotions and the returns policy. */
static void
check_ctl_feed (Fixture *fixture)
{
  g_autofree char *url = read_server_file ("url");
  g_autofree char *key = read_server_file ("api-key");
  g_autofree char *key_line = g_strconcat (key, "\n", NULL);
  g_autofree char *db = g_build_filename (fixture->dir, "ctl-feed.db", NULL);
  g_autoptr(JsonNode) once = NULL;
  g_autoptr(JsonNode) status = NULL;
  JsonObject *policy;

  if (g_getenv ("DD_DROPDECKCTL") == NULL)
    return;
  g_assert_cmpint (run_ctl (key_line, NULL, "account", "set", "commerce", "--url", url, NULL), ==, 0);
  g_assert_cmpint (run_ctl (NULL, &once, "sync", "--once", "--path", db, NULL), ==, 0);
  g_assert_cmpint (json_int_at (once, "feed", "order_lines"), ==, 2);
  g_assert_cmpint (json_int_at (once, "feed", "promotions"), ==, 2);
  g_assert_cmpint (run_ctl (NULL, &status, "sync", "status", "--path", db, NULL), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (status), "promotions")), ==, 2);
  policy = json_object_get_object_member (json_node_get_object (status), "returns_policy");
  g_assert_false (json_object_get_boolean_member (policy, "returns_open"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (policy, "refund_limits"), "ops-lead"),
                   ==, "49.90 EUR");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (status), "gone_offers")), ==, 0);
}

/* Orders (lines with their offer, total and status), promotions with
 * their campaign's window and the returns policy come in; a cancelled
 * order comes again with the incremental pull; a product deleted in
 * Medusa is marked gone and an offline edit of it is kept. */
static void
test_feed (Fixture       *fixture,
           gconstpointer  data)
{
  const gint64 hour = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  g_autoptr(GPtrArray) offers = pull_into_store (fixture);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) promotions = NULL;
  g_autoptr(GPtrArray) gone = NULL;
  g_autoptr(DdRefundPolicy) policy = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) stores = NULL;
  g_autoptr(DdOutboxSummary) outbox = NULL;
  g_autoptr(DdOffer) kept = NULL;
  g_autofree char *region = NULL;
  g_autofree char *order = NULL;
  g_autofree char *campaign = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  DdOffer *glow = find_sku (offers, "GLOW-30");
  DdOffer *tee = find_sku (offers, "TEE-L");
  DdOffer *lamp = find_sku (offers, "LAMP-B");
  DdSyncFeedSummary summary;
  const DdPromotion *promotion;
  DdOrder *line;

  region = admin_create (fixture, "/admin/regions",
                         "{\"name\": \"Europe\", \"currency_code\": \"eur\", \"countries\": [\"de\"]}", "region");
  order = make_order (fixture, region, glow, tee);
  campaign = admin_create (fixture, "/admin/campaigns",
                           "{\"name\": \"Friday drop\", \"campaign_identifier\": \"friday-drop\","
                           " \"starts_at\": \"2026-11-27T18:00:00.000Z\", \"ends_at\": \"2026-11-27T20:00:00.000Z\"}",
                           "campaign");
  body = g_strdup_printf ("{\"code\": \"DROP10\", \"type\": \"standard\", \"status\": \"active\", \"campaign_id\": \"%s\","
                          " \"application_method\": {\"type\": \"percentage\", \"target_type\": \"order\","
                          " \"value\": 10, \"currency_code\": \"eur\"}}", campaign);
  g_free (admin_create (fixture, "/admin/promotions", body, "promotion"));
  g_free (admin_create (fixture, "/admin/promotions",
                        "{\"code\": \"FIVEOFF\", \"type\": \"standard\", \"status\": \"draft\","
                        " \"application_method\": {\"type\": \"fixed\", \"target_type\": \"order\","
                        " \"value\": 5.5, \"currency_code\": \"eur\"}}", "promotion"));
  stores = admin_get (fixture, "/admin/stores", "fields=id");
  path = g_strdup_printf ("/admin/stores/%s",
                          json_object_get_string_member (json_array_get_object_element (
                            json_object_get_array_member (json_node_get_object (stores), "stores"), 0), "id"));
  admin_post (fixture, path, "{\"metadata\": {\"dropdeck_returns_open\": false,"
                             " \"dropdeck_refund_limits\": {\"producer\": 150, \"ops-lead\": 49.9}}}");

  summary = pull_feed (fixture, hour);
  g_assert_cmpuint (summary.order_lines, ==, 2);
  g_assert_cmpuint (summary.promotions, ==, 2);
  g_assert_true (summary.refund_policy);
  g_assert_true (summary.reconciled);
  g_assert_cmpuint (summary.gone, ==, 0);

  orders = dd_store_load_sync (fixture->store, dd_store_load_orders_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 2);
  line = find_order_line (orders, "GLOW-30");
  g_assert_cmpstr (dd_order_get_offer_id (line), ==, dd_offer_get_id (glow));
  g_assert_true (g_str_has_prefix (dd_order_get_id (line), order));
  g_assert_cmpuint (dd_order_get_quantity (line), ==, 2);
  g_assert_cmpint (dd_order_get_total (line)->minor, ==, 2 * dd_offer_get_price (glow)->minor);
  g_assert_cmpint (dd_order_get_status (line), ==, DD_ORDER_STATUS_PLACED);
  line = find_order_line (orders, "TEE-L");
  /* The seeded 0.3, or what the cases before changed it to, exactly. */
  g_assert_cmpint (dd_order_get_total (line)->minor, ==, dd_offer_get_price (tee)->minor);

  dd_store_load_promotions_async (fixture->store, NULL, store_result_cb, &result);
  promotions = dd_store_load_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  promotion = find_promotion (promotions, "DROP10");
  g_assert_cmpstr (promotion->kind, ==, "percentage");
  g_assert_cmpstr (promotion->value, ==, "10");
  g_assert_cmpstr (promotion->campaign_name, ==, "Friday drop");
  g_assert_cmpint (promotion->starts_at_us, ==, iso_us ("2026-11-27T18:00:00Z"));
  g_assert_cmpint (promotion->ends_at_us, ==, iso_us ("2026-11-27T20:00:00Z"));
  g_assert_true (dd_promotion_is_running (promotion, iso_us ("2026-11-27T19:00:00Z")));
  g_assert_false (dd_promotion_is_running (promotion, iso_us ("2026-11-27T20:00:00Z")));
  promotion = find_promotion (promotions, "FIVEOFF");
  g_assert_cmpstr (promotion->kind, ==, "fixed");
  g_assert_cmpstr (promotion->value, ==, "5.5");
  g_assert_cmpstr (promotion->currency, ==, "EUR");
  g_assert_false (dd_promotion_is_running (promotion, iso_us ("2026-11-27T19:00:00Z")));  /* a draft */

  dd_store_load_refund_policy_async (fixture->store, NULL, store_result_cb, &result);
  policy = dd_store_load_refund_policy_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_nonnull (policy);
  g_assert_false (policy->returns_open);
  g_assert_cmpint (dd_refund_policy_get_limit (policy, DD_ROLE_PRODUCER)->minor, ==, 15000);
  g_assert_cmpint (dd_refund_policy_get_limit (policy, DD_ROLE_OPS_LEAD)->minor, ==, 4990);
  g_assert_null (dd_refund_policy_get_limit (policy, DD_ROLE_CREATOR_LIAISON));

  /* The order cancelled in Medusa: the incremental pull brings it again. */
  g_free (path);
  path = g_strdup_printf ("/admin/orders/%s/cancel", order);
  admin_post (fixture, path, "{}");
  summary = pull_feed (fixture, hour);
  g_assert_false (summary.reconciled);
  g_assert_cmpuint (summary.order_lines, ==, 2);
  g_ptr_array_unref (orders);
  orders = dd_store_load_sync (fixture->store, dd_store_load_orders_async, &error);
  g_assert_cmpuint (orders->len, ==, 2);
  g_assert_cmpint (dd_order_get_status (find_order_line (orders, "GLOW-30")), ==, DD_ORDER_STATUS_CANCELLED);

  /* Night Lamp deleted in Medusa while LAMP-B has an offline edit: an
   * incremental pull cannot see it; the reconciliation marks both
   * variants gone, and the edit stays pending in the outbox. */
  edit_price (fixture, lamp, 12500);
  g_free (path);
  path = g_strdup_printf ("/admin/products/%s", dd_offer_get_remote_id (lamp));
  admin_delete (path);
  g_assert_cmpuint (pull (fixture, hour).offers, ==, 0);
  summary = pull_feed (fixture, 0);
  g_assert_true (summary.reconciled);
  g_assert_cmpuint (summary.gone, ==, 2);
  g_assert_cmpuint (summary.gone_kept_local, ==, 1);

  dd_store_list_gone_offers_async (fixture->store, NULL, store_result_cb, &result);
  gone = dd_store_load_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gone->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (gone, dd_offer_get_id (lamp), g_str_equal, NULL));
  outbox = summarize (fixture);
  g_assert_cmpint (outbox->pending, ==, 1);
  kept = load_offer (fixture, dd_offer_get_id (lamp));
  g_assert_cmpint (dd_offer_get_price (kept)->minor, ==, 12500);
  g_assert_cmpint (dd_offer_get_sync_state (kept), ==, DD_SYNC_STATE_PENDING);

  /* Marked once: the next reconciliation finds nothing new. */
  summary = pull_feed (fixture, 0);
  g_assert_cmpuint (summary.gone, ==, 0);

  check_ctl_feed (fixture);
}

static void
pull_progress_cb (DdCommerceProvider *provider,
                  guint64             done,
                  guint64             total,
                  guint64            *last)
{
  g_assert_cmpuint (done, <=, total);
  last[0] = done;
  last[1] = total;
  last[2]++;
}

static void
step_cb (DdSyncRun  *run,
         GParamSpec *pspec,
         GPtrArray  *steps)
{
  g_ptr_array_add (steps, g_strdup (dd_sync_run_get_step (run)));
}

static gboolean
has_step (GPtrArray  *steps,
          const char *step)
{
  for (guint i = 0; i < steps->len; i++)
    if (g_str_equal (g_ptr_array_index (steps, i), step))
      return TRUE;
  return FALSE;
}

static void
fraction_cb (DdSyncRun  *run,
             GParamSpec *pspec,
             GArray     *fractions)
{
  double fraction = dd_sync_run_get_fraction (run);

  g_array_append_val (fractions, fraction);
}

/* The app's Sync Now: catalog, feed and outbox in one run, its progress
 * rising to 1 step by step; an offline edit lands. */
static void
test_sync_run (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(DdSyncRun) run = dd_sync_run_new (fixture->store, DD_COMMERCE_PROVIDER (fixture->provider));
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GError) error = NULL;
  DdSyncPullSummary pulled;
  DdSyncFeedSummary fed;
  DdSyncFlushSummary pushed;
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (g_free);
  guint64 last[3] = { 0, 0, 0 };
  g_autofree char *pulled_step = NULL;

  g_signal_connect (run, "notify::fraction", G_CALLBACK (fraction_cb), fractions);
  g_signal_connect (run, "notify::step", G_CALLBACK (step_cb), steps);
  g_signal_connect (fixture->provider, "pull-progress", G_CALLBACK (pull_progress_cb), last);
  dd_sync_run_start_async (run, NULL, store_result_cb, &result);
  g_assert_true (dd_sync_run_start_finish (run, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  g_assert_cmpuint (fractions->len, >=, 4);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (dd_sync_run_get_fraction (run), ==, 1.0);
  g_assert_cmpstr (dd_sync_run_get_step (run), ==, "Up to date");
  /* The pull reported its pages once its three lists (products, stock
   * locations, inventory items) had each answered a first page — here one
   * page each, so once —, ending with every item read, and the bar said
   * so. bench-medusa-sync counts the reports of a catalog of many pages. */
  g_assert_cmpuint (last[2], >=, 1);
  g_assert_cmpuint (last[0], ==, last[1]);
  g_assert_cmpuint (last[0], >=, 3);
  pulled_step = g_strdup_printf ("Reading the catalog… %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT,
                                 last[0], last[1]);
  g_assert_true (has_step (steps, pulled_step));
  dd_sync_run_get_summary (run, &pulled, &fed, &pushed);
  g_assert_cmpuint (pulled.offers, >=, 4);
  g_assert_true (pulled.stock_reconciled);
  g_assert_true (fed.reconciled);
  g_assert_cmpuint (fed.promotions, ==, 2);
  g_assert_cmpuint (pushed.applied, ==, 0);

  offers = dd_store_load_sync (fixture->store, dd_store_load_offers_async, &error);
  edit_price (fixture, find_sku (offers, "GLOW-50"), 4444);
  dd_sync_run_start_async (run, NULL, store_result_cb, &result);
  g_assert_true (dd_sync_run_start_finish (run, wait_for (&result), &error));
  g_assert_no_error (error);
  dd_sync_run_get_summary (run, &pulled, &fed, &pushed);
  g_assert_cmpuint (pushed.applied, ==, 1);
  g_assert_true (has_step (steps, "Sending your changes… 1 of 1"));
  g_assert_false (pulled.stock_reconciled);
  g_assert_cmpint (remote_price (fixture, "GLOW-50"), ==, 4444);
}
