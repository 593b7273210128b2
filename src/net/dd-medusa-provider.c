/* dd-medusa-provider.c — the commerce provider for a real Medusa v2 engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-medusa-catalog.h"
#include "dd-medusa-feed-pull.h"
#include "dd-medusa-provider.h"
#include "dd-medusa-push.h"
#include "dd-net-error.h"

#define PRODUCT_FIELDS   "id,title,status,handle,metadata,updated_at,*variants,*variants.prices"
#define LOCATION_FIELDS  "id,name,metadata,*address"
#define INVENTORY_FIELDS "id,sku,*location_levels"

struct _DdMedusaProvider
{
  GObject parent_instance;

  DdMedusaClient *client;
  DdMedusaReadAhead *read_ahead;
  DdConnectivity *connectivity;
  char currency[4];
  guint n_not_modified;
  struct _LoadCatalog *progress_load;   /* the newest running pull, unowned */
};

static void dd_medusa_provider_iface_init (DdCommerceProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdMedusaProvider, dd_medusa_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DD_TYPE_COMMERCE_PROVIDER,
                                                      dd_medusa_provider_iface_init))

/* The steps of a pull, in order. An incremental one starts with the
 * variants changed since the cursor, since a price change bumps the
 * variant's updated_at but not its product's; their products are read
 * after the changed products, by id. */
typedef enum
{
  STEP_VARIANTS,
  STEP_PRODUCTS,
  STEP_MORE_PRODUCTS,
  STEP_LOCATIONS,
  STEP_INVENTORY,
  N_STEPS,
} LoadStep;

/* Products asked for by id in one request. */
#define IDS_PER_REQUEST 50

typedef struct _LoadCatalog
{
  DdMedusaProvider *owner;   /* unowned: the task holds it */
  LoadStep step;
  char *since;          /* products updated since, or NULL for all */
  char *cursor;         /* the newest updated_at seen */
  gboolean with_stock;
  guint pending;        /* lists in flight when they run side by side */
  GError *error;        /* the first failure of those */
  GHashTable *more_products;  /* ids of products with changed variants */
  GPtrArray *offers;
  GPtrArray *hubs;
  GPtrArray *stock;
  /* Progress: items of finished lists, and of each step's list in flight. */
  guint64 read_done;
  gboolean in_flight[N_STEPS];
  guint64 list_done[N_STEPS];
  guint64 list_total[N_STEPS];
} LoadCatalog;

static const struct
{
  const char *path;
  const char *member;
  const char *fields;
} steps[N_STEPS] = {
  { "/admin/product-variants", "variants", "id,product_id,updated_at" },
  { "/admin/products", "products", PRODUCT_FIELDS },
  { "/admin/products", "products", PRODUCT_FIELDS },
  { "/admin/stock-locations", "stock_locations", LOCATION_FIELDS },
  { "/admin/inventory-items", "inventory_items", INVENTORY_FIELDS },
};

static void
load_catalog_free (LoadCatalog *load)
{
  if (load->owner->progress_load == load)
    load->owner->progress_load = NULL;
  g_free (load->since);
  g_free (load->cursor);
  g_clear_pointer (&load->more_products, g_hash_table_unref);
  g_clear_error (&load->error);
  g_clear_pointer (&load->offers, g_ptr_array_unref);
  g_clear_pointer (&load->hubs, g_ptr_array_unref);
  g_clear_pointer (&load->stock, g_ptr_array_unref);
  g_free (load);
}

static void
update_connectivity (DdMedusaProvider *self,
                     const GError     *error)
{
  g_autofree char *detail = NULL;

  if (error == NULL)
    {
      detail = g_strdup_printf (_("Medusa at %s"), dd_medusa_client_get_base_url (self->client));
      dd_connectivity_update (self->connectivity, DD_CONNECTIVITY_ONLINE, detail);
    }
  else if (g_error_matches (error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED) ||
           g_error_matches (error, DD_NET_ERROR, DD_NET_ERROR_TIMEOUT))
    dd_connectivity_update (self->connectivity, DD_CONNECTIVITY_OFFLINE, error->message);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    dd_connectivity_update (self->connectivity, DD_CONNECTIVITY_DEGRADED, error->message);
}

/* The newest updated_at of the products, the next pull's cursor. */
static void list_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

/* The newest updated_at of the items (and of their variants), the next
 * pull's cursor. */
static void
note_newest (LoadCatalog *load,
             JsonArray   *items)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonNode *variants;
      const char *updated_at;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      updated_at = json_object_get_string_member_with_default (json_node_get_object (node), "updated_at", NULL);
      /* ISO 8601 in UTC with a fixed width: text order is time order. */
      if (updated_at != NULL && g_strcmp0 (updated_at, load->cursor) > 0)
        {
          g_free (load->cursor);
          load->cursor = g_strdup (updated_at);
        }
      variants = json_object_get_member (json_node_get_object (node), "variants");
      if (variants != NULL && JSON_NODE_HOLDS_ARRAY (variants))
        note_newest (load, json_node_get_array (variants));
    }
}

