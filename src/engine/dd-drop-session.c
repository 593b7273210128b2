/* dd-drop-session.c — one drop: its store, providers, pipeline and live models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-chat-labeller.h"
#include "dd-drop-loader.h"
#include "dd-drop-session-private.h"

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
  OVERSELL,
  SQUAD_LEDGER_ENTRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_dd_drop_session_emit_squad_ledger (DdDropSession     *self,
                                    DdSquadLedgerItem *item)
{
  g_signal_emit (self, signals[SQUAD_LEDGER_ENTRY], 0, item);
}

static void
store_replace (GListStore *store,
               GPtrArray  *items)
{
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       items->pdata, items->len);
}

static DdChatMessage *
new_alert (DdDropSession *self,
           const char    *text)
{
  DdChatMessageInit init = { 0 };

  init.source = DD_CHAT_SOURCE_ALERT;
  init.channel = "ops";
  init.author_login = "dropdeck";
  init.display_name = "Dropdeck";
  init.color_rgb = -1;
  init.text = text;
  init.timestamp_us = g_get_real_time ();
  init.flags = self->is_demo ? DD_CHAT_FLAG_SYNTHETIC : DD_CHAT_FLAG_NONE;
  return dd_chat_message_new (&init);
}

void
_dd_drop_session_emit_alert (DdDropSession *self,
                             const char    *text)
{
  g_autoptr(DdChatMessage) alert = new_alert (self, text);

  g_signal_emit (self, signals[ALERT], 0, alert);
}

void
_dd_drop_session_wall_alert (DdDropSession *self,
                             const char    *text)
{
  g_autoptr(DdChatMessage) alert = new_alert (self, text);

  dd_chat_log_append (self->chat, alert);
  g_signal_emit (self, signals[CHAT_BATCH], 0, 1u);
  g_signal_emit (self, signals[ALERT], 0, alert);
}

void
_dd_drop_session_emit_oversell (DdDropSession *self,
                                DdOffer       *offer,
                                const char    *reason)
{
  g_signal_emit (self, signals[OVERSELL], 0, offer, reason);
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

  if (self->running)
    _dd_drop_session_guard_tick (self, now);
  _dd_drop_session_save_dirty (self, FALSE);

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

  dd_chat_desk_add_messages (self->desk, messages);
  dd_chat_log_append_batch (self->chat, messages);
  g_signal_emit (self, signals[CHAT_BATCH], 0, messages->len);
}

/* dd-drop-session-squad.c: a message, cue or alert from the squad. */
void
_dd_drop_session_squad_message (DdDropSession *self,
                                DdChatMessage *message)
{
  if (dd_chat_message_get_source (message) == DD_CHAT_SOURCE_CUE)
    dd_chat_desk_set_cue (self->desk, message);
  dd_chat_log_append (self->chat, message);
  g_signal_emit (self, signals[CHAT_BATCH], 0, 1u);
}

void
_dd_drop_session_squad_alert (DdDropSession *self,
                              DdChatMessage *message)
{
  g_signal_emit (self, signals[ALERT], 0, message);
}

static void
moderation_event_cb (DdChatPipeline *pipeline,
                     DdChatModEvent *event,
                     DdDropSession  *self)
{
  dd_chat_desk_apply_event (self->desk, event);
}

/* A cue a moderator pinned here shows in the wall like one from the squad
 * (and goes to the squad when a real squad channel is attached: it then
 * comes back through the squad's stream like everyone else's). */
