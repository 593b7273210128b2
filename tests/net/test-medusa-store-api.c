/* test-medusa-store-api.c — the answers of Medusa's store API a checkout
 * probe reads: ids out, or an error saying what the store lacks
 *
 * The answers are trimmed from a real Medusa 2.21 (integration-medusa's
 * preflight-checkout run).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-medusa-store-api.h"
#include "dd-net-error.h"

#include "test-medusa-register.h"

static JsonObject *
answer (const char *json,
        JsonNode  **keep)
{
  *keep = json_from_string (json, NULL);
  g_assert_nonnull (*keep);
  return json_node_get_object (*keep);
}

static void
test_discovery (void)
{
  g_autoptr(JsonNode) regions = NULL, products = NULL, options = NULL, none = NULL;
  g_autofree char *region = NULL, *country = NULL, *variant = NULL, *option = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_medusa_store_region_from_json (
    answer ("{\"regions\":[{\"id\":\"reg_01\",\"currency_code\":\"eur\",\"countries\":[{\"iso_2\":\"DE\"},"
            "{\"iso_2\":\"at\"}]}],\"count\":1}", &regions), &region, &country, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (region, ==, "reg_01");
  g_assert_cmpstr (country, ==, "de");

  variant = dd_medusa_store_first_variant (
    answer ("{\"products\":[{\"id\":\"prod_1\",\"variants\":[{\"id\":\"variant_probe\"},{\"id\":\"variant_2\"}]}]}",
            &products), &error);
  g_assert_cmpstr (variant, ==, "variant_probe");
  option = dd_medusa_store_first_shipping_option (
    answer ("{\"shipping_options\":[{\"id\":\"so_01\",\"name\":\"Standard parcel\",\"amount\":4.9}]}", &options),
    &error);
  g_assert_cmpstr (option, ==, "so_01");
  g_assert_no_error (error);

  /* What a store without them answers. */
  answer ("{\"regions\":[],\"products\":[{\"id\":\"p\",\"variants\":[]}],\"shipping_options\":[]}", &none);
  g_assert_false (dd_medusa_store_region_from_json (json_node_get_object (none), &region, &country, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no region"));
  g_clear_error (&error);
  g_assert_null (dd_medusa_store_first_variant (json_node_get_object (none), &error));
  g_assert_nonnull (strstr (error->message, "nothing to buy"));
  g_clear_error (&error);
  g_assert_null (dd_medusa_store_first_shipping_option (json_node_get_object (none), &error));
  g_assert_nonnull (strstr (error->message, "no shipping"));
}

static void
test_region_without_country (void)
{
  const char *cases[] = {
    "{\"regions\":[{\"id\":\"reg_01\",\"countries\":[]}]}",
    "{\"regions\":[{\"id\":\"reg_01\",\"countries\":[{\"iso_2\":\"germany\"}]}]}",
    "{\"regions\":[{\"id\":\"reg_01\",\"countries\":[{\"iso_2\":7}]}]}",
    "{\"regions\":[{\"id\":\"reg_01\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) keep = NULL;
      g_autoptr(GError) error = NULL;
      char *region = NULL, *country = NULL;

      g_assert_false (dd_medusa_store_region_from_json (answer (cases[i], &keep), &region, &country, &error));
      g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, "reg_01 has no country"));
      g_assert_null (region);
    }
}

static void
test_checkout_answers (void)
{
  g_autoptr(JsonNode) cart = NULL, order = NULL, refused = NULL, odd = NULL;
  g_autofree char *cart_id = NULL, *order_id = NULL;
  g_autoptr(GError) error = NULL;

  cart_id = dd_medusa_store_object_id (answer ("{\"cart\":{\"id\":\"cart_01\",\"total\":5.9}}", &cart), "cart", &error);
  g_assert_cmpstr (cart_id, ==, "cart_01");
  order_id = dd_medusa_store_completed_order (
    answer ("{\"type\":\"order\",\"order\":{\"id\":\"order_01\",\"metadata\":{\"dropdeck_synthetic\":\"preflight x\"}}}",
            &order), &error);
  g_assert_cmpstr (order_id, ==, "order_01");
  g_assert_no_error (error);

  /* Completion can answer the cart back with the reason. */
  g_assert_null (dd_medusa_store_completed_order (
    answer ("{\"type\":\"cart\",\"cart\":{\"id\":\"cart_01\"},\"error\":{\"message\":\"Payment authorization failed\"}}",
            &refused), &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "Payment authorization failed"));
  g_clear_error (&error);

  answer ("{\"type\":\"order\",\"order\":{\"id\":\"\"},\"cart\":[{\"id\":\"cart_01\"}]}", &odd);
  g_assert_null (dd_medusa_store_completed_order (json_node_get_object (odd), &error));
  g_assert_nonnull (strstr (error->message, "no reason given"));
  g_clear_error (&error);
  g_assert_null (dd_medusa_store_object_id (json_node_get_object (odd), "cart", &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "no cart id"));
}

void
test_medusa_store_api_register (void)
{
  g_test_add_func ("/dropdeck/net/medusa-store-api/discovery", test_discovery);
  g_test_add_func ("/dropdeck/net/medusa-store-api/region-without-country", test_region_without_country);
  g_test_add_func ("/dropdeck/net/medusa-store-api/checkout-answers", test_checkout_answers);
}
