/* test-medusa-feed.c — Medusa orders, promotions and the returns policy
 * -> order lines, time-locked incentives and refund limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-medusa-campaign.h"
#include "dd-medusa-feed.h"
#include "dd-net-error.h"

#include "test-medusa-register.h"

#define ORDERS \
  "{\"orders\":[" \
  " {\"id\":\"order_1\",\"status\":\"pending\",\"currency_code\":\"eur\",\"payment_status\":\"captured\"," \
  "  \"fulfillment_status\":\"shipped\",\"created_at\":\"2026-11-27T18:00:01.500Z\"," \
  "  \"updated_at\":\"2026-11-27T18:05:00.000Z\"," \
  "  \"fulfillments\":[{\"id\":\"ful_0\",\"location_id\":\"sloc_old\",\"canceled_at\":\"2026-11-27T18:01:00Z\"}," \
  "                   {\"id\":\"ful_1\",\"location_id\":\"sloc_1\",\"canceled_at\":null}]," \
  "  \"items\":[{\"id\":\"ordli_1\",\"variant_id\":\"variant_1\",\"variant_sku\":\"GLOW-30\",\"quantity\":2,\"total\":39.98}," \
  "           {\"id\":\"ordli_2\",\"variant_id\":null,\"quantity\":1,\"total\":5}," \
  "           {\"id\":\"ordli_3\",\"variant_id\":\"variant_2\",\"variant_sku\":\"TEE-L\",\"quantity\":1,\"total\":0.3}]}," \
  " {\"id\":\"order_2\",\"status\":\"canceled\",\"currency_code\":\"jpy\",\"created_at\":\"2026-11-27T18:10:00Z\"," \
  "  \"updated_at\":\"2026-11-27T19:00:00.000Z\",\"items\":[" \
  "   {\"id\":\"ordli_4\",\"variant_id\":\"variant_9\",\"variant_sku\":\"LAMP\",\"quantity\":1,\"total\":1500}]}," \
  " {\"id\":\"order_3\",\"status\":\"completed\",\"currency_code\":\"eur\",\"payment_status\":\"refunded\"," \
  "  \"fulfillment_status\":\"delivered\",\"created_at\":\"2026-11-27T18:20:00Z\"," \
  "  \"updated_at\":\"2026-11-27T18:30:00.000Z\",\"items\":[]}" \
  "],\"count\":3,\"offset\":0,\"limit\":100}"

static void
test_orders_become_lines (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *newest = g_strdup ("2026-11-27T18:00:00.000Z");
  JsonArray *orders = test_medusa_list_from (ORDERS, "orders", &root);
  DdOrder *line;

  g_assert_true (dd_medusa_orders_from_json (orders, lines, &newest, &error));
  g_assert_no_error (error);
  /* The custom line (no variant) is not counted against an offer. */
  g_assert_cmpuint (lines->len, ==, 3);
  g_assert_cmpstr (newest, ==, "2026-11-27T19:00:00.000Z");

  line = g_ptr_array_index (lines, 0);
  g_assert_cmpstr (dd_order_get_id (line), ==, "order_1/ordli_1");
  g_assert_cmpstr (dd_order_get_offer_id (line), ==, "variant_1");
  g_assert_cmpstr (dd_order_get_sku (line), ==, "GLOW-30");
  /* The live fulfilment's location, not the cancelled one's. */
  g_assert_cmpstr (dd_order_get_hub_id (line), ==, "sloc_1");
  g_assert_cmpuint (dd_order_get_quantity (line), ==, 2);
  g_assert_cmpint (dd_order_get_total (line)->minor, ==, 3998);
  g_assert_cmpint (dd_order_get_status (line), ==, DD_ORDER_STATUS_SHIPPED);
  g_assert_cmpint (dd_order_get_created_at (line), ==, G_GINT64_CONSTANT (1795802401500000));

  line = g_ptr_array_index (lines, 1);
  g_assert_cmpint (dd_order_get_total (line)->minor, ==, 30);

  line = g_ptr_array_index (lines, 2);
  g_assert_cmpstr (dd_order_get_total (line)->currency, ==, "JPY");
  g_assert_cmpint (dd_order_get_total (line)->minor, ==, 1500);
  g_assert_null (dd_order_get_hub_id (line));
  g_assert_cmpint (dd_order_get_status (line), ==, DD_ORDER_STATUS_CANCELLED);
}

/* The preflight's checkout probes make real orders; their cart's metadata
 * tag comes along and keeps them out of the sales. */
