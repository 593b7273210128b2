/* dd-stock-level.h — units of one SKU at one hub
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DD_TYPE_STOCK_LEVEL (dd_stock_level_get_type ())

G_DECLARE_FINAL_TYPE (DdStockLevel, dd_stock_level, DD, STOCK_LEVEL, GObject)

/* Invariant: reserved + allocated <= on_hand, and nothing is negative. */
DdStockLevel *dd_stock_level_new            (const char *hub_id,
                                             const char *sku);
const char   *dd_stock_level_get_hub_id     (DdStockLevel *self);
const char   *dd_stock_level_get_sku        (DdStockLevel *self);
gint64        dd_stock_level_get_on_hand    (DdStockLevel *self);
gint64        dd_stock_level_get_reserved   (DdStockLevel *self);
gint64        dd_stock_level_get_allocated  (DdStockLevel *self);
/* on_hand - reserved - allocated */
gint64        dd_stock_level_get_available  (DdStockLevel *self);

/* Each refuses to break the invariant (DD_CORE_ERROR_OVERSELL or
 * DD_CORE_ERROR_INVALID_FIELD naming the hub and SKU) and leaves the level
 * unchanged when it does. */
gboolean      dd_stock_level_set_on_hand    (DdStockLevel  *self,
                                             gint64         on_hand,
                                             GError       **error);
gboolean      dd_stock_level_reserve        (DdStockLevel  *self,
                                             gint64         units,
                                             GError       **error);
gboolean      dd_stock_level_release        (DdStockLevel  *self,
                                             gint64         units,
                                             GError       **error);
gboolean      dd_stock_level_allocate       (DdStockLevel  *self,
                                             gint64         units,
                                             GError       **error);
/* Allocated units go back to available stock. */
gboolean      dd_stock_level_deallocate     (DdStockLevel  *self,
                                             gint64         units,
                                             GError       **error);
/* A buyer takes units of an offer: they move from allocated to reserved. */
gboolean      dd_stock_level_sell           (DdStockLevel  *self,
                                             gint64         units,
                                             GError       **error);
/* An order ships: the units leave on_hand and the reservation. */
gboolean      dd_stock_level_fulfil         (DdStockLevel  *self,
                                             gint64         units,
                                             GError       **error);

G_END_DECLS
