/* dd-zone-layer.c — the Hubs map's delivery zones and order dots, drawn in
 * one layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "dd-zone-layer.h"

#define DOT_RADIUS 3.0
/* The heat layer counts orders in cells of this many pixels, on the
 * Mercator grid (so the cells do not shimmer while the map pans). */
#define HEAT_CELL 12
/* Zones are drawn once per zoom level into a picture the map then only
 * moves while it pans, unless that picture would be larger than this. */
#define MAX_CACHE_SIDE 4096.0

typedef struct
{
  double   latitude;
  double   longitude;
  double   radius_km;
  gboolean express;
} Zone;

typedef struct
{
  double latitude;
  double longitude;
  double x, y;      /* Mercator pixels at projected_zoom */
} Dot;

struct _DdZoneLayer
{
  ShumateLayer  parent_instance;

  GArray       *zones;   /* Zone */
  GArray       *dots;    /* Dot */
  gboolean      heat;    /* orders as a density, not as dots */
  double        projected_zoom;  /* of the dots' x and y; -1 for none */
  gconstpointer projected_source;

  /* The zones drawn at cache_zoom, with their top left corner at the
   * Mercator pixel (cache_x, cache_y) of that zoom. */
  GskRenderNode *cache;
  double         cache_zoom;
  double         cache_x, cache_y;
};

G_DEFINE_FINAL_TYPE (DdZoneLayer, dd_zone_layer, SHUMATE_TYPE_LAYER)

static void
viewport_notify_cb (ShumateViewport *viewport,
                    GParamSpec      *pspec,
                    DdZoneLayer     *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
visible (double x,
         double y,
         double r,
         int    width,
         int    height)
{
  return x + r >= 0 && y + r >= 0 && x - r <= width && y - r <= height;
}

/* Each zone is filled and stroked on its own: one path of hundreds of
 * overlapping circles costs cairo far more to tessellate than as many
 * simple ones. Places are Mercator pixels at `zoom` minus (left, top). */
static void
draw_zones (DdZoneLayer      *self,
            cairo_t          *cr,
            ShumateMapSource *source,
            double            zoom,
            double            left,
            double            top,
            gboolean          express)
{
  cairo_set_line_width (cr, 1.5);
  for (guint i = 0; i < self->zones->len; i++)
    {
      const Zone *zone = &g_array_index (self->zones, Zone, i);
      double meters_per_pixel = shumate_map_source_get_meters_per_pixel (source, zoom, zone->latitude,
                                                                         zone->longitude);

      if (zone->express != express || !(meters_per_pixel > 0))
        continue;

      cairo_new_path (cr);
      cairo_arc (cr, shumate_map_source_get_x (source, zoom, zone->longitude) - left,
                 shumate_map_source_get_y (source, zoom, zone->latitude) - top,
                 zone->radius_km * 1000.0 / meters_per_pixel, 0, 2 * G_PI);
      if (express)
        cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.06);
      else
        cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.05);
      cairo_fill_preserve (cr);
      if (express)
        cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.45);
      else
        cairo_set_source_rgba (cr, 0.45, 0.45, 0.45, 0.40);
      cairo_stroke (cr);
    }
}

/* Grey zones below blue ones. */
static void
draw_all_zones (DdZoneLayer      *self,
                cairo_t          *cr,
                ShumateMapSource *source,
                double            zoom,
                double            left,
                double            top)
{
  draw_zones (self, cr, source, zoom, left, top, FALSE);
  draw_zones (self, cr, source, zoom, left, top, TRUE);
}

/* The Mercator pixel box at `zoom` that holds every zone. */
static void
zones_extent (DdZoneLayer      *self,
              ShumateMapSource *source,
              double            zoom,
              double           *x1,
              double           *y1,
              double           *x2,
              double           *y2)
{
  *x1 = *y1 = G_MAXDOUBLE;
  *x2 = *y2 = -G_MAXDOUBLE;
  for (guint i = 0; i < self->zones->len; i++)
    {
      const Zone *zone = &g_array_index (self->zones, Zone, i);
      double meters_per_pixel = shumate_map_source_get_meters_per_pixel (source, zoom, zone->latitude,
                                                                         zone->longitude);
      double x = shumate_map_source_get_x (source, zoom, zone->longitude);
      double y = shumate_map_source_get_y (source, zoom, zone->latitude);
      double r = meters_per_pixel > 0 ? zone->radius_km * 1000.0 / meters_per_pixel + 2 : 2;

      *x1 = MIN (*x1, x - r);
      *y1 = MIN (*y1, y - r);
      *x2 = MAX (*x2, x + r);
      *y2 = MAX (*y2, y + r);
    }
}

