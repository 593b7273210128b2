/* dd-squad-ledger.h — ledger entries as the squad stream carries them
 *
 * Each laptop keeps its own tamper-evident chain; its sealed entries are
 * replicated to dropdeck.<squad>.ledger as JSON objects of their fields and
 * the login of the member whose chain it is ("member", not hashed), the
 * entry id as Nats-Msg-Id (a retry is stored once). A received entry is
 * sealed again from its fields and must give the hash it claims. No I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-core.h"

G_BEGIN_DECLS

char          *dd_squad_ledger_subject (const char     *squad);
/* `entry` must be sealed. */
char          *dd_squad_ledger_encode  (DdLedgerEntry  *entry,
                                        const char     *member);
/* NULL with DD_CORE_ERROR_INVALID_FIELD when the JSON is not an entry or
 * its fields do not give its hash. `member` (may be NULL) gets the member's
 * login, "?" when it names none; free with g_free(). */
DdLedgerEntry *dd_squad_ledger_decode  (const char     *json,
                                        gsize           len,
                                        char          **member,
                                        GError        **error);

G_END_DECLS
