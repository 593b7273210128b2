/* dd-squad-roster.c — the squad's members, and the nats-server users made from them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dd-squad-ledger.h"
#include "dd-squad-roster.h"
#include "dd-squad-subjects.h"

static void
member_free (DdSquadRosterMember *member)
{
  g_free (member->login);
  g_free (member->name);
  if (member->password != NULL)
    memset (member->password, 0, strlen (member->password));
  g_free (member->password);
  g_free (member->password_bcrypt);
  g_free (member);
}

void
dd_squad_roster_free (DdSquadRoster *roster)
{
  if (roster == NULL)
    return;
  g_free (roster->squad);
  g_ptr_array_unref (roster->members);
  g_free (roster);
}

/* Text that goes between double quotes in the server's configuration. */
static gboolean
is_config_safe (const char *text)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == '"' || *p == '\\' || *p == '$')
      return FALSE;
  return TRUE;
}

static gboolean
invalid (GError    **error,
         guint       index,
         const char *problem)
{
  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
               _("The roster's member %u %s"), index + 1, problem);
  return FALSE;
}

static gboolean
parse_member (JsonNode             *node,
              guint                 index,
              DdSquadRosterMember **out,
              GError              **error)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new ();
  DdSquadRosterMember *member;
  JsonObject *object;
  const char *login, *role, *password, *bcrypt;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, index, _("is not an object"));
  object = json_node_get_object (node);
  login = json_object_get_string_member_with_default (object, "login", NULL);
  role = json_object_get_string_member_with_default (object, "role", NULL);
  password = json_object_get_string_member_with_default (object, "password", NULL);
  bcrypt = json_object_get_string_member_with_default (object, "password_bcrypt", NULL);

  if (!dd_squad_login_is_valid (login))
    return invalid (error, index, _("needs a “login” of letters, digits, - and _"));
  member = g_new0 (DdSquadRosterMember, 1);
  if (role == NULL || !dd_role_from_nick (role, &member->role))
    {
      member_free (member);
      return invalid (error, index, _("needs a “role”: producer, ops-lead, creator-liaison, "
                                      "mod-trust-lead or engineer-on-call"));
    }
  if ((password == NULL) == (bcrypt == NULL) ||
      (password != NULL && (*password == '\0' || !is_config_safe (password))) ||
      (bcrypt != NULL && (!g_str_has_prefix (bcrypt, "$2") || strpbrk (bcrypt, "\"\\\n") != NULL)))
    {
      member_free (member);
      return invalid (error, index, _("needs either a “password” (no quotes, backslashes, $ or "
                                      "line breaks) or a “password_bcrypt” hash"));
    }
  member->login = g_strdup (login);
  member->name = g_strdup (json_object_get_string_member_with_default (object, "name", login));
  member->password = g_strdup (password);
  member->password_bcrypt = g_strdup (bcrypt);
  *out = member;
  return TRUE;
}

DdSquadRoster *
dd_squad_roster_parse (const char  *json,
                       gssize       len,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(DdSquadRoster) roster = NULL;
  g_autoptr(GHashTable) logins = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonArray *members;
  JsonNode *root;
  const char *squad;

  if (!json_parser_load_from_data (parser, json, len, &local_error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("The roster is not a JSON object: %s"),
                   local_error != NULL ? local_error->message : _("empty"));
      return NULL;
    }
  object = json_node_get_object (root);
  squad = json_object_get_string_member_with_default (object, "squad", NULL);
  if (!dd_squad_name_is_valid (squad))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("The roster needs a “squad” name of 1 to 32 lower-case letters, digits and -"));
      return NULL;
    }
  if (!json_object_has_member (object, "members") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "members")) ||
      json_array_get_length (members = json_object_get_array_member (object, "members")) == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("The roster needs a non-empty “members” list"));
      return NULL;
    }

  roster = g_new0 (DdSquadRoster, 1);
  roster->squad = g_strdup (squad);
  roster->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      DdSquadRosterMember *member = NULL;

      if (!parse_member (json_array_get_element (members, i), i, &member, error))
        return NULL;
      g_ptr_array_add (roster->members, member);
      if (!g_hash_table_add (logins, member->login))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                       _("The roster names “%s” twice"), member->login);
          return NULL;
        }
    }
  return g_steal_pointer (&roster);
}

