/* dd-nats-parser.c — turns a NATS server byte stream into operations
 *
 * Everything fed is appended to one buffer; operations are parsed in place
 * (separators become NULs) and handed out with pointers into it. A MSG or
 * HMSG whose payload has not fully arrived stays in the buffer with its
 * parsed line remembered, so a payload cut into many chunks is scanned once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dd-nats-parser.h"
#include "dd-net-error.h"

struct _DdNatsParser
{
  char *buf;
  gsize cap;
  gsize start;    /* first byte not yet consumed */
  gsize len;      /* bytes in buf */
  gsize scanned;  /* bytes after start known to hold no LF */
  gsize max_payload;

  /* A message line parsed, waiting for its payload; offsets from start. */
  gboolean awaiting_payload;
  DdNatsOpKind pending_kind;
  gsize pending_subject;
  gssize pending_reply;
  guint64 pending_sid;
  gsize pending_body;       /* where the header block or payload begins */
  gsize pending_header_len;
  gsize pending_total_len;
};

#define MAX_ARGS 6

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t';
}

/* A short, printable excerpt of bad input for an error message. */
static char *
excerpt (const char *data,
         gsize       len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len && i < 40; i++)
    g_string_append_c (out, g_ascii_isprint (data[i]) ? data[i] : '?');
  if (len > 40)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static gboolean
parse_size (const char *text,
            guint64    *out)
{
  guint64 value = 0;

  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) || value > G_MAXINT64 / 10)
        return FALSE;
      value = value * 10 + (guint64) (*p - '0');
    }
  *out = value;
  return TRUE;
}

/* Splits `line` (NUL-terminated, writable) into at most MAX_ARGS words. */
static guint
split_args (char  *line,
            char **args)
{
  guint n = 0;
  char *p = line;

  while (*p != '\0')
    {
      while (is_space (*p))
        *p++ = '\0';
      if (*p == '\0')
        break;
      if (n == MAX_ARGS)
        return MAX_ARGS + 1;
      args[n++] = p;
      while (*p != '\0' && !is_space (*p))
        p++;
    }
  return n;
}

DdNatsServerErrorKind
dd_nats_classify_server_error (const char *message)
{
  g_autofree char *lower = g_ascii_strdown (message, -1);

  if (strstr (lower, "permissions violation") != NULL)
    return DD_NATS_SERVER_ERROR_PERMISSION;
  if (strstr (lower, "authorization violation") != NULL ||
      strstr (lower, "authentication") != NULL)
    return DD_NATS_SERVER_ERROR_AUTHORIZATION;
  return DD_NATS_SERVER_ERROR_OTHER;
}

static gboolean
protocol_error (GError    **error,
                const char *line,
                gsize       len,
                const char *what)
{
  g_autofree char *shown = excerpt (line, len);

  g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
               _("The NATS server sent something this app cannot read (%s): “%s”"),
               what, shown);
  return FALSE;
}

/* Parses the arguments of MSG or HMSG into the pending fields. */
static gboolean
parse_message_line (DdNatsParser *self,
                    DdNatsOpKind  kind,
                    char         *line,
                    char        **args,
                    guint         n_args,
                    gsize         body,
                    GError      **error)
{
  guint fixed = kind == DD_NATS_OP_HMSG ? 4 : 3;
  guint64 header_len = 0, total_len = 0, sid;
  gboolean has_reply;

  if (n_args != fixed && n_args != fixed + 1)
    return protocol_error (error, line, strlen (line), _("wrong number of fields in a message"));
  has_reply = n_args == fixed + 1;

  if (!parse_size (args[1], &sid))
    return protocol_error (error, args[1], strlen (args[1]), _("a subscription id that is not a number"));
  if (kind == DD_NATS_OP_HMSG)
    {
      if (!parse_size (args[n_args - 2], &header_len) ||
          !parse_size (args[n_args - 1], &total_len) ||
          header_len > total_len)
        return protocol_error (error, args[0], strlen (args[0]), _("bad message sizes"));
    }
  else if (!parse_size (args[n_args - 1], &total_len))
    {
      return protocol_error (error, args[0], strlen (args[0]), _("a bad message size"));
    }

  if (total_len > self->max_payload)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("The NATS server sent a message of %" G_GUINT64_FORMAT " bytes, "
                     "over the limit of %" G_GSIZE_FORMAT " bytes"),
                   total_len, self->max_payload);
      return FALSE;
    }

  self->awaiting_payload = TRUE;
  self->pending_kind = kind;
  self->pending_subject = (gsize) (args[0] - (self->buf + self->start));
  self->pending_reply = has_reply ? args[2] - (self->buf + self->start) : -1;
  self->pending_sid = sid;
  self->pending_body = body;
  self->pending_header_len = (gsize) header_len;
  self->pending_total_len = (gsize) total_len;
  return TRUE;
}

