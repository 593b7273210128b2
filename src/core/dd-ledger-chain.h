/* dd-ledger-chain.h — the ledger's hash chain: canonical JSON, SHA-256, verification
 *
 * Each entry's hash is SHA-256 over the canonical JSON of the entry without
 * its `hash` member, followed by the previous entry's hash (hex):
 *
 *   hash = hex (SHA-256 (canonical_json (entry without "hash") || prev_hash))
 *
 * Canonical JSON: one object, keys sorted by their bytes, no whitespace,
 * `seq` and `time` as integers, every other member a JSON string (escaped as
 * RFC 8259 requires: `"`, `\` and control characters; other bytes as they
 * are) or null. The first entry's prev_hash is DD_LEDGER_GENESIS_HASH.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dd-ledger-entry.h"

G_BEGIN_DECLS

#define DD_LEDGER_GENESIS_HASH \
  "0000000000000000000000000000000000000000000000000000000000000000"
#define DD_LEDGER_HASH_LENGTH 64

/* Appends the canonical JSON of `fields` without `hash` to `out`. */
void              dd_ledger_write_canonical_json     (GString              *out,
                                                      const DdLedgerFields *fields);
/* The hex hash of `fields` over fields->prev_hash (NULL counts as ""). */
char             *dd_ledger_compute_hash             (const DdLedgerFields *fields);

/* Reusable scratch space for hashing many rows without allocating. */
typedef struct _DdLedgerHasher DdLedgerHasher;

DdLedgerHasher   *dd_ledger_hasher_new               (void);
void              dd_ledger_hasher_free              (DdLedgerHasher *self);
/* Like dd_ledger_compute_hash(); the string belongs to the hasher and is
 * valid until its next call. */
const char       *dd_ledger_hasher_compute           (DdLedgerHasher       *self,
                                                      const DdLedgerFields *fields);

/* The outcome of a verification. */
#define DD_TYPE_LEDGER_REPORT (dd_ledger_report_get_type ())

typedef struct
{
  gint64  n_checked;         /* entries read, the broken one included */
  gint64  first_broken_seq;  /* 0 when the chain is intact */
  char   *message;           /* for people, translated */
} DdLedgerReport;

GType             dd_ledger_report_get_type          (void) G_GNUC_CONST;
DdLedgerReport   *dd_ledger_report_copy              (const DdLedgerReport *self);
void              dd_ledger_report_free              (DdLedgerReport *self);
gboolean          dd_ledger_report_is_intact         (const DdLedgerReport *self);

/* Checks rows fed in seq order: each must carry the next seq (no gap: a
 * row was deleted), link to the previous row's hash (no row removed,
 * inserted or moved), and hash to its stored hash (not altered). Stops at
 * the first broken row. */
typedef struct _DdLedgerVerifier DdLedgerVerifier;

DdLedgerVerifier *dd_ledger_verifier_new             (void);
void              dd_ledger_verifier_free            (DdLedgerVerifier *self);
/* Returns FALSE once the chain is broken; later rows are ignored. */
gboolean          dd_ledger_verifier_add             (DdLedgerVerifier     *self,
                                                      const DdLedgerFields *row);
/* Verifies `n_rows` rows at once, hashing them on up to `n_threads`
 * threads (0: one a processor). Same result as adding them one by one. */
gboolean          dd_ledger_verifier_add_batch       (DdLedgerVerifier     *self,
                                                      const DdLedgerFields *rows,
                                                      guint                 n_rows,
                                                      guint                 n_threads);
/* The same in two steps, so the caller can read the next rows while
 * this batch is hashed: begin starts hashing `rows` on up to `n_threads`
 * new threads (0: one a processor) and returns at once; end waits, checks
 * the rows in order and frees the batch. `rows` must stay valid until end,
 * and batches must end in the order they began, one at a time. */
typedef struct _DdLedgerBatch DdLedgerBatch;

DdLedgerBatch    *dd_ledger_verifier_begin_batch     (DdLedgerVerifier     *self,
                                                      const DdLedgerFields *rows,
                                                      guint                 n_rows,
                                                      guint                 n_threads);
gboolean          dd_ledger_verifier_end_batch       (DdLedgerVerifier *self,
                                                      DdLedgerBatch    *batch);
gboolean          dd_ledger_verifier_is_intact       (DdLedgerVerifier *self);
gint64            dd_ledger_verifier_get_n_checked   (DdLedgerVerifier *self);
/* The report so far (an intact chain of n_checked entries, or the break). */
DdLedgerReport   *dd_ledger_verifier_get_report      (DdLedgerVerifier *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdLedgerHasher, dd_ledger_hasher_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdLedgerReport, dd_ledger_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdLedgerVerifier, dd_ledger_verifier_free)

G_END_DECLS
