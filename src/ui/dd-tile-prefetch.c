/* dd-tile-prefetch.c — caching the map tiles of an area before the drop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "dd-tile-prefetch.h"

typedef struct
{
  int x0, x1, y0, y1, z;
} Range;

typedef struct
{
  GArray                 *ranges;   /* Range, lowest zoom first */
  guint                   range;
  int                     x, y;
  guint                   total;
  guint                   done;
  guint                   failed;
  DdTilePrefetchProgress  progress;
  gpointer                progress_data;
} Prefetch;

static void
prefetch_free (Prefetch *prefetch)
{
  g_array_unref (prefetch->ranges);
  g_free (prefetch);
}

static int
tile_x (double longitude,
        int    zoom)
{
  double n = (double) (1 << zoom);
  int x = (int) floor ((longitude + 180.0) / 360.0 * n);

  return CLAMP (x, 0, (1 << zoom) - 1);
}

static int
tile_y (double latitude,
        int    zoom)
{
  double n = (double) (1 << zoom);
  double phi = CLAMP (latitude, -85.0511, 85.0511) * G_PI / 180.0;
  int y = (int) floor ((1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0 * n);

  return CLAMP (y, 0, (1 << zoom) - 1);
}

static Range
level_range (const DdGeoBox *box,
             int             zoom)
{
  Range range = {
    tile_x (box->west, zoom), tile_x (box->east, zoom),
    tile_y (box->north, zoom), tile_y (box->south, zoom),   /* y grows southwards */
    zoom,
  };

  return range;
}

guint
dd_tile_prefetch_count_level (const DdGeoBox *box,
                              int             zoom)
{
  Range range;

  g_return_val_if_fail (box != NULL, 0);
  g_return_val_if_fail (zoom >= 0 && zoom <= 22, 0);

  range = level_range (box, zoom);
  return (guint) (range.x1 - range.x0 + 1) * (guint) (range.y1 - range.y0 + 1);
}

int
dd_tile_prefetch_plan (const DdGeoBox *box,
                       int             min_zoom,
                       int             max_zoom,
                       guint           max_tiles,
                       guint          *n_tiles)
{
  guint total = 0;
  int zoom;

  g_return_val_if_fail (box != NULL, min_zoom - 1);

  for (zoom = min_zoom; zoom <= max_zoom; zoom++)
    {
      guint level = dd_tile_prefetch_count_level (box, zoom);

      if (total + level > max_tiles)
        break;
      total += level;
    }

  if (n_tiles != NULL)
    *n_tiles = total;
  return zoom - 1;
}

static void fetch_next (GTask *task);

static void
tile_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Prefetch *prefetch = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (bytes == NULL)
    {
      g_debug ("Prefetching a tile failed: %s", error->message);
      prefetch->failed++;
    }
  prefetch->done++;
  if (prefetch->progress != NULL)
    prefetch->progress (prefetch->done, prefetch->total, prefetch->failed, prefetch->progress_data);

  fetch_next (task);
}

static void
fetch_next (GTask *task)
{
  Prefetch *prefetch = g_task_get_task_data (task);
  Range *range;

  if (g_task_return_error_if_cancelled (task))
    return;

  while (prefetch->range < prefetch->ranges->len)
    {
      range = &g_array_index (prefetch->ranges, Range, prefetch->range);
      if (prefetch->y > range->y1)
        {
          prefetch->x++;
          prefetch->y = range->y0;
        }
      if (prefetch->x <= range->x1)
        break;
      prefetch->range++;
      if (prefetch->range < prefetch->ranges->len)
        {
          range = &g_array_index (prefetch->ranges, Range, prefetch->range);
          prefetch->x = range->x0;
          prefetch->y = range->y0;
        }
    }

  if (prefetch->range >= prefetch->ranges->len)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  range = &g_array_index (prefetch->ranges, Range, prefetch->range);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (g_task_get_source_object (task)),
                                           prefetch->x, prefetch->y++, range->z,
                                           g_task_get_cancellable (task), tile_cb, g_object_ref (task));
}

void
dd_tile_prefetch_async (DdTileDownloader       *downloader,
                        const DdGeoBox         *box,
                        int                     min_zoom,
                        int                     max_zoom,
                        guint                   max_tiles,
                        DdTilePrefetchProgress  progress,
                        gpointer                progress_data,
                        GCancellable           *cancellable,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  Prefetch *prefetch;
  int top;

  g_return_if_fail (DD_IS_TILE_DOWNLOADER (downloader));
  g_return_if_fail (box != NULL);
  g_return_if_fail (min_zoom >= 0 && min_zoom <= max_zoom && max_zoom <= 22);

  task = g_task_new (downloader, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_tile_prefetch_async);

  prefetch = g_new0 (Prefetch, 1);
  prefetch->ranges = g_array_new (FALSE, FALSE, sizeof (Range));
  prefetch->progress = progress;
  prefetch->progress_data = progress_data;
  g_task_set_task_data (task, prefetch, (GDestroyNotify) prefetch_free);

  top = dd_tile_prefetch_plan (box, min_zoom, max_zoom, max_tiles, &prefetch->total);
  if (top < min_zoom)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The area needs more than %u map tiles even at zoom level %d: choose a smaller area"),
                               max_tiles, min_zoom);
      return;
    }
  for (int zoom = min_zoom; zoom <= top; zoom++)
    {
      Range range = level_range (box, zoom);

      g_array_append_val (prefetch->ranges, range);
    }
  prefetch->x = g_array_index (prefetch->ranges, Range, 0).x0;
  prefetch->y = g_array_index (prefetch->ranges, Range, 0).y0;

  fetch_next (task);
}

gboolean
dd_tile_prefetch_finish (DdTileDownloader  *downloader,
                         GAsyncResult      *result,
                         guint             *fetched,
                         guint             *failed,
                         GError           **error)
{
  Prefetch *prefetch;

  g_return_val_if_fail (g_task_is_valid (result, downloader), FALSE);

  prefetch = g_task_get_task_data (G_TASK (result));
  if (fetched != NULL)
    *fetched = prefetch->done - prefetch->failed;
  if (failed != NULL)
    *failed = prefetch->failed;

  return g_task_propagate_boolean (G_TASK (result), error);
}
