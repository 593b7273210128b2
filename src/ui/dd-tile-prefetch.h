/* dd-tile-prefetch.h — caching the map tiles of an area before the drop
 *
 * The venue's area is fetched through a DdTileDownloader (its User-Agent,
 * its two connections, its disk cache), one tile after another, so that
 * the map works offline at the venue. The count is bounded: zoom levels are
 * taken from the lowest up while the total stays within max_tiles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-tile-downloader.h"

G_BEGIN_DECLS

#define DD_TILE_PREFETCH_MAX_TILES 600
#define DD_TILE_PREFETCH_MIN_ZOOM  10
#define DD_TILE_PREFETCH_MAX_ZOOM  16

typedef struct
{
  double south, west, north, east;   /* degrees */
} DdGeoBox;

/* Tiles that cover `box` at one zoom level. */
guint    dd_tile_prefetch_count_level (const DdGeoBox *box,
                                       int             zoom);
/* The highest zoom level, from min_zoom up to max_zoom, at which all the
 * levels together need at most max_tiles (their count in *n_tiles);
 * min_zoom - 1 when even min_zoom alone needs more. */
int      dd_tile_prefetch_plan        (const DdGeoBox *box,
                                       int             min_zoom,
                                       int             max_zoom,
                                       guint           max_tiles,
                                       guint          *n_tiles);

/* Called on the main context after each tile: done of total, failed so far. */
typedef void (*DdTilePrefetchProgress) (guint    done,
                                        guint    total,
                                        guint    failed,
                                        gpointer user_data);

/* Fetches (or finds fresh in the cache) every tile of the plan. Cancelling
 * stops after the tile in flight (G_IO_ERROR_CANCELLED). Tiles that fail
 * are counted and skipped. Fails with G_IO_ERROR_INVALID_ARGUMENT when
 * even the lowest level needs more than max_tiles. */
void     dd_tile_prefetch_async       (DdTileDownloader       *downloader,
                                       const DdGeoBox         *box,
                                       int                     min_zoom,
                                       int                     max_zoom,
                                       guint                   max_tiles,
                                       DdTilePrefetchProgress  progress,
                                       gpointer                progress_data,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data);
/* The number of tiles fetched or found; *failed those that failed. */
gboolean dd_tile_prefetch_finish      (DdTileDownloader  *downloader,
                                       GAsyncResult      *result,
                                       guint             *fetched,
                                       guint             *failed,
                                       GError           **error);

G_END_DECLS
