/* dd-ledger-chain.c — the ledger's hash chain: canonical JSON, SHA-256, verification
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-ledger-chain.h"

struct _DdLedgerHasher
{
  GString   *json;
  GChecksum *checksum;
  char       hex[DD_LEDGER_HASH_LENGTH + 1];
};

struct _DdLedgerVerifier
{
  DdLedgerHasher *hasher;
  GPtrArray      *thread_hashers;  /* for batches */
  gint64          n_checked;
  gint64          last_seq;
  char            last_hash[DD_LEDGER_HASH_LENGTH + 1];
  gint64          first_broken_seq;
  char           *problem;
};

G_DEFINE_BOXED_TYPE (DdLedgerReport, dd_ledger_report, dd_ledger_report_copy, dd_ledger_report_free)

/* Bytes that need escaping in a JSON string: '"', '\\' and below 0x20. */
static gboolean
needs_escape (guchar c)
{
  return c < 0x20 || c == '"' || c == '\\';
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  static const char hex[] = "0123456789abcdef";
  const char *run;
  const char *p;

  if (text == NULL)
    {
      g_string_append_len (out, "null", 4);
      return;
    }

  g_string_append_c (out, '"');
  run = text;
  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (G_LIKELY (!needs_escape (c)))
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':  g_string_append_len (out, "\\\"", 2); break;
        case '\\': g_string_append_len (out, "\\\\", 2); break;
        case '\b': g_string_append_len (out, "\\b", 2); break;
        case '\f': g_string_append_len (out, "\\f", 2); break;
        case '\n': g_string_append_len (out, "\\n", 2); break;
        case '\r': g_string_append_len (out, "\\r", 2); break;
        case '\t': g_string_append_len (out, "\\t", 2); break;
        default:
          {
            char escape[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };

            g_string_append_len (out, escape, sizeof escape);
          }
          break;
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

/* Keys are literals: their length is known at compile time. */
#define APPEND_KEY(out, key) g_string_append_len ((out), (key), sizeof (key) - 1)

static void
append_int (GString *out,
            gint64   value)
{
  char digits[24];
  char *p = digits + sizeof digits;
  guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  do
    {
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude != 0);
  if (value < 0)
    *--p = '-';

  g_string_append_len (out, p, digits + sizeof digits - p);
}

void
dd_ledger_write_canonical_json (GString              *out,
                                const DdLedgerFields *fields)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL);

  /* The keys in byte order; tests/core/test-ledger.c checks it. */
  APPEND_KEY (out, "{\"actor\":");
  append_json_string (out, fields->actor);
  APPEND_KEY (out, ",\"after\":");
  append_json_string (out, fields->after);
  APPEND_KEY (out, ",\"before\":");
  append_json_string (out, fields->before);
  APPEND_KEY (out, ",\"chat_message_id\":");
  append_json_string (out, fields->chat_message_id);
  APPEND_KEY (out, ",\"entity\":");
  append_json_string (out, fields->entity);
  APPEND_KEY (out, ",\"entity_id\":");
  append_json_string (out, fields->entity_id);
  APPEND_KEY (out, ",\"entry_id\":");
  append_json_string (out, fields->entry_id);
  APPEND_KEY (out, ",\"field\":");
  append_json_string (out, fields->field);
  APPEND_KEY (out, ",\"prev_hash\":");
  append_json_string (out, fields->prev_hash);
  APPEND_KEY (out, ",\"reason\":");
  append_json_string (out, fields->reason);
  APPEND_KEY (out, ",\"role\":");
  append_json_string (out, fields->role);
  APPEND_KEY (out, ",\"seq\":");
  append_int (out, fields->seq);
  APPEND_KEY (out, ",\"time\":");
  append_int (out, fields->time_us);
  g_string_append_c (out, '}');
}

DdLedgerHasher *
dd_ledger_hasher_new (void)
{
  DdLedgerHasher *self = g_new0 (DdLedgerHasher, 1);

  self->json = g_string_sized_new (512);
  self->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  return self;
}

void
dd_ledger_hasher_free (DdLedgerHasher *self)
{
  if (self == NULL)
    return;

  g_string_free (self->json, TRUE);
  g_checksum_free (self->checksum);
  g_free (self);
}

const char *
dd_ledger_hasher_compute (DdLedgerHasher       *self,
                          const DdLedgerFields *fields)
{
  const char *prev_hash;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  prev_hash = fields->prev_hash != NULL ? fields->prev_hash : "";

  g_string_truncate (self->json, 0);
  dd_ledger_write_canonical_json (self->json, fields);
  g_string_append (self->json, prev_hash);

  g_checksum_reset (self->checksum);
  g_checksum_update (self->checksum, (const guchar *) self->json->str, self->json->len);
  memcpy (self->hex, g_checksum_get_string (self->checksum), DD_LEDGER_HASH_LENGTH);
  self->hex[DD_LEDGER_HASH_LENGTH] = '\0';

  return self->hex;
}

