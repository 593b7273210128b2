/* dd-drop-session.c — one drop: its store, providers, pipeline and live models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "dd-chat-log.h"
#include "dd-chat-pipeline.h"
#include "dd-demo-catalog.h"
#include "dd-demo-chat-provider.h"
#include "dd-demo-commerce-provider.h"
#include "dd-demo-squad-channel.h"
#include "dd-drop-session.h"
#include "dd-store-sync.h"

#define DEMO_DEFAULT_CHAT_RATE   50.0
#define DEMO_SECONDS_TO_START    120
#define DEMO_CHAT_SEED           20261125u
#define DEMO_COMMERCE_SEED       4242u
#define DEMO_SQUAD_SEED          5u
#define PUBLISH_INTERVAL_MS      250   /* counters notify at most 4 times a second */
#define RATE_SAMPLES             5     /* 5 x 250 ms: the rate over the last ~second */
#define LOW_STOCK_UNITS          3

struct _DdDropSession
{
  GObject                  parent_instance;

  char                    *profile_dir;
  gboolean                 is_demo;
  gboolean                 starting;
  gboolean                 running;

  DdStore                 *store;
  char                    *title;
  gint64                   start_time;

  GListStore              *offers;
  GListStore              *hubs;
  GListStore              *stock;
  GListStore              *orders;
  GListStore              *checklists;
  DdChatLog               *chat;
  GHashTable              *levels;          /* "hub\x1fsku" -> DdStockLevel */
  GHashTable              *offers_by_id;    /* id -> DdOffer */
  GHashTable              *hubs_by_id;      /* id -> DdHub */
  GHashTable              *alerted;         /* keys already warned about */

  DdConnectivity          *connectivity[DD_N_SERVICES];

  DdDemoChatProvider      *chat_provider;
  DdDemoCommerceProvider  *commerce;
  DdDemoSquadChannel      *squad;
  DdChatPipeline          *pipeline;
  DdChatClassifyFunc       classify;
  gpointer                 classify_data;
  GDestroyNotify           classify_destroy;
  double                   chat_rate;

  guint64                  messages_received;
  guint64                  messages_flagged;
  guint64                  order_count;
  guint64                  units_sold;
  DdMoney                  revenue;
  double                   measured_rate;

  /* What was last notified, to notify only on change. */
  guint64                  published_received;
  guint64                  published_flagged;
  guint64                  published_orders;
  guint64                  published_units;
  double                   published_rate;
  gint64                   rate_sample_time[RATE_SAMPLES];
  guint64                  rate_sample_count[RATE_SAMPLES];
  guint                    rate_sample_next;
  guint                    publish_id;

  /* Waiting to be saved. */
  GPtrArray               *dirty_orders;
  gboolean                 stock_dirty;
  gboolean                 offers_dirty;
};

G_DEFINE_FINAL_TYPE (DdDropSession, dd_drop_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_START_TIME,
  PROP_CHAT_RATE,
  PROP_MESSAGES_RECEIVED,
  PROP_MESSAGES_FLAGGED,
  PROP_ORDER_COUNT,
  PROP_UNITS_SOLD,
  PROP_REVENUE,
  PROP_MEASURED_CHAT_RATE,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ALERT,
  CHAT_BATCH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the start thread hands to the main context. */
typedef struct
{
  DdStore   *store;
  GPtrArray *offers;
  GPtrArray *hubs;
  GPtrArray *stock;
  GPtrArray *orders;
  GPtrArray *checklists;
  char      *title;
  gint64     start_time;
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->offers, g_ptr_array_unref);
  g_clear_pointer (&data->hubs, g_ptr_array_unref);
  g_clear_pointer (&data->stock, g_ptr_array_unref);
  g_clear_pointer (&data->orders, g_ptr_array_unref);
  g_clear_pointer (&data->checklists, g_ptr_array_unref);
  g_clear_pointer (&data->title, g_free);
  g_free (data);
}

static char *
level_key (const char *hub_id,
           const char *sku)
{
  return g_strconcat (hub_id, "\x1f", sku, NULL);
}

static void
store_replace (GListStore *store,
               GPtrArray  *items)
{
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       items->pdata, items->len);
}

