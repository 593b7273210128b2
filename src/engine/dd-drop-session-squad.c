/* dd-drop-session-squad.c — the squad channel in a drop
 *
 * The demo's simulated squad, or a real one over NATS
 * (dd_drop_session_set_squad_channel()). With a real one:
 * - squad chat, creator cues and ops alerts go into the chat wall's Squad
 *   and Cues filters and the toasts, as the demo's do, and into the drop's
 *   chat archive (searchable, kept across restarts);
 * - a cue pinned here is sent to the squad (and comes back through the
 *   squad's stream, so it shows once); a refusal by the server is an alert
 *   naming the role and the action;
 * - every offer's lifecycle state is shared as "offer.<id>" with
 *   compare-and-swap: a local change is written only over the revision this
 *   laptop last saw; if someone changed it first, their value is kept,
 *   applied here and announced, and ours is not written;
 * - claims on buyer questions are the squad's (DdNatsSquadClaims), so one
 *   member answers each;
 * - the ledger: this laptop's entries replicated to the squad, the others'
 *   kept apart (dd-drop-session-squad-ledger.c);
 * - a checklist item's state (signed off, failed, open again) is shared as
 *   "checklist.<checklist>.<item>" the same way (dd-drop-session-squad-checklists.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dd-drop-session-private.h"
#include "dd-nats-squad-channel.h"
#include "dd-nats-squad-claims.h"

#define OFFER_KEY_PREFIX "offer."

static DdNatsSquadChannel *
nats_channel (DdDropSession *self)
{
  return DD_IS_NATS_SQUAD_CHANNEL (self->squad) ? DD_NATS_SQUAD_CHANNEL (self->squad) : NULL;
}

/* Squad messages, cues and alerts go into the drop's chat archive too, in
 * batches: while the channel catches up after a disconnect without the
 * full-text index (built once it has caught up), live with it. A message
 * replayed twice is stored once (its id). */
#define SQUAD_ARCHIVE_BATCH 5000

static void
archived_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dd_store_save_finish (DD_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Squad messages could not be archived: %s", error->message);
}

static void
flush_squad_archive (DdDropSession *self)
{
  DdNatsSquadChannel *channel = nats_channel (self);
  g_autoptr(GPtrArray) batch = NULL;

  g_clear_handle_id (&self->squad_archive_id, g_source_remove);
  if (self->squad_archive == NULL || self->squad_archive->len == 0 || self->store == NULL)
    return;
  batch = g_steal_pointer (&self->squad_archive);
  if (channel != NULL && !dd_nats_squad_channel_get_caught_up (channel))
    dd_store_append_chat_unindexed_async (self->store, batch, NULL, archived_cb, NULL);
  else
    dd_store_append_chat_async (self->store, batch, NULL, archived_cb, NULL);
}

static gboolean
flush_squad_archive_cb (gpointer user_data)
{
  DdDropSession *self = user_data;

  self->squad_archive_id = 0;
  flush_squad_archive (self);
  return G_SOURCE_REMOVE;
}

static void
caught_up_cb (DdNatsSquadChannel *channel,
              DdDropSession      *self)
{
  flush_squad_archive (self);
  if (self->store != NULL)
    dd_store_index_chat_async (self->store, NULL, archived_cb, NULL);
}

static void
squad_message_cb (DdSquadChannel *channel,
                  DdChatMessage  *message,
                  DdDropSession  *self)
{
  _dd_drop_session_squad_message (self, message);
  if (!DD_IS_NATS_SQUAD_CHANNEL (channel) || self->store == NULL)
    return;
  if (self->squad_archive == NULL)
    self->squad_archive = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->squad_archive, g_object_ref (message));
  if (self->squad_archive->len >= SQUAD_ARCHIVE_BATCH)
    flush_squad_archive (self);
  else if (self->squad_archive_id == 0)
    self->squad_archive_id = g_idle_add (flush_squad_archive_cb, self);
}

void
_dd_drop_session_stop_squad (DdDropSession *self)
{
  _dd_drop_session_stop_squad_ledger (self);
  dd_squad_channel_stop (self->squad);
  flush_squad_archive (self);
}

static void
squad_alert_cb (DdSquadChannel *channel,
                DdChatMessage  *message,
                DdDropSession  *self)
{
  _dd_drop_session_squad_alert (self, message);
}

/* Shared offer state: {"state": "live", "by": "maya"} */

static char *
offer_state_json (DdOfferState  state,
                  const char   *by)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, dd_offer_state_to_nick (state));
  json_builder_set_member_name (builder, "by");
  json_builder_add_string_value (builder, by);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
parse_offer_state (const char    *json,
                   DdOfferState  *state,
                   char         **by)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *object;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  if (!dd_offer_state_from_nick (json_object_get_string_member_with_default (object, "state", ""), state))
    return FALSE;
  *by = g_strdup (json_object_get_string_member_with_default (object, "by", "?"));
  return TRUE;
}

