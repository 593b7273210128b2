/* test-allocation-planner.c — demand forecast and suggested stock moves, against a brute-force optimum
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-core.h"

#define MAX_HUBS 3
#define MAX_REGIONS 3
#define MAX_SKUS 2

typedef struct
{
  const char *id;
  double      latitude;
  double      longitude;
  guint       capacity;
  guint       couriers;
  guint       backlog;
  gboolean    open;
} HubSpec;

typedef struct
{
  const char *id;
  double      latitude;
  double      longitude;
} RegionSpec;

typedef struct
{
  guint      n_hubs;
  guint      n_regions;
  guint      n_skus;
  HubSpec    hubs[MAX_HUBS];
  RegionSpec regions[MAX_REGIONS];
  gint64     on_hand[MAX_SKUS][MAX_HUBS];
  gint64     reserved[MAX_SKUS][MAX_HUBS];
  gint64     demand[MAX_SKUS][MAX_REGIONS];
} Scenario;

static const char *hub_ids[MAX_HUBS] = { "hub-a", "hub-b", "hub-c" };
static const char *region_ids[MAX_REGIONS] = { "region-1", "region-2", "region-3" };
static const char *skus[MAX_SKUS] = { "SHIRT-LIN-M", "CAP-BLK" };

static int
hub_index (const char *id)
{
  for (int h = 0; h < MAX_HUBS; h++)
    if (g_strcmp0 (hub_ids[h], id) == 0)
      return h;
  g_assert_not_reached ();
}

static int
sku_index (const char *sku)
{
  for (int s = 0; s < MAX_SKUS; s++)
    if (g_strcmp0 (skus[s], sku) == 0)
      return s;
  g_assert_not_reached ();
}

static DdAllocationPlanner *
planner_from (const Scenario *scenario,
              gint64          free_units[MAX_SKUS][MAX_HUBS])
{
  DdAllocationPlanner *planner = dd_allocation_planner_new (0, 0);

  for (guint h = 0; h < scenario->n_hubs; h++)
    {
      const HubSpec *hub = &scenario->hubs[h];

      g_assert_true (dd_allocation_planner_add_hub (planner, hub->id, hub->latitude, hub->longitude,
                                                    hub->capacity, hub->couriers, hub->backlog,
                                                    hub->open, NULL));
    }
  for (guint r = 0; r < scenario->n_regions; r++)
    g_assert_true (dd_allocation_planner_add_region (planner, scenario->regions[r].id,
                                                     scenario->regions[r].latitude,
                                                     scenario->regions[r].longitude, NULL));
  for (guint s = 0; s < scenario->n_skus; s++)
    {
      g_assert_true (dd_allocation_planner_add_sku (planner, skus[s], NULL));
      for (guint h = 0; h < scenario->n_hubs; h++)
        {
          gint64 on_hand = free_units != NULL ? free_units[s][h] : scenario->on_hand[s][h];
          gint64 reserved = free_units != NULL ? 0 : scenario->reserved[s][h];

          g_assert_true (dd_allocation_planner_set_stock (planner, scenario->hubs[h].id, skus[s],
                                                          on_hand, reserved, NULL));
        }
      for (guint r = 0; r < scenario->n_regions; r++)
        g_assert_true (dd_allocation_planner_add_demand (planner, skus[s], scenario->regions[r].id,
                                                         scenario->demand[s][r], NULL));
    }

  return planner;
}

/* The brute force's own reading of the model: need[s][h] from home hubs. */
static void
scenario_need (const Scenario *scenario,
               gint64          need[MAX_SKUS][MAX_HUBS])
{
  memset (need, 0, sizeof (gint64) * MAX_SKUS * MAX_HUBS);

  for (guint r = 0; r < scenario->n_regions; r++)
    {
      int home = -1;
      double best = 0;

      for (guint h = 0; h < scenario->n_hubs; h++)
        {
          const HubSpec *hub = &scenario->hubs[h];
          double distance = dd_haversine_km (scenario->regions[r].latitude, scenario->regions[r].longitude,
                                             hub->latitude, hub->longitude);

          if (!hub->open || hub->couriers == 0 ||
              dd_delivery_promise_minutes_to_pick (hub->capacity, hub->backlog) > DD_DELIVERY_PROMISE_DEFAULT_PICK_MINUTES ||
              distance > DD_DELIVERY_PROMISE_DEFAULT_RADIUS_KM)
            continue;
          /* Hubs are listed in id order, so the first of equals wins. */
          if (home < 0 || distance < best)
            {
              home = h;
              best = distance;
            }
        }

      if (home >= 0)
        for (guint s = 0; s < scenario->n_skus; s++)
          need[s][home] += scenario->demand[s][r];
    }
}

