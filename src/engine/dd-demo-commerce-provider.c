/* dd-demo-commerce-provider.c — the demo's simulated buyers, as a commerce provider
 *
 * Every 100 ms it places the orders due at the current rate on live offers,
 * as a store would: never more than the offer's stock minus the units sold
 * (the drop session counts them at each order, so a cap by the oversell
 * guard holds), at a hub that still has units allocated to the offer
 * (dd_stock_level_sell() refuses an oversell) and that can keep the
 * offer's delivery promise (dd_delivery_promise_hub_keeps(): an express
 * hub for two hours, an open hub before its cut-off for same day, any hub
 * for next day and post-drop), and ships each order a few seconds later
 * (dd_stock_level_fulfil()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-delivery-promise.h"
#include "dd-demo-commerce-provider.h"

#define ORDER_TICK_MS 100
#define SHIP_AFTER_MIN_US (2 * G_USEC_PER_SEC)
#define SHIP_AFTER_MAX_US (6 * G_USEC_PER_SEC)

typedef struct
{
  DdOrder      *order;
  DdStockLevel *level;
  gint64        ship_at_us;
} PendingShipment;

struct _DdDemoCommerceProvider
{
  GObject          parent_instance;

  GRand           *rand;
  GPtrArray       *offers;
  GPtrArray       *hubs;
  GPtrArray       *stock;
  GHashTable      *levels_by_sku;   /* sku -> GPtrArray of DdStockLevel */
  GHashTable      *hubs_by_id;      /* id -> DdHub */
  DdConnectivity  *connectivity;

  double           order_rate;
  double           remainder;
  gint64           last_tick_us;
  guint            tick_id;
  GQueue           shipments;       /* PendingShipment, oldest first */
};

static void dd_demo_commerce_provider_iface_init (DdCommerceProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdDemoCommerceProvider, dd_demo_commerce_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DD_TYPE_COMMERCE_PROVIDER,
                                                      dd_demo_commerce_provider_iface_init))

static void
pending_shipment_free (PendingShipment *shipment)
{
  g_clear_object (&shipment->order);
  g_clear_object (&shipment->level);
  g_free (shipment);
}

static void
ship (DdDemoCommerceProvider *self,
      PendingShipment        *shipment)
{
  g_autoptr(GError) error = NULL;

  if (!dd_stock_level_fulfil (shipment->level, dd_order_get_quantity (shipment->order), &error))
    {
      g_warning ("Demo order %s could not ship: %s", dd_order_get_id (shipment->order), error->message);
      return;
    }

  dd_order_set_status (shipment->order, DD_ORDER_STATUS_SHIPPED);
  dd_commerce_provider_emit_order_updated (DD_COMMERCE_PROVIDER (self), shipment->order);
}

/* Orders placed at the hub and not shipped yet: its picking queue. */
static guint
hub_backlog (DdDemoCommerceProvider *self,
             const char             *hub_id)
{
  guint backlog = 0;

  for (GList *l = self->shipments.head; l != NULL; l = l->next)
    {
      PendingShipment *shipment = l->data;

      if (g_strcmp0 (dd_stock_level_get_hub_id (shipment->level), hub_id) == 0)
        backlog++;
    }

  return backlog;
}

/* Units of the offer's stock not sold yet. */
static gint64
offer_units_left (DdOffer *offer)
{
  return MAX ((gint64) dd_offer_get_stock_allocated (offer) - (gint64) dd_offer_get_units_sold (offer), 0);
}

/* A hub that holds `units` of the offer's allocation and can keep its
 * delivery promise, or NULL. */
static DdStockLevel *
find_level_for (DdDemoCommerceProvider *self,
                DdOffer                *offer,
                gint64                  units)
{
  GPtrArray *levels = g_hash_table_lookup (self->levels_by_sku, dd_offer_get_sku (offer));
  DdLatencyBucket bucket = dd_offer_get_latency_bucket (offer);
  guint minute = dd_delivery_promise_minute_now ();
  guint start;

  if (levels == NULL || levels->len == 0 || units > offer_units_left (offer))
    return NULL;

  /* Start at a random hub so that orders spread over the city. */
  start = (guint) g_rand_int_range (self->rand, 0, (gint32) levels->len);
  for (guint i = 0; i < levels->len; i++)
    {
      DdStockLevel *level = g_ptr_array_index (levels, (start + i) % levels->len);
      const char *hub_id = dd_stock_level_get_hub_id (level);
      DdHub *hub = g_hash_table_lookup (self->hubs_by_id, hub_id);

      if (dd_stock_level_get_allocated (level) < units)
        continue;
      if (hub == NULL
          ? bucket == DD_LATENCY_BUCKET_TWO_HOURS || bucket == DD_LATENCY_BUCKET_SAME_DAY
          : !dd_delivery_promise_hub_keeps (hub, bucket, hub_backlog (self, hub_id), minute, NULL))
        continue;
      return level;
    }

  return NULL;
}

