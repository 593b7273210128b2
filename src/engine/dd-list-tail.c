/* dd-list-tail.c — the last N items of another list model
 *
 * The chat wall follows the newest messages of a window of thousands. A
 * GtkListView in GTK 4.8 keeps up to 200 rows alive around what it shows
 * and binds every new item among them, so at 2,000 messages a second a
 * slow frame meant up to 200 new rows for the next one, which made it
 * slower still. While the wall follows, it shows this tail of a screenful
 * or two instead: a frame binds at most that many rows. When the reader
 * stops following, the tail grows at the front to the whole window, in
 * the same model, so the view and the picked message stay put.
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
  guint       length;  /* items shown */
};

static void dd_list_tail_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdListTail, dd_list_tail, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, dd_list_tail_list_model_init))

static GType
dd_list_tail_get_item_type (GListModel *model)
{
  DdListTail *self = DD_LIST_TAIL (model);

  return self->source != NULL ? g_list_model_get_item_type (self->source) : G_TYPE_OBJECT;
}

static guint
dd_list_tail_get_n_items (GListModel *model)
{
  return DD_LIST_TAIL (model)->length;
}

static gpointer
dd_list_tail_get_item (GListModel *model,
                       guint       position)
{
  DdListTail *self = DD_LIST_TAIL (model);

  if (position >= self->length)
    return NULL;
  return g_list_model_get_item (self->source, self->start + position);
}

static void
dd_list_tail_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = dd_list_tail_get_item_type;
  iface->get_n_items = dd_list_tail_get_n_items;
  iface->get_item = dd_list_tail_get_item;
}

static void
source_items_changed_cb (GListModel *source,
                         guint       position,
                         guint       removed,
                         guint       added,
                         DdListTail *self)
{
  guint n = g_list_model_get_n_items (source);
  guint old_start = self->start, old_length = self->length;
  guint old_n = n - added + removed;
  guint new_length = MIN (n, self->size);
  guint new_start = n - new_length;

  if (removed == 0 && position == old_n)
    {
      /* Appended: the oldest shown leave the front, the new ones come in
       * at the end; each emission describes the model as it is then. */
      guint left = MIN (new_start - old_start, old_length);

      if (left > 0)
        {
          self->start = old_start + left;
          self->length = old_length - left;
          g_list_model_items_changed (G_LIST_MODEL (self), 0, left, 0);
        }
      self->start = new_start;
      self->length = new_length;
      g_list_model_items_changed (G_LIST_MODEL (self), old_length - left, 0, new_length - (old_length - left));
      return;
    }

  self->start = new_start;
  self->length = new_length;

  if (added == 0 && position + removed <= old_start && self->length == old_length)
    {
      /* Removed before what is shown: the same items, nothing to say. */
      return;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_length, self->length);
}

static void
dd_list_tail_dispose (GObject *object)
{
  dd_list_tail_set_source (DD_LIST_TAIL (object), NULL);

  G_OBJECT_CLASS (dd_list_tail_parent_class)->dispose (object);
}

static void
dd_list_tail_class_init (DdListTailClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dd_list_tail_dispose;
}

static void
dd_list_tail_init (DdListTail *self)
{
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
  guint old_length;

  g_return_if_fail (DD_IS_LIST_TAIL (self));
  g_return_if_fail (source == NULL || G_IS_LIST_MODEL (source));

  if (self->source == source)
    return;

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, source_items_changed_cb, self);
  g_set_object (&self->source, source);

  old_length = self->length;
  self->length = source != NULL ? MIN (g_list_model_get_n_items (source), self->size) : 0;
  self->start = source != NULL ? g_list_model_get_n_items (source) - self->length : 0;
  if (source != NULL)
    g_signal_connect_object (source, "items-changed", G_CALLBACK (source_items_changed_cb), self, 0);
  if (old_length > 0 || self->length > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_length, self->length);
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
  if (new_length > self->length)
    {
      guint added = new_length - self->length;

      self->start -= added;
      self->length = new_length;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
    }
  else if (new_length < self->length)
    {
      guint removed = self->length - new_length;

      self->start += removed;
      self->length = new_length;
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
