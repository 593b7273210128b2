/* dd-allocation-planner.h — forecast demand and suggest stock moves between hubs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DD_ALLOCATION_PLANNER_DEFAULT_INTENT_WEIGHT 0.5

/* Forecast units of one SKU ordered from one region in the next
 * horizon_minutes:
 *
 *   recent_orders / window_minutes * horizon_minutes   (the order rate)
 *   + intent_weight * intent_count                     (buyers who asked in
 *                                                       the chat, e.g. for
 *                                                       size M, and have not
 *                                                       ordered yet)
 *
 * rounded to the nearest unit. window_minutes 0 means no rate is known. */
gint64 dd_demand_forecast (guint  recent_orders,
                           guint  window_minutes,
                           guint  intent_count,
                           guint  horizon_minutes,
                           double intent_weight);

typedef struct
{
  char  *from_hub_id;
  char  *to_hub_id;
  char  *sku;
  gint64 quantity;
  /* Units of forecast demand that move from a worse bucket into <= 2 h. */
  gint64 improvement;
} DdStockMove;

void dd_stock_move_free (DdStockMove *move);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdStockMove, dd_stock_move_free)

/* The planner's model (a documented simplification of the delivery promise):
 *
 *  - A hub is express when it is open, has a courier and the next pick slot
 *    (backlog + 1 orders at its capacity) is within the pick window
 *    (dd_delivery_promise_hub_is_express()).
 *  - Each region's home hub is the nearest express hub within the radius
 *    (ties: smaller hub id); a region without one cannot be served in <= 2 h.
 *  - need(h, s) = forecast demand for SKU s of the regions whose home is h.
 *    Units of s that hub h can send now: free(h, s) = on_hand - reserved.
 *    Covered demand = sum over h, s of min(free(h, s), need(h, s)).
 *
 * Objective: maximise covered demand by moving free units between hubs. Moves
 * of one SKU do not affect another, and a unit above need(h, s) covers
 * nothing at h, so the optimum gain for s is
 * min(sum of surpluses, sum of deficits).
 *
 * Greedy: for each SKU in the order added, deficit hubs by largest deficit
 * (ties: smaller hub id) each take from the nearest hub with a surplus (ties:
 * smaller hub id) until the deficit or every surplus is gone. Every unit
 * moved fills a deficit from a surplus, so the greedy reaches that optimum;
 * among optimal plans it prefers short moves. */
typedef struct _DdAllocationPlanner DdAllocationPlanner;

DdAllocationPlanner *dd_allocation_planner_new            (double radius_km,
                                                           guint  pick_minutes);
void                 dd_allocation_planner_free           (DdAllocationPlanner *self);

/* Refuses coordinates out of range, a capacity of zero and a duplicate id
 * with DD_CORE_ERROR_INVALID_FIELD naming the hub. */
gboolean             dd_allocation_planner_add_hub        (DdAllocationPlanner  *self,
                                                           const char           *id,
                                                           double                latitude,
                                                           double                longitude,
                                                           guint                 capacity_per_hour,
                                                           guint                 couriers,
                                                           guint                 backlog,
                                                           gboolean              open,
                                                           GError              **error);
gboolean             dd_allocation_planner_add_region     (DdAllocationPlanner  *self,
                                                           const char           *id,
                                                           double                latitude,
                                                           double                longitude,
                                                           GError              **error);
gboolean             dd_allocation_planner_add_sku        (DdAllocationPlanner  *self,
                                                           const char           *sku,
                                                           GError              **error);
/* Refuses an unknown hub or SKU, negative numbers and reserved > on_hand,
 * naming the hub and the SKU. The last call for a pair wins. */
gboolean             dd_allocation_planner_set_stock      (DdAllocationPlanner  *self,
                                                           const char           *hub,
                                                           const char           *sku,
                                                           gint64                on_hand,
                                                           gint64                reserved,
                                                           GError              **error);
/* Adds forecast demand (see dd_demand_forecast()) for a SKU in a region;
 * refuses an unknown SKU or region and negative units, naming them. */
gboolean             dd_allocation_planner_add_demand     (DdAllocationPlanner  *self,
                                                           const char           *sku,
                                                           const char           *region,
                                                           gint64                units,
                                                           GError              **error);

/* Forecast demand covered in <= 2 h as the stock stands. */
gint64               dd_allocation_planner_covered_demand (DdAllocationPlanner *self);

/* The suggested moves (DdStockMove), in the order the greedy found them;
 * total_improvement (may be NULL) receives their summed improvement. */
GPtrArray           *dd_allocation_planner_suggest        (DdAllocationPlanner *self,
                                                           gint64              *total_improvement);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdAllocationPlanner, dd_allocation_planner_free)

G_END_DECLS
