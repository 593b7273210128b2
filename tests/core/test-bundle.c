/* test-bundle.c — bundle components as text, cycles through other bundles,
 * the latency bucket derived from where components are stocked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-core.h"

static void
assert_message_has (const GError *error,
                    const char   *part)
{
  g_assert_nonnull (error);
  if (strstr (error->message, part) == NULL)
    g_error ("“%s” is not in “%s”", part, error->message);
}

static DdOffer *
bundle_of (const char *sku,
           const char *components)
{
  DdOffer *offer = dd_offer_new (sku, sku, sku);
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_bundle_parse_components (offer, components, &error));
  g_assert_no_error (error);
  return offer;
}

static void
test_parse_and_format (void)
{
  g_autoptr(DdOffer) offer = dd_offer_new ("o", "Kit", "KIT-1");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;

  g_assert_true (dd_bundle_parse_components (offer, " AA12-WHT-42 × 1, CS05 x 2 ,HT01*3, BOX-X, CS05 × 1", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dd_offer_get_n_components (offer), ==, 4);
  text = dd_bundle_format_components (offer);
  g_assert_cmpstr (text, ==, "AA12-WHT-42 × 1, CS05 × 3, HT01 × 3, BOX-X × 1");

  /* The shown text parses back to the same components. */
  g_assert_true (dd_bundle_parse_components (offer, text, &error));
  again = dd_bundle_format_components (offer);
  g_assert_cmpstr (again, ==, text);

  /* Empty text: a single product again. */
  g_assert_true (dd_bundle_parse_components (offer, "  ", &error));
  g_assert_false (dd_offer_is_bundle (offer));
}

static void
test_parse_refuses (void)
{
  const struct { const char *text; const char *part; } cases[] = {
    { "KIT-1 × 1", "KIT-1" },          /* the bundle itself */
    { "A × 0", "quantity" },
    { "A × two", "two" },
    { "A × 99999999999999999999", "99999999999999999999" },
    { "A × -1", "-1" },
    { "A B × 1", "separate components with commas" },
    { "× 2", "SKU" },
  };
  g_autoptr(DdOffer) offer = bundle_of ("KIT-1", "A × 1, B × 2");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      g_assert_false (dd_bundle_parse_components (offer, cases[i].text, &error));
      g_assert_true (error->domain == DD_CORE_ERROR);
      assert_message_has (error, "Bundle components");
      assert_message_has (error, cases[i].part);
      /* Nothing changed. */
      text = dd_bundle_format_components (offer);
      g_assert_cmpstr (text, ==, "A × 1, B × 2");
    }
}

static void
test_cycles (void)
{
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(DdOffer) edited = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (offers, bundle_of ("BN01", "SOCKS × 1, SHOE × 1"));
  g_ptr_array_add (offers, bundle_of ("BN02", "BN01 × 1, TEE × 2"));
  g_ptr_array_add (offers, bundle_of ("BN03", "BN02 × 1"));
  g_ptr_array_add (offers, dd_offer_new ("tee", "Tee", "TEE"));

  /* Nesting without a cycle is fine. */
  edited = bundle_of ("BN04", "BN03 × 1, BN01 × 1");
  g_assert_true (dd_bundle_check_no_cycle (edited, offers, &error));
  g_assert_no_error (error);
  g_clear_object (&edited);

  /* BN01 taking BN03, which holds BN02, which holds BN01. */
  edited = bundle_of ("BN01", "SOCKS × 1, BN03 × 1");
  g_assert_false (dd_bundle_check_no_cycle (edited, offers, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  assert_message_has (error, "Bundle components");
  assert_message_has (error, "BN01 → BN03 → BN02 → BN01");
  g_clear_error (&error);
  g_clear_object (&edited);

  /* A cycle elsewhere does not hang or blame this bundle. */
  g_object_unref (g_ptr_array_steal_index (offers, 0));
  g_ptr_array_add (offers, bundle_of ("BN01", "BN02 × 1"));
  edited = bundle_of ("BN05", "BN02 × 1");
  g_assert_true (dd_bundle_check_no_cycle (edited, offers, &error));
  g_assert_no_error (error);
}

static DdStockLevel *
level (const char *hub,
       const char *sku,
       gint64      on_hand)
{
  DdStockLevel *stock = dd_stock_level_new (hub, sku);

  g_assert_true (dd_stock_level_set_on_hand (stock, on_hand, NULL));
  return stock;
}

static void
test_derive_fulfilment (void)
{
  g_autoptr(GPtrArray) hubs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) stock = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(DdOffer) kit = bundle_of ("KIT", "SHOE × 1, SOCKS × 2");
  g_autoptr(DdOffer) single = dd_offer_new ("shoe", "Shoe", "SHOE");
  DdBundleFulfilment out;
  DdHub *mitte = dd_hub_new ("mitte", "Mitte");
  DdHub *wedding = dd_hub_new ("wedding", "Wedding");

  dd_hub_set_open (mitte, TRUE);
  dd_hub_set_open (wedding, TRUE);
  g_ptr_array_add (hubs, mitte);
  g_ptr_array_add (hubs, wedding);

  /* Nothing stocked: post-drop follow-up. */
  dd_bundle_derive_fulfilment (kit, stock, hubs, &out);
  g_assert_cmpint (out.bucket, ==, DD_LATENCY_BUCKET_POST_DROP);
  g_assert_false (out.cross_hub);

  /* Shoes at Mitte, socks at Wedding: a cross-hub pick, same day. */
  g_ptr_array_add (stock, level ("mitte", "SHOE", 5));
  g_ptr_array_add (stock, level ("wedding", "SOCKS", 4));
  dd_bundle_derive_fulfilment (kit, stock, hubs, &out);
  g_assert_cmpint (out.bucket, ==, DD_LATENCY_BUCKET_SAME_DAY);
  g_assert_true (out.cross_hub);
  dd_bundle_derive_fulfilment (single, stock, hubs, &out);
  g_assert_cmpint (out.bucket, ==, DD_LATENCY_BUCKET_TWO_HOURS);

  /* One sock at Mitte is not the two the kit needs; two are. */
  g_ptr_array_add (stock, level ("mitte", "SOCKS", 1));
  dd_bundle_derive_fulfilment (kit, stock, hubs, &out);
  g_assert_true (out.cross_hub);
  g_assert_true (dd_stock_level_set_on_hand (g_ptr_array_index (stock, 2), 2, NULL));
  dd_bundle_derive_fulfilment (kit, stock, hubs, &out);
  g_assert_cmpint (out.bucket, ==, DD_LATENCY_BUCKET_TWO_HOURS);
  g_assert_false (out.cross_hub);

  /* Mitte closes: Wedding lacks shoes; stock at a closed hub is next day. */
  dd_hub_set_open (mitte, FALSE);
  dd_bundle_derive_fulfilment (kit, stock, hubs, &out);
  g_assert_cmpint (out.bucket, ==, DD_LATENCY_BUCKET_NEXT_DAY);
  g_assert_false (out.cross_hub);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/core/bundle/parse-and-format", test_parse_and_format);
  g_test_add_func ("/dropdeck/core/bundle/parse-refuses", test_parse_refuses);
  g_test_add_func ("/dropdeck/core/bundle/cycles", test_cycles);
  g_test_add_func ("/dropdeck/core/bundle/derive-fulfilment", test_derive_fulfilment);

  return g_test_run ();
}