GStrv
dd_squad_roster_publish_allow (const char *squad,
                               const char *login,
                               DdRole      role)
{
  GPtrArray *allow = g_ptr_array_new ();
  g_autofree char *stream = dd_squad_stream_name (squad);
  static const DdChatSource sources[] = { DD_CHAT_SOURCE_SQUAD, DD_CHAT_SOURCE_CUE, DD_CHAT_SOURCE_ALERT };
  /* Only the roles that run the drop set the squad up on the server. */
  gboolean sets_up = dd_role_can (role, DD_PERMISSION_CHANGE_LIFECYCLE);

  g_ptr_array_add (allow, g_strdup ("$JS.API.INFO"));
  /* Flow-control answers of the ordered consumers. */
  g_ptr_array_add (allow, g_strdup ("$JS.FC.>"));
  for (int i = -1; i < DD_SQUAD_N_BUCKETS; i++)
    {
      g_autofree char *bucket = i >= 0 ? dd_squad_bucket_name (squad, i) : NULL;
      g_autofree char *name = i >= 0 ? g_strconcat ("KV_", bucket, NULL) : g_strdup (stream);

      g_ptr_array_add (allow, g_strdup_printf ("$JS.API.STREAM.INFO.%s", name));
      g_ptr_array_add (allow, g_strdup_printf ("$JS.API.CONSUMER.CREATE.%s", name));
      g_ptr_array_add (allow, g_strdup_printf ("$JS.API.CONSUMER.DELETE.%s.*", name));
      if (sets_up)
        g_ptr_array_add (allow, g_strdup_printf ("$JS.API.STREAM.CREATE.%s", name));
      if (i < 0)
        continue;
      g_ptr_array_add (allow, g_strdup_printf ("$JS.API.DIRECT.GET.%s", name));
      if (i == DD_SQUAD_BUCKET_PRESENCE)
        g_ptr_array_add (allow, g_strdup_printf ("$KV.%s.%s", bucket, login));
      else if (dd_squad_role_may_write (role, i))
        g_ptr_array_add (allow, g_strdup_printf ("$KV.%s.>", bucket));
    }
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if (dd_squad_role_may_send (role, sources[i]))
      g_ptr_array_add (allow, dd_squad_subject (squad, sources[i]));
  /* Every member's changes go to the ledger. */
  g_ptr_array_add (allow, dd_squad_ledger_subject (squad));
  g_ptr_array_add (allow, NULL);
  return (GStrv) g_ptr_array_free (allow, FALSE);
}

char *
dd_squad_roster_to_nats_authorization (const DdSquadRoster *roster)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (roster != NULL, NULL);

  g_string_append_printf (out, "# Squad “%s”: one user per member, permissions by role.\n"
                               "# Written by dropdeckctl squad nats-config; it holds passwords:\n"
                               "# keep it readable by the server's user only.\n", roster->squad);
  g_string_append (out, "authorization {\n  users: [\n");
  for (guint i = 0; i < roster->members->len; i++)
    {
      const DdSquadRosterMember *member = g_ptr_array_index (roster->members, i);
      g_auto(GStrv) allow = dd_squad_roster_publish_allow (roster->squad, member->login, member->role);

      g_string_append_printf (out, "    # %s, %s\n", member->name, dd_role_to_nick (member->role));
      g_string_append_printf (out, "    { user: \"%s\", password: \"%s\",\n", member->login,
                              member->password != NULL ? member->password : member->password_bcrypt);
      g_string_append (out, "      permissions: {\n        publish: { allow: [");
      for (guint j = 0; allow[j] != NULL; j++)
        g_string_append_printf (out, "%s\n          \"%s\"", j > 0 ? "," : "", allow[j]);
      g_string_append (out, "\n        ] }\n        subscribe: { allow: [\"_INBOX.>\"] }\n      } }");
      g_string_append (out, i + 1 < roster->members->len ? ",\n" : "\n");
    }
  g_string_append (out, "  ]\n}\n");
  return g_string_free (out, FALSE);
}
