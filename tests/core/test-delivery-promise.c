/* test-delivery-promise.c — the bucket a buyer is promised, and the hub that keeps it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-core.h"

#define BUYER_LAT 52.5200
#define BUYER_LON 13.4050
#define NOON (12 * 60)
#define EVENING (20 * 60)

enum { MITTE, KREUZBERG, POTSDAM, N_HUBS };

typedef struct
{
  DdHub         *hubs[N_HUBS];
  GPtrArray     *levels[N_HUBS];
  DdHubSnapshot  snapshots[N_HUBS];
  DdOffer       *offer;
} PromiseFixture;

static DdHub *
make_hub (const char *id,
          double      latitude,
          double      longitude)
{
  DdHub *hub = dd_hub_new (id, id);

  g_assert_true (dd_hub_set_location (hub, latitude, longitude, NULL));
  g_assert_true (dd_hub_set_capacity_per_hour (hub, 60, NULL));
  dd_hub_set_couriers (hub, 3);
  dd_hub_set_cutoff_minute (hub, 18 * 60);
  dd_hub_set_open (hub, TRUE);

  return hub;
}

/* Sets on hand and reserved units of sku at hub i. */
static void
stock (PromiseFixture *fixture,
       guint           i,
       const char     *sku,
       gint64          on_hand,
       gint64          reserved)
{
  DdStockLevel *level = dd_stock_level_new (dd_hub_get_id (fixture->hubs[i]), sku);

  g_assert_true (dd_stock_level_set_on_hand (level, on_hand, NULL));
  if (reserved > 0)
    g_assert_true (dd_stock_level_reserve (level, reserved, NULL));
  g_ptr_array_add (fixture->levels[i], level);
  fixture->snapshots[i].levels = (DdStockLevel **) fixture->levels[i]->pdata;
  fixture->snapshots[i].n_levels = fixture->levels[i]->len;
}

static void
promise_setup (PromiseFixture *fixture,
               gconstpointer   data)
{
  fixture->hubs[MITTE] = make_hub ("hub-mitte", 52.5210, 13.4100);         /* ~0.4 km */
  fixture->hubs[KREUZBERG] = make_hub ("hub-kreuzberg", 52.4990, 13.4200); /* ~2.5 km */
  fixture->hubs[POTSDAM] = make_hub ("hub-potsdam", 52.3900, 13.0650);     /* ~27 km */

  for (guint i = 0; i < N_HUBS; i++)
    {
      fixture->levels[i] = g_ptr_array_new_with_free_func (g_object_unref);
      fixture->snapshots[i].hub = fixture->hubs[i];
      fixture->snapshots[i].levels = NULL;
      fixture->snapshots[i].n_levels = 0;
      fixture->snapshots[i].backlog = 0;
    }

  fixture->offer = dd_offer_new ("offer-1", "Linen shirt M", "SHIRT-LIN-M");
}

static void
promise_teardown (PromiseFixture *fixture,
                  gconstpointer   data)
{
  for (guint i = 0; i < N_HUBS; i++)
    {
      g_ptr_array_unref (fixture->levels[i]);
      g_assert_finalize_object (fixture->hubs[i]);
    }
  g_assert_finalize_object (fixture->offer);
}

static DdDeliveryPromise
compute (PromiseFixture                 *fixture,
         guint                           minute,
         const DdDeliveryPromiseOptions *options)
{
  g_autoptr(GError) error = NULL;
  DdDeliveryPromise promise;

  g_assert_true (dd_delivery_promise_compute (fixture->offer, BUYER_LAT, BUYER_LON, minute,
                                              fixture->snapshots, N_HUBS, options,
                                              &promise, &error));
  g_assert_no_error (error);

  return promise;
}

static void
assert_promise (DdDeliveryPromise promise,
                DdLatencyBucket   bucket,
                PromiseFixture   *fixture,
                int               hub)
{
  g_assert_cmpint (promise.bucket, ==, bucket);
  if (hub < 0)
    g_assert_null (promise.hub);
  else
    g_assert_true (promise.hub == fixture->hubs[hub]);
}

static void
test_haversine (void)
{
  /* Berlin Alexanderplatz to Paris Notre-Dame: about 878 km. */
  double km = dd_haversine_km (52.5219, 13.4132, 48.8530, 2.3499);

  g_assert_cmpfloat_with_epsilon (km, 878.0, 3.0);
  g_assert_cmpfloat (dd_haversine_km (10, 20, 10, 20), ==, 0.0);
  g_assert_cmpuint (dd_delivery_promise_minutes_to_pick (60, 0), ==, 1);
  g_assert_cmpuint (dd_delivery_promise_minutes_to_pick (30, 40), ==, 82);
  g_assert_cmpuint (dd_delivery_promise_minutes_to_pick (0, 0), ==, G_MAXUINT);
}

