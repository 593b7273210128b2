/* dd-rollback-desk.h — the drop's rollback triggers, and their actions carried out
 *
 * The desk holds the drop's triggers (dd_rollback_trigger_new_defaults())
 * and is fed readings of the live signals. A firing is appended to the
 * ledger and its action is carried out:
 *
 *  - pause-offer: the trigger's target offer, or every live offer when it
 *    names none, is paused through DdOfferEditing (the lifecycle table; its
 *    ledger entry's reason names the trigger and the value that fired it);
 *  - fail-open: the desk holds a fail-open state (a message for buyers,
 *    "Pending, ETA 21:05", and the ETA) until the signal clears; while it
 *    holds, dd_rollback_desk_describe_checkout_error() answers the pending
 *    message instead of the error;
 *  - page-engineer: the "page" signal (headless code paths listen to it)
 *    and, when the process has a GApplication, a desktop notification.
 *
 * Every firing also emits "alert" with a text for the squad's wall.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-core.h"
#include "dd-store.h"

G_BEGIN_DECLS

#define DD_TYPE_ROLLBACK_DESK (dd_rollback_desk_get_type ())
G_DECLARE_FINAL_TYPE (DdRollbackDesk, dd_rollback_desk, DD, ROLLBACK_DESK, GObject)

/* `offers` (DdOffer) are the drop's live offers; the desk starts with the
 * default triggers. */
DdRollbackDesk *dd_rollback_desk_new                (GListModel     *offers);
/* The store firings and pauses are written to (NULL: none, e.g. stopped). */
void            dd_rollback_desk_set_store          (DdRollbackDesk *self,
                                                     DdStore        *store);
/* DdRollbackTrigger, in display order. */
GPtrArray      *dd_rollback_desk_get_triggers       (DdRollbackDesk *self);
void            dd_rollback_desk_set_triggers       (DdRollbackDesk *self,
                                                     GPtrArray      *triggers);

/* Feeds one reading of `signal` to its triggers; carries out the action
 * of any that fires, and clears the fail-open state when its trigger
 * clears. */
void            dd_rollback_desk_observe            (DdRollbackDesk *self,
                                                     DdLiveSignal    signal,
                                                     gint64          time_us,
                                                     double          value);

/* TRUE while a fail-open trigger holds ("fail-open" notifies). */
gboolean        dd_rollback_desk_get_fail_open      (DdRollbackDesk *self);
/* What buyers see instead of an error, "Pending, ETA 21:05 — your order is
 * held and will be confirmed", or NULL. */
const char     *dd_rollback_desk_get_fail_open_message (DdRollbackDesk *self);
/* When the squad expects the signal to have recovered (µs since the epoch),
 * 0 when not failing open. */
gint64          dd_rollback_desk_get_fail_open_eta  (DdRollbackDesk *self);
/* What the checkout or offer overlay path reports for `error`: the pending
 * message while failing open, the error's own message otherwise. */
char           *dd_rollback_desk_describe_checkout_error (DdRollbackDesk *self,
                                                          const GError   *error);

/* Signals:
 * "page" (DdRollbackTrigger *trigger, const char *text): the Engineer
 *     on-call is paged.
 * "alert" (const char *text): a firing or its effect, for the wall.
 * "paused" (DdOffer *offer, const char *reason): a trigger paused an offer. */

G_END_DECLS
