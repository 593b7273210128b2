/* test-hub-map.c — the Hubs map: tiles from a tile server of the test's own
 * on 127.0.0.1, the schematic basemap when tiles are unreachable or garbage,
 * hub markers with their badges, zones and order markers, the Hubs page
 * with the demo drop, and the burn-down chart with its stock history
 *
 * The tile server is a SoupServer in this process that draws every tile with
 * cairo in one colour and counts the requests. The program runs with its own
 * XDG_CACHE_HOME (GLib reads it once), and each test's server listens on a
 * new port, so no tile comes from an earlier test's or run's cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dd-burn-down-chart.h"
#include "dd-hub-map.h"
#include "dd-hubs-page.h"
#include "dd-test-util.h"

#define SECONDS(s) ((gint64) (s) * G_USEC_PER_SEC)

/* The tile server's colour: nothing else on the map is this magenta. */
#define TILE_R 0.80
#define TILE_G 0.10
#define TILE_B 0.60

typedef enum
{
  TILES_PNG,
  TILES_GARBAGE,
} TileMode;

typedef struct
{
  char       *cache_dir;
  SoupServer *server;
  guint       port;
  TileMode    mode;
  guint       requests;
  char       *user_agent;
  GListStore *hubs;
  GListStore *orders;
  GtkWidget  *window;
  DdHubMap   *map;
} Fixture;

static void
run_until (gboolean (*done) (Fixture *fixture),
           Fixture  *fixture,
           gint64    timeout)
{
  gint64 deadline = g_get_monotonic_time () + timeout;

  while (!done (fixture) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
run_for (gint64 microseconds)
{
  gint64 deadline = g_get_monotonic_time () + microseconds;

  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
draw_tile_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, TILE_R, TILE_G, TILE_B);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_cb, png);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (png);
}

static void
tile_cb (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  int z, x, y;

  fixture->requests++;
  g_free (fixture->user_agent);
  fixture->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));

  if (sscanf (path, "/%d/%d/%d.png", &z, &x, &y) != 3)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  if (fixture->mode == TILES_GARBAGE)
    {
      soup_server_message_set_response (message, "image/png", SOUP_MEMORY_STATIC, "\x89PNG but not really", 19);
    }
  else
    {
      g_autoptr(GBytes) png = draw_tile_png ();

      soup_server_message_set_response (message, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (png, NULL), g_bytes_get_size (png));
    }
}

static void
start_tile_server (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, tile_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->port = g_uri_get_port (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
}

/* A port nobody listens on: bound, read, closed. */
static guint
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

static DdHub *
add_hub (Fixture    *fixture,
         const char *id,
         const char *name,
         double      latitude,
         double      longitude,
         guint       capacity)
{
  g_autoptr(DdHub) hub = dd_hub_new (id, name);
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_hub_set_location (hub, latitude, longitude, &error));
  g_assert_true (dd_hub_set_capacity_per_hour (hub, capacity, &error));
  g_assert_no_error (error);
  dd_hub_set_couriers (hub, 4);
  dd_hub_set_open (hub, TRUE);
  g_list_store_append (fixture->hubs, hub);

  return hub;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DdMoney total = dd_money_init (1990, "EUR");

  fixture->cache_dir = g_dir_make_tmp ("dropdeck-hub-map-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->hubs = g_list_store_new (DD_TYPE_HUB);
  fixture->orders = g_list_store_new (DD_TYPE_ORDER);
  add_hub (fixture, "hub-mitte", "Mitte", 52.5200, 13.4050, 120);
  add_hub (fixture, "hub-kreuzberg", "Kreuzberg", 52.4986, 13.4030, 90);
  add_hub (fixture, "hub-wedding", "Wedding", 52.5450, 13.3590, 50);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *id = g_strdup_printf ("order-%u", i);
      g_autoptr(DdOrder) order = dd_order_new (id, "offer-1", "TEE-M", i % 2 ? "hub-mitte" : "hub-kreuzberg", 1,
                                               &total, SECONDS (1764000000 + i), &error);

      g_assert_no_error (error);
      g_list_store_append (fixture->orders, order);
    }
  /* An order of a hub the map does not know is left out, not a crash. */
  {
    g_autoptr(DdOrder) stray = dd_order_new ("order-stray", "offer-1", "TEE-M", "hub-unknown", 1, &total,
                                             SECONDS (1764000000), &error);

    g_list_store_append (fixture->orders, stray);
  }

  start_tile_server (fixture);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 640, 420);
  fixture->map = DD_HUB_MAP (dd_hub_map_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->map));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  run_for ((G_USEC_PER_SEC / 5));
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_object (&fixture->hubs);
  g_clear_object (&fixture->orders);
  g_clear_pointer (&fixture->user_agent, g_free);
  dd_test_remove_tree (fixture->cache_dir);
  g_assert_false (g_file_test (fixture->cache_dir, G_FILE_TEST_EXISTS));
  g_clear_pointer (&fixture->cache_dir, g_free);
}

