/* dd-offer-guards.c — the price and window rules an offer edit must pass
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-core-error.h"
#include "dd-offer-guards.h"

/* "2026-11-02", in UTC: the day a price was in effect. */
static char *
format_day (gint64 time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d") : g_strdup ("?");
}

/* "2026-11-02 18:30:05 UTC": when a window starts or ends. */
static char *
format_moment (gint64 time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");
}

/* a * b compared with c * d, for non-negative a, c and small b, d, without
 * overflow: -1, 0 or 1. */
static int
compare_products (gint64 a,
                  gint64 b,
                  gint64 c,
                  gint64 d)
{
#ifdef __SIZEOF_INT128__
  __int128 left = (__int128) a * b;
  __int128 right = (__int128) c * d;

  return (left > right) - (left < right);
#else
  long double left = (long double) a * b;   /* exact below 2^64 */
  long double right = (long double) c * d;

  return (left > right) - (left < right);
#endif
}

gboolean
dd_offer_guard_was_price (const DdMoney       *claimed_was,
                          const DdPricePoint  *prior,
                          GError             **error)
{
  g_return_val_if_fail (claimed_was != NULL, FALSE);

  if (!dd_money_is_valid (claimed_was))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_UNKNOWN_CURRENCY,
                   _("Compare-at price is in “%s”, which is not a currency Dropdeck knows"),
                   claimed_was->currency);
      return FALSE;
    }

  if (prior == NULL || strcmp (prior->price.currency, claimed_was->currency) != 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                   _("A compare-at (“was”) price cannot be shown: the variant had no price in %s in the 30 days before the reduction to compare with"),
                   claimed_was->currency);
      return FALSE;
    }

  if (claimed_was->minor > prior->price.minor)
    {
      g_autofree char *claimed_text = dd_money_format (claimed_was);
      g_autofree char *lowest_text = dd_money_format (&prior->price);
      g_autofree char *day = format_day (prior->valid_from);

      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                   _("Compare-at price %s is above the lowest price of the 30 days before the reduction, %s on %s; a “was” price may be at most %s"),
                   claimed_text, lowest_text, day, lowest_text);
      return FALSE;
    }

  return TRUE;
}

gboolean
dd_offer_guard_prior_price (const DdMoney       *claimed_was,
                            const DdMoney       *price,
                            const DdPricePoint  *history,
                            gsize                n_history,
                            gint64               now,
                            GError             **error)
{
  DdPricePoint prior;
  gboolean found;

  g_return_val_if_fail (claimed_was != NULL, FALSE);
  g_return_val_if_fail (price != NULL, FALSE);
  g_return_val_if_fail (history != NULL || n_history == 0, FALSE);

  found = dd_price_history_find_prior_price (history, n_history, price, now, &prior, NULL);
  return dd_offer_guard_was_price (claimed_was, found ? &prior : NULL, error);
}

gboolean
dd_offer_guard_percent_off (const DdMoney       *price,
                            guint                percent_off,
                            const DdPricePoint  *history,
                            gsize                n_history,
                            gint64               now,
                            GError             **error)
{
  DdPricePoint lowest;

  g_return_val_if_fail (price != NULL, FALSE);
  g_return_val_if_fail (history != NULL || n_history == 0, FALSE);

  if (percent_off < 1 || percent_off > 99)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Discount must be between 1 %% and 99 %%, not %u %%"), percent_off);
      return FALSE;
    }

  if (!dd_price_history_find_prior_price (history, n_history, price, now, &lowest, NULL))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                   _("A %u %% discount cannot be shown: the variant had no price in %s in the 30 days before the reduction to compare with"),
                   percent_off, price->currency);
      return FALSE;
    }

  /* price <= lowest * (100 - percent_off) / 100 */
  if (compare_products (price->minor, 100, lowest.price.minor, 100 - percent_off) > 0)
    {
      g_autofree char *price_text = dd_money_format (price);
      g_autofree char *lowest_text = dd_money_format (&lowest.price);
      g_autofree char *day = format_day (lowest.valid_from);
      DdMoney most = dd_money_init (lowest.price.minor / 100 * (100 - percent_off)
                                    + lowest.price.minor % 100 * (100 - percent_off) / 100,
                                    price->currency);
      g_autofree char *most_text = dd_money_format (&most);

      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                   _("%s is not %u %% off the lowest price of the 30 days before the reduction, %s on %s; for that claim the price may be at most %s"),
                   price_text, percent_off, lowest_text, day, most_text);
      return FALSE;
    }

  return TRUE;
}

