/* dd-offer-format.h — how the offer editor and the go-live confirmation word an offer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-core.h"

G_BEGIN_DECLS

/* "14:02:07" in local time. */
char *dd_offer_format_clock  (gint64   time_us);
/* "14:02:00 – 15:12:00, ends in 41:20" (or "starts in", "over", "No
 * window set") at `now`. */
char *dd_offer_format_window (DdOffer *offer,
                              gint64   now);
/* "Synced", "Pending" (until synced), "Conflict", "Rejected". */
const char *dd_offer_format_sync_state (DdSyncState state);
/* The sync column: "Removed in Medusa" when the offer's product is gone
 * there, else its sync state as above. */
const char *dd_offer_format_sync       (DdOffer    *offer);
/* "Limit 2 per buyer" or "No limit per buyer". */
char *dd_offer_format_cap    (DdOffer *offer);

G_END_DECLS