static void
show_map (Fixture    *fixture,
          const char *url)
{
  dd_hub_map_set_tile_url (fixture->map, url, "Test tiles");
  dd_hub_map_set_models (fixture->map, G_LIST_MODEL (fixture->hubs), G_LIST_MODEL (fixture->orders));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

/* The colour of the map at a point, rendered the way GTK draws it. */
static void
pixel_at (GtkWidget *widget,
          double     fx,
          double     fy,
          double    *r,
          double    *g,
          double    *b)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *data = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int x = (int) (fx * width), y = (int) (fy * height);
  guchar *pixel;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  data = g_malloc (4 * width * height);
  gdk_texture_download (texture, data, 4 * width);
  /* Cairo's ARGB32: B, G, R, A in memory on little-endian machines. */
  pixel = data + 4 * (y * width + x);
  *b = pixel[0] / 255.0;
  *g = pixel[1] / 255.0;
  *r = pixel[2] / 255.0;
}

/* Pixels of the rendered widget that are warm (orange-red, the heat
 * layer's colours), where nothing else on the map is. */
static guint
count_warm_pixels (GtkWidget *widget)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *data = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  guint warm = 0;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  data = g_malloc (4 * width * height);
  gdk_texture_download (texture, data, 4 * width);
  for (int i = 0; i < width * height; i++)
    {
      const guchar *pixel = data + 4 * i;   /* B, G, R, A */

      if (pixel[2] > pixel[0] + 60 && pixel[2] > pixel[1] + 25)
        warm++;
    }

  return warm;
}

static gboolean
has_upstream_tiles (Fixture *fixture)
{
  return dd_schematic_source_get_n_upstream_tiles (dd_hub_map_get_source (fixture->map)) >= 4;
}

static gboolean
is_schematic (Fixture *fixture)
{
  return dd_hub_map_get_schematic (fixture->map)
         && dd_schematic_source_get_n_schematic_tiles (dd_hub_map_get_source (fixture->map)) >= 4;
}

/* Tiles come from the local server and are drawn; the markers, zones and
 * badges sit on them. */
