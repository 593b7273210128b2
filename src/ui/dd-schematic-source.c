/* dd-schematic-source.c — map tiles that never need the network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>

#include "dd-schematic-source.h"
#include "dd-tile-downloader.h"

#define DEFAULT_UPSTREAM_TIMEOUT_MS 2500

typedef struct
{
  DdSchematicSource *self;       /* owned */
  GTask             *task;       /* owned until returned */
  char              *key;
  int                x, y, z;
  guint              timeout_id;
  GBytes            *delivered;  /* a valid upstream image */
  GBytes            *schematic;  /* shown in its place, if it was */
} TileRequest;

struct _DdSchematicSource
{
  ShumateDataSource  parent_instance;

  ShumateDataSource *upstream;
  guint              upstream_timeout_ms;
  GHashTable        *pending;         /* "z/x/y" -> TileRequest (borrowed) */
  gboolean           has_area;
  double             south, west, north, east;
  guint              n_upstream_tiles;
  guint              n_schematic_tiles;
  gboolean           schematic;
};

G_DEFINE_FINAL_TYPE (DdSchematicSource, dd_schematic_source, SHUMATE_TYPE_DATA_SOURCE)

enum {
  PROP_0,
  PROP_SCHEMATIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
tile_key (int x,
          int y,
          int z)
{
  return g_strdup_printf ("%d/%d/%d", z, x, y);
}

static void
tile_request_free (TileRequest *request)
{
  g_clear_handle_id (&request->timeout_id, g_source_remove);
  if (request->self != NULL && request->self->pending != NULL
      && g_hash_table_lookup (request->self->pending, request->key) == request)
    g_hash_table_remove (request->self->pending, request->key);
  g_clear_object (&request->task);
  g_clear_object (&request->self);
  g_clear_pointer (&request->key, g_free);
  g_clear_pointer (&request->delivered, g_bytes_unref);
  g_clear_pointer (&request->schematic, g_bytes_unref);
  g_free (request);
}

static void
update_schematic (DdSchematicSource *self)
{
  gboolean schematic = self->upstream == NULL
                       || (self->n_schematic_tiles > 0 && self->n_upstream_tiles == 0);

  if (schematic == self->schematic)
    return;

  self->schematic = schematic;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEMATIC]);
}

/* Global pixel position at zoom z of a latitude/longitude (Web Mercator). */
static void
project (double  latitude,
         double  longitude,
         int     z,
         double *px,
         double *py)
{
  double size = DD_SCHEMATIC_SOURCE_TILE_SIZE * ldexp (1.0, z);
  double lat = CLAMP (latitude, SHUMATE_MIN_LATITUDE, SHUMATE_MAX_LATITUDE) * G_PI / 180.0;

  *px = (longitude + 180.0) / 360.0 * size;
  *py = (1.0 - log (tan (lat) + 1.0 / cos (lat)) / G_PI) / 2.0 * size;
}

static cairo_status_t
append_png_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

