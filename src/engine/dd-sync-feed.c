/* dd-sync-feed.c — the commerce feed beyond the catalog pulled into the local cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-commerce.h"
#include "dd-store-cursors.h"
#include "dd-sync-steps-private.h"
#include "dd-sync-feed.h"

#define SERVICE "commerce"
#define ORDERS_CURSOR "orders"
#define IDS_CURSOR "ids-reconciled-at"

typedef enum
{
  STEP_READ_CURSOR,
  STEP_READ_IDS_TIME,
  STEP_FETCH,
  STEP_ORDERS,
  STEP_PROMOTIONS,
  STEP_REFUND_POLICY,
  STEP_RECONCILE,
  STEP_SAVE_CURSOR,
  STEP_SAVE_IDS_TIME,
  STEP_DONE,
} FeedStep;

typedef struct
{
  DdSyncSteps steps;   /* first: store, provider, period, start time */
  char *cursor;
  char *ids_time;
  DdCommerceFeed *feed;
  FeedStep step;
  DdSyncFeedSummary summary;
} Feed;

static void
feed_free (Feed *feed)
{
  _dd_sync_steps_clear (&feed->steps);
  g_free (feed->cursor);
  g_free (feed->ids_time);
  g_clear_pointer (&feed->feed, dd_commerce_feed_free);
  g_free (feed);
}

static void next_step (GTask *task);

static void
cursor_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Feed *feed = g_task_get_task_data (task);
  GError *error = NULL;
  char *value;

  value = dd_store_get_cursor_finish (DD_STORE (object), result, &error);
  if (_dd_sync_steps_failed (task, error))
    return;
  if (feed->step == STEP_READ_IDS_TIME)
    feed->cursor = value;
  else
    feed->ids_time = value;
  next_step (task);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Feed *feed = g_task_get_task_data (task);
  GError *error = NULL;

  feed->feed = dd_commerce_provider_pull_feed_finish (DD_COMMERCE_PROVIDER (object), result, &error);
  if (!_dd_sync_steps_failed (task, error))
    next_step (task);
}

static void
reconciled_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Feed *feed = g_task_get_task_data (task);
  DdReconcileSummary found = { 0, };
  GError *error = NULL;

  dd_store_reconcile_offers_finish (DD_STORE (object), result, &found, &error);
  if (_dd_sync_steps_failed (task, error))
    return;
  feed->summary.gone = found.gone;
  feed->summary.gone_kept_local = found.kept_local;
  feed->summary.back = found.back;
  next_step (task);
}

static gboolean
ids_due (Feed *feed)
{
  return _dd_sync_steps_due (&feed->steps, feed->ids_time);
}

static void
next_step (GTask *task)
{
  Feed *feed = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *now = NULL;

  switch (feed->step++)
    {
    case STEP_READ_CURSOR:
      dd_store_get_cursor_async (feed->steps.store, SERVICE, ORDERS_CURSOR, cancellable, cursor_cb, task);
      break;
    case STEP_READ_IDS_TIME:
      dd_store_get_cursor_async (feed->steps.store, SERVICE, IDS_CURSOR, cancellable, cursor_cb, task);
      break;
    case STEP_FETCH:
      feed->summary.reconciled = ids_due (feed);
      dd_commerce_provider_pull_feed_async (feed->steps.provider, feed->cursor, feed->summary.reconciled,
                                            cancellable, fetched_cb, task);
      break;
    case STEP_ORDERS:
      feed->summary.order_lines = feed->feed->orders->len;
      dd_store_save_orders_async (feed->steps.store, feed->feed->orders, cancellable, _dd_sync_steps_saved_cb, task);
      break;
    case STEP_PROMOTIONS:
      feed->summary.promotions = feed->feed->promotions->len;
      dd_store_save_promotions_async (feed->steps.store, feed->feed->promotions, cancellable, _dd_sync_steps_saved_cb, task);
      break;
    case STEP_REFUND_POLICY:
      feed->summary.refund_policy = feed->feed->refund_policy != NULL;
      if (feed->feed->refund_policy == NULL)
        next_step (task);
      else
        dd_store_save_refund_policy_async (feed->steps.store, feed->feed->refund_policy, cancellable, _dd_sync_steps_saved_cb, task);
      break;
    case STEP_RECONCILE:
      /* A provider that could not list ids reconciles nothing. */
      feed->summary.reconciled = feed->feed->offer_remote_ids != NULL;
      if (!feed->summary.reconciled)
        next_step (task);
      else
        dd_store_reconcile_offers_async (feed->steps.store, feed->feed->offer_remote_ids, cancellable,
                                         reconciled_cb, task);
      break;
    case STEP_SAVE_CURSOR:
      if (feed->feed->orders_cursor == NULL)
        next_step (task);
      else
        dd_store_set_cursor_async (feed->steps.store, SERVICE, ORDERS_CURSOR, feed->feed->orders_cursor,
                                   cancellable, _dd_sync_steps_saved_cb, task);
      break;
    case STEP_SAVE_IDS_TIME:
      if (!feed->summary.reconciled)
        {
          next_step (task);
          break;
        }
      now = g_strdup_printf ("%" G_GINT64_FORMAT, feed->steps.now_us);
      dd_store_set_cursor_async (feed->steps.store, SERVICE, IDS_CURSOR, now, cancellable, _dd_sync_steps_saved_cb, task);
      break;
    case STEP_DONE:
    default:
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      break;
    }
}

void
dd_sync_feed_async (DdStore             *store,
                    DdCommerceProvider  *provider,
                    gint64               reconcile_every_us,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  Feed *feed;

  g_return_if_fail (DD_IS_STORE (store));
  g_return_if_fail (DD_IS_COMMERCE_PROVIDER (provider));
  g_return_if_fail (reconcile_every_us >= 0);

  feed = g_new0 (Feed, 1);
  _dd_sync_steps_start (&feed->steps, (GDestroyNotify) feed_free, next_step, store, provider, reconcile_every_us,
                        dd_sync_feed_async, cancellable, callback, user_data);
}

gboolean
dd_sync_feed_finish (GAsyncResult       *result,
                     DdSyncFeedSummary  *summary,
                     GError            **error)
{
  DdSyncSteps *steps = NULL;
  gboolean ok = _dd_sync_steps_finish (result, dd_sync_feed_async, &steps, error);

  if (summary != NULL)
    *summary = ((Feed *) steps)->summary;
  return ok;
}
