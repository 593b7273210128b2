/* dd-irc-framer.c — splits an IRC byte stream into clean lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-irc-framer.h"
#include "dd-irc-message.h"

/* Room for the longest line plus the CR that may precede its LF. */
#define PENDING_SIZE (DD_IRC_MAX_LINE_BYTES + 1)

struct _DdIrcFramer
{
  DdIrcFramerStats stats;
  gsize pending_len;
  gboolean discarding; /* inside an oversized line: skip to the next LF */
  char pending[PENDING_SIZE];
  char scratch[DD_IRC_MAX_LINE_BYTES];
};

DdIrcFramer *
dd_irc_framer_new (void)
{
  return g_new0 (DdIrcFramer, 1);
}

void
dd_irc_framer_free (DdIrcFramer *self)
{
  g_free (self);
}

/* The rare path: a line holding NUL, a lone CR or invalid UTF-8. */
static void
emit_repaired (DdIrcFramer   *self,
               const char    *line,
               gsize          len,
               DdIrcLineFunc  func,
               gpointer       user_data)
{
  g_autofree char *valid = NULL;
  gboolean had_nul = FALSE;
  gboolean had_cr = FALSE;
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (line[i] == '\0')
        {
          had_nul = TRUE;
          continue;
        }
      if (line[i] == '\r')
        {
          had_cr = TRUE;
          self->scratch[n++] = ' ';
          continue;
        }
      self->scratch[n++] = line[i];
    }

  if (had_nul)
    self->stats.nul_lines++;
  if (had_cr)
    self->stats.stray_cr_lines++;

  if (n == 0)
    {
      self->stats.empty_lines++;
      return;
    }

  if (g_utf8_validate_len (self->scratch, n, NULL))
    {
      self->stats.lines++;
      func (self->scratch, n, user_data);
      return;
    }

  self->stats.invalid_utf8_lines++;
  valid = g_utf8_make_valid (self->scratch, n);
  n = strlen (valid);
  if (n > DD_IRC_MAX_LINE_BYTES)
    {
      /* Each bad byte became three: the repaired line no longer fits. */
      self->stats.oversized_lines++;
      return;
    }

  self->stats.lines++;
  func (valid, n, user_data);
}

static void
emit_line (DdIrcFramer   *self,
           const char    *line,
           gsize          len,
           DdIrcLineFunc  func,
           gpointer       user_data)
{
  if (len > 0 && line[len - 1] == '\r')
    len--;

  if (len == 0)
    {
      self->stats.empty_lines++;
      return;
    }
  if (len > DD_IRC_MAX_LINE_BYTES)
    {
      self->stats.oversized_lines++;
      return;
    }

  /* g_utf8_validate_len() also fails on NUL bytes. */
  if (G_LIKELY (g_utf8_validate_len (line, len, NULL) &&
                memchr (line, '\r', len) == NULL))
    {
      self->stats.lines++;
      func (line, len, user_data);
      return;
    }

  emit_repaired (self, line, len, func, user_data);
}

void
dd_irc_framer_feed (DdIrcFramer   *self,
                    const char    *data,
                    gsize          len,
                    DdIrcLineFunc  func,
                    gpointer       user_data)
{
  gsize pos = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (func != NULL);

  while (pos < len)
    {
      const char *newline = memchr (data + pos, '\n', len - pos);
      gsize line_end;

      if (newline == NULL)
        {
          gsize rest = len - pos;

          if (self->discarding)
            return;
          if (self->pending_len + rest > PENDING_SIZE)
            {
              self->stats.oversized_lines++;
              self->discarding = TRUE;
              self->pending_len = 0;
              return;
            }
          memcpy (self->pending + self->pending_len, data + pos, rest);
          self->pending_len += rest;
          return;
        }

      line_end = (gsize) (newline - data);

      if (self->discarding)
        {
          self->discarding = FALSE;
        }
      else if (self->pending_len > 0)
        {
          gsize part = line_end - pos;

          if (self->pending_len + part > PENDING_SIZE)
            {
              self->stats.oversized_lines++;
            }
          else
            {
              memcpy (self->pending + self->pending_len, data + pos, part);
              emit_line (self, self->pending, self->pending_len + part,
                         func, user_data);
            }
          self->pending_len = 0;
        }
      else
        {
          emit_line (self, data + pos, line_end - pos, func, user_data);
        }

      pos = line_end + 1;
    }
}

void
dd_irc_framer_reset (DdIrcFramer *self)
{
  g_return_if_fail (self != NULL);

  self->pending_len = 0;
  self->discarding = FALSE;
}

gsize
dd_irc_framer_get_pending (DdIrcFramer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->pending_len;
}

const DdIrcFramerStats *
dd_irc_framer_get_stats (DdIrcFramer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->stats;
}
