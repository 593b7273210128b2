/* test-medusa-provider.c — DdMedusaProvider's load_catalog against a
 * loopback SoupServer: the three lists become one catalog, and the
 * connectivity says online, degraded or offline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "dd-medusa-provider.h"
#include "dd-net-error.h"

#include "test-medusa-register.h"

typedef struct
{
  SoupServer *server;
  char *url;
  const char *bad_path;   /* answered with bad data */
  GPtrArray *paths;       /* requested, in order */
} Fixture;

static const char products[] =
  "{\"products\":[{\"id\":\"prod_1\",\"title\":\"Glow Serum\",\"status\":\"published\",\"variants\":["
  "{\"id\":\"variant_1\",\"title\":\"30 ml\",\"sku\":\"GLOW-30\",\"prices\":[{\"amount\":19.99,\"currency_code\":\"eur\",\"rules\":{}}]}]}],"
  "\"count\":1,\"offset\":0,\"limit\":100}";
static const char locations[] =
  "{\"stock_locations\":[{\"id\":\"sloc_1\",\"name\":\"Hub Kreuzberg\",\"metadata\":{\"latitude\":52.4986,\"longitude\":13.403}}],"
  "\"count\":1,\"offset\":0,\"limit\":100}";
static const char locations_bad[] =
  "{\"stock_locations\":[{\"id\":\"sloc_1\",\"name\":\"Hub Kreuzberg\",\"metadata\":{\"latitude\":152.4986,\"longitude\":13.403}}],"
  "\"count\":1,\"offset\":0,\"limit\":100}";
static const char inventory[] =
  "{\"inventory_items\":[{\"id\":\"iitem_1\",\"sku\":\"GLOW-30\",\"location_levels\":["
  "{\"location_id\":\"sloc_1\",\"stocked_quantity\":40,\"reserved_quantity\":3}]}],"
  "\"count\":1,\"offset\":0,\"limit\":100}";

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *fixture = user_data;
  const char *body = "{}";

  g_ptr_array_add (fixture->paths, g_strdup (path));

  if (g_str_equal (path, "/admin/products"))
    body = products;
  else if (g_str_equal (path, "/admin/stock-locations"))
    body = g_strcmp0 (fixture->bad_path, path) == 0 ? locations_bad : locations;
  else if (g_str_equal (path, "/admin/inventory-items"))
    body = inventory;

  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->paths = g_ptr_array_new_with_free_func (g_free);
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, handler_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->server != NULL)
    soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->url, g_free);
  g_clear_pointer (&fixture->paths, g_ptr_array_unref);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static DdCommerceCatalog *
load (Fixture         *fixture,
      DdConnectivity **connectivity_out,
      GError         **error)
{
  g_autoptr(DdMedusaClient) client = dd_medusa_client_new (fixture->url, NULL);
  g_autoptr(DdMedusaProvider) provider = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  DdCommerceCatalog *catalog;

  dd_medusa_client_set_api_key (client, "sk_test");
  provider = dd_medusa_provider_new (client, "EUR");
  g_assert_true (dd_medusa_provider_get_client (provider) == client);
  dd_commerce_provider_load_catalog_async (DD_COMMERCE_PROVIDER (provider), NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  catalog = dd_commerce_provider_load_catalog_finish (DD_COMMERCE_PROVIDER (provider), result, error);
  *connectivity_out = g_object_ref (dd_commerce_provider_get_connectivity (DD_COMMERCE_PROVIDER (provider)));

  return catalog;
}

static int
sort_strings (const char **a,
              const char **b)
{
  return g_strcmp0 (*a, *b);
}

static void
test_loads_catalog (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DdConnectivity) connectivity = NULL;
  g_autoptr(DdCommerceCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  DdStockLevel *level;

  catalog = load (fixture, &connectivity, &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  g_assert_cmpuint (catalog->offers->len, ==, 1);
  g_assert_cmpint (dd_offer_get_price (g_ptr_array_index (catalog->offers, 0))->minor, ==, 1999);
  g_assert_cmpuint (catalog->hubs->len, ==, 1);
  g_assert_cmpuint (catalog->stock->len, ==, 1);
  level = g_ptr_array_index (catalog->stock, 0);
  g_assert_cmpint (dd_stock_level_get_available (level), ==, 37);

  /* The three lists are asked for side by side, in any order. */
  g_assert_cmpuint (fixture->paths->len, ==, 3);
  g_ptr_array_sort (fixture->paths, (GCompareFunc) sort_strings);
  g_assert_cmpstr (g_ptr_array_index (fixture->paths, 0), ==, "/admin/inventory-items");
  g_assert_cmpstr (g_ptr_array_index (fixture->paths, 1), ==, "/admin/products");
  g_assert_cmpstr (g_ptr_array_index (fixture->paths, 2), ==, "/admin/stock-locations");
  g_assert_cmpint (dd_connectivity_get_state (connectivity), ==, DD_CONNECTIVITY_ONLINE);
}

static void
test_bad_data_is_degraded (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(DdConnectivity) connectivity = NULL;
  g_autoptr(DdCommerceCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  fixture->bad_path = "/admin/stock-locations";
  catalog = load (fixture, &connectivity, &error);
  g_assert_null (catalog);
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "stock location “Hub Kreuzberg”"));
  g_assert_cmpint (dd_connectivity_get_state (connectivity), ==, DD_CONNECTIVITY_DEGRADED);
  g_assert_cmpstr (dd_connectivity_get_detail (connectivity), ==, error->message);
  /* The three lists went side by side; the bad one fails the load. */
  g_assert_cmpuint (fixture->paths->len, ==, 3);
}

static void
test_unreachable_is_offline (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(DdConnectivity) connectivity = NULL;
  g_autoptr(DdCommerceCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);

  catalog = load (fixture, &connectivity, &error);
  g_assert_null (catalog);
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED);
  g_assert_cmpint (dd_connectivity_get_state (connectivity), ==, DD_CONNECTIVITY_OFFLINE);
}

void
test_medusa_provider_register (void)
{
  g_test_add ("/dropdeck/net/medusa-provider/loads-catalog", Fixture, NULL,
              fixture_setup, test_loads_catalog, fixture_teardown);
  g_test_add ("/dropdeck/net/medusa-provider/bad-data-is-degraded", Fixture, NULL,
              fixture_setup, test_bad_data_is_degraded, fixture_teardown);
  g_test_add ("/dropdeck/net/medusa-provider/unreachable-is-offline", Fixture, NULL,
              fixture_setup, test_unreachable_is_offline, fixture_teardown);
}