/* A copy the store's worker may read while the demo keeps selling. */
static GPtrArray *
snapshot_stock (DdDropSession *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->stock));
  GPtrArray *copy = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (G_LIST_MODEL (self->stock), i);
      DdStockLevel *snapshot = dd_stock_level_new (dd_stock_level_get_hub_id (level),
                                                   dd_stock_level_get_sku (level));

      gint64 on_hand = dd_stock_level_get_on_hand (level);
      gint64 reserved = dd_stock_level_get_reserved (level);
      gint64 allocated = dd_stock_level_get_allocated (level);

      if ((on_hand > 0 && !dd_stock_level_set_on_hand (snapshot, on_hand, NULL)) ||
          (reserved > 0 && !dd_stock_level_reserve (snapshot, reserved, NULL)) ||
          (allocated > 0 && !dd_stock_level_allocate (snapshot, allocated, NULL)))
        g_assert_not_reached ();
      g_ptr_array_add (copy, snapshot);
    }

  return copy;
}

static GPtrArray *
model_to_array (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);
  GPtrArray *array = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_list_model_get_item (model, i));

  return array;
}

static void
emit_alert (DdDropSession *self,
            const char    *text)
{
  g_autoptr(DdChatMessage) alert = NULL;
  DdChatMessageInit init = { 0 };

  init.source = DD_CHAT_SOURCE_ALERT;
  init.channel = "ops";
  init.author_login = "dropdeck";
  init.display_name = "Dropdeck";
  init.color_rgb = -1;
  init.text = text;
  init.timestamp_us = g_get_real_time ();
  init.flags = self->is_demo ? DD_CHAT_FLAG_SYNTHETIC : DD_CHAT_FLAG_NONE;
  alert = dd_chat_message_new (&init);

  g_signal_emit (self, signals[ALERT], 0, alert);
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DdDropSession) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_store_save_finish (DD_STORE (source), result, &error) &&
      !g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_CLOSED))
    g_warning ("Could not save the drop: %s", error->message);
}

/* Saves what changed: in the background while running, blocking at stop. */
static void
save_dirty (DdDropSession *self,
            gboolean       blocking)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) stock = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  if (self->offers_dirty)
    offers = model_to_array (G_LIST_MODEL (self->offers));
  if (self->stock_dirty)
    stock = snapshot_stock (self);
  if (self->dirty_orders->len > 0)
    {
      orders = g_steal_pointer (&self->dirty_orders);
      self->dirty_orders = g_ptr_array_new_with_free_func (g_object_unref);
    }
  self->offers_dirty = FALSE;
  self->stock_dirty = FALSE;

  if (blocking)
    {
      if ((offers != NULL && !dd_store_save_sync (self->store, dd_store_save_offers_async, offers, &error)) ||
          (stock != NULL && !dd_store_save_sync (self->store, dd_store_save_stock_async, stock, &error)) ||
          (orders != NULL && !dd_store_save_sync (self->store, dd_store_save_orders_async, orders, &error)))
        g_warning ("Could not save the drop: %s", error->message);
      return;
    }

  if (offers != NULL)
    dd_store_save_offers_async (self->store, offers, NULL, save_cb, g_object_ref (self));
  if (stock != NULL)
    dd_store_save_stock_async (self->store, stock, NULL, save_cb, g_object_ref (self));
  if (orders != NULL)
    dd_store_save_orders_async (self->store, orders, NULL, save_cb, g_object_ref (self));
}

