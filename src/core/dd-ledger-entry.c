/* dd-ledger-entry.c — one entry of the tamper-evident ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-ledger-chain.h"
#include "dd-ledger-entry.h"

struct _DdLedgerEntry
{
  gatomicrefcount ref_count;
  DdLedgerFields fields;  /* the strings are owned */
};

G_DEFINE_BOXED_TYPE (DdLedgerEntry, dd_ledger_entry, dd_ledger_entry_ref, dd_ledger_entry_unref)

DdLedgerEntry *
dd_ledger_entry_new (const DdLedgerFields *fields)
{
  DdLedgerEntry *self;

  g_return_val_if_fail (fields != NULL, NULL);

  self = g_new0 (DdLedgerEntry, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->fields.seq = fields->seq;
  self->fields.entry_id = g_strdup (fields->entry_id);
  self->fields.time_us = fields->time_us;
  self->fields.actor = g_strdup (fields->actor);
  self->fields.role = g_strdup (fields->role);
  self->fields.entity = g_strdup (fields->entity);
  self->fields.entity_id = g_strdup (fields->entity_id);
  self->fields.field = g_strdup (fields->field);
  self->fields.before = g_strdup (fields->before);
  self->fields.after = g_strdup (fields->after);
  self->fields.reason = g_strdup (fields->reason);
  self->fields.chat_message_id = g_strdup (fields->chat_message_id);
  self->fields.prev_hash = g_strdup (fields->prev_hash);
  self->fields.hash = g_strdup (fields->hash);

  return self;
}

DdLedgerEntry *
dd_ledger_entry_ref (DdLedgerEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
dd_ledger_entry_unref (DdLedgerEntry *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free ((char *) self->fields.entry_id);
  g_free ((char *) self->fields.actor);
  g_free ((char *) self->fields.role);
  g_free ((char *) self->fields.entity);
  g_free ((char *) self->fields.entity_id);
  g_free ((char *) self->fields.field);
  g_free ((char *) self->fields.before);
  g_free ((char *) self->fields.after);
  g_free ((char *) self->fields.reason);
  g_free ((char *) self->fields.chat_message_id);
  g_free ((char *) self->fields.prev_hash);
  g_free ((char *) self->fields.hash);
  g_free (self);
}

DdLedgerEntry *
dd_ledger_entry_seal (DdLedgerEntry *self,
                      gint64         seq,
                      const char    *prev_hash)
{
  DdLedgerFields fields;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (seq > 0, NULL);
  g_return_val_if_fail (prev_hash != NULL, NULL);

  fields = self->fields;
  fields.seq = seq;
  fields.prev_hash = prev_hash;
  fields.hash = NULL;
  hash = dd_ledger_compute_hash (&fields);
  fields.hash = hash;

  return dd_ledger_entry_new (&fields);
}

const DdLedgerFields *
dd_ledger_entry_get_fields (DdLedgerEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->fields;
}

#define DEFINE_GETTER(type, name, member) \
  type \
  dd_ledger_entry_get_##name (DdLedgerEntry *self) \
  { \
    g_return_val_if_fail (self != NULL, 0); \
    return self->fields.member; \
  }

DEFINE_GETTER (gint64, seq, seq)
DEFINE_GETTER (const char *, entry_id, entry_id)
DEFINE_GETTER (gint64, time, time_us)
DEFINE_GETTER (const char *, actor, actor)
DEFINE_GETTER (const char *, role, role)
DEFINE_GETTER (const char *, entity, entity)
DEFINE_GETTER (const char *, entity_id, entity_id)
DEFINE_GETTER (const char *, field, field)
DEFINE_GETTER (const char *, before, before)
DEFINE_GETTER (const char *, after, after)
DEFINE_GETTER (const char *, reason, reason)
DEFINE_GETTER (const char *, chat_message_id, chat_message_id)
DEFINE_GETTER (const char *, prev_hash, prev_hash)
DEFINE_GETTER (const char *, hash, hash)
