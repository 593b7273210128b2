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

static void
append_member (GString    *out,
               const char *key_with_colon,
               const char *value)
{
  g_string_append (out, key_with_colon);
  append_json_string (out, value);
}

static void
append_int_member (GString    *out,
                   const char *key_with_colon,
                   gint64      value)
{
  char digits[24];
  int n = g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, value);

  g_string_append (out, key_with_colon);
  g_string_append_len (out, digits, n);
}

void
dd_ledger_write_canonical_json (GString              *out,
                                const DdLedgerFields *fields)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL);

  /* The keys in byte order; tests/core/test-ledger.c checks it. */
  append_member (out, "{\"actor\":", fields->actor);
  append_member (out, ",\"after\":", fields->after);
  append_member (out, ",\"before\":", fields->before);
  append_member (out, ",\"chat_message_id\":", fields->chat_message_id);
  append_member (out, ",\"entity\":", fields->entity);
  append_member (out, ",\"entity_id\":", fields->entity_id);
  append_member (out, ",\"entry_id\":", fields->entry_id);
  append_member (out, ",\"field\":", fields->field);
  append_member (out, ",\"prev_hash\":", fields->prev_hash);
  append_member (out, ",\"reason\":", fields->reason);
  append_member (out, ",\"role\":", fields->role);
  append_int_member (out, ",\"seq\":", fields->seq);
  append_int_member (out, ",\"time\":", fields->time_us);
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

gboolean
dd_ledger_verifier_add_batch (DdLedgerVerifier     *self,
                              const DdLedgerFields *rows,
                              guint                 n_rows,
                              guint                 n_threads)
{
  g_autofree guint8 *hash_ok = NULL;
  g_autofree HashSlice *slices = NULL;
  g_autofree GThread **threads = NULL;
  guint per_thread;

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
  while (self->thread_hashers->len < n_threads)
    g_ptr_array_add (self->thread_hashers, dd_ledger_hasher_new ());

  hash_ok = g_new (guint8, n_rows);
  slices = g_new0 (HashSlice, n_threads);
  threads = g_new0 (GThread *, n_threads);
  per_thread = (n_rows + n_threads - 1) / n_threads;
  for (guint t = 0; t < n_threads; t++)
    {
      slices[t].hasher = g_ptr_array_index (self->thread_hashers, t);
      slices[t].rows = rows;
      slices[t].begin = MIN (t * per_thread, n_rows);
      slices[t].end = MIN (slices[t].begin + per_thread, n_rows);
      slices[t].hash_ok = hash_ok;
      if (t > 0)
        threads[t] = g_thread_new ("dd-ledger-hash", hash_slice, &slices[t]);
    }
  hash_slice (&slices[0]);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);

  for (guint i = 0; i < n_rows; i++)
    if (!check_row (self, &rows[i], hash_ok[i]))
      return FALSE;

  return TRUE;
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