gboolean
dd_offer_guard_window_change (gint64   old_start,
                              gint64   old_end,
                              gint64   new_start,
                              gint64   new_end,
                              gint64   now,
                              GError **error)
{
  g_autofree char *started = NULL;

  if (old_start == new_start && old_end == new_end)
    return TRUE;

  /* A window that never started may be set up as the squad likes. */
  if (old_start == 0 || old_start > now)
    return TRUE;

  started = format_moment (old_start);

  if (old_end != 0 && old_end <= now)
    {
      g_autofree char *ended = format_moment (old_end);

      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                   _("Incentive window ended at %s and cannot be reopened: a new window needs a new offer"),
                   ended);
      return FALSE;
    }

  if (new_start != old_start)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                   _("Incentive window started counting down at %s and cannot be restarted: a new window needs a new offer"),
                   started);
      return FALSE;
    }

  if (new_end > old_end || new_end == 0)
    {
      g_autofree char *ends = format_moment (old_end);

      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                   _("Incentive window started counting down at %s and cannot be extended past %s: a new window needs a new offer"),
                   started, ends);
      return FALSE;
    }

  if (new_end < now)
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                           _("Incentive window cannot be made to end in the past; end the offer instead"));
      return FALSE;
    }

  return TRUE;
}

gboolean
dd_offer_guard_window (gint64    start,
                       gint64    end,
                       char    **warning,
                       GError  **error)
{
  if (warning != NULL)
    *warning = NULL;

  if (start <= 0 || end <= 0)
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                           _("Incentive window needs a start and an end"));
      return FALSE;
    }

  if (end <= start)
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                           _("Incentive window must end after it starts"));
      return FALSE;
    }

  if (end - start < DD_SHORT_WINDOW && warning != NULL)
    *warning = g_strdup_printf (_("Incentive window lasts only %d seconds: buyers cannot finish checkout in under %d seconds"),
                                (int) ((end - start) / G_TIME_SPAN_SECOND),
                                (int) (DD_SHORT_WINDOW / G_TIME_SPAN_SECOND));

  return TRUE;
}

gboolean
dd_offer_guard_is_large_drop (const DdMoney *old_price,
                              const DdMoney *new_price,
                              guint          threshold_percent)
{
  g_return_val_if_fail (old_price != NULL && new_price != NULL, FALSE);

  if (strcmp (old_price->currency, new_price->currency) != 0
      || old_price->minor <= 0 || new_price->minor >= old_price->minor)
    return FALSE;

  /* (old - new) / old > threshold / 100 */
  return compare_products (old_price->minor - MAX (new_price->minor, 0), 100,
                           old_price->minor, MIN (threshold_percent, 100)) > 0;
}

gboolean
dd_offer_guard_price_drop (const char       *offer_id,
                           const DdMoney    *old_price,
                           const DdMoney    *new_price,
                           guint             threshold_percent,
                           DdPriceApproval  *approval,
                           GError          **error)
{
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;

  g_return_val_if_fail (offer_id != NULL, FALSE);
  g_return_val_if_fail (old_price != NULL && new_price != NULL, FALSE);

  if (!dd_offer_guard_is_large_drop (old_price, new_price, threshold_percent))
    return TRUE;

  if (approval != NULL && dd_price_approval_covers (approval, offer_id, old_price, new_price))
    return TRUE;

  old_text = dd_money_format (old_price);
  new_text = dd_money_format (new_price);

  if (approval == NULL || (dd_price_approval_get_state (approval) == DD_PRICE_APPROVAL_PENDING
                           && g_strcmp0 (dd_price_approval_get_offer_id (approval), offer_id) == 0
                           && dd_money_equal (dd_price_approval_get_old_price (approval), old_price)
                           && dd_money_equal (dd_price_approval_get_new_price (approval), new_price)))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NEEDS_APPROVAL,
                   _("Price drop from %s to %s is more than %u %%: it needs approval by a second squad member (Producer or Ops lead)"),
                   old_text, new_text, threshold_percent);
      return FALSE;
    }

  if (dd_price_approval_get_state (approval) == DD_PRICE_APPROVAL_REJECTED)
    g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                 _("Price drop from %s to %s was rejected by %s"),
                 old_text, new_text, dd_price_approval_get_decided_by (approval));
  else
    g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                 _("The approval on hand is for another offer or other prices; price drop from %s to %s needs its own approval"),
                 old_text, new_text);
  return FALSE;
}

gboolean
dd_offer_guard_remote_exists (DdOffer  *offer,
                              GError  **error)
{
  g_return_val_if_fail (DD_IS_OFFER (offer), FALSE);

  if (!dd_offer_get_remote_gone (offer))
    return TRUE;
  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
               /* Translators: %s is an offer's title */
               _("“%s” was removed in Medusa: a change could not be sent to a product that no longer exists"),
               dd_offer_get_title (offer));
  return FALSE;
}
