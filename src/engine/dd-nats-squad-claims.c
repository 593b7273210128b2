/* dd-nats-squad-claims.c — who answers which buyer question, across the squad
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "dd-nats-error.h"
#include "dd-nats-squad-claims.h"
#include "dd-net-error.h"

#define KEY_PREFIX "claim."

struct _DdNatsSquadClaims
{
  GObject             parent_instance;

  DdNatsSquadChannel *channel;
  GHashTable         *messages;  /* key -> message id, for claims let go */
};

static void dd_nats_squad_claims_claims_init (DdChatClaimsInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdNatsSquadClaims, dd_nats_squad_claims, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DD_TYPE_CHAT_CLAIMS, dd_nats_squad_claims_claims_init))

/* Message ids are whatever the chat server made them: a digest is a key
 * NATS always accepts. */
static char *
key_for (const char *message_id)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA1, message_id, -1);

  return g_strconcat (KEY_PREFIX, digest, NULL);
}

/* The member and message of a claim value; FALSE if it is not one. */
static gboolean
parse_claim (const char  *value,
             char       **message_id,
             char       **member)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object;
  JsonNode *root;

  if (value == NULL || !json_parser_load_from_data (parser, value, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  *message_id = g_strdup (json_object_get_string_member_with_default (object, "message", NULL));
  *member = g_strdup (json_object_get_string_member_with_default (object, "member", NULL));
  return *message_id != NULL && *member != NULL;
}

static char *
holder_of (DdNatsSquadClaims *self,
           const char        *key,
           guint64           *revision)
{
  g_autofree char *message_id = NULL;
  char *member = NULL;

  if (!parse_claim (dd_nats_squad_channel_get_state (self->channel, key, revision), &message_id, &member))
    return NULL;
  return member;
}

static void
state_changed_cb (DdNatsSquadChannel *channel,
                  const char         *key,
                  const char         *value,
                  guint64             revision,
                  DdNatsSquadClaims  *self)
{
  g_autofree char *message_id = NULL;
  g_autofree char *member = NULL;

  if (!g_str_has_prefix (key, KEY_PREFIX))
    return;
  if (parse_claim (value, &message_id, &member))
    {
      g_hash_table_insert (self->messages, g_strdup (key), g_strdup (message_id));
      dd_chat_claims_changed (DD_CHAT_CLAIMS (self), message_id, member);
    }
  else if (value == NULL && (message_id = g_strdup (g_hash_table_lookup (self->messages, key))) != NULL)
    dd_chat_claims_changed (DD_CHAT_CLAIMS (self), message_id, NULL);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdNatsSquadClaims *self = g_task_get_source_object (task);
  const char *key = g_object_get_data (G_OBJECT (task), "key");
  g_autoptr(GError) error = NULL;

  if (dd_nats_squad_channel_set_state_finish (self->channel, result, &error) > 0)
    g_task_return_boolean (task, TRUE);
  else if (g_error_matches (error, DD_NET_ERROR, DD_NATS_ERROR_CONFLICT))
    {
      /* Someone was first: their claim, if this laptop has seen it yet. */
      g_autofree char *holder = holder_of (self, key, NULL);

      dd_chat_claims_task_refuse (task, holder);
    }
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
dd_nats_squad_claims_claim_async (DdChatClaims        *claims,
                                  const char          *message_id,
                                  const char          *member,
                                  const char          *expected,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  DdNatsSquadClaims *self = DD_NATS_SQUAD_CLAIMS (claims);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *key = key_for (message_id);
  g_autofree char *holder = NULL;
  g_autofree char *value = NULL;
  guint64 revision = 0;

  g_task_set_source_tag (task, dd_nats_squad_claims_claim_async);
  holder = holder_of (self, key, &revision);
  if (g_strcmp0 (holder, expected) != 0)
    {
      dd_chat_claims_task_refuse (task, holder);
      return;
    }
  g_hash_table_insert (self->messages, g_strdup (key), g_strdup (message_id));
  if (member != NULL)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_string_member (object, "message", message_id);
      json_object_set_string_member (object, "member", member);
      node = json_node_init_object (json_node_alloc (), object);
      value = json_to_string (node, FALSE);
    }
  g_object_set_data_full (G_OBJECT (task), "key", g_strdup (key), g_free);
  /* Over the revision seen: 0 when nobody has claimed it yet. */
  dd_nats_squad_channel_set_state_async (self->channel, key, value, (gint64) revision, cancellable,
                                         written_cb, g_steal_pointer (&task));
}

static void
dd_nats_squad_claims_claims_init (DdChatClaimsInterface *iface)
{
  iface->claim_async = dd_nats_squad_claims_claim_async;
  iface->claim_finish = dd_chat_claims_task_finish;
}

static void
dd_nats_squad_claims_dispose (GObject *object)
{
  DdNatsSquadClaims *self = DD_NATS_SQUAD_CLAIMS (object);

  if (self->channel != NULL)
    g_signal_handlers_disconnect_by_data (self->channel, self);
  g_clear_object (&self->channel);
  g_clear_pointer (&self->messages, g_hash_table_unref);

  G_OBJECT_CLASS (dd_nats_squad_claims_parent_class)->dispose (object);
}

static void
dd_nats_squad_claims_class_init (DdNatsSquadClaimsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dd_nats_squad_claims_dispose;
}

static void
dd_nats_squad_claims_init (DdNatsSquadClaims *self)
{
  self->messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

DdNatsSquadClaims *
dd_nats_squad_claims_new (DdNatsSquadChannel *channel)
{
  DdNatsSquadClaims *self;

  g_return_val_if_fail (DD_IS_NATS_SQUAD_CHANNEL (channel), NULL);

  self = g_object_new (DD_TYPE_NATS_SQUAD_CLAIMS, NULL);
  self->channel = g_object_ref (channel);
  g_signal_connect (channel, "state-changed", G_CALLBACK (state_changed_cb), self);
  return self;
}
