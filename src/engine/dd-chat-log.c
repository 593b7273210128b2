/* dd-chat-log.c — a bounded window of the newest chat messages, as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-chat-log.h"

struct _DdChatLog
{
  GObject    parent_instance;
  GPtrArray *items;
  guint      limit;
};

static void dd_chat_log_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdChatLog, dd_chat_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      dd_chat_log_list_model_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
dd_chat_log_get_item_type (GListModel *model)
{
  return DD_TYPE_CHAT_MESSAGE;
}

static guint
dd_chat_log_get_n_items (GListModel *model)
{
  return DD_CHAT_LOG (model)->items->len;
}

static gpointer
dd_chat_log_get_item (GListModel *model,
                      guint       position)
{
  DdChatLog *self = DD_CHAT_LOG (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
dd_chat_log_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = dd_chat_log_get_item_type;
  iface->get_n_items = dd_chat_log_get_n_items;
  iface->get_item = dd_chat_log_get_item;
}

static void
dd_chat_log_finalize (GObject *object)
{
  DdChatLog *self = DD_CHAT_LOG (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_chat_log_parent_class)->finalize (object);
}

static void
dd_chat_log_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DdChatLog *self = DD_CHAT_LOG (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_chat_log_class_init (DdChatLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_chat_log_finalize;
  object_class->get_property = dd_chat_log_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_chat_log_init (DdChatLog *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->limit = DD_CHAT_LOG_DEFAULT_LIMIT;
}

DdChatLog *
dd_chat_log_new (guint limit)
{
  DdChatLog *self = g_object_new (DD_TYPE_CHAT_LOG, NULL);

  if (limit > 0)
    self->limit = limit;

  return self;
}

guint
dd_chat_log_get_limit (DdChatLog *self)
{
  g_return_val_if_fail (DD_IS_CHAT_LOG (self), 0);

  return self->limit;
}

void
dd_chat_log_set_limit (DdChatLog *self,
                       guint      limit)
{
  guint removed;

  g_return_if_fail (DD_IS_CHAT_LOG (self));

  self->limit = limit > 0 ? limit : DD_CHAT_LOG_DEFAULT_LIMIT;
  if (self->items->len <= self->limit)
    return;

  /* Shrinking lets the oldest go, in one emission. */
  removed = self->items->len - self->limit;
  g_ptr_array_remove_range (self->items, 0, removed);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
dd_chat_log_append_batch (DdChatLog *self,
                          GPtrArray *messages)
{
  guint old_len;
  guint first;     /* index in `messages` of the first one kept */
  guint removed;

  g_return_if_fail (DD_IS_CHAT_LOG (self));
  g_return_if_fail (messages != NULL);

  if (messages->len == 0)
    return;

  old_len = self->items->len;
  first = messages->len > self->limit ? messages->len - self->limit : 0;
  removed = 0;
  if (old_len + (messages->len - first) > self->limit)
    removed = old_len + (messages->len - first) - self->limit;

  /* At most two small emissions a batch, each describing the model as it
   * is when it fires: the overflow leaves the front, then the new messages
   * arrive at the end. A view then touches only the rows that changed,
   * never the whole window. */
  if (removed > 0)
    {
      g_ptr_array_remove_range (self->items, 0, removed);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
    }

  for (guint i = first; i < messages->len; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (messages, i)));
  g_list_model_items_changed (G_LIST_MODEL (self), old_len - removed, 0, messages->len - first);

  if (old_len != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
dd_chat_log_append (DdChatLog     *self,
                    DdChatMessage *message)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();

  g_return_if_fail (DD_IS_CHAT_MESSAGE (message));

  g_ptr_array_add (batch, message);
  dd_chat_log_append_batch (self, batch);
}

void
dd_chat_log_clear (DdChatLog *self)
{
  guint old_len;

  g_return_if_fail (DD_IS_CHAT_LOG (self));

  old_len = self->items->len;
  if (old_len == 0)
    return;

  g_ptr_array_set_size (self->items, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}
