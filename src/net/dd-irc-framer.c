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

#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)
#define CRS G_GUINT64_CONSTANT (0x0D0D0D0D0D0D0D0D)
#define HAS_ZERO_BYTE(w) (((w) - ONES) & ~(w) & HIGHS)

static inline gboolean
is_continuation (guchar c)
{
  return (c & 0xC0) == 0x80;
}

/* TRUE when `len` bytes are valid UTF-8 (as g_utf8_validate_len() sees
 * it) without NUL or CR. Runs of ASCII go eight bytes at a time: this is
 * the framer's hot loop. */
static gboolean
line_is_clean (const char *line,
               gsize       len)
{
  const guchar *p = (const guchar *) line;
  const guchar *end = p + len;

  while (p < end)
    {
      guchar c;

      if (end - p >= 8)
        {
          guint64 w, cr;

          memcpy (&w, p, sizeof w);
          cr = w ^ CRS;
          if (((w & HIGHS) | HAS_ZERO_BYTE (w) | HAS_ZERO_BYTE (cr)) == 0)
            {
              p += 8;
              continue;
            }
        }

      c = *p;
      if (c < 0x80)
        {
          if (c == '\0' || c == '\r')
            return FALSE;
          p++;
        }
      else if (c < 0xC2)
        {
          return FALSE; /* a continuation byte or an overlong form */
        }
      else if (c < 0xE0)
        {
          if (end - p < 2 || !is_continuation (p[1]))
            return FALSE;
          p += 2;
        }
      else if (c < 0xF0)
        {
          if (end - p < 3 || !is_continuation (p[1]) || !is_continuation (p[2]) ||
              (c == 0xE0 && p[1] < 0xA0) ||  /* overlong */
              (c == 0xED && p[1] > 0x9F))    /* a surrogate */
            return FALSE;
          p += 3;
        }
      else if (c < 0xF5)
        {
          if (end - p < 4 || !is_continuation (p[1]) || !is_continuation (p[2]) ||
              !is_continuation (p[3]) ||
              (c == 0xF0 && p[1] < 0x90) ||  /* overlong */
              (c == 0xF4 && p[1] > 0x8F))    /* beyond U+10FFFF */
            return FALSE;
          p += 4;
        }
      else
        {
          return FALSE;
        }
    }

  return TRUE;
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

  if (G_LIKELY (line_is_clean (line, len)))
    {
      self->stats.lines++;
      func (line, len, user_data);
      return;
    }

  emit_repaired (self, line, len, func, user_data);
}

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