/* Applies what the squad holds for the offer; TRUE if it changed it here. */
static gboolean
apply_offer_state (DdDropSession *self,
                   DdOffer       *offer,
                   const char    *value,
                   gboolean       announce)
{
  g_autofree char *by = NULL;
  g_autofree char *text = NULL;
  DdOfferState state;

  if (!parse_offer_state (value, &state, &by))
    return FALSE;
  g_hash_table_insert (self->shared_states, g_strconcat (OFFER_KEY_PREFIX, dd_offer_get_id (offer), NULL),
                       g_strdup (dd_offer_state_to_nick (state)));
  if (dd_offer_get_state (offer) == state)
    return FALSE;
  dd_offer_set_state (offer, state);
  self->offers_dirty = TRUE;
  if (announce)
    {
      /* Translators: an offer's new lifecycle state, set by a squad member. */
      text = g_strdup_printf (_("%s is now %s (set by %s)"), dd_offer_get_title (offer),
                              dd_offer_state_get_display_name (state), by);
      _dd_drop_session_emit_alert (self, text);
    }
  return TRUE;
}

static void
state_changed_cb (DdNatsSquadChannel *channel,
                  const char         *key,
                  const char         *value,
                  guint64             revision,
                  DdDropSession      *self)
{
  DdOffer *offer;

  if (value == NULL)
    return;
  if (g_str_has_prefix (key, OFFER_KEY_PREFIX))
    {
      offer = g_hash_table_lookup (self->offers_by_id, key + strlen (OFFER_KEY_PREFIX));
      if (offer != NULL)
        apply_offer_state (self, offer, value, TRUE);
    }
  else
    _dd_drop_session_apply_checklist_state (self, key, value, TRUE);
}

/* Shared state written with compare-and-swap */

typedef struct
{
  DdDropSession       *self;
  GObject             *target;
  char                *key;
  char                *label;
  int                  before;
  DdSharedStateFailed  failed;
} StateWrite;

static void
state_written_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  StateWrite *write = user_data;
  DdNatsSquadChannel *channel = DD_NATS_SQUAD_CHANNEL (source);
  g_autoptr(GError) error = NULL;

  if (dd_nats_squad_channel_set_state_finish (channel, result, &error) == 0 &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* A conflict: the squad's value stays, and this laptop follows it. A
       * refusal (role) or an outage: said, and this laptop shows what the
       * squad last agreed. */
      g_autofree char *text = g_strdup_printf ("%s: %s", write->label, error->message);

      _dd_drop_session_emit_alert (write->self, text);
      write->failed (write->self, write->target, write->key, write->before,
                     dd_nats_squad_channel_get_state (channel, write->key, NULL));
    }
  g_object_unref (write->self);
  g_object_unref (write->target);
  g_free (write->key);
  g_free (write->label);
  g_free (write);
}

void
_dd_drop_session_share_state (DdDropSession       *self,
                              const char          *key,
                              const char          *nick,
                              const char          *value,
                              const char          *label,
                              GObject             *target,
                              int                  before,
                              DdSharedStateFailed  failed)
{
  DdNatsSquadChannel *channel = nats_channel (self);
  StateWrite *write;
  guint64 revision = 0;

  if (channel == NULL || !self->running)
    return;
  write = g_new0 (StateWrite, 1);
  write->self = g_object_ref (self);
  write->target = g_object_ref (target);
  write->key = g_strdup (key);
  write->label = g_strdup (label);
  write->before = before;
  write->failed = failed;
  g_hash_table_insert (self->shared_states, g_strdup (key), g_strdup (nick));
  /* Over the revision this laptop last saw; 0: only if nobody wrote one. */
  dd_nats_squad_channel_get_state (channel, key, &revision);
  dd_nats_squad_channel_set_state_async (channel, key, value, (gint64) revision, NULL,
                                         state_written_cb, write);
}

const char *
_dd_drop_session_shared_nick (DdDropSession *self,
                              const char    *key)
{
  return g_hash_table_lookup (self->shared_states, key);
}

const char *
_dd_drop_session_squad_login (DdDropSession *self)
{
  DdNatsSquadChannel *channel = nats_channel (self);

  return channel != NULL ? dd_nats_squad_channel_get_login (channel) : NULL;
}

static void
offer_write_failed (DdDropSession *self,
                    GObject       *target,
                    const char    *key,
                    int            before,
                    const char    *agreed)
{
  DdOffer *offer = DD_OFFER (target);

  if (agreed != NULL)
    {
      apply_offer_state (self, offer, agreed, FALSE);
      return;
    }
  /* Nothing agreed yet: back to what this laptop had. */
  g_hash_table_insert (self->shared_states, g_strdup (key), g_strdup (dd_offer_state_to_nick (before)));
  if (dd_offer_get_state (offer) != (DdOfferState) before)
    {
      dd_offer_set_state (offer, before);
      self->offers_dirty = TRUE;
    }
}

