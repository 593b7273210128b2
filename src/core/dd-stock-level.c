/* dd-stock-level.c — units of one SKU at one hub
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-core-error.h"
#include "dd-stock-level.h"

struct _DdStockLevel
{
  GObject parent_instance;

  char *hub_id;
  char *sku;
  gint64 on_hand;
  gint64 reserved;
  gint64 allocated;
};

G_DEFINE_FINAL_TYPE (DdStockLevel, dd_stock_level, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HUB_ID,
  PROP_SKU,
  PROP_ON_HAND,
  PROP_RESERVED,
  PROP_ALLOCATED,
  PROP_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
available (DdStockLevel *self)
{
  return self->on_hand - self->reserved - self->allocated;
}

/* Moves the level to new figures, which the caller has checked, and
 * notifies each figure that changed. */
static void
apply (DdStockLevel *self,
       gint64        on_hand,
       gint64        reserved,
       gint64        allocated)
{
  gint64 old_available = available (self);

  g_assert (on_hand >= 0 && reserved >= 0 && allocated >= 0);
  g_assert (reserved + allocated <= on_hand);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->on_hand != on_hand)
    {
      self->on_hand = on_hand;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_HAND]);
    }
  if (self->reserved != reserved)
    {
      self->reserved = reserved;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESERVED]);
    }
  if (self->allocated != allocated)
    {
      self->allocated = allocated;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOCATED]);
    }
  if (available (self) != old_available)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
check_units (DdStockLevel  *self,
             gint64         units,
             GError       **error)
{
  if (units <= 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("%s at hub %s: the number of units must be above zero, not %lld"),
                   self->sku, self->hub_id, (long long) units);
      return FALSE;
    }

  return TRUE;
}

static void
dd_stock_level_finalize (GObject *object)
{
  DdStockLevel *self = DD_STOCK_LEVEL (object);

  g_clear_pointer (&self->hub_id, g_free);
  g_clear_pointer (&self->sku, g_free);

  G_OBJECT_CLASS (dd_stock_level_parent_class)->finalize (object);
}

static void
dd_stock_level_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DdStockLevel *self = DD_STOCK_LEVEL (object);

  switch (prop_id)
    {
    case PROP_HUB_ID:
      g_value_set_string (value, self->hub_id);
      break;
    case PROP_SKU:
      g_value_set_string (value, self->sku);
      break;
    case PROP_ON_HAND:
      g_value_set_int64 (value, self->on_hand);
      break;
    case PROP_RESERVED:
      g_value_set_int64 (value, self->reserved);
      break;
    case PROP_ALLOCATED:
      g_value_set_int64 (value, self->allocated);
      break;
    case PROP_AVAILABLE:
      g_value_set_int64 (value, available (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_stock_level_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DdStockLevel *self = DD_STOCK_LEVEL (object);

  switch (prop_id)
    {
    case PROP_HUB_ID:
      self->hub_id = g_value_dup_string (value);
      break;
    case PROP_SKU:
      self->sku = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_stock_level_class_init (DdStockLevelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dd_stock_level_finalize;
  object_class->get_property = dd_stock_level_get_property;
  object_class->set_property = dd_stock_level_set_property;

  properties[PROP_HUB_ID] =
    g_param_spec_string ("hub-id", NULL, NULL, NULL, construct);
  properties[PROP_SKU] =
    g_param_spec_string ("sku", NULL, NULL, NULL, construct);
  /* The figures change only through the checked operations. */
  properties[PROP_ON_HAND] =
    g_param_spec_int64 ("on-hand", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_RESERVED] =
    g_param_spec_int64 ("reserved", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_ALLOCATED] =
    g_param_spec_int64 ("allocated", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_AVAILABLE] =
    g_param_spec_int64 ("available", NULL, NULL, 0, G_MAXINT64, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_stock_level_init (DdStockLevel *self)
{
}

DdStockLevel *
dd_stock_level_new (const char *hub_id,
                    const char *sku)
{
  g_return_val_if_fail (hub_id != NULL, NULL);
  g_return_val_if_fail (sku != NULL, NULL);

  return g_object_new (DD_TYPE_STOCK_LEVEL,
                       "hub-id", hub_id,
                       "sku", sku,
                       NULL);
}

const char *
dd_stock_level_get_hub_id (DdStockLevel *self)
{
  g_return_val_if_fail (DD_IS_STOCK_LEVEL (self), NULL);

  return self->hub_id;
}

const char *
dd_stock_level_get_sku (DdStockLevel *self)
{
  g_return_val_if_fail (DD_IS_STOCK_LEVEL (self), NULL);

  return self->sku;
}

gint64
dd_stock_level_get_on_hand (DdStockLevel *self)
{
  g_return_val_if_fail (DD_IS_STOCK_LEVEL (self), 0);

  return self->on_hand;
}

gint64
dd_stock_level_get_reserved (DdStockLevel *self)
{
  g_return_val_if_fail (DD_IS_STOCK_LEVEL (self), 0);

  return self->reserved;
}

gint64
dd_stock_level_get_allocated (DdStockLevel *self)
{
  g_return_val_if_fail (DD_IS_STOCK_LEVEL (self), 0);

  return self->allocated;
}

gint64
dd_stock_level_get_available (DdStockLevel *self)
{
  g_return_val_if_fail (DD_IS_STOCK_LEVEL (self), 0);

  return available (self);
}

gboolean
dd_stock_level_set_on_hand (DdStockLevel  *self,
                            gint64         on_hand,
                            GError       **error)
{
  g_return_val_if_fail (DD_IS_STOCK_LEVEL (self), FALSE);

  if (on_hand < 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("%s at hub %s: units on hand cannot be negative (%lld)"),
                   self->sku, self->hub_id, (long long) on_hand);
      return FALSE;
    }

  if (on_hand < self->reserved + self->allocated)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_OVERSELL,
                   _("%s at hub %s: cannot set %lld units on hand while %lld are reserved or allocated"),
                   self->sku, self->hub_id, (long long) on_hand,
                   (long long) (self->reserved + self->allocated));
      return FALSE;
    }

  apply (self, on_hand, self->reserved, self->allocated);
  return TRUE;
}

gboolean
dd_stock_level_reserve (DdStockLevel  *self,
                        gint64         units,
                        GError       **error)
{
  g_return_val_if_fail (DD_IS_STOCK_LEVEL (self), FALSE);

  if (!check_units (self, units, error))
    return FALSE;

  if (units > available (self))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_OVERSELL,
                   _("%s at hub %s: cannot reserve %lld units, only %lld available"),
                   self->sku, self->hub_id, (long long) units, (long long) available (self));
      return FALSE;
    }

  apply (self, self->on_hand, self->reserved + units, self->allocated);
  return TRUE;
}

gboolean
dd_stock_level_release (DdStockLevel  *self,
                        gint64         units,
                        GError       **error)
{
  g_return_val_if_fail (DD_IS_STOCK_LEVEL (self), FALSE);

  if (!check_units (self, units, error))
    return FALSE;

  if (units > self->reserved)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("%s at hub %s: cannot release %lld units, only %lld reserved"),
                   self->sku, self->hub_id, (long long) units, (long long) self->reserved);
      return FALSE;
    }

  apply (self, self->on_hand, self->reserved - units, self->allocated);
  return TRUE;
}

