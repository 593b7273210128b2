/* dd-nats-squad-channel.c — the squad channel over NATS JetStream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dd-nats-kv.h"
#include "dd-nats-squad-channel.h"
#include "dd-nats-squad-presence.h"
#include "dd-nats-squad-setup.h"
#include "dd-squad-event.h"
#include "dd-squad-ledger.h"
#include "dd-squad-subjects.h"
#include "dd-store-cursors.h"

#define CURSOR_SERVICE "nats"
#define CURSOR_SAVE_DELAY_MS 250
#define SETUP_RETRY_MS 3000
/* Asked for when creating; a single server makes do with one copy. */
#define DEFAULT_REPLICAS 3

static const DdChatSource sources[] = { DD_CHAT_SOURCE_SQUAD, DD_CHAT_SOURCE_CUE, DD_CHAT_SOURCE_ALERT };
#define N_SOURCES G_N_ELEMENTS (sources)

/* The shared-state buckets, in dd_squad_bucket order after presence. */
#define N_STATE_BUCKETS (DD_SQUAD_N_BUCKETS - 1)

typedef struct
{
  char *value;
  guint64 revision;
} StateValue;

struct _DdNatsSquadChannel
{
  GObject                parent_instance;
  DdNatsClient          *client;
  char                  *squad;
  char                  *login;
  char                  *display_name;
  DdRole                 role;
  char                  *stream;
  char                  *ledger_subject;
  char                  *subjects[N_SOURCES];  /* msg, cue, alert */
  char                  *buckets[DD_SQUAD_N_BUCKETS];

  DdConnectivity        *connectivity;
  DdNatsSquadPresence   *presence;
  DdNatsOrderedConsumer *events;
  DdNatsKvWatcher       *state_watchers[N_STATE_BUCKETS];
  GHashTable            *state;        /* key -> StateValue */
  GPtrArray             *pending;      /* GTask of writes the server may refuse */

  DdStore               *store;
  guint64                cursor;
  gboolean               cursor_set;   /* by the caller: the store's is not read */
  guint                  replicas;
  guint64                saved_cursor;
  guint                  save_id;

  gboolean               running;
  gboolean               started;      /* consumers and heartbeats run */
  gboolean               setting_up;
  gboolean               setup_failed;
  guint                  setup_retry_id;
  GCancellable          *cancellable;
};

static void dd_nats_squad_channel_iface_init (DdSquadChannelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdNatsSquadChannel, dd_nats_squad_channel, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DD_TYPE_SQUAD_CHANNEL,
                                                      dd_nats_squad_channel_iface_init))

enum {
  CAUGHT_UP,
  STATE_CHANGED,
  LEDGER_ENTRY,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void setup (DdNatsSquadChannel *self);

static void
state_value_free (StateValue *value)
{
  g_free (value->value);
  g_free (value);
}

/* Cursor */

static void
save_cursor (DdNatsSquadChannel *self)
{
  char text[24];

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->store == NULL || self->cursor == self->saved_cursor)
    return;
  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, self->cursor);
  dd_store_set_cursor_async (self->store, CURSOR_SERVICE, self->stream, text, NULL, NULL, NULL);
  self->saved_cursor = self->cursor;
}

static gboolean
save_cursor_cb (gpointer user_data)
{
  DdNatsSquadChannel *self = user_data;

  self->save_id = 0;
  save_cursor (self);
  return G_SOURCE_REMOVE;
}

/* Events from the stream */

