/* dd-hub-map.c — the drop's micro-hubs on a map: stock and capacity badges,
 * the two-hour delivery zones and recent orders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dd-application.h"
#include "dd-core.h"
#include "dd-hub-map.h"
#include "dd-tile-downloader.h"
#include "dd-zone-layer.h"

#define EARTH_RADIUS_KM    6371.0088
#define ORDERS_REFRESH_MS  1000
#define FIT_MARGIN_KM      1.0
#define OSM_LICENSE_URI    "https://www.openstreetmap.org/copyright"

typedef struct
{
  DdHub         *hub;
  ShumateMarker *marker;
  GtkLabel      *badge;
  guint          zone;      /* its index in the zone layer */
  gint64         to_sell;
  gint64         on_hand;
} HubMark;

struct _DdHubMap
{
  AdwBin              parent_instance;

  GSettings          *settings;
  ShumateSimpleMap   *map;
  GtkLabel           *schematic_label;
  DdSchematicSource  *source;
  ShumateMarkerLayer *hub_layer;
  DdZoneLayer        *zone_layer;     /* zones and order dots */
  GPtrArray          *marks;          /* HubMark */
  guint               max_order_markers;

  GListModel         *hubs;
  GListModel         *orders;
  guint               orders_refresh_id;
  gboolean            url_from_settings;
  char               *attribution;      /* of the tiles, while they show */
  gboolean            fitted_to_size;   /* the hubs were fitted to the real size */
};

G_DEFINE_FINAL_TYPE (DdHubMap, dd_hub_map, ADW_TYPE_BIN)

static void
hub_mark_free (HubMark *mark)
{
  g_clear_object (&mark->hub);
  g_free (mark);
}

static HubMark *
find_mark (DdHubMap   *self,
           const char *hub_id)
{
  for (guint i = 0; i < self->marks->len; i++)
    {
      HubMark *mark = g_ptr_array_index (self->marks, i);

      if (g_strcmp0 (dd_hub_get_id (mark->hub), hub_id) == 0)
        return mark;
    }

  return NULL;
}

/* The point `km` away from (latitude, longitude) towards `bearing` (radians). */
static void
destination (double  latitude,
             double  longitude,
             double  km,
             double  bearing,
             double *out_latitude,
             double *out_longitude)
{
  double d = km / EARTH_RADIUS_KM;
  double lat1 = latitude * G_PI / 180.0;
  double lon1 = longitude * G_PI / 180.0;
  double lat2 = asin (sin (lat1) * cos (d) + cos (lat1) * sin (d) * cos (bearing));
  double lon2 = lon1 + atan2 (sin (bearing) * sin (d) * cos (lat1), cos (d) - sin (lat1) * sin (lat2));

  *out_latitude = CLAMP (lat2 * 180.0 / G_PI, SHUMATE_MIN_LATITUDE, SHUMATE_MAX_LATITUDE);
  *out_longitude = remainder (lon2 * 180.0 / G_PI, 360.0);
}

static gboolean
hub_has_place (DdHub *hub)
{
  double latitude = dd_hub_get_latitude (hub);
  double longitude = dd_hub_get_longitude (hub);

  return dd_coordinates_validate (latitude, longitude, NULL)
         && latitude >= SHUMATE_MIN_LATITUDE && latitude <= SHUMATE_MAX_LATITUDE;
}

static char *
dup_hub_label (HubMark *mark)
{
  guint capacity = dd_hub_get_capacity_per_hour (mark->hub);
  guint couriers = dd_hub_get_couriers (mark->hub);
  g_autofree char *stock = NULL;
  g_autofree char *pick = NULL;
  g_autofree char *pool = NULL;

  /* Translators: part of a hub marker's accessible label */
  stock = g_strdup_printf (_("%lld of %lld units left"), (long long) mark->to_sell, (long long) mark->on_hand);
  /* Translators: part of a hub marker's accessible label */
  pick = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "capacity %u order an hour",
                                       "capacity %u orders an hour", capacity), capacity);
  /* Translators: part of a hub marker's accessible label: the courier pool */
  pool = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u courier", "%u couriers", couriers), couriers);
  /* Translators: a hub marker's accessible label:
   * "Kreuzberg hub: 212 of 308 units left, capacity 90 orders an hour, 6 couriers, open" */
  return g_strdup_printf (_("%s hub: %s, %s, %s, %s"), dd_hub_get_name (mark->hub), stock, pick, pool,
                          dd_hub_get_open (mark->hub) ? _("open") : _("paused"));
}