char *
dd_ledger_compute_hash (const DdLedgerFields *fields)
{
  g_autoptr(DdLedgerHasher) hasher = dd_ledger_hasher_new ();

  return g_strdup (dd_ledger_hasher_compute (hasher, fields));
}

DdLedgerReport *
dd_ledger_report_copy (const DdLedgerReport *self)
{
  DdLedgerReport *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (DdLedgerReport, 1);
  copy->n_checked = self->n_checked;
  copy->first_broken_seq = self->first_broken_seq;
  copy->message = g_strdup (self->message);
  return copy;
}

void
dd_ledger_report_free (DdLedgerReport *self)
{
  if (self == NULL)
    return;

  g_free (self->message);
  g_free (self);
}

gboolean
dd_ledger_report_is_intact (const DdLedgerReport *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->first_broken_seq == 0;
}

DdLedgerVerifier *
dd_ledger_verifier_new (void)
{
  DdLedgerVerifier *self = g_new0 (DdLedgerVerifier, 1);

  self->hasher = dd_ledger_hasher_new ();
  self->thread_hashers = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_ledger_hasher_free);
  memcpy (self->last_hash, DD_LEDGER_GENESIS_HASH, DD_LEDGER_HASH_LENGTH + 1);
  return self;
}

void
dd_ledger_verifier_free (DdLedgerVerifier *self)
{
  if (self == NULL)
    return;

  dd_ledger_hasher_free (self->hasher);
  g_ptr_array_unref (self->thread_hashers);
  g_free (self->problem);
  g_free (self);
}

static gboolean
set_broken (DdLedgerVerifier *self,
            gint64            seq,
            char             *problem)
{
  self->first_broken_seq = seq;
  self->problem = problem;
  return FALSE;
}

static gboolean
is_hex_hash (const char *text)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < DD_LEDGER_HASH_LENGTH; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;

  return text[DD_LEDGER_HASH_LENGTH] == '\0';
}

/* The checks of one row; `hash_ok` is the result of the hash comparison,
 * computed here (-1) or ahead of time by a batch (0 or 1). */
static gboolean
check_row (DdLedgerVerifier     *self,
           const DdLedgerFields *row,
           int                   hash_ok)
{
  gint64 expected_seq = self->last_seq + 1;

  if (self->first_broken_seq != 0)
    return FALSE;

  self->n_checked++;

  if (row->seq < expected_seq)
    return set_broken (self, row->seq,
                       g_strdup_printf (_("Entry %lld is out of order: it comes after entry %lld"),
                                        (long long) (row->seq), (long long) (self->last_seq)));

  if (row->seq > expected_seq)
    {
      if (row->seq == expected_seq + 1)
        return set_broken (self, expected_seq,
                           g_strdup_printf (_("Entry %lld is missing: the ledger goes from entry %lld to entry %lld"),
                                            (long long) (expected_seq), (long long) (self->last_seq), (long long) (row->seq)));
      return set_broken (self, expected_seq,
                         g_strdup_printf (_("Entries %lld to %lld are missing: the ledger goes from entry %lld to entry %lld"),
                                          (long long) (expected_seq), (long long) (row->seq - 1), (long long) (self->last_seq), (long long) (row->seq)));
    }

  if (!is_hex_hash (row->hash))
    return set_broken (self, row->seq,
                       g_strdup_printf (_("Entry %lld has no valid hash: it was written before Dropdeck sealed its ledger, or its hash was erased"),
                                        (long long) (row->seq)));

  if (row->prev_hash == NULL || strcmp (row->prev_hash, self->last_hash) != 0)
    {
      if (self->last_seq == 0)
        return set_broken (self, row->seq,
                           g_strdup_printf (_("Entry %lld does not start the chain: entries before it were removed, or it was moved"),
                                            (long long) (row->seq)));
      return set_broken (self, row->seq,
                         g_strdup_printf (_("Entry %lld does not follow entry %lld: its link to the previous entry is broken (an entry was removed, replaced or moved)"),
                                          (long long) (row->seq), (long long) (self->last_seq)));
    }

  if (hash_ok < 0)
    hash_ok = strcmp (dd_ledger_hasher_compute (self->hasher, row), row->hash) == 0;
  if (!hash_ok)
    return set_broken (self, row->seq,
                       g_strdup_printf (_("Entry %lld was changed after it was written: its contents no longer match its hash"),
                                        (long long) (row->seq)));

  self->last_seq = row->seq;
  memcpy (self->last_hash, row->hash, DD_LEDGER_HASH_LENGTH + 1);
  return TRUE;
}

gboolean
dd_ledger_verifier_add (DdLedgerVerifier     *self,
                        const DdLedgerFields *row)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  return check_row (self, row, -1);
}

typedef struct
{
  DdLedgerHasher       *hasher;
  const DdLedgerFields *rows;
  guint                 begin;
  guint                 end;
  guint8               *hash_ok;
} HashSlice;

