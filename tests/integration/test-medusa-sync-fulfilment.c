/* test-medusa-sync-fulfilment.c — a real fulfilment in Medusa v2 and the
 * order feed that maps its lines to the hub it ships from
 *
 * Included by test-medusa-sync.c (its fixture and helpers, and those of
 * test-medusa-sync-feed.c; one Medusa for all). Medusa fulfils an order
 * only through a shipping option of a fulfilment set at a stock location,
 * for products of the option's shipping profile, and only lines holding a
 * stock reservation at that location: the case sets all of that up through
 * the Admin API at the seeded Hub Altona, as a shop would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* POST, and the answer. */
static JsonNode *
admin_post_answer (Fixture    *fixture,
                   const char *path,
                   const char *body_text)
{
  g_autoptr(JsonNode) body = json_from_string (body_text, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *answer;

  dd_medusa_client_post_async (fixture->direct, path, body, NULL, store_result_cb, &result);
  answer = dd_medusa_client_post_finish (fixture->direct, wait_for (&result), &error);
  g_assert_no_error (error);
  return answer;
}

/* The id of the first element of a list answer's `member` whose `key`
 * is `value` (any element when `key` is NULL). */
static char *
admin_find_id (Fixture    *fixture,
               const char *path,
               const char *query,
               const char *member,
               const char *key,
               const char *value)
{
  g_autoptr(JsonNode) answer = admin_get (fixture, path, query);
  JsonArray *items = json_object_get_array_member (json_node_get_object (answer), member);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (key == NULL || g_strcmp0 (json_object_get_string_member_with_default (item, key, NULL), value) == 0)
        return g_strdup (json_object_get_string_member (item, "id"));
    }
  g_assert_not_reached ();
}

/* The lines of `order` in the store's order feed. */
static DdOrder *
load_order_line (Fixture    *fixture,
                 const char *order)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = dd_store_load_sync (fixture->store, dd_store_load_orders_async, &error);
  DdOrder *found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < orders->len; i++)
    if (g_str_has_prefix (dd_order_get_id (g_ptr_array_index (orders, i)), order))
      {
        g_assert_null (found);
        found = g_object_ref (g_ptr_array_index (orders, i));
      }
  g_assert_nonnull (found);
  return found;
}

/* A shipping option served from `location` (manual provider, Germany). */
static char *
ship_from (Fixture    *fixture,
           const char *location,
           const char *profile)
{
  g_autofree char *path = g_strdup_printf ("/admin/stock-locations/%s/fulfillment-providers", location);
  g_autofree char *sets = g_strdup_printf ("/admin/stock-locations/%s/fulfillment-sets?fields=*fulfillment_sets",
                                           location);
  g_autofree char *zones = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) with_set = NULL;
  g_autoptr(JsonNode) with_zone = NULL;
  JsonObject *set;
  JsonObject *zone;

  admin_post (fixture, path, "{\"add\": [\"manual_manual\"]}");
  with_set = admin_post_answer (fixture, sets, "{\"name\": \"Altona couriers\", \"type\": \"shipping\"}");
  set = json_array_get_object_element (json_object_get_array_member (
          json_object_get_object_member (json_node_get_object (with_set), "stock_location"), "fulfillment_sets"), 0);
  zones = g_strdup_printf ("/admin/fulfillment-sets/%s/service-zones", json_object_get_string_member (set, "id"));
  with_zone = admin_post_answer (fixture, zones,
                                 "{\"name\": \"Hamburg\", \"geo_zones\": [{\"type\": \"country\", \"country_code\": \"de\"}]}");
  zone = json_array_get_object_element (json_object_get_array_member (
           json_object_get_object_member (json_node_get_object (with_zone), "fulfillment_set"), "service_zones"), 0);
  body = g_strdup_printf ("{\"name\": \"Courier\", \"price_type\": \"flat\", \"service_zone_id\": \"%s\","
                          " \"shipping_profile_id\": \"%s\", \"provider_id\": \"manual_manual\","
                          " \"type\": {\"label\": \"Courier\", \"description\": \"Same day\", \"code\": \"courier\"},"
                          " \"prices\": [{\"currency_code\": \"eur\", \"amount\": 4.9}]}",
                          json_object_get_string_member (zone, "id"), profile);
  return admin_create (fixture, "/admin/shipping-options", body, "shipping_option");
}

/* An order line fulfilled at Hub Altona: the feed shows it placed with no
 * hub, then picking at Altona once Medusa packed it, then shipped. */