static void
test_two_hours_nearest (PromiseFixture *fixture,
                        gconstpointer   data)
{
  DdDeliveryPromise promise;

  stock (fixture, MITTE, "SHIRT-LIN-M", 4, 0);
  stock (fixture, KREUZBERG, "SHIRT-LIN-M", 9, 0);

  promise = compute (fixture, NOON, NULL);
  assert_promise (promise, DD_LATENCY_BUCKET_TWO_HOURS, fixture, MITTE);
  g_assert_cmpfloat (promise.distance_km, <, 1.0);
  g_assert_false (promise.split);

  /* Evening, past every cut-off: two hours does not depend on the cut-off. */
  assert_promise (compute (fixture, EVENING, NULL), DD_LATENCY_BUCKET_TWO_HOURS, fixture, MITTE);
}

static void
test_two_hours_needs_free_stock (PromiseFixture *fixture,
                                 gconstpointer   data)
{
  /* Everything at Mitte is reserved by buyers: Kreuzberg keeps the promise. */
  stock (fixture, MITTE, "SHIRT-LIN-M", 2, 2);
  stock (fixture, KREUZBERG, "SHIRT-LIN-M", 1, 0);

  assert_promise (compute (fixture, NOON, NULL), DD_LATENCY_BUCKET_TWO_HOURS, fixture, KREUZBERG);
}

static void
test_two_hours_needs_couriers_and_a_slot (PromiseFixture *fixture,
                                          gconstpointer   data)
{
  stock (fixture, MITTE, "SHIRT-LIN-M", 4, 0);
  stock (fixture, KREUZBERG, "SHIRT-LIN-M", 4, 0);

  dd_hub_set_couriers (fixture->hubs[MITTE], 0);
  assert_promise (compute (fixture, NOON, NULL), DD_LATENCY_BUCKET_TWO_HOURS, fixture, KREUZBERG);

  /* 41 orders at 30 an hour: the next slot is 82 minutes away, past the pick window. */
  g_assert_true (dd_hub_set_capacity_per_hour (fixture->hubs[KREUZBERG], 30, NULL));
  fixture->snapshots[KREUZBERG].backlog = 40;
  assert_promise (compute (fixture, NOON, NULL), DD_LATENCY_BUCKET_SAME_DAY, fixture, MITTE);

  /* 39 orders at 30 an hour: 80 minutes fits a 90-minute pick window. */
  fixture->snapshots[KREUZBERG].backlog = 39;
  assert_promise (compute (fixture, NOON, &(DdDeliveryPromiseOptions) { 0, 90 }),
                  DD_LATENCY_BUCKET_TWO_HOURS, fixture, KREUZBERG);

  /* A paused hub promises nothing on the day. */
  dd_hub_set_open (fixture->hubs[KREUZBERG], FALSE);
  dd_hub_set_open (fixture->hubs[MITTE], FALSE);
  assert_promise (compute (fixture, NOON, NULL), DD_LATENCY_BUCKET_NEXT_DAY, fixture, MITTE);
}

static void
test_radius (PromiseFixture *fixture,
             gconstpointer   data)
{
  stock (fixture, KREUZBERG, "SHIRT-LIN-M", 4, 0);
  stock (fixture, POTSDAM, "SHIRT-LIN-M", 40, 0);

  assert_promise (compute (fixture, NOON, NULL), DD_LATENCY_BUCKET_TWO_HOURS, fixture, KREUZBERG);
  assert_promise (compute (fixture, NOON, &(DdDeliveryPromiseOptions) { 1.0, 0 }),
                  DD_LATENCY_BUCKET_SAME_DAY, fixture, KREUZBERG);
  assert_promise (compute (fixture, NOON, &(DdDeliveryPromiseOptions) { 30.0, 0 }),
                  DD_LATENCY_BUCKET_TWO_HOURS, fixture, KREUZBERG);
}