typedef struct
{
  const Scenario *scenario;
  gint64          need[MAX_SKUS][MAX_HUBS];
  gint64          current[MAX_SKUS][MAX_HUBS];
  gint64          best;
} BruteForce;

static gint64
covered (BruteForce *bf)
{
  gint64 total = 0;

  for (guint s = 0; s < bf->scenario->n_skus; s++)
    for (guint h = 0; h < bf->scenario->n_hubs; h++)
      total += MIN (bf->current[s][h], bf->need[s][h]);

  return total;
}

/* Every way to spread each SKU's free units over the hubs. */
static void
enumerate (BruteForce *bf,
           guint       s,
           guint       h,
           gint64      left)
{
  if (s == bf->scenario->n_skus)
    {
      bf->best = MAX (bf->best, covered (bf));
      return;
    }
  if (h == bf->scenario->n_hubs - 1)
    {
      gint64 next_total = 0;

      bf->current[s][h] = left;
      if (s + 1 < bf->scenario->n_skus)
        for (guint k = 0; k < bf->scenario->n_hubs; k++)
          next_total += bf->scenario->on_hand[s + 1][k] - bf->scenario->reserved[s + 1][k];
      enumerate (bf, s + 1, 0, next_total);
      return;
    }
  for (gint64 units = 0; units <= left; units++)
    {
      bf->current[s][h] = units;
      enumerate (bf, s, h + 1, left - units);
    }
}

static gint64
brute_force_gain (const Scenario *scenario,
                  gint64         *before)
{
  BruteForce bf = { scenario };
  gint64 total = 0;

  scenario_need (scenario, bf.need);
  for (guint s = 0; s < scenario->n_skus; s++)
    for (guint h = 0; h < scenario->n_hubs; h++)
      bf.current[s][h] = scenario->on_hand[s][h] - scenario->reserved[s][h];
  *before = covered (&bf);

  for (guint h = 0; h < scenario->n_hubs; h++)
    total += scenario->on_hand[0][h] - scenario->reserved[0][h];
  bf.best = 0;
  enumerate (&bf, 0, 0, total);

  return bf.best - *before;
}

/* The greedy matches the optimum, every move is feasible in order, and the
 * stock after the moves covers exactly what the moves claim. */
static GPtrArray *
check_against_brute_force (const Scenario *scenario)
{
  g_autoptr(DdAllocationPlanner) planner = planner_from (scenario, NULL);
  g_autoptr(DdAllocationPlanner) after = NULL;
  g_autoptr(GPtrArray) moves = NULL;
  gint64 free_units[MAX_SKUS][MAX_HUBS] = { { 0 } };
  gint64 before, optimum, gain = -1, claimed = 0;

  optimum = brute_force_gain (scenario, &before);
  g_assert_cmpint (dd_allocation_planner_covered_demand (planner), ==, before);

  moves = dd_allocation_planner_suggest (planner, &gain);
  g_assert_cmpint (gain, ==, optimum);

  for (guint s = 0; s < scenario->n_skus; s++)
    for (guint h = 0; h < scenario->n_hubs; h++)
      free_units[s][h] = scenario->on_hand[s][h] - scenario->reserved[s][h];

  for (guint i = 0; i < moves->len; i++)
    {
      DdStockMove *move = g_ptr_array_index (moves, i);
      int s = sku_index (move->sku);
      int from = hub_index (move->from_hub_id);
      int to = hub_index (move->to_hub_id);

      g_assert_cmpint (from, !=, to);
      g_assert_cmpint (move->quantity, >, 0);
      g_assert_cmpint (move->quantity, <=, free_units[s][from]);
      free_units[s][from] -= move->quantity;
      free_units[s][to] += move->quantity;
      claimed += move->improvement;
    }
  g_assert_cmpint (claimed, ==, gain);

  after = planner_from (scenario, free_units);
  g_assert_cmpint (dd_allocation_planner_covered_demand (after), ==, before + gain);

  return g_steal_pointer (&moves);
}