static void
test_synthetic_orders_skipped (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *newest = NULL;
  JsonArray *orders = test_medusa_list_from (
    "{\"orders\":["
    " {\"id\":\"order_probe\",\"currency_code\":\"eur\",\"created_at\":\"2026-11-27T18:00:00Z\","
    "  \"updated_at\":\"2026-11-27T18:40:00.000Z\",\"metadata\":{\"dropdeck_synthetic\":\"preflight 1a2b\"},"
    "  \"items\":[{\"id\":\"ordli_p\",\"variant_id\":\"variant_probe\",\"quantity\":1,\"total\":1}]},"
    " {\"id\":\"order_real\",\"currency_code\":\"eur\",\"created_at\":\"2026-11-27T18:01:00Z\","
    "  \"updated_at\":\"2026-11-27T18:30:00.000Z\",\"metadata\":{\"gift\":true},"
    "  \"items\":[{\"id\":\"ordli_r\",\"variant_id\":\"variant_1\",\"quantity\":1,\"total\":19.99}]},"
    " {\"id\":\"order_plain\",\"currency_code\":\"eur\",\"created_at\":\"2026-11-27T18:02:00Z\","
    "  \"metadata\":null,\"items\":[{\"id\":\"ordli_n\",\"variant_id\":\"variant_2\",\"quantity\":2,\"total\":2}]}"
    "],\"count\":3}", "orders", &root);
  g_autoptr(JsonNode) bad_root = NULL;
  JsonArray *bad = test_medusa_list_from (
    "{\"orders\":[{\"id\":\"o\",\"currency_code\":\"eur\",\"metadata\":\"dropdeck_synthetic\",\"items\":[]}],\"count\":1}",
    "orders", &bad_root);

  g_assert_true (dd_medusa_orders_from_json (orders, lines, &newest, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_cmpstr (dd_order_get_id (g_ptr_array_index (lines, 0)), ==, "order_real/ordli_r");
  g_assert_cmpstr (dd_order_get_id (g_ptr_array_index (lines, 1)), ==, "order_plain/ordli_n");
  /* The cursor still moves past the probe's order. */
  g_assert_cmpstr (newest, ==, "2026-11-27T18:40:00.000Z");

  g_ptr_array_set_size (lines, 0);
  g_assert_false (dd_medusa_orders_from_json (bad, lines, NULL, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "order o"));
}

static void
test_orders_refused_clearly (void)
{
  const struct
  {
    const char *json;
    const char *says;
  } cases[] = {
    { "{\"orders\":[{\"id\":\"o\",\"currency_code\":\"eur\",\"created_at\":\"x\",\"items\":[]}],\"count\":1}", "not a time" },
    { "{\"orders\":[{\"id\":\"o\",\"currency_code\":\"eur\"}],\"count\":1}", "without its items" },
    { "{\"orders\":[{\"id\":\"o\",\"items\":[]}],\"count\":1}", "without a currency" },
    { "{\"orders\":[{\"id\":\"o\",\"currency_code\":\"eur\",\"items\":[{\"id\":\"l\",\"variant_id\":\"v\",\"quantity\":1}]}],\"count\":1}", "item l of order o" },
    { "{\"orders\":[{\"id\":\"o\",\"currency_code\":\"eur\",\"items\":[{\"id\":\"l\",\"variant_id\":\"v\",\"quantity\":0,\"total\":1}]}],\"count\":1}", "quantity" },
    { "{\"orders\":[{\"id\":\"o\",\"currency_code\":\"eur\",\"items\":[{\"id\":\"l\",\"variant_id\":\"v\",\"quantity\":1,\"total\":-1}]}],\"count\":1}", "item l" },
    { "{\"orders\":[7],\"count\":1}", "not an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;
      JsonArray *orders = test_medusa_list_from (cases[i].json, "orders", &root);

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_false (dd_medusa_orders_from_json (orders, lines, NULL, &error));
      g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_cmpuint (lines->len, ==, 0);
    }
}

#define PROMOTIONS \
  "{\"promotions\":[" \
  " {\"id\":\"promo_1\",\"code\":\"DROP10\",\"status\":\"active\",\"updated_at\":\"2026-11-26T00:59:48.490Z\"," \
  "  \"application_method\":{\"type\":\"percentage\",\"target_type\":\"order\",\"value\":10,\"currency_code\":\"eur\"}," \
  "  \"campaign\":{\"id\":\"procamp_1\",\"name\":\"Friday drop\",\"starts_at\":\"2026-11-27T18:00:00.000Z\"," \
  "               \"ends_at\":\"2026-11-27T20:00:00.000Z\"}}," \
  " {\"id\":\"promo_2\",\"code\":\"FIVEOFF\",\"status\":\"draft\",\"campaign\":null," \
  "  \"application_method\":{\"type\":\"fixed\",\"target_type\":\"items\",\"value\":19.99,\"currency_code\":\"eur\"}}" \
  "],\"count\":2,\"offset\":0,\"limit\":50}"

static void
test_promotions_become_incentives (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) promotions = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_promotion_free);
  g_autoptr(GError) error = NULL;
  JsonArray *items = test_medusa_list_from (PROMOTIONS, "promotions", &root);
  g_autoptr(GDateTime) starts = g_date_time_new_utc (2026, 11, 27, 18, 0, 0);
  gint64 starts_us = g_date_time_to_unix (starts) * G_USEC_PER_SEC;
  const gint64 hour = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  DdPromotion *promotion;

  g_assert_true (dd_medusa_promotions_from_json (items, promotions, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (promotions->len, ==, 2);

  promotion = g_ptr_array_index (promotions, 0);
  g_assert_cmpstr (promotion->code, ==, "DROP10");
  g_assert_cmpstr (promotion->kind, ==, "percentage");
  g_assert_cmpstr (promotion->value, ==, "10");
  g_assert_null (promotion->currency);
  g_assert_cmpstr (promotion->campaign_name, ==, "Friday drop");
  g_assert_cmpint (promotion->starts_at_us, ==, starts_us);
  g_assert_cmpint (promotion->ends_at_us, ==, starts_us + 2 * hour);
  g_assert_false (dd_promotion_is_running (promotion, starts_us - 1));
  g_assert_true (dd_promotion_is_running (promotion, starts_us));
  g_assert_false (dd_promotion_is_running (promotion, starts_us + 2 * hour));

  promotion = g_ptr_array_index (promotions, 1);
  g_assert_cmpstr (promotion->kind, ==, "fixed");
  g_assert_cmpstr (promotion->value, ==, "19.99");  /* no drift */
  g_assert_cmpstr (promotion->currency, ==, "EUR");
  g_assert_cmpstr (promotion->target, ==, "items");
  g_assert_null (promotion->campaign_id);
  g_assert_cmpint (promotion->starts_at_us, ==, 0);
  g_assert_false (dd_promotion_is_running (promotion, starts_us));  /* a draft */
}

static void
test_promotions_refused_clearly (void)
{
  const struct
  {
    const char *json;
    const char *says;
  } cases[] = {
    { "{\"promotions\":[{\"id\":\"p\",\"code\":\"\"}],\"count\":1}", "without a code" },
    { "{\"promotions\":[{\"id\":\"p\",\"code\":\"X\"}],\"count\":1}", "without its discount" },
    { "{\"promotions\":[{\"id\":\"p\",\"code\":\"X\",\"application_method\":{\"type\":\"bogo\",\"value\":1}}],\"count\":1}", "unknown type" },
    { "{\"promotions\":[{\"id\":\"p\",\"code\":\"X\",\"application_method\":{\"type\":\"percentage\",\"value\":\"10\"}}],\"count\":1}", "without a discount value" },
    { "{\"promotions\":[{\"id\":\"p\",\"code\":\"X\",\"application_method\":{\"type\":\"percentage\",\"value\":120}}],\"count\":1}", "outside 0–100" },
    { "{\"promotions\":[{\"id\":\"p\",\"code\":\"X\",\"application_method\":{\"type\":\"fixed\",\"value\":5}}],\"count\":1}", "no currency" },
    { "{\"promotions\":[{\"id\":\"p\",\"code\":\"X\",\"application_method\":{\"type\":\"fixed\",\"value\":5.001,\"currency_code\":\"eur\"}}],\"count\":1}", "promotion “X”" },
    { "{\"promotions\":[{\"id\":\"p\",\"code\":\"X\",\"application_method\":{\"type\":\"percentage\",\"value\":5},"
      "\"campaign\":{\"id\":\"c\",\"starts_at\":\"2026-11-27T20:00:00Z\",\"ends_at\":\"2026-11-27T18:00:00Z\"}}],\"count\":1}", "ends before it starts" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GPtrArray) promotions = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_promotion_free);
      g_autoptr(GError) error = NULL;
      JsonArray *items = test_medusa_list_from (cases[i].json, "promotions", &root);

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_false (dd_medusa_promotions_from_json (items, promotions, &error));
      g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_cmpuint (promotions->len, ==, 0);
    }
}

/* A campaign Dropdeck made comes back with its identifier and window; one
 * without a window reads as open; bad ones are refused by name. */
static void
test_campaigns_read (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items = test_medusa_list_from (
    "{\"campaigns\":[{\"id\":\"procamp_1\",\"campaign_identifier\":\"dropdeck-k1\","
    "\"starts_at\":\"2026-11-27T18:00:00.000Z\",\"ends_at\":\"2026-11-27T19:30:00.000Z\"},"
    "{\"id\":\"procamp_2\",\"campaign_identifier\":\"open\",\"starts_at\":null}],\"count\":2}",
    "campaigns", &root);
  const struct
  {
    const char *json;
    const char *says;
  } bad[] = {
    { "{\"campaign_identifier\":\"x\"}", "a campaign" },
    { "{\"id\":\"c\",\"campaign_identifier\":7}", "campaign_identifier" },
    { "{\"id\":\"c\",\"starts_at\":\"soon\"}", "not a time" },
    { "{\"id\":\"c\",\"starts_at\":\"2026-11-27T20:00:00Z\",\"ends_at\":\"2026-11-27T18:00:00Z\"}", "ends before it starts" },
  };
  DdMedusaCampaign campaign;
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_medusa_campaign_from_json (json_array_get_object_element (items, 0), &campaign, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (campaign.id, ==, "procamp_1");
  g_assert_cmpstr (campaign.identifier, ==, "dropdeck-k1");
  g_assert_cmpint (campaign.starts_at_us, ==, G_GINT64_CONSTANT (1795802400) * G_USEC_PER_SEC);
  g_assert_cmpint (campaign.ends_at_us - campaign.starts_at_us, ==, 90 * G_TIME_SPAN_MINUTE);
  g_assert_true (dd_medusa_campaign_from_json (json_array_get_object_element (items, 1), &campaign, &error));
  g_assert_cmpint (campaign.starts_at_us, ==, 0);
  g_assert_cmpint (campaign.ends_at_us, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) one = json_from_string (bad[i].json, NULL);

      g_clear_error (&error);
      g_assert_false (dd_medusa_campaign_from_json (json_node_get_object (one), &campaign, &error));
      g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
      g_test_message ("%s: %s", bad[i].json, error->message);
      g_assert_nonnull (strstr (error->message, bad[i].says));
    }
}

static DdRefundPolicy *
policy_from (const char  *json,
             GError     **error)
{
  g_autoptr(JsonNode) root = json_from_string (json, NULL);

  g_assert_nonnull (root);
  return dd_medusa_refund_policy_from_store (json_node_get_object (root), "EUR", error);
}

static void
test_refund_policy (void)
{
  g_autoptr(DdRefundPolicy) policy = NULL;
  g_autoptr(DdRefundPolicy) none = NULL;
  g_autoptr(DdRefundPolicy) text = NULL;
  g_autoptr(GError) error = NULL;

  policy = policy_from ("{\"id\":\"store_1\",\"metadata\":{\"dropdeck_returns_open\":false,"
                        "\"dropdeck_refund_limits\":{\"producer\":150,\"ops-lead\":\"49.9\"}}}", &error);
  g_assert_no_error (error);
  g_assert_false (policy->returns_open);
  g_assert_cmpint (dd_refund_policy_get_limit (policy, DD_ROLE_PRODUCER)->minor, ==, 15000);
  g_assert_cmpint (dd_refund_policy_get_limit (policy, DD_ROLE_OPS_LEAD)->minor, ==, 4990);
  g_assert_null (dd_refund_policy_get_limit (policy, DD_ROLE_MOD_TRUST_LEAD));

  none = policy_from ("{\"id\":\"store_1\",\"metadata\":null}", &error);
  g_assert_no_error (error);
  g_assert_true (none->returns_open);
  g_assert_cmpuint (none->limits->len, ==, 0);

  text = policy_from ("{\"metadata\":{\"dropdeck_returns_open\":\"true\"}}", &error);
  g_assert_no_error (error);
  g_assert_true (text->returns_open);

  g_assert_null (policy_from ("{\"metadata\":{\"dropdeck_returns_open\":\"maybe\"}}", &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_null (policy_from ("{\"metadata\":{\"dropdeck_refund_limits\":{\"janitor\":5}}}", &error));
  g_assert_nonnull (strstr (error->message, "“janitor”"));
  g_clear_error (&error);
  g_assert_null (policy_from ("{\"metadata\":{\"dropdeck_refund_limits\":{\"producer\":-5}}}", &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
}

void
test_medusa_feed_register (void)
{
  g_test_add_func ("/dropdeck/net/medusa-feed/orders-become-lines", test_orders_become_lines);
  g_test_add_func ("/dropdeck/net/medusa-feed/orders-refused-clearly", test_orders_refused_clearly);
  g_test_add_func ("/dropdeck/net/medusa-feed/synthetic-orders-skipped", test_synthetic_orders_skipped);
  g_test_add_func ("/dropdeck/net/medusa-feed/promotions-become-incentives", test_promotions_become_incentives);
  g_test_add_func ("/dropdeck/net/medusa-feed/promotions-refused-clearly", test_promotions_refused_clearly);
  g_test_add_func ("/dropdeck/net/medusa-feed/refund-policy", test_refund_policy);
  g_test_add_func ("/dropdeck/net/medusa-feed/campaigns-read", test_campaigns_read);
}
