/* dd-medusa-json.c — reading and writing the JSON Medusa speaks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "dd-medusa-json.h"
#include "dd-medusa-money.h"
#include "dd-net-error.h"

/* Deeper nesting than any Medusa answer has: refused before json-glib
 * recurses into it. */
#define MAX_DEPTH 64

typedef enum {
  LEXICAL_OK,
  LEXICAL_TOO_DEEP,
  LEXICAL_NOT_JSON,
} LexicalCheck;

/* Counts nesting outside strings before json-glib sees the text. json-glib
 * also reads 'single-quoted' strings and comments, which JSON does not have
 * and Medusa never sends; a quote inside either would hide brackets from
 * this count (deep input slips through, and its re-written form is then
 * refused), so outside a string a ' or a / means the text is not JSON. */
static LexicalCheck
check_lexically (const char *data,
                 gsize       len)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '\'' || c == '/')
        return LEXICAL_NOT_JSON;
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_DEPTH)
            return LEXICAL_TOO_DEEP;
        }
      else if (c == '}' || c == ']')
        depth--;
    }

  return LEXICAL_OK;
}

JsonNode *
dd_medusa_json_parse (const char  *data,
                      gsize        len,
                      const char  *what,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  LexicalCheck lexical;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  if (len == 0)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("Medusa sent an empty answer for %s"), what);
      return NULL;
    }
  lexical = len > G_MAXSSIZE ? LEXICAL_TOO_DEEP : check_lexically (data, len);
  if (lexical == LEXICAL_TOO_DEEP)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("Medusa sent %s nested too deeply to read"), what);
      return NULL;
    }
  if (lexical == LEXICAL_NOT_JSON)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("Medusa sent %s that is not valid JSON: a quote or comment JSON does not have"),
                   what);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("Medusa sent %s that is not valid JSON: %s"), what, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("Medusa sent %s that is not a JSON object"), what);
      return NULL;
    }

  return json_node_ref (root);
}

static void
write_node (GString  *out,
            JsonNode *node);

static void
write_string (GString    *out,
              const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *quoted = NULL;

  json_node_set_string (node, text);
  quoted = json_to_string (node, FALSE);
  g_string_append (out, quoted);
}

static void
write_node (GString  *out,
            JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *member;
        JsonNode *child;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &member, &child))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            write_string (out, member);
            g_string_append_c (out, ':');
            write_node (out, child);
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_DOUBLE)
          {
            g_autofree char *text = dd_medusa_format_double (json_node_get_double (node));

            g_string_append (out, text != NULL ? text : "null");
          }
        else if (type == G_TYPE_INT64)
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else
          write_string (out, json_node_get_string (node));
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

char *
dd_medusa_json_to_string (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);

  write_node (out, node);

  return g_string_free (out, FALSE);
}

/* The member's node, or NULL when it is missing or null. */
static JsonNode *
lookup (JsonObject *object,
        const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

static gboolean
wrong_type (const char  *what,
            const char  *member,
            const char  *expected,
            GError     **error)
{
  g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
               /* Translators: e.g. "Medusa sent stock location “Hub A” with “metadata” that is not an object" */
               _("Medusa sent %s with “%s” that is not %s"), what, member, expected);
  return FALSE;
}

gboolean
dd_medusa_json_get_string (JsonObject  *object,
                           const char  *member,
                           const char  *what,
                           const char **out,
                           GError     **error)
{
  JsonNode *node = lookup (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (what, member, _("text"), error);

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
dd_medusa_json_get_array (JsonObject  *object,
                          const char  *member,
                          const char  *what,
                          JsonArray  **out,
                          GError     **error)
{
  JsonNode *node = lookup (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (what, member, _("a list"), error);

  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
dd_medusa_json_get_object (JsonObject  *object,
                           const char  *member,
                           const char  *what,
                           JsonObject **out,
                           GError     **error)
{
  JsonNode *node = lookup (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (what, member, _("an object"), error);

  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
dd_medusa_json_get_double (JsonObject  *object,
                           const char  *member,
                           const char  *what,
                           gboolean    *found,
                           double      *out,
                           GError     **error)
{
  JsonNode *node = lookup (object, member);
  GType type;

  *found = FALSE;
  *out = 0;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return wrong_type (what, member, _("a number"), error);

  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;

      errno = 0;
      *out = g_ascii_strtod (text, &end);
      if (*text == '\0' || g_ascii_isspace (*text) || *end != '\0' || errno != 0)
        return wrong_type (what, member, _("a number"), error);
    }
  else
    return wrong_type (what, member, _("a number"), error);

  if (!isfinite (*out))
    return wrong_type (what, member, _("a number"), error);

  *found = TRUE;
  return TRUE;
}

gboolean
dd_medusa_json_get_integer (JsonObject  *object,
                            const char  *member,
                            const char  *what,
                            gint64       min,
                            gint64       max,
                            gboolean    *found,
                            gint64      *out,
                            GError     **error)
{
  JsonNode *node = lookup (object, member);
  gint64 value;

  *found = FALSE;
  *out = 0;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return wrong_type (what, member, _("a whole number"), error);

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d) || d < -9007199254740992.0 || d > 9007199254740992.0)
        return wrong_type (what, member, _("a whole number"), error);
      value = (gint64) d;
    }
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autoptr(GError) parse_error = NULL;
      guint64 magnitude;
      const char *text = json_node_get_string (node);
      gboolean negative = text[0] == '-';

      if (!g_ascii_string_to_unsigned (text + (negative ? 1 : 0), 10, 0, G_MAXINT64,
                                       &magnitude, &parse_error))
        return wrong_type (what, member, _("a whole number"), error);
      value = negative ? -(gint64) magnitude : (gint64) magnitude;
    }
  else
    return wrong_type (what, member, _("a whole number"), error);

  if (value < min || value > max)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("Medusa sent %s with “%s” = %" G_GINT64_FORMAT ", outside %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT),
                   what, member, value, min, max);
      return FALSE;
    }

  *found = TRUE;
  *out = value;
  return TRUE;
}