static void
test_local_tiles (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/{z}/{x}/{y}.png", fixture->port);
  g_autofree char *label = NULL;
  double r, g, b;

  show_map (fixture, url);
  run_until (has_upstream_tiles, fixture, SECONDS (15));
  run_for ((G_USEC_PER_SEC / 2));

  g_test_message ("%u tile requests, %u tiles drawn, user agent %s", fixture->requests,
                  dd_schematic_source_get_n_upstream_tiles (dd_hub_map_get_source (fixture->map)),
                  fixture->user_agent);
  g_assert_cmpuint (fixture->requests, >=, 4);
  /* The tile policy of OpenStreetMap asks to be told which app asks. */
  g_assert_true (g_str_has_prefix (fixture->user_agent, "Dropdeck/"));
  g_assert_cmpuint (dd_schematic_source_get_n_upstream_tiles (dd_hub_map_get_source (fixture->map)), >=, 4);
  g_assert_false (dd_hub_map_get_schematic (fixture->map));
  /* The tiles' credit is on the map. */
  g_assert_cmpstr (shumate_map_source_get_license (shumate_simple_map_get_map_source (dd_hub_map_get_map (fixture->map))),
                   ==, "Test tiles");

  /* The tile's magenta is on screen (a corner, away from the markers). */
  pixel_at (GTK_WIDGET (fixture->map), 0.03, 0.06, &r, &g, &b);
  g_test_message ("pixel %.2f %.2f %.2f", r, g, b);
  g_assert_cmpfloat (r, >, 0.6);
  g_assert_cmpfloat (g, <, 0.3);
  g_assert_cmpfloat (b, >, 0.4);

  g_assert_cmpuint (dd_hub_map_get_n_hub_markers (fixture->map), ==, 3);
  g_assert_cmpuint (dd_hub_map_get_n_zones (fixture->map), ==, 3);
  g_assert_cmpuint (dd_hub_map_get_n_order_markers (fixture->map), ==, 30);

  /* 3 km west of Wedding, inside its two-hour zone only (no marker, no
   * order there): the tile shows through the zone's blue tint. */
  {
    ShumateSimpleMap *simple = dd_hub_map_get_map (fixture->map);
    GtkWidget *widget = GTK_WIDGET (fixture->map);
    double x, y;

    shumate_viewport_location_to_widget_coords (shumate_simple_map_get_viewport (simple), widget,
                                                52.5450, 13.3590 - 0.044, &x, &y);
    g_assert_cmpfloat (x, >, 0);
    g_assert_cmpfloat (y, >, 0);
    pixel_at (widget, x / gtk_widget_get_width (widget), y / gtk_widget_get_height (widget), &r, &g, &b);
    g_test_message ("zone pixel %.3f %.3f %.3f", r, g, b);
    g_assert_cmpfloat (r, <, TILE_R - 0.02);
    g_assert_cmpfloat (r, >, 0.6);
    g_assert_cmpfloat (b, >=, TILE_B);
  }

  dd_hub_map_set_stock (fixture->map, "hub-kreuzberg", 212, 308);
  label = dd_hub_map_dup_hub_label (fixture->map, "hub-kreuzberg");
  g_assert_cmpstr (label, ==, "Kreuzberg hub: 212 of 308 units left, capacity 90 orders an hour, 4 couriers, open");
  g_assert_null (dd_hub_map_dup_hub_label (fixture->map, "hub-unknown"));
}

/* Nobody listens on the port: the schematic basemap keeps the map whole. */
static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/{z}/{x}/{y}.png", closed_port ());
  double r, g, b;

  show_map (fixture, url);
  run_until (is_schematic, fixture, SECONDS (15));
  run_for ((G_USEC_PER_SEC / 2));

  g_assert_true (dd_hub_map_get_schematic (fixture->map));
  g_assert_cmpuint (dd_schematic_source_get_n_upstream_tiles (dd_hub_map_get_source (fixture->map)), ==, 0);
  g_assert_cmpuint (dd_schematic_source_get_n_schematic_tiles (dd_hub_map_get_source (fixture->map)), >=, 4);
  /* None of their tiles shows: the map credits no one for them. */
  g_assert_cmpstr (shumate_map_source_get_license (shumate_simple_map_get_map_source (dd_hub_map_get_map (fixture->map))),
                   ==, "Schematic map");

  /* The schematic paper, not blank grey. */
  pixel_at (GTK_WIDGET (fixture->map), 0.97, 0.45, &r, &g, &b);
  g_test_message ("pixel %.2f %.2f %.2f", r, g, b);
  g_assert_cmpfloat (r, >, 0.9);
  g_assert_cmpfloat (g, >, 0.9);
  g_assert_cmpfloat (b, >, 0.88);
  g_assert_cmpuint (dd_hub_map_get_n_hub_markers (fixture->map), ==, 3);
  g_assert_cmpuint (dd_hub_map_get_n_zones (fixture->map), ==, 3);
}

