/* dd-commerce-provider.c — the extension point for the commerce backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-commerce-provider.h"
#include "dd-net-error.h"

G_DEFINE_BOXED_TYPE (DdCommerceCatalog, dd_commerce_catalog,
                     dd_commerce_catalog_copy, dd_commerce_catalog_free)

G_DEFINE_BOXED_TYPE (DdCommercePushResult, dd_commerce_push_result,
                     dd_commerce_push_result_copy, dd_commerce_push_result_free)

G_DEFINE_INTERFACE (DdCommerceProvider, dd_commerce_provider, G_TYPE_OBJECT)

enum {
  ORDER_PLACED,
  ORDER_UPDATED,
  PULL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
dd_commerce_provider_default_init (DdCommerceProviderInterface *iface)
{
  /**
   * DdCommerceProvider::order-placed:
   * @order: the new order
   *
   * A buyer placed an order; emitted on the main context.
   */
  signals[ORDER_PLACED] =
    g_signal_new ("order-placed",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (DdCommerceProviderInterface, order_placed),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_ORDER);

  /**
   * DdCommerceProvider::order-updated:
   * @order: the order whose status changed
   */
  signals[ORDER_UPDATED] =
    g_signal_new ("order-updated",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (DdCommerceProviderInterface, order_updated),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_ORDER);

  /**
   * DdCommerceProvider::pull-progress:
   * @done: items of the running catalog pull read so far
   * @total: items it will read, as far as known yet
   *
   * Emitted as a load_catalog or pull_changes reads its pages.
   */
  signals[PULL_PROGRESS] =
    g_signal_new ("pull-progress",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
}

DdCommerceCatalog *
dd_commerce_catalog_new (GPtrArray *offers,
                         GPtrArray *hubs,
                         GPtrArray *stock)
{
  DdCommerceCatalog *self = g_new0 (DdCommerceCatalog, 1);

  g_return_val_if_fail (offers != NULL && hubs != NULL && stock != NULL, NULL);

  self->offers = g_ptr_array_ref (offers);
  self->hubs = g_ptr_array_ref (hubs);
  self->stock = g_ptr_array_ref (stock);

  return self;
}

DdCommerceCatalog *
dd_commerce_catalog_copy (DdCommerceCatalog *self)
{
  return dd_commerce_catalog_new (self->offers, self->hubs, self->stock);
}

void
dd_commerce_catalog_free (DdCommerceCatalog *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->offers, g_ptr_array_unref);
  g_clear_pointer (&self->hubs, g_ptr_array_unref);
  g_clear_pointer (&self->stock, g_ptr_array_unref);
  g_free (self);
}

DdCommercePushResult *
dd_commerce_push_result_new (DdCommercePushOutcome  outcome,
                             const char            *message)
{
  DdCommercePushResult *self = g_new0 (DdCommercePushResult, 1);

  self->outcome = outcome;
  self->message = g_strdup (message);
  return self;
}

DdCommercePushResult *
dd_commerce_push_result_copy (DdCommercePushResult *self)
{
  DdCommercePushResult *copy = dd_commerce_push_result_new (self->outcome, self->message);

  copy->remote_id = g_strdup (self->remote_id);
  copy->base = g_strdup (self->base);
  copy->local = g_strdup (self->local);
  copy->remote = g_strdup (self->remote);
  copy->progress = g_strdup (self->progress);
  return copy;
}

void
dd_commerce_push_result_free (DdCommercePushResult *self)
{
  if (self == NULL)
    return;

  g_free (self->message);
  g_free (self->remote_id);
  g_free (self->base);
  g_free (self->local);
  g_free (self->remote);
  g_free (self->progress);
  g_free (self);
}

void
dd_commerce_provider_load_catalog_async (DdCommerceProvider  *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (DD_IS_COMMERCE_PROVIDER (self));

  DD_COMMERCE_PROVIDER_GET_IFACE (self)->load_catalog_async (self, cancellable, callback, user_data);
}