static void
cue_pinned_cb (DdChatDesk    *desk,
               DdChatMessage *cue,
               DdDropSession *self)
{
  if (self->running)
    _dd_drop_session_squad_cue_pinned (self, cue);
  dd_chat_log_append (self->chat, cue);
  g_signal_emit (self, signals[CHAT_BATCH], 0, 1u);
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
             DdDropData     *data)
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
                           _dd_drop_session_level_key (dd_stock_level_get_hub_id (level), dd_stock_level_get_sku (level)),
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
  g_autoptr(DdClassifier) classifier = NULL;
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
  self->pipeline = dd_chat_pipeline_new (self->chat_provider, self->store);
  if (self->classify != NULL)
    {
      /* The pipeline owns the classifier's data from now on. */
      dd_chat_pipeline_set_classifier (self->pipeline, self->classify,
                                       self->classify_data, self->classify_destroy);
      self->classify = NULL;
      self->classify_data = NULL;
      self->classify_destroy = NULL;
    }
  else if (!self->classify_set)
    {
      /* By default the audience is triaged on the laptop, and learns from
       * the squad's moderators. */
      classifier = dd_classifier_new ();
      dd_chat_pipeline_set_classifier (self->pipeline, dd_chat_labeller_classify,
                                       g_object_ref (classifier), g_object_unref);
    }
  g_signal_connect_object (self->pipeline, "messages-ready", G_CALLBACK (messages_ready_cb), self, 0);
  g_signal_connect_object (self->pipeline, "moderation-event", G_CALLBACK (moderation_event_cb), self, 0);
  dd_chat_desk_attach (self->desk, self->pipeline, classifier, self->store, DEMO_SQUAD_ID);
  if (!dd_chat_pipeline_start (self->pipeline, &error))
    {
      self->starting = FALSE;
      g_clear_object (&self->pipeline);
      g_clear_object (&self->commerce);
      dd_store_close (self->store);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_signal_connect_object (self->commerce, "order-placed", G_CALLBACK (_dd_drop_session_order_placed_cb), self, 0);
  g_signal_connect_object (self->commerce, "order-updated", G_CALLBACK (_dd_drop_session_order_updated_cb), self, 0);
  dd_demo_commerce_provider_set_chat_rate (self->commerce, self->chat_rate);
  dd_demo_commerce_provider_start (self->commerce);
  _dd_drop_session_start_squad (self);

  bind_connectivity (self, dd_chat_provider_get_connectivity (self->chat_provider));
  bind_connectivity (self, dd_commerce_provider_get_connectivity (DD_COMMERCE_PROVIDER (self->commerce)));
  bind_connectivity (self, dd_squad_channel_get_connectivity (self->squad));

  self->publish_id = g_timeout_add (PUBLISH_INTERVAL_MS, publish_cb, self);
  g_source_set_name_by_id (self->publish_id, "[dropdeck] drop session counters");

  self->starting = FALSE;
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  g_task_return_boolean (task, TRUE);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  DdDropSession *self = g_task_get_source_object (outer);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  DdDropData *data;

  data = dd_drop_load_finish (result, &error);
  if (data == NULL)
    {
      self->starting = FALSE;
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  self->store = g_object_ref (data->store);
  dd_rollback_desk_set_store (self->rollback, self->store);
  /* The demo is a rehearsal that always starts soon. */
  if (self->is_demo)
    self->offers_dirty = dd_drop_data_rebase (data, g_get_real_time ()
                                                    + DD_DROP_DEMO_SECONDS_TO_START * G_USEC_PER_SEC);
  g_free (self->title);
  self->title = g_strdup (data->title != NULL ? data->title : _("Untitled drop"));
  self->start_time = data->start_time;
  fill_models (self, data);

  self->commerce = dd_demo_commerce_provider_new (DEMO_COMMERCE_SEED, data->offers, data->hubs, data->stock);
  dd_drop_data_free (data);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_TIME]);

  cancellable = g_task_get_cancellable (outer);
  dd_commerce_provider_load_catalog_async (DD_COMMERCE_PROVIDER (self->commerce), cancellable,
                                           catalog_loaded_cb, g_steal_pointer (&outer));
}