static void
place_one_order (DdDemoCommerceProvider *self,
                 GPtrArray              *live)
{
  DdOffer *offer = g_ptr_array_index (live, g_rand_int_range (self->rand, 0, (gint32) live->len));
  guint cap = MAX (dd_offer_get_per_buyer_cap (offer), 1);
  gint64 quantity = g_rand_int_range (self->rand, 0, 5) == 0 ? MIN (2, cap) : 1;
  DdStockLevel *level = NULL;
  g_autoptr(DdOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *id = NULL;
  PendingShipment *shipment;
  DdMoney total;

  /* An earlier order of this tick may have sold it out or paused it. */
  if (dd_offer_get_state (offer) != DD_OFFER_STATE_LIVE)
    return;

  level = find_level_for (self, offer, quantity);
  if (level == NULL && quantity > 1)
    {
      quantity = 1;
      level = find_level_for (self, offer, quantity);
    }
  if (level == NULL)
    return;

  if (!dd_money_multiply (dd_offer_get_price (offer), quantity, &total, &error) ||
      !dd_stock_level_sell (level, quantity, &error))
    {
      g_warning ("Demo order on %s refused: %s", dd_offer_get_sku (offer), error->message);
      return;
    }

  uuid = g_uuid_string_random ();
  id = g_strconcat ("demo-", uuid, NULL);
  order = dd_order_new (id, dd_offer_get_id (offer), dd_offer_get_sku (offer),
                        dd_stock_level_get_hub_id (level), (guint) quantity, &total,
                        g_get_real_time (), &error);
  if (order == NULL)
    {
      g_warning ("Demo order on %s refused: %s", dd_offer_get_sku (offer), error->message);
      return;
    }

  shipment = g_new0 (PendingShipment, 1);
  shipment->order = g_object_ref (order);
  shipment->level = g_object_ref (level);
  shipment->ship_at_us = g_get_monotonic_time ()
    + g_rand_int_range (self->rand, SHIP_AFTER_MIN_US, SHIP_AFTER_MAX_US);
  g_queue_push_tail (&self->shipments, shipment);

  dd_commerce_provider_emit_order_placed (DD_COMMERCE_PROVIDER (self), order);
}

static gboolean
order_tick_cb (gpointer user_data)
{
  DdDemoCommerceProvider *self = user_data;
  gint64 now = g_get_monotonic_time ();
  double due = self->remainder + self->order_rate * (double) (now - self->last_tick_us) / G_USEC_PER_SEC;
  guint n = (guint) due;
  g_autoptr(GPtrArray) live = g_ptr_array_new ();

  self->last_tick_us = now;
  self->remainder = due - n;

  /* Ship in order of their due times (close enough: random delays). */
  while (!g_queue_is_empty (&self->shipments) &&
         ((PendingShipment *) g_queue_peek_head (&self->shipments))->ship_at_us <= now)
    {
      PendingShipment *shipment = g_queue_pop_head (&self->shipments);
      ship (self, shipment);
      pending_shipment_free (shipment);
    }

  if (n == 0)
    return G_SOURCE_CONTINUE;

  for (guint i = 0; i < self->offers->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (self->offers, i);

      if (dd_offer_get_state (offer) == DD_OFFER_STATE_LIVE && find_level_for (self, offer, 1) != NULL)
        g_ptr_array_add (live, offer);
    }

  for (guint i = 0; i < n && live->len > 0; i++)
    place_one_order (self, live);

  return G_SOURCE_CONTINUE;
}

static void
load_catalog_async (DdCommerceProvider  *provider,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  DdDemoCommerceProvider *self = DD_DEMO_COMMERCE_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, load_catalog_async);
  g_task_return_pointer (task,
                         dd_commerce_catalog_new (self->offers, self->hubs, self->stock),
                         (GDestroyNotify) dd_commerce_catalog_free);
}