DdCommerceCatalog *
dd_commerce_provider_load_catalog_finish (DdCommerceProvider  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  g_return_val_if_fail (DD_IS_COMMERCE_PROVIDER (self), NULL);

  return DD_COMMERCE_PROVIDER_GET_IFACE (self)->load_catalog_finish (self, result, error);
}

DdConnectivity *
dd_commerce_provider_get_connectivity (DdCommerceProvider *self)
{
  g_return_val_if_fail (DD_IS_COMMERCE_PROVIDER (self), NULL);

  return DD_COMMERCE_PROVIDER_GET_IFACE (self)->get_connectivity (self);
}

static void
full_pull_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DdCommerceCatalog *catalog;

  catalog = dd_commerce_provider_load_catalog_finish (DD_COMMERCE_PROVIDER (object), result, &error);
  if (catalog == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, catalog, (GDestroyNotify) dd_commerce_catalog_free);
}

void
dd_commerce_provider_pull_changes_async (DdCommerceProvider  *self,
                                         const char          *since,
                                         gboolean             with_stock,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  DdCommerceProviderInterface *iface;
  GTask *task;

  g_return_if_fail (DD_IS_COMMERCE_PROVIDER (self));

  iface = DD_COMMERCE_PROVIDER_GET_IFACE (self);
  if (iface->pull_changes_async != NULL)
    {
      iface->pull_changes_async (self, since, with_stock, cancellable, callback, user_data);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_commerce_provider_pull_changes_async);
  iface->load_catalog_async (self, cancellable, full_pull_cb, task);
}

DdCommerceCatalog *
dd_commerce_provider_pull_changes_finish (DdCommerceProvider  *self,
                                          GAsyncResult        *result,
                                          char               **next_cursor,
                                          GError             **error)
{
  g_return_val_if_fail (DD_IS_COMMERCE_PROVIDER (self), NULL);
  g_return_val_if_fail (next_cursor != NULL, NULL);

  *next_cursor = NULL;
  if (g_task_is_valid (result, self) &&
      g_task_get_source_tag (G_TASK (result)) == dd_commerce_provider_pull_changes_async)
    return g_task_propagate_pointer (G_TASK (result), error);

  return DD_COMMERCE_PROVIDER_GET_IFACE (self)->pull_changes_finish (self, result, next_cursor, error);
}

void
dd_commerce_provider_push_async (DdCommerceProvider  *self,
                                 const DdOutboxEntry *entry,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  DdCommerceProviderInterface *iface;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DD_IS_COMMERCE_PROVIDER (self));
  g_return_if_fail (entry != NULL);

  iface = DD_COMMERCE_PROVIDER_GET_IFACE (self);
  if (iface->push_async != NULL)
    {
      iface->push_async (self, entry, cancellable, callback, user_data);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_commerce_provider_push_async);
  g_task_return_pointer (task,
                         dd_commerce_push_result_new (DD_COMMERCE_PUSH_REJECTED,
                                                      _("This commerce engine does not take changes from Dropdeck")),
                         (GDestroyNotify) dd_commerce_push_result_free);
}

DdCommercePushResult *
dd_commerce_provider_push_finish (DdCommerceProvider  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  DdCommerceProviderInterface *iface;

  g_return_val_if_fail (DD_IS_COMMERCE_PROVIDER (self), NULL);

  iface = DD_COMMERCE_PROVIDER_GET_IFACE (self);
  if (g_task_is_valid (result, self) &&
      g_task_get_source_tag (G_TASK (result)) == dd_commerce_provider_push_async)
    return g_task_propagate_pointer (G_TASK (result), error);

  return iface->push_finish (self, result, error);
}

