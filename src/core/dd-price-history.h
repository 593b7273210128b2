/* dd-price-history.h — past prices of a variant, for the prior-price rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-money.h"

G_BEGIN_DECLS

/* The period a "was" price must rest on (EU Omnibus directive). */
#define DD_PRIOR_PRICE_PERIOD (30 * G_TIME_SPAN_DAY)

/* A price a variant had from `valid_from` (µs since the epoch, UTC) until
 * the next point. */
typedef struct
{
  DdMoney price;
  gint64  valid_from;
} DdPricePoint;

/* The lowest price in `currency` in effect at any moment of
 * [now - DD_PRIOR_PRICE_PERIOD, now): the points set in the period and the
 * one in effect when it began. `out->valid_from` is the first moment of
 * the period at that price (the period's start for a price set before it).
 * The points may come in any order. FALSE when no price was in effect. */
gboolean dd_price_history_find_lowest (const DdPricePoint *points,
                                       gsize               n_points,
                                       const char         *currency,
                                       gint64              now,
                                       DdPricePoint       *out);

G_END_DECLS