static void
dd_drop_session_dispose (GObject *object)
{
  DdDropSession *self = DD_DROP_SESSION (object);

  dd_drop_session_stop (self);

  g_clear_object (&self->pipeline);
  g_clear_object (&self->commerce);
  g_clear_object (&self->squad);
  g_clear_pointer (&self->shared_states, g_hash_table_unref);
  g_clear_pointer (&self->squad_archive, g_ptr_array_unref);
  _dd_drop_session_free_squad_ledger (self);
  g_clear_object (&self->chat_provider);
  g_clear_object (&self->demo_chat);
  g_clear_object (&self->store);
  g_clear_object (&self->desk);
  g_clear_handle_id (&self->rollback_sample_id, g_source_remove);
  g_clear_object (&self->rollback);

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
  g_clear_object (&self->moves);
  g_clear_pointer (&self->rejected_moves, g_hash_table_unref);
  g_clear_pointer (&self->guarded, g_hash_table_unref);
  g_clear_object (&self->intent_classifier);
  g_clear_object (&self->guard_editing);
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
  signals[OVERSELL] =
    g_signal_new ("oversell",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, DD_TYPE_OFFER, G_TYPE_STRING);
  signals[CHAT_BATCH] =
    g_signal_new ("chat-batch",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SQUAD_LEDGER_ENTRY] =
    g_signal_new ("squad-ledger-entry",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
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
  self->desk = dd_chat_desk_new ();
  g_signal_connect_object (self->desk, "cue-pinned", G_CALLBACK (cue_pinned_cb), self, 0);
  self->levels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->offers_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->hubs_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->alerted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->dirty_orders = g_ptr_array_new_with_free_func (g_object_unref);
  self->moves = g_list_store_new (DD_TYPE_MOVE_SUGGESTION);
  self->rejected_moves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->guarded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->guard_threshold = DD_DROP_SESSION_DEFAULT_GUARD_THRESHOLD;
  _dd_drop_session_attach_rollback (self);
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
  self->demo_chat = dd_demo_chat_provider_new (DEMO_CHAT_SEED, self->chat_rate);
  self->chat_provider = g_object_ref (DD_CHAT_PROVIDER (self->demo_chat));
  {
    g_autoptr(DdDemoSquadChannel) squad = dd_demo_squad_channel_new (DEMO_SQUAD_SEED);

    _dd_drop_session_attach_squad (self, DD_SQUAD_CHANNEL (squad));
  }

  return self;
}

void
dd_drop_session_set_chat_provider (DdDropSession  *self,
                                   DdChatProvider *provider)
{
  g_return_if_fail (DD_IS_DROP_SESSION (self));
  g_return_if_fail (DD_IS_CHAT_PROVIDER (provider));
  g_return_if_fail (self->pipeline == NULL);

  g_set_object (&self->chat_provider, provider);
  g_clear_object (&self->demo_chat);
}

gboolean
dd_drop_session_has_simulated_chat (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), FALSE);

  return self->demo_chat != NULL;
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

  self->classify_set = TRUE;
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
  dd_drop_load_async (self->profile_dir, self->is_demo, cancellable,
                      loaded_cb, g_steal_pointer (&outer));
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

  _dd_drop_session_stop_squad (self);
  if (self->commerce != NULL)
    dd_demo_commerce_provider_stop (self->commerce);
  if (self->pipeline != NULL)
    dd_chat_pipeline_stop (self->pipeline);
  dd_chat_desk_detach (self->desk);

  _dd_drop_session_save_dirty (self, TRUE);
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

void
dd_drop_session_set_chat_window (DdDropSession *self,
                                 guint          messages)
{
  g_return_if_fail (DD_IS_DROP_SESSION (self));

  dd_chat_log_set_limit (self->chat, messages);
}

DdChatDesk *
dd_drop_session_get_chat_desk (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return self->desk;
}

GListModel *
dd_drop_session_get_squad_members (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return dd_squad_channel_get_members (self->squad);
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
  if (self->demo_chat != NULL)
    dd_demo_chat_provider_set_rate (self->demo_chat, rate);
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