static void
test_fulfilment (Fixture       *fixture,
                 gconstpointer  data)
{
  const gint64 hour = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  g_autoptr(GPtrArray) offers = pull_into_store (fixture);
  g_autoptr(JsonNode) placed = NULL;
  g_autoptr(DdOrder) line = NULL;
  DdOffer *glow = find_sku (offers, "GLOW-30");
  g_autofree char *region = admin_find_id (fixture, "/admin/regions", "fields=id", "regions", NULL, NULL);
  g_autofree char *altona = admin_find_id (fixture, "/admin/stock-locations", "fields=id,name",
                                           "stock_locations", "name", "Hub Altona");
  g_autofree char *profile = admin_find_id (fixture, "/admin/shipping-profiles", "fields=id,type",
                                            "shipping_profiles", "type", "default");
  g_autofree char *item = admin_find_id (fixture, "/admin/inventory-items", "sku=GLOW-30&fields=id",
                                         "inventory_items", NULL, NULL);
  g_autofree char *option = ship_from (fixture, altona, profile);
  g_autofree char *product = g_strdup_printf ("/admin/products/%s", dd_offer_get_remote_id (glow));
  g_autofree char *order_path = NULL;
  g_autofree char *order = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *fulfilment = NULL;
  g_autofree char *line_id = NULL;

  body = g_strdup_printf ("{\"shipping_profile_id\": \"%s\"}", profile);
  admin_post (fixture, product, body);
  g_free (body);
  body = g_strdup_printf ("{\"email\": \"buyer@dropdeck.test\", \"region_id\": \"%s\","
                          " \"items\": [{\"variant_id\": \"%s\", \"quantity\": 2}]}", region, dd_offer_get_id (glow));
  order = admin_create (fixture, "/admin/draft-orders", body, "draft_order");
  path = g_strdup_printf ("/admin/draft-orders/%s/convert-to-order", order);
  admin_post (fixture, path, "{}");
  order_path = g_strdup_printf ("/admin/orders/%s", order);
  placed = admin_get (fixture, order_path, "fields=id,items.id");
  line_id = g_strdup (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
                        json_object_get_object_member (json_node_get_object (placed), "order"), "items"), 0), "id"));

  /* Placed: no hub yet. */
  pull_feed (fixture, hour);
  line = load_order_line (fixture, order);
  g_assert_cmpint (dd_order_get_status (line), ==, DD_ORDER_STATUS_PLACED);
  g_assert_null (dd_order_get_hub_id (line));
  g_assert_cmpuint (dd_order_get_quantity (line), ==, 2);
  g_clear_object (&line);

  /* The stock held at Altona for the line, then packed there. */
  g_free (body);
  body = g_strdup_printf ("{\"line_item_id\": \"%s\", \"location_id\": \"%s\", \"inventory_item_id\": \"%s\","
                          " \"quantity\": 2}", line_id, altona, item);
  admin_post (fixture, "/admin/reservations", body);
  g_free (path);
  path = g_strdup_printf ("%s/fulfillments", order_path);
  g_free (body);
  body = g_strdup_printf ("{\"location_id\": \"%s\", \"shipping_option_id\": \"%s\","
                          " \"items\": [{\"id\": \"%s\", \"quantity\": 2}]}", altona, option, line_id);
  admin_post (fixture, path, body);
  pull_feed (fixture, hour);
  line = load_order_line (fixture, order);
  g_assert_cmpint (dd_order_get_status (line), ==, DD_ORDER_STATUS_PICKING);
  g_assert_cmpstr (dd_order_get_hub_id (line), ==, altona);
  g_clear_object (&line);

  /* Shipped. */
  {
    g_autoptr(JsonNode) answer = admin_get (fixture, order_path, "fields=id,*fulfillments");
    JsonArray *fulfilments = json_object_get_array_member (json_object_get_object_member (json_node_get_object (answer),
                                                                                          "order"), "fulfillments");

    g_assert_cmpuint (json_array_get_length (fulfilments), ==, 1);
    fulfilment = g_strdup (json_object_get_string_member (json_array_get_object_element (fulfilments, 0), "id"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (fulfilments, 0), "location_id"),
                     ==, altona);
  }
  g_free (path);
  path = g_strdup_printf ("%s/fulfillments/%s/shipments", order_path, fulfilment);
  g_free (body);
  body = g_strdup_printf ("{\"items\": [{\"id\": \"%s\", \"quantity\": 2}]}", line_id);
  admin_post (fixture, path, body);
  pull_feed (fixture, hour);
  line = load_order_line (fixture, order);
  g_assert_cmpint (dd_order_get_status (line), ==, DD_ORDER_STATUS_SHIPPED);
  g_assert_cmpstr (dd_order_get_hub_id (line), ==, altona);
  g_assert_cmpstr (dd_order_get_offer_id (line), ==, dd_offer_get_id (glow));
}
