/* test-demo-commerce-provider.c — simulated buyers deplete stock and never oversell
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-demo-commerce-provider.h"
#include "dd-test-util.h"

typedef struct
{
  GPtrArray              *offers;
  GPtrArray              *hubs;
  GPtrArray              *stock;
  DdDemoCommerceProvider *provider;
  GPtrArray              *placed;
  guint                   updated;
} Fixture;

static DdOffer *
make_offer (const char   *id,
            const char   *sku,
            DdOfferState  state)
{
  DdOffer *offer = dd_offer_new (id, "Heavyweight Box Tee, White, M", sku);
  DdMoney price = dd_money_init (3500, "EUR");

  dd_offer_set_price (offer, &price);
  dd_offer_set_state (offer, state);
  dd_offer_set_per_buyer_cap (offer, 2);

  return offer;
}

static DdStockLevel *
make_level (const char *hub_id,
            const char *sku,
            gint64      on_hand,
            gint64      allocated)
{
  DdStockLevel *level = dd_stock_level_new (hub_id, sku);

  g_assert_true (dd_stock_level_set_on_hand (level, on_hand, NULL));
  if (allocated > 0)
    g_assert_true (dd_stock_level_allocate (level, allocated, NULL));

  return level;
}

/* Counts the units sold on the offer, as the drop session does. */
static void
order_placed_cb (DdCommerceProvider *provider,
                 DdOrder            *order,
                 Fixture            *fixture)
{
  for (guint i = 0; i < fixture->offers->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (fixture->offers, i);

      if (g_str_equal (dd_offer_get_id (offer), dd_order_get_offer_id (order)))
        dd_offer_set_units_sold (offer, dd_offer_get_units_sold (offer) + dd_order_get_quantity (order));
    }
  g_ptr_array_add (fixture->placed, g_object_ref (order));
}

