/* dd-price-history.c — past prices of a variant, for the prior-price rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-price-history.h"

gboolean
dd_price_history_find_lowest (const DdPricePoint *points,
                              gsize               n_points,
                              const char         *currency,
                              gint64              now,
                              DdPricePoint       *out)
{
  gint64 period_start = now - DD_PRIOR_PRICE_PERIOD;
  const DdPricePoint *carried_in = NULL;  /* in effect when the period began */
  const DdPricePoint *lowest = NULL;

  g_return_val_if_fail (points != NULL || n_points == 0, FALSE);
  g_return_val_if_fail (currency != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  for (gsize i = 0; i < n_points; i++)
    {
      const DdPricePoint *point = &points[i];

      if (strcmp (point->price.currency, currency) != 0 || point->valid_from >= now)
        continue;

      if (point->valid_from < period_start)
        {
          if (carried_in == NULL || point->valid_from > carried_in->valid_from)
            carried_in = point;
          continue;
        }

      if (lowest == NULL || point->price.minor < lowest->price.minor
          || (point->price.minor == lowest->price.minor && point->valid_from < lowest->valid_from))
        lowest = point;
    }

  if (carried_in != NULL && (lowest == NULL || carried_in->price.minor <= lowest->price.minor))
    {
      out->price = carried_in->price;
      out->valid_from = period_start;
      return TRUE;
    }

  if (lowest == NULL)
    return FALSE;

  *out = *lowest;
  return TRUE;
}
