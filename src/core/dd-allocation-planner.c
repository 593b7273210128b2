/* dd-allocation-planner.c — forecast demand and suggest stock moves between hubs
 *
 * The model, the objective and the greedy are described in the header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-allocation-planner.h"
#include "dd-core-error.h"
#include "dd-delivery-promise.h"
#include "dd-hub.h"

typedef struct
{
  char    *id;
  double   latitude;
  double   longitude;
  guint    capacity_per_hour;
  guint    couriers;
  guint    backlog;
  gboolean open;
} PlannerHub;

typedef struct
{
  char  *id;
  double latitude;
  double longitude;
} PlannerRegion;

typedef struct
{
  guint  hub;
  guint  sku;
  gint64 free_units;
} StockEntry;

typedef struct
{
  guint  sku;
  guint  region;
  gint64 units;
} DemandEntry;

struct _DdAllocationPlanner
{
  double      radius_km;
  guint       pick_minutes;

  GArray     *hubs;         /* PlannerHub */
  GArray     *regions;      /* PlannerRegion */
  GPtrArray  *skus;         /* char * */
  GHashTable *hub_index;    /* id -> index + 1 */
  GHashTable *region_index;
  GHashTable *sku_index;
  GArray     *stock;        /* StockEntry, applied in order */
  GArray     *demand;       /* DemandEntry */
};

/* What suggest() and covered_demand() work on. */
typedef struct
{
  guint   n_hubs;
  guint   n_skus;
  guint  *rank;     /* hub index -> position in id order */
  gint64 *free;     /* [sku * n_hubs + hub] */
  gint64 *need;     /* [sku * n_hubs + hub] */
} Snapshot;

static void
planner_hub_clear (gpointer data)
{
  PlannerHub *hub = data;

  g_free (hub->id);
}

static void
planner_region_clear (gpointer data)
{
  PlannerRegion *region = data;

  g_free (region->id);
}

static guint
lookup (GHashTable *index,
        const char *id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (index, id));
}

static const char *
hub_id (DdAllocationPlanner *self,
        guint                index)
{
  return g_array_index (self->hubs, PlannerHub, index).id;
}

static gboolean
hub_is_express (DdAllocationPlanner *self,
                const PlannerHub    *hub)
{
  return hub->open && hub->couriers > 0 &&
         dd_delivery_promise_minutes_to_pick (hub->capacity_per_hour, hub->backlog) <= self->pick_minutes;
}

static int
compare_hub_ids (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  DdAllocationPlanner *self = user_data;

  return strcmp (hub_id (self, *(const guint *) a), hub_id (self, *(const guint *) b));
}

typedef struct
{
  guint  hub;
  double distance;
  guint  rank;
} Neighbour;

static int
compare_neighbours (gconstpointer a,
                    gconstpointer b)
{
  const Neighbour *na = a;
  const Neighbour *nb = b;

  if (na->distance != nb->distance)
    return na->distance < nb->distance ? -1 : 1;
  return (na->rank > nb->rank) - (na->rank < nb->rank);
}

typedef struct
{
  guint  hub;
  gint64 deficit;
  guint  rank;
} Deficit;

static int
compare_deficits (gconstpointer a,
                  gconstpointer b)
{
  const Deficit *da = a;
  const Deficit *db = b;

  if (da->deficit != db->deficit)
    return da->deficit > db->deficit ? -1 : 1;
  return (da->rank > db->rank) - (da->rank < db->rank);
}

static void
snapshot_clear (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->rank, g_free);
  g_clear_pointer (&snapshot->free, g_free);
  g_clear_pointer (&snapshot->need, g_free);
}

