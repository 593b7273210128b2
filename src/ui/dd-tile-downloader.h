/* dd-tile-downloader.h — raster map tiles from a URL template, cached on disk
 *
 * A ShumateDataSource like ShumateTileDownloader, but it names Dropdeck in
 * its User-Agent (as tile policies such as OpenStreetMap's ask), keeps to two
 * connections, gives up on a slow server after a timeout and never hands on
 * bytes that are no image. Tiles are cached under
 * $XDG_CACHE_HOME/shumate/ for a week, so a venue area seen once stays on the
 * map offline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define DD_TYPE_TILE_DOWNLOADER (dd_tile_downloader_get_type ())

G_DECLARE_FINAL_TYPE (DdTileDownloader, dd_tile_downloader, DD, TILE_DOWNLOADER, ShumateDataSource)

/* url_template: http(s) with {z}, {x} and {y}. */
DdTileDownloader *dd_tile_downloader_new            (const char *url_template);
const char       *dd_tile_downloader_get_user_agent (DdTileDownloader *self);
/* TRUE when bytes decode as an image a map layer can show. */
gboolean          dd_tile_bytes_are_image           (GBytes *bytes);
/* The URL of one tile. */
char             *dd_tile_downloader_dup_tile_url   (DdTileDownloader *self,
                                                     int               x,
                                                     int               y,
                                                     int               zoom_level);

G_END_DECLS