/* Three hubs along a street, about 2.3 km apart; regions next to each. */
static void
street_scenario (Scenario *scenario)
{
  memset (scenario, 0, sizeof *scenario);
  scenario->n_hubs = 3;
  scenario->n_regions = 3;
  scenario->n_skus = 1;
  for (guint h = 0; h < 3; h++)
    {
      scenario->hubs[h] = (HubSpec) { hub_ids[h], 52.50, 13.35 + 0.034 * h, 60, 2, 0, TRUE };
      scenario->regions[h] = (RegionSpec) { region_ids[h], 52.501, 13.35 + 0.034 * h };
    }
}

static void
test_forecast (void)
{
  /* 12 orders in 30 minutes -> 6 in the next 15; 4 asked, weighted 0.5 -> 2. */
  g_assert_cmpint (dd_demand_forecast (12, 30, 4, 15, 0.5), ==, 8);
  g_assert_cmpint (dd_demand_forecast (12, 30, 0, 15, 0.5), ==, 6);
  /* No rate known: the chat alone. */
  g_assert_cmpint (dd_demand_forecast (12, 0, 4, 15, 0.5), ==, 2);
  /* Rounded to the nearest unit: 1 order in 60 minutes over 30 -> 0.5 -> 1. */
  g_assert_cmpint (dd_demand_forecast (1, 60, 0, 30, 0.5), ==, 1);
  g_assert_cmpint (dd_demand_forecast (1, 60, 0, 20, 0.5), ==, 0);
  g_assert_cmpint (dd_demand_forecast (0, 10, 3, 10, DD_ALLOCATION_PLANNER_DEFAULT_INTENT_WEIGHT), ==, 2);
}

static void
test_move_from_paused_hub (void)
{
  Scenario scenario;
  g_autoptr(GPtrArray) moves = NULL;
  DdStockMove *move;

  /* hub-c is paused and holds 5 shirts; buyers near hub-a want 3. */
  street_scenario (&scenario);
  scenario.hubs[2].open = FALSE;
  scenario.on_hand[0][2] = 5;
  scenario.demand[0][0] = 3;

  moves = check_against_brute_force (&scenario);
  g_assert_cmpuint (moves->len, ==, 1);
  move = g_ptr_array_index (moves, 0);
  g_assert_cmpstr (move->from_hub_id, ==, "hub-c");
  g_assert_cmpstr (move->to_hub_id, ==, "hub-a");
  g_assert_cmpstr (move->sku, ==, "SHIRT-LIN-M");
  g_assert_cmpint (move->quantity, ==, 3);
  g_assert_cmpint (move->improvement, ==, 3);
}

static void
test_nearest_surplus_first (void)
{
  Scenario scenario;
  g_autoptr(GPtrArray) moves = NULL;
  DdStockMove *move;

  /* hub-a needs 4 and has 0; hub-b (near) has 2 spare, hub-c (far) 5. */
  street_scenario (&scenario);
  scenario.demand[0][0] = 4;
  scenario.on_hand[0][1] = 2;
  scenario.on_hand[0][2] = 5;

  moves = check_against_brute_force (&scenario);
  g_assert_cmpuint (moves->len, ==, 2);
  move = g_ptr_array_index (moves, 0);
  g_assert_cmpstr (move->from_hub_id, ==, "hub-b");
  g_assert_cmpint (move->quantity, ==, 2);
  move = g_ptr_array_index (moves, 1);
  g_assert_cmpstr (move->from_hub_id, ==, "hub-c");
  g_assert_cmpint (move->quantity, ==, 2);
}

