/* dd-offer-machine.h — the offer lifecycle as an explicit transition table
 *
 *   draft -> scheduled -> live <-> paused -> sold_out -> ended
 *   draft, scheduled, paused -> cancelled;  live, paused -> ended
 *
 * Each row of the table names who may take it (roles with a permission)
 * and a guard over the offer and the current time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-offer.h"
#include "dd-role.h"

G_BEGIN_DECLS

/* TRUE when the table has a row from `from` to `to`. */
gboolean    dd_offer_machine_has_transition   (DdOfferState from,
                                               DdOfferState to);
/* The translated name of the action ("Go live", "Pause", ...), NULL when
 * there is no such transition. */
const char *dd_offer_machine_get_action_label (DdOfferState from,
                                               DdOfferState to);
/* Whether `role` may move `offer` to `to` at `now` (µs since the epoch).
 * A refusal explains itself in a translated DD_CORE_ERROR:
 * NOT_PERMITTED (no such transition, or not for this role) or REFUSED (a
 * guard: no stock, no valid price, outside the window, ...). */
gboolean    dd_offer_machine_can_transition   (DdOffer       *offer,
                                               DdOfferState   to,
                                               DdRole         role,
                                               gint64         now,
                                               GError       **error);
/* The states `role` may move `offer` to at `now`, in table order: a
 * GArray of DdOfferState, empty when none. The UI offers only these. */
GArray     *dd_offer_machine_list_transitions (DdOffer *offer,
                                               DdRole   role,
                                               gint64   now);
/* Checks, then sets the offer's state. */
gboolean    dd_offer_machine_apply            (DdOffer       *offer,
                                               DdOfferState   to,
                                               DdRole         role,
                                               gint64         now,
                                               GError       **error);

G_END_DECLS
