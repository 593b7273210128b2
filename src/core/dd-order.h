/* dd-order.h — the summary of one order that the squad needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dd-money.h"

G_BEGIN_DECLS

typedef enum
{
  DD_ORDER_STATUS_PLACED,
  DD_ORDER_STATUS_PICKING,
  DD_ORDER_STATUS_SHIPPED,
  DD_ORDER_STATUS_DELIVERED,
  DD_ORDER_STATUS_CANCELLED,
  DD_ORDER_STATUS_REFUNDED,
} DdOrderStatus;

#define DD_TYPE_ORDER (dd_order_get_type ())

G_DECLARE_FINAL_TYPE (DdOrder, dd_order, DD, ORDER, GObject)

/* Refuses a quantity of zero or a negative total with a GError. */
DdOrder       *dd_order_new             (const char     *id,
                                         const char     *offer_id,
                                         const char     *sku,
                                         const char     *hub_id,
                                         guint           quantity,
                                         const DdMoney  *total,
                                         gint64          created_at_us,
                                         GError        **error);
const char    *dd_order_get_id          (DdOrder *self);
const char    *dd_order_get_offer_id    (DdOrder *self);
const char    *dd_order_get_sku         (DdOrder *self);
const char    *dd_order_get_hub_id      (DdOrder *self);
guint          dd_order_get_quantity    (DdOrder *self);
const DdMoney *dd_order_get_total       (DdOrder *self);
gint64         dd_order_get_created_at  (DdOrder *self);
DdOrderStatus  dd_order_get_status      (DdOrder *self);
void           dd_order_set_status      (DdOrder       *self,
                                         DdOrderStatus  status);
const char    *dd_order_status_to_nick  (DdOrderStatus status);
gboolean       dd_order_status_from_nick (const char    *nick,
                                          DdOrderStatus *out);
/* Translated name for people: "Placed", "Shipped", ... */
const char    *dd_order_status_get_display_name (DdOrderStatus status);

G_END_DECLS