/* Handles one control line (CR LF removed, NUL-terminated, writable).
 * `body` is the offset just past its LF. */
static gboolean
handle_line (DdNatsParser *self,
             char         *line,
             gsize         line_len,
             gsize         body,
             DdNatsOpFunc  func,
             gpointer      user_data,
             gboolean     *go_on,
             GError      **error)
{
  DdNatsOp op = { 0 };
  char *name = line;
  char *rest;
  gsize name_len;

  while (is_space (*name))
    name++;
  for (rest = name; *rest != '\0' && !is_space (*rest); rest++)
    ;
  name_len = (gsize) (rest - name);
  if (*rest != '\0')
    *rest++ = '\0';
  while (is_space (*rest))
    rest++;

  if (name_len == 3 && g_ascii_strcasecmp (name, "MSG") == 0)
    {
      char *args[MAX_ARGS];
      guint n = split_args (rest, args);

      return parse_message_line (self, DD_NATS_OP_MSG, rest, args, n, body, error);
    }
  if (name_len == 4 && g_ascii_strcasecmp (name, "HMSG") == 0)
    {
      char *args[MAX_ARGS];
      guint n = split_args (rest, args);

      return parse_message_line (self, DD_NATS_OP_HMSG, rest, args, n, body, error);
    }

  if (name_len == 4 && g_ascii_strcasecmp (name, "PING") == 0 && *rest == '\0')
    op.kind = DD_NATS_OP_PING;
  else if (name_len == 4 && g_ascii_strcasecmp (name, "PONG") == 0 && *rest == '\0')
    op.kind = DD_NATS_OP_PONG;
  else if (name_len == 3 && g_ascii_strcasecmp (name, "+OK") == 0 && *rest == '\0')
    op.kind = DD_NATS_OP_OK;
  else if (name_len == 4 && g_ascii_strcasecmp (name, "INFO") == 0 && *rest == '{')
    {
      gsize n = strlen (rest);

      while (n > 0 && is_space (rest[n - 1]))
        rest[--n] = '\0';
      op.kind = DD_NATS_OP_INFO;
      op.text = rest;
      op.text_len = n;
    }
  else if (name_len == 4 && g_ascii_strcasecmp (name, "-ERR") == 0)
    {
      gsize n = strlen (rest);

      while (n > 0 && is_space (rest[n - 1]))
        rest[--n] = '\0';
      if (n >= 2 && rest[0] == '\'' && rest[n - 1] == '\'')
        {
          rest[--n] = '\0';
          rest++;
          n--;
        }
      op.kind = DD_NATS_OP_ERR;
      op.text = rest;
      op.text_len = n;
      op.error_kind = dd_nats_classify_server_error (rest);
    }
  else
    {
      return protocol_error (error, line, line_len, _("an unknown operation"));
    }

  *go_on = func (&op, user_data);
  return TRUE;
}

/* Hands out the pending message if all of it has arrived. */
static gboolean
complete_message (DdNatsParser *self,
                  DdNatsOpFunc  func,
                  gpointer      user_data,
                  gboolean     *complete,
                  gboolean     *go_on,
                  GError      **error)
{
  char *base = self->buf + self->start;
  gsize need = self->pending_body + self->pending_total_len + 2;
  DdNatsOp op = { 0 };
  char *body;

  *complete = FALSE;
  if (self->len - self->start < need)
    return TRUE;

  body = base + self->pending_body;
  if (body[self->pending_total_len] != '\r' || body[self->pending_total_len + 1] != '\n')
    return protocol_error (error, body + self->pending_total_len,
                           MIN (self->len - self->start - self->pending_body - self->pending_total_len, 40),
                           _("a message longer than its announced size"));
  body[self->pending_total_len] = '\0';

  op.kind = self->pending_kind;
  op.subject = base + self->pending_subject;
  op.reply = self->pending_reply >= 0 ? base + self->pending_reply : NULL;
  op.sid = self->pending_sid;
  if (op.kind == DD_NATS_OP_HMSG)
    {
      op.headers = body;
      op.headers_len = self->pending_header_len;
    }
  op.payload = body + self->pending_header_len;
  op.payload_len = self->pending_total_len - self->pending_header_len;

  self->awaiting_payload = FALSE;
  self->start += need;
  self->scanned = 0;
  *complete = TRUE;
  *go_on = func (&op, user_data);
  return TRUE;
}