static void
notify_if_changed (DdDropSession *self,
                   guint64        value,
                   guint64       *published,
                   int            prop)
{
  if (value == *published)
    return;

  *published = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static gboolean
publish_cb (gpointer user_data)
{
  DdDropSession *self = user_data;
  gint64 now = g_get_monotonic_time ();
  guint oldest = self->rate_sample_next;
  gboolean orders_changed = self->order_count != self->published_orders;

  /* The measured rate: messages over the last RATE_SAMPLES samples. */
  self->rate_sample_time[self->rate_sample_next] = now;
  self->rate_sample_count[self->rate_sample_next] = self->messages_received;
  self->rate_sample_next = (self->rate_sample_next + 1) % RATE_SAMPLES;
  oldest = self->rate_sample_next;
  if (self->rate_sample_time[oldest] > 0 && now > self->rate_sample_time[oldest])
    self->measured_rate = (double) (self->messages_received - self->rate_sample_count[oldest])
                          * G_USEC_PER_SEC / (double) (now - self->rate_sample_time[oldest]);

  g_object_freeze_notify (G_OBJECT (self));
  notify_if_changed (self, self->messages_received, &self->published_received, PROP_MESSAGES_RECEIVED);
  notify_if_changed (self, self->messages_flagged, &self->published_flagged, PROP_MESSAGES_FLAGGED);
  notify_if_changed (self, self->order_count, &self->published_orders, PROP_ORDER_COUNT);
  notify_if_changed (self, self->units_sold, &self->published_units, PROP_UNITS_SOLD);
  if (orders_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVENUE]);
  if (self->measured_rate != self->published_rate)
    {
      self->published_rate = self->measured_rate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEASURED_CHAT_RATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  save_dirty (self, FALSE);

  return G_SOURCE_CONTINUE;
}

static void
messages_ready_cb (DdChatPipeline *pipeline,
                   GPtrArray      *messages,
                   DdDropSession  *self)
{
  for (guint i = 0; i < messages->len; i++)
    if (dd_chat_message_get_moderation (g_ptr_array_index (messages, i)) != DD_MODERATION_OK)
      self->messages_flagged++;
  self->messages_received += messages->len;

  dd_chat_log_append_batch (self->chat, messages);
  g_signal_emit (self, signals[CHAT_BATCH], 0, messages->len);
}

static void
squad_message_cb (DdSquadChannel *channel,
                  DdChatMessage  *message,
                  DdDropSession  *self)
{
  dd_chat_log_append (self->chat, message);
  g_signal_emit (self, signals[CHAT_BATCH], 0, 1u);
}

static void
squad_alert_cb (DdSquadChannel *channel,
                DdChatMessage  *message,
                DdDropSession  *self)
{
  g_signal_emit (self, signals[ALERT], 0, message);
}

static guint
offer_units_left (DdDropSession *self,
                  const char    *sku)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->stock));
  guint left = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (G_LIST_MODEL (self->stock), i);

      if (g_strcmp0 (dd_stock_level_get_sku (level), sku) == 0)
        left += (guint) dd_stock_level_get_allocated (level);
    }

  return left;
}

