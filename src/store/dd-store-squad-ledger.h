/* dd-store-squad-ledger.h — other members' ledger entries, as the squad
 * stream brought them
 *
 * Each laptop's chain is its own: what other members sealed is kept apart
 * from this laptop's ledger, one row per member and entry id (a replay
 * stores nothing twice), with the hash each entry was checked against.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-store.h"

G_BEGIN_DECLS

typedef struct
{
  char          *member;  /* the squad login whose chain it is */
  DdLedgerEntry *entry;   /* sealed, its hash checked */
} DdSquadLedgerItem;

DdSquadLedgerItem *dd_squad_ledger_item_new  (const char    *member,
                                              DdLedgerEntry *entry);
void               dd_squad_ledger_item_free (DdSquadLedgerItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdSquadLedgerItem, dd_squad_ledger_item_free)

/* Keeps `entry` (sealed) of `member`; finishes with
 * dd_store_add_squad_ledger_finish(): 1 when it is new, 0 when it was kept
 * already, -1 on error. */
void        dd_store_add_squad_ledger_async  (DdStore             *self,
                                              const char          *member,
                                              DdLedgerEntry       *entry,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gint64      dd_store_add_squad_ledger_finish (DdStore       *self,
                                              GAsyncResult  *result,
                                              GError       **error);
/* The newest `limit` entries (all when 0), in the order they arrived, as
 * DdSquadLedgerItem; finish with dd_store_load_finish(). */
void        dd_store_load_squad_ledger_async (DdStore             *self,
                                              guint                limit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

G_END_DECLS
