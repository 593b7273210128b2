/* bench-allocation.c — one allocation suggestion over a large synthetic fulfilment map
 *
 * Usage: bench-allocation [--quick] [--hubs N] [--skus N] [--regions N] [--seed N] [--repeat N]
 *
 * Builds a seeded synthetic map: N hubs (default 200; --quick 50) spread over
 * a 30 km x 30 km city, a fifth of them paused, without couriers or with a
 * full backlog; N SKUs (default 5,000; --quick 500) with 0–20 units at every
 * hub (some reserved); N buyer regions (default 1,000; --quick 200) with
 * forecast demand for each SKU in 20 of them. Then it times
 * dd_allocation_planner_suggest() (one suggestion: every move for every SKU)
 * and prints the figures with the machine's context. Target: <= 100 ms at
 * 200 hubs x 5,000 SKUs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dd-core.h"

#include "dd-bench-machine.h"

#define CITY_LAT 52.52
#define CITY_LON 13.40
#define CITY_SPAN_DEG 0.27   /* about 30 km north-south */
#define DEMAND_REGIONS_PER_SKU 20

static void
print_machine (void)
{
  g_autofree char *machine = dd_bench_describe_machine ();

  g_print ("machine: %s\n", machine);
}

static void
print_load (const char *when)
{
  g_autofree char *loadavg = NULL;

  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    g_print ("load average %s: %.*s\n", when, (int) strcspn (loadavg, " ") + 5, loadavg);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

static DdAllocationPlanner *
build_map (GRand *rand,
           int    n_hubs,
           int    n_skus,
           int    n_regions)
{
  g_autoptr(DdAllocationPlanner) planner = dd_allocation_planner_new (0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hub_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) region_ids = g_ptr_array_new_with_free_func (g_free);
  double lon_span = CITY_SPAN_DEG * 1.64;  /* the same 30 km east-west at 52.5° N */

  for (int h = 0; h < n_hubs; h++)
    {
      char *id = g_strdup_printf ("hub-%03d", h);
      guint kind = g_rand_int_range (rand, 0, 20);

      if (!dd_allocation_planner_add_hub (planner, id,
                                          CITY_LAT + g_rand_double_range (rand, -0.5, 0.5) * CITY_SPAN_DEG,
                                          CITY_LON + g_rand_double_range (rand, -0.5, 0.5) * lon_span,
                                          g_rand_int_range (rand, 20, 121),
                                          kind == 1 ? 0 : g_rand_int_range (rand, 1, 9),
                                          kind == 2 ? 500 : g_rand_int_range (rand, 0, 20),
                                          kind != 3, &error))
        g_error ("%s", error->message);
      g_ptr_array_add (hub_ids, id);
    }

  for (int r = 0; r < n_regions; r++)
    {
      char *id = g_strdup_printf ("region-%04d", r);

      if (!dd_allocation_planner_add_region (planner, id,
                                             CITY_LAT + g_rand_double_range (rand, -0.5, 0.5) * CITY_SPAN_DEG,
                                             CITY_LON + g_rand_double_range (rand, -0.5, 0.5) * lon_span,
                                             &error))
        g_error ("%s", error->message);
      g_ptr_array_add (region_ids, id);
    }

  for (int s = 0; s < n_skus; s++)
    {
      char sku[32];

      g_snprintf (sku, sizeof sku, "SKU-%05d", s);
      if (!dd_allocation_planner_add_sku (planner, sku, &error))
        g_error ("%s", error->message);

      for (int h = 0; h < n_hubs; h++)
        {
          gint64 on_hand = g_rand_int_range (rand, 0, 3) == 0 ? 0 : g_rand_int_range (rand, 0, 21);
          gint64 reserved = on_hand > 0 ? g_rand_int_range (rand, 0, on_hand / 4 + 1) : 0;

          if (!dd_allocation_planner_set_stock (planner, g_ptr_array_index (hub_ids, h), sku,
                                                on_hand, reserved, &error))
            g_error ("%s", error->message);
        }

      for (int k = 0; k < DEMAND_REGIONS_PER_SKU; k++)
        {
          int r = g_rand_int_range (rand, 0, n_regions);
          gint64 units = dd_demand_forecast (g_rand_int_range (rand, 0, 30), 30,
                                             g_rand_int_range (rand, 0, 20), 15,
                                             DD_ALLOCATION_PLANNER_DEFAULT_INTENT_WEIGHT);

          if (!dd_allocation_planner_add_demand (planner, sku, g_ptr_array_index (region_ids, r),
                                                 units, &error))
            g_error ("%s", error->message);
        }
    }

  return g_steal_pointer (&planner);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdAllocationPlanner) planner = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree double *ms = NULL;
  gboolean quick = FALSE;
  int n_hubs = 0, n_skus = 0, n_regions = 0, repeat = 5;
  gint64 seed = 20261125;
  gint64 started, covered, gain = 0;
  guint n_moves = 0;
  const GOptionEntry entries[] = {
    { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick, "50 hubs x 500 SKUs: a smoke run for CI", NULL },
    { "hubs", 0, 0, G_OPTION_ARG_INT, &n_hubs, "Hubs (default 200)", "N" },
    { "skus", 's', 0, G_OPTION_ARG_INT, &n_skus, "SKUs (default 5,000)", "N" },
    { "regions", 'g', 0, G_OPTION_ARG_INT, &n_regions, "Buyer regions (default 1,000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the synthetic map", "N" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Suggestions timed (default 5)", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— time one allocation suggestion");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if (n_hubs <= 0)
    n_hubs = quick ? 50 : 200;
  if (n_skus <= 0)
    n_skus = quick ? 500 : 5000;
  if (n_regions <= 0)
    n_regions = quick ? 200 : 1000;
  repeat = MAX (repeat, 1);

  print_machine ();
  print_load ("before");

  rand = g_rand_new_with_seed ((guint32) seed);
  started = g_get_monotonic_time ();
  planner = build_map (rand, n_hubs, n_skus, n_regions);
  g_print ("map: %d hubs x %d SKUs (%d stock levels), %d regions, seed %" G_GINT64_FORMAT
           ", built in %.0f ms\n",
           n_hubs, n_skus, n_hubs * n_skus, n_regions, seed,
           (g_get_monotonic_time () - started) / 1000.0);

  covered = dd_allocation_planner_covered_demand (planner);

  ms = g_new (double, repeat);
  for (int i = 0; i < repeat; i++)
    {
      g_autoptr(GPtrArray) moves = NULL;

      started = g_get_monotonic_time ();
      moves = dd_allocation_planner_suggest (planner, &gain);
      ms[i] = (g_get_monotonic_time () - started) / 1000.0;
      n_moves = moves->len;
    }
  qsort (ms, repeat, sizeof (double), compare_doubles);

  g_print ("suggestion: %u moves, %" G_GINT64_FORMAT " units of demand into <= 2 h "
           "(covered %" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT ")\n",
           n_moves, gain, covered, covered + gain);
  g_print ("suggest time over %d runs: min %.1f ms, median %.1f ms, max %.1f ms (target <= 100 ms%s)\n",
           repeat, ms[0], ms[repeat / 2], ms[repeat - 1],
           n_hubs == 200 && n_skus == 5000 ? "" : " at 200 x 5,000");
  print_load ("after");

  return EXIT_SUCCESS;
}
