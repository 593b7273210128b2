/* dd-nats-headers.c — the header block of NATS messages (HPUB, HMSG)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dd-nats-headers.h"
#include "dd-net-error.h"

#define STATUS_PREFIX "NATS/1.0"

struct _DdNatsHeaders
{
  grefcount ref_count;
  guint status;
  char *description;
  GPtrArray *fields; /* key, value, key, value, ... */
};

G_DEFINE_BOXED_TYPE (DdNatsHeaders, dd_nats_headers, dd_nats_headers_ref, dd_nats_headers_unref)

static gboolean
is_sendable (const char *text,
             gboolean    is_key)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        return FALSE;
      if (is_key && (*p == ':' || *p == ' ' || *p == '\t' || (guchar) *p < 0x21))
        return FALSE;
    }
  return TRUE;
}

static char *
strip (const char *text,
       gsize       len)
{
  while (len > 0 && (text[0] == ' ' || text[0] == '\t'))
    text++, len--;
  while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
    len--;
  return g_strndup (text, len);
}

DdNatsHeaders *
dd_nats_headers_new (void)
{
  DdNatsHeaders *self = g_new0 (DdNatsHeaders, 1);

  g_ref_count_init (&self->ref_count);
  self->fields = g_ptr_array_new_with_free_func (g_free);
  return self;
}

DdNatsHeaders *
dd_nats_headers_ref (DdNatsHeaders *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_ref_count_inc (&self->ref_count);
  return self;
}

void
dd_nats_headers_unref (DdNatsHeaders *self)
{
  g_return_if_fail (self != NULL);
  if (!g_ref_count_dec (&self->ref_count))
    return;
  g_ptr_array_unref (self->fields);
  g_free (self->description);
  g_free (self);
}

static gboolean
malformed (GError    **error,
           const char *what)
{
  g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
               _("The NATS server sent message headers this app cannot read: %s"), what);
  return FALSE;
}

static gboolean
parse_status_line (DdNatsHeaders *self,
                   const char    *line,
                   gsize          len,
                   GError       **error)
{
  const char *p = line + strlen (STATUS_PREFIX);
  const char *end = line + len;
  guint code = 0;
  guint digits = 0;

  if (len < strlen (STATUS_PREFIX) || memcmp (line, STATUS_PREFIX, strlen (STATUS_PREFIX)) != 0)
    return malformed (error, _("the first line is not “NATS/1.0”"));

  while (p < end && *p == ' ')
    p++;
  while (p < end && g_ascii_isdigit (*p) && digits < 3)
    code = code * 10 + (guint) (*p++ - '0'), digits++;
  if (digits != 0 && digits != 3)
    return malformed (error, _("a status code that is not three digits"));
  if (p < end && g_ascii_isdigit (*p))
    return malformed (error, _("a status code that is not three digits"));
  self->status = code;
  if (p < end)
    self->description = strip (p, (gsize) (end - p));
  return TRUE;
}

DdNatsHeaders *
dd_nats_headers_parse (const char *block,
                       gsize       len,
                       GError    **error)
{
  g_autoptr(DdNatsHeaders) self = dd_nats_headers_new ();
  const char *p = block;
  const char *end = block + len;
  gboolean first = TRUE;

  g_return_val_if_fail (block != NULL || len == 0, NULL);

  if (memchr (block, '\0', len) != NULL)
    {
      malformed (error, _("a NUL byte"));
      return NULL;
    }

  while (p < end)
    {
      const char *lf = memchr (p, '\n', (gsize) (end - p));
      const char *colon;
      gsize line_len;

      if (lf == NULL || lf == p || lf[-1] != '\r')
        {
          malformed (error, _("a line that does not end in CR LF"));
          return NULL;
        }
      line_len = (gsize) (lf - 1 - p);
      if (memchr (p, '\r', line_len) != NULL)
        {
          malformed (error, _("a stray CR in a line"));
          return NULL;
        }

      if (first)
        {
          if (!parse_status_line (self, p, line_len, error))
            return NULL;
          first = FALSE;
        }
      else if (line_len == 0)
        {
          if (lf + 1 != end)
            {
              malformed (error, _("bytes after the empty line"));
              return NULL;
            }
          return g_steal_pointer (&self);
        }
      else
        {
          colon = memchr (p, ':', line_len);
          if (colon == NULL || colon == p)
            {
              malformed (error, _("a line without “key: value”"));
              return NULL;
            }
          char *key = strip (p, (gsize) (colon - p));

          if (*key == '\0')
            {
              g_free (key);
              malformed (error, _("a line without “key: value”"));
              return NULL;
            }
          g_ptr_array_add (self->fields, key);
          g_ptr_array_add (self->fields, strip (colon + 1, (gsize) (p + line_len - colon - 1)));
        }
      p = lf + 1;
    }

  if (first)
    {
      malformed (error, _("the block is empty"));
      return NULL;
    }
  /* Servers end the block with an empty line; tolerate its absence. */
  return g_steal_pointer (&self);
}

gboolean
dd_nats_headers_add (DdNatsHeaders *self,
                     const char    *key,
                     const char    *value,
                     GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  if (*key == '\0' || !is_sendable (key, TRUE) || !is_sendable (value, FALSE))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("The message header “%s” cannot be sent: it holds a line break, "
                     "a colon or a space where none is allowed"), key);
      return FALSE;
    }
  g_ptr_array_add (self->fields, g_strdup (key));
  g_ptr_array_add (self->fields, g_strdup (value));
  return TRUE;
}

const char *
dd_nats_headers_get (DdNatsHeaders *self,
                     const char    *key)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i + 1 < self->fields->len; i += 2)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->fields, i), key) == 0)
      return g_ptr_array_index (self->fields, i + 1);
  return NULL;
}

guint
dd_nats_headers_get_n_fields (DdNatsHeaders *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->fields->len / 2;
}

void
dd_nats_headers_get_field (DdNatsHeaders *self,
                           guint          index,
                           const char   **key,
                           const char   **value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->fields->len / 2);
  if (key != NULL)
    *key = g_ptr_array_index (self->fields, 2 * index);
  if (value != NULL)
    *value = g_ptr_array_index (self->fields, 2 * index + 1);
}

guint
dd_nats_headers_get_status (DdNatsHeaders *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->status;
}

const char *
dd_nats_headers_get_description (DdNatsHeaders *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->description;
}

void
dd_nats_headers_encode (DdNatsHeaders *self,
                        GString       *out)
{
  g_return_if_fail (self != NULL);

  g_string_append (out, STATUS_PREFIX "\r\n");
  for (guint i = 0; i + 1 < self->fields->len; i += 2)
    {
      g_string_append (out, g_ptr_array_index (self->fields, i));
      g_string_append (out, ": ");
      g_string_append (out, g_ptr_array_index (self->fields, i + 1));
      g_string_append (out, "\r\n");
    }
  g_string_append (out, "\r\n");
}