static void
test_same_day_cutoff_next_day_post_drop (PromiseFixture *fixture,
                                         gconstpointer   data)
{
  stock (fixture, POTSDAM, "SHIRT-LIN-M", 3, 0);

  assert_promise (compute (fixture, NOON, NULL), DD_LATENCY_BUCKET_SAME_DAY, fixture, POTSDAM);
  assert_promise (compute (fixture, 18 * 60 - 1, NULL), DD_LATENCY_BUCKET_SAME_DAY, fixture, POTSDAM);
  assert_promise (compute (fixture, 18 * 60, NULL), DD_LATENCY_BUCKET_NEXT_DAY, fixture, POTSDAM);

  g_assert_true (dd_stock_level_reserve (g_ptr_array_index (fixture->levels[POTSDAM], 0), 3, NULL));
  assert_promise (compute (fixture, NOON, NULL), DD_LATENCY_BUCKET_POST_DROP, fixture, -1);
}

static void
test_bundle_one_hub_for_two_hours (PromiseFixture *fixture,
                                   gconstpointer   data)
{
  g_autoptr(DdOffer) bundle = dd_offer_new ("offer-2", "Shirt and cap", "BUNDLE-1");
  DdDeliveryPromise promise;

  g_assert_true (dd_offer_add_component (bundle, "SHIRT-LIN-M", 1, NULL));
  g_assert_true (dd_offer_add_component (bundle, "CAP-BLK", 2, NULL));
  g_set_object (&fixture->offer, bundle);

  /* Shirt at Mitte, caps at Kreuzberg: no single hub, so no two hours. */
  stock (fixture, MITTE, "SHIRT-LIN-M", 5, 0);
  stock (fixture, KREUZBERG, "CAP-BLK", 5, 0);
  promise = compute (fixture, NOON, NULL);
  assert_promise (promise, DD_LATENCY_BUCKET_SAME_DAY, fixture, MITTE);
  g_assert_true (promise.split);

  /* One cap at Mitte is not two. */
  stock (fixture, MITTE, "CAP-BLK", 1, 0);
  promise = compute (fixture, NOON, NULL);
  g_assert_cmpint (promise.bucket, ==, DD_LATENCY_BUCKET_SAME_DAY);
  g_assert_true (promise.split);

  /* Everything at Kreuzberg: it keeps two hours. */
  stock (fixture, KREUZBERG, "SHIRT-LIN-M", 1, 0);
  promise = compute (fixture, NOON, NULL);
  assert_promise (promise, DD_LATENCY_BUCKET_TWO_HOURS, fixture, KREUZBERG);
  g_assert_false (promise.split);
}

static void
test_tie_is_deterministic (PromiseFixture *fixture,
                           gconstpointer   data)
{
  /* Two hubs at the same spot: the smaller id wins, whatever the order. */
  g_assert_true (dd_hub_set_location (fixture->hubs[POTSDAM], 52.5210, 13.4100, NULL));
  stock (fixture, MITTE, "SHIRT-LIN-M", 1, 0);
  stock (fixture, POTSDAM, "SHIRT-LIN-M", 1, 0);
  assert_promise (compute (fixture, NOON, NULL), DD_LATENCY_BUCKET_TWO_HOURS, fixture, MITTE);

  /* An earlier pick slot beats the id. */
  fixture->snapshots[MITTE].backlog = 10;
  assert_promise (compute (fixture, NOON, NULL), DD_LATENCY_BUCKET_TWO_HOURS, fixture, POTSDAM);
}

static void
test_bad_input (PromiseFixture *fixture,
                gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  DdDeliveryPromise promise;

  g_assert_false (dd_delivery_promise_compute (fixture->offer, 91.0, BUYER_LON, NOON,
                                               fixture->snapshots, N_HUBS, NULL, &promise, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "Buyer"));
  g_clear_error (&error);

  g_assert_false (dd_delivery_promise_compute (fixture->offer, BUYER_LAT, BUYER_LON, 1440,
                                               fixture->snapshots, N_HUBS, NULL, &promise, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/core/delivery-promise/haversine", test_haversine);

#define ADD(path, func) \
  g_test_add ("/dropdeck/core/delivery-promise/" path, PromiseFixture, NULL, \
              promise_setup, func, promise_teardown)

  ADD ("two-hours-nearest", test_two_hours_nearest);
  ADD ("two-hours-needs-free-stock", test_two_hours_needs_free_stock);
  ADD ("two-hours-needs-couriers-and-a-slot", test_two_hours_needs_couriers_and_a_slot);
  ADD ("radius", test_radius);
  ADD ("same-day-cutoff-next-day-post-drop", test_same_day_cutoff_next_day_post_drop);
  ADD ("bundle-one-hub-for-two-hours", test_bundle_one_hub_for_two_hours);
  ADD ("tie-is-deterministic", test_tie_is_deterministic);
  ADD ("bad-input", test_bad_input);

#undef ADD

  return g_test_run ();
}
