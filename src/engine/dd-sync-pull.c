/* dd-sync-pull.c — the commerce catalog pulled into the local cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-sync-pull.h"

typedef enum
{
  STEP_LOCAL,
  STEP_HUBS,
  STEP_STOCK,
  STEP_OFFERS,
  STEP_DONE,
} PullStep;

typedef struct
{
  DdStore *store;
  DdCommerceCatalog *catalog;
  GPtrArray *offers;   /* what is saved of catalog->offers */
  PullStep step;
  DdSyncPullSummary summary;
} Pull;

static void
pull_free (Pull *pull)
{
  g_clear_object (&pull->store);
  g_clear_pointer (&pull->catalog, dd_commerce_catalog_free);
  g_clear_pointer (&pull->offers, g_ptr_array_unref);
  g_free (pull);
}

/* The remote offers that may replace local rows. */
static GPtrArray *
offers_to_save (Pull      *pull,
                GPtrArray *local)
{
  g_autoptr(GHashTable) keep_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) other_variants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *offers = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < local->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (local, i);

      if (dd_offer_get_sync_state (offer) != DD_SYNC_STATE_SYNCED)
        g_hash_table_add (keep_ids, (gpointer) dd_offer_get_id (offer));
      if (dd_offer_get_remote_id (offer) != NULL)
        g_hash_table_insert (other_variants,
                             g_strconcat (dd_offer_get_remote_id (offer), "/", dd_offer_get_sku (offer), NULL),
                             (gpointer) dd_offer_get_id (offer));
    }

  for (guint i = 0; i < pull->catalog->offers->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (pull->catalog->offers, i);
      g_autofree char *variant = g_strconcat (dd_offer_get_remote_id (offer), "/", dd_offer_get_sku (offer), NULL);
      const char *local_id = g_hash_table_lookup (other_variants, variant);

      if (g_hash_table_contains (keep_ids, dd_offer_get_id (offer)) ||
          (local_id != NULL && !g_str_equal (local_id, dd_offer_get_id (offer))))
        {
          pull->summary.offers_kept++;
          continue;
        }
      g_ptr_array_add (offers, g_object_ref (offer));
    }
  return offers;
}

static void next_step (GTask *task);

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!dd_store_save_finish (DD_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  next_step (task);
}

static void
local_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Pull *pull = g_task_get_task_data (task);
  g_autoptr(GPtrArray) local = NULL;
  GError *error = NULL;

  local = dd_store_load_finish (DD_STORE (object), result, &error);
  if (local == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  pull->offers = offers_to_save (pull, local);
  next_step (task);
}

static void
next_step (GTask *task)
{
  Pull *pull = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  switch (pull->step++)
    {
    case STEP_LOCAL:
      dd_store_load_offers_async (pull->store, cancellable, local_cb, task);
      break;
    case STEP_HUBS:
      pull->summary.hubs = pull->catalog->hubs->len;
      dd_store_save_hubs_async (pull->store, pull->catalog->hubs, cancellable, saved_cb, task);
      break;
    case STEP_STOCK:
      pull->summary.stock = pull->catalog->stock->len;
      dd_store_save_stock_async (pull->store, pull->catalog->stock, cancellable, saved_cb, task);
      break;
    case STEP_OFFERS:
      pull->summary.offers = pull->offers->len;
      dd_store_save_offers_async (pull->store, pull->offers, cancellable, saved_cb, task);
      break;
    case STEP_DONE:
    default:
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      break;
    }
}

static void
catalog_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Pull *pull = g_task_get_task_data (task);
  GError *error = NULL;

  pull->catalog = dd_commerce_provider_load_catalog_finish (DD_COMMERCE_PROVIDER (object), result, &error);
  if (pull->catalog == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  next_step (task);
}

void
dd_sync_pull_async (DdStore             *store,
                    DdCommerceProvider  *provider,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  Pull *pull;

  g_return_if_fail (DD_IS_STORE (store));
  g_return_if_fail (DD_IS_COMMERCE_PROVIDER (provider));

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_sync_pull_async);
  pull = g_new0 (Pull, 1);
  pull->store = g_object_ref (store);
  g_task_set_task_data (task, pull, (GDestroyNotify) pull_free);

  dd_commerce_provider_load_catalog_async (provider, cancellable, catalog_cb, task);
}

gboolean
dd_sync_pull_finish (GAsyncResult       *result,
                     DdSyncPullSummary  *summary,
                     GError            **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_sync_pull_async, FALSE);

  if (summary != NULL)
    *summary = ((Pull *) g_task_get_task_data (G_TASK (result)))->summary;
  return g_task_propagate_boolean (G_TASK (result), error);
}