static void
append_zones (DdZoneLayer      *self,
              GtkSnapshot      *snapshot,
              ShumateMapSource *source,
              double            zoom,
              double            offset_x,
              double            offset_y,
              int               width,
              int               height)
{
  double x1, y1, x2, y2;

  if (self->zones->len == 0)
    return;

  if (self->cache == NULL || self->cache_zoom != zoom)
    {
      g_clear_pointer (&self->cache, gsk_render_node_unref);
      zones_extent (self, source, zoom, &x1, &y1, &x2, &y2);
      x1 = floor (x1);
      y1 = floor (y1);
      if (x2 - x1 <= MAX_CACHE_SIDE && y2 - y1 <= MAX_CACHE_SIDE)
        {
          /* An image, not a cairo node: GTK keeps a cairo node as a
           * recording and would draw every circle again each frame. */
          int cache_width = (int) ceil (x2 - x1), cache_height = (int) ceil (y2 - y1);
          cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cache_width, cache_height);
          cairo_t *cr = cairo_create (surface);
          g_autoptr(GBytes) pixels = NULL;
          g_autoptr(GdkTexture) texture = NULL;

          draw_all_zones (self, cr, source, zoom, x1, y1);
          cairo_destroy (cr);
          cairo_surface_flush (surface);
          pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                                (gsize) cairo_image_surface_get_stride (surface) * cache_height);
          texture = gdk_memory_texture_new (cache_width, cache_height, GDK_MEMORY_DEFAULT, pixels,
                                            cairo_image_surface_get_stride (surface));
          cairo_surface_destroy (surface);
          self->cache = gsk_texture_node_new (texture, &GRAPHENE_RECT_INIT (0, 0, cache_width, cache_height));
          self->cache_zoom = zoom;
          self->cache_x = x1;
          self->cache_y = y1;
        }
    }

  if (self->cache != NULL)
    {
      gtk_snapshot_save (snapshot);
      /* On whole pixels: a fractional offset makes the picture resampled. */
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (self->cache_x + offset_x),
                                                              round (self->cache_y + offset_y)));
      gtk_snapshot_append_node (snapshot, self->cache);
      gtk_snapshot_restore (snapshot);
    }
  else
    {
      /* Zoomed in far: draw what the window shows, every frame. */
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

      draw_all_zones (self, cr, source, zoom, -offset_x, -offset_y);
      cairo_destroy (cr);
    }
}

/* The dots' Mercator pixels at `zoom`: projected again only when the zoom
 * changes (or dots came), not every frame of a pan. */
static void
project_dots (DdZoneLayer      *self,
              ShumateMapSource *source,
              double            zoom)
{
  if (self->projected_zoom == zoom && self->projected_source == source)
    return;

  for (guint i = 0; i < self->dots->len; i++)
    {
      Dot *dot = &g_array_index (self->dots, Dot, i);

      dot->x = shumate_map_source_get_x (source, zoom, dot->longitude);
      dot->y = shumate_map_source_get_y (source, zoom, dot->latitude);
    }
  self->projected_zoom = zoom;
  self->projected_source = source;
}

/* Orders as small squares on whole pixels, without antialiasing: ten
 * thousand of them fill in about a millisecond, where as many round,
 * antialiased paths take most of a frame. Their places are projected once
 * per frame from a reference point: the map is a linear projection of each
 * dot's Mercator position at the current zoom (rotation aside, which the
 * Hubs map does not use). */