static void
order_updated_cb (DdCommerceProvider *provider,
                  DdOrder            *order,
                  Fixture            *fixture)
{
  g_assert_cmpint (dd_order_get_status (order), ==, DD_ORDER_STATUS_SHIPPED);
  fixture->updated++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->offers = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->hubs = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->stock = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->placed = g_ptr_array_new_with_free_func (g_object_unref);

  /* Next day: no promise a hub could break, so every hub may fulfil it.
   * Hubs have no courier unless a test gives them some. */
  g_ptr_array_add (fixture->offers, make_offer ("offer-live", "HT01-WHT-M", DD_OFFER_STATE_LIVE));
  dd_offer_set_latency_bucket (g_ptr_array_index (fixture->offers, 0), DD_LATENCY_BUCKET_NEXT_DAY);
  dd_offer_set_stock_allocated (g_ptr_array_index (fixture->offers, 0), 8);
  g_ptr_array_add (fixture->offers, make_offer ("offer-draft", "RB03-RST-OS", DD_OFFER_STATE_DRAFT));
  g_ptr_array_add (fixture->hubs, dd_hub_new ("hub-mitte", "Mitte"));
  g_ptr_array_add (fixture->hubs, dd_hub_new ("hub-kreuzberg", "Kreuzberg"));
  g_ptr_array_add (fixture->stock, make_level ("hub-mitte", "HT01-WHT-M", 7, 5));
  g_ptr_array_add (fixture->stock, make_level ("hub-kreuzberg", "HT01-WHT-M", 3, 3));
  g_ptr_array_add (fixture->stock, make_level ("hub-mitte", "RB03-RST-OS", 10, 10));

  fixture->provider = dd_demo_commerce_provider_new (1, fixture->offers, fixture->hubs, fixture->stock);
  g_signal_connect (fixture->provider, "order-placed", G_CALLBACK (order_placed_cb), fixture);
  g_signal_connect (fixture->provider, "order-updated", G_CALLBACK (order_updated_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->provider);
  g_clear_pointer (&fixture->offers, g_ptr_array_unref);
  g_clear_pointer (&fixture->hubs, g_ptr_array_unref);
  g_clear_pointer (&fixture->stock, g_ptr_array_unref);
  g_clear_pointer (&fixture->placed, g_ptr_array_unref);
}

static void
test_never_oversells (Fixture       *fixture,
                      gconstpointer  data)
{
  DdStockLevel *mitte = g_ptr_array_index (fixture->stock, 0);
  DdStockLevel *kreuzberg = g_ptr_array_index (fixture->stock, 1);
  DdStockLevel *draft = g_ptr_array_index (fixture->stock, 2);
  guint units = 0;

  /* 0.5 + 5000 / 250 = 20.5 orders a second for 1.5 s: far more buyers
   * than the 8 units allocated. */
  dd_demo_commerce_provider_set_chat_rate (fixture->provider, 5000.0);
  g_assert_cmpfloat (dd_demo_commerce_provider_get_order_rate (fixture->provider), ==, 20.5);
  dd_demo_commerce_provider_start (fixture->provider);
  dd_test_run_for (1500);

  for (guint i = 0; i < fixture->placed->len; i++)
    {
      DdOrder *order = g_ptr_array_index (fixture->placed, i);

      g_assert_cmpstr (dd_order_get_offer_id (order), ==, "offer-live");
      g_assert_cmpuint (dd_order_get_quantity (order), >=, 1);
      g_assert_cmpuint (dd_order_get_quantity (order), <=, 2);
      g_assert_cmpint (dd_order_get_total (order)->minor, ==, 3500 * (gint64) dd_order_get_quantity (order));
      units += dd_order_get_quantity (order);
    }

  g_assert_cmpuint (units, ==, 8);
  g_assert_cmpint (dd_stock_level_get_allocated (mitte), ==, 0);
  g_assert_cmpint (dd_stock_level_get_allocated (kreuzberg), ==, 0);
  g_assert_cmpint (dd_stock_level_get_allocated (draft), ==, 10);

  /* Stopping ships what waits: the units leave the shelves. */
  dd_demo_commerce_provider_stop (fixture->provider);
  dd_demo_commerce_provider_stop (fixture->provider);
  g_assert_cmpuint (fixture->updated, ==, fixture->placed->len);
  g_assert_cmpint (dd_stock_level_get_reserved (mitte), ==, 0);
  g_assert_cmpint (dd_stock_level_get_reserved (kreuzberg), ==, 0);
  g_assert_cmpint (dd_stock_level_get_on_hand (mitte) + dd_stock_level_get_on_hand (kreuzberg), ==, 10 - 8);
}

/* Units sold per hub, over the orders placed. */
static void
count_units (Fixture *fixture,
             guint   *mitte,
             guint   *kreuzberg)
{
  *mitte = *kreuzberg = 0;
  for (guint i = 0; i < fixture->placed->len; i++)
    {
      DdOrder *order = g_ptr_array_index (fixture->placed, i);

      if (g_str_equal (dd_order_get_hub_id (order), "hub-mitte"))
        *mitte += dd_order_get_quantity (order);
      else if (g_str_equal (dd_order_get_hub_id (order), "hub-kreuzberg"))
        *kreuzberg += dd_order_get_quantity (order);
      else
        g_assert_not_reached ();
    }
}

/* The oversell guard caps an offer by lowering its stock to the units sold
 * plus what may still go: buyers buy exactly that, though the hubs hold
 * more units allocated to it. */
static void
test_capped_offer_sells_its_cap (Fixture       *fixture,
                                 gconstpointer  data)
{
  DdOffer *offer = g_ptr_array_index (fixture->offers, 0);
  DdStockLevel *mitte = g_ptr_array_index (fixture->stock, 0);
  DdStockLevel *kreuzberg = g_ptr_array_index (fixture->stock, 1);
  guint at_mitte, at_kreuzberg;

  /* 2 sold, then capped to 3 more: 20.5 orders a second for 1.5 s. */
  dd_offer_set_units_sold (offer, 2);
  dd_offer_set_stock_allocated (offer, 2 + 3);
  dd_demo_commerce_provider_set_chat_rate (fixture->provider, 5000.0);
  dd_demo_commerce_provider_start (fixture->provider);
  dd_test_run_for (1500);

  count_units (fixture, &at_mitte, &at_kreuzberg);
  g_assert_cmpuint (at_mitte + at_kreuzberg, ==, 3);
  g_assert_cmpuint (dd_offer_get_units_sold (offer), ==, 5);
  g_assert_cmpint (dd_stock_level_get_allocated (mitte) + dd_stock_level_get_allocated (kreuzberg), ==, 8 - 3);
}

/* A two-hour offer is fulfilled only from a hub that can deliver in two
 * hours (open, couriers, a short picking queue): when Mitte's units are
 * gone, buyers do not get Kreuzberg's, which has no courier. */
static void
test_promise_bound_hub (Fixture       *fixture,
                        gconstpointer  data)
{
  DdOffer *offer = g_ptr_array_index (fixture->offers, 0);
  DdStockLevel *mitte = g_ptr_array_index (fixture->stock, 0);
  DdStockLevel *kreuzberg = g_ptr_array_index (fixture->stock, 1);
  guint at_mitte, at_kreuzberg;

  dd_offer_set_latency_bucket (offer, DD_LATENCY_BUCKET_TWO_HOURS);
  dd_hub_set_couriers (g_ptr_array_index (fixture->hubs, 0), 4);
  dd_demo_commerce_provider_set_chat_rate (fixture->provider, 5000.0);
  dd_demo_commerce_provider_start (fixture->provider);
  dd_test_run_for (1500);

  count_units (fixture, &at_mitte, &at_kreuzberg);
  g_assert_cmpuint (at_mitte, ==, 5);
  g_assert_cmpuint (at_kreuzberg, ==, 0);
  g_assert_cmpint (dd_stock_level_get_allocated (mitte), ==, 0);
  g_assert_cmpint (dd_stock_level_get_allocated (kreuzberg), ==, 3);

  /* Couriers arrive at Kreuzberg: it can keep the promise, and sells. */
  dd_hub_set_couriers (g_ptr_array_index (fixture->hubs, 1), 2);
  dd_test_run_for (1000);
  count_units (fixture, &at_mitte, &at_kreuzberg);
  g_assert_cmpuint (at_kreuzberg, ==, 3);
  g_assert_cmpuint (dd_offer_get_units_sold (offer), ==, 8);
}

static void
catalog_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  DdCommerceCatalog **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = dd_commerce_provider_load_catalog_finish (DD_COMMERCE_PROVIDER (source), result, &error);
  g_assert_no_error (error);
}

