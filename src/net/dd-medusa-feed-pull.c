/* dd-medusa-feed-pull.c — reads the commerce feed from a Medusa v2 engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-medusa-feed-pull.h"
#include "dd-medusa-feed.h"

/* Medusa computes the lines' totals only when the order's total is asked for. */
#define ORDER_FIELDS \
  "id,status,created_at,updated_at,currency_code,payment_status,fulfillment_status,total,metadata," \
  "items.id,items.variant_id,items.variant_sku,items.quantity,items.total," \
  "fulfillments.id,fulfillments.location_id,fulfillments.canceled_at"
#define PROMOTION_FIELDS "id,code,status,updated_at,*application_method,*campaign"

typedef enum
{
  LIST_ORDERS,
  LIST_PROMOTIONS,
  LIST_STORES,
  LIST_PRODUCT_IDS,
  N_LISTS,
} FeedList;

static const struct
{
  const char *path;
  const char *member;
  const char *fields;
} lists[N_LISTS] = {
  { "/admin/orders", "orders", ORDER_FIELDS },
  { "/admin/promotions", "promotions", PROMOTION_FIELDS },
  { "/admin/stores", "stores", "id,metadata" },
  { "/admin/products", "products", "id" },
};

typedef struct
{
  char currency[4];
  guint pending;
  GError *error;      /* the first failure */
  DdCommerceFeed *feed;
} FeedPull;

typedef struct
{
  GTask *task;
  FeedList list;
} FeedRequest;

static void
feed_pull_free (FeedPull *pull)
{
  g_clear_error (&pull->error);
  g_clear_pointer (&pull->feed, dd_commerce_feed_free);
  g_free (pull);
}

static gboolean
take_list (FeedPull   *pull,
           FeedList    list,
           JsonArray  *items,
           GError    **error)
{
  DdCommerceFeed *feed = pull->feed;

  switch (list)
    {
    case LIST_ORDERS:
      return dd_medusa_orders_from_json (items, feed->orders, &feed->orders_cursor, error);
    case LIST_PROMOTIONS:
      return dd_medusa_promotions_from_json (items, feed->promotions, error);
    case LIST_STORES:
      if (json_array_get_length (items) == 0 ||
          !JSON_NODE_HOLDS_OBJECT (json_array_get_element (items, 0)))
        return TRUE;  /* no store: no policy */
      feed->refund_policy = dd_medusa_refund_policy_from_store (json_array_get_object_element (items, 0),
                                                                pull->currency, error);
      return feed->refund_policy != NULL;
    case LIST_PRODUCT_IDS:
      feed->offer_remote_ids = g_ptr_array_new_with_free_func (g_free);
      return dd_medusa_ids_from_json (items, feed->offer_remote_ids, error);
    case N_LISTS:
    default:
      g_assert_not_reached ();
    }
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  FeedRequest *request = user_data;
  g_autoptr(GTask) task = request->task;
  FeedPull *pull = g_task_get_task_data (task);
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GError) error = NULL;
  FeedList list = request->list;

  g_free (request);

  items = dd_medusa_client_list_all_finish (DD_MEDUSA_CLIENT (object), result, &error);
  /* NULL without an error: 304, no order changed. */
  if (items != NULL && pull->error == NULL)
    take_list (pull, list, items, &error);
  if (error != NULL && pull->error == NULL)
    pull->error = g_steal_pointer (&error);

  if (--pull->pending > 0)
    return;
  if (pull->error != NULL)
    g_task_return_error (task, g_steal_pointer (&pull->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&pull->feed), (GDestroyNotify) dd_commerce_feed_free);
}

void
dd_medusa_feed_pull_async (DdMedusaClient      *client,
                           const char          *currency,
                           const char          *orders_since,
                           gboolean             with_ids,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FeedPull *pull;

  g_return_if_fail (DD_IS_MEDUSA_CLIENT (client));
  g_return_if_fail (currency != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_medusa_feed_pull_async);
  pull = g_new0 (FeedPull, 1);
  g_strlcpy (pull->currency, currency, sizeof pull->currency);
  pull->feed = dd_commerce_feed_new ();
  pull->feed->orders_cursor = g_strdup (orders_since);
  g_task_set_task_data (task, pull, (GDestroyNotify) feed_pull_free);

  pull->pending = with_ids ? N_LISTS : N_LISTS - 1;
  for (FeedList list = 0; list < pull->pending; list++)
    {
      FeedRequest *request = g_new0 (FeedRequest, 1);
      g_autofree char *query = NULL;
      gboolean changes_since = list == LIST_ORDERS && orders_since != NULL;

      if (changes_since)
        {
          g_autofree char *since = g_uri_escape_string (orders_since, NULL, TRUE);

          query = g_strconcat ("updated_at%5B%24gte%5D=", since, NULL);
        }
      request->task = g_object_ref (task);
      request->list = list;
      dd_medusa_client_list_changed_async (client, lists[list].path, lists[list].member,
                                           lists[list].fields, query, changes_since,
                                           cancellable, list_cb, request);
    }
}

DdCommerceFeed *
dd_medusa_feed_pull_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_medusa_feed_pull_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
