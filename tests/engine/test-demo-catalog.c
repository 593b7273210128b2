/* test-demo-catalog.c — the seeded demo drop holds together
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "dd-demo-catalog.h"

#define DROP_START (G_GINT64_CONSTANT (1793000000) * G_USEC_PER_SEC)

typedef struct
{
  DdDemoCatalog *catalog;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->catalog = dd_demo_catalog_new (DROP_START);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->catalog);
}

static DdOffer *
find_offer_by_sku (GPtrArray  *offers,
                   const char *sku)
{
  for (guint i = 0; i < offers->len; i++)
    if (g_str_equal (dd_offer_get_sku (g_ptr_array_index (offers, i)), sku))
      return g_ptr_array_index (offers, i);
  return NULL;
}

static double
distance_km (DdHub *a,
             DdHub *b)
{
  double lat1 = dd_hub_get_latitude (a) * G_PI / 180.0;
  double lat2 = dd_hub_get_latitude (b) * G_PI / 180.0;
  double dlat = lat2 - lat1;
  double dlon = (dd_hub_get_longitude (b) - dd_hub_get_longitude (a)) * G_PI / 180.0;
  double h = sin (dlat / 2) * sin (dlat / 2) + cos (lat1) * cos (lat2) * sin (dlon / 2) * sin (dlon / 2);

  return 2 * 6371.0 * asin (sqrt (h));
}

static void
test_offers (Fixture       *fixture,
             gconstpointer  data)
{
  GPtrArray *offers = dd_demo_catalog_get_offers (fixture->catalog);
  guint bundles = 0, live = 0, scheduled = 0, draft = 0, compare_at = 0;
  g_autoptr(GHashTable) skus = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpstr (dd_demo_catalog_get_title (fixture->catalog), ==, "Autumn Sneaker & Streetwear Drop");
  g_assert_cmpuint (offers->len, >=, 20);

  for (guint i = 0; i < offers->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (offers, i);
      g_autoptr(GError) error = NULL;

      g_assert_true (dd_offer_validate (offer, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (dd_offer_get_price (offer)->currency, ==, "EUR");
      g_assert_cmpint (dd_offer_get_price (offer)->minor, >, 0);
      g_assert_true (g_hash_table_add (skus, (gpointer) dd_offer_get_sku (offer)));
      /* SKUs look like AA12-WHT-42. */
      g_assert_true (g_regex_match_simple ("^[A-Z]{2}[0-9]{2}-[A-Z]{3}-[A-Z0-9]+$",
                                           dd_offer_get_sku (offer), 0, 0));

      if (dd_offer_get_compare_at_price (offer) != NULL)
        {
          compare_at++;
          g_assert_cmpint (dd_offer_get_compare_at_price (offer)->minor, >, dd_offer_get_price (offer)->minor);
        }

      switch (dd_offer_get_state (offer))
        {
        case DD_OFFER_STATE_LIVE:
          live++;
          /* Live offers are inside their window around the drop start. */
          g_assert_cmpint (dd_offer_get_window_start (offer), <=, DROP_START);
          g_assert_cmpint (dd_offer_get_window_end (offer), >, DROP_START);
          break;
        case DD_OFFER_STATE_SCHEDULED:
          scheduled++;
          g_assert_cmpint (dd_offer_get_window_start (offer), >, DROP_START);
          break;
        case DD_OFFER_STATE_DRAFT:
          draft++;
          break;
        case DD_OFFER_STATE_PAUSED:
        case DD_OFFER_STATE_SOLD_OUT:
        case DD_OFFER_STATE_ENDED:
        case DD_OFFER_STATE_CANCELLED:
        default:
          break;
        }

      if (dd_offer_is_bundle (offer))
        bundles++;
    }

  g_assert_cmpuint (bundles, >=, 4);
  g_assert_cmpuint (live, >, 0);
  g_assert_cmpuint (scheduled, >, 0);
  g_assert_cmpuint (draft, >, 0);
  g_assert_cmpuint (compare_at, >, 0);

  /* Every bundle component is an offer of the drop, and not a bundle. */
  for (guint i = 0; i < offers->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (offers, i);

      if (!dd_offer_is_bundle (offer))
        continue;

      g_assert_cmpuint (dd_offer_get_n_components (offer), >=, 2);
      for (guint c = 0; c < dd_offer_get_n_components (offer); c++)
        {
          const DdBundleComponent *component = dd_offer_get_component (offer, c);
          DdOffer *part = find_offer_by_sku (offers, component->sku);

          g_assert_nonnull (part);
          g_assert_false (dd_offer_is_bundle (part));
          g_assert_cmpuint (component->quantity, >, 0);
        }
    }
}

