/* dd-schematic-source.h — map tiles that never need the network
 *
 * A ShumateDataSource that draws a calm schematic basemap with cairo (a plain
 * background, a grid, the area of the drop's hubs) and, given an upstream
 * source (e.g. a ShumateTileDownloader), serves its tiles instead whenever
 * they arrive as images: a tile the upstream cannot deliver, delivers late or
 * delivers as garbage is drawn schematically, so hubs and zones always sit on
 * a deliberate background.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define DD_SCHEMATIC_SOURCE_TILE_SIZE 256

#define DD_TYPE_SCHEMATIC_SOURCE (dd_schematic_source_get_type ())

G_DECLARE_FINAL_TYPE (DdSchematicSource, dd_schematic_source, DD, SCHEMATIC_SOURCE, ShumateDataSource)

/* upstream may be NULL: every tile is schematic. */
DdSchematicSource *dd_schematic_source_new                (ShumateDataSource *upstream);
ShumateDataSource *dd_schematic_source_get_upstream       (DdSchematicSource *self);
/* How long a tile may wait for the upstream before the schematic tile is
 * shown in its place (a real tile arriving later still replaces it). */
void               dd_schematic_source_set_upstream_timeout (DdSchematicSource *self,
                                                           guint              milliseconds);
/* The area outlined on the basemap (the hubs' bounding box); ignored when
 * out of range. */
void               dd_schematic_source_set_area           (DdSchematicSource *self,
                                                           double             south,
                                                           double             west,
                                                           double             north,
                                                           double             east);
/* Tiles served from the upstream, and tiles drawn schematically. */
guint              dd_schematic_source_get_n_upstream_tiles  (DdSchematicSource *self);
guint              dd_schematic_source_get_n_schematic_tiles (DdSchematicSource *self);
/* TRUE once the upstream failed and never delivered: the map is schematic.
 * Also a property, "schematic". */
gboolean           dd_schematic_source_get_schematic      (DdSchematicSource *self);
/* PNG bytes of one schematic tile. */
GBytes            *dd_schematic_source_draw_tile          (DdSchematicSource *self,
                                                           int                x,
                                                           int                y,
                                                           int                zoom_level);

G_END_DECLS