static void
show_mark (HubMark *mark)
{
  g_autofree char *badge = NULL;
  g_autofree char *label = dup_hub_label (mark);

  /* Translators: a hub marker's badge, units left, pick-pack capacity and
   * couriers, e.g. "212 left · 90/h · 6 couriers" */
  badge = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld left · %u/h · %u courier",
                                        "%lld left · %u/h · %u couriers", dd_hub_get_couriers (mark->hub)),
                           (long long) mark->to_sell, dd_hub_get_capacity_per_hour (mark->hub),
                           dd_hub_get_couriers (mark->hub));
  gtk_label_set_text (mark->badge, badge);
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark->marker),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (mark->marker), label);

  if (dd_hub_get_open (mark->hub))
    gtk_widget_remove_css_class (GTK_WIDGET (mark->marker), "paused");
  else
    gtk_widget_add_css_class (GTK_WIDGET (mark->marker), "paused");
}

static guint
hub_backlog (DdHubMap   *self,
             const char *hub_id)
{
  guint n = self->orders != NULL ? g_list_model_get_n_items (self->orders) : 0;
  guint backlog = 0;

  /* The newest orders are first; the backlog is among the recent ones. */
  for (guint i = 0; i < MIN (n, 1000u); i++)
    {
      g_autoptr(DdOrder) order = g_list_model_get_item (self->orders, i);
      DdOrderStatus status = dd_order_get_status (order);

      if ((status == DD_ORDER_STATUS_PLACED || status == DD_ORDER_STATUS_PICKING)
          && g_strcmp0 (dd_order_get_hub_id (order), hub_id) == 0)
        backlog++;
    }

  return backlog;
}

static void
style_zone (DdHubMap *self,
            HubMark  *mark)
{
  guint backlog = hub_backlog (self, dd_hub_get_id (mark->hub));

  dd_zone_layer_set_express (self->zone_layer, mark->zone,
                             dd_delivery_promise_hub_is_express (mark->hub, backlog, NULL));
}

static ShumateMarker *
new_hub_marker (HubMark *mark)
{
  ShumateMarker *marker = shumate_marker_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *name = gtk_label_new (dd_hub_get_name (mark->hub));
  GtkWidget *badge = gtk_label_new (NULL);

  /* A compact two-line pill centred on the hub: name, then the badge. */
  gtk_widget_add_css_class (dot, "hub-dot");
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (name, "hub-name");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (badge, "hub-badge");
  gtk_widget_add_css_class (badge, "numeric");
  gtk_label_set_xalign (GTK_LABEL (badge), 0);
  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), badge);
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_add_css_class (box, "hub-marker");
  shumate_marker_set_child (marker, box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  shumate_location_set_location (SHUMATE_LOCATION (marker), dd_hub_get_latitude (mark->hub),
                                 dd_hub_get_longitude (mark->hub));
  mark->badge = GTK_LABEL (badge);

  return marker;
}

static void
fit_hubs (DdHubMap *self)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);
  double south = 90, north = -90, west = 180, east = -180;
  int allocated_width = gtk_widget_get_width (GTK_WIDGET (self));
  int allocated_height = gtk_widget_get_height (GTK_WIDGET (self));
  double width = allocated_width > 0 ? allocated_width : 640;
  double height = allocated_height > 0 ? allocated_height : 320;
  double margin_lat = FIT_MARGIN_KM / 111.0;
  double zoom_x, zoom_y, span_lon, span_y;
  double y_north, y_south;

  if (self->marks->len == 0)
    return;

  for (guint i = 0; i < self->marks->len; i++)
    {
      HubMark *mark = g_ptr_array_index (self->marks, i);

      south = MIN (south, dd_hub_get_latitude (mark->hub));
      north = MAX (north, dd_hub_get_latitude (mark->hub));
      west = MIN (west, dd_hub_get_longitude (mark->hub));
      east = MAX (east, dd_hub_get_longitude (mark->hub));
    }

  dd_schematic_source_set_area (self->source, south, west, north, east);

  /* Room for the outer hubs' markers; their zones may run off the edge. */
  south = MAX (south - margin_lat, SHUMATE_MIN_LATITUDE + 0.01);
  north = MIN (north + margin_lat, SHUMATE_MAX_LATITUDE - 0.01);
  west = MAX (west - margin_lat / MAX (cos (north * G_PI / 180.0), 0.05), -180.0);
  east = MIN (east + margin_lat / MAX (cos (north * G_PI / 180.0), 0.05), 180.0);

  span_lon = MAX (east - west, 1e-4);
  y_north = log (tan (G_PI / 4 + north * G_PI / 360.0));
  y_south = log (tan (G_PI / 4 + south * G_PI / 360.0));
  span_y = MAX (y_north - y_south, 1e-6);
  zoom_x = log2 (width * 360.0 / (256.0 * span_lon));
  zoom_y = log2 (height * 2 * G_PI / (256.0 * span_y));

  shumate_viewport_set_zoom_level (viewport, CLAMP (floor (MIN (zoom_x, zoom_y) * 2) / 2, 2, 17));
  shumate_location_set_location (SHUMATE_LOCATION (viewport), (south + north) / 2, (west + east) / 2);
}

