/* dd-irc-message.c — the IRCv3 line codec: one line in, offsets out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-irc-message.h"
#include "dd-net-error.h"

static inline DdIrcSpan
make_span (gsize start,
           gsize end)
{
  DdIrcSpan span = { (guint16) start, (guint16) (end - start) };

  return span;
}

static inline gsize
skip_spaces (const char *line,
             gsize       pos,
             gsize       len)
{
  while (pos < len && line[pos] == ' ')
    pos++;
  return pos;
}

static inline gsize
find_space (const char *line,
            gsize       pos,
            gsize       len)
{
  const char *space = memchr (line + pos, ' ', len - pos);

  return space != NULL ? (gsize) (space - line) : len;
}

static inline void
add_tag (DdIrcMessage *msg,
         gsize         start,
         gsize         equals,
         gsize         end)
{
  DdIrcTag *tag;

  /* An empty item (";;") or a tag without a name is malformed: skip it
   * and keep the rest. */
  if (equals == start || end == start)
    return;
  if (msg->n_tags == DD_IRC_MAX_TAGS)
    {
      msg->tags_dropped = TRUE;
      return;
    }

  tag = &msg->tags[msg->n_tags++];
  if (equals < end)
    {
      tag->key = make_span (start, equals);
      tag->value = make_span (equals + 1, end);
    }
  else
    {
      tag->key = make_span (start, end);
      tag->value = make_span (end, end);
    }
}

/* memchr() finds each ';' (values such as ids and nonces are long); the
 * '=' is looked for only over the short key in front of it. */
static void
parse_tags (DdIrcMessage *msg,
            gsize         start,
            gsize         end)
{
  const char *line = msg->line;
  gsize pos = start;

  while (pos <= end)
    {
      const char *semi = memchr (line + pos, ';', end - pos);
      gsize item_end = semi != NULL ? (gsize) (semi - line) : end;
      gsize equals = pos;

      while (equals < item_end && line[equals] != '=')
        equals++;
      add_tag (msg, pos, equals, item_end);
      pos = item_end + 1;
    }
}

static void
split_source (DdIrcMessage *msg,
              gsize         start,
              gsize         end)
{
  const char *line = msg->line;
  const char *bang = memchr (line + start, '!', end - start);
  const char *at = memchr (line + start, '@', end - start);
  gsize bang_pos = bang != NULL ? (gsize) (bang - line) : end;
  gsize at_pos = at != NULL ? (gsize) (at - line) : end;

  msg->source = make_span (start, end);
  msg->nick = make_span (start, MIN (bang_pos, at_pos));
  if (bang_pos < at_pos)
    msg->user = make_span (bang_pos + 1, at_pos);
  if (at_pos < end)
    msg->host = make_span (at_pos + 1, end);
}

static gboolean
command_is_valid (const char *command,
                  gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (command[i]))
      return FALSE;
  return TRUE;
}