static void
check_low_stock (DdDropSession *self,
                 DdOffer       *offer,
                 const char    *hub_id)
{
  g_autofree char *key = level_key (hub_id, dd_offer_get_sku (offer));
  DdStockLevel *level = g_hash_table_lookup (self->levels, key);
  DdHub *hub = g_hash_table_lookup (self->hubs_by_id, hub_id);
  gint64 left;

  if (level == NULL)
    return;

  left = dd_stock_level_get_allocated (level);
  if (left <= LOW_STOCK_UNITS && !g_hash_table_contains (self->alerted, key))
    {
      g_autofree char *text = NULL;

      g_hash_table_add (self->alerted, g_steal_pointer (&key));
      /* Translators: "Kreuzberg hub: 3 units left of Heavyweight Box Tee, White, M" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s hub: %u unit left of %s",
                                           "%s hub: %u units left of %s", (gulong) left),
                              hub != NULL ? dd_hub_get_name (hub) : hub_id,
                              (guint) left, dd_offer_get_title (offer));
      emit_alert (self, text);
    }

  if (dd_offer_get_state (offer) == DD_OFFER_STATE_LIVE &&
      offer_units_left (self, dd_offer_get_sku (offer)) == 0)
    {
      g_autofree char *text = NULL;

      dd_offer_set_state (offer, DD_OFFER_STATE_SOLD_OUT);
      self->offers_dirty = TRUE;
      text = g_strdup_printf (_("%s is sold out at every hub"), dd_offer_get_title (offer));
      emit_alert (self, text);
    }
}

static void
order_placed_cb (DdCommerceProvider *provider,
                 DdOrder            *order,
                 DdDropSession      *self)
{
  DdOffer *offer = g_hash_table_lookup (self->offers_by_id, dd_order_get_offer_id (order));
  g_autoptr(GError) error = NULL;
  DdMoney revenue;

  self->order_count++;
  self->units_sold += dd_order_get_quantity (order);
  if (dd_money_add (&self->revenue, dd_order_get_total (order), &revenue, &error))
    self->revenue = revenue;
  else
    g_warning ("Order %s not counted in revenue: %s", dd_order_get_id (order), error->message);

  g_list_store_insert (self->orders, 0, order);
  g_ptr_array_add (self->dirty_orders, g_object_ref (order));
  self->stock_dirty = TRUE;

  if (offer != NULL)
    {
      dd_offer_set_units_sold (offer, dd_offer_get_units_sold (offer) + dd_order_get_quantity (order));
      self->offers_dirty = TRUE;
      check_low_stock (self, offer, dd_order_get_hub_id (order));
    }
}

static void
order_updated_cb (DdCommerceProvider *provider,
                  DdOrder            *order,
                  DdDropSession      *self)
{
  g_ptr_array_add (self->dirty_orders, g_object_ref (order));
  self->stock_dirty = TRUE;
}

static void
set_connectivity_offline (DdDropSession *self,
                          const char    *detail)
{
  for (guint i = 0; i < DD_N_SERVICES; i++)
    dd_connectivity_update (self->connectivity[i], DD_CONNECTIVITY_OFFLINE, detail);
}

static void
bind_connectivity (DdDropSession  *self,
                   DdConnectivity *source)
{
  DdConnectivity *target = self->connectivity[dd_connectivity_get_service (source)];

  g_object_bind_property (source, "state", target, "state", G_BINDING_SYNC_CREATE);
  g_object_bind_property (source, "detail", target, "detail", G_BINDING_SYNC_CREATE);
}

/* The start thread: opens the store, seeds the demo on first start and
 * loads the drop, all without touching the main context. */
static void
start_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DdDropSession *self = source_object;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (self->profile_dir, "dropdeck.db", NULL);
  g_autofree char *seeded = NULL;
  g_autofree char *start_text = NULL;
  StartData *data = g_new0 (StartData, 1);

  if (g_mkdir_with_parents (self->profile_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, DD_STORE_ERROR, DD_STORE_ERROR_UNWRITABLE,
                               _("Cannot create the profile folder %s: %s"),
                               self->profile_dir, g_strerror (saved_errno));
      start_data_free (data);
      return;
    }

  data->store = dd_store_open_sync (path, cancellable, &error);
  if (data->store == NULL)
    goto fail;

  seeded = dd_store_get_meta_sync (data->store, "seeded", &error);
  if (error != NULL)
    goto fail;

  if (seeded == NULL)
    {
      g_autoptr(DdDemoCatalog) catalog =
        dd_demo_catalog_new (g_get_real_time () + DEMO_SECONDS_TO_START * G_USEC_PER_SEC);
      g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                dd_demo_catalog_get_start_time (catalog));

      if (!dd_store_save_sync (data->store, dd_store_save_hubs_async, dd_demo_catalog_get_hubs (catalog), &error) ||
          !dd_store_save_sync (data->store, dd_store_save_offers_async, dd_demo_catalog_get_offers (catalog), &error) ||
          !dd_store_save_sync (data->store, dd_store_save_stock_async, dd_demo_catalog_get_stock (catalog), &error) ||
          !dd_store_save_sync (data->store, dd_store_save_checklists_async, dd_demo_catalog_get_checklists (catalog), &error) ||
          !dd_store_set_meta_sync (data->store, "title", dd_demo_catalog_get_title (catalog), &error) ||
          !dd_store_set_meta_sync (data->store, "drop-start", start, &error) ||
          !dd_store_set_meta_sync (data->store, "seeded", "1", &error))
        goto fail;
    }

  if ((data->offers = dd_store_load_sync (data->store, dd_store_load_offers_async, &error)) == NULL ||
      (data->hubs = dd_store_load_sync (data->store, dd_store_load_hubs_async, &error)) == NULL ||
      (data->stock = dd_store_load_sync (data->store, dd_store_load_stock_async, &error)) == NULL ||
      (data->orders = dd_store_load_sync (data->store, dd_store_load_orders_async, &error)) == NULL ||
      (data->checklists = dd_store_load_sync (data->store, dd_store_load_checklists_async, &error)) == NULL)
    goto fail;

  data->title = dd_store_get_meta_sync (data->store, "title", &error);
  if (error != NULL)
    goto fail;
  start_text = dd_store_get_meta_sync (data->store, "drop-start", &error);
  if (error != NULL)
    goto fail;
  data->start_time = start_text != NULL ? g_ascii_strtoll (start_text, NULL, 10) : 0;

  g_task_return_pointer (task, data, (GDestroyNotify) start_data_free);
  return;

fail:
  if (data->store != NULL)
    dd_store_close (data->store);
  start_data_free (data);
  g_task_return_error (task, g_steal_pointer (&error));
}

/* The demo is a rehearsal that always starts soon: move the stored drop,
 * and the offer windows with it, to DEMO_SECONDS_TO_START from now. */