static gboolean
step_wanted (LoadCatalog *load,
             LoadStep     step)
{
  switch (step)
    {
    case STEP_VARIANTS:
      return load->since != NULL;
    case STEP_MORE_PRODUCTS:
      return g_hash_table_size (load->more_products) > 0;
    case STEP_LOCATIONS:
    case STEP_INVENTORY:
      return load->with_stock;
    case STEP_PRODUCTS:
    case N_STEPS:
    default:
      return TRUE;
    }
}

/* "id[]=a&id[]=b...": up to IDS_PER_REQUEST of the products still to read. */
static char *
take_more_ids (LoadCatalog *load)
{
  g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) query = g_string_new (NULL);
  GHashTableIter iter;
  const char *id;

  g_hash_table_iter_init (&iter, load->more_products);
  while (taken->len < IDS_PER_REQUEST && g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    {
      g_autofree char *escaped = g_uri_escape_string (id, NULL, TRUE);

      g_string_append_printf (query, "%sid%%5B%%5D=%s", query->len > 0 ? "&" : "", escaped);
      g_ptr_array_add (taken, g_strdup (id));
    }
  for (guint i = 0; i < taken->len; i++)
    g_hash_table_remove (load->more_products, g_ptr_array_index (taken, i));
  return g_string_free (g_steal_pointer (&query), FALSE);
}

typedef struct
{
  GTask *task;
  LoadStep step;
} StepRequest;

/* Asks for the list of `step`. */
static void
request_step (GTask    *task,
              LoadStep  step)
{
  DdMedusaProvider *self = g_task_get_source_object (task);
  LoadCatalog *load = g_task_get_task_data (task);
  g_autofree char *query = NULL;
  gboolean changes_since = load->since != NULL && (step == STEP_VARIANTS || step == STEP_PRODUCTS);
  StepRequest *request = g_new0 (StepRequest, 1);

  if (changes_since)
    {
      g_autofree char *since = g_uri_escape_string (load->since, NULL, TRUE);

      query = g_strconcat ("updated_at%5B%24gte%5D=", since, NULL);
    }
  else if (step == STEP_MORE_PRODUCTS)
    query = take_more_ids (load);

  request->task = g_object_ref (task);
  request->step = step;
  load->in_flight[step] = TRUE;
  /* Only the lists of changes revalidate: a full one must see everything. */
  dd_medusa_client_list_changed_async (self->client, steps[step].path, steps[step].member,
                                       steps[step].fields, query, changes_since,
                                       g_task_get_cancellable (task), list_cb, request);
}

