/* dd-delivery-promise.c — which latency bucket an offer can promise a buyer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-core-error.h"
#include "dd-delivery-promise.h"

#define EARTH_RADIUS_KM 6371.0088
#define MINUTES_PER_DAY 1440

typedef struct
{
  const char *sku;
  gint64      quantity;
} Need;

static gint64
snapshot_sellable (const DdHubSnapshot *snapshot,
                   const char          *sku)
{
  for (guint i = 0; i < snapshot->n_levels; i++)
    {
      DdStockLevel *level = snapshot->levels[i];

      if (g_strcmp0 (dd_stock_level_get_sku (level), sku) == 0)
        return dd_stock_level_get_on_hand (level) - dd_stock_level_get_reserved (level);
    }

  return 0;
}

static gboolean
snapshot_holds_all (const DdHubSnapshot *snapshot,
                    const Need          *needs,
                    guint                n_needs)
{
  for (guint i = 0; i < n_needs; i++)
    if (snapshot_sellable (snapshot, needs[i].sku) < needs[i].quantity)
      return FALSE;

  return TRUE;
}

/* Nearer first, then the earlier pick slot, then the smaller hub id. */
static gboolean
candidate_is_better (DdHub  *hub,
                     double  distance,
                     guint   pick,
                     DdHub  *best,
                     double  best_distance,
                     guint   best_pick)
{
  if (best == NULL)
    return TRUE;
  if (distance != best_distance)
    return distance < best_distance;
  if (pick != best_pick)
    return pick < best_pick;
  return strcmp (dd_hub_get_id (hub), dd_hub_get_id (best)) < 0;
}

/* The best hub with the predicate's approval holding all of needs, or NULL. */
typedef gboolean (*HubFilter) (const DdHubSnapshot *snapshot,
                               double               distance,
                               guint                minute_of_day,
                               const DdDeliveryPromiseOptions *options);

static gboolean
filter_express (const DdHubSnapshot            *snapshot,
                double                          distance,
                guint                           minute_of_day,
                const DdDeliveryPromiseOptions *options)
{
  return distance <= options->radius_km &&
         dd_delivery_promise_hub_is_express (snapshot->hub, snapshot->backlog, options);
}

static gboolean
filter_same_day (const DdHubSnapshot            *snapshot,
                 double                          distance,
                 guint                           minute_of_day,
                 const DdDeliveryPromiseOptions *options)
{
  return dd_delivery_promise_hub_keeps (snapshot->hub, DD_LATENCY_BUCKET_SAME_DAY, snapshot->backlog,
                                        minute_of_day, options);
}

static gboolean
filter_any (const DdHubSnapshot            *snapshot,
            double                          distance,
            guint                           minute_of_day,
            const DdDeliveryPromiseOptions *options)
{
  return TRUE;
}

static const DdHubSnapshot *
find_best_hub (const DdHubSnapshot            *hubs,
               guint                           n_hubs,
               const double                   *distances,
               const Need                     *needs,
               guint                           n_needs,
               HubFilter                       filter,
               guint                           minute_of_day,
               const DdDeliveryPromiseOptions *options,
               double                         *distance_out)
{
  const DdHubSnapshot *best = NULL;
  double best_distance = 0;
  guint best_pick = 0;

  for (guint i = 0; i < n_hubs; i++)
    {
      guint pick;

      if (!filter (&hubs[i], distances[i], minute_of_day, options))
        continue;
      if (!snapshot_holds_all (&hubs[i], needs, n_needs))
        continue;

      pick = dd_delivery_promise_minutes_to_pick (dd_hub_get_capacity_per_hour (hubs[i].hub),
                                                  hubs[i].backlog);
      if (candidate_is_better (hubs[i].hub, distances[i], pick,
                               best != NULL ? best->hub : NULL, best_distance, best_pick))
        {
          best = &hubs[i];
          best_distance = distances[i];
          best_pick = pick;
        }
    }

  if (best != NULL)
    *distance_out = best_distance;

  return best;
}