static void
test_reserved_units_stay (void)
{
  Scenario scenario;
  g_autoptr(GPtrArray) moves = NULL;

  /* hub-b's 4 units are all sold to buyers: nothing to move, nothing gained. */
  street_scenario (&scenario);
  scenario.demand[0][0] = 2;
  scenario.on_hand[0][1] = 4;
  scenario.reserved[0][1] = 4;

  moves = check_against_brute_force (&scenario);
  g_assert_cmpuint (moves->len, ==, 0);
}

static void
test_random_small_scenarios (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  guint n_with_moves = 0;

  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GPtrArray) moves = NULL;
      Scenario scenario = { 0 };

      scenario.n_hubs = g_rand_int_range (rand, 2, 4);
      scenario.n_regions = g_rand_int_range (rand, 1, 4);
      scenario.n_skus = g_rand_int_range (rand, 1, 3);
      for (guint h = 0; h < scenario.n_hubs; h++)
        scenario.hubs[h] = (HubSpec) {
          hub_ids[h],
          g_rand_double_range (rand, 52.46, 52.54),
          g_rand_double_range (rand, 13.30, 13.50),
          g_rand_boolean (rand) ? 60 : 30,
          g_rand_int_range (rand, 0, 3),
          g_rand_boolean (rand) ? 0 : 40,
          g_rand_int_range (rand, 0, 4) != 0,
        };
      for (guint r = 0; r < scenario.n_regions; r++)
        scenario.regions[r] = (RegionSpec) {
          region_ids[r],
          g_rand_double_range (rand, 52.44, 52.56),
          g_rand_double_range (rand, 13.28, 13.52),
        };
      for (guint s = 0; s < scenario.n_skus; s++)
        {
          for (guint h = 0; h < scenario.n_hubs; h++)
            {
              scenario.on_hand[s][h] = g_rand_int_range (rand, 0, 4);
              scenario.reserved[s][h] = g_rand_int_range (rand, 0, scenario.on_hand[s][h] + 1);
            }
          for (guint r = 0; r < scenario.n_regions; r++)
            scenario.demand[s][r] = g_rand_int_range (rand, 0, 4);
        }

      moves = check_against_brute_force (&scenario);
      n_with_moves += moves->len > 0;
    }

  /* The scenarios are not all trivial. */
  g_test_message ("%u of 300 scenarios have a gain", n_with_moves);
  g_assert_cmpuint (n_with_moves, >=, 30);
}

static void
assert_error_names (GError     *error,
                    int         code,
                    const char *name1,
                    const char *name2)
{
  g_assert_error (error, DD_CORE_ERROR, code);
  g_assert_nonnull (strstr (error->message, name1));
  if (name2 != NULL)
    g_assert_nonnull (strstr (error->message, name2));
}