static void
test_hubs (Fixture       *fixture,
           gconstpointer  data)
{
  GPtrArray *hubs = dd_demo_catalog_get_hubs (fixture->catalog);

  g_assert_cmpuint (hubs->len, >=, 5);

  for (guint i = 0; i < hubs->len; i++)
    {
      DdHub *hub = g_ptr_array_index (hubs, i);

      g_assert_true (dd_coordinates_validate (dd_hub_get_latitude (hub), dd_hub_get_longitude (hub), NULL));
      /* Berlin. */
      g_assert_cmpfloat (dd_hub_get_latitude (hub), >, 52.3);
      g_assert_cmpfloat (dd_hub_get_latitude (hub), <, 52.7);
      g_assert_cmpfloat (dd_hub_get_longitude (hub), >, 13.1);
      g_assert_cmpfloat (dd_hub_get_longitude (hub), <, 13.7);
      g_assert_cmpuint (dd_hub_get_capacity_per_hour (hub), >, 0);
      g_assert_cmpuint (dd_hub_get_couriers (hub), >, 0);
      g_assert_cmpuint (dd_hub_get_cutoff_minute (hub), <, 24 * 60);
      g_assert_nonnull (dd_hub_get_address (hub));
      g_assert_true (g_str_has_suffix (dd_hub_get_address (hub), "Berlin"));

      for (guint j = i + 1; j < hubs->len; j++)
        {
          double km = distance_km (hub, g_ptr_array_index (hubs, j));
          g_assert_cmpfloat (km, <, 15.0);
          g_assert_cmpfloat (km, >, 0.5);
        }
    }
}

static void
test_stock (Fixture       *fixture,
            gconstpointer  data)
{
  GPtrArray *offers = dd_demo_catalog_get_offers (fixture->catalog);
  GPtrArray *hubs = dd_demo_catalog_get_hubs (fixture->catalog);
  GPtrArray *stock = dd_demo_catalog_get_stock (fixture->catalog);
  g_autoptr(GHashTable) hub_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < hubs->len; i++)
    g_hash_table_add (hub_ids, (gpointer) dd_hub_get_id (g_ptr_array_index (hubs, i)));

  g_assert_cmpuint (stock->len, >, offers->len);

  for (guint i = 0; i < stock->len; i++)
    {
      DdStockLevel *level = g_ptr_array_index (stock, i);
      DdOffer *offer = find_offer_by_sku (offers, dd_stock_level_get_sku (level));

      g_assert_nonnull (offer);
      g_assert_true (g_hash_table_contains (hub_ids, dd_stock_level_get_hub_id (level)));
      g_assert_true (g_hash_table_add (pairs, g_strconcat (dd_stock_level_get_hub_id (level), "/",
                                                           dd_stock_level_get_sku (level), NULL)));
      g_assert_cmpint (dd_stock_level_get_on_hand (level), >, 0);
      g_assert_cmpint (dd_stock_level_get_reserved (level), ==, 0);
      g_assert_cmpint (dd_stock_level_get_allocated (level), >=, 0);
      g_assert_cmpint (dd_stock_level_get_available (level), >=, 0);
      g_assert_cmpint (dd_stock_level_get_reserved (level) + dd_stock_level_get_allocated (level), <=,
                       dd_stock_level_get_on_hand (level));
      if (dd_offer_get_state (offer) == DD_OFFER_STATE_DRAFT)
        g_assert_cmpint (dd_stock_level_get_allocated (level), ==, 0);
    }

  /* The offer's allocation is the sum of its hubs' allocations. */
  for (guint i = 0; i < offers->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (offers, i);
      gint64 sum = 0;
      guint n_hubs = 0;

      for (guint k = 0; k < stock->len; k++)
        {
          DdStockLevel *level = g_ptr_array_index (stock, k);

          if (g_str_equal (dd_stock_level_get_sku (level), dd_offer_get_sku (offer)))
            {
              sum += dd_stock_level_get_allocated (level);
              n_hubs++;
            }
        }

      g_assert_cmpint (sum, ==, dd_offer_get_stock_allocated (offer));
      g_assert_cmpuint (n_hubs, >=, 2);
      if (dd_offer_get_state (offer) == DD_OFFER_STATE_LIVE)
        g_assert_cmpint (sum, >, 0);
    }
}

/* Bundles promise what their components' stock allows; the Cold Snap Set
 * needs a cross-hub pick (its beanie is where its hoodie is not). */
static void
test_bundle_buckets (Fixture       *fixture,
                     gconstpointer  data)
{
  GPtrArray *offers = dd_demo_catalog_get_offers (fixture->catalog);
  guint n_bundles = 0, n_cross_hub = 0;

  for (guint i = 0; i < offers->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (offers, i);
      DdBundleFulfilment fulfilment;

      if (!dd_offer_is_bundle (offer))
        continue;
      dd_bundle_derive_fulfilment (offer, dd_demo_catalog_get_stock (fixture->catalog),
                                   dd_demo_catalog_get_hubs (fixture->catalog), &fulfilment);
      g_assert_cmpint (dd_offer_get_latency_bucket (offer), ==, fulfilment.bucket);
      n_bundles++;
      if (fulfilment.cross_hub)
        {
          g_assert_cmpstr (dd_offer_get_sku (offer), ==, "BN03-CLD-M");
          g_assert_cmpint (fulfilment.bucket, ==, DD_LATENCY_BUCKET_SAME_DAY);
          n_cross_hub++;
        }
    }
  g_assert_cmpuint (n_bundles, ==, 5);
  g_assert_cmpuint (n_cross_hub, ==, 1);
}

