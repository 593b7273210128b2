/* test-ledger.c — ledger entries, canonical JSON, the hash chain and its verification
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dd-core.h"

#define N_CHAIN 8

/* A chain of N_CHAIN sealed entries. */
static GPtrArray *
make_chain (void)
{
  GPtrArray *chain = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_ledger_entry_unref);
  const char *prev_hash = DD_LEDGER_GENESIS_HASH;

  for (int i = 1; i <= N_CHAIN; i++)
    {
      g_autofree char *id = g_strdup_printf ("entry-%d", i);
      g_autofree char *before = g_strdup_printf ("%d", 5000 - i);
      g_autofree char *after = g_strdup_printf ("%d", 4990 - i);
      DdLedgerFields fields = {
        .entry_id = id, .time_us = 1764095089000000 + i, .actor = "ana", .role = "producer",
        .entity = "offer", .entity_id = "sneaker-red", .field = "price",
        .before = before, .after = after, .reason = i % 2 ? "flash sale" : NULL,
        .chat_message_id = i == 3 ? "msg-42" : NULL,
      };
      g_autoptr(DdLedgerEntry) draft = dd_ledger_entry_new (&fields);
      DdLedgerEntry *sealed = dd_ledger_entry_seal (draft, i, prev_hash);

      g_ptr_array_add (chain, sealed);
      prev_hash = dd_ledger_entry_get_hash (sealed);
    }

  return chain;
}

/* Rows of `chain` as plain fields (borrowed). */
static DdLedgerFields *
rows_of (GPtrArray *chain)
{
  DdLedgerFields *rows = g_new (DdLedgerFields, chain->len);

  for (guint i = 0; i < chain->len; i++)
    rows[i] = *dd_ledger_entry_get_fields (g_ptr_array_index (chain, i));
  return rows;
}

static DdLedgerReport *
verify_rows (const DdLedgerFields *rows,
             guint                 n_rows,
             gboolean              batch)
{
  g_autoptr(DdLedgerVerifier) verifier = dd_ledger_verifier_new ();

  if (batch)
    dd_ledger_verifier_add_batch (verifier, rows, n_rows, 4);
  else
    for (guint i = 0; i < n_rows; i++)
      dd_ledger_verifier_add (verifier, &rows[i]);

  return dd_ledger_verifier_get_report (verifier);
}

static void
test_canonical_json (void)
{
  DdLedgerFields fields = {
    .seq = 7, .entry_id = "e-7", .time_us = 1764095089123456, .actor = "ana \"the boss\"",
    .role = "producer", .entity = "offer", .entity_id = "o-1", .field = "title",
    .before = "line\nbreak\ttab\\slash\x01", .after = "Grüne Jacke €", .reason = NULL,
    .chat_message_id = NULL, .prev_hash = DD_LEDGER_GENESIS_HASH, .hash = "ignored",
  };
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  const char *previous = "";

  dd_ledger_write_canonical_json (json, &fields);

  g_assert_cmpstr (json->str, ==,
                   "{\"actor\":\"ana \\\"the boss\\\"\",\"after\":\"Grüne Jacke €\","
                   "\"before\":\"line\\nbreak\\ttab\\\\slash\\u0001\",\"chat_message_id\":null,"
                   "\"entity\":\"offer\",\"entity_id\":\"o-1\",\"entry_id\":\"e-7\",\"field\":\"title\","
                   "\"prev_hash\":\"" DD_LEDGER_GENESIS_HASH "\",\"reason\":null,\"role\":\"producer\","
                   "\"seq\":7,\"time\":1764095089123456}");
  g_assert_null (strstr (json->str, "hash\":\"ignored"));

  /* Valid JSON, keys sorted by bytes, no "hash", integers as integers. */
  json_parser_load_from_data (parser, json->str, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_has_member (object, "hash"));
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "seq")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (object, "time"), ==, 1764095089123456);
  g_assert_cmpstr (json_object_get_string_member (object, "before"), ==, "line\nbreak\ttab\\slash\x01");
  members = json_object_get_members (object);
  g_assert_cmpuint (g_list_length (members), ==, 13);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_assert_cmpint (strcmp (previous, l->data), <, 0);
      previous = l->data;
    }
}