static void
draw_area (DdSchematicSource *self,
           cairo_t           *cr,
           int                x,
           int                y,
           int                z)
{
  double x1, y1, x2, y2;

  project (self->north, self->west, z, &x1, &y1);
  project (self->south, self->east, z, &x2, &y2);
  x1 -= (double) x * DD_SCHEMATIC_SOURCE_TILE_SIZE;
  x2 -= (double) x * DD_SCHEMATIC_SOURCE_TILE_SIZE;
  y1 -= (double) y * DD_SCHEMATIC_SOURCE_TILE_SIZE;
  y2 -= (double) y * DD_SCHEMATIC_SOURCE_TILE_SIZE;

  /* Far outside this tile: nothing to draw (and no huge coordinates). */
  if (x2 < -8 || y2 < -8 || x1 > DD_SCHEMATIC_SOURCE_TILE_SIZE + 8 || y1 > DD_SCHEMATIC_SOURCE_TILE_SIZE + 8)
    return;

  x1 = MAX (x1, -8);
  y1 = MAX (y1, -8);
  x2 = MIN (x2, DD_SCHEMATIC_SOURCE_TILE_SIZE + 8);
  y2 = MIN (y2, DD_SCHEMATIC_SOURCE_TILE_SIZE + 8);

  cairo_rectangle (cr, x1, y1, x2 - x1, y2 - y1);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.05);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.45);
  cairo_set_line_width (cr, 1.0);
  cairo_set_dash (cr, (double[]) { 6.0, 4.0 }, 2, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
emit_tile (DdSchematicSource *self,
           int                x,
           int                y,
           int                z,
           GBytes            *bytes)
{
  g_signal_emit_by_name (self, "received-data", x, y, z, bytes);
}

/* Shows the schematic tile for a request still waiting (or failed). */
static GBytes *
show_schematic (TileRequest *request)
{
  if (request->schematic == NULL)
    {
      request->schematic = dd_schematic_source_draw_tile (request->self, request->x, request->y, request->z);
      request->self->n_schematic_tiles++;
      emit_tile (request->self, request->x, request->y, request->z, request->schematic);
    }

  return g_bytes_ref (request->schematic);
}

static gboolean
upstream_timeout_cb (gpointer user_data)
{
  TileRequest *request = user_data;

  request->timeout_id = 0;
  if (request->delivered == NULL)
    g_bytes_unref (show_schematic (request));

  return G_SOURCE_REMOVE;
}

static void
upstream_received_cb (ShumateDataSource *upstream,
                      int                x,
                      int                y,
                      int                z,
                      GBytes            *bytes,
                      DdSchematicSource *self)
{
  g_autofree char *key = tile_key (x, y, z);
  TileRequest *request = g_hash_table_lookup (self->pending, key);

  /* Garbage stays out of the renderer; the schematic tile takes its place
   * when the request ends. */
  if (request == NULL || !dd_tile_bytes_are_image (bytes))
    return;

  if (request->delivered == NULL)
    self->n_upstream_tiles++;
  g_clear_pointer (&request->delivered, g_bytes_unref);
  request->delivered = g_bytes_ref (bytes);
  emit_tile (self, x, y, z, bytes);
  update_schematic (self);
}

static void
upstream_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TileRequest *request = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GTask *task = request->task;

  bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else if (request->delivered != NULL)
    {
      g_task_return_pointer (task, g_bytes_ref (request->delivered), (GDestroyNotify) g_bytes_unref);
    }
  else
    {
      if (error != NULL)
        g_debug ("Map tile %s from the upstream failed: %s", request->key, error->message);
      g_task_return_pointer (task, show_schematic (request), (GDestroyNotify) g_bytes_unref);
      update_schematic (request->self);
    }

  tile_request_free (request);
}

static void
dd_schematic_source_get_tile_data_async (ShumateDataSource   *source,
                                         int                  x,
                                         int                  y,
                                         int                  zoom_level,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  DdSchematicSource *self = DD_SCHEMATIC_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  TileRequest *request;

  g_task_set_source_tag (task, dd_schematic_source_get_tile_data_async);

  if (self->upstream == NULL)
    {
      g_autoptr(GBytes) bytes = dd_schematic_source_draw_tile (self, x, y, zoom_level);

      self->n_schematic_tiles++;
      emit_tile (self, x, y, zoom_level, bytes);
      g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
      return;
    }

  request = g_new0 (TileRequest, 1);
  request->self = g_object_ref (self);
  request->task = g_steal_pointer (&task);
  request->key = tile_key (x, y, zoom_level);
  request->x = x;
  request->y = y;
  request->z = zoom_level;
  g_hash_table_replace (self->pending, g_strdup (request->key), request);
  if (self->upstream_timeout_ms > 0)
    request->timeout_id = g_timeout_add (self->upstream_timeout_ms, upstream_timeout_cb, request);

  shumate_data_source_get_tile_data_async (self->upstream, x, y, zoom_level, cancellable,
                                           upstream_done_cb, request);
}

