/* dd-offer-editing-private.h — what the files of DdOfferEditing share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-offer-editing.h"

G_BEGIN_DECLS

/* dd-offer-editing-window.c: an incentive window as a person types it,
 * "20:40 – 21:50" (or with seconds, "-" or "to" between), local times on
 * the day of `now`, across midnight when the end comes round the clock
 * within half a day ("23:30 – 00:30") or the times are over half a day
 * behind `now` (tomorrow's). Errors name the incentive window. */
gboolean _dd_offer_editing_parse_window  (const char  *text,
                                          gint64       now,
                                          gint64      *start,
                                          gint64      *end,
                                          GError     **error);
/* "2026-11-25T20:40:00Z/2026-11-25T21:50:00Z" (ISO 8601, UTC) for the
 * ledger; NULL for an unset window. */
char    *_dd_offer_editing_format_window (gint64       start,
                                          gint64       end);

/* dd-offer-editing-bundle.c: loads the catalog from `store` on a worker
 * thread, refuses a bundle that contains itself (when `check_cycle`), and
 * derives where `offer`'s components let it ship from. */
void     _dd_offer_editing_check_bundle_async  (DdStore             *store,
                                                DdOffer             *offer,
                                                gboolean             check_cycle,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
DdBundleFulfilment *
         _dd_offer_editing_check_bundle_finish (GAsyncResult  *result,
                                                GError       **error);
/* For a components edit, sets the candidate's bucket from `fulfilment`
 * (keeping a post-drop gate while the bundle is cross-hub); for a latency
 * bucket edit, refuses a promise faster than the stock allows. */
gboolean _dd_offer_editing_apply_fulfilment    (DdOffer                  *candidate,
                                                DdOfferField              field,
                                                const DdBundleFulfilment *fulfilment,
                                                GError                  **error);

G_END_DECLS