static DdChatMessage *
message_from_event (DdNatsSquadChannel    *self,
                    DdChatSource           source,
                    const DdNatsMsg       *msg,
                    const DdNatsJsMsgInfo *info)
{
  g_auto(DdSquadEvent) event = { 0 };
  char fallback_id[64];
  DdChatMessageInit init = { 0 };

  g_snprintf (fallback_id, sizeof fallback_id, "%s-%" G_GUINT64_FORMAT, self->stream, info->stream_seq);
  init.source = source;
  init.channel = "squad";
  init.color_rgb = -1;
  init.timestamp_us = info->timestamp_ns / 1000;
  init.moderation = DD_MODERATION_OK;
  init.intent = DD_INTENT_NONE;
  init.id = fallback_id;
  init.author_login = "?";
  if (dd_squad_event_decode (msg->data, msg->len, &event))
    {
      if (event.id != NULL && *event.id != '\0' && g_utf8_validate (event.id, -1, NULL))
        init.id = event.id;
      if (event.login != NULL && g_utf8_validate (event.login, -1, NULL))
        init.author_login = event.login;
      if (event.name != NULL && g_utf8_validate (event.name, -1, NULL))
        init.display_name = event.name;
      init.text = event.text != NULL ? event.text : "";
    }
  else
    {
      /* Not ours: shown as it came (repaired to UTF-8), not dropped. */
      init.text = msg->data;
      init.text_len = msg->len;
    }
  return dd_chat_message_new (&init);
}

static void
event_cb (DdNatsOrderedConsumer *consumer,
          const DdNatsMsg       *msg,
          const DdNatsJsMsgInfo *info,
          gpointer               user_data)
{
  DdNatsSquadChannel *self = user_data;
  g_autoptr(DdChatMessage) message = NULL;

  if (info->stream_seq <= self->cursor)
    return;
  self->cursor = info->stream_seq;
  for (guint i = 0; i < N_SOURCES; i++)
    if (g_str_equal (msg->subject, self->subjects[i]))
      {
        message = message_from_event (self, sources[i], msg, info);
        dd_squad_channel_emit_message (DD_SQUAD_CHANNEL (self), message);
        break;
      }
  if (message == NULL && g_str_equal (msg->subject, self->ledger_subject))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *member = NULL;
      g_autoptr(DdLedgerEntry) entry = dd_squad_ledger_decode (msg->data, msg->len, &member, &error);

      if (entry != NULL)
        g_signal_emit (self, signals[LEDGER_ENTRY], 0, entry, member);
      else
        g_signal_emit (self, signals[FAILED], 0, error);
    }
  if (self->store != NULL && self->save_id == 0)
    self->save_id = g_timeout_add (CURSOR_SAVE_DELAY_MS, save_cursor_cb, self);
}

static void
events_caught_up_cb (DdNatsOrderedConsumer *consumer,
                     gpointer               user_data)
{
  g_signal_emit (user_data, signals[CAUGHT_UP], 0);
}

static void
consumer_failed_cb (GObject      *source,
                    const GError *error,
                    gpointer      user_data)
{
  g_signal_emit (user_data, signals[FAILED], 0, error);
}

/* Shared state */

static void
state_entry_cb (DdNatsKvWatcher     *watcher,
                const DdNatsKvEntry *entry,
                gpointer             user_data)
{
  DdNatsSquadChannel *self = user_data;
  StateValue *value;

  if (entry->operation == DD_NATS_KV_PUT)
    {
      value = g_new0 (StateValue, 1);
      value->value = g_strndup (entry->value, entry->len);
      value->revision = entry->revision;
      g_hash_table_replace (self->state, g_strdup (entry->key), value);
      g_signal_emit (self, signals[STATE_CHANGED], 0, entry->key, value->value, entry->revision);
    }
  else
    {
      g_hash_table_remove (self->state, entry->key);
      g_signal_emit (self, signals[STATE_CHANGED], 0, entry->key, NULL, entry->revision);
    }
}

/* Starting, once the stream and buckets exist */

static void
start_consumers (DdNatsSquadChannel *self)
{
  if (self->started)
    return;
  self->started = TRUE;
  if (self->events == NULL)
    {
      g_autofree char *filter = g_strdup_printf ("dropdeck.%s.>", self->squad);

      self->events = dd_nats_ordered_consumer_new (self->client, self->stream, filter,
                                                   DD_NATS_DELIVER_FROM_SEQUENCE, self->cursor + 1,
                                                   event_cb, self, NULL);
      g_signal_connect (self->events, "caught-up", G_CALLBACK (events_caught_up_cb), self);
      g_signal_connect (self->events, "failed", G_CALLBACK (consumer_failed_cb), self);
    }
  dd_nats_ordered_consumer_start (self->events);
  for (guint i = 0; i < N_STATE_BUCKETS; i++)
    {
      if (self->state_watchers[i] == NULL)
        {
          self->state_watchers[i] = dd_nats_kv_watcher_new (self->client, self->buckets[i + 1], NULL,
                                                            state_entry_cb, self, NULL, NULL);
          g_signal_connect (dd_nats_kv_watcher_get_consumer (self->state_watchers[i]), "failed",
                            G_CALLBACK (consumer_failed_cb), self);
        }
      dd_nats_kv_watcher_start (self->state_watchers[i]);
    }
  dd_nats_squad_presence_start (self->presence);
}

