/* dd-drop-session-squad-checklists.c — checklist state shared with the squad
 *
 * Each item's state is the key "checklist.<checklist>.<item>" in the squad's
 * checklist bucket: {"state": "done", "by": "Ben", "at": µs, "note": "..."}.
 * A sign-off here is written over the revision this laptop last saw; one
 * from another laptop is applied here (and said in an alert); when someone
 * signed first, theirs is kept and shown, ours was not written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dd-drop-session-private.h"
#include "dd-nats-kv.h"

#define CHECKLIST_KEY_PREFIX "checklist."
#define ITEM_KEY_DATA "dd-squad-key"

static const char * const state_nicks[] = {
  [DD_CHECKLIST_ITEM_OPEN] = "open",
  [DD_CHECKLIST_ITEM_DONE] = "done",
  [DD_CHECKLIST_ITEM_FAILED] = "failed",
};

static const char *
state_to_nick (DdChecklistItemState state)
{
  return (guint) state < G_N_ELEMENTS (state_nicks) ? state_nicks[state] : "open";
}

static gboolean
state_from_nick (const char           *nick,
                 DdChecklistItemState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_nicks); i++)
    if (g_strcmp0 (nick, state_nicks[i]) == 0)
      {
        *state = (DdChecklistItemState) i;
        return TRUE;
      }
  return FALSE;
}

/* {"state": "done", "by": "producer:Maya", "at": µs, "note": "..."}; a
 * missing signer or note is left out. */
static char *
item_json (DdChecklistItem *item)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  const char *by = dd_checklist_item_get_signed_by (item);
  const char *note = dd_checklist_item_get_note (item);

  json_object_set_string_member (object, "state", state_to_nick (dd_checklist_item_get_state (item)));
  if (by != NULL)
    json_object_set_string_member (object, "by", by);
  json_object_set_int_member (object, "at", dd_checklist_item_get_signed_at (item));
  if (note != NULL)
    json_object_set_string_member (object, "note", note);
  node = json_node_init_object (json_node_alloc (), object);
  return json_to_string (node, FALSE);
}

/* The item a key names, and its checklist (borrowed). */
static DdChecklistItem *
item_for_key (DdDropSession  *self,
              const char     *key,
              DdChecklist   **checklist_out)
{
  GListModel *checklists = G_LIST_MODEL (self->checklists);
  const char *rest = key + strlen (CHECKLIST_KEY_PREFIX);

  for (guint i = 0; i < g_list_model_get_n_items (checklists); i++)
    {
      g_autoptr(DdChecklist) checklist = g_list_model_get_item (checklists, i);
      const char *id = dd_checklist_get_id (checklist);
      gsize len = strlen (id);

      if (strncmp (rest, id, len) == 0 && rest[len] == '.')
        {
          *checklist_out = checklist;  /* the drop's model keeps it */
          return dd_checklist_lookup (checklist, rest + len + 1);
        }
    }
  return NULL;
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dd_store_save_finish (DD_STORE (source), result, &error))
    g_warning ("A squad member's checklist change could not be stored: %s", error->message);
}

/* Applies the squad's value for an item and stores its checklist. */
static gboolean
apply (DdDropSession   *self,
       DdChecklist     *checklist,
       DdChecklistItem *item,
       const char      *key,
       const char      *value,
       gboolean         announce)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *text = NULL;
  DdChecklistItemState state;
  JsonObject *object;
  JsonNode *root;
  const char *by;

  if (!json_parser_load_from_data (parser, value, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  if (!state_from_nick (json_object_get_string_member_with_default (object, "state", ""), &state))
    return FALSE;
  by = json_object_get_string_member_with_default (object, "by", NULL);
  g_hash_table_insert (self->shared_states, g_strdup (key), g_strdup (state_to_nick (state)));
  if (dd_checklist_item_get_state (item) == state &&
      g_strcmp0 (dd_checklist_item_get_signed_by (item), by) == 0)
    return FALSE;
  dd_checklist_item_restore_state (item, state, by,
                                   json_object_get_int_member_with_default (object, "at", 0),
                                   json_object_get_string_member_with_default (object, "note", NULL));
  if (self->store != NULL)
    {
      g_autoptr(GPtrArray) to_save = g_ptr_array_new ();

      g_ptr_array_add (to_save, checklist);
      dd_store_save_checklists_async (self->store, to_save, NULL, saved_cb, NULL);
    }
  if (announce && state == DD_CHECKLIST_ITEM_DONE)
    {
      g_autofree char *signer = dd_checklist_item_dup_signer_label (item);

      /* Translators: a squad member ("Ben (Ops lead)") signed a checklist item off on their laptop. */
      text = g_strdup_printf (_("%s signed off “%s”"), signer != NULL ? signer : "?",
                              dd_checklist_item_get_title (item));
      _dd_drop_session_emit_alert (self, text);
    }
  return TRUE;
}

gboolean
_dd_drop_session_apply_checklist_state (DdDropSession *self,
                                        const char    *key,
                                        const char    *value,
                                        gboolean       announce)
{
  DdChecklist *checklist = NULL;
  DdChecklistItem *item;

  if (!g_str_has_prefix (key, CHECKLIST_KEY_PREFIX) || (item = item_for_key (self, key, &checklist)) == NULL)
    return FALSE;
  return apply (self, checklist, item, key, value, announce);
}

static void
item_write_failed (DdDropSession *self,
                   GObject       *target,
                   const char    *key,
                   int            before,
                   const char    *agreed)
{
  /* Someone signed first: theirs is shown. Nothing agreed: this laptop's
   * sign-off stays and is shared again with its next change. */
  if (agreed != NULL)
    _dd_drop_session_apply_checklist_state (self, key, agreed, FALSE);
  else
    g_hash_table_remove (self->shared_states, key);
}

static void
item_state_notify_cb (DdChecklistItem *item,
                      GParamSpec      *pspec,
                      DdDropSession   *self)
{
  const char *key = g_object_get_data (G_OBJECT (item), ITEM_KEY_DATA);
  const char *nick = state_to_nick (dd_checklist_item_get_state (item));
  g_autofree char *value = NULL;
  g_autofree char *label = NULL;

  if (key == NULL || g_strcmp0 (_dd_drop_session_shared_nick (self, key), nick) == 0)
    return;
  value = item_json (item);
  label = g_strdup_printf (_("Checklist item “%s”"), dd_checklist_item_get_title (item));
  _dd_drop_session_share_state (self, key, nick, value, label, G_OBJECT (item), 0, item_write_failed);
}

void
_dd_drop_session_watch_checklists (DdDropSession *self)
{
  GListModel *checklists = G_LIST_MODEL (self->checklists);

  for (guint i = 0; i < g_list_model_get_n_items (checklists); i++)
    {
      g_autoptr(DdChecklist) checklist = g_list_model_get_item (checklists, i);

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (checklist)); j++)
        {
          g_autoptr(DdChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (checklist), j);
          g_autofree char *key = g_strdup_printf (CHECKLIST_KEY_PREFIX "%s.%s", dd_checklist_get_id (checklist),
                                                  dd_checklist_item_get_id (item));

          /* Ids a key cannot hold stay on this laptop. */
          if (!dd_nats_kv_key_is_valid (key))
            continue;
          g_hash_table_insert (self->shared_states, g_strdup (key),
                               g_strdup (state_to_nick (dd_checklist_item_get_state (item))));
          g_object_set_data_full (G_OBJECT (item), ITEM_KEY_DATA, g_steal_pointer (&key), g_free);
          g_signal_connect_object (item, "notify::state", G_CALLBACK (item_state_notify_cb), self, 0);
        }
    }
}