static void
append (DdNatsParser *self,
        const char   *data,
        gsize         len)
{
  if (self->start == self->len)
    self->start = self->len = 0;

  if (self->len + len + 1 > self->cap)
    {
      if (self->start > 0)
        {
          memmove (self->buf, self->buf + self->start, self->len - self->start);
          self->len -= self->start;
          self->start = 0;
        }
      if (self->len + len + 1 > self->cap)
        {
          gsize cap = MAX (self->cap * 2, 4096);

          while (cap < self->len + len + 1)
            cap *= 2;
          self->buf = g_realloc (self->buf, cap);
          self->cap = cap;
        }
    }
  memcpy (self->buf + self->len, data, len);
  self->len += len;
}

DdNatsParser *
dd_nats_parser_new (void)
{
  DdNatsParser *self = g_new0 (DdNatsParser, 1);

  self->max_payload = DD_NATS_DEFAULT_MAX_PAYLOAD;
  return self;
}

void
dd_nats_parser_free (DdNatsParser *self)
{
  if (self == NULL)
    return;
  g_free (self->buf);
  g_free (self);
}

void
dd_nats_parser_set_max_payload (DdNatsParser *self,
                                gsize         max_payload)
{
  g_return_if_fail (self != NULL);
  self->max_payload = max_payload > 0 ? max_payload : DD_NATS_DEFAULT_MAX_PAYLOAD;
}

gboolean
dd_nats_parser_feed (DdNatsParser *self,
                     const char   *data,
                     gsize         len,
                     DdNatsOpFunc  func,
                     gpointer      user_data,
                     GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  append (self, data, len);

  for (;;)
    {
      gboolean go_on = TRUE;
      char *line, *lf;
      gsize avail, line_len, body;

      if (self->awaiting_payload)
        {
          gboolean complete;

          if (!complete_message (self, func, user_data, &complete, &go_on, error))
            return FALSE;
          if (!complete)
            return TRUE;
          if (!go_on)
            return TRUE;
          continue;
        }

      avail = self->len - self->start;
      line = self->buf + self->start;
      lf = memchr (line + self->scanned, '\n', avail - self->scanned);
      if (lf == NULL)
        {
          if (avail > DD_NATS_MAX_LINE_BYTES)
            {
              g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                           _("The NATS server sent a line longer than %d bytes"),
                           DD_NATS_MAX_LINE_BYTES);
              return FALSE;
            }
          self->scanned = avail;
          return TRUE;
        }

      line_len = (gsize) (lf - line);
      body = line_len + 1;
      if (line_len > DD_NATS_MAX_LINE_BYTES)
        {
          g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                       _("The NATS server sent a line longer than %d bytes"),
                       DD_NATS_MAX_LINE_BYTES);
          return FALSE;
        }
      if (line_len > 0 && line[line_len - 1] == '\r')
        line_len--;
      if (memchr (line, '\0', line_len) != NULL)
        return protocol_error (error, line, line_len, _("a NUL byte in a line"));
      if (memchr (line, '\r', line_len) != NULL)
        return protocol_error (error, line, line_len, _("a stray CR in a line"));
      line[line_len] = '\0';
      self->scanned = 0;

      if (!handle_line (self, line, line_len, body, func, user_data, &go_on, error))
        return FALSE;
      if (!self->awaiting_payload)
        self->start += body;
      if (!go_on)
        return TRUE;
    }
}

void
dd_nats_parser_reset (DdNatsParser *self)
{
  g_return_if_fail (self != NULL);
  self->start = self->len = self->scanned = 0;
  self->awaiting_payload = FALSE;
}

gsize
dd_nats_parser_get_pending (DdNatsParser *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->len - self->start;
}