static void
test_checklists (Fixture       *fixture,
                 gconstpointer  data)
{
  GPtrArray *checklists = dd_demo_catalog_get_checklists (fixture->catalog);
  gboolean owned[DD_N_ROLES] = { FALSE };
  gboolean phases[3] = { FALSE };
  DdChecklist *pre_drop = NULL;
  guint n_done = 0;
  guint n_open = 0;

  g_assert_cmpuint (checklists->len, ==, 3);

  for (guint i = 0; i < checklists->len; i++)
    {
      DdChecklist *checklist = g_ptr_array_index (checklists, i);
      g_autoptr(GError) error = NULL;

      g_assert_true (dd_checklist_validate (checklist, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (checklist)), >, 0);
      phases[dd_checklist_get_phase (checklist)] = TRUE;
      if (dd_checklist_get_phase (checklist) == DD_CHECKLIST_PHASE_PRE_DROP)
        pre_drop = checklist;
    }

  g_assert_true (phases[0] && phases[1] && phases[2]);
  g_assert_nonnull (pre_drop);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pre_drop)), >=, 10);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pre_drop)); i++)
    {
      g_autoptr(DdChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (pre_drop), i);

      owned[dd_checklist_item_get_owner (item)] = TRUE;
      g_assert_cmpint (dd_checklist_item_get_due_offset (item), <=, 0);
      /* What was due well before the demo opens is signed off by its owner;
       * what is left is due in the last minutes, so nothing starts overdue. */
      if (dd_checklist_item_get_state (item) == DD_CHECKLIST_ITEM_DONE)
        {
          g_autofree char *signer = dd_checklist_item_dup_signer_label (item);

          g_assert_nonnull (signer);
          g_assert_true (g_str_has_prefix (dd_checklist_item_get_signed_by (item),
                                           dd_role_to_nick (dd_checklist_item_get_owner (item))));
          n_done++;
        }
      else
        {
          g_assert_cmpint (dd_checklist_item_get_state (item), ==, DD_CHECKLIST_ITEM_OPEN);
          g_assert_cmpint (dd_checklist_item_get_due_offset (item), >=, -60);
          n_open++;
        }
    }
  g_assert_cmpuint (n_done, >, 0);
  g_assert_cmpuint (n_open, >=, 3);
  for (guint r = 0; r < DD_N_ROLES; r++)
    g_assert_true (owned[r]);

  /* The playbook's load test is there, and the go/no-go waits on others. */
  g_assert_nonnull (dd_checklist_lookup (pre_drop, "load-test"));
  g_assert_nonnull (dd_checklist_lookup (pre_drop, "go-no-go"));
  g_assert_nonnull (dd_checklist_item_get_depends_on (dd_checklist_lookup (pre_drop, "go-no-go"))[0]);
  /* The poll item waits for the others but cannot block the poll's GO. */
  g_assert_false (dd_checklist_item_get_blocking (dd_checklist_lookup (pre_drop, "go-no-go")));
  g_assert_true (dd_checklist_item_get_blocking (dd_checklist_lookup (pre_drop, "stock-allocation")));
  g_assert_cmpstr (dd_checklist_item_get_title (dd_checklist_lookup (pre_drop, "load-test")), ==,
                   "Run the synthetic load test (5,000 viewers)");
}

static void
test_same_every_time (void)
{
  g_autoptr(DdDemoCatalog) a = dd_demo_catalog_new (DROP_START);
  g_autoptr(DdDemoCatalog) b = dd_demo_catalog_new (DROP_START);
  GPtrArray *stock_a = dd_demo_catalog_get_stock (a);
  GPtrArray *stock_b = dd_demo_catalog_get_stock (b);

  g_assert_cmpuint (stock_a->len, ==, stock_b->len);
  for (guint i = 0; i < stock_a->len; i++)
    g_assert_cmpint (dd_stock_level_get_on_hand (g_ptr_array_index (stock_a, i)), ==,
                     dd_stock_level_get_on_hand (g_ptr_array_index (stock_b, i)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/engine/demo-catalog/offers", Fixture, NULL, fixture_setup, test_offers, fixture_teardown);
  g_test_add ("/dropdeck/engine/demo-catalog/hubs", Fixture, NULL, fixture_setup, test_hubs, fixture_teardown);
  g_test_add ("/dropdeck/engine/demo-catalog/stock", Fixture, NULL, fixture_setup, test_stock, fixture_teardown);
  g_test_add ("/dropdeck/engine/demo-catalog/bundle-buckets", Fixture, NULL, fixture_setup, test_bundle_buckets, fixture_teardown);
  g_test_add ("/dropdeck/engine/demo-catalog/checklists", Fixture, NULL, fixture_setup, test_checklists, fixture_teardown);
  g_test_add_func ("/dropdeck/engine/demo-catalog/same-every-time", test_same_every_time);

  return g_test_run ();
}
