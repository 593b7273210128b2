/* dd-list-tail.c — the last N items of another list model, in slots
 *
 * The chat wall follows the newest messages of a window of thousands. A
 * GtkListView in GTK 4.8 keeps up to 200 rows alive around what it shows
 * and binds every new item among them, so at 2,000 messages a second a
 * slow frame meant up to 200 new rows for the next one, which made it
 * slower still. While the wall follows, it shows this tail of a screenful
 * or two instead. When the reader stops following, the tail grows at the
 * front to the whole window, in the same model, so the view and the
 * picked message stay put.
 *
 * The tail's items are slots (DdListSlot), each showing one item of the
 * source. GTK 4.8 destroys the row of every removed item and builds one
 * for every added item: a tail whose items came and went with the chat
 * built a row from its template for every message (about 1,700 a second
 * in the 2,000 msg/s benchmark). While the tail is shorter than the
 * source, its slots stay and only what they show moves on; the list view
 * keeps its rows. While the tail holds the whole source, a slot keeps its
 * item and the source's changes come out as they are, so a picked
 * message and the view stay where they are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-list-tail.h"

struct _DdListTail
{
  GObject     parent_instance;

  GListModel *source;
  guint       size;
  guint       start;   /* the first shown item, in the source */
  GPtrArray  *slots;   /* DdListSlot, one per shown item */
};

static void dd_list_tail_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdListTail, dd_list_tail, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, dd_list_tail_list_model_init))

static GType
dd_list_tail_get_item_type (GListModel *model)
{
  return DD_TYPE_LIST_SLOT;
}

static guint
dd_list_tail_get_n_items (GListModel *model)
{
  return DD_LIST_TAIL (model)->slots->len;
}

static gpointer
dd_list_tail_get_item (GListModel *model,
                       guint       position)
{
  DdListTail *self = DD_LIST_TAIL (model);

  if (position >= self->slots->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->slots, position));
}

static void
dd_list_tail_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = dd_list_tail_get_item_type;
  iface->get_n_items = dd_list_tail_get_n_items;
  iface->get_item = dd_list_tail_get_item;
}

/* New slots at `position` for `n` source items from `source_position`. */
static void
insert_slots (DdListTail *self,
              guint       position,
              guint       source_position,
              guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->source, source_position + i);

      g_ptr_array_insert (self->slots, position + i, dd_list_slot_new (item));
    }
}

/* Each slot shows its source item again (a notify where that changed). */
static void
refill_slots (DdListTail *self)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->source, self->start + i);

      dd_list_slot_set_item (g_ptr_array_index (self->slots, i), item);
    }
}

static void
source_items_changed_cb (GListModel *source,
                         guint       position,
                         guint       removed,
                         guint       added,
                         DdListTail *self)
{
  guint n = g_list_model_get_n_items (source);
  guint old_n = n - added + removed;
  guint old_length = self->slots->len;
  guint new_length = MIN (n, self->size);

  if (old_length == old_n && new_length == n)
    {
      /* The whole source before and after: the same change, the same
       * slots for the items that stay. */
      g_ptr_array_remove_range (self->slots, position, removed);
      insert_slots (self, position, position, added);
      self->start = 0;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  /* The last `size`: the slots stay, what they show moves on; only a
   * change of length is a change of the model, at the end. */
  self->start = n - new_length;
  if (new_length < old_length)
    g_ptr_array_set_size (self->slots, new_length);
  refill_slots (self);
  if (new_length > old_length)
    insert_slots (self, old_length, self->start + old_length, new_length - old_length);
  if (new_length != old_length)
    g_list_model_items_changed (G_LIST_MODEL (self), MIN (old_length, new_length),
                                old_length > new_length ? old_length - new_length : 0,
                                new_length > old_length ? new_length - old_length : 0);
}

static void
dd_list_tail_dispose (GObject *object)
{
  DdListTail *self = DD_LIST_TAIL (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, source_items_changed_cb, self);
  g_clear_object (&self->source);
  g_ptr_array_set_size (self->slots, 0);

  G_OBJECT_CLASS (dd_list_tail_parent_class)->dispose (object);
}

static void
dd_list_tail_finalize (GObject *object)
{
  g_ptr_array_unref (DD_LIST_TAIL (object)->slots);

  G_OBJECT_CLASS (dd_list_tail_parent_class)->finalize (object);
}

static void
dd_list_tail_class_init (DdListTailClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dd_list_tail_dispose;
  G_OBJECT_CLASS (klass)->finalize = dd_list_tail_finalize;
}

static void
dd_list_tail_init (DdListTail *self)
{
  self->slots = g_ptr_array_new_with_free_func (g_object_unref);
}

DdListTail *
dd_list_tail_new (GListModel *source,
                  guint       size)
{
  DdListTail *self;

  g_return_val_if_fail (source == NULL || G_IS_LIST_MODEL (source), NULL);
  g_return_val_if_fail (size > 0, NULL);

  self = g_object_new (DD_TYPE_LIST_TAIL, NULL);
  self->size = size;
  dd_list_tail_set_source (self, source);

  return self;
}

void
dd_list_tail_set_source (DdListTail *self,
                         GListModel *source)
{
  guint old_length, n;

  g_return_if_fail (DD_IS_LIST_TAIL (self));
  g_return_if_fail (source == NULL || G_IS_LIST_MODEL (source));

  if (self->source == source)
    return;

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, source_items_changed_cb, self);
  g_set_object (&self->source, source);

  old_length = self->slots->len;
  g_ptr_array_set_size (self->slots, 0);
  n = source != NULL ? g_list_model_get_n_items (source) : 0;
  self->start = n - MIN (n, self->size);
  if (source != NULL)
    {
      insert_slots (self, 0, self->start, n - self->start);
      g_signal_connect_object (source, "items-changed", G_CALLBACK (source_items_changed_cb), self, 0);
    }
  if (old_length > 0 || self->slots->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_length, self->slots->len);
}

GListModel *
dd_list_tail_get_source (DdListTail *self)
{
  g_return_val_if_fail (DD_IS_LIST_TAIL (self), NULL);

  return self->source;
}

void
dd_list_tail_set_size (DdListTail *self,
                       guint       size)
{
  guint n, new_length;

  g_return_if_fail (DD_IS_LIST_TAIL (self));
  g_return_if_fail (size > 0);

  self->size = size;
  if (self->source == NULL)
    return;

  /* The items come and go at the front: the newest stay where they are. */
  n = g_list_model_get_n_items (self->source);
  new_length = MIN (n, size);
  if (new_length > self->slots->len)
    {
      guint added = new_length - self->slots->len;

      self->start -= added;
      insert_slots (self, 0, self->start, added);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
    }
  else if (new_length < self->slots->len)
    {
      guint removed = self->slots->len - new_length;

      self->start += removed;
      g_ptr_array_remove_range (self->slots, 0, removed);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
    }
}

guint
dd_list_tail_get_size (DdListTail *self)
{
  g_return_val_if_fail (DD_IS_LIST_TAIL (self), 0);

  return self->size;
}

guint
dd_list_tail_to_source (DdListTail *self,
                        guint       position)
{
  g_return_val_if_fail (DD_IS_LIST_TAIL (self), 0);

  return self->start + position;
}
