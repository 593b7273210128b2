/* dd-squad-event.c — the payload of a squad message, cue or alert on the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dd-squad-event.h"

typedef struct
{
  const char *p;
  const char *end;
} Cursor;

char *
dd_squad_event_encode (const char *id,
                       const char *login,
                       const char *name,
                       DdRole      role,
                       const char *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  const char *keys[] = { "id", "login", "name", "role", "text" };
  const char *values[] = { id, login, name, dd_role_to_nick (role), text };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      json_builder_set_member_name (builder, keys[i]);
      json_builder_add_string_value (builder, values[i]);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

void
dd_squad_event_clear (DdSquadEvent *event)
{
  g_clear_pointer (&event->id, g_free);
  g_clear_pointer (&event->login, g_free);
  g_clear_pointer (&event->name, g_free);
  g_clear_pointer (&event->role, g_free);
  g_clear_pointer (&event->text, g_free);
}

static char **
slot_for (DdSquadEvent *event,
          const char   *key,
          gsize         len)
{
#define KEY_IS(name) (len == strlen (name) && memcmp (key, name, len) == 0)
  if (KEY_IS ("id"))
    return &event->id;
  if (KEY_IS ("login"))
    return &event->login;
  if (KEY_IS ("name"))
    return &event->name;
  if (KEY_IS ("role"))
    return &event->role;
  if (KEY_IS ("text"))
    return &event->text;
#undef KEY_IS
  return NULL;
}

static void
skip_space (Cursor *c)
{
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;
}

static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* A string at c->p (after its opening quote); appends it, unescaped, to
 * `out` when not NULL. FALSE on anything malformed. */
static gboolean
read_string (Cursor  *c,
             GString *out)
{
  while (c->p < c->end)
    {
      const char *run = c->p;
      int unit, low;

      while (c->p < c->end && *c->p != '"' && *c->p != '\\' && (guchar) *c->p >= 0x20)
        c->p++;
      if (out != NULL)
        g_string_append_len (out, run, c->p - run);
      if (c->p >= c->end || (guchar) *c->p < 0x20)
        return FALSE;
      if (*c->p++ == '"')
        return TRUE;
      if (c->p >= c->end)
        return FALSE;
      switch (*c->p++)
        {
        case '"': if (out) g_string_append_c (out, '"'); break;
        case '\\': if (out) g_string_append_c (out, '\\'); break;
        case '/': if (out) g_string_append_c (out, '/'); break;
        case 'b': if (out) g_string_append_c (out, '\b'); break;
        case 'f': if (out) g_string_append_c (out, '\f'); break;
        case 'n': if (out) g_string_append_c (out, '\n'); break;
        case 'r': if (out) g_string_append_c (out, '\r'); break;
        case 't': if (out) g_string_append_c (out, '\t'); break;
        case 'u':
          if (c->end - c->p < 4 || (unit = hex4 (c->p)) < 0)
            return FALSE;
          c->p += 4;
          if (unit >= 0xD800 && unit < 0xDC00 && c->end - c->p >= 6 && c->p[0] == '\\' &&
              c->p[1] == 'u' && (low = hex4 (c->p + 2)) >= 0xDC00 && low < 0xE000)
            {
              unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              c->p += 6;
            }
          else if (unit >= 0xD800 && unit < 0xE000)
            unit = 0xFFFD;  /* a lone surrogate */
          if (out != NULL)
            g_string_append_unichar (out, unit == 0 ? 0xFFFD : (gunichar) unit);
          break;
        default:
          return FALSE;
        }
    }
  return FALSE;
}

/* The fast path: a flat object of strings (other scalars skipped). */
static gboolean
decode_flat (const char   *json,
             gsize         len,
             DdSquadEvent *event)
{
  Cursor c = { json, json + len };
  g_autoptr(GString) value = g_string_sized_new (128);

  skip_space (&c);
  if (c.p >= c.end || *c.p++ != '{')
    return FALSE;
  skip_space (&c);
  if (c.p < c.end && *c.p == '}')
    return ++c.p, skip_space (&c), c.p == c.end;
  for (;;)
    {
      const char *key;
      gsize key_len;
      char **slot;

      skip_space (&c);
      if (c.p >= c.end || *c.p++ != '"')
        return FALSE;
      key = c.p;
      if (!read_string (&c, NULL))
        return FALSE;
      key_len = (gsize) (c.p - 1 - key);
      skip_space (&c);
      if (c.p >= c.end || *c.p++ != ':')
        return FALSE;
      skip_space (&c);
      if (c.p >= c.end)
        return FALSE;
      slot = memchr (key, '\\', key_len) == NULL ? slot_for (event, key, key_len) : NULL;
      if (*c.p == '"')
        {
          c.p++;
          g_string_truncate (value, 0);
          if (!read_string (&c, slot != NULL ? value : NULL))
            return FALSE;
          if (slot != NULL)
            {
              g_free (*slot);
              *slot = g_strndup (value->str, value->len);
            }
        }
      else if (*c.p == '{' || *c.p == '[')
        return FALSE;  /* nested: json-glib's job */
      else
        while (c.p < c.end && *c.p != ',' && *c.p != '}')
          c.p++;
      skip_space (&c);
      if (c.p >= c.end)
        return FALSE;
      if (*c.p == '}')
        {
          c.p++;
          skip_space (&c);
          return c.p == c.end;
        }
      if (*c.p++ != ',')
        return FALSE;
    }
}

static gboolean
decode_with_json_glib (const char   *json,
                       gsize         len,
                       DdSquadEvent *event)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *keys[] = { "id", "login", "name", "role", "text" };
  JsonObject *object;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonNode *node = json_object_get_member (object, keys[i]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        *slot_for (event, keys[i], strlen (keys[i])) = g_strdup (json_node_get_string (node));
    }
  return TRUE;
}

gboolean
dd_squad_event_decode (const char   *json,
                       gsize         len,
                       DdSquadEvent *event)
{
  g_return_val_if_fail (event != NULL, FALSE);

  memset (event, 0, sizeof *event);
  if (json == NULL)
    return FALSE;
  if (decode_flat (json, len, event))
    return TRUE;
  dd_squad_event_clear (event);
  return decode_with_json_glib (json, len, event);
}