static void
rebase_demo_start (DdDropSession *self,
                   StartData     *data)
{
  gint64 start = g_get_real_time () + DEMO_SECONDS_TO_START * G_USEC_PER_SEC;
  gint64 delta = data->start_time > 0 ? start - data->start_time : 0;

  for (guint i = 0; delta != 0 && i < data->offers->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (data->offers, i);

      if (dd_offer_get_window_end (offer) > 0)
        dd_offer_set_window (offer,
                             dd_offer_get_window_start (offer) + delta,
                             dd_offer_get_window_end (offer) + delta);
    }

  data->start_time = start;
  self->offers_dirty = delta != 0;
}

static int
compare_orders_newest_first (gconstpointer a,
                             gconstpointer b)
{
  gint64 ta = dd_order_get_created_at (*(DdOrder * const *) a);
  gint64 tb = dd_order_get_created_at (*(DdOrder * const *) b);

  return ta < tb ? 1 : ta > tb ? -1 : 0;
}

static void
fill_models (DdDropSession *self,
             StartData     *data)
{
  store_replace (self->offers, data->offers);
  store_replace (self->hubs, data->hubs);
  store_replace (self->stock, data->stock);
  store_replace (self->checklists, data->checklists);

  /* Orders newest first. */
  {
    g_autoptr(GPtrArray) orders = g_ptr_array_new_full (data->orders->len, g_object_unref);

    for (guint i = 0; i < data->orders->len; i++)
      g_ptr_array_add (orders, g_object_ref (g_ptr_array_index (data->orders, i)));
    g_ptr_array_sort (orders, compare_orders_newest_first);
    store_replace (self->orders, orders);
  }

  for (guint i = 0; i < data->offers->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (data->offers, i);
      g_hash_table_insert (self->offers_by_id, g_strdup (dd_offer_get_id (offer)), offer);
    }
  for (guint i = 0; i < data->hubs->len; i++)
    {
      DdHub *hub = g_ptr_array_index (data->hubs, i);
      g_hash_table_insert (self->hubs_by_id, g_strdup (dd_hub_get_id (hub)), hub);
    }
  for (guint i = 0; i < data->stock->len; i++)
    {
      DdStockLevel *level = g_ptr_array_index (data->stock, i);
      g_hash_table_insert (self->levels,
                           level_key (dd_stock_level_get_hub_id (level), dd_stock_level_get_sku (level)),
                           level);
    }
}

static void
catalog_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdDropSession *self = g_task_get_source_object (task);
  g_autoptr(DdCommerceCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = dd_commerce_provider_load_catalog_finish (DD_COMMERCE_PROVIDER (source), result, &error);
  if (catalog == NULL || !self->starting)
    {
      self->starting = FALSE;
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The drop was stopped while it started"));
      g_clear_object (&self->commerce);
      if (self->store != NULL)
        dd_store_close (self->store);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The squad channel and the pipeline start once the catalog is in. */
  self->pipeline = dd_chat_pipeline_new (DD_CHAT_PROVIDER (self->chat_provider), self->store);
  if (self->classify != NULL)
    {
      /* The pipeline owns the classifier's data from now on. */
      dd_chat_pipeline_set_classifier (self->pipeline, self->classify,
                                       self->classify_data, self->classify_destroy);
      self->classify = NULL;
      self->classify_data = NULL;
      self->classify_destroy = NULL;
    }
  g_signal_connect_object (self->pipeline, "messages-ready", G_CALLBACK (messages_ready_cb), self, 0);
  if (!dd_chat_pipeline_start (self->pipeline, &error))
    {
      self->starting = FALSE;
      g_clear_object (&self->pipeline);
      g_clear_object (&self->commerce);
      dd_store_close (self->store);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_signal_connect_object (self->commerce, "order-placed", G_CALLBACK (order_placed_cb), self, 0);
  g_signal_connect_object (self->commerce, "order-updated", G_CALLBACK (order_updated_cb), self, 0);
  dd_demo_commerce_provider_set_chat_rate (self->commerce, self->chat_rate);
  dd_demo_commerce_provider_start (self->commerce);
  dd_squad_channel_start (DD_SQUAD_CHANNEL (self->squad));

  bind_connectivity (self, dd_chat_provider_get_connectivity (DD_CHAT_PROVIDER (self->chat_provider)));
  bind_connectivity (self, dd_commerce_provider_get_connectivity (DD_COMMERCE_PROVIDER (self->commerce)));
  bind_connectivity (self, dd_squad_channel_get_connectivity (DD_SQUAD_CHANNEL (self->squad)));

  self->publish_id = g_timeout_add (PUBLISH_INTERVAL_MS, publish_cb, self);
  g_source_set_name_by_id (self->publish_id, "[dropdeck] drop session counters");

  self->starting = FALSE;
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  g_task_return_boolean (task, TRUE);
}

static void
start_thread_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DdDropSession *self = DD_DROP_SESSION (source);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  StartData *data;

  data = g_task_propagate_pointer (G_TASK (result), &error);
  if (data == NULL)
    {
      self->starting = FALSE;
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  self->store = g_object_ref (data->store);
  if (self->is_demo)
    rebase_demo_start (self, data);
  g_free (self->title);
  self->title = g_strdup (data->title != NULL ? data->title : _("Untitled drop"));
  self->start_time = data->start_time;
  fill_models (self, data);

  self->commerce = dd_demo_commerce_provider_new (DEMO_COMMERCE_SEED, data->offers, data->hubs, data->stock);
  start_data_free (data);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_TIME]);

  cancellable = g_task_get_cancellable (outer);
  dd_commerce_provider_load_catalog_async (DD_COMMERCE_PROVIDER (self->commerce), cancellable,
                                           catalog_loaded_cb, g_steal_pointer (&outer));
}