static void
update_connectivity (DdNatsSquadChannel *self)
{
  g_autofree char *detail = NULL;

  switch (dd_nats_client_get_state (self->client))
    {
    case DD_NATS_STATE_CONNECTED:
      if (self->setup_failed)
        return;
      detail = g_strdup_printf (_("Squad “%s” on %s"), self->squad,
                                dd_nats_client_get_server_url (self->client));
      dd_connectivity_update (self->connectivity, DD_CONNECTIVITY_ONLINE, detail);
      break;
    case DD_NATS_STATE_RECONNECTING:
      dd_connectivity_update (self->connectivity, DD_CONNECTIVITY_DEGRADED,
                              _("The squad server is unreachable; trying again. Nothing sent is lost."));
      break;
    case DD_NATS_STATE_CONNECTING:
      dd_connectivity_update (self->connectivity, DD_CONNECTIVITY_OFFLINE,
                              _("Connecting to the squad server…"));
      break;
    case DD_NATS_STATE_DISCONNECTED:
    case DD_NATS_STATE_CLOSED:
    default:
      dd_connectivity_update (self->connectivity, DD_CONNECTIVITY_OFFLINE,
                              _("Not connected to the squad server"));
      break;
    }
}

static gboolean
setup_retry_cb (gpointer user_data)
{
  DdNatsSquadChannel *self = user_data;

  self->setup_retry_id = 0;
  setup (self);
  return G_SOURCE_REMOVE;
}

static void
setup_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DdNatsSquadChannel) self = user_data;
  g_autoptr(GError) error = NULL;

  if (dd_nats_squad_setup_finish (result, &error))
    {
      self->setting_up = FALSE;
      self->setup_failed = FALSE;
      if (self->running)
        {
          update_connectivity (self);
          start_consumers (self);
        }
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->setting_up = FALSE;
  if (!self->running)
    return;
  {
    g_autofree char *detail = g_strdup_printf (_("The squad “%s” is not set up on the server: %s"),
                                               self->squad, error->message);

    g_debug ("squad channel %s: %s", self->squad, detail);
    self->setup_failed = TRUE;
    dd_connectivity_update (self->connectivity, DD_CONNECTIVITY_DEGRADED, detail);
    g_signal_emit (self, signals[FAILED], 0, error);
  }
  self->setup_retry_id = g_timeout_add (SETUP_RETRY_MS, setup_retry_cb, self);
}

/* Makes sure the stream and buckets exist, then starts reading. */
static void
setup (DdNatsSquadChannel *self)
{
  if (!self->running || self->setting_up || self->setup_retry_id != 0)
    return;
  if (dd_nats_client_get_state (self->client) != DD_NATS_STATE_CONNECTED)
    return;  /* again from state_cb */
  self->setting_up = TRUE;
  dd_nats_squad_setup_async (self->client, self->squad, self->replicas,
                             dd_nats_squad_presence_get_gone_ms (self->presence), self->cancellable,
                             setup_done_cb, g_object_ref (self));
}

