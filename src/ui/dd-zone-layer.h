/* dd-zone-layer.h — the Hubs map's delivery zones and order dots, drawn in
 * one layer
 *
 * One cairo drawing for every zone and dot: cheap while the map pans, even
 * with hundreds of zones and ten thousand orders (a widget or a path layer
 * each would cost a frame budget several times over).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define DD_TYPE_ZONE_LAYER (dd_zone_layer_get_type ())

G_DECLARE_FINAL_TYPE (DdZoneLayer, dd_zone_layer, DD, ZONE_LAYER, ShumateLayer)

DdZoneLayer *dd_zone_layer_new         (ShumateViewport *viewport);
void         dd_zone_layer_clear_zones (DdZoneLayer *self);
/* A circle of radius_km around a place; express zones are drawn in the
 * accent colour, the others grey. */
void         dd_zone_layer_add_zone    (DdZoneLayer *self,
                                        double       latitude,
                                        double       longitude,
                                        double       radius_km,
                                        gboolean     express);
void         dd_zone_layer_set_express (DdZoneLayer *self,
                                        guint        index,
                                        gboolean     express);
guint        dd_zone_layer_get_n_zones (DdZoneLayer *self);
void         dd_zone_layer_clear_dots  (DdZoneLayer *self);
void         dd_zone_layer_add_dot     (DdZoneLayer *self,
                                        double       latitude,
                                        double       longitude);
guint        dd_zone_layer_get_n_dots  (DdZoneLayer *self);
/* Draws the dots as a heat layer (their density per cell) instead. */
void         dd_zone_layer_set_heat    (DdZoneLayer *self,
                                        gboolean     heat);
gboolean     dd_zone_layer_get_heat    (DdZoneLayer *self);

G_END_DECLS