/* Fills free and need; see the model in the header. */
static void
snapshot_build (DdAllocationPlanner *self,
                Snapshot            *snapshot)
{
  guint n_hubs = self->hubs->len;
  guint n_regions = self->regions->len;
  gsize cells = MAX ((gsize) n_hubs * self->skus->len, 1);
  g_autofree guint *by_id = g_new (guint, MAX (n_hubs, 1));
  g_autofree guint *home = g_new (guint, MAX (n_regions, 1));
  g_autofree gboolean *express = g_new (gboolean, MAX (n_hubs, 1));

  snapshot->n_hubs = n_hubs;
  snapshot->n_skus = self->skus->len;
  snapshot->rank = g_new (guint, MAX (n_hubs, 1));
  snapshot->free = g_new0 (gint64, cells);
  snapshot->need = g_new0 (gint64, cells);

  for (guint h = 0; h < n_hubs; h++)
    by_id[h] = h;
  g_qsort_with_data (by_id, n_hubs, sizeof (guint), compare_hub_ids, self);
  for (guint i = 0; i < n_hubs; i++)
    snapshot->rank[by_id[i]] = i;

  for (guint h = 0; h < n_hubs; h++)
    express[h] = hub_is_express (self, &g_array_index (self->hubs, PlannerHub, h));

  for (guint r = 0; r < n_regions; r++)
    {
      const PlannerRegion *region = &g_array_index (self->regions, PlannerRegion, r);
      double best_distance = 0;

      home[r] = G_MAXUINT;
      for (guint h = 0; h < n_hubs; h++)
        {
          const PlannerHub *hub = &g_array_index (self->hubs, PlannerHub, h);
          double distance;

          if (!express[h])
            continue;
          distance = dd_haversine_km (region->latitude, region->longitude,
                                      hub->latitude, hub->longitude);
          if (distance > self->radius_km)
            continue;
          if (home[r] == G_MAXUINT || distance < best_distance ||
              (distance == best_distance && snapshot->rank[h] < snapshot->rank[home[r]]))
            {
              home[r] = h;
              best_distance = distance;
            }
        }
    }

  for (guint i = 0; i < self->stock->len; i++)
    {
      const StockEntry *entry = &g_array_index (self->stock, StockEntry, i);

      snapshot->free[(gsize) entry->sku * n_hubs + entry->hub] = entry->free_units;
    }

  for (guint i = 0; i < self->demand->len; i++)
    {
      const DemandEntry *entry = &g_array_index (self->demand, DemandEntry, i);

      if (home[entry->region] != G_MAXUINT)
        snapshot->need[(gsize) entry->sku * n_hubs + home[entry->region]] += entry->units;
    }
}

gint64
dd_demand_forecast (guint  recent_orders,
                    guint  window_minutes,
                    guint  intent_count,
                    guint  horizon_minutes,
                    double intent_weight)
{
  double rate_part = 0;
  double intent_part;

  if (window_minutes > 0)
    rate_part = (double) recent_orders / window_minutes * horizon_minutes;
  intent_part = MAX (intent_weight, 0.0) * intent_count;

  return (gint64) floor (rate_part + intent_part + 0.5);
}

void
dd_stock_move_free (DdStockMove *move)
{
  if (move == NULL)
    return;

  g_free (move->from_hub_id);
  g_free (move->to_hub_id);
  g_free (move->sku);
  g_free (move);
}

DdAllocationPlanner *
dd_allocation_planner_new (double radius_km,
                           guint  pick_minutes)
{
  DdAllocationPlanner *self = g_new0 (DdAllocationPlanner, 1);

  self->radius_km = radius_km > 0 ? radius_km : DD_DELIVERY_PROMISE_DEFAULT_RADIUS_KM;
  self->pick_minutes = pick_minutes > 0 ? pick_minutes : DD_DELIVERY_PROMISE_DEFAULT_PICK_MINUTES;
  self->hubs = g_array_new (FALSE, FALSE, sizeof (PlannerHub));
  g_array_set_clear_func (self->hubs, planner_hub_clear);
  self->regions = g_array_new (FALSE, FALSE, sizeof (PlannerRegion));
  g_array_set_clear_func (self->regions, planner_region_clear);
  self->skus = g_ptr_array_new_with_free_func (g_free);
  self->hub_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->region_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->sku_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->stock = g_array_new (FALSE, FALSE, sizeof (StockEntry));
  self->demand = g_array_new (FALSE, FALSE, sizeof (DemandEntry));

  return self;
}

void
dd_allocation_planner_free (DdAllocationPlanner *self)
{
  if (self == NULL)
    return;

  /* The indexes borrow the ids, so they go first. */
  g_hash_table_unref (self->hub_index);
  g_hash_table_unref (self->region_index);
  g_hash_table_unref (self->sku_index);
  g_array_unref (self->hubs);
  g_array_unref (self->regions);
  g_ptr_array_unref (self->skus);
  g_array_unref (self->stock);
  g_array_unref (self->demand);
  g_free (self);
}

