/* dd-hub-map.h — the drop's micro-hubs on a map: stock and capacity badges,
 * the two-hour delivery zones and recent orders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <shumate/shumate.h>

#include "dd-schematic-source.h"
#include "dd-tile-prefetch.h"

G_BEGIN_DECLS

#define DD_HUB_MAP_DEFAULT_TILE_URL "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
/* Order markers kept on the map: the newest ones. */
#define DD_HUB_MAP_MAX_ORDER_MARKERS 200
/* Orders counted by the heat layer: the newest ones. */
#define DD_HUB_MAP_MAX_HEAT_ORDERS 10000

#define DD_TYPE_HUB_MAP (dd_hub_map_get_type ())

G_DECLARE_FINAL_TYPE (DdHubMap, dd_hub_map, DD, HUB_MAP, AdwBin)

GtkWidget         *dd_hub_map_new                 (void);
/* hubs: DdHub; orders: DdOrder, newest first. Either may be NULL. */
void               dd_hub_map_set_models          (DdHubMap   *self,
                                                   GListModel *hubs,
                                                   GListModel *orders);
/* Tiles from a raster URL template with {z}, {x} and {y} (the setting
 * "map-tile-url" unless set here); "" or NULL draws the schematic basemap
 * only. attribution names the tiles' source and licence. */
void               dd_hub_map_set_tile_url        (DdHubMap   *self,
                                                   const char *url_template,
                                                   const char *attribution);
/* How many of the newest orders are drawn (default
 * DD_HUB_MAP_MAX_ORDER_MARKERS). */
void               dd_hub_map_set_max_order_markers (DdHubMap *self,
                                                     guint     max_markers);
/* Recent orders as a heat layer (the newest DD_HUB_MAP_MAX_HEAT_ORDERS, or
 * the max set above if larger) instead of dots. */
void               dd_hub_map_set_order_heat      (DdHubMap *self,
                                                   gboolean  heat);
gboolean           dd_hub_map_get_order_heat      (DdHubMap *self);
/* A hub's badge: units still to sell of those on hand. */
void               dd_hub_map_set_stock           (DdHubMap   *self,
                                                   const char *hub_id,
                                                   gint64      to_sell,
                                                   gint64      on_hand);

ShumateSimpleMap  *dd_hub_map_get_map             (DdHubMap *self);
DdSchematicSource *dd_hub_map_get_source          (DdHubMap *self);
guint              dd_hub_map_get_n_hub_markers   (DdHubMap *self);
guint              dd_hub_map_get_n_order_markers (DdHubMap *self);
guint              dd_hub_map_get_n_zones         (DdHubMap *self);
/* The accessible label of a hub's marker, or NULL for an unknown hub. */
char              *dd_hub_map_dup_hub_label       (DdHubMap   *self,
                                                   const char *hub_id);
/* The venue area: the hubs' bounding box, widened by the two-hour zone's
 * radius on every side. FALSE without hubs. */
gboolean           dd_hub_map_get_venue_area      (DdHubMap *self,
                                                   DdGeoBox *box);
/* What fetches and caches the tiles; NULL for the schematic map only. */
DdTileDownloader  *dd_hub_map_get_downloader      (DdHubMap *self);
/* TRUE while the map shows the schematic basemap (offline). */
gboolean           dd_hub_map_get_schematic       (DdHubMap *self);

G_END_DECLS
