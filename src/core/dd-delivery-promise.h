/* dd-delivery-promise.h — which latency bucket an offer can promise a buyer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-hub.h"
#include "dd-offer.h"
#include "dd-stock-level.h"

G_BEGIN_DECLS

#define DD_DELIVERY_PROMISE_DEFAULT_RADIUS_KM 5.0
/* Of the two hours, this much is for picking; the rest is the courier's. */
#define DD_DELIVERY_PROMISE_DEFAULT_PICK_MINUTES 60

/* What the promise needs to know about one hub right now. Borrowed. */
typedef struct
{
  DdHub         *hub;
  DdStockLevel **levels;    /* the hub's stock, one level per SKU, any order */
  guint          n_levels;
  guint          backlog;   /* orders waiting to be picked */
} DdHubSnapshot;

typedef struct
{
  double radius_km;         /* <= 0 means DD_DELIVERY_PROMISE_DEFAULT_RADIUS_KM */
  guint  pick_minutes;      /* 0 means DD_DELIVERY_PROMISE_DEFAULT_PICK_MINUTES */
} DdDeliveryPromiseOptions;

typedef struct
{
  DdLatencyBucket bucket;
  DdHub          *hub;         /* borrowed; NULL for post-drop */
  double          distance_km; /* from the hub to the buyer; 0 without a hub */
  gboolean        split;       /* no single hub holds every component */
} DdDeliveryPromise;

/* Great-circle distance on a sphere of radius 6371.0088 km. */
double   dd_haversine_km                      (double latitude1,
                                               double longitude1,
                                               double latitude2,
                                               double longitude2);

/* Minutes until an order placed now is picked: (backlog + 1) orders at
 * capacity_per_hour, rounded up. G_MAXUINT when the capacity is zero. */
guint    dd_delivery_promise_minutes_to_pick  (guint capacity_per_hour,
                                               guint backlog);

/* TRUE when the hub may keep a two-hour promise at all, whatever the stock:
 * open, at least one courier, and the next pick slot within pick_minutes. */
gboolean dd_delivery_promise_hub_is_express   (DdHub                          *hub,
                                               guint                           backlog,
                                               const DdDeliveryPromiseOptions *options);

/* TRUE when the hub can keep `bucket` for an order placed at minute_of_day
 * (minutes after local midnight) with `backlog` orders waiting, whatever
 * the stock: two hours needs an express hub (see above), same day an open
 * hub before its cut-off; next day and post-drop make no promise a hub
 * could break, so every hub keeps them. A store picks the hub that
 * fulfils an order among these. options may be NULL. */
gboolean dd_delivery_promise_hub_keeps        (DdHub                          *hub,
                                               DdLatencyBucket                 bucket,
                                               guint                           backlog,
                                               guint                           minute_of_day,
                                               const DdDeliveryPromiseOptions *options);

/* Minutes after local midnight now. */
guint    dd_delivery_promise_minute_now       (void);

/* The best bucket the offer can promise a buyer at (latitude, longitude) at
 * minute_of_day (minutes after local midnight, < 1440), and the hub that
 * keeps it. "Stock" for a component means on_hand - reserved at the hub is at
 * least the component's quantity (1 for a plain offer).
 *
 *  - two hours: an express hub (see above) within the radius holding every
 *    component; a bundle is never split for this bucket;
 *  - same day: every component in stock at open hubs whose cut-off is after
 *    minute_of_day;
 *  - next day: every component in stock anywhere (summed over hubs, open or
 *    paused);
 *  - post-drop otherwise.
 *
 * Deterministic: among hubs that qualify, the nearest to the buyer wins,
 * then the earliest pick slot, then the smallest hub id. For same day and
 * next day the hub is the one holding every component when there is one
 * (split = FALSE); otherwise the one chosen for the first component, or
 * NULL when no single hub holds all of its units (split = TRUE). options
 * may be NULL. Fails with DD_CORE_ERROR_INVALID_FIELD for buyer
 * coordinates out of range or a minute past the end of the day. */
gboolean dd_delivery_promise_compute          (DdOffer                        *offer,
                                               double                          latitude,
                                               double                          longitude,
                                               guint                           minute_of_day,
                                               const DdHubSnapshot            *hubs,
                                               guint                           n_hubs,
                                               const DdDeliveryPromiseOptions *options,
                                               DdDeliveryPromise              *promise,
                                               GError                        **error);

G_END_DECLS