static void
state_cb (DdNatsClient       *client,
          GParamSpec         *pspec,
          DdNatsSquadChannel *self)
{
  update_connectivity (self);
  if (self->running && !self->started)
    setup (self);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DdNatsSquadChannel) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_nats_client_connect_finish (DD_NATS_CLIENT (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    dd_connectivity_update (self->connectivity, DD_CONNECTIVITY_OFFLINE, error->message);
}

static void
connect_and_setup (DdNatsSquadChannel *self)
{
  if (dd_nats_client_get_state (self->client) == DD_NATS_STATE_DISCONNECTED)
    dd_nats_client_connect_async (self->client, self->cancellable, connected_cb, g_object_ref (self));
  else
    setup (self);
}

static void
cursor_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DdNatsSquadChannel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = dd_store_get_cursor_finish (DD_STORE (source), result, &error);

  if (error != NULL)
    g_message ("Squad channel: the stored cursor could not be read (%s); reading the stream from its start",
               error->message);
  if (text != NULL)
    self->cursor = self->saved_cursor = g_ascii_strtoull (text, NULL, 10);
  g_debug ("squad channel %s: reading after stream sequence %" G_GUINT64_FORMAT,
           self->squad, self->cursor);
  if (self->running)
    connect_and_setup (self);
}

/* Writes the server may refuse */

typedef struct
{
  char *subject;
  char *action;
} PendingWrite;

static void
pending_write_free (PendingWrite *write)
{
  g_free (write->subject);
  g_free (write->action);
  g_free (write);
}

static GTask *
pending_task_new (DdNatsSquadChannel  *self,
                  const char          *subject,
                  const char          *action,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PendingWrite *write = g_new0 (PendingWrite, 1);

  g_task_set_source_tag (task, source_tag);
  write->subject = g_strdup (subject);
  write->action = g_strdup (action);
  g_task_set_task_data (task, write, (GDestroyNotify) pending_write_free);
  g_ptr_array_add (self->pending, g_object_ref (task));
  return task;
}

static void
pending_task_return (GTask   *task,
                     guint64  seq,
                     GError  *error)
{
  DdNatsSquadChannel *self = g_task_get_source_object (task);

  /* Returned already (the server's refusal came before the timeout). */
  if (!g_ptr_array_remove (self->pending, task))
    g_clear_error (&error);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, (gssize) seq);
}

static void
server_error_cb (DdNatsClient       *client,
                 const GError       *error,
                 DdNatsSquadChannel *self)
{
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func (g_object_unref);

  if (!g_error_matches (error, DD_NET_ERROR, DD_NATS_ERROR_PERMISSION_DENIED))
    return;
  for (guint i = 0; i < self->pending->len; i++)
    {
      GTask *task = g_ptr_array_index (self->pending, i);
      PendingWrite *write = g_task_get_task_data (task);
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", write->subject);

      if (strstr (error->message, quoted) != NULL)
        g_ptr_array_add (refused, g_object_ref (task));
    }
  for (guint i = 0; i < refused->len; i++)
    {
      GTask *task = g_ptr_array_index (refused, i);
      PendingWrite *write = g_task_get_task_data (task);

      pending_task_return (task, 0,
                           g_error_new (DD_NET_ERROR, DD_NATS_ERROR_PERMISSION_DENIED,
                                        _("The squad server refused: as %s you may not %s"),
                                        dd_role_get_display_name (self->role), write->action));
    }
}

static void
published_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  guint64 seq = dd_nats_js_publish_finish (result, NULL, &error);

  pending_task_return (task, seq, error);
}

static void
state_written_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PendingWrite *write = g_task_get_task_data (task);
  GError *error = NULL;
  guint64 revision = dd_nats_kv_put_finish (result, &error);

  if (g_error_matches (error, DD_NET_ERROR, DD_NATS_ERROR_CONFLICT))
    {
      /* "$KV.<bucket>.<key>": bucket names hold no dot. */
      const char *key = strchr (write->subject + strlen ("$KV."), '.') + 1;

      g_clear_error (&error);
      error = g_error_new (DD_NET_ERROR, DD_NATS_ERROR_CONFLICT,
                           _("Someone in the squad changed “%s” first; their value is kept and shown, yours was not written"),
                           key);
    }
  pending_task_return (task, revision, error);
}

/* DdSquadChannel */

static GListModel *
get_members (DdSquadChannel *channel)
{
  return dd_nats_squad_presence_get_members (DD_NATS_SQUAD_CHANNEL (channel)->presence);
}

static DdConnectivity *
get_connectivity (DdSquadChannel *channel)
{
  return DD_NATS_SQUAD_CHANNEL (channel)->connectivity;
}