/* The server answers with bytes that are no image: schematic tiles, no
 * crash, and the server was asked. */
static void
test_garbage_tiles (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/{z}/{x}/{y}.png", fixture->port);

  fixture->mode = TILES_GARBAGE;
  show_map (fixture, url);
  run_until (is_schematic, fixture, SECONDS (15));

  g_assert_cmpuint (fixture->requests, >=, 4);
  g_assert_true (dd_hub_map_get_schematic (fixture->map));
  g_assert_cmpuint (dd_schematic_source_get_n_upstream_tiles (dd_hub_map_get_source (fixture->map)), ==, 0);
}

/* An empty template: the schematic basemap only, nothing asked of anyone. */
static void
test_schematic_only (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) tile = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  show_map (fixture, "");
  run_until (is_schematic, fixture, SECONDS (10));
  g_assert_true (dd_hub_map_get_schematic (fixture->map));
  g_assert_cmpuint (fixture->requests, ==, 0);

  /* A schematic tile is a 256 px PNG, also far outside the hubs' area. */
  tile = dd_schematic_source_draw_tile (dd_hub_map_get_source (fixture->map), 0, 0, 0);
  texture = gdk_texture_new_from_bytes (tile, NULL);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, DD_SCHEMATIC_SOURCE_TILE_SIZE);
}


/* The history keeps one bounded series per SKU and hub; a burst within a
 * second is one sample; it follows the levels of a stock model. */
