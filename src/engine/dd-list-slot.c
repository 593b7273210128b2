/* dd-list-slot.c — one place in a DdListTail, showing one item of its source
 *
 * A list view in GTK 4.8 destroys the row of every item its model removes
 * and builds a new row for every item it adds. A tail that follows a fast
 * chat would do that for every message; a slot stays in the model while
 * what it shows moves on, so the row bound to it only shows another item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-list-slot.h"

struct _DdListSlot
{
  GObject  parent_instance;

  GObject *item;
};

G_DEFINE_FINAL_TYPE (DdListSlot, dd_list_slot, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dd_list_slot_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DdListSlot *self = DD_LIST_SLOT (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_list_slot_dispose (GObject *object)
{
  g_clear_object (&DD_LIST_SLOT (object)->item);

  G_OBJECT_CLASS (dd_list_slot_parent_class)->dispose (object);
}

static void
dd_list_slot_class_init (DdListSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dd_list_slot_get_property;
  object_class->dispose = dd_list_slot_dispose;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_list_slot_init (DdListSlot *self)
{
}

DdListSlot *
dd_list_slot_new (gpointer item)
{
  DdListSlot *self;

  g_return_val_if_fail (item == NULL || G_IS_OBJECT (item), NULL);

  self = g_object_new (DD_TYPE_LIST_SLOT, NULL);
  g_set_object (&self->item, item);
  return self;
}

gpointer
dd_list_slot_get_item (DdListSlot *self)
{
  g_return_val_if_fail (DD_IS_LIST_SLOT (self), NULL);

  return self->item;
}

gboolean
dd_list_slot_set_item (DdListSlot *self,
                       gpointer    item)
{
  g_return_val_if_fail (DD_IS_LIST_SLOT (self), FALSE);
  g_return_val_if_fail (item == NULL || G_IS_OBJECT (item), FALSE);

  if (!g_set_object (&self->item, item))
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
  return TRUE;
}
