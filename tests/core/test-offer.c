/* test-offer.c — offer fields, validation, bundles and copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-core.h"

typedef struct
{
  DdOffer *offer;
  GHashTable *notifications; /* property name -> count */
} OfferFixture;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  OfferFixture *fixture = user_data;
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (fixture->notifications, pspec->name));

  g_hash_table_insert (fixture->notifications, (gpointer) pspec->name,
                       GUINT_TO_POINTER (count + 1));
}

static guint
notifications (OfferFixture *fixture,
               const char   *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (fixture->notifications, name));
}

static void
offer_setup (OfferFixture  *fixture,
             gconstpointer  data)
{
  DdMoney price = dd_money_init (4990, "EUR");

  fixture->offer = dd_offer_new ("offer-1", "Linen shirt", "SHIRT-LIN-M");
  dd_offer_set_price (fixture->offer, &price);
  fixture->notifications = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (fixture->offer, "notify", G_CALLBACK (notify_cb), fixture);
}

static void
offer_teardown (OfferFixture  *fixture,
                gconstpointer  data)
{
  g_assert_finalize_object (fixture->offer);
  g_hash_table_unref (fixture->notifications);
}

static void
assert_invalid (DdOffer    *offer,
                int         code,
                const char *field_name)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dd_offer_validate (offer, &error));
  g_assert_error (error, DD_CORE_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, field_name));
}

static void
test_defaults (OfferFixture  *fixture,
               gconstpointer  data)
{
  DdOffer *offer = fixture->offer;

  g_assert_cmpstr (dd_offer_get_id (offer), ==, "offer-1");
  g_assert_cmpstr (dd_offer_get_title (offer), ==, "Linen shirt");
  g_assert_cmpstr (dd_offer_get_sku (offer), ==, "SHIRT-LIN-M");
  g_assert_null (dd_offer_get_remote_id (offer));
  g_assert_null (dd_offer_get_compare_at_price (offer));
  g_assert_cmpint (dd_offer_get_state (offer), ==, DD_OFFER_STATE_DRAFT);
  g_assert_cmpint (dd_offer_get_sync_state (offer), ==, DD_SYNC_STATE_SYNCED);
  g_assert_false (dd_offer_is_bundle (offer));
  g_assert_true (dd_offer_validate (offer, NULL));
}

static void
test_validate_names_field (OfferFixture  *fixture,
                           gconstpointer  data)
{
  DdOffer *offer = fixture->offer;
  DdMoney money;

  money = dd_money_init (4990, "EUR");
  dd_offer_set_compare_at_price (offer, &money);
  assert_invalid (offer, DD_CORE_ERROR_INVALID_FIELD, "Compare-at price must be above the price");

  money = dd_money_init (3990, "EUR");
  dd_offer_set_compare_at_price (offer, &money);
  assert_invalid (offer, DD_CORE_ERROR_INVALID_FIELD, "Compare-at price");

  money = dd_money_init (6990, "USD");
  dd_offer_set_compare_at_price (offer, &money);
  assert_invalid (offer, DD_CORE_ERROR_CURRENCY_MISMATCH, "Compare-at price");

  money = dd_money_init (6990, "EUR");
  dd_offer_set_compare_at_price (offer, &money);
  g_assert_true (dd_offer_validate (offer, NULL));

  dd_offer_set_window (offer, 2000000, 1000000);
  assert_invalid (offer, DD_CORE_ERROR_INVALID_FIELD, "Incentive window");
  dd_offer_set_window (offer, 1000000, 2000000);
  g_assert_true (dd_offer_validate (offer, NULL));

  money = dd_money_init (-1, "EUR");
  dd_offer_set_price (offer, &money);
  assert_invalid (offer, DD_CORE_ERROR_INVALID_FIELD, "Price");

  money = dd_money_init (100, "XYZ");
  dd_offer_set_price (offer, &money);
  assert_invalid (offer, DD_CORE_ERROR_UNKNOWN_CURRENCY, "Price");

  money = dd_money_init (100, "EUR");
  dd_offer_set_price (offer, &money);
  dd_offer_set_title (offer, "   ");
  assert_invalid (offer, DD_CORE_ERROR_INVALID_FIELD, "Title");
  dd_offer_set_title (offer, NULL);
  assert_invalid (offer, DD_CORE_ERROR_INVALID_FIELD, "Title");
}

