/* dd-squad-ledger.c — ledger entries as the squad stream carries them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dd-squad-ledger.h"

/* The string fields, in the order of DdLedgerFields. */
#define N_STRINGS 12

static const char * const names[N_STRINGS] = {
  "entry_id", "actor", "role", "entity", "entity_id", "field",
  "before", "after", "reason", "chat_message_id", "prev_hash", "hash",
};

static void
string_slots (DdLedgerFields *fields,
              const char    **slots[N_STRINGS])
{
  slots[0] = &fields->entry_id;
  slots[1] = &fields->actor;
  slots[2] = &fields->role;
  slots[3] = &fields->entity;
  slots[4] = &fields->entity_id;
  slots[5] = &fields->field;
  slots[6] = &fields->before;
  slots[7] = &fields->after;
  slots[8] = &fields->reason;
  slots[9] = &fields->chat_message_id;
  slots[10] = &fields->prev_hash;
  slots[11] = &fields->hash;
}

char *
dd_squad_ledger_subject (const char *squad)
{
  return g_strdup_printf ("dropdeck.%s.ledger", squad);
}

char *
dd_squad_ledger_encode (DdLedgerEntry *entry,
                        const char    *member)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  DdLedgerFields fields = *dd_ledger_entry_get_fields (entry);
  const char **slots[N_STRINGS];

  string_slots (&fields, slots);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "member");
  json_builder_add_string_value (builder, member);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, fields.seq);
  json_builder_set_member_name (builder, "time_us");
  json_builder_add_int_value (builder, fields.time_us);
  for (guint i = 0; i < N_STRINGS; i++)
    {
      json_builder_set_member_name (builder, names[i]);
      if (*slots[i] != NULL)
        json_builder_add_string_value (builder, *slots[i]);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

DdLedgerEntry *
dd_squad_ledger_decode (const char  *json,
                        gsize        len,
                        char       **member,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(DdLedgerEntry) draft = NULL;
  g_autoptr(DdLedgerEntry) sealed = NULL;
  DdLedgerFields fields = { 0 };
  const char **slots[N_STRINGS];
  JsonObject *object;
  JsonNode *root;
  const char *claimed;
  const char *login;

  if (!json_parser_load_from_data (parser, json, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("A ledger entry on the squad stream is not readable"));
      return NULL;
    }
  object = json_node_get_object (root);
  login = json_object_get_string_member_with_default (object, "member", "?");
  string_slots (&fields, slots);
  fields.seq = json_object_get_int_member_with_default (object, "seq", 0);
  fields.time_us = json_object_get_int_member_with_default (object, "time_us", 0);
  for (guint i = 0; i < N_STRINGS; i++)
    {
      JsonNode *node = json_object_get_member (object, names[i]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        *slots[i] = json_node_get_string (node);
    }
  claimed = fields.hash;
  if (fields.seq <= 0 || fields.entry_id == NULL || fields.actor == NULL || fields.role == NULL ||
      fields.entity == NULL || fields.entity_id == NULL || fields.field == NULL ||
      fields.prev_hash == NULL || claimed == NULL)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("A ledger entry on the squad stream lacks fields it must have"));
      return NULL;
    }

  /* Sealed again from its fields, it must give the hash it claims. */
  fields.hash = NULL;
  draft = dd_ledger_entry_new (&fields);
  sealed = dd_ledger_entry_seal (draft, fields.seq, fields.prev_hash);
  if (g_strcmp0 (dd_ledger_entry_get_hash (sealed), claimed) != 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Ledger entry %" G_GINT64_FORMAT " from %s does not match its hash: it was changed on the way"),
                   fields.seq, login != NULL && g_strcmp0 (login, "?") != 0 ? login : fields.actor);
      return NULL;
    }
  if (member != NULL)
    *member = g_strdup (login != NULL && g_utf8_validate (login, -1, NULL) ? login : "?");
  return g_steal_pointer (&sealed);
}