static void
draw_dots (DdZoneLayer      *self,
           cairo_t          *cr,
           ShumateMapSource *source,
           double            zoom,
           double            offset_x,
           double            offset_y,
           int               width,
           int               height)
{
  const double side = 2 * DOT_RADIUS;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_new_path (cr);
  for (guint i = 0; i < self->dots->len; i++)
    {
      const Dot *dot = &g_array_index (self->dots, Dot, i);
      double x = dot->x + offset_x;
      double y = dot->y + offset_y;

      if (!visible (x, y, DOT_RADIUS, width, height))
        continue;
      cairo_rectangle (cr, floor (x - DOT_RADIUS), floor (y - DOT_RADIUS), side, side);
    }
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.55);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* Orders as a heat layer: counted per cell, one pixel a cell in a small
 * image that is scaled up with bilinear filtering, so the density reads
 * as smooth warm patches; the cost is one pass over the orders and one
 * image, whatever their number. */
static void
draw_heat (DdZoneLayer      *self,
           cairo_t          *cr,
           ShumateMapSource *source,
           double            zoom,
           double            offset_x,
           double            offset_y,
           int               width,
           int               height)
{
  /* The grid's first cell starts at or before the widget's left edge. */
  double grid_x = floor (-offset_x / HEAT_CELL) * HEAT_CELL + offset_x;
  double grid_y = floor (-offset_y / HEAT_CELL) * HEAT_CELL + offset_y;
  int columns = (int) ceil ((width - grid_x) / HEAT_CELL) + 1;
  int rows = (int) ceil ((height - grid_y) / HEAT_CELL) + 1;
  g_autofree guint *counts = g_new0 (guint, (gsize) columns * rows);
  cairo_surface_t *surface;
  cairo_pattern_t *pattern;
  guint highest = 0;
  guchar *data;
  int stride;

  for (guint i = 0; i < self->dots->len; i++)
    {
      const Dot *dot = &g_array_index (self->dots, Dot, i);
      int column = (int) floor ((dot->x + offset_x - grid_x) / HEAT_CELL);
      int row = (int) floor ((dot->y + offset_y - grid_y) / HEAT_CELL);
      guint *count;

      if (column < 0 || row < 0 || column >= columns || row >= rows)
        continue;
      count = &counts[row * columns + column];
      highest = MAX (highest, ++*count);
    }
  if (highest == 0)
    return;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, columns, rows);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int row = 0; row < rows; row++)
    for (int column = 0; column < columns; column++)
      {
        guint count = counts[row * columns + column];
        /* From a pale amber for one order to a strong orange-red. */
        double t = count > 0 ? sqrt ((double) count / highest) : 0;
        double alpha = count > 0 ? 0.25 + 0.5 * t : 0;
        double r = 0.96, g = 0.62 - 0.34 * t, b = 0.05;
        guint32 *pixel = (guint32 *) (data + row * stride) + column;

        /* Premultiplied ARGB in native byte order. */
        *pixel = ((guint32) (alpha * 255) << 24) | ((guint32) (r * alpha * 255) << 16) |
                 ((guint32) (g * alpha * 255) << 8) | (guint32) (b * alpha * 255);
      }
  cairo_surface_mark_dirty (surface);

  cairo_save (cr);
  cairo_translate (cr, grid_x, grid_y);
  cairo_scale (cr, HEAT_CELL, HEAT_CELL);
  /* Cell centres on the pixel centres of the image. */
  pattern = cairo_pattern_create_for_surface (surface);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_set_source (cr, pattern);
  cairo_rectangle (cr, 0, 0, columns, rows);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
}

static void
dd_zone_layer_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  DdZoneLayer *self = DD_ZONE_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double zoom, origin_x, origin_y, offset_x, offset_y;

  if (source == NULL || width <= 0 || height <= 0 || (self->zones->len == 0 && self->dots->len == 0))
    return;

  /* Widget coordinates are Mercator pixels at this zoom plus an offset
   * (the Hubs map does not rotate). */
  zoom = shumate_viewport_get_zoom_level (viewport);
  shumate_viewport_location_to_widget_coords (viewport, widget, 0, 0, &origin_x, &origin_y);
  offset_x = origin_x - shumate_map_source_get_x (source, zoom, 0);
  offset_y = origin_y - shumate_map_source_get_y (source, zoom, 0);

  /* The zones, then the orders on top. */
  append_zones (self, snapshot, source, zoom, offset_x, offset_y, width, height);
  if (self->dots->len > 0)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

      project_dots (self, source, zoom);
      if (self->heat)
        draw_heat (self, cr, source, zoom, offset_x, offset_y, width, height);
      else
        draw_dots (self, cr, source, zoom, offset_x, offset_y, width, height);
      cairo_destroy (cr);
    }
}