static DdCommerceCatalog *
load_catalog_finish (DdCommerceProvider  *provider,
                     GAsyncResult        *result,
                     GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == load_catalog_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static DdConnectivity *
get_connectivity (DdCommerceProvider *provider)
{
  return DD_DEMO_COMMERCE_PROVIDER (provider)->connectivity;
}

static void
dd_demo_commerce_provider_iface_init (DdCommerceProviderInterface *iface)
{
  iface->load_catalog_async = load_catalog_async;
  iface->load_catalog_finish = load_catalog_finish;
  iface->get_connectivity = get_connectivity;
}

static void
dd_demo_commerce_provider_dispose (GObject *object)
{
  DdDemoCommerceProvider *self = DD_DEMO_COMMERCE_PROVIDER (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_queue_clear_full (&self->shipments, (GDestroyNotify) pending_shipment_free);

  G_OBJECT_CLASS (dd_demo_commerce_provider_parent_class)->dispose (object);
}

static void
dd_demo_commerce_provider_finalize (GObject *object)
{
  DdDemoCommerceProvider *self = DD_DEMO_COMMERCE_PROVIDER (object);

  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->offers, g_ptr_array_unref);
  g_clear_pointer (&self->hubs, g_ptr_array_unref);
  g_clear_pointer (&self->stock, g_ptr_array_unref);
  g_clear_pointer (&self->levels_by_sku, g_hash_table_unref);
  g_clear_pointer (&self->hubs_by_id, g_hash_table_unref);
  g_clear_object (&self->connectivity);

  G_OBJECT_CLASS (dd_demo_commerce_provider_parent_class)->finalize (object);
}

static void
dd_demo_commerce_provider_class_init (DdDemoCommerceProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_demo_commerce_provider_dispose;
  object_class->finalize = dd_demo_commerce_provider_finalize;
}

static void
dd_demo_commerce_provider_init (DdDemoCommerceProvider *self)
{
  g_queue_init (&self->shipments);
  self->levels_by_sku = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_ptr_array_unref);
  self->hubs_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->connectivity = dd_connectivity_new (DD_SERVICE_COMMERCE);
  dd_connectivity_update (self->connectivity, DD_CONNECTIVITY_ONLINE,
                          _("Demo drop: simulated orders"));
  self->order_rate = 0.5;
}

DdDemoCommerceProvider *
dd_demo_commerce_provider_new (guint32    seed,
                               GPtrArray *offers,
                               GPtrArray *hubs,
                               GPtrArray *stock)
{
  DdDemoCommerceProvider *self;

  g_return_val_if_fail (offers != NULL && hubs != NULL && stock != NULL, NULL);

  self = g_object_new (DD_TYPE_DEMO_COMMERCE_PROVIDER, NULL);
  self->rand = g_rand_new_with_seed (seed);
  self->offers = g_ptr_array_ref (offers);
  self->hubs = g_ptr_array_ref (hubs);
  self->stock = g_ptr_array_ref (stock);

  for (guint i = 0; i < hubs->len; i++)
    {
      DdHub *hub = g_ptr_array_index (hubs, i);

      g_hash_table_insert (self->hubs_by_id, g_strdup (dd_hub_get_id (hub)), g_object_ref (hub));
    }

  for (guint i = 0; i < stock->len; i++)
    {
      DdStockLevel *level = g_ptr_array_index (stock, i);
      const char *sku = dd_stock_level_get_sku (level);
      GPtrArray *levels = g_hash_table_lookup (self->levels_by_sku, sku);

      if (levels == NULL)
        {
          levels = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (self->levels_by_sku, g_strdup (sku), levels);
        }
      g_ptr_array_add (levels, g_object_ref (level));
    }

  return self;
}

void
dd_demo_commerce_provider_set_chat_rate (DdDemoCommerceProvider *self,
                                         double                  chat_rate)
{
  g_return_if_fail (DD_IS_DEMO_COMMERCE_PROVIDER (self));

  self->order_rate = 0.5 + MAX (chat_rate, 0.0) / 250.0;
}

double
dd_demo_commerce_provider_get_order_rate (DdDemoCommerceProvider *self)
{
  g_return_val_if_fail (DD_IS_DEMO_COMMERCE_PROVIDER (self), 0.0);

  return self->order_rate;
}

void
dd_demo_commerce_provider_start (DdDemoCommerceProvider *self)
{
  g_return_if_fail (DD_IS_DEMO_COMMERCE_PROVIDER (self));

  if (self->tick_id != 0)
    return;

  self->last_tick_us = g_get_monotonic_time ();
  self->remainder = 0.0;
  self->tick_id = g_timeout_add (ORDER_TICK_MS, order_tick_cb, self);
  g_source_set_name_by_id (self->tick_id, "[dropdeck] demo orders");
}

void
dd_demo_commerce_provider_stop (DdDemoCommerceProvider *self)
{
  g_return_if_fail (DD_IS_DEMO_COMMERCE_PROVIDER (self));

  g_clear_handle_id (&self->tick_id, g_source_remove);

  while (!g_queue_is_empty (&self->shipments))
    {
      PendingShipment *shipment = g_queue_pop_head (&self->shipments);
      ship (self, shipment);
      pending_shipment_free (shipment);
    }
}