static void
start (DdSquadChannel *channel)
{
  DdNatsSquadChannel *self = DD_NATS_SQUAD_CHANNEL (channel);

  if (self->running)
    return;
  self->running = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->store != NULL && self->events == NULL && !self->cursor_set)
    dd_store_get_cursor_async (self->store, CURSOR_SERVICE, self->stream, self->cancellable,
                               cursor_loaded_cb, g_object_ref (self));
  else
    connect_and_setup (self);
}

static void
stop (DdSquadChannel *channel)
{
  DdNatsSquadChannel *self = DD_NATS_SQUAD_CHANNEL (channel);

  if (!self->running)
    return;
  self->running = FALSE;
  self->started = FALSE;
  self->setting_up = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->setup_retry_id, g_source_remove);
  if (self->events != NULL)
    dd_nats_ordered_consumer_stop (self->events);
  for (guint i = 0; i < N_STATE_BUCKETS; i++)
    if (self->state_watchers[i] != NULL)
      dd_nats_kv_watcher_stop (self->state_watchers[i]);
  dd_nats_squad_presence_stop (self->presence, TRUE);
  save_cursor (self);
}

static void
dd_nats_squad_channel_iface_init (DdSquadChannelInterface *iface)
{
  iface->get_members = get_members;
  iface->get_connectivity = get_connectivity;
  iface->start = start;
  iface->stop = stop;
}

static void
dd_nats_squad_channel_dispose (GObject *object)
{
  DdNatsSquadChannel *self = DD_NATS_SQUAD_CHANNEL (object);

  if (self->client != NULL)
    {
      stop (DD_SQUAD_CHANNEL (self));
      g_signal_handlers_disconnect_by_data (self->client, self);
    }
  /* A consumer may outlive the channel while a request of its ends. */
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  g_clear_object (&self->events);
  for (guint i = 0; i < N_STATE_BUCKETS; i++)
    if (self->state_watchers[i] != NULL)
      {
        g_signal_handlers_disconnect_by_data (dd_nats_kv_watcher_get_consumer (self->state_watchers[i]), self);
        g_clear_object (&self->state_watchers[i]);
      }
  g_clear_object (&self->presence);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (dd_nats_squad_channel_parent_class)->dispose (object);
}

static void
dd_nats_squad_channel_finalize (GObject *object)
{
  DdNatsSquadChannel *self = DD_NATS_SQUAD_CHANNEL (object);

  g_free (self->squad);
  g_free (self->login);
  g_free (self->display_name);
  g_free (self->stream);
  g_free (self->ledger_subject);
  for (guint i = 0; i < N_SOURCES; i++)
    g_free (self->subjects[i]);
  for (guint i = 0; i < DD_SQUAD_N_BUCKETS; i++)
    g_free (self->buckets[i]);
  g_clear_object (&self->connectivity);
  g_hash_table_unref (self->state);
  g_ptr_array_unref (self->pending);

  G_OBJECT_CLASS (dd_nats_squad_channel_parent_class)->finalize (object);
}

static void
dd_nats_squad_channel_class_init (DdNatsSquadChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_nats_squad_channel_dispose;
  object_class->finalize = dd_nats_squad_channel_finalize;

  signals[CAUGHT_UP] =
    g_signal_new ("caught-up", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT64);
  signals[LEDGER_ENTRY] =
    g_signal_new ("ledger-entry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, DD_TYPE_LEDGER_ENTRY, G_TYPE_STRING);
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
dd_nats_squad_channel_init (DdNatsSquadChannel *self)
{
  self->connectivity = dd_connectivity_new (DD_SERVICE_SQUAD);
  self->state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) state_value_free);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->replicas = DEFAULT_REPLICAS;
}