static void
dd_zone_layer_constructed (GObject *object)
{
  DdZoneLayer *self = DD_ZONE_LAYER (object);

  G_OBJECT_CLASS (dd_zone_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (viewport_notify_cb), self, 0);
}

static void
dd_zone_layer_finalize (GObject *object)
{
  DdZoneLayer *self = DD_ZONE_LAYER (object);

  g_clear_pointer (&self->zones, g_array_unref);
  g_clear_pointer (&self->dots, g_array_unref);
  g_clear_pointer (&self->cache, gsk_render_node_unref);

  G_OBJECT_CLASS (dd_zone_layer_parent_class)->finalize (object);
}

static void
dd_zone_layer_class_init (DdZoneLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dd_zone_layer_constructed;
  object_class->finalize = dd_zone_layer_finalize;
  widget_class->snapshot = dd_zone_layer_snapshot;
}

static void
dd_zone_layer_init (DdZoneLayer *self)
{
  self->zones = g_array_new (FALSE, FALSE, sizeof (Zone));
  self->dots = g_array_new (FALSE, FALSE, sizeof (Dot));
  self->projected_zoom = -1;
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

DdZoneLayer *
dd_zone_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (DD_TYPE_ZONE_LAYER, "viewport", viewport, NULL);
}

void
dd_zone_layer_clear_zones (DdZoneLayer *self)
{
  g_return_if_fail (DD_IS_ZONE_LAYER (self));

  g_array_set_size (self->zones, 0);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dd_zone_layer_add_zone (DdZoneLayer *self,
                        double       latitude,
                        double       longitude,
                        double       radius_km,
                        gboolean     express)
{
  Zone zone = { latitude, longitude, radius_km, express };

  g_return_if_fail (DD_IS_ZONE_LAYER (self));

  g_array_append_val (self->zones, zone);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dd_zone_layer_set_express (DdZoneLayer *self,
                           guint        index,
                           gboolean     express)
{
  g_return_if_fail (DD_IS_ZONE_LAYER (self));
  g_return_if_fail (index < self->zones->len);

  if (g_array_index (self->zones, Zone, index).express == express)
    return;
  g_array_index (self->zones, Zone, index).express = express;
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
dd_zone_layer_get_n_zones (DdZoneLayer *self)
{
  g_return_val_if_fail (DD_IS_ZONE_LAYER (self), 0);

  return self->zones->len;
}

void
dd_zone_layer_clear_dots (DdZoneLayer *self)
{
  g_return_if_fail (DD_IS_ZONE_LAYER (self));

  g_array_set_size (self->dots, 0);
  self->projected_zoom = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dd_zone_layer_add_dot (DdZoneLayer *self,
                       double       latitude,
                       double       longitude)
{
  Dot dot = { latitude, longitude, 0, 0 };

  g_return_if_fail (DD_IS_ZONE_LAYER (self));

  g_array_append_val (self->dots, dot);
  self->projected_zoom = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
dd_zone_layer_get_n_dots (DdZoneLayer *self)
{
  g_return_val_if_fail (DD_IS_ZONE_LAYER (self), 0);

  return self->dots->len;
}

void
dd_zone_layer_set_heat (DdZoneLayer *self,
                        gboolean     heat)
{
  g_return_if_fail (DD_IS_ZONE_LAYER (self));

  heat = !!heat;
  if (self->heat == heat)
    return;
  self->heat = heat;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
dd_zone_layer_get_heat (DdZoneLayer *self)
{
  g_return_val_if_fail (DD_IS_ZONE_LAYER (self), FALSE);

  return self->heat;
}