static void
test_notify_only_on_change (OfferFixture  *fixture,
                            gconstpointer  data)
{
  DdOffer *offer = fixture->offer;
  DdMoney price = dd_money_init (4990, "EUR");
  DdMoney compare_at = dd_money_init (5990, "EUR");

  dd_offer_set_title (offer, "Linen shirt");
  dd_offer_set_price (offer, &price);
  dd_offer_set_state (offer, DD_OFFER_STATE_DRAFT);
  dd_offer_set_per_buyer_cap (offer, 0);
  dd_offer_set_compare_at_price (offer, NULL);
  dd_offer_set_window (offer, 0, 0);
  g_assert_cmpuint (g_hash_table_size (fixture->notifications), ==, 0);

  dd_offer_set_title (offer, "Linen shirt, blue");
  dd_offer_set_title (offer, "Linen shirt, blue");
  g_assert_cmpuint (notifications (fixture, "title"), ==, 1);

  price.minor = 3990;
  dd_offer_set_price (offer, &price);
  dd_offer_set_price (offer, &price);
  g_assert_cmpuint (notifications (fixture, "price"), ==, 1);

  dd_offer_set_compare_at_price (offer, &compare_at);
  dd_offer_set_compare_at_price (offer, &compare_at);
  dd_offer_set_compare_at_price (offer, NULL);
  dd_offer_set_compare_at_price (offer, NULL);
  g_assert_cmpuint (notifications (fixture, "compare-at-price"), ==, 2);

  dd_offer_set_state (offer, DD_OFFER_STATE_LIVE);
  dd_offer_set_state (offer, DD_OFFER_STATE_LIVE);
  g_assert_cmpuint (notifications (fixture, "state"), ==, 1);

  dd_offer_set_window (offer, 10, 20);
  dd_offer_set_window (offer, 10, 30);
  g_assert_cmpuint (notifications (fixture, "window-start"), ==, 1);
  g_assert_cmpuint (notifications (fixture, "window-end"), ==, 2);

  dd_offer_set_units_sold (offer, 3);
  dd_offer_set_units_sold (offer, 3);
  g_assert_cmpuint (notifications (fixture, "units-sold"), ==, 1);

  g_object_set (offer, "per-buyer-cap", 2, NULL);
  g_object_set (offer, "per-buyer-cap", 2, NULL);
  g_assert_cmpuint (notifications (fixture, "per-buyer-cap"), ==, 1);
  g_assert_cmpuint (dd_offer_get_per_buyer_cap (offer), ==, 2);

  dd_offer_set_sync_state (offer, DD_SYNC_STATE_PENDING);
  dd_offer_set_sync_state (offer, DD_SYNC_STATE_PENDING);
  g_assert_cmpuint (notifications (fixture, "sync-state"), ==, 1);
}

static void
test_price_property (OfferFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(DdMoney) price = NULL;
  DdMoney compare_at = dd_money_init (5990, "EUR");

  g_object_get (fixture->offer, "price", &price, NULL);
  g_assert_nonnull (price);
  g_assert_cmpint (price->minor, ==, 4990);
  g_assert_cmpstr (price->currency, ==, "EUR");

  g_object_set (fixture->offer, "compare-at-price", &compare_at, NULL);
  g_assert_true (dd_money_equal (dd_offer_get_compare_at_price (fixture->offer), &compare_at));
  g_object_set (fixture->offer, "compare-at-price", NULL, NULL);
  g_assert_null (dd_offer_get_compare_at_price (fixture->offer));
}

