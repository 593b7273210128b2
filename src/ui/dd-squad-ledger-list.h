/* dd-squad-ledger-list.h — the newest ledger entries of other squad members
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dd-drop-session.h"

G_BEGIN_DECLS

#define DD_TYPE_SQUAD_LEDGER_LIST (dd_squad_ledger_list_get_type ())
G_DECLARE_FINAL_TYPE (DdSquadLedgerList, dd_squad_ledger_list, DD, SQUAD_LEDGER_LIST, GtkBox)

GtkWidget *dd_squad_ledger_list_new         (void);
/* Follows `session`'s squad ledger (NULL: none). */
void       dd_squad_ledger_list_set_session (DdSquadLedgerList *self,
                                             DdDropSession     *session);
/* Rows shown, for tests. */
guint      dd_squad_ledger_list_get_n_rows  (DdSquadLedgerList *self);

G_END_DECLS
