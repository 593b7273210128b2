/* dd-list-slot.h — one place in a DdListTail, showing one item of its source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DD_TYPE_LIST_SLOT (dd_list_slot_get_type ())

G_DECLARE_FINAL_TYPE (DdListSlot, dd_list_slot, DD, LIST_SLOT, GObject)

DdListSlot *dd_list_slot_new      (gpointer    item);
/* The item the slot shows now; "notify::item" when it changes. */
gpointer    dd_list_slot_get_item (DdListSlot *self);
/* For the model that owns the slot. Returns whether the item changed. */
gboolean    dd_list_slot_set_item (DdListSlot *self,
                                   gpointer    item);

G_END_DECLS