gboolean
dd_allocation_planner_add_hub (DdAllocationPlanner  *self,
                               const char           *id,
                               double                latitude,
                               double                longitude,
                               guint                 capacity_per_hour,
                               guint                 couriers,
                               guint                 backlog,
                               gboolean              open,
                               GError              **error)
{
  PlannerHub hub;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (lookup (self->hub_index, id) != 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Hub “%s” is listed twice"), id);
      return FALSE;
    }
  if (!dd_coordinates_validate (latitude, longitude, error))
    {
      g_prefix_error (error, _("Hub “%s”: "), id);
      return FALSE;
    }
  if (capacity_per_hour == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Hub “%s”: the pick-pack capacity must be above zero orders per hour"), id);
      return FALSE;
    }

  hub.id = g_strdup (id);
  hub.latitude = latitude;
  hub.longitude = longitude;
  hub.capacity_per_hour = capacity_per_hour;
  hub.couriers = couriers;
  hub.backlog = backlog;
  hub.open = open;
  g_array_append_val (self->hubs, hub);
  g_hash_table_insert (self->hub_index, hub.id, GUINT_TO_POINTER (self->hubs->len));

  return TRUE;
}

gboolean
dd_allocation_planner_add_region (DdAllocationPlanner  *self,
                                  const char           *id,
                                  double                latitude,
                                  double                longitude,
                                  GError              **error)
{
  PlannerRegion region;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (lookup (self->region_index, id) != 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Region “%s” is listed twice"), id);
      return FALSE;
    }
  if (!dd_coordinates_validate (latitude, longitude, error))
    {
      g_prefix_error (error, _("Region “%s”: "), id);
      return FALSE;
    }

  region.id = g_strdup (id);
  region.latitude = latitude;
  region.longitude = longitude;
  g_array_append_val (self->regions, region);
  g_hash_table_insert (self->region_index, region.id, GUINT_TO_POINTER (self->regions->len));

  return TRUE;
}

gboolean
dd_allocation_planner_add_sku (DdAllocationPlanner  *self,
                               const char           *sku,
                               GError              **error)
{
  char *copy;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (sku != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (lookup (self->sku_index, sku) != 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("SKU %s is listed twice"), sku);
      return FALSE;
    }

  copy = g_strdup (sku);
  g_ptr_array_add (self->skus, copy);
  g_hash_table_insert (self->sku_index, copy, GUINT_TO_POINTER (self->skus->len));

  return TRUE;
}

gboolean
dd_allocation_planner_set_stock (DdAllocationPlanner  *self,
                                 const char           *hub,
                                 const char           *sku,
                                 gint64                on_hand,
                                 gint64                reserved,
                                 GError              **error)
{
  StockEntry entry;
  guint hub_index, sku_index;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (hub != NULL && sku != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  hub_index = lookup (self->hub_index, hub);
  sku_index = lookup (self->sku_index, sku);
  if (hub_index == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("%s at hub %s: there is no such hub"), sku, hub);
      return FALSE;
    }
  if (sku_index == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("%s at hub %s: there is no such SKU"), sku, hub);
      return FALSE;
    }
  if (on_hand < 0 || reserved < 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("%s at hub %s: stock cannot be negative (%lld on hand, %lld reserved)"),
                   sku, hub, (long long) on_hand, (long long) reserved);
      return FALSE;
    }
  if (reserved > on_hand)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_OVERSELL,
                   _("%s at hub %s: %lld units reserved but only %lld on hand"),
                   sku, hub, (long long) reserved, (long long) on_hand);
      return FALSE;
    }

  entry.hub = hub_index - 1;
  entry.sku = sku_index - 1;
  entry.free_units = on_hand - reserved;
  g_array_append_val (self->stock, entry);

  return TRUE;
}

gboolean
dd_allocation_planner_add_demand (DdAllocationPlanner  *self,
                                  const char           *sku,
                                  const char           *region,
                                  gint64                units,
                                  GError              **error)
{
  DemandEntry entry;
  guint sku_index, region_index;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (sku != NULL && region != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sku_index = lookup (self->sku_index, sku);
  region_index = lookup (self->region_index, region);
  if (sku_index == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Demand for %s in region %s: there is no such SKU"), sku, region);
      return FALSE;
    }
  if (region_index == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Demand for %s in region %s: there is no such region"), sku, region);
      return FALSE;
    }
  if (units < 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Demand for %s in region %s cannot be negative (%lld)"),
                   sku, region, (long long) units);
      return FALSE;
    }

  entry.sku = sku_index - 1;
  entry.region = region_index - 1;
  entry.units = units;
  g_array_append_val (self->demand, entry);

  return TRUE;
}

