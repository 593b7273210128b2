/* dd-nats-squad-presence.c — who is in the squad right now, over a NATS KV bucket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "dd-nats-kv.h"
#include "dd-nats-squad-presence.h"

typedef struct
{
  DdSquadMember *member;
  gint64 last_seen_us;  /* real time of the last heartbeat */
  gboolean left;
} Tracked;

struct _DdNatsSquadPresence
{
  GObject          parent_instance;
  DdNatsClient    *client;
  char            *bucket;
  char            *login;
  char            *display_name;
  DdRole           role;
  char            *device;
  guint            heartbeat_ms;
  guint            away_ms;
  guint            gone_ms;

  GListStore      *members;
  GHashTable      *tracked;  /* login -> Tracked */
  DdNatsKvWatcher *watcher;
  guint            heartbeat_id;
  guint            staleness_id;
};

G_DEFINE_FINAL_TYPE (DdNatsSquadPresence, dd_nats_squad_presence, G_TYPE_OBJECT)

static void
tracked_free (Tracked *tracked)
{
  g_clear_object (&tracked->member);
  g_free (tracked);
}

static DdSquadPresence
presence_for_age (DdNatsSquadPresence *self,
                  const Tracked       *tracked,
                  gint64               now_us)
{
  gint64 age_ms = (now_us - tracked->last_seen_us) / 1000;

  if (tracked->left || age_ms >= self->gone_ms)
    return DD_SQUAD_PRESENCE_GONE;
  if (age_ms >= self->away_ms)
    return DD_SQUAD_PRESENCE_AWAY;
  return DD_SQUAD_PRESENCE_ONLINE;
}

static void
refresh (DdNatsSquadPresence *self)
{
  gint64 now_us = g_get_real_time ();
  GHashTableIter iter;
  Tracked *tracked;

  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tracked))
    dd_squad_member_set_presence (tracked->member, presence_for_age (self, tracked, now_us));
}

static gboolean
staleness_cb (gpointer user_data)
{
  refresh (user_data);
  return G_SOURCE_CONTINUE;
}

/* Records a heartbeat. Name and role are construct-only, so a member whose
 * name or role changed gets a new object in the same place of the list; a
 * new object is filled in before the list shows it. */
static void
track (DdNatsSquadPresence *self,
       const char          *login,
       const char          *name,
       DdRole               role,
       const char          *device,
       gint64               last_seen_us)
{
  Tracked *tracked = g_hash_table_lookup (self->tracked, login);
  g_autoptr(DdSquadMember) member = NULL;
  guint position;

  if (tracked == NULL)
    {
      tracked = g_new0 (Tracked, 1);
      g_hash_table_insert (self->tracked, g_strdup (login), tracked);
    }
  tracked->left = FALSE;
  tracked->last_seen_us = last_seen_us;
  if (tracked->member != NULL && g_str_equal (dd_squad_member_get_name (tracked->member), name) &&
      dd_squad_member_get_role (tracked->member) == role)
    {
      dd_squad_member_set_device (tracked->member, device);
      dd_squad_member_set_presence (tracked->member, presence_for_age (self, tracked, g_get_real_time ()));
      return;
    }

  member = dd_squad_member_new (name, role);
  dd_squad_member_set_device (member, device);
  dd_squad_member_set_presence (member, presence_for_age (self, tracked, g_get_real_time ()));
  if (tracked->member != NULL && g_list_store_find (self->members, tracked->member, &position))
    g_list_store_splice (self->members, position, 1, (gpointer *) &member, 1);
  else
    g_list_store_append (self->members, member);
  g_set_object (&tracked->member, member);
}

static void
entry_cb (DdNatsKvWatcher     *watcher,
          const DdNatsKvEntry *entry,
          gpointer             user_data)
{
  DdNatsSquadPresence *self = user_data;
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *object;
  Tracked *tracked;
  const char *name;
  DdRole role = DD_ROLE_PRODUCER;
  gint64 now_us = g_get_real_time ();
  gint64 stored_us = entry->timestamp_ns / 1000;

  if (entry->operation != DD_NATS_KV_PUT)
    {
      tracked = g_hash_table_lookup (self->tracked, entry->key);
      if (tracked != NULL)
        {
          tracked->left = TRUE;
          dd_squad_member_set_presence (tracked->member, DD_SQUAD_PRESENCE_GONE);
        }
      return;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, entry->value, (gssize) entry->len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_message ("Squad presence: the heartbeat of “%s” is not readable; ignored", entry->key);
      return;
    }
  object = json_node_get_object (root);
  name = json_object_get_string_member_with_default (object, "name", entry->key);
  dd_role_from_nick (json_object_get_string_member_with_default (object, "role", ""), &role);

  /* A heartbeat replayed from the bucket is as old as the server says; a
   * live one is fresh (this laptop's clock may differ from the server's). */
  track (self, entry->key, name, role,
         json_object_get_string_member_with_default (object, "device", NULL),
         dd_nats_kv_watcher_get_caught_up (watcher) ? now_us : MIN (stored_us, now_us));
}

static void
heartbeat (DdNatsSquadPresence *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->display_name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, dd_role_to_nick (self->role));
  json_builder_set_member_name (builder, "device");
  json_builder_add_string_value (builder, self->device);
  json_builder_set_member_name (builder, "heartbeat_ms");
  json_builder_add_int_value (builder, self->heartbeat_ms);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  /* Fire and forget: the next heartbeat repairs a lost one. */
  if (dd_nats_client_get_state (self->client) == DD_NATS_STATE_CONNECTED)
    dd_nats_kv_put_async (self->client, self->bucket, self->login, json, strlen (json), -1,
                          NULL, NULL, NULL);
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  heartbeat (user_data);
  return G_SOURCE_CONTINUE;
}

