/* dd-offer-editing-window.c — an incentive window as a person types it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-offer-editing-private.h"

static gboolean
fail_window (GError    **error,
             const char *text)
{
  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
               /* Translators: %s is what was typed; keep 20:40 – 21:50 as an example */
               _("Incentive window: “%s” is not two times like 20:40 – 21:50"), text);
  return FALSE;
}

/* "20:40" or "20:40:30" on the local day of `day`, as µs since the epoch. */
static gboolean
parse_clock (const char *text,
             GDateTime  *day,
             gint64     *out)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  guint n = g_strv_length (parts);
  int values[3] = { 0, 0, 0 };
  g_autoptr(GDateTime) moment = NULL;

  if (n < 2 || n > 3)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      guint64 value;

      g_strstrip (parts[i]);
      if (parts[i][0] == '\0' || strlen (parts[i]) > 2
          || !g_ascii_string_to_unsigned (parts[i], 10, 0, i == 0 ? 23 : 59, &value, NULL))
        return FALSE;
      values[i] = (int) value;
    }

  moment = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                  g_date_time_get_day_of_month (day), values[0], values[1], values[2]);
  if (moment == NULL)
    return FALSE;
  *out = g_date_time_to_unix (moment) * G_USEC_PER_SEC;
  return TRUE;
}

/* The same local time a day later. */
static gint64
next_day (gint64 time_us)
{
  g_autoptr(GDateTime) moment = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) later = moment != NULL ? g_date_time_add_days (moment, 1) : NULL;

  return later != NULL ? g_date_time_to_unix (later) * G_USEC_PER_SEC : time_us + G_TIME_SPAN_DAY;
}

/* Windows across midnight: times more than half a day behind `now` are
 * tomorrow's ("00:10 – 01:00" typed at 23:50), and an end that comes round
 * the clock within half a day ends the next day ("23:30 – 00:30"). Longer
 * wraps stay as typed, a window that ends before it starts. */
static void
place_across_midnight (gint64  now,
                       gint64 *start,
                       gint64 *end)
{
  if (*start < now - G_TIME_SPAN_DAY / 2)
    {
      *start = next_day (*start);
      *end = next_day (*end);
    }
  if (*end < *start && next_day (*end) - *start <= G_TIME_SPAN_DAY / 2)
    *end = next_day (*end);
}

gboolean
_dd_offer_editing_parse_window (const char  *text,
                                gint64       now,
                                gint64      *start,
                                gint64      *end,
                                GError     **error)
{
  static const char * const separators[] = { "–", " to ", "-" };
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) day = utc != NULL ? g_date_time_to_local (utc) : NULL;

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                           _("Incentive window needs a start and an end, like 20:40 – 21:50"));
      return FALSE;
    }
  if (day == NULL)
    return fail_window (error, trimmed);

  for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
    {
      g_auto(GStrv) ends = g_strsplit (trimmed, separators[i], -1);

      if (g_strv_length (ends) != 2)
        continue;
      if (parse_clock (ends[0], day, start) && parse_clock (ends[1], day, end))
        {
          place_across_midnight (now, start, end);
          return TRUE;
        }
      break;
    }

  return fail_window (error, trimmed);
}

static char *
format_moment (gint64 time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("?");
}

char *
_dd_offer_editing_format_window (gint64 start,
                                 gint64 end)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (start == 0 && end == 0)
    return NULL;
  from = format_moment (start);
  to = format_moment (end);
  return g_strdup_printf ("%s/%s", from, to);
}