gboolean
dd_stock_level_allocate (DdStockLevel  *self,
                         gint64         units,
                         GError       **error)
{
  g_return_val_if_fail (DD_IS_STOCK_LEVEL (self), FALSE);

  if (!check_units (self, units, error))
    return FALSE;

  if (units > available (self))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_OVERSELL,
                   _("%s at hub %s: cannot allocate %lld units, only %lld available"),
                   self->sku, self->hub_id, (long long) units, (long long) available (self));
      return FALSE;
    }

  apply (self, self->on_hand, self->reserved, self->allocated + units);
  return TRUE;
}

gboolean
dd_stock_level_deallocate (DdStockLevel  *self,
                           gint64         units,
                           GError       **error)
{
  g_return_val_if_fail (DD_IS_STOCK_LEVEL (self), FALSE);

  if (!check_units (self, units, error))
    return FALSE;

  if (units > self->allocated)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("%s at hub %s: cannot take back %lld units, only %lld allocated"),
                   self->sku, self->hub_id, (long long) units, (long long) self->allocated);
      return FALSE;
    }

  apply (self, self->on_hand, self->reserved, self->allocated - units);
  return TRUE;
}

gboolean
dd_stock_level_sell (DdStockLevel  *self,
                     gint64         units,
                     GError       **error)
{
  g_return_val_if_fail (DD_IS_STOCK_LEVEL (self), FALSE);

  if (!check_units (self, units, error))
    return FALSE;

  if (units > self->allocated)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_OVERSELL,
                   _("%s at hub %s: cannot sell %lld units, only %lld left in the offer’s allocation"),
                   self->sku, self->hub_id, (long long) units, (long long) self->allocated);
      return FALSE;
    }

  apply (self, self->on_hand, self->reserved + units, self->allocated - units);
  return TRUE;
}

gboolean
dd_stock_level_fulfil (DdStockLevel  *self,
                       gint64         units,
                       GError       **error)
{
  g_return_val_if_fail (DD_IS_STOCK_LEVEL (self), FALSE);

  if (!check_units (self, units, error))
    return FALSE;

  if (units > self->reserved)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("%s at hub %s: cannot ship %lld units, only %lld reserved"),
                   self->sku, self->hub_id, (long long) units, (long long) self->reserved);
      return FALSE;
    }

  apply (self, self->on_hand - units, self->reserved - units, self->allocated);
  return TRUE;
}