gboolean
dd_irc_message_parse (DdIrcMessage  *msg,
                      const char    *line,
                      gsize          line_len,
                      GError       **error)
{
  gsize pos = 0;
  gsize end;

  g_return_val_if_fail (msg != NULL, FALSE);
  g_return_val_if_fail (line != NULL || line_len == 0, FALSE);

  /* Only the counters need clearing: spans beyond them are never read. */
  msg->line = line;
  msg->line_len = line_len;
  msg->n_tags = 0;
  msg->tags_dropped = FALSE;
  msg->n_params = 0;
  msg->has_trailing = FALSE;
  msg->source = msg->nick = msg->user = msg->host = make_span (0, 0);
  msg->command = make_span (0, 0);

  if (line_len > DD_IRC_MAX_LINE_BYTES)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("The server sent a line of %" G_GSIZE_FORMAT " bytes; at most %d are accepted"),
                   line_len, DD_IRC_MAX_LINE_BYTES);
      return FALSE;
    }

  end = line_len;

  if (end > 0 && line[0] == '@')
    {
      gsize tags_end = find_space (line, 1, end);

      if (tags_end + 1 > DD_IRC_MAX_TAG_SECTION_BYTES)
        {
          g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                       _("The server sent a tag section of %" G_GSIZE_FORMAT " bytes; at most %d are allowed"),
                       tags_end + 1, DD_IRC_MAX_TAG_SECTION_BYTES);
          return FALSE;
        }
      parse_tags (msg, 1, tags_end);
      pos = skip_spaces (line, tags_end, end);
    }

  if (pos < end && line[pos] == ':')
    {
      gsize source_end = find_space (line, pos + 1, end);

      split_source (msg, pos + 1, source_end);
      pos = skip_spaces (line, source_end, end);
    }

  {
    gsize command_end = find_space (line, pos, end);

    if (command_end == pos)
      {
        g_set_error_literal (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                             _("The server sent a line without a command"));
        return FALSE;
      }
    if (!command_is_valid (line + pos, command_end - pos))
      {
        g_set_error_literal (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                             _("The server sent a line whose command is not a word or a number"));
        return FALSE;
      }
    msg->command = make_span (pos, command_end);
    pos = command_end;
  }

  for (;;)
    {
      gsize param_end;

      pos = skip_spaces (line, pos, end);
      if (pos >= end)
        break;

      /* The fifteenth parameter takes the rest of the line, colon or not. */
      if (line[pos] == ':' || msg->n_params == DD_IRC_MAX_PARAMS - 1)
        {
          if (line[pos] == ':')
            {
              msg->has_trailing = TRUE;
              pos++;
            }
          msg->params[msg->n_params++] = make_span (pos, end);
          break;
        }

      param_end = find_space (line, pos, end);
      msg->params[msg->n_params++] = make_span (pos, param_end);
      pos = param_end;
    }

  return TRUE;
}

gboolean
dd_irc_message_span_equal (const DdIrcMessage *msg,
                           DdIrcSpan           span,
                           const char         *str)
{
  gsize len = strlen (str);

  return span.len == len && memcmp (msg->line + span.offset, str, len) == 0;
}

gboolean
dd_irc_message_is_command (const DdIrcMessage *msg,
                           const char         *command)
{
  gsize len = strlen (command);

  return msg->command.len == len &&
         g_ascii_strncasecmp (msg->line + msg->command.offset, command, len) == 0;
}

const DdIrcTag *
dd_irc_message_find_tag (const DdIrcMessage *msg,
                         const char         *key)
{
  for (guint i = msg->n_tags; i > 0; i--)
    if (dd_irc_message_span_equal (msg, msg->tags[i - 1].key, key))
      return &msg->tags[i - 1];
  return NULL;
}

char *
dd_irc_message_dup_span (const DdIrcMessage *msg,
                         DdIrcSpan           span)
{
  return g_strndup (msg->line + span.offset, span.len);
}

char *
dd_irc_message_dup_tag_value (const DdIrcMessage *msg,
                              const DdIrcTag     *tag)
{
  char *out = g_malloc (tag->value.len + 1);
  gsize n = dd_irc_tag_unescape (msg->line + tag->value.offset, tag->value.len, out);

  out[n] = '\0';
  return out;
}

gsize
dd_irc_tag_unescape (const char *value,
                     gsize       len,
                     char       *out)
{
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (value[i] != '\\')
        {
          out[n++] = value[i];
          continue;
        }

      if (++i == len)
        break; /* a lone trailing backslash stands for nothing */

      switch (value[i])
        {
        case ':':
          out[n++] = ';';
          break;
        case 's':
          out[n++] = ' ';
          break;
        case 'r':
          out[n++] = '\r';
          break;
        case 'n':
          out[n++] = '\n';
          break;
        default: /* "\\" and unknown escapes: the character itself */
          out[n++] = value[i];
          break;
        }
    }

  return n;
}

void
dd_irc_tag_escape (GString    *out,
                   const char *value,
                   gssize      len)
{
  gsize n = len < 0 ? strlen (value) : (gsize) len;

  for (gsize i = 0; i < n; i++)
    {
      switch (value[i])
        {
        case ';':
          g_string_append_len (out, "\\:", 2);
          break;
        case ' ':
          g_string_append_len (out, "\\s", 2);
          break;
        case '\\':
          g_string_append_len (out, "\\\\", 2);
          break;
        case '\r':
          g_string_append_len (out, "\\r", 2);
          break;
        case '\n':
          g_string_append_len (out, "\\n", 2);
          break;
        default:
          g_string_append_c (out, value[i]);
          break;
        }
    }
}