static gpointer
hash_slice (gpointer data)
{
  HashSlice *slice = data;

  for (guint i = slice->begin; i < slice->end; i++)
    {
      const DdLedgerFields *row = &slice->rows[i];

      slice->hash_ok[i] = row->hash != NULL
                          && strcmp (dd_ledger_hasher_compute (slice->hasher, row), row->hash) == 0;
    }

  return NULL;
}

struct _DdLedgerBatch
{
  const DdLedgerFields *rows;
  guint                 n_rows;
  guint8               *hash_ok;
  guint                 n_threads;
  HashSlice            *slices;
  GThread             **threads;
};

/* Hashes `rows` on `n_threads` new threads, plus the caller's when
 * `use_caller`; returns once the new threads are started. */
static DdLedgerBatch *
start_hashing (DdLedgerVerifier     *self,
               const DdLedgerFields *rows,
               guint                 n_rows,
               guint                 n_threads,
               gboolean              use_caller)
{
  DdLedgerBatch *batch = g_new0 (DdLedgerBatch, 1);
  guint per_thread;

  while (self->thread_hashers->len < n_threads)
    g_ptr_array_add (self->thread_hashers, dd_ledger_hasher_new ());

  batch->rows = rows;
  batch->n_rows = n_rows;
  batch->n_threads = n_threads;
  batch->hash_ok = g_new (guint8, MAX (n_rows, 1));
  batch->slices = g_new0 (HashSlice, n_threads);
  batch->threads = g_new0 (GThread *, n_threads);
  per_thread = (n_rows + n_threads - 1) / n_threads;
  for (guint t = 0; t < n_threads; t++)
    {
      batch->slices[t].hasher = g_ptr_array_index (self->thread_hashers, t);
      batch->slices[t].rows = rows;
      batch->slices[t].begin = MIN (t * per_thread, n_rows);
      batch->slices[t].end = MIN (batch->slices[t].begin + per_thread, n_rows);
      batch->slices[t].hash_ok = batch->hash_ok;
      if (t > 0 || !use_caller)
        batch->threads[t] = g_thread_new ("dd-ledger-hash", hash_slice, &batch->slices[t]);
    }
  if (use_caller)
    hash_slice (&batch->slices[0]);

  return batch;
}

gboolean
dd_ledger_verifier_add_batch (DdLedgerVerifier     *self,
                              const DdLedgerFields *rows,
                              guint                 n_rows,
                              guint                 n_threads)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (rows != NULL || n_rows == 0, FALSE);

  if (self->first_broken_seq != 0)
    return FALSE;

  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  n_threads = CLAMP (n_threads, 1, 64);
  if (n_rows < 256 * n_threads)
    n_threads = 1;

  if (n_threads == 1)
    {
      for (guint i = 0; i < n_rows; i++)
        if (!check_row (self, &rows[i], -1))
          return FALSE;
      return TRUE;
    }

  /* Hashing does not depend on the order: do it on all threads, then
   * check the links in order. */
  return dd_ledger_verifier_end_batch (self, start_hashing (self, rows, n_rows, n_threads, TRUE));
}

DdLedgerBatch *
dd_ledger_verifier_begin_batch (DdLedgerVerifier     *self,
                                const DdLedgerFields *rows,
                                guint                 n_rows,
                                guint                 n_threads)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);

  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  n_threads = CLAMP (n_threads, 1, 64);
  if (n_rows < 256 * n_threads)
    n_threads = 1;

  return start_hashing (self, rows, n_rows, n_threads, FALSE);
}

gboolean
dd_ledger_verifier_end_batch (DdLedgerVerifier *self,
                              DdLedgerBatch    *batch)
{
  gboolean intact = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);

  for (guint t = 0; t < batch->n_threads; t++)
    if (batch->threads[t] != NULL)
      g_thread_join (batch->threads[t]);

  for (guint i = 0; intact && i < batch->n_rows; i++)
    intact = check_row (self, &batch->rows[i], batch->hash_ok[i]);

  g_free (batch->hash_ok);
  g_free (batch->slices);
  g_free (batch->threads);
  g_free (batch);
  return intact && self->first_broken_seq == 0;
}

gboolean
dd_ledger_verifier_is_intact (DdLedgerVerifier *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->first_broken_seq == 0;
}

gint64
dd_ledger_verifier_get_n_checked (DdLedgerVerifier *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_checked;
}

DdLedgerReport *
dd_ledger_verifier_get_report (DdLedgerVerifier *self)
{
  DdLedgerReport *report;

  g_return_val_if_fail (self != NULL, NULL);

  report = g_new0 (DdLedgerReport, 1);
  report->n_checked = self->n_checked;
  report->first_broken_seq = self->first_broken_seq;
  if (self->problem != NULL)
    report->message = g_strdup (self->problem);
  else if (self->n_checked == 0)
    report->message = g_strdup (_("The ledger is empty"));
  else
    report->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "The ledger’s %lld entry is intact",
                                                    "All %lld ledger entries are intact",
                                                    self->n_checked),
                                       (long long) self->n_checked);
  return report;
}
