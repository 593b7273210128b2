/* dd-ledger-entry.h — one entry of the tamper-evident ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A borrowed view of an entry's fields, used to build entries and to hash
 * rows without copying them. Strings may be NULL (stored and hashed as
 * JSON null) except entry_id, actor, role, entity, entity_id and field. */
typedef struct
{
  gint64      seq;              /* 1, 2, 3 ... in the order of appending */
  const char *entry_id;         /* a UUID */
  gint64      time_us;          /* microseconds since the Unix epoch, UTC */
  const char *actor;
  const char *role;             /* a role nick, see dd_role_to_nick() */
  const char *entity;           /* "offer", ... */
  const char *entity_id;
  const char *field;
  const char *before;
  const char *after;
  const char *reason;
  const char *chat_message_id;  /* the chat message the change was made from */
  const char *prev_hash;        /* hex SHA-256 of the previous entry */
  const char *hash;             /* hex SHA-256 of this entry */
} DdLedgerFields;

#define DD_TYPE_LEDGER_ENTRY (dd_ledger_entry_get_type ())

/* An immutable, reference-counted value: it crosses threads freely. */
typedef struct _DdLedgerEntry DdLedgerEntry;

GType                 dd_ledger_entry_get_type            (void) G_GNUC_CONST;
/* Copies the fields. A draft has seq 0 and no hashes; see
 * dd_ledger_entry_seal(). */
DdLedgerEntry        *dd_ledger_entry_new                 (const DdLedgerFields *fields);
DdLedgerEntry        *dd_ledger_entry_ref                 (DdLedgerEntry *self);
void                  dd_ledger_entry_unref               (DdLedgerEntry *self);
/* A new entry: `self` placed at `seq` after the entry whose hash is
 * `prev_hash` (DD_LEDGER_GENESIS_HASH for the first), with its own hash
 * computed. */
DdLedgerEntry        *dd_ledger_entry_seal                (DdLedgerEntry *self,
                                                           gint64         seq,
                                                           const char    *prev_hash);
/* The fields, valid as long as the entry. */
const DdLedgerFields *dd_ledger_entry_get_fields          (DdLedgerEntry *self);
gint64                dd_ledger_entry_get_seq             (DdLedgerEntry *self);
const char           *dd_ledger_entry_get_entry_id        (DdLedgerEntry *self);
gint64                dd_ledger_entry_get_time            (DdLedgerEntry *self);
const char           *dd_ledger_entry_get_actor           (DdLedgerEntry *self);
const char           *dd_ledger_entry_get_role            (DdLedgerEntry *self);
const char           *dd_ledger_entry_get_entity          (DdLedgerEntry *self);
const char           *dd_ledger_entry_get_entity_id       (DdLedgerEntry *self);
const char           *dd_ledger_entry_get_field           (DdLedgerEntry *self);
const char           *dd_ledger_entry_get_before          (DdLedgerEntry *self);
const char           *dd_ledger_entry_get_after           (DdLedgerEntry *self);
const char           *dd_ledger_entry_get_reason          (DdLedgerEntry *self);
const char           *dd_ledger_entry_get_chat_message_id (DdLedgerEntry *self);
const char           *dd_ledger_entry_get_prev_hash       (DdLedgerEntry *self);
const char           *dd_ledger_entry_get_hash            (DdLedgerEntry *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdLedgerEntry, dd_ledger_entry_unref)

G_END_DECLS