static void
clear_hubs (DdHubMap *self)
{
  dd_zone_layer_clear_zones (self->zone_layer);
  shumate_marker_layer_remove_all (self->hub_layer);
  g_ptr_array_set_size (self->marks, 0);
}

static void
rebuild_hubs (DdHubMap *self)
{
  guint n = self->hubs != NULL ? g_list_model_get_n_items (self->hubs) : 0;

  clear_hubs (self);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdHub) hub = g_list_model_get_item (self->hubs, i);
      HubMark *mark;

      /* A hub without a valid place stays in the list, not on the map. */
      if (!hub_has_place (hub))
        continue;

      mark = g_new0 (HubMark, 1);
      mark->hub = g_object_ref (hub);
      mark->marker = new_hub_marker (mark);
      mark->zone = dd_zone_layer_get_n_zones (self->zone_layer);
      dd_zone_layer_add_zone (self->zone_layer, dd_hub_get_latitude (hub), dd_hub_get_longitude (hub),
                              DD_DELIVERY_PROMISE_DEFAULT_RADIUS_KM, TRUE);
      g_ptr_array_add (self->marks, mark);
      shumate_marker_layer_add_marker (self->hub_layer, mark->marker);
      style_zone (self, mark);
      show_mark (mark);
    }

  fit_hubs (self);
}

/* Orders carry no buyer address yet: each sits at a steady spot inside its
 * hub's zone, derived from the order id, so the layer shows where orders
 * land without moving markers around. */
static void
order_spot (DdOrder *order,
            HubMark *mark,
            double  *latitude,
            double  *longitude)
{
  guint hash = g_str_hash (dd_order_get_id (order));
  double bearing = (hash % 3600) / 3600.0 * 2 * G_PI;
  double km = (0.15 + 0.7 * ((hash / 3600) % 1000) / 1000.0) * DD_DELIVERY_PROMISE_DEFAULT_RADIUS_KM;

  destination (dd_hub_get_latitude (mark->hub), dd_hub_get_longitude (mark->hub), km, bearing, latitude, longitude);
}

static void
rebuild_orders (DdHubMap *self)
{
  guint n = self->orders != NULL ? g_list_model_get_n_items (self->orders) : 0;
  guint limit = dd_zone_layer_get_heat (self->zone_layer) ? MAX (self->max_order_markers, DD_HUB_MAP_MAX_HEAT_ORDERS)
                                                        : self->max_order_markers;

  dd_zone_layer_clear_dots (self->zone_layer);

  for (guint i = 0; i < n && dd_zone_layer_get_n_dots (self->zone_layer) < limit; i++)
    {
      g_autoptr(DdOrder) order = g_list_model_get_item (self->orders, i);
      HubMark *mark = find_mark (self, dd_order_get_hub_id (order));
      double latitude, longitude;

      if (mark == NULL)
        continue;

      order_spot (order, mark, &latitude, &longitude);
      dd_zone_layer_add_dot (self->zone_layer, latitude, longitude);
    }
}