static void
offer_state_notify_cb (DdOffer       *offer,
                       GParamSpec    *pspec,
                       DdDropSession *self)
{
  g_autofree char *key = g_strconcat (OFFER_KEY_PREFIX, dd_offer_get_id (offer), NULL);
  g_autofree char *value = NULL;
  const char *nick = dd_offer_state_to_nick (dd_offer_get_state (offer));
  const char *shared = _dd_drop_session_shared_nick (self, key);
  DdOfferState before;

  /* Not ours to share: the squad's own value, just applied. */
  if (g_strcmp0 (shared, nick) == 0 || _dd_drop_session_squad_login (self) == NULL)
    return;
  if (shared == NULL || !dd_offer_state_from_nick (shared, &before))
    before = dd_offer_get_state (offer);
  value = offer_state_json (dd_offer_get_state (offer), _dd_drop_session_squad_login (self));
  _dd_drop_session_share_state (self, key, nick, value, dd_offer_get_title (offer), G_OBJECT (offer),
                                before, offer_write_failed);
}

static void
watch_offers (DdDropSession *self)
{
  GListModel *offers = G_LIST_MODEL (self->offers);

  for (guint i = 0; i < g_list_model_get_n_items (offers); i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (offers, i);

      g_hash_table_insert (self->shared_states, g_strconcat (OFFER_KEY_PREFIX, dd_offer_get_id (offer), NULL),
                           g_strdup (dd_offer_state_to_nick (dd_offer_get_state (offer))));
      g_signal_connect_object (offer, "notify::state", G_CALLBACK (offer_state_notify_cb), self, 0);
    }
}

/* Cues */

static void
cue_sent_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DdDropSession) self = user_data;
  g_autoptr(GError) error = NULL;

  if (dd_nats_squad_channel_send_finish (DD_NATS_SQUAD_CHANNEL (source), result, &error) == 0 &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _dd_drop_session_emit_alert (self, error->message);
}

void
_dd_drop_session_squad_cue_pinned (DdDropSession *self,
                                   DdChatMessage *cue)
{
  DdNatsSquadChannel *channel = nats_channel (self);

  if (channel != NULL)
    dd_nats_squad_channel_send_async (channel, DD_CHAT_SOURCE_CUE, dd_chat_message_get_text (cue),
                                      NULL, cue_sent_cb, g_object_ref (self));
}

void
_dd_drop_session_attach_squad (DdDropSession  *self,
                               DdSquadChannel *channel)
{
  if (self->squad != NULL)
    g_signal_handlers_disconnect_by_data (self->squad, self);
  g_set_object (&self->squad, channel);
  if (self->shared_states == NULL)
    self->shared_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_signal_connect_object (channel, "squad-message", G_CALLBACK (squad_message_cb), self, 0);
  g_signal_connect_object (channel, "cue", G_CALLBACK (squad_message_cb), self, 0);
  g_signal_connect_object (channel, "alert", G_CALLBACK (squad_alert_cb), self, 0);
  /* Setup and consumer failures are tried again and show in the
   * connectivity indicator; they are not alerts. */
  if (DD_IS_NATS_SQUAD_CHANNEL (channel))
    {
      g_signal_connect_object (channel, "state-changed", G_CALLBACK (state_changed_cb), self, 0);
      g_signal_connect_object (channel, "caught-up", G_CALLBACK (caught_up_cb), self, 0);
      _dd_drop_session_attach_squad_ledger (self);
    }
}

void
_dd_drop_session_start_squad (DdDropSession *self)
{
  DdNatsSquadChannel *channel = nats_channel (self);

  if (channel != NULL)
    {
      /* The stream cursor lives in the drop's own store. */
      g_autoptr(DdNatsSquadClaims) claims = dd_nats_squad_claims_new (channel);

      dd_nats_squad_channel_set_store (channel, self->store);
      /* One answer per buyer question across the squad's laptops, claimed
       * under this member's squad login. */
      dd_chat_desk_set_actor (self->desk, dd_nats_squad_channel_get_login (channel),
                              dd_nats_squad_channel_get_role (channel));
      dd_chat_desk_set_claims (self->desk, DD_CHAT_CLAIMS (claims));
      watch_offers (self);
      _dd_drop_session_watch_checklists (self);
    }
  dd_squad_channel_start (self->squad);
  /* This laptop's ledger out to the squad, the others' kept here. */
  _dd_drop_session_start_squad_ledger (self);
}

void
dd_drop_session_set_squad_channel (DdDropSession  *self,
                                   DdSquadChannel *channel)
{
  g_return_if_fail (DD_IS_DROP_SESSION (self));
  g_return_if_fail (DD_IS_SQUAD_CHANNEL (channel));
  g_return_if_fail (!self->running && !self->starting);

  _dd_drop_session_attach_squad (self, channel);
}

DdSquadChannel *
dd_drop_session_get_squad_channel (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return self->squad;
}

gboolean
dd_drop_session_has_simulated_squad (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), FALSE);

  return DD_IS_DEMO_SQUAD_CHANNEL (self->squad);
}