static GBytes *
dd_schematic_source_get_tile_data_finish (ShumateDataSource  *source,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
dd_schematic_source_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DdSchematicSource *self = DD_SCHEMATIC_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SCHEMATIC:
      g_value_set_boolean (value, self->schematic);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_schematic_source_dispose (GObject *object)
{
  DdSchematicSource *self = DD_SCHEMATIC_SOURCE (object);

  if (self->upstream != NULL)
    g_signal_handlers_disconnect_by_data (self->upstream, self);
  g_clear_object (&self->upstream);

  G_OBJECT_CLASS (dd_schematic_source_parent_class)->dispose (object);
}

static void
dd_schematic_source_finalize (GObject *object)
{
  DdSchematicSource *self = DD_SCHEMATIC_SOURCE (object);

  /* Every request holds a reference: none is pending here. */
  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (dd_schematic_source_parent_class)->finalize (object);
}

static void
dd_schematic_source_class_init (DdSchematicSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->get_property = dd_schematic_source_get_property;
  object_class->dispose = dd_schematic_source_dispose;
  object_class->finalize = dd_schematic_source_finalize;
  source_class->get_tile_data_async = dd_schematic_source_get_tile_data_async;
  source_class->get_tile_data_finish = dd_schematic_source_get_tile_data_finish;

  properties[PROP_SCHEMATIC] =
    g_param_spec_boolean ("schematic", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_schematic_source_init (DdSchematicSource *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->upstream_timeout_ms = DEFAULT_UPSTREAM_TIMEOUT_MS;
}

DdSchematicSource *
dd_schematic_source_new (ShumateDataSource *upstream)
{
  DdSchematicSource *self;

  g_return_val_if_fail (upstream == NULL || SHUMATE_IS_DATA_SOURCE (upstream), NULL);

  self = g_object_new (DD_TYPE_SCHEMATIC_SOURCE, NULL);
  if (upstream != NULL)
    {
      self->upstream = g_object_ref (upstream);
      g_signal_connect_object (upstream, "received-data", G_CALLBACK (upstream_received_cb), self, 0);
    }
  self->schematic = upstream == NULL;

  return self;
}

ShumateDataSource *
dd_schematic_source_get_upstream (DdSchematicSource *self)
{
  g_return_val_if_fail (DD_IS_SCHEMATIC_SOURCE (self), NULL);

  return self->upstream;
}

void
dd_schematic_source_set_upstream_timeout (DdSchematicSource *self,
                                          guint              milliseconds)
{
  g_return_if_fail (DD_IS_SCHEMATIC_SOURCE (self));

  self->upstream_timeout_ms = milliseconds;
}

void
dd_schematic_source_set_area (DdSchematicSource *self,
                              double             south,
                              double             west,
                              double             north,
                              double             east)
{
  g_return_if_fail (DD_IS_SCHEMATIC_SOURCE (self));

  self->has_area = isfinite (south) && isfinite (west) && isfinite (north) && isfinite (east)
                   && south >= -90 && north <= 90 && south <= north
                   && west >= -180 && east <= 180 && west <= east;
  self->south = south;
  self->west = west;
  self->north = north;
  self->east = east;
}

guint
dd_schematic_source_get_n_upstream_tiles (DdSchematicSource *self)
{
  g_return_val_if_fail (DD_IS_SCHEMATIC_SOURCE (self), 0);

  return self->n_upstream_tiles;
}

guint
dd_schematic_source_get_n_schematic_tiles (DdSchematicSource *self)
{
  g_return_val_if_fail (DD_IS_SCHEMATIC_SOURCE (self), 0);

  return self->n_schematic_tiles;
}

gboolean
dd_schematic_source_get_schematic (DdSchematicSource *self)
{
  g_return_val_if_fail (DD_IS_SCHEMATIC_SOURCE (self), FALSE);

  return self->schematic;
}

GBytes *
dd_schematic_source_draw_tile (DdSchematicSource *self,
                               int                x,
                               int                y,
                               int                zoom_level)
{
  const int size = DD_SCHEMATIC_SOURCE_TILE_SIZE;
  cairo_surface_t *surface;
  cairo_t *cr;
  GByteArray *png = g_byte_array_new ();

  g_return_val_if_fail (DD_IS_SCHEMATIC_SOURCE (self), NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cr = cairo_create (surface);

  /* A plain, warm paper background. */
  cairo_set_source_rgb (cr, 0.957, 0.953, 0.937);
  cairo_paint (cr);

  /* A fine grid every 64 px, and the tile edges a little stronger, so the
   * map reads as a deliberate plan, not as tiles that failed to load. */
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, 0.55, 0.53, 0.48, 0.12);
  for (int i = 64; i < size; i += 64)
    {
      cairo_move_to (cr, i + 0.5, 0);
      cairo_line_to (cr, i + 0.5, size);
      cairo_move_to (cr, 0, i + 0.5);
      cairo_line_to (cr, size, i + 0.5);
    }
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, 0.55, 0.53, 0.48, 0.25);
  cairo_move_to (cr, 0.5, 0);
  cairo_line_to (cr, 0.5, size);
  cairo_move_to (cr, 0, 0.5);
  cairo_line_to (cr, size, 0.5);
  cairo_stroke (cr);

  if (self->has_area)
    draw_area (self, cr, x, y, zoom_level);

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_write_to_png_stream (surface, append_png_cb, png);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (png);
}
