/* dd-sync-pull.c — the commerce catalog pulled into the local cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-cursors.h"
#include "dd-sync-steps-private.h"
#include "dd-sync-pull.h"

#define SERVICE "commerce"
#define PRODUCTS_CURSOR "products"
#define STOCK_CURSOR "stock-reconciled-at"

typedef enum
{
  STEP_READ_CURSOR,
  STEP_READ_STOCK_TIME,
  STEP_FETCH,
  STEP_LOCAL,
  STEP_HUBS,
  STEP_STOCK,
  STEP_OFFERS,
  STEP_SAVE_CURSOR,
  STEP_SAVE_STOCK_TIME,
  STEP_DONE,
} PullStep;

typedef struct
{
  DdSyncSteps steps;   /* first: store, provider, period, start time */
  char *cursor;        /* as read, then as the provider returned it */
  char *stock_time;
  DdCommerceCatalog *catalog;
  GPtrArray *offers;   /* what is saved of catalog->offers */
  PullStep step;
  DdSyncPullSummary summary;
} Pull;

static void
pull_free (Pull *pull)
{
  _dd_sync_steps_clear (&pull->steps);
  g_free (pull->cursor);
  g_free (pull->stock_time);
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
local_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Pull *pull = g_task_get_task_data (task);
  g_autoptr(GPtrArray) local = NULL;
  GError *error = NULL;

  local = dd_store_load_finish (DD_STORE (object), result, &error);
  if (_dd_sync_steps_failed (task, error))
    return;
  pull->offers = offers_to_save (pull, local);
  next_step (task);
}

/* Whether hubs and stock are read in full this time. */
static gboolean
stock_due (Pull *pull)
{
  return _dd_sync_steps_due (&pull->steps, pull->stock_time);
}

static void
cursor_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Pull *pull = g_task_get_task_data (task);
  GError *error = NULL;
  char *value;

  value = dd_store_get_cursor_finish (DD_STORE (object), result, &error);
  if (_dd_sync_steps_failed (task, error))
    return;
  if (pull->step == STEP_READ_STOCK_TIME)
    pull->cursor = value;
  else
    pull->stock_time = value;
  next_step (task);
}

static void
catalog_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Pull *pull = g_task_get_task_data (task);
  g_autofree char *next_cursor = NULL;
  GError *error = NULL;

  pull->catalog = dd_commerce_provider_pull_changes_finish (DD_COMMERCE_PROVIDER (object), result,
                                                            &next_cursor, &error);
  if (_dd_sync_steps_failed (task, error))
    return;
  g_free (pull->cursor);
  pull->cursor = g_steal_pointer (&next_cursor);
  next_step (task);
}

static void
next_step (GTask *task)
{
  Pull *pull = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *now = NULL;

  switch (pull->step++)
    {
    case STEP_READ_CURSOR:
      dd_store_get_cursor_async (pull->steps.store, SERVICE, PRODUCTS_CURSOR, cancellable, cursor_cb, task);
      break;
    case STEP_READ_STOCK_TIME:
      dd_store_get_cursor_async (pull->steps.store, SERVICE, STOCK_CURSOR, cancellable, cursor_cb, task);
      break;
    case STEP_FETCH:
      pull->summary.stock_reconciled = stock_due (pull);
      dd_commerce_provider_pull_changes_async (pull->steps.provider, pull->cursor, pull->summary.stock_reconciled,
                                               cancellable, catalog_cb, task);
      break;
    case STEP_LOCAL:
      dd_store_load_offers_async (pull->steps.store, cancellable, local_cb, task);
      break;
    case STEP_HUBS:
      pull->summary.hubs = pull->catalog->hubs->len;
      dd_store_save_hubs_async (pull->steps.store, pull->catalog->hubs, cancellable, _dd_sync_steps_saved_cb, task);
      break;
    case STEP_STOCK:
      pull->summary.stock = pull->catalog->stock->len;
      dd_store_save_stock_async (pull->steps.store, pull->catalog->stock, cancellable, _dd_sync_steps_saved_cb, task);
      break;
    case STEP_OFFERS:
      pull->summary.offers = pull->offers->len;
      dd_store_save_offers_async (pull->steps.store, pull->offers, cancellable, _dd_sync_steps_saved_cb, task);
      break;
    case STEP_SAVE_CURSOR:
      /* Only once the changes are saved: a failed pull asks again. */
      if (pull->cursor == NULL)
        {
          next_step (task);
          break;
        }
      dd_store_set_cursor_async (pull->steps.store, SERVICE, PRODUCTS_CURSOR, pull->cursor, cancellable, _dd_sync_steps_saved_cb, task);
      break;
    case STEP_SAVE_STOCK_TIME:
      if (!pull->summary.stock_reconciled)
        {
          next_step (task);
          break;
        }
      now = g_strdup_printf ("%" G_GINT64_FORMAT, pull->steps.now_us);
      dd_store_set_cursor_async (pull->steps.store, SERVICE, STOCK_CURSOR, now, cancellable, _dd_sync_steps_saved_cb, task);
      break;
    case STEP_DONE:
    default:
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      break;
    }
}

void
dd_sync_pull_async (DdStore             *store,
                    DdCommerceProvider  *provider,
                    gint64               stock_every_us,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  Pull *pull;

  g_return_if_fail (DD_IS_STORE (store));
  g_return_if_fail (DD_IS_COMMERCE_PROVIDER (provider));
  g_return_if_fail (stock_every_us >= 0);

  pull = g_new0 (Pull, 1);
  _dd_sync_steps_start (&pull->steps, (GDestroyNotify) pull_free, next_step, store, provider, stock_every_us,
                        dd_sync_pull_async, cancellable, callback, user_data);
}

gboolean
dd_sync_pull_finish (GAsyncResult       *result,
                     DdSyncPullSummary  *summary,
                     GError            **error)
{
  DdSyncSteps *steps = NULL;
  gboolean ok = _dd_sync_steps_finish (result, dd_sync_pull_async, &steps, error);

  if (summary != NULL)
    *summary = ((Pull *) steps)->summary;
  return ok;
}