static void
reconnected_cb (DdNatsClient *client,
                gpointer      user_data)
{
  DdNatsSquadPresence *self = user_data;

  /* Announce again at once: the others may have seen us turn away. */
  if (self->heartbeat_id != 0)
    heartbeat (self);
}

static void
dd_nats_squad_presence_dispose (GObject *object)
{
  DdNatsSquadPresence *self = DD_NATS_SQUAD_PRESENCE (object);

  dd_nats_squad_presence_stop (self, FALSE);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->watcher);
  g_clear_object (&self->client);
  g_clear_pointer (&self->tracked, g_hash_table_unref);
  g_clear_object (&self->members);

  G_OBJECT_CLASS (dd_nats_squad_presence_parent_class)->dispose (object);
}

static void
dd_nats_squad_presence_finalize (GObject *object)
{
  DdNatsSquadPresence *self = DD_NATS_SQUAD_PRESENCE (object);

  g_free (self->bucket);
  g_free (self->login);
  g_free (self->display_name);
  g_free (self->device);

  G_OBJECT_CLASS (dd_nats_squad_presence_parent_class)->finalize (object);
}

static void
dd_nats_squad_presence_class_init (DdNatsSquadPresenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_nats_squad_presence_dispose;
  object_class->finalize = dd_nats_squad_presence_finalize;
}

static void
dd_nats_squad_presence_init (DdNatsSquadPresence *self)
{
  self->heartbeat_ms = DD_NATS_SQUAD_HEARTBEAT_MS;
  self->away_ms = DD_NATS_SQUAD_AWAY_MS;
  self->gone_ms = DD_NATS_SQUAD_GONE_MS;
  self->members = g_list_store_new (DD_TYPE_SQUAD_MEMBER);
  self->tracked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) tracked_free);
}

DdNatsSquadPresence *
dd_nats_squad_presence_new (DdNatsClient *client,
                            const char   *bucket,
                            const char   *login,
                            const char   *display_name,
                            DdRole        role,
                            const char   *device)
{
  DdNatsSquadPresence *self;

  g_return_val_if_fail (DD_IS_NATS_CLIENT (client), NULL);
  g_return_val_if_fail (bucket != NULL && login != NULL, NULL);

  self = g_object_new (DD_TYPE_NATS_SQUAD_PRESENCE, NULL);
  self->client = g_object_ref (client);
  self->bucket = g_strdup (bucket);
  self->login = g_strdup (login);
  self->display_name = g_strdup (display_name != NULL ? display_name : login);
  self->role = role;
  self->device = g_strdup (device != NULL ? device : g_get_host_name ());
  self->watcher = dd_nats_kv_watcher_new (client, bucket, NULL, entry_cb, self, NULL, NULL);
  g_signal_connect (client, "reconnected", G_CALLBACK (reconnected_cb), self);
  return self;
}

void
dd_nats_squad_presence_set_timing (DdNatsSquadPresence *self,
                                   guint                heartbeat_ms,
                                   guint                away_ms,
                                   guint                gone_ms)
{
  g_return_if_fail (DD_IS_NATS_SQUAD_PRESENCE (self));
  g_return_if_fail (heartbeat_ms > 0 && heartbeat_ms < away_ms && away_ms < gone_ms);

  self->heartbeat_ms = heartbeat_ms;
  self->away_ms = away_ms;
  self->gone_ms = gone_ms;
}

guint
dd_nats_squad_presence_get_gone_ms (DdNatsSquadPresence *self)
{
  g_return_val_if_fail (DD_IS_NATS_SQUAD_PRESENCE (self), 0);

  return self->gone_ms;
}

GListModel *
dd_nats_squad_presence_get_members (DdNatsSquadPresence *self)
{
  g_return_val_if_fail (DD_IS_NATS_SQUAD_PRESENCE (self), NULL);

  return G_LIST_MODEL (self->members);
}

void
dd_nats_squad_presence_start (DdNatsSquadPresence *self)
{
  g_return_if_fail (DD_IS_NATS_SQUAD_PRESENCE (self));

  if (self->heartbeat_id != 0)
    return;
  heartbeat (self);
  self->heartbeat_id = g_timeout_add (self->heartbeat_ms, heartbeat_cb, self);
  g_source_set_name_by_id (self->heartbeat_id, "[dropdeck] squad heartbeat");
  self->staleness_id = g_timeout_add (MAX (100, self->away_ms / 4), staleness_cb, self);
  g_source_set_name_by_id (self->staleness_id, "[dropdeck] squad staleness");
  dd_nats_ordered_consumer_set_heartbeat (dd_nats_kv_watcher_get_consumer (self->watcher),
                                          MIN (self->heartbeat_ms, 2000));
  dd_nats_kv_watcher_start (self->watcher);
}

void
dd_nats_squad_presence_stop (DdNatsSquadPresence *self,
                             gboolean             leave)
{
  g_return_if_fail (DD_IS_NATS_SQUAD_PRESENCE (self));

  if (self->heartbeat_id == 0)
    return;
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  g_clear_handle_id (&self->staleness_id, g_source_remove);
  dd_nats_kv_watcher_stop (self->watcher);
  if (leave && dd_nats_client_get_state (self->client) == DD_NATS_STATE_CONNECTED)
    dd_nats_kv_delete_async (self->client, self->bucket, self->login, -1, NULL, NULL, NULL);
}
