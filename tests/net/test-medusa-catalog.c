/* test-medusa-catalog.c — Medusa products, stock locations and inventory
 * -> offers, hubs and stock levels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-medusa-catalog.h"
#include "dd-medusa-json.h"
#include "dd-net-error.h"

#include "test-medusa-register.h"

JsonArray *
test_medusa_list_from (const char *json,
                       const char *member,
                       JsonNode  **keep)
{
  g_autoptr(GError) error = NULL;
  JsonArray *items = NULL;
  gint64 count = -1;

  *keep = dd_medusa_json_parse (json, strlen (json), "a test", &error);
  g_assert_no_error (error);
  g_assert_true (dd_medusa_page_parse (*keep, member, &items, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, >=, json_array_get_length (items));

  return items;
}

#define PRODUCTS \
  "{\"products\":[" \
  " {\"id\":\"prod_1\",\"title\":\"Glow Serum\",\"status\":\"published\",\"unknown\":{\"x\":[1,2]}," \
  "  \"variants\":[" \
  "   {\"id\":\"variant_1\",\"title\":\"30 ml\",\"sku\":\"GLOW-30\",\"metadata\":null,\"prices\":[" \
  "     {\"amount\":17.5,\"currency_code\":\"eur\",\"rules\":{\"region_id\":\"reg_1\"}}," \
  "     {\"amount\":21,\"currency_code\":\"usd\",\"rules\":{}}," \
  "     {\"amount\":19.99,\"currency_code\":\"eur\",\"rules\":{}}]}," \
  "   {\"id\":\"variant_2\",\"title\":\"50 ml\",\"sku\":\"GLOW-50\",\"prices\":[" \
  "     {\"amount\":49.9,\"currency_code\":\"eur\"}]}]}," \
  " {\"id\":\"prod_2\",\"title\":\"Lamp\",\"status\":\"draft\",\"metadata\":{\"dropdeck_state\":\"live\"}," \
  "  \"variants\":[{\"id\":\"variant_3\",\"title\":\"Default\",\"sku\":\"LAMP\",\"prices\":[" \
  "     {\"amount\":1000000.01,\"currency_code\":\"eur\",\"rules\":{}}]}]}," \
  " {\"id\":\"prod_3\",\"title\":\"Sample\",\"status\":\"draft\"," \
  "  \"variants\":[{\"id\":\"variant_4\",\"title\":\"One\",\"sku\":\"S-1\",\"prices\":[" \
  "     {\"amount\":0.3,\"currency_code\":\"EUR\"}]}]}" \
  "],\"count\":3,\"offset\":0,\"limit\":50}"

static void
test_products_become_offers (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  JsonArray *products = test_medusa_list_from (PRODUCTS, "products", &root);
  DdOffer *offer;

  g_assert_true (dd_medusa_offers_from_products (products, "EUR", offers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (offers->len, ==, 4);

  offer = g_ptr_array_index (offers, 0);
  g_assert_cmpstr (dd_offer_get_id (offer), ==, "variant_1");
  g_assert_cmpstr (dd_offer_get_remote_id (offer), ==, "prod_1");
  g_assert_cmpstr (dd_offer_get_sku (offer), ==, "GLOW-30");
  g_assert_cmpstr (dd_offer_get_title (offer), ==, "Glow Serum — 30 ml");
  g_assert_cmpint (dd_offer_get_price (offer)->minor, ==, 1999);
  g_assert_cmpstr (dd_offer_get_price (offer)->currency, ==, "EUR");
  g_assert_cmpint (dd_offer_get_state (offer), ==, DD_OFFER_STATE_SCHEDULED);

  offer = g_ptr_array_index (offers, 1);
  g_assert_cmpstr (dd_offer_get_title (offer), ==, "Glow Serum — 50 ml");
  g_assert_cmpint (dd_offer_get_price (offer)->minor, ==, 4990);

  offer = g_ptr_array_index (offers, 2);
  g_assert_cmpstr (dd_offer_get_title (offer), ==, "Lamp");
  g_assert_cmpint (dd_offer_get_price (offer)->minor, ==, 100000001);
  g_assert_cmpint (dd_offer_get_state (offer), ==, DD_OFFER_STATE_LIVE);

  offer = g_ptr_array_index (offers, 3);
  g_assert_cmpint (dd_offer_get_price (offer)->minor, ==, 30);
  g_assert_cmpint (dd_offer_get_state (offer), ==, DD_OFFER_STATE_DRAFT);
}

static void
assert_products_refused (const char *products_json,
                         const char *in_message)
{
  g_autofree char *json = g_strdup_printf ("{\"products\":%s,\"count\":1}", products_json);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  JsonArray *products = test_medusa_list_from (json, "products", &root);

  g_assert_false (dd_medusa_offers_from_products (products, "EUR", offers, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, in_message));
  g_assert_cmpuint (offers->len, ==, 0);
}

static void
test_products_refused_clearly (void)
{
  assert_products_refused ("[{\"id\":\"p\",\"title\":\"Tee\",\"variants\":[{\"id\":\"v\",\"title\":\"M\",\"sku\":\"T\",\"prices\":[{\"amount\":19.999,\"currency_code\":\"eur\"}]}]}]",
                           "variant “M” of product “Tee”");
  assert_products_refused ("[{\"id\":\"p\",\"title\":\"Tee\",\"variants\":[{\"id\":\"v\",\"title\":\"M\",\"sku\":\"T\",\"prices\":[{\"amount\":-1,\"currency_code\":\"eur\"}]}]}]",
                           "negative");
  assert_products_refused ("[{\"id\":\"p\",\"title\":\"Tee\",\"variants\":[{\"id\":\"v\",\"title\":\"M\",\"sku\":\"T\",\"prices\":[{\"amount\":5,\"currency_code\":\"usd\"}]}]}]",
                           "without a price in EUR");
  assert_products_refused ("[{\"id\":\"p\",\"title\":\"Tee\",\"variants\":[{\"id\":\"v\",\"title\":\"M\",\"prices\":[]}]}]",
                           "without a SKU");
  assert_products_refused ("[{\"id\":\"p\",\"title\":\"Tee\"}]", "without its variants");
  assert_products_refused ("[{\"id\":\"p\",\"title\":\"Tee\",\"variants\":{}}]", "“variants” that is not a list");
  assert_products_refused ("[{\"id\":\"p\",\"variants\":[]}]", "without a title");
  assert_products_refused ("[{\"title\":\"Tee\",\"variants\":[]}]", "product “Tee” without an id");
  assert_products_refused ("[42]", "entry 1 is not an object");
  assert_products_refused ("[{\"id\":\"p\",\"title\":\"Tee\",\"variants\":[{\"id\":\"v\",\"title\":\"M\",\"sku\":\"T\",\"prices\":[{\"amount\":\"5\",\"currency_code\":\"eur\"}]}]}]",
                           "not a number");
}

#define LOCATIONS \
  "{\"stock_locations\":[" \
  " {\"id\":\"sloc_1\",\"name\":\"Hub Kreuzberg\",\"extra\":true,\"metadata\":{\"latitude\":52.4986,\"longitude\":13.403," \
  "   \"capacity_per_hour\":120,\"couriers\":6,\"cutoff_minute\":960,\"address\":\"Oranienstraße 1, 10999 Berlin\"}}," \
  " {\"id\":\"sloc_2\",\"name\":\"Hub Altona\",\"metadata\":{\"latitude\":\"53.5503\",\"longitude\":\"9.9358\"," \
  "   \"capacity_per_hour\":\"80\",\"couriers\":\"4\",\"cutoff_minute\":\"900\",\"open\":false}," \
  "  \"address\":{\"address_1\":\"Große Bergstraße 160\",\"address_2\":null,\"city\":\"Hamburg\",\"postal_code\":\"22767\"}}" \
  "],\"count\":2}"

static void
test_locations_become_hubs (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) hubs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  JsonArray *locations = test_medusa_list_from (LOCATIONS, "stock_locations", &root);
  DdHub *hub;

  g_assert_true (dd_medusa_hubs_from_stock_locations (locations, hubs, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hubs->len, ==, 2);

  hub = g_ptr_array_index (hubs, 0);
  g_assert_cmpstr (dd_hub_get_id (hub), ==, "sloc_1");
  g_assert_cmpstr (dd_hub_get_name (hub), ==, "Hub Kreuzberg");
  g_assert_cmpfloat (dd_hub_get_latitude (hub), ==, 52.4986);
  g_assert_cmpfloat (dd_hub_get_longitude (hub), ==, 13.403);
  g_assert_cmpuint (dd_hub_get_capacity_per_hour (hub), ==, 120);
  g_assert_cmpuint (dd_hub_get_couriers (hub), ==, 6);
  g_assert_cmpuint (dd_hub_get_cutoff_minute (hub), ==, 960);
  g_assert_cmpstr (dd_hub_get_address (hub), ==, "Oranienstraße 1, 10999 Berlin");

  hub = g_ptr_array_index (hubs, 1);
  g_assert_cmpfloat (dd_hub_get_latitude (hub), ==, 53.5503);
  g_assert_cmpfloat (dd_hub_get_longitude (hub), ==, 9.9358);
  g_assert_cmpuint (dd_hub_get_capacity_per_hour (hub), ==, 80);
  g_assert_cmpuint (dd_hub_get_couriers (hub), ==, 4);
  g_assert_cmpuint (dd_hub_get_cutoff_minute (hub), ==, 900);
  g_assert_false (dd_hub_get_open (hub));
  g_assert_cmpstr (dd_hub_get_address (hub), ==, "Große Bergstraße 160, 22767 Hamburg");
}

static void
assert_location_refused (const char *location_json,
                         const char *in_message)
{
  g_autofree char *json = g_strdup_printf ("{\"stock_locations\":[%s],\"count\":1}", location_json);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) hubs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  JsonArray *locations = test_medusa_list_from (json, "stock_locations", &root);

  g_assert_false (dd_medusa_hubs_from_stock_locations (locations, hubs, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_locations_refused_clearly (void)
{
  assert_location_refused ("{\"id\":\"s\",\"name\":\"Hub North\",\"metadata\":{\"latitude\":91,\"longitude\":0}}",
                           "stock location “Hub North”");
  assert_location_refused ("{\"id\":\"s\",\"name\":\"Hub North\",\"metadata\":{\"latitude\":91,\"longitude\":0}}",
                           "Latitude 91");
  assert_location_refused ("{\"id\":\"s\",\"name\":\"Hub North\",\"metadata\":{\"latitude\":1,\"longitude\":-180.5}}",
                           "Longitude");
  assert_location_refused ("{\"id\":\"s\",\"name\":\"Hub North\",\"metadata\":{\"latitude\":\"north\",\"longitude\":0}}",
                           "“latitude” that is not a number");
  assert_location_refused ("{\"id\":\"s\",\"name\":\"Hub North\",\"metadata\":{\"longitude\":0}}",
                           "“Hub North” without a latitude and longitude");
  assert_location_refused ("{\"id\":\"s\",\"name\":\"Hub North\"}", "without metadata");
  assert_location_refused ("{\"id\":\"s\",\"name\":\"Hub North\",\"metadata\":{\"latitude\":1,\"longitude\":2,\"cutoff_minute\":1440}}",
                           "“cutoff_minute” = 1440");
  assert_location_refused ("{\"id\":\"s\",\"name\":\"Hub North\",\"metadata\":{\"latitude\":1,\"longitude\":2,\"capacity_per_hour\":0}}",
                           "“capacity_per_hour” = 0");
  assert_location_refused ("{\"id\":\"s\",\"name\":\"Hub North\",\"metadata\":{\"latitude\":1,\"longitude\":2,\"couriers\":2.5}}",
                           "not a whole number");
  assert_location_refused ("{\"id\":\"s\"}", "without a name");
}

#define INVENTORY \
  "{\"inventory_items\":[" \
  " {\"id\":\"iitem_1\",\"sku\":\"GLOW-30\",\"location_levels\":[" \
  "   {\"location_id\":\"sloc_1\",\"stocked_quantity\":40,\"reserved_quantity\":3,\"incoming_quantity\":0," \
  "    \"raw_stocked_quantity\":{\"value\":\"40\",\"precision\":20}}," \
  "   {\"location_id\":\"sloc_2\",\"stocked_quantity\":15}]}," \
  " {\"id\":\"iitem_2\",\"sku\":null,\"location_levels\":[]}," \
  " {\"id\":\"iitem_3\",\"sku\":\"TEE-M\",\"location_levels\":[]}" \
  "],\"count\":3}"

static void
test_inventory_becomes_stock (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) stock = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  JsonArray *items = test_medusa_list_from (INVENTORY, "inventory_items", &root);
  DdStockLevel *level;

  g_assert_true (dd_medusa_stock_from_inventory_items (items, stock, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stock->len, ==, 2);

  level = g_ptr_array_index (stock, 0);
  g_assert_cmpstr (dd_stock_level_get_hub_id (level), ==, "sloc_1");
  g_assert_cmpstr (dd_stock_level_get_sku (level), ==, "GLOW-30");
  g_assert_cmpint (dd_stock_level_get_on_hand (level), ==, 40);
  g_assert_cmpint (dd_stock_level_get_reserved (level), ==, 3);
  g_assert_cmpint (dd_stock_level_get_available (level), ==, 37);

  level = g_ptr_array_index (stock, 1);
  g_assert_cmpstr (dd_stock_level_get_hub_id (level), ==, "sloc_2");
  g_assert_cmpint (dd_stock_level_get_on_hand (level), ==, 15);
  g_assert_cmpint (dd_stock_level_get_reserved (level), ==, 0);
}

static void
assert_inventory_refused (const char *item_json,
                          const char *in_message)
{
  g_autofree char *json = g_strdup_printf ("{\"inventory_items\":[%s],\"count\":1}", item_json);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) stock = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  JsonArray *items = test_medusa_list_from (json, "inventory_items", &root);

  g_assert_false (dd_medusa_stock_from_inventory_items (items, stock, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, in_message));
  g_assert_cmpuint (stock->len, ==, 0);
}

static void
test_inventory_refused_clearly (void)
{
  assert_inventory_refused ("{\"id\":\"i\",\"sku\":\"T\",\"location_levels\":[{\"location_id\":\"s\",\"stocked_quantity\":-1}]}",
                            "“stocked_quantity” = -1");
  assert_inventory_refused ("{\"id\":\"i\",\"sku\":\"T\",\"location_levels\":[{\"location_id\":\"s\",\"stocked_quantity\":2,\"reserved_quantity\":5}]}",
                            "the stock of “T” at location “s”");
  assert_inventory_refused ("{\"id\":\"i\",\"sku\":\"T\",\"location_levels\":[{\"location_id\":\"s\"}]}",
                            "without “stocked_quantity”");
  assert_inventory_refused ("{\"id\":\"i\",\"sku\":\"T\",\"location_levels\":[{\"stocked_quantity\":1}]}",
                            "without a location");
  assert_inventory_refused ("{\"id\":\"i\",\"sku\":\"T\"}", "without its location levels");
}

static void
test_bad_json_is_an_error (void)
{
  const char *inputs[] = {
    "", "{", "{\"products\":[", "[]", "42", "nul", "{\"products\":[{\"id\":\"p\",", "\xff\xfe",
    /* json-glib reads these; JSON and Medusa do not have them */
    "{'products':[]}", "{\"products\":/* \" */[]}", "{\"count\":1}// x",
  };
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items = NULL;
  gint64 count;

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) parse_error = NULL;
      g_autoptr(JsonNode) node = dd_medusa_json_parse (inputs[i], strlen (inputs[i]), "the product list", &parse_error);

      g_assert_null (node);
      g_assert_error (parse_error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (parse_error->message, "the product list"));
    }

  /* a quote in single quotes must not hide the nesting that follows */
  g_string_append (deep, "{'\"':");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  root = dd_medusa_json_parse (deep->str, deep->len, "the product list", &error);
  g_assert_null (root);
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  g_clear_error (&error);

  root = dd_medusa_json_parse ("{\"products\":{}}", 15, "x", &error);
  g_assert_no_error (error);
  g_assert_false (dd_medusa_page_parse (root, "products", &items, &count, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_clear_pointer (&root, json_node_unref);

  root = dd_medusa_json_parse ("{\"products\":[]}", 15, "x", &error);
  g_assert_no_error (error);
  g_assert_false (dd_medusa_page_parse (root, "products", &items, &count, &error));
  g_assert_nonnull (strstr (error->message, "count"));
}

void
test_medusa_catalog_register (void)
{
  g_test_add_func ("/dropdeck/net/medusa-catalog/products-become-offers", test_products_become_offers);
  g_test_add_func ("/dropdeck/net/medusa-catalog/products-refused-clearly", test_products_refused_clearly);
  g_test_add_func ("/dropdeck/net/medusa-catalog/locations-become-hubs", test_locations_become_hubs);
  g_test_add_func ("/dropdeck/net/medusa-catalog/locations-refused-clearly", test_locations_refused_clearly);
  g_test_add_func ("/dropdeck/net/medusa-catalog/inventory-becomes-stock", test_inventory_becomes_stock);
  g_test_add_func ("/dropdeck/net/medusa-catalog/inventory-refused-clearly", test_inventory_refused_clearly);
  g_test_add_func ("/dropdeck/net/medusa-catalog/bad-json-is-an-error", test_bad_json_is_an_error);
}