DdNatsSquadChannel *
dd_nats_squad_channel_new (DdNatsClient  *client,
                           const char    *squad,
                           const char    *login,
                           const char    *display_name,
                           DdRole         role,
                           const char    *device,
                           GError       **error)
{
  DdNatsSquadChannel *self;

  g_return_val_if_fail (DD_IS_NATS_CLIENT (client), NULL);

  if (!dd_squad_name_is_valid (squad))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("“%s” is not a valid squad name: use 1 to 32 lower-case letters, digits and -"),
                   squad != NULL ? squad : "");
      return NULL;
    }
  if (!dd_squad_login_is_valid (login))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("“%s” is not a valid member login: use 1 to 64 letters, digits, - and _"),
                   login != NULL ? login : "");
      return NULL;
    }

  self = g_object_new (DD_TYPE_NATS_SQUAD_CHANNEL, NULL);
  self->client = g_object_ref (client);
  self->squad = g_strdup (squad);
  self->login = g_strdup (login);
  self->display_name = g_strdup (display_name != NULL ? display_name : login);
  self->role = role;
  self->stream = dd_squad_stream_name (squad);
  self->ledger_subject = dd_squad_ledger_subject (squad);
  for (guint i = 0; i < N_SOURCES; i++)
    self->subjects[i] = dd_squad_subject (squad, sources[i]);
  for (guint i = 0; i < DD_SQUAD_N_BUCKETS; i++)
    self->buckets[i] = dd_squad_bucket_name (squad, i);
  self->presence = dd_nats_squad_presence_new (client, self->buckets[DD_SQUAD_BUCKET_PRESENCE],
                                               login, self->display_name, role, device);
  g_signal_connect (client, "notify::state", G_CALLBACK (state_cb), self);
  g_signal_connect (client, "server-error", G_CALLBACK (server_error_cb), self);
  update_connectivity (self);
  return self;
}

void
dd_nats_squad_channel_set_store (DdNatsSquadChannel *self,
                                 DdStore            *store)
{
  g_return_if_fail (DD_IS_NATS_SQUAD_CHANNEL (self));

  g_set_object (&self->store, store);
}

void
dd_nats_squad_channel_set_presence_timing (DdNatsSquadChannel *self,
                                           guint               heartbeat_ms,
                                           guint               away_ms,
                                           guint               gone_ms)
{
  g_return_if_fail (DD_IS_NATS_SQUAD_CHANNEL (self));

  dd_nats_squad_presence_set_timing (self->presence, heartbeat_ms, away_ms, gone_ms);
}

void
dd_nats_squad_channel_set_replicas (DdNatsSquadChannel *self,
                                    guint               replicas)
{
  g_return_if_fail (DD_IS_NATS_SQUAD_CHANNEL (self));
  g_return_if_fail (replicas >= 1 && replicas <= 5);

  self->replicas = replicas;
}

void
dd_nats_squad_channel_set_cursor (DdNatsSquadChannel *self,
                                  guint64             cursor)
{
  g_return_if_fail (DD_IS_NATS_SQUAD_CHANNEL (self));
  g_return_if_fail (self->events == NULL);

  self->cursor = cursor;
  self->cursor_set = TRUE;
}

guint64
dd_nats_squad_channel_get_cursor (DdNatsSquadChannel *self)
{
  g_return_val_if_fail (DD_IS_NATS_SQUAD_CHANNEL (self), 0);

  return self->cursor;
}

gboolean
dd_nats_squad_channel_get_caught_up (DdNatsSquadChannel *self)
{
  g_return_val_if_fail (DD_IS_NATS_SQUAD_CHANNEL (self), FALSE);

  return self->events != NULL && dd_nats_ordered_consumer_get_caught_up (self->events);
}

const char *
dd_nats_squad_channel_get_squad (DdNatsSquadChannel *self)
{
  g_return_val_if_fail (DD_IS_NATS_SQUAD_CHANNEL (self), NULL);

  return self->squad;
}

const char *
dd_nats_squad_channel_get_login (DdNatsSquadChannel *self)
{
  g_return_val_if_fail (DD_IS_NATS_SQUAD_CHANNEL (self), NULL);

  return self->login;
}

DdRole
dd_nats_squad_channel_get_role (DdNatsSquadChannel *self)
{
  g_return_val_if_fail (DD_IS_NATS_SQUAD_CHANNEL (self), DD_ROLE_PRODUCER);

  return self->role;
}