/* The products of changed variants that the changed products lacked. */
static void
note_products (LoadCatalog *load,
               JsonArray   *items,
               const char  *member)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      id = json_object_get_string_member_with_default (json_node_get_object (node), member, NULL);
      if (id == NULL)
        continue;
      if (load->step == STEP_VARIANTS)
        g_hash_table_add (load->more_products, g_strdup (id));
      else
        g_hash_table_remove (load->more_products, id);
    }
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  StepRequest *request = user_data;
  g_autoptr(GTask) task = request->task;
  LoadStep step = request->step;
  DdMedusaProvider *self = g_task_get_source_object (task);
  LoadCatalog *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = NULL;
  gboolean ok = FALSE;

  g_free (request);
  load->in_flight[step] = FALSE;
  load->read_done += load->list_done[step];
  load->list_done[step] = load->list_total[step] = 0;

  items = dd_medusa_client_list_all_finish (DD_MEDUSA_CLIENT (object), result, &error);
  if (items == NULL && error == NULL)
    {
      /* 304: nothing changed since the last pull. */
      self->n_not_modified++;
      ok = TRUE;
    }
  else if (items != NULL)
    {
      switch (step)
        {
        case STEP_VARIANTS:
          note_products (load, items, "product_id");
          note_newest (load, items);
          ok = TRUE;
          break;
        case STEP_PRODUCTS:
        case STEP_MORE_PRODUCTS:
          ok = dd_medusa_offers_from_products (items, self->currency, load->offers, &error);
          note_products (load, items, "id");
          note_newest (load, items);
          break;
        case STEP_LOCATIONS:
          ok = dd_medusa_hubs_from_stock_locations (items, load->hubs, &error);
          break;
        case STEP_INVENTORY:
          ok = dd_medusa_stock_from_inventory_items (items, load->stock, &error);
          break;
        case N_STEPS:
        default:
          g_assert_not_reached ();
        }
    }

  if (load->pending > 0)
    {
      /* Side by side: the first failure is kept; the last list ends it. */
      if (!ok && load->error == NULL)
        load->error = g_steal_pointer (&error);
      if (--load->pending > 0)
        return;
      ok = load->error == NULL;
      if (!ok)
        error = g_steal_pointer (&load->error);
      load->step = N_STEPS;
    }

  if (!ok)
    {
      update_connectivity (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (load->step != STEP_MORE_PRODUCTS || !step_wanted (load, STEP_MORE_PRODUCTS))
    while (load->step < N_STEPS && !step_wanted (load, ++load->step))
      ;
  if (load->step < N_STEPS)
    {
      request_step (task, load->step);
      return;
    }

  update_connectivity (self, NULL);
  g_task_return_pointer (task,
                         dd_commerce_catalog_new (load->offers, load->hubs, load->stock),
                         (GDestroyNotify) dd_commerce_catalog_free);
}

/* A page of a list: the running pull's progress, over all its lists. */
static void
page_read_cb (DdMedusaClient   *client,
              const char       *path,
              guint64           done,
              guint64           total,
              DdMedusaProvider *self)
{
  LoadCatalog *load = self->progress_load;
  guint64 sum_done, sum_total;

  if (load == NULL)
    return;
  sum_done = sum_total = load->read_done;
  for (LoadStep step = 0; step < N_STEPS; step++)
    if (load->in_flight[step] && g_str_equal (steps[step].path, path))
      {
        load->list_done[step] = done;
        load->list_total[step] = total;
      }
  for (LoadStep step = 0; step < N_STEPS; step++)
    {
      /* Lists side by side: quiet until each has said how long it is, or
       * a short list read whole would look like most of the pull. */
      if (load->in_flight[step] && load->list_total[step] == 0)
        return;
      sum_done += load->list_done[step];
      sum_total += load->list_total[step];
    }
  dd_commerce_provider_emit_pull_progress (DD_COMMERCE_PROVIDER (self), sum_done, sum_total);
}

static void
start_load (DdMedusaProvider    *self,
            const char          *since,
            gboolean             with_stock,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  LoadCatalog *load;

  g_task_set_source_tag (task, source_tag);

  load = g_new0 (LoadCatalog, 1);
  load->owner = self;
  self->progress_load = load;
  load->step = since != NULL ? STEP_VARIANTS : STEP_PRODUCTS;
  load->more_products = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  load->since = g_strdup (since);
  load->cursor = g_strdup (since);
  load->with_stock = with_stock;
  load->offers = g_ptr_array_new_with_free_func (g_object_unref);
  load->hubs = g_ptr_array_new_with_free_func (g_object_unref);
  load->stock = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, load, (GDestroyNotify) load_catalog_free);

  if (since == NULL && with_stock)
    {
      /* A full load: the three lists side by side. */
      LoadStep full[] = { STEP_PRODUCTS, STEP_LOCATIONS, STEP_INVENTORY };

      load->pending = G_N_ELEMENTS (full);
      for (guint i = 0; i < G_N_ELEMENTS (full); i++)
        request_step (task, full[i]);
      return;
    }
  request_step (task, load->step);
}

static void
load_catalog_async (DdCommerceProvider  *provider,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  start_load (DD_MEDUSA_PROVIDER (provider), NULL, TRUE, load_catalog_async,
              cancellable, callback, user_data);
}

static void
pull_changes_async (DdCommerceProvider  *provider,
                    const char          *since,
                    gboolean             with_stock,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  start_load (DD_MEDUSA_PROVIDER (provider), since, with_stock, pull_changes_async,
              cancellable, callback, user_data);
}

static DdCommerceCatalog *
pull_changes_finish (DdCommerceProvider  *provider,
                     GAsyncResult        *result,
                     char               **next_cursor,
                     GError             **error)
{
  DdCommerceCatalog *catalog;

  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pull_changes_async, NULL);

  catalog = g_task_propagate_pointer (G_TASK (result), error);
  if (catalog != NULL)
    *next_cursor = g_strdup (((LoadCatalog *) g_task_get_task_data (G_TASK (result)))->cursor);
  return catalog;
}

static DdCommerceCatalog *
load_catalog_finish (DdCommerceProvider  *provider,
                     GAsyncResult        *result,
                     GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == load_catalog_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
push_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdMedusaProvider *self = g_task_get_source_object (task);
  GError *error = NULL;
  DdCommercePushResult *outcome;

  outcome = dd_medusa_push_finish (result, &error);
  update_connectivity (self, error);
  if (outcome == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, outcome, (GDestroyNotify) dd_commerce_push_result_free);
}

