/* dd-offer-guards.h — the price and window rules an offer edit must pass
 *
 * Pure functions: everything they need is passed in, `now` included, so
 * the editor, the store and the tests get the same answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-money.h"
#include "dd-offer.h"
#include "dd-price-approval.h"
#include "dd-price-history.h"

G_BEGIN_DECLS

/* A price drop beyond this share (percent) needs a second member's approval. */
#define DD_PRICE_DROP_DEFAULT_THRESHOLD 30
/* Buyers cannot finish checkout in a shorter incentive window. */
#define DD_SHORT_WINDOW (30 * G_TIME_SPAN_SECOND)

/* Prior-price rule (EU Omnibus directive, art. 6a): a "was" price on
 * `price` must not exceed the lowest price of the variant in its currency
 * over the 30 days before the reduction to `price` took effect (see
 * dd_price_history_find_prior_price()). Refuses (DD_CORE_ERROR_REFUSED)
 * with the lowest price and its date, or when no price was in effect. */
gboolean dd_offer_guard_prior_price        (const DdMoney       *claimed_was,
                                            const DdMoney       *price,
                                            const DdPricePoint  *history,
                                            gsize                n_history,
                                            gint64               now,
                                            GError             **error);
/* The same rule against a prior price found elsewhere (the store's
 * lookup): `prior` NULL means no price was in effect in the period. */
gboolean dd_offer_guard_was_price          (const DdMoney       *claimed_was,
                                            const DdPricePoint  *prior,
                                            GError             **error);
/* The same rule for an "N % off" claim on `price`: the discount must hold
 * against the same prior price. `percent_off` is 1..99. */
gboolean dd_offer_guard_percent_off        (const DdMoney       *price,
                                            guint                percent_off,
                                            const DdPricePoint  *history,
                                            gsize                n_history,
                                            gint64               now,
                                            GError             **error);
/* Countdown integrity: once a window has started (start <= now), it cannot
 * be restarted (start moved) or extended (end moved later), and once it has
 * ended it cannot change at all: a new window needs a new offer. Ending a
 * running window earlier is allowed, but not in the past. A window that
 * has not started may change freely (see dd_offer_guard_window()). */
/* An offer whose product the commerce engine deleted takes no change:
 * nothing could be sent to a product that no longer exists. */
gboolean dd_offer_guard_remote_exists      (DdOffer             *offer,
                                            GError             **error);
gboolean dd_offer_guard_window_change      (gint64               old_start,
                                            gint64               old_end,
                                            gint64               new_start,
                                            gint64               new_end,
                                            gint64               now,
                                            GError             **error);
/* A window must have both ends and end after it starts (an error naming
 * the incentive window); one shorter than DD_SHORT_WINDOW is allowed with
 * a translated warning in `*warning` (NULL otherwise). */
gboolean dd_offer_guard_window             (gint64               start,
                                            gint64               end,
                                            char               **warning,
                                            GError             **error);
/* TRUE when going from `old_price` to `new_price` drops the price by more
 * than `threshold_percent` percent. */
gboolean dd_offer_guard_is_large_drop      (const DdMoney       *old_price,
                                            const DdMoney       *new_price,
                                            guint                threshold_percent);
/* Two-person rule: a large drop passes only with an approval that covers
 * this offer and these prices; otherwise DD_CORE_ERROR_NEEDS_APPROVAL
 * (no approval, or still pending) or DD_CORE_ERROR_REFUSED (rejected, or
 * for other prices). */
gboolean dd_offer_guard_price_drop         (const char          *offer_id,
                                            const DdMoney       *old_price,
                                            const DdMoney       *new_price,
                                            guint                threshold_percent,
                                            DdPriceApproval     *approval,
                                            GError             **error);

G_END_DECLS