static void
test_bad_input (void)
{
  g_autoptr(DdAllocationPlanner) planner = NULL;
  g_autoptr(GPtrArray) moves = NULL;
  g_autoptr(GError) error = NULL;
  Scenario scenario;
  gint64 gain = 0;

  street_scenario (&scenario);
  scenario.on_hand[0][1] = 3;
  scenario.demand[0][0] = 2;
  planner = planner_from (&scenario, NULL);

  g_assert_false (dd_allocation_planner_add_hub (planner, "hub-north", 95.0, 13.0, 60, 1, 0, TRUE, &error));
  assert_error_names (error, DD_CORE_ERROR_INVALID_FIELD, "hub-north", NULL);
  g_clear_error (&error);

  g_assert_false (dd_allocation_planner_add_hub (planner, "hub-west", 52.5, -181.0, 60, 1, 0, TRUE, &error));
  assert_error_names (error, DD_CORE_ERROR_INVALID_FIELD, "hub-west", NULL);
  g_clear_error (&error);

  g_assert_false (dd_allocation_planner_add_hub (planner, "hub-idle", 52.5, 13.4, 0, 1, 0, TRUE, &error));
  assert_error_names (error, DD_CORE_ERROR_INVALID_FIELD, "hub-idle", NULL);
  g_clear_error (&error);

  g_assert_false (dd_allocation_planner_add_hub (planner, "hub-a", 52.5, 13.4, 60, 1, 0, TRUE, &error));
  assert_error_names (error, DD_CORE_ERROR_INVALID_FIELD, "hub-a", NULL);
  g_clear_error (&error);

  g_assert_false (dd_allocation_planner_add_region (planner, "region-9", -91.0, 0, &error));
  assert_error_names (error, DD_CORE_ERROR_INVALID_FIELD, "region-9", NULL);
  g_clear_error (&error);

  g_assert_false (dd_allocation_planner_set_stock (planner, "hub-b", "SHIRT-LIN-M", -1, 0, &error));
  assert_error_names (error, DD_CORE_ERROR_INVALID_FIELD, "hub-b", "SHIRT-LIN-M");
  g_clear_error (&error);

  g_assert_false (dd_allocation_planner_set_stock (planner, "hub-b", "SHIRT-LIN-M", 2, 3, &error));
  assert_error_names (error, DD_CORE_ERROR_OVERSELL, "hub-b", "SHIRT-LIN-M");
  g_clear_error (&error);

  g_assert_false (dd_allocation_planner_set_stock (planner, "hub-b", "SOCKS-XL", 2, 0, &error));
  assert_error_names (error, DD_CORE_ERROR_INVALID_FIELD, "SOCKS-XL", NULL);
  g_clear_error (&error);

  g_assert_false (dd_allocation_planner_set_stock (planner, "hub-z", "SHIRT-LIN-M", 2, 0, &error));
  assert_error_names (error, DD_CORE_ERROR_INVALID_FIELD, "hub-z", NULL);
  g_clear_error (&error);

  g_assert_false (dd_allocation_planner_add_demand (planner, "SOCKS-XL", "region-1", 2, &error));
  assert_error_names (error, DD_CORE_ERROR_INVALID_FIELD, "SOCKS-XL", NULL);
  g_clear_error (&error);

  g_assert_false (dd_allocation_planner_add_demand (planner, "SHIRT-LIN-M", "region-1", -2, &error));
  assert_error_names (error, DD_CORE_ERROR_INVALID_FIELD, "SHIRT-LIN-M", "region-1");
  g_clear_error (&error);

  /* Nothing else was affected: the plan is the one without the bad input. */
  moves = dd_allocation_planner_suggest (planner, &gain);
  g_assert_cmpint (gain, ==, 2);
  g_assert_cmpuint (moves->len, ==, 1);
  g_assert_cmpstr (((DdStockMove *) g_ptr_array_index (moves, 0))->from_hub_id, ==, "hub-b");
  g_assert_cmpstr (((DdStockMove *) g_ptr_array_index (moves, 0))->to_hub_id, ==, "hub-a");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/core/allocation-planner/forecast", test_forecast);
  g_test_add_func ("/dropdeck/core/allocation-planner/move-from-paused-hub", test_move_from_paused_hub);
  g_test_add_func ("/dropdeck/core/allocation-planner/nearest-surplus-first", test_nearest_surplus_first);
  g_test_add_func ("/dropdeck/core/allocation-planner/reserved-units-stay", test_reserved_units_stay);
  g_test_add_func ("/dropdeck/core/allocation-planner/random-small-scenarios", test_random_small_scenarios);
  g_test_add_func ("/dropdeck/core/allocation-planner/bad-input", test_bad_input);

  return g_test_run ();
}
