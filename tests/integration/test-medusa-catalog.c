/* test-medusa-catalog.c — the Medusa provider's catalog pull against a real
 * Medusa v2 on PostgreSQL 15
 *
 * build-aux/medusa.sh installs Medusa (npm ci from the committed lock),
 * starts it with its own PostgreSQL cluster in a temporary folder on
 * 127.0.0.1, and seeds 3 products x 2 variants with EUR prices, 2 stock
 * locations with hub data in metadata, inventory levels and a reservation
 * through the Admin API. The provider's load_catalog must bring all of it
 * back field by field, prices exact to the cent. Medusa and PostgreSQL are
 * stopped by the PIDs the script recorded, also when a check fails or the
 * test is killed. When the package registry cannot be reached, the test
 * prints SKIPPED and why, and exits 77.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-medusa-money.h"
#include "dd-medusa-provider.h"
#include "dd-net-error.h"

#include "test-medusa-fixture.c"

static DdCommerceCatalog *
load_catalog (DdMedusaClient  *client,
              GError         **error)
{
  g_autoptr(DdMedusaProvider) provider = dd_medusa_provider_new (client, "EUR");
  g_autoptr(GAsyncResult) result = NULL;
  DdConnectivity *connectivity = dd_commerce_provider_get_connectivity (DD_COMMERCE_PROVIDER (provider));
  DdCommerceCatalog *catalog;

  dd_commerce_provider_load_catalog_async (DD_COMMERCE_PROVIDER (provider), NULL,
                                           store_result_cb, &result);
  catalog = dd_commerce_provider_load_catalog_finish (DD_COMMERCE_PROVIDER (provider),
                                                      wait_for (&result), error);
  g_assert_cmpint (dd_connectivity_get_state (connectivity), ==,
                   catalog != NULL ? DD_CONNECTIVITY_ONLINE : DD_CONNECTIVITY_DEGRADED);

  return catalog;
}

static DdOffer *
find_offer (DdCommerceCatalog *catalog,
            const char        *sku)
{
  for (guint i = 0; i < catalog->offers->len; i++)
    if (g_str_equal (dd_offer_get_sku (g_ptr_array_index (catalog->offers, i)), sku))
      return g_ptr_array_index (catalog->offers, i);
  return NULL;
}

static DdHub *
find_hub (DdCommerceCatalog *catalog,
          const char        *name)
{
  for (guint i = 0; i < catalog->hubs->len; i++)
    if (g_str_equal (dd_hub_get_name (g_ptr_array_index (catalog->hubs, i)), name))
      return g_ptr_array_index (catalog->hubs, i);
  return NULL;
}

static DdStockLevel *
find_level (DdCommerceCatalog *catalog,
            DdHub             *hub,
            const char        *sku)
{
  for (guint i = 0; i < catalog->stock->len; i++)
    {
      DdStockLevel *level = g_ptr_array_index (catalog->stock, i);

      if (g_str_equal (dd_stock_level_get_sku (level), sku) &&
          g_str_equal (dd_stock_level_get_hub_id (level), dd_hub_get_id (hub)))
        return level;
    }
  return NULL;
}

static void
check_catalog (DdCommerceCatalog *catalog)
{
  static const struct { const char *sku, *title; gint64 cents; } offers[] = {
    { "GLOW-30", "Glow Serum — 30 ml", 1999 },
    { "GLOW-50", "Glow Serum — 50 ml", 4990 },
    { "TEE-M", "Drop Tee — M", 2995 },
    { "TEE-L", "Drop Tee — L", 30 },
    { "LAMP-B", "Night Lamp — Black", 12900 },
    { "LAMP-W", "Night Lamp — White", 100000001 },
  };
  static const struct { const char *hub, *sku; gint64 on_hand, reserved; } levels[] = {
    { "Hub Kreuzberg", "GLOW-30", 40, 3 }, { "Hub Kreuzberg", "GLOW-50", 25, 0 },
    { "Hub Kreuzberg", "TEE-M", 10, 0 }, { "Hub Kreuzberg", "TEE-L", 12, 0 },
    { "Hub Kreuzberg", "LAMP-B", 5, 0 }, { "Hub Kreuzberg", "LAMP-W", 0, 0 },
    { "Hub Altona", "GLOW-30", 15, 0 }, { "Hub Altona", "TEE-M", 8, 0 },
  };
  DdHub *hub;

  g_assert_cmpuint (catalog->offers->len, ==, G_N_ELEMENTS (offers));
  for (guint i = 0; i < G_N_ELEMENTS (offers); i++)
    {
      DdOffer *offer = find_offer (catalog, offers[i].sku);

      g_assert_nonnull (offer);
      if (offer == NULL)
        continue;
      g_assert_cmpstr (dd_offer_get_title (offer), ==, offers[i].title);
      g_assert_cmpint (dd_offer_get_price (offer)->minor, ==, offers[i].cents);
      g_assert_cmpstr (dd_offer_get_price (offer)->currency, ==, "EUR");
      g_assert_true (g_str_has_prefix (dd_offer_get_id (offer), "variant_"));
      g_assert_true (g_str_has_prefix (dd_offer_get_remote_id (offer), "prod_"));
      g_assert_cmpint (dd_offer_get_state (offer), ==, DD_OFFER_STATE_SCHEDULED);
      g_assert_cmpint (dd_offer_get_sync_state (offer), ==, DD_SYNC_STATE_SYNCED);
    }
  g_assert_cmpstr (dd_offer_get_remote_id (find_offer (catalog, "GLOW-30")), ==,
                   dd_offer_get_remote_id (find_offer (catalog, "GLOW-50")));

  g_assert_cmpuint (catalog->hubs->len, ==, 2);
  hub = find_hub (catalog, "Hub Kreuzberg");
  g_assert_nonnull (hub);
  if (hub != NULL)
    {
      g_assert_true (g_str_has_prefix (dd_hub_get_id (hub), "sloc_"));
      g_assert_cmpfloat (dd_hub_get_latitude (hub), ==, 52.4986);
      g_assert_cmpfloat (dd_hub_get_longitude (hub), ==, 13.403);
      g_assert_cmpuint (dd_hub_get_capacity_per_hour (hub), ==, 120);
      g_assert_cmpuint (dd_hub_get_couriers (hub), ==, 6);
      g_assert_cmpuint (dd_hub_get_cutoff_minute (hub), ==, 960);
      g_assert_cmpstr (dd_hub_get_address (hub), ==, "Oranienstraße 1, 10999 Berlin");
    }
  hub = find_hub (catalog, "Hub Altona");
  g_assert_nonnull (hub);
  if (hub != NULL)
    {
      g_assert_cmpfloat (dd_hub_get_latitude (hub), ==, 53.5503);
      g_assert_cmpfloat (dd_hub_get_longitude (hub), ==, 9.9358);
      g_assert_cmpuint (dd_hub_get_capacity_per_hour (hub), ==, 80);
      g_assert_cmpuint (dd_hub_get_couriers (hub), ==, 4);
      g_assert_cmpuint (dd_hub_get_cutoff_minute (hub), ==, 900);
      g_assert_cmpstr (dd_hub_get_address (hub), ==, "Große Bergstraße 160, 22767 Hamburg");
    }

  g_assert_cmpuint (catalog->stock->len, ==, G_N_ELEMENTS (levels));
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      DdStockLevel *level;

      hub = find_hub (catalog, levels[i].hub);
      if (hub == NULL)
        continue;
      level = find_level (catalog, hub, levels[i].sku);
      g_assert_nonnull (level);
      if (level == NULL)
        continue;
      g_assert_cmpint (dd_stock_level_get_on_hand (level), ==, levels[i].on_hand);
      g_assert_cmpint (dd_stock_level_get_reserved (level), ==, levels[i].reserved);
    }
}

static void
test_catalog_with_api_key (void)
{
  g_autofree char *url = read_server_file ("url");
  g_autofree char *key = read_server_file ("api-key");
  g_autoptr(DdMedusaClient) client = dd_medusa_client_new (url, NULL);
  g_autoptr(DdCommerceCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  dd_medusa_client_set_api_key (client, key);
  catalog = load_catalog (client, &error);
  g_assert_no_error (error);
  g_test_message ("load_catalog took %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  if (catalog != NULL)
    check_catalog (catalog);
}

static void
test_catalog_with_login (void)
{
  g_autofree char *url = read_server_file ("url");
  g_autofree char *email = read_server_file ("admin-email");
  g_autofree char *password = read_server_file ("admin-password");
  g_autoptr(DdMedusaClient) client = dd_medusa_client_new (url, NULL);
  g_autoptr(DdCommerceCatalog) catalog = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dd_medusa_client_login_async (client, email, "not-the-password", NULL, store_result_cb, &result);
  g_assert_false (dd_medusa_client_login_finish (client, wait_for (&result), &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED);
  g_test_message ("wrong password: %s", error->message);
  g_assert_nonnull (strstr (error->message, "refused the credentials"));
  g_clear_error (&error);
  g_clear_object (&result);

  dd_medusa_client_login_async (client, email, password, NULL, store_result_cb, &result);
  g_assert_true (dd_medusa_client_login_finish (client, wait_for (&result), &error));
  g_assert_no_error (error);

  catalog = load_catalog (client, &error);
  g_assert_no_error (error);
  if (catalog != NULL)
    check_catalog (catalog);
}

static void
test_wrong_api_key (void)
{
  g_autofree char *url = read_server_file ("url");
  g_autoptr(DdMedusaClient) client = dd_medusa_client_new (url, NULL);
  g_autoptr(DdCommerceCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  dd_medusa_client_set_api_key (client, "sk_not_a_key");
  catalog = load_catalog (client, &error);
  g_assert_null (catalog);
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED);
  g_test_message ("wrong key: %s", error->message);
  /* The catalog's first requests (products, stock locations, …) run side by
   * side: the message names whichever was refused first. */
  g_assert_nonnull (strstr (error->message, "Medusa refused the credentials for GET /admin/"));
  g_assert_nonnull (strstr (error->message, "(HTTP 401)"));
}