/* Every need met by some hub that passes the filter (same day), or by the
 * sum over all hubs (next day, sum_over_hubs = TRUE). */
static gboolean
needs_met_split (const DdHubSnapshot            *hubs,
                 guint                           n_hubs,
                 const Need                     *needs,
                 guint                           n_needs,
                 HubFilter                       filter,
                 gboolean                        sum_over_hubs,
                 guint                           minute_of_day,
                 const DdDeliveryPromiseOptions *options)
{
  for (guint n = 0; n < n_needs; n++)
    {
      gint64 total = 0;
      gboolean met = FALSE;

      for (guint i = 0; i < n_hubs && !met; i++)
        {
          gint64 units;

          if (!filter (&hubs[i], 0, minute_of_day, options))
            continue;
          units = snapshot_sellable (&hubs[i], needs[n].sku);
          if (units <= 0)
            continue;
          total = sum_over_hubs ? total + units : units;
          met = total >= needs[n].quantity;
        }

      if (!met)
        return FALSE;
    }

  return TRUE;
}

double
dd_haversine_km (double latitude1,
                 double longitude1,
                 double latitude2,
                 double longitude2)
{
  double phi1 = latitude1 * G_PI / 180.0;
  double phi2 = latitude2 * G_PI / 180.0;
  double dphi = phi2 - phi1;
  double dlambda = (longitude2 - longitude1) * G_PI / 180.0;
  double a = sin (dphi / 2) * sin (dphi / 2) +
             cos (phi1) * cos (phi2) * sin (dlambda / 2) * sin (dlambda / 2);

  return 2.0 * EARTH_RADIUS_KM * asin (MIN (1.0, sqrt (a)));
}

guint
dd_delivery_promise_minutes_to_pick (guint capacity_per_hour,
                                     guint backlog)
{
  guint64 orders = (guint64) backlog + 1;

  if (capacity_per_hour == 0)
    return G_MAXUINT;

  return (guint) MIN ((orders * 60 + capacity_per_hour - 1) / capacity_per_hour,
                      (guint64) G_MAXUINT - 1);
}

gboolean
dd_delivery_promise_hub_is_express (DdHub                          *hub,
                                    guint                           backlog,
                                    const DdDeliveryPromiseOptions *options)
{
  guint pick_minutes = DD_DELIVERY_PROMISE_DEFAULT_PICK_MINUTES;

  g_return_val_if_fail (DD_IS_HUB (hub), FALSE);

  if (options != NULL && options->pick_minutes > 0)
    pick_minutes = options->pick_minutes;

  return dd_hub_get_open (hub) &&
         dd_hub_get_couriers (hub) > 0 &&
         dd_delivery_promise_minutes_to_pick (dd_hub_get_capacity_per_hour (hub), backlog) <= pick_minutes;
}

gboolean
dd_delivery_promise_hub_keeps (DdHub                          *hub,
                               DdLatencyBucket                 bucket,
                               guint                           backlog,
                               guint                           minute_of_day,
                               const DdDeliveryPromiseOptions *options)
{
  g_return_val_if_fail (DD_IS_HUB (hub), FALSE);

  switch (bucket)
    {
    case DD_LATENCY_BUCKET_TWO_HOURS:
      return dd_delivery_promise_hub_is_express (hub, backlog, options);
    case DD_LATENCY_BUCKET_SAME_DAY:
      return dd_hub_get_open (hub) && minute_of_day < dd_hub_get_cutoff_minute (hub);
    case DD_LATENCY_BUCKET_NEXT_DAY:
    case DD_LATENCY_BUCKET_POST_DROP:
    default:
      return TRUE;
    }
}

guint
dd_delivery_promise_minute_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return (guint) (g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now));
}