static gboolean
orders_refresh_cb (gpointer user_data)
{
  DdHubMap *self = user_data;

  self->orders_refresh_id = 0;
  rebuild_orders (self);
  for (guint i = 0; i < self->marks->len; i++)
    style_zone (self, g_ptr_array_index (self->marks, i));

  return G_SOURCE_REMOVE;
}

static void
orders_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   DdHubMap   *self)
{
  /* Orders may pour in: redraw their layer at most once a second. */
  if (self->orders_refresh_id == 0)
    self->orders_refresh_id = g_timeout_add (ORDERS_REFRESH_MS, orders_refresh_cb, self);
}

static void
hubs_changed_cb (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 DdHubMap   *self)
{
  rebuild_hubs (self);
  rebuild_orders (self);
}

static void
schematic_changed_cb (DdSchematicSource *source,
                      GParamSpec        *pspec,
                      DdHubMap          *self)
{
  gboolean schematic = dd_schematic_source_get_schematic (source);
  ShumateMapSource *map_source = shumate_simple_map_get_map_source (self->map);
  const char *license = schematic || self->attribution == NULL ? _("Schematic map") : self->attribution;

  if (self->schematic_label != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->schematic_label), schematic);

  /* No tile of theirs on screen: no credit to them either. The licence
   * widget reads the text when a source is added. */
  if (map_source != NULL && g_strcmp0 (shumate_map_source_get_license (map_source), license) != 0)
    {
      ShumateLicense *widget = shumate_simple_map_get_license (self->map);

      shumate_map_source_set_license (map_source, license);
      shumate_license_remove_map_source (widget, map_source);
      shumate_license_append_map_source (widget, map_source);
    }
}

static void
settings_changed_cb (GSettings  *settings,
                     const char *key,
                     DdHubMap   *self)
{
  g_autofree char *url = NULL;
  g_autofree char *attribution = NULL;

  if (!self->url_from_settings)
    return;

  url = g_settings_get_string (settings, "map-tile-url");
  attribution = g_settings_get_string (settings, "map-tile-attribution");
  dd_hub_map_set_tile_url (self, url, attribution);
  self->url_from_settings = TRUE;
}

static void
dd_hub_map_dispose (GObject *object)
{
  DdHubMap *self = DD_HUB_MAP (object);

  g_clear_handle_id (&self->orders_refresh_id, g_source_remove);
  dd_hub_map_set_models (self, NULL, NULL);
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->attribution, g_free);
  g_clear_pointer (&self->marks, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_hub_map_parent_class)->dispose (object);
}

static void
dd_hub_map_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  DdHubMap *self = DD_HUB_MAP (widget);

  GTK_WIDGET_CLASS (dd_hub_map_parent_class)->size_allocate (widget, width, height, baseline);

  /* Once the map has its size, the hubs fill it. */
  if (!self->fitted_to_size && width > 0 && height > 0 && self->marks->len > 0)
    {
      self->fitted_to_size = TRUE;
      fit_hubs (self);
    }
}

static void
dd_hub_map_class_init (DdHubMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_hub_map_dispose;
  widget_class->size_allocate = dd_hub_map_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "hubmap");
}

static void
dd_hub_map_init (DdHubMap *self)
{
  GtkWidget *overlay = gtk_overlay_new ();
  ShumateViewport *viewport;
  self->marks = g_ptr_array_new_with_free_func ((GDestroyNotify) hub_mark_free);
  self->max_order_markers = DD_HUB_MAP_MAX_ORDER_MARKERS;

  self->schematic_label = GTK_LABEL (gtk_label_new (_("Schematic map: map tiles are unreachable")));
  gtk_widget_add_css_class (GTK_WIDGET (self->schematic_label), "map-note");
  gtk_widget_set_halign (GTK_WIDGET (self->schematic_label), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self->schematic_label), GTK_ALIGN_START);
  gtk_widget_set_visible (GTK_WIDGET (self->schematic_label), FALSE);

  self->map = shumate_simple_map_new ();
  gtk_widget_set_overflow (GTK_WIDGET (self->map), GTK_OVERFLOW_HIDDEN);
  shumate_simple_map_set_show_zoom_buttons (self->map, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->map),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Map of the micro-hubs"),
                                  -1);
  /* The basemap first: the first map source's layer goes above every layer
   * already there. */
  self->settings = g_settings_new (DD_SETTINGS_SCHEMA_ID);
  self->url_from_settings = TRUE;
  settings_changed_cb (self->settings, NULL, self);
  g_signal_connect_object (self->settings, "changed::map-tile-url", G_CALLBACK (settings_changed_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::map-tile-attribution", G_CALLBACK (settings_changed_cb),
                           self, 0);

  viewport = shumate_simple_map_get_viewport (self->map);
  self->zone_layer = dd_zone_layer_new (viewport);
  self->hub_layer = shumate_marker_layer_new_full (viewport, GTK_SELECTION_NONE);
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->zone_layer));
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->hub_layer));


  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->map));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->schematic_label));
  adw_bin_set_child (ADW_BIN (self), overlay);
}

