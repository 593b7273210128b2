/* dd-sync-describe.h — outbox entries and conflicts in words, for the sync log
 *
 * The sync log and the conflict dialog show these; they read the entry's
 * JSON here so the UI never parses it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-store-sync-outbox.h"

G_BEGIN_DECLS

/* What the entry is about: the offer's title ("Glow Serum — 30 ml"), or
 * "Stock of GLOW-30 at hub_1". */
char       *dd_sync_describe_subject (const DdOutboxEntry *entry);
/* What it changes: "Price: €19.99 → €17.99", "Title: “Tee” → “Tee XL”",
 * "Stock: +5 units". */
char       *dd_sync_describe_change  (const DdOutboxEntry *entry);
/* The entry's state for people, with the reason when it has one:
 * "Waiting to send", "Sent", "Conflict: …", "Rejected: …". */
char       *dd_sync_describe_state   (const DdOutboxEntry *entry);
/* One side of a conflict (a JSON object of the fields concerned) in
 * words: "price €21.00, title “Tee”". Amounts in `currency`. */
char       *dd_sync_describe_values  (const char          *values,
                                      const char          *currency);
/* The currency of the entry's offer ("EUR" when it names none). */
const char *dd_sync_entry_currency   (const DdOutboxEntry *entry,
                                      char                 out[4]);

G_END_DECLS
