/* dd-commerce-provider.c — the extension point for the commerce backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-commerce-provider.h"

G_DEFINE_BOXED_TYPE (DdCommerceCatalog, dd_commerce_catalog,
                     dd_commerce_catalog_copy, dd_commerce_catalog_free)

G_DEFINE_INTERFACE (DdCommerceProvider, dd_commerce_provider, G_TYPE_OBJECT)

enum {
  ORDER_PLACED,
  ORDER_UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
dd_commerce_provider_default_init (DdCommerceProviderInterface *iface)
{
  /**
   * DdCommerceProvider::order-placed:
   * @order: the new order
   *
   * A buyer placed an order; emitted on the main context.
   */
  signals[ORDER_PLACED] =
    g_signal_new ("order-placed",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (DdCommerceProviderInterface, order_placed),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_ORDER);

  /**
   * DdCommerceProvider::order-updated:
   * @order: the order whose status changed
   */
  signals[ORDER_UPDATED] =
    g_signal_new ("order-updated",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (DdCommerceProviderInterface, order_updated),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_ORDER);
}

DdCommerceCatalog *
dd_commerce_catalog_new (GPtrArray *offers,
                         GPtrArray *hubs,
                         GPtrArray *stock)
{
  DdCommerceCatalog *self = g_new0 (DdCommerceCatalog, 1);

  g_return_val_if_fail (offers != NULL && hubs != NULL && stock != NULL, NULL);

  self->offers = g_ptr_array_ref (offers);
  self->hubs = g_ptr_array_ref (hubs);
  self->stock = g_ptr_array_ref (stock);

  return self;
}

DdCommerceCatalog *
dd_commerce_catalog_copy (DdCommerceCatalog *self)
{
  return dd_commerce_catalog_new (self->offers, self->hubs, self->stock);
}

void
dd_commerce_catalog_free (DdCommerceCatalog *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->offers, g_ptr_array_unref);
  g_clear_pointer (&self->hubs, g_ptr_array_unref);
  g_clear_pointer (&self->stock, g_ptr_array_unref);
  g_free (self);
}

void
dd_commerce_provider_load_catalog_async (DdCommerceProvider  *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (DD_IS_COMMERCE_PROVIDER (self));

  DD_COMMERCE_PROVIDER_GET_IFACE (self)->load_catalog_async (self, cancellable, callback, user_data);
}

DdCommerceCatalog *
dd_commerce_provider_load_catalog_finish (DdCommerceProvider  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  g_return_val_if_fail (DD_IS_COMMERCE_PROVIDER (self), NULL);

  return DD_COMMERCE_PROVIDER_GET_IFACE (self)->load_catalog_finish (self, result, error);
}

DdConnectivity *
dd_commerce_provider_get_connectivity (DdCommerceProvider *self)
{
  g_return_val_if_fail (DD_IS_COMMERCE_PROVIDER (self), NULL);

  return DD_COMMERCE_PROVIDER_GET_IFACE (self)->get_connectivity (self);
}

void
dd_commerce_provider_emit_order_placed (DdCommerceProvider *self,
                                        DdOrder            *order)
{
  g_return_if_fail (DD_IS_COMMERCE_PROVIDER (self));
  g_return_if_fail (DD_IS_ORDER (order));

  g_signal_emit (self, signals[ORDER_PLACED], 0, order);
}

void
dd_commerce_provider_emit_order_updated (DdCommerceProvider *self,
                                         DdOrder            *order)
{
  g_return_if_fail (DD_IS_COMMERCE_PROVIDER (self));
  g_return_if_fail (DD_IS_ORDER (order));

  g_signal_emit (self, signals[ORDER_UPDATED], 0, order);
}