static void
test_load_catalog (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(DdCommerceCatalog) catalog = NULL;
  DdConnectivity *connectivity;

  dd_commerce_provider_load_catalog_async (DD_COMMERCE_PROVIDER (fixture->provider), NULL, catalog_cb, &catalog);
  while (catalog == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (catalog->offers == fixture->offers);
  g_assert_cmpuint (catalog->hubs->len, ==, 2);
  g_assert_cmpuint (catalog->stock->len, ==, 3);

  connectivity = dd_commerce_provider_get_connectivity (DD_COMMERCE_PROVIDER (fixture->provider));
  g_assert_cmpint (dd_connectivity_get_service (connectivity), ==, DD_SERVICE_COMMERCE);
  g_assert_cmpint (dd_connectivity_get_state (connectivity), ==, DD_CONNECTIVITY_ONLINE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/engine/demo-commerce-provider/never-oversells", Fixture, NULL,
              fixture_setup, test_never_oversells, fixture_teardown);
  g_test_add ("/dropdeck/engine/demo-commerce-provider/capped-offer-sells-its-cap", Fixture, NULL,
              fixture_setup, test_capped_offer_sells_its_cap, fixture_teardown);
  g_test_add ("/dropdeck/engine/demo-commerce-provider/promise-bound-hub", Fixture, NULL,
              fixture_setup, test_promise_bound_hub, fixture_teardown);
  g_test_add ("/dropdeck/engine/demo-commerce-provider/load-catalog", Fixture, NULL,
              fixture_setup, test_load_catalog, fixture_teardown);

  return g_test_run ();
}
