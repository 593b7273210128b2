/* dd-demo-commerce-provider.h — the demo's simulated buyers, as a commerce provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-commerce-provider.h"

G_BEGIN_DECLS

#define DD_TYPE_DEMO_COMMERCE_PROVIDER (dd_demo_commerce_provider_get_type ())

G_DECLARE_FINAL_TYPE (DdDemoCommerceProvider, dd_demo_commerce_provider, DD, DEMO_COMMERCE_PROVIDER, GObject)

/* Serves `offers`, `hubs` and `stock` (DdOffer, DdHub, DdStockLevel; the
 * same objects, which the simulated orders then deplete) as its catalog. */
DdDemoCommerceProvider *dd_demo_commerce_provider_new           (guint32    seed,
                                                                 GPtrArray *offers,
                                                                 GPtrArray *hubs,
                                                                 GPtrArray *stock);
/* Orders come faster as the audience grows: 0.5 + chat_rate / 250 a second. */
void                    dd_demo_commerce_provider_set_chat_rate (DdDemoCommerceProvider *self,
                                                                 double                  chat_rate);
double                  dd_demo_commerce_provider_get_order_rate (DdDemoCommerceProvider *self);
/* Places orders from a timer on the thread-default main context. */
void                    dd_demo_commerce_provider_start         (DdDemoCommerceProvider *self);
/* Stops placing orders and ships what is waiting. Idempotent. */
void                    dd_demo_commerce_provider_stop          (DdDemoCommerceProvider *self);

G_END_DECLS