gboolean
dd_delivery_promise_compute (DdOffer                        *offer,
                             double                          latitude,
                             double                          longitude,
                             guint                           minute_of_day,
                             const DdHubSnapshot            *hubs,
                             guint                           n_hubs,
                             const DdDeliveryPromiseOptions *options,
                             DdDeliveryPromise              *promise,
                             GError                        **error)
{
  DdDeliveryPromiseOptions effective = { DD_DELIVERY_PROMISE_DEFAULT_RADIUS_KM,
                                         DD_DELIVERY_PROMISE_DEFAULT_PICK_MINUTES };
  g_autofree double *distances = NULL;
  g_autoptr(GArray) needs = NULL;
  const DdHubSnapshot *best;
  double distance = 0;

  g_return_val_if_fail (DD_IS_OFFER (offer), FALSE);
  g_return_val_if_fail (hubs != NULL || n_hubs == 0, FALSE);
  g_return_val_if_fail (promise != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dd_coordinates_validate (latitude, longitude, error))
    {
      g_prefix_error (error, _("Buyer location: "));
      return FALSE;
    }
  if (minute_of_day >= MINUTES_PER_DAY)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Time of day %u is past the end of the day (0 to 1439 minutes)"),
                   minute_of_day);
      return FALSE;
    }

  if (options != NULL && options->radius_km > 0)
    effective.radius_km = options->radius_km;
  if (options != NULL && options->pick_minutes > 0)
    effective.pick_minutes = options->pick_minutes;

  needs = g_array_new (FALSE, FALSE, sizeof (Need));
  if (dd_offer_is_bundle (offer))
    {
      for (guint i = 0; i < dd_offer_get_n_components (offer); i++)
        {
          const DdBundleComponent *component = dd_offer_get_component (offer, i);
          Need need = { component->sku, component->quantity };

          g_array_append_val (needs, need);
        }
    }
  else
    {
      Need need = { dd_offer_get_sku (offer), 1 };

      g_array_append_val (needs, need);
    }

  distances = g_new (double, MAX (n_hubs, 1));
  for (guint i = 0; i < n_hubs; i++)
    distances[i] = dd_haversine_km (latitude, longitude,
                                    dd_hub_get_latitude (hubs[i].hub),
                                    dd_hub_get_longitude (hubs[i].hub));

  memset (promise, 0, sizeof *promise);

  best = find_best_hub (hubs, n_hubs, distances, (Need *) needs->data, needs->len,
                        filter_express, minute_of_day, &effective, &distance);
  if (best != NULL)
    {
      promise->bucket = DD_LATENCY_BUCKET_TWO_HOURS;
      promise->hub = best->hub;
      promise->distance_km = distance;
      return TRUE;
    }

  struct { DdLatencyBucket bucket; HubFilter filter; gboolean sum; } tiers[] = {
    { DD_LATENCY_BUCKET_SAME_DAY, filter_same_day, FALSE },
    { DD_LATENCY_BUCKET_NEXT_DAY, filter_any, TRUE },
  };

  for (guint t = 0; t < G_N_ELEMENTS (tiers); t++)
    {
      best = find_best_hub (hubs, n_hubs, distances, (Need *) needs->data, needs->len,
                            tiers[t].filter, minute_of_day, &effective, &distance);
      if (best == NULL)
        {
          if (!needs_met_split (hubs, n_hubs, (Need *) needs->data, needs->len,
                                tiers[t].filter, tiers[t].sum, minute_of_day, &effective))
            continue;

          /* The hub chosen for the first component. */
          best = find_best_hub (hubs, n_hubs, distances, (Need *) needs->data, 1,
                                tiers[t].filter, minute_of_day, &effective, &distance);
          promise->split = TRUE;
        }

      promise->bucket = tiers[t].bucket;
      promise->hub = best != NULL ? best->hub : NULL;
      promise->distance_km = best != NULL ? distance : 0;
      return TRUE;
    }

  promise->bucket = DD_LATENCY_BUCKET_POST_DROP;
  return TRUE;
}