static void
test_stock_history (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DdStockHistory) history = dd_stock_history_new (3);
  g_autoptr(GListStore) stock = g_list_store_new (DD_TYPE_STOCK_LEVEL);
  g_autoptr(DdStockLevel) level = dd_stock_level_new ("hub-mitte", "TEE-M");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) hubs = NULL;
  const DdStockPoint *points;
  guint n;

  for (guint i = 0; i < 5; i++)
    dd_stock_history_record (history, "TEE-M", "hub-kreuzberg", SECONDS (1000 + i * 10), 20 - i);
  points = dd_stock_history_get_points (history, "TEE-M", "hub-kreuzberg", &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (points[0].units, ==, 18);
  g_assert_cmpint (points[2].units, ==, 16);

  /* Half a second later: the last sample takes the new value. */
  dd_stock_history_record (history, "TEE-M", "hub-kreuzberg", SECONDS (1040) + G_USEC_PER_SEC / 2, -3);
  points = dd_stock_history_get_points (history, "TEE-M", "hub-kreuzberg", &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (points[2].units, ==, 0);

  g_assert_true (dd_stock_level_set_on_hand (level, 12, &error));
  g_assert_no_error (error);
  g_list_store_append (stock, level);
  dd_stock_history_set_stock (history, G_LIST_MODEL (stock));
  points = dd_stock_history_get_points (history, "TEE-M", "hub-mitte", &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (points[0].units, ==, 12);
  g_assert_true (dd_stock_level_reserve (level, 5, &error));
  points = dd_stock_history_get_points (history, "TEE-M", "hub-mitte", &n);
  g_assert_cmpint (points[n - 1].units, ==, 7);

  hubs = dd_stock_history_dup_hubs (history, "TEE-M");
  g_assert_cmpuint (g_strv_length (hubs), ==, 2);
  g_assert_cmpstr (hubs[0], ==, "hub-kreuzberg");
  g_assert_cmpstr (hubs[1], ==, "hub-mitte");
  g_assert_null (dd_stock_history_get_points (history, "TEE-L", "hub-mitte", &n));
  g_assert_cmpuint (n, ==, 0);

  /* Once unwatched, changes are no longer recorded. */
  dd_stock_history_set_stock (history, NULL);
  g_assert_true (dd_stock_level_reserve (level, 1, &error));
  points = dd_stock_history_get_points (history, "TEE-M", "hub-mitte", &n);
  g_assert_cmpint (points[n - 1].units, ==, 7);
}

/* The chart follows the live offer that sold the most and says what it
 * shows; without a live offer it says so. */
static void
test_burn_down_chart (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DdStockHistory) history = dd_stock_history_new (DD_STOCK_HISTORY_DEFAULT_POINTS);
  g_autoptr(GListStore) offers = g_list_store_new (DD_TYPE_OFFER);
  g_autoptr(DdOffer) live = dd_offer_new ("o1", "Blue tee", "TEE-M");
  g_autoptr(DdOffer) draft = dd_offer_new ("o2", "Red cap", "CAP");
  GtkWidget *chart = dd_burn_down_chart_new ();
  gint64 now = g_get_real_time ();

  gtk_window_set_child (GTK_WINDOW (fixture->window), chart);
  gtk_window_present (GTK_WINDOW (fixture->window));
  dd_offer_set_units_sold (draft, 50);
  g_list_store_append (offers, draft);
  g_list_store_append (offers, live);
  dd_burn_down_chart_set_sources (DD_BURN_DOWN_CHART (chart), history, G_LIST_MODEL (offers),
                                  G_LIST_MODEL (fixture->hubs));
  g_assert_null (dd_burn_down_chart_get_offer (DD_BURN_DOWN_CHART (chart)));
  g_assert_cmpstr (dd_burn_down_chart_get_summary (DD_BURN_DOWN_CHART (chart)), ==, "No live offer");
  run_for (G_USEC_PER_SEC / 5);

  dd_offer_set_state (live, DD_OFFER_STATE_LIVE);
  dd_stock_history_record (history, "TEE-M", "hub-mitte", now - SECONDS (90), 20);
  dd_stock_history_record (history, "TEE-M", "hub-mitte", now - SECONDS (30), 12);
  dd_stock_history_record (history, "TEE-M", "hub-kreuzberg", now - SECONDS (60), 8);
  dd_stock_history_record (history, "CAP", "hub-mitte", now, 3);
  g_assert_true (dd_burn_down_chart_get_offer (DD_BURN_DOWN_CHART (chart)) == live);
  g_assert_cmpstr (dd_burn_down_chart_get_summary (DD_BURN_DOWN_CHART (chart)), ==,
                   "Stock of Blue tee per hub: Kreuzberg 8, Mitte 12");
  /* Drawn (criticals are fatal) while the window shows it. */
  run_for (G_USEC_PER_SEC / 5);

  dd_burn_down_chart_set_sources (DD_BURN_DOWN_CHART (chart), NULL, NULL, NULL);
  g_assert_cmpstr (dd_burn_down_chart_get_summary (DD_BURN_DOWN_CHART (chart)), ==, "No live offer");
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_drop_session_start_finish (DD_DROP_SESSION (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

typedef gboolean (*WidgetTest) (GtkWidget *widget,
                                gconstpointer data);

static GtkWidget *
find_widget (GtkWidget     *widget,
             WidgetTest     test,
             gconstpointer  data)
{
  if (test (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, test, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  return find_widget (widget, is_of_type, GSIZE_TO_POINTER (type));
}

typedef struct
{
  guint    calls;
  guint    last_done;
  guint    total;
  gboolean ordered;
  GCancellable *cancel_after;   /* cancelled at the fifth tile, when set */
  gboolean finished;
  gboolean ok;
  guint    fetched;
  guint    failed;
  GError  *error;
} Prefetch;

static void
prefetch_progress_cb (guint    done,
                      guint    total,
                      guint    failed,
                      gpointer user_data)
{
  Prefetch *prefetch = user_data;

  prefetch->calls++;
  prefetch->ordered = prefetch->ordered && done == prefetch->last_done + 1 && done <= total;
  prefetch->last_done = done;
  prefetch->total = total;
  if (prefetch->cancel_after != NULL && done == 5)
    g_cancellable_cancel (prefetch->cancel_after);
}

static void
prefetched_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Prefetch *prefetch = user_data;

  prefetch->ok = dd_tile_prefetch_finish (DD_TILE_DOWNLOADER (source), result, &prefetch->fetched,
                                          &prefetch->failed, &prefetch->error);
  prefetch->finished = TRUE;
}

static void
run_prefetch (Fixture      *fixture,
              Prefetch     *prefetch,
              guint         max_tiles,
              GCancellable *cancellable)
{
  DdGeoBox box;

  memset (prefetch, 0, sizeof *prefetch);
  prefetch->ordered = TRUE;
  prefetch->cancel_after = cancellable;
  g_assert_true (dd_hub_map_get_venue_area (fixture->map, &box));
  dd_tile_prefetch_async (dd_hub_map_get_downloader (fixture->map), &box, DD_TILE_PREFETCH_MIN_ZOOM,
                          DD_TILE_PREFETCH_MAX_ZOOM, max_tiles, prefetch_progress_cb, prefetch, cancellable,
                          prefetched_cb, prefetch);
  for (gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
       !prefetch->finished && g_get_monotonic_time () < deadline;)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (prefetch->finished);
}

/* The pre-drop action: the venue's tiles, a bounded count, come from the
 * local server into the disk cache; a second run needs no request; a
 * cancelled run stops early; an area too big for the bound is refused. */
static void
test_cache_venue_area (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/{z}/{x}/{y}.png", fixture->port);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Prefetch prefetch;
  DdGeoBox box, world = { -80, -170, 80, 170 };
  guint planned = 0, requests;
  int top;

  /* Not shown: only the prefetch asks the server for tiles. */
  dd_hub_map_set_tile_url (fixture->map, url, "Test tiles");
  dd_hub_map_set_models (fixture->map, G_LIST_MODEL (fixture->hubs), G_LIST_MODEL (fixture->orders));
  g_assert_true (dd_hub_map_get_venue_area (fixture->map, &box));
  /* Mitte to Wedding, and 5 km around. */
  g_assert_cmpfloat (box.south, <, 52.4986 - 0.04);
  g_assert_cmpfloat (box.north, >, 52.5450 + 0.04);
  g_assert_cmpfloat (box.west, <, 13.3590 - 0.07);
  g_assert_cmpfloat (box.east, >, 13.4050 + 0.07);

  top = dd_tile_prefetch_plan (&box, DD_TILE_PREFETCH_MIN_ZOOM, DD_TILE_PREFETCH_MAX_ZOOM, 150, &planned);
  g_assert_cmpint (top, >=, DD_TILE_PREFETCH_MIN_ZOOM + 2);
  g_assert_cmpint (top, <, DD_TILE_PREFETCH_MAX_ZOOM);
  g_assert_cmpuint (planned, <=, 150);
  g_assert_cmpuint (planned + dd_tile_prefetch_count_level (&box, top + 1), >, 150);

  fixture->requests = 0;
  run_prefetch (fixture, &prefetch, 150, NULL);
  g_assert_no_error (prefetch.error);
  g_assert_true (prefetch.ok);
  g_assert_cmpuint (prefetch.fetched, ==, planned);
  g_assert_cmpuint (prefetch.failed, ==, 0);
  g_assert_cmpuint (prefetch.calls, ==, planned);
  g_assert_true (prefetch.ordered);
  g_assert_cmpuint (fixture->requests, ==, planned);
  g_assert_cmpstr (fixture->user_agent, ==, dd_tile_downloader_get_user_agent (dd_hub_map_get_downloader (fixture->map)));

  /* Everything is on disk now (the cache writes finish in the background). */
  run_for (G_USEC_PER_SEC / 2);
  requests = fixture->requests;
  run_prefetch (fixture, &prefetch, 150, NULL);
  g_assert_true (prefetch.ok);
  g_assert_cmpuint (prefetch.fetched, ==, planned);
  g_assert_cmpuint (fixture->requests, ==, requests);

  /* Cancelled at the fifth tile of a bigger plan. */
  run_prefetch (fixture, &prefetch, DD_TILE_PREFETCH_MAX_TILES, cancellable);
  g_assert_error (prefetch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (prefetch.ok);
  g_assert_cmpuint (prefetch.last_done, ==, 5);
  g_assert_cmpuint (prefetch.total, >, planned);
  g_clear_error (&prefetch.error);

  /* The whole world at zoom 10 is far beyond any bound. */
  g_assert_cmpint (dd_tile_prefetch_plan (&world, DD_TILE_PREFETCH_MIN_ZOOM, DD_TILE_PREFETCH_MAX_ZOOM,
                                          DD_TILE_PREFETCH_MAX_TILES, &planned),
                   ==, DD_TILE_PREFETCH_MIN_ZOOM - 1);
  g_assert_cmpuint (planned, ==, 0);
}

/* Recent orders as a heat layer: warm patches where the orders are, and
 * none with the dots; the heat counts more orders than the dots show. */
static void
test_order_heat (Fixture       *fixture,
                 gconstpointer  data)
{
  guint warm_dots, warm_heat;

  show_map (fixture, "");
  dd_hub_map_set_max_order_markers (fixture->map, 10);
  run_until (is_schematic, fixture, SECONDS (5));
  run_for (G_USEC_PER_SEC / 2);
  g_assert_cmpuint (dd_hub_map_get_n_order_markers (fixture->map), ==, 10);
  warm_dots = count_warm_pixels (GTK_WIDGET (fixture->map));

  dd_hub_map_set_order_heat (fixture->map, TRUE);
  g_assert_true (dd_hub_map_get_order_heat (fixture->map));
  run_for (G_USEC_PER_SEC / 2);
  /* Every order the map can place (the stray one has no hub). */
  g_assert_cmpuint (dd_hub_map_get_n_order_markers (fixture->map), ==, 30);
  warm_heat = count_warm_pixels (GTK_WIDGET (fixture->map));
  g_test_message ("warm pixels: %u with dots, %u with heat", warm_dots, warm_heat);
  g_assert_cmpuint (warm_dots, ==, 0);
  g_assert_cmpuint (warm_heat, >, 200);

  dd_hub_map_set_order_heat (fixture->map, FALSE);
  run_for (G_USEC_PER_SEC / 2);
  g_assert_cmpuint (dd_hub_map_get_n_order_markers (fixture->map), ==, 10);
  g_assert_cmpuint (count_warm_pixels (GTK_WIDGET (fixture->map)), ==, 0);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  return find_widget (widget, is_button_labelled, label);
}

static void
fraction_notify_cb (GtkProgressBar *bar,
                    GParamSpec     *pspec,
                    double         *highest)
{
  *highest = MAX (*highest, gtk_progress_bar_get_fraction (bar));
}

/* The Hubs page puts the demo's Berlin hubs on its map, with their stock,
 * and caches the venue's tiles from its button with a progress bar. */
static void
test_hubs_page (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *profile = g_build_filename (fixture->cache_dir, "profile", NULL);
  g_autoptr(DdDropSession) session = dd_drop_session_new_demo (profile);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = dd_hubs_page_new ();
  gint64 deadline = g_get_monotonic_time () + SECONDS (20);
  gboolean started = FALSE;
  g_autofree char *label = NULL;
  DdHubMap *map;

  dd_drop_session_start_async (session, NULL, started_cb, &started);
  while (!started && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (started);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), page);
  dd_page_set_session (DD_PAGE (page), session);
  gtk_window_present (GTK_WINDOW (window));
  run_for (SECONDS (1));

  map = DD_HUB_MAP (find_type (page, DD_TYPE_HUB_MAP));
  g_assert_nonnull (map);
  g_assert_cmpuint (dd_hub_map_get_n_hub_markers (map),
                    ==, g_list_model_get_n_items (dd_drop_session_get_hubs (session)));
  g_assert_cmpuint (dd_hub_map_get_n_zones (map), ==, dd_hub_map_get_n_hub_markers (map));
  label = dd_hub_map_dup_hub_label (map, "hub-kreuzberg");
  g_assert_nonnull (label);
  g_assert_true (g_regex_match_simple ("^Kreuzberg hub: [0-9]+ of [1-9][0-9]* units left, capacity 90 orders an hour, "
                                       "6 couriers, open$", label, 0, 0));

  {
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/{z}/{x}/{y}.png", fixture->port);
    GtkWidget *button = find_button (page, "Cache Map for Offline Use");
    GtkProgressBar *bar = GTK_PROGRESS_BAR (find_type (page, GTK_TYPE_PROGRESS_BAR));
    double highest = 0;
    guint requests;

    dd_hub_map_set_tile_url (map, url, "Test tiles");
    run_for (SECONDS (1));
    requests = fixture->requests;
    g_assert_nonnull (button);
    g_assert_nonnull (bar);
    g_signal_connect (bar, "notify::fraction", G_CALLBACK (fraction_notify_cb), &highest);
    g_signal_emit_by_name (button, "clicked");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
    g_assert_false (gtk_widget_get_sensitive (button));
    deadline = g_get_monotonic_time () + SECONDS (30);
    while (!gtk_widget_get_sensitive (button) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (gtk_widget_get_sensitive (button));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
    g_assert_cmpfloat (highest, ==, 1.0);
    /* The map itself asks too; the venue area is hundreds of tiles. */
    g_test_message ("requests while caching: %u", fixture->requests - requests);
    g_assert_cmpuint (fixture->requests - requests, >, 100);
    g_assert_cmpuint (fixture->requests - requests, <=, DD_TILE_PREFETCH_MAX_TILES + 100);
  }

  /* The oversell guard's banner. */
  {
    GtkRevealer *revealer = GTK_REVEALER (find_type (page, GTK_TYPE_REVEALER));
    g_autoptr(DdOffer) offer = g_list_model_get_item (dd_drop_session_get_offers (session), 0);
    g_autofree char *expected = g_strdup_printf ("%s: Paused: no units of X left at Mitte", dd_offer_get_title (offer));
    GtkWidget *banner_label;

    g_assert_nonnull (revealer);
    g_assert_false (gtk_revealer_get_reveal_child (revealer));
    g_signal_emit_by_name (session, "oversell", offer, "Paused: no units of X left at Mitte");
    g_assert_true (gtk_revealer_get_reveal_child (revealer));
    banner_label = find_type (gtk_revealer_get_child (revealer), GTK_TYPE_LABEL);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (banner_label)), ==, expected);
  }

  dd_page_set_session (DD_PAGE (page), NULL);
  g_assert_cmpuint (dd_hub_map_get_n_hub_markers (map), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  dd_drop_session_stop (session);
  run_for ((G_USEC_PER_SEC / 5));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache_home = g_dir_make_tmp ("dropdeck-hub-map-cache-XXXXXX", NULL);
  int status;

  g_assert_nonnull (cache_home);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/dropdeck/ui/hub-map/local-tiles", test_local_tiles);
  ADD ("/dropdeck/ui/hub-map/unreachable-schematic", test_unreachable);
  ADD ("/dropdeck/ui/hub-map/garbage-tiles", test_garbage_tiles);
  ADD ("/dropdeck/ui/hub-map/schematic-only", test_schematic_only);
  ADD ("/dropdeck/ui/hub-map/hubs-page", test_hubs_page);
  ADD ("/dropdeck/ui/hub-map/cache-venue-area", test_cache_venue_area);
  ADD ("/dropdeck/ui/hub-map/order-heat", test_order_heat);
  ADD ("/dropdeck/ui/burn-down/stock-history", test_stock_history);
  ADD ("/dropdeck/ui/burn-down/chart", test_burn_down_chart);

#undef ADD

  status = g_test_run ();
  dd_test_remove_tree (cache_home);

  return status;
}
