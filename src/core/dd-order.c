/* dd-order.c — the summary of one order that the squad needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-core-enums.h"
#include "dd-core-error.h"
#include "dd-order.h"

struct _DdOrder
{
  GObject parent_instance;

  char *id;
  char *offer_id;
  char *sku;
  char *hub_id;
  guint quantity;
  DdMoney total;
  gint64 created_at;
  DdOrderStatus status;
};

G_DEFINE_FINAL_TYPE (DdOrder, dd_order, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_OFFER_ID,
  PROP_SKU,
  PROP_HUB_ID,
  PROP_QUANTITY,
  PROP_TOTAL,
  PROP_CREATED_AT,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *nick;
  const char *display_name;
} DdOrderStatusInfo;

static const DdOrderStatusInfo statuses[] = {
  [DD_ORDER_STATUS_PLACED] = { "placed", N_("Placed") },
  [DD_ORDER_STATUS_PICKING] = { "picking", N_("Picking") },
  [DD_ORDER_STATUS_SHIPPED] = { "shipped", N_("Shipped") },
  [DD_ORDER_STATUS_DELIVERED] = { "delivered", N_("Delivered") },
  [DD_ORDER_STATUS_CANCELLED] = { "cancelled", N_("Cancelled") },
  [DD_ORDER_STATUS_REFUNDED] = { "refunded", N_("Refunded") },
};

static void
dd_order_finalize (GObject *object)
{
  DdOrder *self = DD_ORDER (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->offer_id, g_free);
  g_clear_pointer (&self->sku, g_free);
  g_clear_pointer (&self->hub_id, g_free);

  G_OBJECT_CLASS (dd_order_parent_class)->finalize (object);
}

static void
dd_order_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  DdOrder *self = DD_ORDER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_OFFER_ID:
      g_value_set_string (value, self->offer_id);
      break;
    case PROP_SKU:
      g_value_set_string (value, self->sku);
      break;
    case PROP_HUB_ID:
      g_value_set_string (value, self->hub_id);
      break;
    case PROP_QUANTITY:
      g_value_set_uint (value, self->quantity);
      break;
    case PROP_TOTAL:
      g_value_set_boxed (value, &self->total);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_order_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  DdOrder *self = DD_ORDER (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      dd_order_set_status (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_order_class_init (DdOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dd_order_finalize;
  object_class->get_property = dd_order_get_property;
  object_class->set_property = dd_order_set_property;

  /* Everything but the status is fixed by dd_order_new(). */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_OFFER_ID] =
    g_param_spec_string ("offer-id", NULL, NULL, NULL, ro);
  properties[PROP_SKU] =
    g_param_spec_string ("sku", NULL, NULL, NULL, ro);
  properties[PROP_HUB_ID] =
    g_param_spec_string ("hub-id", NULL, NULL, NULL, ro);
  properties[PROP_QUANTITY] =
    g_param_spec_uint ("quantity", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_TOTAL] =
    g_param_spec_boxed ("total", NULL, NULL, DD_TYPE_MONEY, ro);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, DD_TYPE_ORDER_STATUS,
                       DD_ORDER_STATUS_PLACED,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_order_init (DdOrder *self)
{
}

DdOrder *
dd_order_new (const char     *id,
              const char     *offer_id,
              const char     *sku,
              const char     *hub_id,
              guint           quantity,
              const DdMoney  *total,
              gint64          created_at_us,
              GError        **error)
{
  DdOrder *self;

  if (id == NULL || *id == '\0')
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                           _("Order has no id"));
      return NULL;
    }

  if (quantity == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Order %s: quantity must be above zero"), id);
      return NULL;
    }

  if (total == NULL)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Order %s has no total"), id);
      return NULL;
    }

  if (!dd_money_is_valid (total))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_UNKNOWN_CURRENCY,
                   _("Order %s: total is in “%s”, which is not a currency Dropdeck knows"),
                   id, total->currency);
      return NULL;
    }

  if (total->minor < 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Order %s: total must not be negative"), id);
      return NULL;
    }

  self = g_object_new (DD_TYPE_ORDER, NULL);
  self->id = g_strdup (id);
  self->offer_id = g_strdup (offer_id);
  self->sku = g_strdup (sku);
  self->hub_id = g_strdup (hub_id);
  self->quantity = quantity;
  self->total = dd_money_init (total->minor, total->currency);
  self->created_at = created_at_us;

  return self;
}

const char *
dd_order_get_id (DdOrder *self)
{
  g_return_val_if_fail (DD_IS_ORDER (self), NULL);

  return self->id;
}

const char *
dd_order_get_offer_id (DdOrder *self)
{
  g_return_val_if_fail (DD_IS_ORDER (self), NULL);

  return self->offer_id;
}

const char *
dd_order_get_sku (DdOrder *self)
{
  g_return_val_if_fail (DD_IS_ORDER (self), NULL);

  return self->sku;
}

const char *
dd_order_get_hub_id (DdOrder *self)
{
  g_return_val_if_fail (DD_IS_ORDER (self), NULL);

  return self->hub_id;
}

guint
dd_order_get_quantity (DdOrder *self)
{
  g_return_val_if_fail (DD_IS_ORDER (self), 0);

  return self->quantity;
}

const DdMoney *
dd_order_get_total (DdOrder *self)
{
  g_return_val_if_fail (DD_IS_ORDER (self), NULL);

  return &self->total;
}

gint64
dd_order_get_created_at (DdOrder *self)
{
  g_return_val_if_fail (DD_IS_ORDER (self), 0);

  return self->created_at;
}

DdOrderStatus
dd_order_get_status (DdOrder *self)
{
  g_return_val_if_fail (DD_IS_ORDER (self), DD_ORDER_STATUS_PLACED);

  return self->status;
}

void
dd_order_set_status (DdOrder       *self,
                     DdOrderStatus  status)
{
  g_return_if_fail (DD_IS_ORDER (self));
  g_return_if_fail ((guint) status < G_N_ELEMENTS (statuses));

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

const char *
dd_order_status_to_nick (DdOrderStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (statuses), NULL);

  return statuses[status].nick;
}

gboolean
dd_order_status_from_nick (const char    *nick,
                           DdOrderStatus *out)
{
  if (nick == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      if (strcmp (statuses[i].nick, nick) == 0)
        {
          if (out != NULL)
            *out = (DdOrderStatus) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
dd_order_status_get_display_name (DdOrderStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (statuses), NULL);

  return _(statuses[status].display_name);
}