static void
sign_off_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_store_save_finish (DD_STORE (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
dd_drop_session_dispose (GObject *object)
{
  DdDropSession *self = DD_DROP_SESSION (object);

  dd_drop_session_stop (self);

  g_clear_object (&self->pipeline);
  g_clear_object (&self->commerce);
  g_clear_object (&self->squad);
  g_clear_object (&self->chat_provider);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dd_drop_session_parent_class)->dispose (object);
}

static void
dd_drop_session_finalize (GObject *object)
{
  DdDropSession *self = DD_DROP_SESSION (object);

  if (self->classify_destroy != NULL)
    self->classify_destroy (self->classify_data);
  g_clear_pointer (&self->profile_dir, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_object (&self->offers);
  g_clear_object (&self->hubs);
  g_clear_object (&self->stock);
  g_clear_object (&self->orders);
  g_clear_object (&self->checklists);
  g_clear_object (&self->chat);
  g_clear_pointer (&self->levels, g_hash_table_unref);
  g_clear_pointer (&self->offers_by_id, g_hash_table_unref);
  g_clear_pointer (&self->hubs_by_id, g_hash_table_unref);
  g_clear_pointer (&self->alerted, g_hash_table_unref);
  g_clear_pointer (&self->dirty_orders, g_ptr_array_unref);
  for (guint i = 0; i < DD_N_SERVICES; i++)
    g_clear_object (&self->connectivity[i]);

  G_OBJECT_CLASS (dd_drop_session_parent_class)->finalize (object);
}

static void
dd_drop_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DdDropSession *self = DD_DROP_SESSION (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_START_TIME:
      g_value_set_int64 (value, self->start_time);
      break;
    case PROP_CHAT_RATE:
      g_value_set_double (value, self->chat_rate);
      break;
    case PROP_MESSAGES_RECEIVED:
      g_value_set_uint64 (value, self->messages_received);
      break;
    case PROP_MESSAGES_FLAGGED:
      g_value_set_uint64 (value, self->messages_flagged);
      break;
    case PROP_ORDER_COUNT:
      g_value_set_uint64 (value, self->order_count);
      break;
    case PROP_UNITS_SOLD:
      g_value_set_uint64 (value, self->units_sold);
      break;
    case PROP_REVENUE:
      g_value_set_boxed (value, &self->revenue);
      break;
    case PROP_MEASURED_CHAT_RATE:
      g_value_set_double (value, self->measured_rate);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_drop_session_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DdDropSession *self = DD_DROP_SESSION (object);

  switch (prop_id)
    {
    case PROP_CHAT_RATE:
      dd_drop_session_set_chat_rate (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_drop_session_class_init (DdDropSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = dd_drop_session_dispose;
  object_class->finalize = dd_drop_session_finalize;
  object_class->get_property = dd_drop_session_get_property;
  object_class->set_property = dd_drop_session_set_property;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_START_TIME] = g_param_spec_int64 ("start-time", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_CHAT_RATE] =
    g_param_spec_double ("chat-rate", NULL, NULL,
                         DD_DEMO_CHAT_RATE_MIN, DD_DEMO_CHAT_RATE_MAX, DEMO_DEFAULT_CHAT_RATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGES_RECEIVED] = g_param_spec_uint64 ("messages-received", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_MESSAGES_FLAGGED] = g_param_spec_uint64 ("messages-flagged", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_ORDER_COUNT] = g_param_spec_uint64 ("order-count", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_UNITS_SOLD] = g_param_spec_uint64 ("units-sold", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_REVENUE] = g_param_spec_boxed ("revenue", NULL, NULL, DD_TYPE_MONEY, ro);
  properties[PROP_MEASURED_CHAT_RATE] =
    g_param_spec_double ("measured-chat-rate", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ALERT] =
    g_signal_new ("alert",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_CHAT_MESSAGE);
  signals[CHAT_BATCH] =
    g_signal_new ("chat-batch",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
dd_drop_session_init (DdDropSession *self)
{
  self->offers = g_list_store_new (DD_TYPE_OFFER);
  self->hubs = g_list_store_new (DD_TYPE_HUB);
  self->stock = g_list_store_new (DD_TYPE_STOCK_LEVEL);
  self->orders = g_list_store_new (DD_TYPE_ORDER);
  self->checklists = g_list_store_new (DD_TYPE_CHECKLIST);
  self->chat = dd_chat_log_new (DD_CHAT_LOG_DEFAULT_LIMIT);
  self->levels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->offers_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->hubs_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->alerted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->dirty_orders = g_ptr_array_new_with_free_func (g_object_unref);
  self->revenue = dd_money_init (0, "EUR");
  self->chat_rate = DEMO_DEFAULT_CHAT_RATE;
  self->title = g_strdup ("");

  for (guint i = 0; i < DD_N_SERVICES; i++)
    {
      self->connectivity[i] = dd_connectivity_new ((DdServiceKind) i);
      dd_connectivity_update (self->connectivity[i], DD_CONNECTIVITY_OFFLINE, _("Not started"));
    }
}

DdDropSession *
dd_drop_session_new_demo (const char *profile_dir)
{
  DdDropSession *self;

  g_return_val_if_fail (profile_dir != NULL, NULL);

  self = g_object_new (DD_TYPE_DROP_SESSION, NULL);
  self->profile_dir = g_strdup (profile_dir);
  self->is_demo = TRUE;
  self->chat_provider = dd_demo_chat_provider_new (DEMO_CHAT_SEED, self->chat_rate);
  self->squad = dd_demo_squad_channel_new (DEMO_SQUAD_SEED);
  g_signal_connect_object (self->squad, "squad-message", G_CALLBACK (squad_message_cb), self, 0);
  g_signal_connect_object (self->squad, "cue", G_CALLBACK (squad_message_cb), self, 0);
  g_signal_connect_object (self->squad, "alert", G_CALLBACK (squad_alert_cb), self, 0);

  return self;
}

void
dd_drop_session_set_classifier (DdDropSession      *self,
                                DdChatClassifyFunc  func,
                                gpointer            user_data,
                                GDestroyNotify      destroy)
{
  g_return_if_fail (DD_IS_DROP_SESSION (self));
  g_return_if_fail (self->pipeline == NULL);

  if (self->classify_destroy != NULL)
    self->classify_destroy (self->classify_data);

  self->classify = func;
  self->classify_data = func != NULL ? user_data : NULL;
  self->classify_destroy = func != NULL ? destroy : NULL;
}

void
dd_drop_session_start_async (DdDropSession       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;

  g_return_if_fail (DD_IS_DROP_SESSION (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, dd_drop_session_start_async);

  if (self->starting || self->running || self->store != NULL)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("This drop was already started"));
      return;
    }

  self->starting = TRUE;
  inner = g_task_new (self, cancellable, start_thread_done_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, start_thread);
  g_task_run_in_thread (inner, start_thread);
}

gboolean
dd_drop_session_start_finish (DdDropSession  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_drop_session_start_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dd_drop_session_stop (DdDropSession *self)
{
  g_return_if_fail (DD_IS_DROP_SESSION (self));

  /* A start in progress notices and gives up. */
  self->starting = FALSE;

  if (!self->running)
    return;

  self->running = FALSE;
  g_clear_handle_id (&self->publish_id, g_source_remove);

  dd_squad_channel_stop (DD_SQUAD_CHANNEL (self->squad));
  if (self->commerce != NULL)
    dd_demo_commerce_provider_stop (self->commerce);
  if (self->pipeline != NULL)
    dd_chat_pipeline_stop (self->pipeline);

  save_dirty (self, TRUE);
  publish_cb (self);
  self->rate_sample_next = 0;

  set_connectivity_offline (self, _("Demo drop stopped"));
  dd_store_close (self->store);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
dd_drop_session_is_demo (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), FALSE);

  return self->is_demo;
}

DdStore *
dd_drop_session_get_store (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return self->store;
}

const char *
dd_drop_session_get_title (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return self->title;
}

gint64
dd_drop_session_get_start_time (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), 0);

  return self->start_time;
}

GListModel *
dd_drop_session_get_offers (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return G_LIST_MODEL (self->offers);
}

GListModel *
dd_drop_session_get_hubs (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return G_LIST_MODEL (self->hubs);
}

GListModel *
dd_drop_session_get_stock (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return G_LIST_MODEL (self->stock);
}

GListModel *
dd_drop_session_get_orders (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return G_LIST_MODEL (self->orders);
}

GListModel *
dd_drop_session_get_checklists (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return G_LIST_MODEL (self->checklists);
}

GListModel *
dd_drop_session_get_chat (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return G_LIST_MODEL (self->chat);
}

GListModel *
dd_drop_session_get_squad_members (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return dd_squad_channel_get_members (DD_SQUAD_CHANNEL (self->squad));
}

DdConnectivity *
dd_drop_session_get_connectivity (DdDropSession *self,
                                  DdServiceKind  service)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);
  g_return_val_if_fail (service < DD_N_SERVICES, NULL);

  return self->connectivity[service];
}

double
dd_drop_session_get_chat_rate (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), 0.0);

  return self->chat_rate;
}

