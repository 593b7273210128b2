/* dd-drop-session-orders.c — a running drop's orders, stock alerts and saving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-drop-session-private.h"
#include "dd-store-sync.h"

char *
_dd_drop_session_level_key (const char *hub_id,
                            const char *sku)
{
  return g_strconcat (hub_id, "\x1f", sku, NULL);
}

/* A copy the store's worker may read while the demo keeps selling. */
static GPtrArray *
snapshot_stock (DdDropSession *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->stock));
  GPtrArray *copy = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (G_LIST_MODEL (self->stock), i);
      DdStockLevel *snapshot = dd_stock_level_new (dd_stock_level_get_hub_id (level),
                                                   dd_stock_level_get_sku (level));

      gint64 on_hand = dd_stock_level_get_on_hand (level);
      gint64 reserved = dd_stock_level_get_reserved (level);
      gint64 allocated = dd_stock_level_get_allocated (level);

      if ((on_hand > 0 && !dd_stock_level_set_on_hand (snapshot, on_hand, NULL)) ||
          (reserved > 0 && !dd_stock_level_reserve (snapshot, reserved, NULL)) ||
          (allocated > 0 && !dd_stock_level_allocate (snapshot, allocated, NULL)))
        g_assert_not_reached ();
      g_ptr_array_add (copy, snapshot);
    }

  return copy;
}

static GPtrArray *
model_to_array (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);
  GPtrArray *array = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_list_model_get_item (model, i));

  return array;
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DdDropSession) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_store_save_finish (DD_STORE (source), result, &error) &&
      !g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_CLOSED))
    g_warning ("Could not save the drop: %s", error->message);
}

/* Saves what changed: in the background while running, blocking at stop. */
void
_dd_drop_session_save_dirty (DdDropSession *self,
                             gboolean       blocking)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) stock = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  if (self->offers_dirty)
    offers = model_to_array (G_LIST_MODEL (self->offers));
  if (self->stock_dirty)
    stock = snapshot_stock (self);
  if (self->dirty_orders->len > 0)
    {
      orders = g_steal_pointer (&self->dirty_orders);
      self->dirty_orders = g_ptr_array_new_with_free_func (g_object_unref);
    }
  self->offers_dirty = FALSE;
  self->stock_dirty = FALSE;

  if (blocking)
    {
      if ((offers != NULL && !dd_store_save_sync (self->store, dd_store_save_offers_async, offers, &error)) ||
          (stock != NULL && !dd_store_save_sync (self->store, dd_store_save_stock_async, stock, &error)) ||
          (orders != NULL && !dd_store_save_sync (self->store, dd_store_save_orders_async, orders, &error)))
        g_warning ("Could not save the drop: %s", error->message);
      return;
    }

  if (offers != NULL)
    dd_store_save_offers_async (self->store, offers, NULL, save_cb, g_object_ref (self));
  if (stock != NULL)
    dd_store_save_stock_async (self->store, stock, NULL, save_cb, g_object_ref (self));
  if (orders != NULL)
    dd_store_save_orders_async (self->store, orders, NULL, save_cb, g_object_ref (self));
}

static guint
offer_units_left (DdDropSession *self,
                  const char    *sku)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->stock));
  guint left = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (G_LIST_MODEL (self->stock), i);

      if (g_strcmp0 (dd_stock_level_get_sku (level), sku) == 0)
        left += (guint) dd_stock_level_get_allocated (level);
    }

  return left;
}

static void
check_low_stock (DdDropSession *self,
                 DdOffer       *offer,
                 const char    *hub_id)
{
  g_autofree char *key = _dd_drop_session_level_key (hub_id, dd_offer_get_sku (offer));
  DdStockLevel *level = g_hash_table_lookup (self->levels, key);
  DdHub *hub = g_hash_table_lookup (self->hubs_by_id, hub_id);
  gint64 left;

  if (level == NULL)
    return;

  left = dd_stock_level_get_allocated (level);
  if (left <= LOW_STOCK_UNITS && !g_hash_table_contains (self->alerted, key))
    {
      g_autofree char *text = NULL;

      g_hash_table_add (self->alerted, g_steal_pointer (&key));
      /* Translators: "Kreuzberg hub: 3 units left of Heavyweight Box Tee, White, M" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s hub: %u unit left of %s",
                                           "%s hub: %u units left of %s", (gulong) left),
                              hub != NULL ? dd_hub_get_name (hub) : hub_id,
                              (guint) left, dd_offer_get_title (offer));
      _dd_drop_session_emit_alert (self, text);
    }

  /* Every unit sold and none left at any hub: sold out. Otherwise the
   * guard has its say first (after a cap, units left only at hubs that
   * cannot keep the promise pause the offer: the Ops lead may move them
   * and resume it), then a live offer whose stock is all sold is sold
   * out. Both through the lifecycle table, with a ledger entry. */
  if (offer_units_left (self, dd_offer_get_sku (offer)) > 0 ||
      dd_offer_get_units_sold (offer) < dd_offer_get_stock_allocated (offer))
    _dd_drop_session_guard_offer (self, offer);
  _dd_drop_session_sell_out (self, offer);
}

void
_dd_drop_session_order_placed_cb (DdCommerceProvider *provider,
                                  DdOrder            *order,
                                  DdDropSession      *self)
{
  DdOffer *offer = g_hash_table_lookup (self->offers_by_id, dd_order_get_offer_id (order));
  g_autoptr(GError) error = NULL;
  DdMoney revenue;

  self->order_count++;
  self->units_sold += dd_order_get_quantity (order);
  if (dd_money_add (&self->revenue, dd_order_get_total (order), &revenue, &error))
    self->revenue = revenue;
  else
    g_warning ("Order %s not counted in revenue: %s", dd_order_get_id (order), error->message);

  g_list_store_insert (self->orders, 0, order);
  g_ptr_array_add (self->dirty_orders, g_object_ref (order));
  self->stock_dirty = TRUE;

  if (offer != NULL)
    {
      dd_offer_set_units_sold (offer, dd_offer_get_units_sold (offer) + dd_order_get_quantity (order));
      self->offers_dirty = TRUE;
      check_low_stock (self, offer, dd_order_get_hub_id (order));
    }
}

void
_dd_drop_session_order_updated_cb (DdCommerceProvider *provider,
                                   DdOrder            *order,
                                   DdDropSession      *self)
{
  g_ptr_array_add (self->dirty_orders, g_object_ref (order));
  self->stock_dirty = TRUE;
}
