/* dd-price-history.c — past prices of a variant, for the prior-price rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-price-history.h"

DdPriceRecord *
dd_price_record_new (const char    *offer_id,
                     const char    *sku,
                     const DdMoney *price,
                     gint64         valid_from)
{
  DdPriceRecord *self;

  g_return_val_if_fail (offer_id != NULL && sku != NULL && price != NULL, NULL);

  self = g_new0 (DdPriceRecord, 1);
  self->offer_id = g_strdup (offer_id);
  self->sku = g_strdup (sku);
  self->point.price = *price;
  self->point.valid_from = valid_from;
  return self;
}

DdPriceRecord *
dd_price_record_copy (const DdPriceRecord *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return dd_price_record_new (self->offer_id, self->sku, &self->point.price, self->point.valid_from);
}

void
dd_price_record_free (DdPriceRecord *self)
{
  if (self == NULL)
    return;

  g_free (self->offer_id);
  g_free (self->sku);
  g_free (self);
}

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

gint64
dd_price_history_find_reduction_start (const DdPricePoint *points,
                                       gsize               n_points,
                                       const DdMoney      *price,
                                       gint64              now)
{
  const DdPricePoint *in_effect = NULL;
  gboolean has_other = FALSE;
  gint64 last_other = G_MININT64;  /* the last different price at or before now */
  gint64 run_start = now;

  g_return_val_if_fail (points != NULL || n_points == 0, now);
  g_return_val_if_fail (price != NULL, now);

  for (gsize i = 0; i < n_points; i++)
    {
      const DdPricePoint *point = &points[i];

      if (strcmp (point->price.currency, price->currency) != 0 || point->valid_from > now)
        continue;

      if (in_effect == NULL || point->valid_from > in_effect->valid_from)
        in_effect = point;
      if (point->price.minor != price->minor && (!has_other || point->valid_from > last_other))
        {
          last_other = point->valid_from;
          has_other = TRUE;
        }
    }

  if (in_effect == NULL || in_effect->price.minor != price->minor)
    return now;

  for (gsize i = 0; i < n_points; i++)
    {
      const DdPricePoint *point = &points[i];

      if (strcmp (point->price.currency, price->currency) != 0 || point->valid_from > now)
        continue;
      if ((!has_other || point->valid_from > last_other) && point->valid_from < run_start)
        run_start = point->valid_from;
    }

  return run_start;
}

gboolean
dd_price_history_find_prior_price (const DdPricePoint *points,
                                   gsize               n_points,
                                   const DdMoney      *price,
                                   gint64              now,
                                   DdPricePoint       *out,
                                   gint64             *reduction_start)
{
  gint64 start;

  g_return_val_if_fail (points != NULL || n_points == 0, FALSE);
  g_return_val_if_fail (price != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  start = dd_price_history_find_reduction_start (points, n_points, price, now);
  if (reduction_start != NULL)
    *reduction_start = start;
  return dd_price_history_find_lowest (points, n_points, price->currency, start, out);
}
