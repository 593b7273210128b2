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

/* One row of a variant's price history: `sku`'s price from `point.valid_from`,
 * set through offer `offer_id`. */
typedef struct
{
  char         *offer_id;
  char         *sku;
  DdPricePoint  point;
} DdPriceRecord;

DdPriceRecord *dd_price_record_new  (const char          *offer_id,
                                     const char          *sku,
                                     const DdMoney       *price,
                                     gint64               valid_from);
DdPriceRecord *dd_price_record_copy (const DdPriceRecord *self);
void           dd_price_record_free (DdPriceRecord       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdPriceRecord, dd_price_record_free)

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

/* When the reduction to `price` took effect, as the Omnibus directive
 * reads it: if `price` is the price in effect at `now` (the latest point at
 * or before `now`), the first moment of its current run (the earliest of
 * the points after the last different price); otherwise `now`, because the
 * price takes effect with the edit being checked. */
gint64   dd_price_history_find_reduction_start (const DdPricePoint *points,
                                                gsize               n_points,
                                                const DdMoney      *price,
                                                gint64              now);

/* The prior price a "was" claim on `price` must rest on: the lowest price
 * in effect in the 30 days before the reduction took effect (see
 * dd_price_history_find_reduction_start()), not counting the reduced price
 * itself. `*reduction_start` (may be NULL) receives that moment. FALSE when
 * no price was in effect in that period. */
gboolean dd_price_history_find_prior_price (const DdPricePoint *points,
                                            gsize               n_points,
                                            const DdMoney      *price,
                                            gint64              now,
                                            DdPricePoint       *out,
                                            gint64             *reduction_start);

G_END_DECLS