void
dd_drop_session_set_chat_rate (DdDropSession *self,
                               double         messages_per_second)
{
  double rate;

  g_return_if_fail (DD_IS_DROP_SESSION (self));

  rate = CLAMP (messages_per_second, DD_DEMO_CHAT_RATE_MIN, DD_DEMO_CHAT_RATE_MAX);
  if (rate == self->chat_rate)
    return;

  self->chat_rate = rate;
  if (self->chat_provider != NULL)
    dd_demo_chat_provider_set_rate (self->chat_provider, rate);
  if (self->commerce != NULL)
    dd_demo_commerce_provider_set_chat_rate (self->commerce, rate);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT_RATE]);
}

guint64
dd_drop_session_get_messages_received (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), 0);

  return self->messages_received;
}

guint64
dd_drop_session_get_messages_flagged (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), 0);

  return self->messages_flagged;
}

guint64
dd_drop_session_get_messages_archived (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), 0);

  return self->pipeline != NULL ? dd_chat_pipeline_get_n_archived (self->pipeline) : 0;
}

guint64
dd_drop_session_get_order_count (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), 0);

  return self->order_count;
}

guint64
dd_drop_session_get_units_sold (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), 0);

  return self->units_sold;
}

DdMoney
dd_drop_session_get_revenue (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), dd_money_init (0, "EUR"));

  return self->revenue;
}

