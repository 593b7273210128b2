/* dd-irc-twitch-values.c — Twitch and IRCv3 tag values: numbers, colours,
 * server time and emote ranges
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dd-irc-twitch.h"
#include "dd-irc-twitch-private.h"

gboolean
_dd_irc_parse_uint (const char *data,
                    gsize       len,
                    guint       max_digits,
                    guint64    *out)
{
  guint64 value = 0;

  if (len == 0 || len > max_digits)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (data[i]))
        return FALSE;
      value = value * 10 + (guint64) (data[i] - '0');
    }
  *out = value;
  return TRUE;
}

gint32
dd_irc_twitch_parse_color (const char *value,
                           gsize       len)
{
  gint32 rgb = 0;

  if (len != 7 || value[0] != '#')
    return -1;
  for (gsize i = 1; i < 7; i++)
    {
      int digit = g_ascii_xdigit_value (value[i]);

      if (digit < 0)
        return -1;
      rgb = (rgb << 4) | digit;
    }
  return rgb;
}

static gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint) (y - era * 400);
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

/* Reads `n` digits at `*pos`, then skips an expected separator. */
static gboolean
read_field (const char *value,
            gsize       len,
            gsize      *pos,
            guint       n,
            char        separator,
            guint      *out)
{
  guint64 number;

  if (*pos + n > len || !_dd_irc_parse_uint (value + *pos, n, n, &number))
    return FALSE;
  *pos += n;
  if (separator != '\0')
    {
      if (*pos >= len || value[*pos] != separator)
        return FALSE;
      (*pos)++;
    }
  *out = (guint) number;
  return TRUE;
}

gboolean
dd_irc_parse_server_time (const char *value,
                          gsize       len,
                          gint64     *out_us)
{
  guint year, month, day, hour, minute, second;
  gint64 fraction_us = 0;
  gint64 offset_s = 0;
  gsize pos = 0;

  if (!read_field (value, len, &pos, 4, '-', &year) ||
      !read_field (value, len, &pos, 2, '-', &month) ||
      !read_field (value, len, &pos, 2, 'T', &day) ||
      !read_field (value, len, &pos, 2, ':', &hour) ||
      !read_field (value, len, &pos, 2, ':', &minute) ||
      !read_field (value, len, &pos, 2, '\0', &second))
    return FALSE;

  if (year < 1 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year) ||
      hour > 23 || minute > 59 || second > 60)
    return FALSE;

  if (pos < len && value[pos] == '.')
    {
      gint64 scale = 100000;

      if (++pos >= len || !g_ascii_isdigit (value[pos]))
        return FALSE;
      for (; pos < len && g_ascii_isdigit (value[pos]); pos++)
        {
          fraction_us += (value[pos] - '0') * scale;
          scale /= 10;
        }
    }

  if (pos < len && value[pos] == 'Z')
    {
      pos++;
    }
  else if (pos < len && (value[pos] == '+' || value[pos] == '-'))
    {
      gint64 sign = value[pos] == '-' ? -1 : 1;
      guint off_h, off_m;

      pos++;
      if (!read_field (value, len, &pos, 2, ':', &off_h) ||
          !read_field (value, len, &pos, 2, '\0', &off_m) ||
          off_h > 23 || off_m > 59)
        return FALSE;
      offset_s = sign * (gint64) (off_h * 3600 + off_m * 60);
    }
  else
    {
      return FALSE;
    }

  if (pos != len)
    return FALSE;

  *out_us = ((days_from_civil (year, month, day) * 86400 +
              hour * 3600 + minute * 60 + second - offset_s) * G_USEC_PER_SEC) +
            fraction_us;
  return TRUE;
}

static gboolean
parse_range (const char *p,
             const char *end,
             guint      *start,
             guint      *last)
{
  const char *dash = memchr (p, '-', (gsize) (end - p));
  guint64 a, b;

  if (dash == NULL ||
      !_dd_irc_parse_uint (p, (gsize) (dash - p), 6, &a) ||
      !_dd_irc_parse_uint (dash + 1, (gsize) (end - dash - 1), 6, &b))
    return FALSE;
  *start = (guint) a;
  *last = (guint) b;
  return TRUE;
}

static int
compare_emotes (gconstpointer a,
                gconstpointer b)
{
  const DdIrcEmote *ea = a;
  const DdIrcEmote *eb = b;

  if (ea->start_char != eb->start_char)
    return ea->start_char < eb->start_char ? -1 : 1;
  return (ea->end_char > eb->end_char) - (ea->end_char < eb->end_char);
}

guint
dd_irc_twitch_parse_emotes (char       *spec,
                            const char *text,
                            gsize       text_len,
                            GArray     *out)
{
  g_autofree guint32 *char_start = NULL;
  guint n_chars = 0;
  guint invalid = 0;
  guint first_new;
  char *p = spec;

  g_return_val_if_fail (spec != NULL, 0);
  g_return_val_if_fail (text != NULL || text_len == 0, 0);
  g_return_val_if_fail (out != NULL, 0);

  first_new = out->len;

  /* Byte offset of each character. Every byte that is not a UTF-8
   * continuation byte starts one, which also bounds invalid text. */
  char_start = g_new (guint32, text_len + 1);
  for (gsize i = 0; i < text_len; i++)
    if (i == 0 || ((guchar) text[i] & 0xC0) != 0x80)
      char_start[n_chars++] = (guint32) i;
  char_start[n_chars] = (guint32) text_len;

  while (*p != '\0')
    {
      char *group_end = strchr (p, '/');
      char *colon;

      if (group_end == NULL)
        group_end = p + strlen (p);
      colon = memchr (p, ':', (gsize) (group_end - p));

      if (colon == NULL || colon == p)
        {
          invalid++;
        }
      else
        {
          const char *id = p;
          char *q = colon + 1;

          *colon = '\0';
          while (q < group_end)
            {
              char *range_end = memchr (q, ',', (gsize) (group_end - q));
              guint start, last;

              if (range_end == NULL)
                range_end = group_end;

              if (parse_range (q, range_end, &start, &last) &&
                  start <= last && last < n_chars)
                {
                  DdIrcEmote emote = {
                    id, start, last, char_start[start], char_start[last + 1],
                  };

                  g_array_append_val (out, emote);
                }
              else
                {
                  invalid++;
                }
              q = range_end + 1;
            }
        }

      p = *group_end != '\0' ? group_end + 1 : group_end;
    }

  if (out->len - first_new > 1)
    qsort (&g_array_index (out, DdIrcEmote, first_new), out->len - first_new,
           sizeof (DdIrcEmote), compare_emotes);

  return invalid;
}
