/* dd-offer-format.c — how the offer editor and the go-live confirmation word an offer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-offer-format.h"

char *
dd_offer_format_clock (gint64 time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("?");
}

char *
dd_offer_format_window (DdOffer *offer,
                        gint64   now)
{
  gint64 start = dd_offer_get_window_start (offer);
  gint64 end = dd_offer_get_window_end (offer);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gint64 left;

  if (start == 0 || end == 0)
    return g_strdup (_("No window set"));

  from = dd_offer_format_clock (start);
  to = dd_offer_format_clock (end);
  if (now < start)
    {
      left = (start - now) / G_USEC_PER_SEC;
      /* Translators: start and end times, then minutes and seconds */
      return g_strdup_printf (_("%s – %s, starts in %" G_GINT64_FORMAT ":%02d"),
                              from, to, left / 60, (int) (left % 60));
    }
  if (now < end)
    {
      left = (end - now) / G_USEC_PER_SEC;
      /* Translators: start and end times, then minutes and seconds */
      return g_strdup_printf (_("%s – %s, ends in %" G_GINT64_FORMAT ":%02d"),
                              from, to, left / 60, (int) (left % 60));
    }
  /* Translators: start and end times of a window that is over */
  return g_strdup_printf (_("%s – %s, over"), from, to);
}

char *
dd_offer_format_cap (DdOffer *offer)
{
  guint cap = dd_offer_get_per_buyer_cap (offer);

  if (cap == 0)
    return g_strdup (_("No limit per buyer"));
  /* Translators: the most units one buyer may order */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Limit %u per buyer", "Limit %u per buyer", cap), cap);
}

const char *
dd_offer_format_sync_state (DdSyncState state)
{
  switch (state)
    {
    case DD_SYNC_STATE_SYNCED:
      return _("Synced");
    case DD_SYNC_STATE_PENDING:
      return _("Pending");
    case DD_SYNC_STATE_CONFLICTED:
      return _("Conflict");
    case DD_SYNC_STATE_REJECTED:
      return _("Rejected");
    default:
      return "";
    }
}

const char *
dd_offer_format_sync (DdOffer *offer)
{
  if (dd_offer_get_remote_gone (offer))
    /* Translators: the offer's product was deleted in the commerce engine */
    return _("Removed in Medusa");
  return dd_offer_format_sync_state (dd_offer_get_sync_state (offer));
}