double
dd_drop_session_get_measured_chat_rate (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), 0.0);

  return self->measured_rate;
}

void
dd_drop_session_sign_off_async (DdDropSession       *self,
                                const char          *checklist_id,
                                const char          *item_id,
                                DdRole               role,
                                const char          *member,
                                const char          *note,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) to_save = NULL;
  g_autoptr(GError) error = NULL;
  DdChecklist *checklist = NULL;
  guint n;

  g_return_if_fail (DD_IS_DROP_SESSION (self));
  g_return_if_fail (checklist_id != NULL && item_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_drop_session_sign_off_async);

  if (self->store == NULL || !self->running)
    {
      g_task_return_new_error (task, DD_STORE_ERROR, DD_STORE_ERROR_CLOSED,
                               _("The drop is not running, so the sign-off cannot be stored"));
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->checklists));
  for (guint i = 0; i < n && checklist == NULL; i++)
    {
      g_autoptr(DdChecklist) candidate = g_list_model_get_item (G_LIST_MODEL (self->checklists), i);

      if (g_strcmp0 (dd_checklist_get_id (candidate), checklist_id) == 0)
        checklist = candidate;
    }

  if (checklist == NULL)
    {
      g_task_return_new_error (task, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                               _("There is no checklist “%s” in this drop"), checklist_id);
      return;
    }

  if (!dd_checklist_sign_off (checklist, item_id, role, member, g_get_real_time (), note, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  to_save = g_ptr_array_new ();
  g_ptr_array_add (to_save, checklist);
  dd_store_save_checklists_async (self->store, to_save, cancellable,
                                  sign_off_saved_cb, g_steal_pointer (&task));
}

gboolean
dd_drop_session_sign_off_finish (DdDropSession  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_drop_session_sign_off_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