GtkWidget *
dd_hub_map_new (void)
{
  return g_object_new (DD_TYPE_HUB_MAP, NULL);
}

void
dd_hub_map_set_models (DdHubMap   *self,
                       GListModel *hubs,
                       GListModel *orders)
{
  g_return_if_fail (DD_IS_HUB_MAP (self));
  g_return_if_fail (hubs == NULL || G_IS_LIST_MODEL (hubs));
  g_return_if_fail (orders == NULL || G_IS_LIST_MODEL (orders));

  if (self->hubs != NULL)
    g_signal_handlers_disconnect_by_data (self->hubs, self);
  if (self->orders != NULL)
    g_signal_handlers_disconnect_by_data (self->orders, self);
  g_set_object (&self->hubs, hubs);
  g_set_object (&self->orders, orders);
  g_clear_handle_id (&self->orders_refresh_id, g_source_remove);

  if (hubs != NULL)
    g_signal_connect_object (hubs, "items-changed", G_CALLBACK (hubs_changed_cb), self, 0);
  if (orders != NULL)
    g_signal_connect_object (orders, "items-changed", G_CALLBACK (orders_changed_cb), self, 0);

  if (self->marks != NULL)
    {
      rebuild_hubs (self);
      rebuild_orders (self);
    }
}

void
dd_hub_map_set_tile_url (DdHubMap   *self,
                         const char *url_template,
                         const char *attribution)
{
  g_autoptr(DdTileDownloader) downloader = NULL;
  g_autoptr(ShumateRasterRenderer) renderer = NULL;
  gboolean schematic_only;

  g_return_if_fail (DD_IS_HUB_MAP (self));

  self->url_from_settings = FALSE;
  schematic_only = url_template == NULL || *url_template == '\0';
  g_free (self->attribution);
  self->attribution = schematic_only || attribution == NULL || *attribution == '\0' ? NULL : g_strdup (attribution);
  if (!schematic_only)
    downloader = dd_tile_downloader_new (url_template);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);
  self->source = dd_schematic_source_new (SHUMATE_DATA_SOURCE (downloader));
  g_signal_connect_object (self->source, "notify::schematic", G_CALLBACK (schematic_changed_cb), self, 0);

  renderer = shumate_raster_renderer_new_full ("dropdeck-hubs", _("Hubs map"),
                                               self->attribution != NULL ? self->attribution : _("Schematic map"),
                                               schematic_only || g_strcmp0 (url_template, DD_HUB_MAP_DEFAULT_TILE_URL) != 0
                                                 ? NULL : OSM_LICENSE_URI,
                                               0, 19, DD_SCHEMATIC_SOURCE_TILE_SIZE,
                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                               SHUMATE_DATA_SOURCE (self->source));
  shumate_simple_map_set_map_source (self->map, SHUMATE_MAP_SOURCE (renderer));
  schematic_changed_cb (self->source, NULL, self);
  fit_hubs (self);
}

void
dd_hub_map_set_max_order_markers (DdHubMap *self,
                                  guint     max_markers)
{
  g_return_if_fail (DD_IS_HUB_MAP (self));

  self->max_order_markers = max_markers;
  rebuild_orders (self);
}

void
dd_hub_map_set_stock (DdHubMap   *self,
                      const char *hub_id,
                      gint64      to_sell,
                      gint64      on_hand)
{
  HubMark *mark;

  g_return_if_fail (DD_IS_HUB_MAP (self));

  mark = find_mark (self, hub_id);
  if (mark == NULL || (mark->to_sell == to_sell && mark->on_hand == on_hand))
    return;

  mark->to_sell = to_sell;
  mark->on_hand = on_hand;
  show_mark (mark);
}