static void
test_hash_definition (void)
{
  DdLedgerFields fields = {
    .seq = 1, .entry_id = "e-1", .time_us = 1, .actor = "ana", .role = "producer",
    .entity = "offer", .entity_id = "o-1", .field = "price", .before = "5990", .after = "4990",
    .prev_hash = DD_LEDGER_GENESIS_HASH,
  };
  g_autoptr(GString) input = g_string_new (NULL);
  g_autofree char *expected = NULL;
  g_autofree char *hash = NULL;

  /* hash = SHA-256 (canonical JSON || prev_hash) */
  dd_ledger_write_canonical_json (input, &fields);
  g_string_append (input, DD_LEDGER_GENESIS_HASH);
  expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, input->str, input->len);
  hash = dd_ledger_compute_hash (&fields);
  g_assert_cmpstr (hash, ==, expected);
  g_assert_cmpuint (strlen (hash), ==, DD_LEDGER_HASH_LENGTH);

  /* Every field counts, NULL differs from "". */
  fields.reason = "";
  g_free (expected);
  expected = dd_ledger_compute_hash (&fields);
  g_assert_cmpstr (hash, !=, expected);
}

static void
test_entry_seal (void)
{
  DdLedgerFields fields = {
    .entry_id = "e-1", .time_us = 42, .actor = "ana", .role = "ops-lead", .entity = "offer",
    .entity_id = "o-1", .field = "state", .before = "scheduled", .after = "live",
    .reason = "on air", .chat_message_id = "msg-9",
  };
  g_autoptr(DdLedgerEntry) draft = dd_ledger_entry_new (&fields);
  g_autoptr(DdLedgerEntry) sealed = dd_ledger_entry_seal (draft, 1, DD_LEDGER_GENESIS_HASH);
  g_autofree char *again = NULL;

  g_assert_cmpint (dd_ledger_entry_get_seq (draft), ==, 0);
  g_assert_null (dd_ledger_entry_get_hash (draft));
  g_assert_cmpint (dd_ledger_entry_get_seq (sealed), ==, 1);
  g_assert_cmpstr (dd_ledger_entry_get_prev_hash (sealed), ==, DD_LEDGER_GENESIS_HASH);
  g_assert_cmpstr (dd_ledger_entry_get_chat_message_id (sealed), ==, "msg-9");
  g_assert_cmpstr (dd_ledger_entry_get_after (sealed), ==, "live");
  g_assert_cmpint (dd_ledger_entry_get_time (sealed), ==, 42);
  again = dd_ledger_compute_hash (dd_ledger_entry_get_fields (sealed));
  g_assert_cmpstr (dd_ledger_entry_get_hash (sealed), ==, again);
  g_assert_true (G_TYPE_IS_BOXED (DD_TYPE_LEDGER_ENTRY));
}

static void
test_intact (gconstpointer data)
{
  gboolean batch = GPOINTER_TO_INT (data);
  g_autoptr(GPtrArray) chain = make_chain ();
  g_autofree DdLedgerFields *rows = rows_of (chain);
  g_autoptr(DdLedgerReport) report = verify_rows (rows, chain->len, batch);

  g_assert_true (dd_ledger_report_is_intact (report));
  g_assert_cmpint (report->n_checked, ==, N_CHAIN);
  g_assert_cmpint (report->first_broken_seq, ==, 0);
  g_assert_nonnull (strstr (report->message, "8"));
}

static void
test_empty (void)
{
  g_autoptr(DdLedgerVerifier) verifier = dd_ledger_verifier_new ();
  g_autoptr(DdLedgerReport) report = dd_ledger_verifier_get_report (verifier);

  g_assert_true (dd_ledger_report_is_intact (report));
  g_assert_cmpint (report->n_checked, ==, 0);
}

static void
test_altered (gconstpointer data)
{
  gboolean batch = GPOINTER_TO_INT (data);
  g_autoptr(GPtrArray) chain = make_chain ();
  g_autofree DdLedgerFields *rows = rows_of (chain);
  g_autoptr(DdLedgerReport) report = NULL;

  rows[4].after = "1";  /* seq 5 */
  report = verify_rows (rows, chain->len, batch);
  g_assert_cmpint (report->first_broken_seq, ==, 5);
  g_assert_cmpint (report->n_checked, ==, 5);
  g_assert_nonnull (strstr (report->message, "Entry 5 was changed"));
}