static JsonNode *
post (DdMedusaClient  *client,
      const char      *path,
      const char      *json_body,
      const DdMoney   *amount,
      GError         **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (amount != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "prices");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "currency_code");
      json_builder_add_string_value (builder, "eur");
      json_builder_set_member_name (builder, "amount");
      json_builder_add_value (builder, dd_medusa_money_to_json (amount));
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);
    }
  else
    body = json_from_string (json_body, NULL);

  dd_medusa_client_post_async (client, path, body, NULL, store_result_cb, &result);
  return dd_medusa_client_post_finish (client, wait_for (&result), error);
}

/* Prices written by Dropdeck come back from Medusa to the cent. */
static void
test_prices_round_trip (void)
{
  static const gint64 amounts[] = { 1999, 30, 4990, 100000001, 1 };
  g_autofree char *url = read_server_file ("url");
  g_autofree char *key = read_server_file ("api-key");
  g_autoptr(DdMedusaClient) client = dd_medusa_client_new (url, NULL);
  g_autoptr(DdCommerceCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  DdOffer *offer;

  dd_medusa_client_set_api_key (client, key);
  catalog = load_catalog (client, &error);
  g_assert_no_error (error);
  if (catalog == NULL || (offer = find_offer (catalog, "TEE-L")) == NULL)
    return;
  path = g_strdup_printf ("/admin/products/%s/variants/%s",
                          dd_offer_get_remote_id (offer), dd_offer_get_id (offer));

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      DdMoney price = dd_money_init (amounts[i], "EUR");
      g_autoptr(JsonNode) answer = post (client, path, NULL, &price, &error);
      g_autoptr(DdCommerceCatalog) again = NULL;
      DdOffer *updated;

      g_assert_no_error (error);
      g_assert_nonnull (answer);
      again = load_catalog (client, &error);
      g_assert_no_error (error);
      if (again == NULL || (updated = find_offer (again, "TEE-L")) == NULL)
        return;
      g_assert_cmpint (dd_offer_get_price (updated)->minor, ==, amounts[i]);
    }

  /* Medusa refuses unknown fields; its reason reaches the person. */
  {
    g_autoptr(JsonNode) answer = post (client, path, "{\"colour\": \"red\"}", NULL, &error);

    g_assert_null (answer);
    g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_REJECTED);
    g_test_message ("unknown field: %s", error->message);
    g_assert_true (g_str_has_prefix (error->message, "Medusa rejected POST /admin/products/"));
    g_assert_nonnull (strstr (error->message, "(HTTP 400): "));
    g_assert_nonnull (strstr (error->message, "colour"));
  }
}

#include "test-medusa-preflight.c"

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  status = medusa_fixture_begin ();
  if (status != 0)
    return status;

  g_test_add_func ("/dropdeck/integration/medusa/catalog-with-api-key", test_catalog_with_api_key);
  g_test_add_func ("/dropdeck/integration/medusa/catalog-with-login", test_catalog_with_login);
  g_test_add_func ("/dropdeck/integration/medusa/wrong-api-key", test_wrong_api_key);
  g_test_add_func ("/dropdeck/integration/medusa/prices-round-trip", test_prices_round_trip);
  /* Last: they add a region, shipping, a probe product and orders. */
  g_test_add_func ("/dropdeck/integration/medusa/preflight-checkout", test_preflight_checkout);
  g_test_add_func ("/dropdeck/integration/medusa/preflight-checkout-wrong-key", test_preflight_checkout_wrong_key);

  status = g_test_run ();
  g_free (publishable_key);
  g_free (probe_variant);
  return medusa_fixture_end (status);
}