void
dd_nats_squad_channel_send_async (DdNatsSquadChannel  *self,
                                  DdChatSource         source,
                                  const char          *text,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *id = NULL;
  g_autofree char *json = NULL;

  g_return_if_fail (DD_IS_NATS_SQUAD_CHANNEL (self));
  g_return_if_fail (text != NULL);

  subject = dd_squad_subject (self->squad, source);
  task = pending_task_new (self, subject, dd_squad_source_action (source), cancellable,
                           callback, user_data, dd_nats_squad_channel_send_async);
  if (*text == '\0' || !g_utf8_validate (text, -1, NULL))
    {
      pending_task_return (task, 0, g_error_new (DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                                                 _("A squad message needs some text")));
      return;
    }

  id = g_uuid_string_random ();
  json = dd_squad_event_encode (id, self->login, self->display_name, self->role, text);
  /* The id makes a retry inside the duplicate window land once. */
  dd_nats_js_publish_async (self->client, subject, id, -1, json, strlen (json), 0,
                            cancellable, published_cb, g_steal_pointer (&task));
}

guint64
dd_nats_squad_channel_send_finish (DdNatsSquadChannel  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  gssize seq;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  seq = g_task_propagate_int (G_TASK (result), error);
  return seq > 0 ? (guint64) seq : 0;
}

void
dd_nats_squad_channel_publish_ledger_async (DdNatsSquadChannel  *self,
                                            DdLedgerEntry       *entry,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *json = NULL;

  g_return_if_fail (DD_IS_NATS_SQUAD_CHANNEL (self));
  g_return_if_fail (entry != NULL && dd_ledger_entry_get_hash (entry) != NULL);

  task = pending_task_new (self, self->ledger_subject, _("replicate ledger entries"), cancellable,
                           callback, user_data, dd_nats_squad_channel_publish_ledger_async);
  json = dd_squad_ledger_encode (entry, self->login);
  /* The entry id makes a retry land once. */
  dd_nats_js_publish_async (self->client, self->ledger_subject, dd_ledger_entry_get_entry_id (entry), -1,
                            json, strlen (json), 0, cancellable, published_cb, g_steal_pointer (&task));
}

const char *
dd_nats_squad_channel_get_state (DdNatsSquadChannel *self,
                                 const char         *key,
                                 guint64            *revision)
{
  StateValue *value;

  g_return_val_if_fail (DD_IS_NATS_SQUAD_CHANNEL (self), NULL);

  value = g_hash_table_lookup (self->state, key);
  if (revision != NULL)
    *revision = value != NULL ? value->revision : 0;
  return value != NULL ? value->value : NULL;
}

void
dd_nats_squad_channel_set_state_async (DdNatsSquadChannel  *self,
                                       const char          *key,
                                       const char          *value,
                                       gint64               expected_revision,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *subject = NULL;
  DdSquadBucket bucket = DD_SQUAD_BUCKET_CHECKLISTS;
  const char *name;

  g_return_if_fail (DD_IS_NATS_SQUAD_CHANNEL (self));
  g_return_if_fail (key != NULL);

  if (!dd_squad_bucket_for_key (key, &bucket) || !dd_nats_kv_key_is_valid (key))
    {
      g_task_report_new_error (self, callback, user_data, dd_nats_squad_channel_set_state_async,
                               DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                               _("“%s” is not a shared-state key: it starts with offer., checklist. or policy."),
                               key);
      return;
    }
  name = self->buckets[bucket];
  subject = g_strdup_printf ("$KV.%s.%s", name, key);
  task = pending_task_new (self, subject, dd_squad_bucket_action (bucket), cancellable,
                           callback, user_data, dd_nats_squad_channel_set_state_async);
  if (value == NULL)
    dd_nats_kv_delete_async (self->client, name, key, expected_revision, cancellable,
                             state_written_cb, g_steal_pointer (&task));
  else
    dd_nats_kv_put_async (self->client, name, key, value, strlen (value), expected_revision,
                          cancellable, state_written_cb, g_steal_pointer (&task));
}

guint64
dd_nats_squad_channel_set_state_finish (DdNatsSquadChannel  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  return dd_nats_squad_channel_send_finish (self, result, error);
}