static void
test_deleted (gconstpointer data)
{
  gboolean batch = GPOINTER_TO_INT (data);
  g_autoptr(GPtrArray) chain = make_chain ();
  g_autoptr(DdLedgerReport) report = NULL;
  g_autoptr(DdLedgerReport) first = NULL;
  g_autofree DdLedgerFields *rows = rows_of (chain);

  /* Without seq 4 */
  memmove (&rows[3], &rows[4], sizeof rows[0] * (N_CHAIN - 4));
  report = verify_rows (rows, N_CHAIN - 1, batch);
  g_assert_cmpint (report->first_broken_seq, ==, 4);
  g_assert_nonnull (strstr (report->message, "Entry 4 is missing"));

  /* Without seq 1 */
  g_free (rows);
  rows = rows_of (chain);
  first = verify_rows (rows + 1, N_CHAIN - 1, batch);
  g_assert_cmpint (first->first_broken_seq, ==, 1);
}

static void
test_deleted_and_renumbered (void)
{
  g_autoptr(GPtrArray) chain = make_chain ();
  g_autofree DdLedgerFields *rows = rows_of (chain);
  g_autoptr(DdLedgerReport) report = NULL;

  /* Seq 4 removed and the later rows renumbered to hide the gap: the link
   * of the row now at 4 breaks. */
  memmove (&rows[3], &rows[4], sizeof rows[0] * (N_CHAIN - 4));
  for (int i = 3; i < N_CHAIN - 1; i++)
    rows[i].seq = i + 1;
  report = verify_rows (rows, N_CHAIN - 1, FALSE);
  g_assert_cmpint (report->first_broken_seq, ==, 4);
  g_assert_nonnull (strstr (report->message, "does not follow entry 3"));
}

static void
test_swapped (gconstpointer data)
{
  gboolean batch = GPOINTER_TO_INT (data);
  g_autoptr(GPtrArray) chain = make_chain ();
  g_autofree DdLedgerFields *rows = rows_of (chain);
  g_autoptr(DdLedgerReport) report = NULL;
  DdLedgerFields third = rows[2];

  /* The contents of seq 3 and 6 swapped, each keeping its seq. */
  rows[2] = rows[5];
  rows[2].seq = 3;
  rows[5] = third;
  rows[5].seq = 6;
  report = verify_rows (rows, chain->len, batch);
  g_assert_cmpint (report->first_broken_seq, ==, 3);

  /* Swapped whole, seq included: out of order. */
  g_free (rows);
  rows = rows_of (chain);
  third = rows[2];
  rows[2] = rows[5];
  rows[5] = third;
  g_clear_pointer (&report, dd_ledger_report_free);
  report = verify_rows (rows, chain->len, batch);
  g_assert_cmpint (report->first_broken_seq, ==, 3);
}

static void
test_hash_erased (void)
{
  g_autoptr(GPtrArray) chain = make_chain ();
  g_autofree DdLedgerFields *rows = rows_of (chain);
  g_autoptr(DdLedgerReport) report = NULL;

  rows[1].hash = "";
  report = verify_rows (rows, chain->len, FALSE);
  g_assert_cmpint (report->first_broken_seq, ==, 2);
  g_assert_nonnull (strstr (report->message, "no valid hash"));
}

static void
test_batch_large (void)
{
  /* Enough rows for several threads; a break near the end is still the first. */
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_ledger_entry_unref);
  g_autofree DdLedgerFields *rows = NULL;
  g_autoptr(DdLedgerReport) intact = NULL;
  g_autoptr(DdLedgerReport) broken = NULL;
  const char *prev = DD_LEDGER_GENESIS_HASH;
  const guint n = 5000;

  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *id = g_strdup_printf ("e-%u", i);
      DdLedgerFields fields = { .entry_id = id, .time_us = i, .actor = "bo", .role = "ops-lead",
                                .entity = "offer", .entity_id = "o", .field = "stock", .after = id };
      g_autoptr(DdLedgerEntry) draft = dd_ledger_entry_new (&fields);
      DdLedgerEntry *sealed = dd_ledger_entry_seal (draft, i, prev);

      g_ptr_array_add (chain, sealed);
      prev = dd_ledger_entry_get_hash (sealed);
    }
  rows = rows_of (chain);
  intact = verify_rows (rows, n, TRUE);
  g_assert_true (dd_ledger_report_is_intact (intact));
  g_assert_cmpint (intact->n_checked, ==, n);

  rows[4321].actor = "mallory";
  rows[4400].after = "x";
  broken = verify_rows (rows, n, TRUE);
  g_assert_cmpint (broken->first_broken_seq, ==, 4322);
}