ShumateSimpleMap *
dd_hub_map_get_map (DdHubMap *self)
{
  g_return_val_if_fail (DD_IS_HUB_MAP (self), NULL);

  return self->map;
}

DdSchematicSource *
dd_hub_map_get_source (DdHubMap *self)
{
  g_return_val_if_fail (DD_IS_HUB_MAP (self), NULL);

  return self->source;
}

guint
dd_hub_map_get_n_hub_markers (DdHubMap *self)
{
  g_return_val_if_fail (DD_IS_HUB_MAP (self), 0);

  return self->marks->len;
}

guint
dd_hub_map_get_n_order_markers (DdHubMap *self)
{
  g_return_val_if_fail (DD_IS_HUB_MAP (self), 0);

  return dd_zone_layer_get_n_dots (self->zone_layer);
}

guint
dd_hub_map_get_n_zones (DdHubMap *self)
{
  g_return_val_if_fail (DD_IS_HUB_MAP (self), 0);

  return dd_zone_layer_get_n_zones (self->zone_layer);
}

char *
dd_hub_map_dup_hub_label (DdHubMap   *self,
                          const char *hub_id)
{
  HubMark *mark;

  g_return_val_if_fail (DD_IS_HUB_MAP (self), NULL);

  mark = find_mark (self, hub_id);

  return mark != NULL ? dup_hub_label (mark) : NULL;
}

gboolean
dd_hub_map_get_schematic (DdHubMap *self)
{
  g_return_val_if_fail (DD_IS_HUB_MAP (self), FALSE);

  return self->source != NULL && dd_schematic_source_get_schematic (self->source);
}

gboolean
dd_hub_map_get_venue_area (DdHubMap *self,
                           DdGeoBox *box)
{
  double margin_lat = DD_DELIVERY_PROMISE_DEFAULT_RADIUS_KM / 111.32;
  gboolean any = FALSE;

  g_return_val_if_fail (DD_IS_HUB_MAP (self), FALSE);
  g_return_val_if_fail (box != NULL, FALSE);

  for (guint i = 0; self->marks != NULL && i < self->marks->len; i++)
    {
      HubMark *mark = g_ptr_array_index (self->marks, i);
      double latitude = dd_hub_get_latitude (mark->hub);
      double longitude = dd_hub_get_longitude (mark->hub);
      double margin_lon = margin_lat / MAX (cos (latitude * G_PI / 180.0), 0.01);

      if (!any)
        {
          *box = (DdGeoBox) { latitude - margin_lat, longitude - margin_lon,
                              latitude + margin_lat, longitude + margin_lon };
          any = TRUE;
          continue;
        }
      box->south = MIN (box->south, latitude - margin_lat);
      box->north = MAX (box->north, latitude + margin_lat);
      box->west = MIN (box->west, longitude - margin_lon);
      box->east = MAX (box->east, longitude + margin_lon);
    }

  if (any)
    {
      box->south = MAX (box->south, SHUMATE_MIN_LATITUDE);
      box->north = MIN (box->north, SHUMATE_MAX_LATITUDE);
      box->west = MAX (box->west, -180.0);
      box->east = MIN (box->east, 180.0);
    }
  return any;
}

DdTileDownloader *
dd_hub_map_get_downloader (DdHubMap *self)
{
  ShumateDataSource *upstream;

  g_return_val_if_fail (DD_IS_HUB_MAP (self), NULL);

  upstream = self->source != NULL ? dd_schematic_source_get_upstream (self->source) : NULL;
  return DD_IS_TILE_DOWNLOADER (upstream) ? DD_TILE_DOWNLOADER (upstream) : NULL;
}

void
dd_hub_map_set_order_heat (DdHubMap *self,
                           gboolean  heat)
{
  g_return_if_fail (DD_IS_HUB_MAP (self));

  if (dd_zone_layer_get_heat (self->zone_layer) == !!heat)
    return;
  dd_zone_layer_set_heat (self->zone_layer, heat);
  if (self->marks != NULL)
    rebuild_orders (self);
}

gboolean
dd_hub_map_get_order_heat (DdHubMap *self)
{
  g_return_val_if_fail (DD_IS_HUB_MAP (self), FALSE);

  return dd_zone_layer_get_heat (self->zone_layer);
}
