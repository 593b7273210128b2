/* dd-rollback-trigger.h — a threshold on a live signal, bound to an action
 *
 * A trigger watches one live signal (checkout error rate, flagged chat
 * rate, hub backlog, sync lag). Each observation joins a sliding window;
 * the trigger fires when the window's mean reaches the threshold, once, and
 * re-arms only after the mean has fallen to the clear level (hysteresis),
 * so a signal flapping around the threshold fires once. Each firing is
 * returned as a ledger draft for the caller to append; the caller carries
 * out the action (pause an offer, show the fail-open "pending, ETA"
 * message, page the Engineer on-call).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dd-ledger-entry.h"

G_BEGIN_DECLS

typedef enum
{
  DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE,  /* failed / attempted checkouts, 0..1 */
  DD_LIVE_SIGNAL_FLAGGED_CHAT_RATE,    /* flagged / received messages, 0..1 */
  DD_LIVE_SIGNAL_HUB_BACKLOG,          /* units waiting to be picked at the busiest hub */
  DD_LIVE_SIGNAL_SYNC_LAG,             /* seconds the outbox is behind */
} DdLiveSignal;

#define DD_N_LIVE_SIGNALS 4

typedef enum
{
  DD_ROLLBACK_ACTION_PAUSE_OFFER,      /* pause the target offer */
  DD_ROLLBACK_ACTION_FAIL_OPEN,        /* show "pending, ETA" instead of an error */
  DD_ROLLBACK_ACTION_PAGE_ENGINEER,    /* notify the Engineer on-call */
} DdRollbackAction;

#define DD_TYPE_ROLLBACK_TRIGGER (dd_rollback_trigger_get_type ())
G_DECLARE_FINAL_TYPE (DdRollbackTrigger, dd_rollback_trigger, DD, ROLLBACK_TRIGGER, GObject)

/* Fires when the mean over the last `window_us` reaches `threshold`;
 * re-arms when it falls to `clear_below` (at most `threshold`). `target` is
 * the offer to pause, or NULL. */
DdRollbackTrigger *dd_rollback_trigger_new              (const char       *id,
                                                         DdLiveSignal      signal,
                                                         double            threshold,
                                                         double            clear_below,
                                                         gint64            window_us,
                                                         DdRollbackAction  action,
                                                         const char       *target);
/* One trigger a signal with the squad's usual thresholds: checkout errors
 * 5 % over 60 s -> fail open; flagged chat 20 % over 30 s -> page the
 * Engineer on-call; hub backlog 200 units to pick over 60 s -> pause `offer_id`;
 * sync lag 30 s over 30 s -> page the Engineer on-call. */
GPtrArray         *dd_rollback_trigger_new_defaults     (const char *offer_id);

const char        *dd_rollback_trigger_get_id           (DdRollbackTrigger *self);
DdLiveSignal       dd_rollback_trigger_get_signal       (DdRollbackTrigger *self);
DdRollbackAction   dd_rollback_trigger_get_action       (DdRollbackTrigger *self);
const char        *dd_rollback_trigger_get_target       (DdRollbackTrigger *self);
double             dd_rollback_trigger_get_threshold    (DdRollbackTrigger *self);
double             dd_rollback_trigger_get_clear_below  (DdRollbackTrigger *self);
/* The sliding window, µs. */
gint64             dd_rollback_trigger_get_window       (DdRollbackTrigger *self);
/* The window's mean (0 before any observation). */
double             dd_rollback_trigger_get_value        (DdRollbackTrigger *self);
/* FALSE until a reading is in the window (the value means nothing yet). */
gboolean           dd_rollback_trigger_has_readings     (DdRollbackTrigger *self);
/* TRUE from a firing until the signal clears. */
gboolean           dd_rollback_trigger_get_fired        (DdRollbackTrigger *self);
guint              dd_rollback_trigger_get_n_firings    (DdRollbackTrigger *self);

/* Adds a reading taken at `time_us` (readings arrive in time order; an
 * older one is ignored). Returns the ledger draft of a firing, or NULL. */
DdLedgerEntry     *dd_rollback_trigger_observe          (DdRollbackTrigger *self,
                                                         gint64             time_us,
                                                         double             value);

/* For people: "Checkout error rate", "12.5 %", "Pause the offer". */
const char        *dd_live_signal_get_display_name      (DdLiveSignal signal);
char              *dd_live_signal_format_value          (DdLiveSignal signal,
                                                         double       value);
const char        *dd_rollback_action_get_display_name  (DdRollbackAction action);
const char        *dd_live_signal_to_nick               (DdLiveSignal signal);
const char        *dd_rollback_action_to_nick           (DdRollbackAction action);

G_END_DECLS