static void
test_bundle (OfferFixture  *fixture,
             gconstpointer  data)
{
  g_autoptr(DdOffer) bundle = dd_offer_new ("offer-2", "Summer set", "SET-SUMMER");
  g_autoptr(GError) error = NULL;
  const DdBundleComponent *component;

  g_assert_false (dd_offer_add_component (bundle, "SET-SUMMER", 1, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "bundle itself"));
  g_clear_error (&error);

  g_assert_false (dd_offer_add_component (bundle, "SHIRT-LIN-M", 0, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "quantity"));
  g_clear_error (&error);

  g_assert_false (dd_offer_add_component (bundle, "", 1, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  g_assert_false (dd_offer_is_bundle (bundle));
  g_assert_cmpuint (dd_offer_get_n_components (bundle), ==, 0);

  g_assert_true (dd_offer_add_component (bundle, "SHIRT-LIN-M", 1, &error));
  g_assert_true (dd_offer_add_component (bundle, "SHORTS-M", 2, &error));
  g_assert_true (dd_offer_add_component (bundle, "SHORTS-M", 1, &error));
  g_assert_no_error (error);

  g_assert_true (dd_offer_is_bundle (bundle));
  g_assert_cmpuint (dd_offer_get_n_components (bundle), ==, 2);
  component = dd_offer_get_component (bundle, 1);
  g_assert_cmpstr (component->sku, ==, "SHORTS-M");
  g_assert_cmpuint (component->quantity, ==, 3);
}

static void
test_copy_is_deep (OfferFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr(DdOffer) copy = NULL;
  DdMoney compare_at = dd_money_init (5990, "EUR");
  DdMoney price = dd_money_init (100, "EUR");

  dd_offer_set_compare_at_price (fixture->offer, &compare_at);
  dd_offer_set_remote_id (fixture->offer, "prod_01");
  dd_offer_set_window (fixture->offer, 5, 10);
  dd_offer_set_state (fixture->offer, DD_OFFER_STATE_SCHEDULED);
  dd_offer_set_latency_bucket (fixture->offer, DD_LATENCY_BUCKET_TWO_HOURS);
  g_assert_true (dd_offer_add_component (fixture->offer, "SOCKS", 2, NULL));

  copy = dd_offer_copy (fixture->offer);
  g_assert_true (copy != fixture->offer);
  g_assert_cmpstr (dd_offer_get_id (copy), ==, "offer-1");
  g_assert_cmpstr (dd_offer_get_remote_id (copy), ==, "prod_01");
  g_assert_true (dd_money_equal (dd_offer_get_price (copy), dd_offer_get_price (fixture->offer)));
  g_assert_true (dd_money_equal (dd_offer_get_compare_at_price (copy), &compare_at));
  g_assert_cmpint (dd_offer_get_window_end (copy), ==, 10);
  g_assert_cmpint (dd_offer_get_state (copy), ==, DD_OFFER_STATE_SCHEDULED);
  g_assert_cmpint (dd_offer_get_latency_bucket (copy), ==, DD_LATENCY_BUCKET_TWO_HOURS);
  g_assert_cmpuint (dd_offer_get_n_components (copy), ==, 1);
  g_assert_true (dd_offer_get_component (copy, 0) != dd_offer_get_component (fixture->offer, 0));

  /* Changing the original leaves the copy alone. */
  dd_offer_set_title (fixture->offer, "Changed");
  dd_offer_set_price (fixture->offer, &price);
  dd_offer_set_remote_id (fixture->offer, NULL);
  g_assert_true (dd_offer_add_component (fixture->offer, "SOCKS", 5, NULL));
  g_assert_true (dd_offer_add_component (fixture->offer, "HAT", 1, NULL));

  g_assert_cmpstr (dd_offer_get_title (copy), ==, "Linen shirt");
  g_assert_cmpint (dd_offer_get_price (copy)->minor, ==, 4990);
  g_assert_cmpstr (dd_offer_get_remote_id (copy), ==, "prod_01");
  g_assert_cmpuint (dd_offer_get_n_components (copy), ==, 1);
  g_assert_cmpuint (dd_offer_get_component (copy, 0)->quantity, ==, 2);
}

static void
test_nicks (void)
{
  for (guint i = DD_OFFER_STATE_DRAFT; i <= DD_OFFER_STATE_CANCELLED; i++)
    {
      DdOfferState state;

      g_assert_true (dd_offer_state_from_nick (dd_offer_state_to_nick (i), &state));
      g_assert_cmpint (state, ==, i);
      g_assert_nonnull (dd_offer_state_get_display_name (i));
    }
  g_assert_cmpstr (dd_offer_state_to_nick (DD_OFFER_STATE_SOLD_OUT), ==, "sold-out");
  g_assert_false (dd_offer_state_from_nick ("sold out", NULL));

  for (guint i = DD_LATENCY_BUCKET_TWO_HOURS; i <= DD_LATENCY_BUCKET_POST_DROP; i++)
    {
      DdLatencyBucket bucket;

      g_assert_true (dd_latency_bucket_from_nick (dd_latency_bucket_to_nick (i), &bucket));
      g_assert_cmpint (bucket, ==, i);
      g_assert_nonnull (dd_latency_bucket_get_display_name (i));
    }
  g_assert_false (dd_latency_bucket_from_nick (NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dropdeck/core/offer/" path, OfferFixture, NULL, offer_setup, func, offer_teardown)

  ADD ("defaults", test_defaults);
  ADD ("validate-names-field", test_validate_names_field);
  ADD ("notify-only-on-change", test_notify_only_on_change);
  ADD ("price-property", test_price_property);
  ADD ("bundle", test_bundle);
  ADD ("copy-is-deep", test_copy_is_deep);
  g_test_add_func ("/dropdeck/core/offer/nicks", test_nicks);

#undef ADD

  return g_test_run ();
}