static void
test_pipelined_batches (void)
{
  /* Two batches in turn, as the store reads them; the break is in the second. */
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_ledger_entry_unref);
  g_autoptr(DdLedgerVerifier) intact = dd_ledger_verifier_new ();
  g_autoptr(DdLedgerVerifier) broken = dd_ledger_verifier_new ();
  g_autoptr(DdLedgerReport) report = NULL;
  g_autofree DdLedgerFields *rows = NULL;
  const char *prev = DD_LEDGER_GENESIS_HASH;
  const guint n = 3000;

  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *id = g_strdup_printf ("e-%u", i);
      DdLedgerFields fields = { .entry_id = id, .time_us = i, .actor = "cy", .role = "producer",
                                .entity = "offer", .entity_id = "o", .field = "price", .after = id };
      g_autoptr(DdLedgerEntry) draft = dd_ledger_entry_new (&fields);
      DdLedgerEntry *sealed = dd_ledger_entry_seal (draft, i, prev);

      g_ptr_array_add (chain, sealed);
      prev = dd_ledger_entry_get_hash (sealed);
    }
  rows = rows_of (chain);

  g_assert_true (dd_ledger_verifier_end_batch (intact, dd_ledger_verifier_begin_batch (intact, rows, 1000, 3)));
  g_assert_true (dd_ledger_verifier_end_batch (intact, dd_ledger_verifier_begin_batch (intact, rows + 1000, n - 1000, 0)));
  g_assert_true (dd_ledger_verifier_is_intact (intact));
  g_assert_cmpint (dd_ledger_verifier_get_n_checked (intact), ==, n);

  rows[2500].reason = "inserted later";
  g_assert_true (dd_ledger_verifier_end_batch (broken, dd_ledger_verifier_begin_batch (broken, rows, 1000, 2)));
  g_assert_false (dd_ledger_verifier_end_batch (broken, dd_ledger_verifier_begin_batch (broken, rows + 1000, n - 1000, 2)));
  report = dd_ledger_verifier_get_report (broken);
  g_assert_cmpint (report->first_broken_seq, ==, 2501);
  g_assert_cmpint (report->n_checked, ==, 2501);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/core/ledger/canonical-json", test_canonical_json);
  g_test_add_func ("/dropdeck/core/ledger/hash-definition", test_hash_definition);
  g_test_add_func ("/dropdeck/core/ledger/entry-seal", test_entry_seal);
  g_test_add_func ("/dropdeck/core/ledger/empty", test_empty);
  for (int batch = 0; batch <= 1; batch++)
    {
      const char *mode = batch ? "batch" : "one-by-one";
      g_autofree char *intact = g_strdup_printf ("/dropdeck/core/ledger/%s/intact", mode);
      g_autofree char *altered = g_strdup_printf ("/dropdeck/core/ledger/%s/altered", mode);
      g_autofree char *deleted = g_strdup_printf ("/dropdeck/core/ledger/%s/deleted", mode);
      g_autofree char *swapped = g_strdup_printf ("/dropdeck/core/ledger/%s/swapped", mode);

      g_test_add_data_func (intact, GINT_TO_POINTER (batch), test_intact);
      g_test_add_data_func (altered, GINT_TO_POINTER (batch), test_altered);
      g_test_add_data_func (deleted, GINT_TO_POINTER (batch), test_deleted);
      g_test_add_data_func (swapped, GINT_TO_POINTER (batch), test_swapped);
    }
  g_test_add_func ("/dropdeck/core/ledger/deleted-and-renumbered", test_deleted_and_renumbered);
  g_test_add_func ("/dropdeck/core/ledger/hash-erased", test_hash_erased);
  g_test_add_func ("/dropdeck/core/ledger/batch-large", test_batch_large);
  g_test_add_func ("/dropdeck/core/ledger/pipelined-batches", test_pipelined_batches);

  return g_test_run ();
}