void
dd_commerce_provider_prepare_push_async (DdCommerceProvider  *self,
                                         GPtrArray           *entries,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  DdCommerceProviderInterface *iface;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DD_IS_COMMERCE_PROVIDER (self));
  g_return_if_fail (entries != NULL);

  iface = DD_COMMERCE_PROVIDER_GET_IFACE (self);
  if (iface->prepare_push_async != NULL)
    {
      iface->prepare_push_async (self, entries, cancellable, callback, user_data);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_commerce_provider_prepare_push_async);
  g_task_return_boolean (task, TRUE);
}

gboolean
dd_commerce_provider_prepare_push_finish (DdCommerceProvider  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  DdCommerceProviderInterface *iface;

  g_return_val_if_fail (DD_IS_COMMERCE_PROVIDER (self), FALSE);

  iface = DD_COMMERCE_PROVIDER_GET_IFACE (self);
  if (g_task_is_valid (result, self) &&
      g_task_get_source_tag (G_TASK (result)) == dd_commerce_provider_prepare_push_async)
    return g_task_propagate_boolean (G_TASK (result), error);

  return iface->prepare_push_finish (self, result, error);
}

DdCommerceFeed *
dd_commerce_feed_new (void)
{
  DdCommerceFeed *self = g_new0 (DdCommerceFeed, 1);

  self->orders = g_ptr_array_new_with_free_func (g_object_unref);
  self->promotions = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_promotion_free);
  return self;
}

void
dd_commerce_feed_free (DdCommerceFeed *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->orders, g_ptr_array_unref);
  g_clear_pointer (&self->promotions, g_ptr_array_unref);
  g_clear_pointer (&self->refund_policy, dd_refund_policy_free);
  g_clear_pointer (&self->offer_remote_ids, g_ptr_array_unref);
  g_free (self->orders_cursor);
  g_free (self);
}

void
dd_commerce_provider_pull_feed_async (DdCommerceProvider  *self,
                                      const char          *orders_since,
                                      gboolean             with_ids,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  DdCommerceProviderInterface *iface;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DD_IS_COMMERCE_PROVIDER (self));

  iface = DD_COMMERCE_PROVIDER_GET_IFACE (self);
  if (iface->pull_feed_async != NULL)
    {
      iface->pull_feed_async (self, orders_since, with_ids, cancellable, callback, user_data);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_commerce_provider_pull_feed_async);
  g_task_return_pointer (task, dd_commerce_feed_new (), (GDestroyNotify) dd_commerce_feed_free);
}

DdCommerceFeed *
dd_commerce_provider_pull_feed_finish (DdCommerceProvider  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_return_val_if_fail (DD_IS_COMMERCE_PROVIDER (self), NULL);

  if (g_task_is_valid (result, self) &&
      g_task_get_source_tag (G_TASK (result)) == dd_commerce_provider_pull_feed_async)
    return g_task_propagate_pointer (G_TASK (result), error);

  return DD_COMMERCE_PROVIDER_GET_IFACE (self)->pull_feed_finish (self, result, error);
}

void
dd_commerce_provider_emit_order_placed (DdCommerceProvider *self,
                                        DdOrder            *order)
{
  g_return_if_fail (DD_IS_COMMERCE_PROVIDER (self));
  g_return_if_fail (DD_IS_ORDER (order));

  g_signal_emit (self, signals[ORDER_PLACED], 0, order);
}

void
dd_commerce_provider_emit_order_updated (DdCommerceProvider *self,
                                         DdOrder            *order)
{
  g_return_if_fail (DD_IS_COMMERCE_PROVIDER (self));
  g_return_if_fail (DD_IS_ORDER (order));

  g_signal_emit (self, signals[ORDER_UPDATED], 0, order);
}

void
dd_commerce_provider_emit_pull_progress (DdCommerceProvider *self,
                                         guint64             done,
                                         guint64             total)
{
  g_return_if_fail (DD_IS_COMMERCE_PROVIDER (self));

  g_signal_emit (self, signals[PULL_PROGRESS], 0, done, MAX (done, total));
}
