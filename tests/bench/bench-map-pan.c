/* bench-map-pan.c — the Hubs map while panning: frame intervals
 *
 * The target: the map with 200 hubs and 10,000 order markers while
 * panning, under Xvfb with the cairo renderer: frame interval p95 <= 33 ms.
 * This puts 200 hubs (with their zones) on a grid over about 40 x 30 km
 * around Berlin and 10,000 orders on them into a DdHubMap with every order
 * drawn (the app draws the newest 200) on the schematic basemap (no
 * network), in a 1180x760 window; after a warm-up it pans the map along a
 * circle every frame and records the time of every painted frame. Asserts
 * nothing.
 *
 * Run under a display: build-aux/with-session.sh BUILDDIR/tests/bench/bench-map-pan
 *   [--seconds 10] [--warmup 2] [--hubs 200] [--orders 10000] [--heat 1]
 *
 * --heat 1 draws the orders as the heat layer instead of dots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "dd-bench-frames.h"
#include "dd-bench-machine.h"
#include "dd-core.h"
#include "dd-hub-map.h"

typedef struct
{
  ShumateViewport *viewport;
  double           latitude, longitude;
  gint64           pan_start;
} Run;

/* One turn every 4 s on a circle of about 3 km: the map moves every frame. */
static gboolean
pan_cb (GtkWidget     *widget,
        GdkFrameClock *clock,
        gpointer       user_data)
{
  Run *run = user_data;
  double angle = (g_get_monotonic_time () - run->pan_start) / 4e6 * 2 * G_PI;

  shumate_location_set_location (SHUMATE_LOCATION (run->viewport),
                                 run->latitude + 0.027 * sin (angle),
                                 run->longitude + 0.044 * cos (angle));

  return G_SOURCE_CONTINUE;
}

static void
fill_models (GListStore *hubs,
             GListStore *orders,
             guint       n_hubs,
             guint       n_orders)
{
  guint columns = (guint) ceil (sqrt (n_hubs * 4.0 / 3.0));
  DdMoney total = dd_money_init (1990, "EUR");

  for (guint i = 0; i < n_hubs; i++)
    {
      g_autofree char *id = g_strdup_printf ("hub-%u", i);
      g_autofree char *name = g_strdup_printf ("Hub %u", i + 1);
      g_autoptr(DdHub) hub = dd_hub_new (id, name);
      g_autoptr(GError) error = NULL;

      if (!dd_hub_set_location (hub, 52.38 + 0.27 * (i / columns) / (double) columns * 4 / 3,
                                13.20 + 0.58 * (i % columns) / (double) columns, &error) ||
          !dd_hub_set_capacity_per_hour (hub, 40 + i % 80, &error))
        g_error ("bench-map-pan: hub %s: %s", id, error->message);
      dd_hub_set_couriers (hub, 1 + i % 6);
      dd_hub_set_open (hub, i % 9 != 0);
      g_list_store_append (hubs, hub);
    }

  for (guint i = 0; i < n_orders; i++)
    {
      g_autofree char *id = g_strdup_printf ("order-%u", i);
      g_autofree char *hub_id = g_strdup_printf ("hub-%u", (i * 7) % n_hubs);
      g_autoptr(GError) error = NULL;
      g_autoptr(DdOrder) order = dd_order_new (id, "offer-1", "TEE-M", hub_id, 1, &total, i, &error);

      if (order == NULL)
        g_error ("bench-map-pan: order %s: %s", id, error->message);
      g_list_store_append (orders, order);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *machine = NULL;
  g_autofree char *load = NULL;
  g_autofree char *cache = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  g_autoptr(GArray) intervals = NULL;
  g_autoptr(DdBenchFrames) frames = NULL;
  g_autoptr(GListStore) hubs = NULL;
  g_autoptr(GListStore) orders = NULL;
  GtkWidget *window;
  DdHubMap *map;
  Run run = { 0 };
  double seconds = 10, warmup = 2;
  guint n_hubs = 200, n_orders = 10000;
  gboolean heat = FALSE;
  gint64 wall_start, wall_end;

  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--seconds") == 0)
        seconds = g_ascii_strtod (argv[i + 1], NULL);
      else if (strcmp (argv[i], "--warmup") == 0)
        warmup = g_ascii_strtod (argv[i + 1], NULL);
      else if (strcmp (argv[i], "--hubs") == 0)
        n_hubs = MAX (1, (guint) g_ascii_strtoull (argv[i + 1], NULL, 10));
      else if (strcmp (argv[i], "--orders") == 0)
        n_orders = (guint) g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (strcmp (argv[i], "--heat") == 0)
        heat = g_ascii_strtoull (argv[i + 1], NULL, 10) != 0;
    }

  /* Tiles are never fetched, but the cache folder stays ours. */
  cache = g_dir_make_tmp ("dropdeck-bench-map-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  adw_init ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/dropdeck/Dropdeck/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  hubs = g_list_store_new (DD_TYPE_HUB);
  orders = g_list_store_new (DD_TYPE_ORDER);
  fill_models (hubs, orders, n_hubs, n_orders);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  map = DD_HUB_MAP (dd_hub_map_new ());
  dd_hub_map_set_tile_url (map, "", NULL);
  dd_hub_map_set_max_order_markers (map, n_orders);
  dd_hub_map_set_order_heat (map, heat);
  dd_hub_map_set_models (map, G_LIST_MODEL (hubs), G_LIST_MODEL (orders));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  gtk_window_present (GTK_WINDOW (window));

  frames = dd_bench_frames_new (window);
  run.viewport = shumate_simple_map_get_viewport (dd_hub_map_get_map (map));

  dd_bench_run_for (warmup);

  run.latitude = shumate_location_get_latitude (SHUMATE_LOCATION (run.viewport));
  run.longitude = shumate_location_get_longitude (SHUMATE_LOCATION (run.viewport));
  run.pan_start = g_get_monotonic_time ();
  gtk_widget_add_tick_callback (GTK_WIDGET (map), pan_cb, &run, NULL);
  dd_bench_frames_set_measuring (frames, TRUE);
  wall_start = g_get_monotonic_time ();
  dd_bench_run_for (seconds);
  dd_bench_frames_set_measuring (frames, FALSE);
  wall_end = g_get_monotonic_time ();

  intervals = dd_bench_frame_intervals (dd_bench_frames_get_times (frames));
  machine = dd_bench_describe_machine ();
  load = dd_bench_describe_load ();
  g_print ("bench-map-pan: %s; load %s; GSK_RENDERER=%s\n", machine, load,
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "(default)");
  g_print ("  %u hubs with zones, %u orders as %s, zoom %.1f, panning for %.0f s (after %.0f s warm-up): "
           "%u frames (%.1f fps)\n",
           dd_hub_map_get_n_hub_markers (map), dd_hub_map_get_n_order_markers (map), heat ? "a heat layer" : "markers",
           shumate_viewport_get_zoom_level (run.viewport), seconds, warmup,
           dd_bench_frames_get_times (frames)->len, dd_bench_frames_get_times (frames)->len / ((wall_end - wall_start) / 1e6));
  g_print ("  frame interval: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (target p95 <= 33 ms)\n",
           dd_bench_percentile_ms (intervals, 0.50), dd_bench_percentile_ms (intervals, 0.95),
           dd_bench_percentile_ms (intervals, 0.99), dd_bench_percentile_ms (intervals, 1.0));

  gtk_window_destroy (GTK_WINDOW (window));
  dd_bench_remove_tree (cache);

  return 0;
}
