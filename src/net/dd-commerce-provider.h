/* dd-commerce-provider.h — the extension point for the commerce backend
 *
 * The Medusa client implements it for a real drop, the demo for a simulated
 * one. Runs on the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-connectivity.h"
#include "dd-core.h"

G_BEGIN_DECLS

/* What load_catalog delivers: arrays of DdOffer, DdHub and DdStockLevel. */
typedef struct
{
  GPtrArray *offers;
  GPtrArray *hubs;
  GPtrArray *stock;
} DdCommerceCatalog;

#define DD_TYPE_COMMERCE_CATALOG (dd_commerce_catalog_get_type ())

GType              dd_commerce_catalog_get_type (void) G_GNUC_CONST;
/* Takes a reference on each array. */
DdCommerceCatalog *dd_commerce_catalog_new      (GPtrArray *offers,
                                                 GPtrArray *hubs,
                                                 GPtrArray *stock);
DdCommerceCatalog *dd_commerce_catalog_copy     (DdCommerceCatalog *self);
void               dd_commerce_catalog_free     (DdCommerceCatalog *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdCommerceCatalog, dd_commerce_catalog_free)

#define DD_TYPE_COMMERCE_PROVIDER (dd_commerce_provider_get_type ())

G_DECLARE_INTERFACE (DdCommerceProvider, dd_commerce_provider, DD, COMMERCE_PROVIDER, GObject)

struct _DdCommerceProviderInterface
{
  GTypeInterface parent_iface;

  void               (*load_catalog_async)  (DdCommerceProvider   *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
  DdCommerceCatalog *(*load_catalog_finish) (DdCommerceProvider   *self,
                                             GAsyncResult         *result,
                                             GError              **error);
  DdConnectivity    *(*get_connectivity)    (DdCommerceProvider   *self);

  /* Signal default handlers */
  void               (*order_placed)        (DdCommerceProvider   *self,
                                             DdOrder              *order);
  void               (*order_updated)       (DdCommerceProvider   *self,
                                             DdOrder              *order);
};

void               dd_commerce_provider_load_catalog_async  (DdCommerceProvider   *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
DdCommerceCatalog *dd_commerce_provider_load_catalog_finish (DdCommerceProvider   *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
DdConnectivity    *dd_commerce_provider_get_connectivity    (DdCommerceProvider   *self);
/* For implementations: emit "order-placed" (a new order) and
 * "order-updated" (its status changed, e.g. shipped). */
void               dd_commerce_provider_emit_order_placed   (DdCommerceProvider   *self,
                                                             DdOrder              *order);
void               dd_commerce_provider_emit_order_updated  (DdCommerceProvider   *self,
                                                             DdOrder              *order);

G_END_DECLS
