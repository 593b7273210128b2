/* dd-promise-label.h — the delivery promise an offer can keep right now
 *
 * Placed inside an offer editor (DdOfferEditor) on a page (DdPage), it
 * finds the offer and the drop through its ancestors and says, while it is
 * shown, for how many hub areas each bucket holds: "≤ 2 h in 5 of 7 hub
 * areas · Next day in 2".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dd-drop-session.h"

G_BEGIN_DECLS

#define DD_TYPE_PROMISE_LABEL (dd_promise_label_get_type ())

G_DECLARE_FINAL_TYPE (DdPromiseLabel, dd_promise_label, DD, PROMISE_LABEL, AdwBin)

GtkWidget  *dd_promise_label_new      (void);
/* Reads the promise again now (it also does every two seconds while shown). */
void        dd_promise_label_refresh  (DdPromiseLabel *self);
/* The summary, from counts per bucket; "" when there are no hubs. */
char       *dd_promise_label_format   (const guint counts[DD_N_LATENCY_BUCKETS]);
const char *dd_promise_label_get_text (DdPromiseLabel *self);

G_END_DECLS