gint64
dd_allocation_planner_covered_demand (DdAllocationPlanner *self)
{
  Snapshot snapshot = { 0 };
  gsize cells;
  gint64 covered = 0;

  g_return_val_if_fail (self != NULL, 0);

  snapshot_build (self, &snapshot);
  cells = (gsize) snapshot.n_hubs * snapshot.n_skus;
  for (gsize i = 0; i < cells; i++)
    covered += MIN (snapshot.free[i], snapshot.need[i]);
  snapshot_clear (&snapshot);

  return covered;
}

GPtrArray *
dd_allocation_planner_suggest (DdAllocationPlanner *self,
                               gint64              *total_improvement)
{
  g_autoptr(GPtrArray) moves = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_stock_move_free);
  Snapshot snapshot = { 0 };
  g_autofree Neighbour *neighbours = NULL;
  g_autofree Deficit *deficits = NULL;
  gint64 total = 0;
  guint n_hubs;

  g_return_val_if_fail (self != NULL, NULL);

  snapshot_build (self, &snapshot);
  n_hubs = snapshot.n_hubs;

  /* For every hub, the others by distance (ties: smaller id), built once. */
  neighbours = g_new (Neighbour, MAX ((gsize) n_hubs * n_hubs, 1));
  for (guint d = 0; d < n_hubs; d++)
    {
      const PlannerHub *to = &g_array_index (self->hubs, PlannerHub, d);
      Neighbour *row = &neighbours[(gsize) d * n_hubs];

      for (guint h = 0; h < n_hubs; h++)
        {
          const PlannerHub *from = &g_array_index (self->hubs, PlannerHub, h);

          row[h].hub = h;
          row[h].rank = snapshot.rank[h];
          row[h].distance = h == d ? -1.0 : dd_haversine_km (to->latitude, to->longitude,
                                                             from->latitude, from->longitude);
        }
      qsort (row, n_hubs, sizeof (Neighbour), compare_neighbours);
    }

  deficits = g_new (Deficit, MAX (n_hubs, 1));
  for (guint s = 0; s < snapshot.n_skus; s++)
    {
      gint64 *free_units = &snapshot.free[(gsize) s * n_hubs];
      const gint64 *need = &snapshot.need[(gsize) s * n_hubs];
      gint64 surplus_left = 0;
      guint n_deficits = 0;

      for (guint h = 0; h < n_hubs; h++)
        {
          if (need[h] > free_units[h])
            {
              deficits[n_deficits].hub = h;
              deficits[n_deficits].deficit = need[h] - free_units[h];
              deficits[n_deficits].rank = snapshot.rank[h];
              n_deficits++;
            }
          else
            {
              surplus_left += free_units[h] - need[h];
            }
        }
      if (n_deficits == 0 || surplus_left == 0)
        continue;

      qsort (deficits, n_deficits, sizeof (Deficit), compare_deficits);

      for (guint i = 0; i < n_deficits && surplus_left > 0; i++)
        {
          const Neighbour *row = &neighbours[(gsize) deficits[i].hub * n_hubs];
          gint64 deficit = deficits[i].deficit;

          /* row[0] is the deficit hub itself. */
          for (guint k = 1; k < n_hubs && deficit > 0; k++)
            {
              guint from = row[k].hub;
              gint64 surplus = free_units[from] - need[from];
              DdStockMove *move;
              gint64 quantity;

              if (surplus <= 0)
                continue;

              quantity = MIN (surplus, deficit);
              free_units[from] -= quantity;
              free_units[deficits[i].hub] += quantity;
              deficit -= quantity;
              surplus_left -= quantity;
              total += quantity;

              move = g_new0 (DdStockMove, 1);
              move->from_hub_id = g_strdup (hub_id (self, from));
              move->to_hub_id = g_strdup (hub_id (self, deficits[i].hub));
              move->sku = g_strdup (g_ptr_array_index (self->skus, s));
              move->quantity = quantity;
              move->improvement = quantity;
              g_ptr_array_add (moves, move);
            }
        }
    }

  snapshot_clear (&snapshot);

  if (total_improvement != NULL)
    *total_improvement = total;

  return g_steal_pointer (&moves);
}
