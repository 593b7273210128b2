/* dd-hub.h — a fulfilment micro-hub
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DD_TYPE_HUB (dd_hub_get_type ())

G_DECLARE_FINAL_TYPE (DdHub, dd_hub, DD, HUB, GObject)

DdHub      *dd_hub_new                    (const char *id,
                                           const char *name);
const char *dd_hub_get_id                 (DdHub *self);
const char *dd_hub_get_name               (DdHub *self);
void        dd_hub_set_name               (DdHub      *self,
                                           const char *name);
const char *dd_hub_get_address            (DdHub *self);
void        dd_hub_set_address            (DdHub      *self,
                                           const char *address);
double      dd_hub_get_latitude           (DdHub *self);
double      dd_hub_get_longitude          (DdHub *self);
/* Refuses latitudes outside [-90, 90] and longitudes outside [-180, 180],
 * naming the hub; the hub keeps its old position. */
gboolean    dd_hub_set_location           (DdHub   *self,
                                           double   latitude,
                                           double   longitude,
                                           GError **error);
/* Pick-pack capacity in orders per hour; must be above zero. */
guint       dd_hub_get_capacity_per_hour  (DdHub *self);
gboolean    dd_hub_set_capacity_per_hour  (DdHub   *self,
                                           guint    capacity,
                                           GError **error);
guint       dd_hub_get_couriers           (DdHub *self);
void        dd_hub_set_couriers           (DdHub *self,
                                           guint  couriers);
/* Same-day cut-off in minutes after local midnight. */
guint       dd_hub_get_cutoff_minute      (DdHub *self);
void        dd_hub_set_cutoff_minute      (DdHub *self,
                                           guint  minute);
gboolean    dd_hub_get_open               (DdHub *self);
void        dd_hub_set_open               (DdHub    *self,
                                           gboolean  open);

gboolean    dd_coordinates_validate       (double   latitude,
                                           double   longitude,
                                           GError **error);

G_END_DECLS