static void
push_async (DdCommerceProvider  *provider,
            const DdOutboxEntry *entry,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  DdMedusaProvider *self = DD_MEDUSA_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, push_async);
  dd_medusa_push_async (self->client, self->read_ahead, self->currency, entry, cancellable, push_cb, task);
}

static DdCommercePushResult *
push_finish (DdCommerceProvider  *provider,
             GAsyncResult        *result,
             GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == push_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
read_ahead_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (dd_medusa_read_ahead_fill_finish (DD_MEDUSA_READ_AHEAD (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The products a batch updates, in a few list requests. */
static void
prepare_push_async (DdCommerceProvider  *provider,
                    GPtrArray           *entries,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  DdMedusaProvider *self = DD_MEDUSA_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, prepare_push_async);
  dd_medusa_read_ahead_fill_async (self->read_ahead, entries, cancellable, read_ahead_cb, task);
}

static gboolean
prepare_push_finish (DdCommerceProvider  *provider,
                     GAsyncResult        *result,
                     GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == prepare_push_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
feed_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdMedusaProvider *self = g_task_get_source_object (task);
  GError *error = NULL;
  DdCommerceFeed *feed;

  feed = dd_medusa_feed_pull_finish (result, &error);
  update_connectivity (self, error);
  if (feed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, feed, (GDestroyNotify) dd_commerce_feed_free);
}

static void
pull_feed_async (DdCommerceProvider  *provider,
                 const char          *orders_since,
                 gboolean             with_ids,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  DdMedusaProvider *self = DD_MEDUSA_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, pull_feed_async);
  dd_medusa_feed_pull_async (self->client, self->currency, orders_since, with_ids,
                             cancellable, feed_cb, task);
}

static DdCommerceFeed *
pull_feed_finish (DdCommerceProvider  *provider,
                  GAsyncResult        *result,
                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pull_feed_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static DdConnectivity *
get_connectivity (DdCommerceProvider *provider)
{
  return DD_MEDUSA_PROVIDER (provider)->connectivity;
}

static void
dd_medusa_provider_iface_init (DdCommerceProviderInterface *iface)
{
  iface->load_catalog_async = load_catalog_async;
  iface->load_catalog_finish = load_catalog_finish;
  iface->get_connectivity = get_connectivity;
  iface->pull_changes_async = pull_changes_async;
  iface->pull_changes_finish = pull_changes_finish;
  iface->push_async = push_async;
  iface->push_finish = push_finish;
  iface->prepare_push_async = prepare_push_async;
  iface->prepare_push_finish = prepare_push_finish;
  iface->pull_feed_async = pull_feed_async;
  iface->pull_feed_finish = pull_feed_finish;
}

static void
dd_medusa_provider_dispose (GObject *object)
{
  DdMedusaProvider *self = DD_MEDUSA_PROVIDER (object);

  g_clear_object (&self->client);
  g_clear_object (&self->read_ahead);
  g_clear_object (&self->connectivity);

  G_OBJECT_CLASS (dd_medusa_provider_parent_class)->dispose (object);
}

static void
dd_medusa_provider_class_init (DdMedusaProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_medusa_provider_dispose;
}

static void
dd_medusa_provider_init (DdMedusaProvider *self)
{
  self->connectivity = dd_connectivity_new (DD_SERVICE_COMMERCE);
}

DdMedusaProvider *
dd_medusa_provider_new (DdMedusaClient *client,
                        const char     *currency)
{
  DdMedusaProvider *self;

  g_return_val_if_fail (DD_IS_MEDUSA_CLIENT (client), NULL);
  g_return_val_if_fail (currency != NULL && dd_currency_is_known (currency), NULL);

  self = g_object_new (DD_TYPE_MEDUSA_PROVIDER, NULL);
  self->client = g_object_ref (client);
  g_signal_connect_object (client, "page-read", G_CALLBACK (page_read_cb), self, 0);
  self->read_ahead = dd_medusa_read_ahead_new (client, DD_MEDUSA_PUSH_PRODUCT_FIELDS);
  g_strlcpy (self->currency, currency, sizeof self->currency);

  return self;
}

DdMedusaClient *
dd_medusa_provider_get_client (DdMedusaProvider *self)
{
  g_return_val_if_fail (DD_IS_MEDUSA_PROVIDER (self), NULL);

  return self->client;
}

guint
dd_medusa_provider_get_not_modified_count (DdMedusaProvider *self)
{
  g_return_val_if_fail (DD_IS_MEDUSA_PROVIDER (self), 0);

  return self->n_not_modified;
}

DdMedusaReadAhead *
dd_medusa_provider_get_read_ahead (DdMedusaProvider *self)
{
  g_return_val_if_fail (DD_IS_MEDUSA_PROVIDER (self), NULL);

  return self->read_ahead;
}
