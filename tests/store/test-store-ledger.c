/* test-store-ledger.c — the ledger table as a hash chain: edits seal it, tampering
 * shows, exports are CSV; price history and the prior-price lookup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-store-private.h"
#include "store-test-util.h"

#define NOW ((gint64) 1795608000 * G_USEC_PER_SEC)
#define DAY G_TIME_SPAN_DAY

typedef struct
{
  char    *dir;
  char    *path;
  DdStore *store;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = store_test_make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
  fixture->store = store_test_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->store != NULL)
    dd_store_close (fixture->store);
  g_clear_object (&fixture->store);
  store_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static DdLedgerReport *
verify (DdStore *store)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  DdLedgerReport *report;

  dd_store_verify_ledger_async (store, NULL, store_test_result_cb, &result);
  report = dd_store_verify_ledger_finish (store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_object_unref (result);
  return report;
}

static DdLedgerEntry *
append (DdStore              *store,
        const DdLedgerFields *fields)
{
  g_autoptr(DdLedgerEntry) draft = dd_ledger_entry_new (fields);
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  DdLedgerEntry *entry;

  dd_store_append_ledger_async (store, draft, NULL, store_test_result_cb, &result);
  entry = dd_store_append_ledger_finish (store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return entry;
}

static gint64
export_to_memory (DdStore  *store,
                  char    **csv)
{
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n;

  dd_store_export_ledger_async (store, output, NULL, store_test_result_cb, &result);
  n = dd_store_export_ledger_finish (store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  g_output_stream_write_all (output, "", 1, NULL, NULL, NULL);
  g_output_stream_close (output, NULL, NULL);
  *csv = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (output));
  return n;
}

/* Five price edits through the ordinary offer-edit path. */
static void
make_edits (Fixture *fixture)
{
  g_autoptr(DdOffer) offer = store_test_offer_new ("sneaker-red", "Red sneaker", 5000);
  g_autoptr(GError) error = NULL;

  for (int i = 1; i <= 5; i++)
    {
      g_autofree char *before = g_strdup_printf ("%d", 5000 - (i - 1) * 100);
      g_autofree char *after = g_strdup_printf ("%d", 5000 - i * 100);
      DdMoney price = dd_money_init (5000 - i * 100, "EUR");
      DdStoreEdit edit = { "price", before, after, "ana", DD_ROLE_PRODUCER, "flash sale",
                           i == 2 ? "msg-7" : NULL };

      dd_offer_set_price (offer, &price);
      g_assert_true (store_test_apply_edit (fixture->store, offer, &edit, &error));
      g_assert_no_error (error);
    }
}

static void
test_edits_seal_the_chain (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(DdLedgerReport) report = NULL;
  g_autofree char *seqs = NULL;
  g_autofree char *first_prev = NULL;
  g_autofree char *links = NULL;
  g_autofree char *chat = NULL;
  g_autofree char *prices = NULL;

  make_edits (fixture);
  report = verify (fixture->store);
  g_assert_true (dd_ledger_report_is_intact (report));
  g_assert_cmpint (report->n_checked, ==, 5);

  seqs = store_test_sql (fixture->path, "SELECT group_concat (seq, ',') FROM (SELECT seq FROM ledger ORDER BY seq)");
  g_assert_cmpstr (seqs, ==, "1,2,3,4,5");
  first_prev = store_test_sql (fixture->path, "SELECT prev_hash FROM ledger WHERE seq = 1");
  g_assert_cmpstr (first_prev, ==, DD_LEDGER_GENESIS_HASH);
  links = store_test_sql (fixture->path,
                          "SELECT count (*) FROM ledger a JOIN ledger b ON b.seq = a.seq + 1"
                          " WHERE b.prev_hash = a.hash AND length (a.hash) = 64");
  g_assert_cmpstr (links, ==, "4");
  chat = store_test_sql (fixture->path, "SELECT chat_message_id FROM ledger WHERE seq = 2");
  g_assert_cmpstr (chat, ==, "msg-7");

  /* Each price change went into price_history in the same transaction. */
  prices = store_test_sql (fixture->path,
                           "SELECT group_concat (price_minor, ',') FROM"
                           " (SELECT price_minor FROM price_history WHERE sku = 'sneaker-red' ORDER BY id)");
  g_assert_cmpstr (prices, ==, "4900,4800,4700,4600,4500");
}

static void
test_append_api (Fixture       *fixture,
                 gconstpointer  data)
{
  DdLedgerFields fields = {
    .time_us = NOW, .actor = "bo", .role = "ops-lead", .entity = "offer", .entity_id = "o-1",
    .field = "state", .before = "scheduled", .after = "live", .reason = "on air", .chat_message_id = "msg-1",
  };
  g_autoptr(DdLedgerEntry) first = append (fixture->store, &fields);
  g_autoptr(DdLedgerEntry) second = NULL;
  g_autoptr(DdLedgerReport) report = NULL;
  g_autofree char *hash = NULL;

  g_assert_cmpint (dd_ledger_entry_get_seq (first), ==, 1);
  g_assert_nonnull (dd_ledger_entry_get_entry_id (first));
  g_assert_cmpstr (dd_ledger_entry_get_prev_hash (first), ==, DD_LEDGER_GENESIS_HASH);
  fields.after = "paused";
  second = append (fixture->store, &fields);
  g_assert_cmpint (dd_ledger_entry_get_seq (second), ==, 2);
  g_assert_cmpstr (dd_ledger_entry_get_prev_hash (second), ==, dd_ledger_entry_get_hash (first));

  hash = store_test_sql (fixture->path, "SELECT hash FROM ledger WHERE seq = 2");
  g_assert_cmpstr (hash, ==, dd_ledger_entry_get_hash (second));
  report = verify (fixture->store);
  g_assert_true (dd_ledger_report_is_intact (report));
  g_assert_cmpint (report->n_checked, ==, 2);
}

static void
test_tampered_after (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DdLedgerReport) report = NULL;

  make_edits (fixture);
  g_free (store_test_sql (fixture->path, "UPDATE ledger SET after = '100' WHERE seq = 3"));
  report = verify (fixture->store);
  g_assert_cmpint (report->first_broken_seq, ==, 3);
  g_assert_cmpint (report->n_checked, ==, 3);
  g_assert_nonnull (strstr (report->message, "Entry 3 was changed"));
}

static void
test_tampered_and_rehashed (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(DdLedgerReport) report = NULL;
  g_autofree char *row = NULL;

  /* Someone who recomputes the altered row's hash still breaks the next link. */
  make_edits (fixture);
  g_free (store_test_sql (fixture->path, "UPDATE ledger SET after = '100', hash = '"
                                         "1111111111111111111111111111111111111111111111111111111111111111'"
                                         " WHERE seq = 2"));
  report = verify (fixture->store);
  g_assert_cmpint (report->first_broken_seq, ==, 2);
  row = store_test_sql (fixture->path, "SELECT count (*) FROM ledger");
  g_assert_cmpstr (row, ==, "5");
}

static void
test_deleted_row (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DdLedgerReport) report = NULL;

  make_edits (fixture);
  g_free (store_test_sql (fixture->path, "DELETE FROM ledger WHERE seq = 4"));
  report = verify (fixture->store);
  g_assert_cmpint (report->first_broken_seq, ==, 4);
  g_assert_nonnull (strstr (report->message, "Entry 4 is missing"));
}

static void
test_swapped_rows (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(DdLedgerReport) report = NULL;
  make_edits (fixture);
  /* entry_id is UNIQUE: free them first. */
  g_free (store_test_sql (fixture->path, "UPDATE ledger SET entry_id = entry_id || '-moving' WHERE seq IN (2, 4)"));
  g_free (store_test_sql (fixture->path,
                          "CREATE TABLE keep AS SELECT * FROM ledger WHERE seq IN (2, 4);"
                          "UPDATE ledger SET (entry_id, time, actor, role, entity, entity_id, field, before, after,"
                          "  reason, chat_message_id, prev_hash, hash) ="
                          " (SELECT replace (entry_id, '-moving', ''), time, actor, role, entity, entity_id, field,"
                          "  before, after, reason, chat_message_id, prev_hash, hash"
                          "  FROM keep WHERE keep.seq = 6 - ledger.seq)"
                          " WHERE seq IN (2, 4);"
                          "DROP TABLE keep;"));
  report = verify (fixture->store);
  g_assert_cmpint (report->first_broken_seq, ==, 2);
}

static void
test_legacy_rows_sealed (Fixture       *fixture,
                         gconstpointer  data)
{
  DdLedgerFields fields = {
    .time_us = NOW, .actor = "bo", .role = "ops-lead", .entity = "offer", .entity_id = "o-1",
    .field = "stock", .before = "10", .after = "12",
  };
  g_autoptr(DdLedgerReport) before = NULL;
  g_autoptr(DdLedgerReport) after = NULL;
  g_autoptr(DdLedgerEntry) entry = NULL;

  /* Rows from schema 3, written without hashes. */
  g_free (store_test_sql (fixture->path,
                          "INSERT INTO ledger (entry_id, time, actor, role, entity, entity_id, field, before, after)"
                          " VALUES ('old-1', 1, 'ana', 'producer', 'offer', 'o-1', 'price', '5990', '4990'),"
                          "        ('old-2', 2, 'ana', 'producer', 'offer', 'o-1', 'price', '4990', '4490')"));
  before = verify (fixture->store);
  g_assert_cmpint (before->first_broken_seq, ==, 1);
  g_assert_nonnull (strstr (before->message, "no valid hash"));

  entry = append (fixture->store, &fields);
  g_assert_cmpint (dd_ledger_entry_get_seq (entry), ==, 3);
  after = verify (fixture->store);
  g_assert_true (dd_ledger_report_is_intact (after));
  g_assert_cmpint (after->n_checked, ==, 3);
}

static void
test_export_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  DdLedgerFields fields = {
    .entry_id = "e-quoted", .time_us = NOW + 123456, .actor = "ana", .role = "producer",
    .entity = "offer", .entity_id = "o-1", .field = "title", .before = "Shirt, linen",
    .after = "The \"best\" shirt\r\nnow", .reason = NULL,
  };
  g_autoptr(DdLedgerEntry) entry = append (fixture->store, &fields);
  g_autofree char *csv = NULL;
  g_autofree char *expected_row = NULL;
  g_autofree char *file_path = g_build_filename (fixture->dir, "ledger.csv", NULL);
  g_autofree char *file_csv = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  gint64 n;

  g_assert_cmpint (export_to_memory (fixture->store, &csv), ==, 1);
  g_assert_true (g_str_has_prefix (csv, "seq,entry_id,time,time_us,actor,role,entity,entity_id,field,"
                                        "before,after,reason,chat_message_id,prev_hash,hash\r\n"));
  expected_row = g_strdup_printf ("1,e-quoted,2026-11-25T12:00:00.123456Z,%" G_GINT64_FORMAT ",ana,producer,offer,o-1,title,"
                                  "\"Shirt, linen\",\"The \"\"best\"\" shirt\r\nnow\",,,%s,%s\r\n",
                                  NOW + 123456, DD_LEDGER_GENESIS_HASH, dd_ledger_entry_get_hash (entry));
  g_assert_cmpstr (strchr (csv, '\n') + 1, ==, expected_row);

  dd_store_export_ledger_to_path_async (fixture->store, file_path, NULL, store_test_result_cb, &result);
  n = dd_store_export_ledger_finish (fixture->store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 1);
  g_object_unref (result);
  g_assert_true (g_file_get_contents (file_path, &file_csv, NULL, NULL));
  g_assert_cmpstr (file_csv, ==, csv);
}

static void
test_export_unwritable (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *file_path = g_build_filename (fixture->dir, "missing", "ledger.csv", NULL);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  dd_store_export_ledger_to_path_async (fixture->store, file_path, NULL, store_test_result_cb, &result);
  g_assert_cmpint (dd_store_export_ledger_finish (fixture->store, store_test_wait (&result), &error), ==, -1);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_UNWRITABLE);
  g_assert_nonnull (strstr (error->message, file_path));
  g_object_unref (result);
}

static DdPricePoint *
lowest (DdStore    *store,
        const char *sku,
        const char *currency)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  DdPricePoint *point;

  dd_store_lookup_lowest_price_async (store, sku, currency, NOW, NULL, store_test_result_cb, &result);
  point = dd_store_lookup_lowest_price_finish (store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return point;
}

/* The `detail` column of EXPLAIN QUERY PLAN. */
static char *
query_plan (const char *path,
            const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (plan, FALSE);
}

static void
test_lowest_price (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO price_history (offer_id, sku, currency, price_minor, valid_from) VALUES"
    " ('o-1', 'SKU', 'EUR', 5990, %" G_GINT64_FORMAT "),"   /* carried into the period */
    " ('o-1', 'SKU', 'EUR', 5490, %" G_GINT64_FORMAT "),"
    " ('o-2', 'SKU', 'EUR', 4490, %" G_GINT64_FORMAT "),"   /* the lowest, another offer */
    " ('o-1', 'SKU', 'EUR', 5990, %" G_GINT64_FORMAT "),"
    " ('o-1', 'SKU', 'EUR', 1000, %" G_GINT64_FORMAT "),"   /* the future */
    " ('o-1', 'SKU', 'USD', 100, %" G_GINT64_FORMAT "),"
    " ('o-3', 'OLD', 'EUR', 2000, %" G_GINT64_FORMAT ")",
    NOW - 40 * DAY, NOW - 20 * DAY, NOW - 9 * DAY, NOW - DAY, NOW + DAY, NOW - DAY, NOW - 90 * DAY);
  g_autofree DdPricePoint *point = NULL;
  g_autofree DdPricePoint *old = NULL;
  g_autofree DdPricePoint *none = NULL;
  g_autofree char *plan = NULL;

  g_free (store_test_sql (fixture->path, sql));

  point = lowest (fixture->store, "SKU", "EUR");
  g_assert_nonnull (point);
  g_assert_cmpint (point->price.minor, ==, 4490);
  g_assert_cmpstr (point->price.currency, ==, "EUR");
  g_assert_cmpint (point->valid_from, ==, NOW - 9 * DAY);

  /* A price set long ago is still in effect over the whole period. */
  old = lowest (fixture->store, "OLD", "EUR");
  g_assert_nonnull (old);
  g_assert_cmpint (old->price.minor, ==, 2000);
  g_assert_cmpint (old->valid_from, ==, NOW - DD_PRIOR_PRICE_PERIOD);

  none = lowest (fixture->store, "SKU", "GBP");
  g_assert_null (none);

  /* The lookup is an index search, not a scan. */
  plan = query_plan (fixture->path,
                     "SELECT min (price_minor), valid_from FROM price_history"
                     " WHERE sku = 'SKU' AND currency = 'EUR' AND valid_from >= 0 AND valid_from < 9");
  g_assert_nonnull (strstr (plan, "COVERING INDEX price_history_variant"));
}

static DdPricePoint *
prior (DdStore       *store,
       const char    *sku,
       const DdMoney *price,
       gint64         now)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  DdPricePoint *point;

  dd_store_lookup_prior_price_async (store, sku, price, now, NULL, store_test_result_cb, &result);
  point = dd_store_lookup_prior_price_finish (store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return point;
}

/* The store's seeks give the rule's answer (dd_price_history_find_prior_price)
 * on random histories: sales, the same price saved twice, other currencies,
 * future points, prices new and in effect. */
static void
test_prior_price_matches_rule (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (DdPricePoint));
  GString *sql = g_string_new ("INSERT INTO price_history (offer_id, sku, currency, price_minor, valid_from) VALUES");
  const gint64 prices[] = { 2990, 3990, 4990, 5990 };
  g_autofree char *sql_text = NULL;
  guint n_checked = 0, n_before_now = 0;

  for (guint i = 0; i < 400; i++)
    {
      gboolean usd = g_rand_int_range (rand, 0, 10) == 0;
      DdPricePoint point = {
        dd_money_init (prices[g_rand_int_range (rand, 0, G_N_ELEMENTS (prices))], usd ? "USD" : "EUR"),
        NOW - g_rand_int_range (rand, -5, 200) * (DAY / 4) + i,  /* + i: no two at one moment */
      };

      g_array_append_val (points, point);
      g_string_append_printf (sql, "%s ('o-%u', 'SKU', '%s', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                              i == 0 ? "" : ",", i % 3, point.price.currency, point.price.minor,
                              point.valid_from);
    }
  sql_text = g_string_free (sql, FALSE);
  g_free (store_test_sql (fixture->path, sql_text));

  for (int step = 0; step < 60; step++)
    {
      gint64 now = NOW - step * (DAY / 2) - step;  /* off the quarter-day grid too */

      for (guint p = 0; p < G_N_ELEMENTS (prices); p++)
        {
          DdMoney price = dd_money_init (prices[p], "EUR");
          g_autofree DdPricePoint *stored = prior (fixture->store, "SKU", &price, now);
          DdPricePoint expected;
          gint64 start = 0;
          gboolean found = dd_price_history_find_prior_price ((DdPricePoint *) points->data, points->len,
                                                              &price, now, &expected, &start);

          g_assert_cmpint (found, ==, stored != NULL);
          if (found)
            {
              g_assert_cmpint (stored->price.minor, ==, expected.price.minor);
              g_assert_cmpint (stored->valid_from, ==, expected.valid_from);
            }
          n_before_now += start < now;
          n_checked++;
        }
    }

  /* Both cases were exercised: a price in effect, and a new one. */
  g_assert_cmpuint (n_checked, ==, 240);
  g_assert_cmpuint (n_before_now, >, 30);
  g_assert_cmpuint (n_before_now, <, n_checked - 30);
}

/* A catalog's regular prices saved before its sale prices: the "was" claim
 * rests on them, and a failed save writes nothing. */
static void
test_saved_price_history (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_price_record_free);
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree DdPricePoint *point = NULL;
  g_autofree char *count = NULL;
  GAsyncResult *result = NULL;
  DdMoney regular = dd_money_init (4990, "EUR");
  DdMoney sale = dd_money_init (3990, "EUR");
  gint64 now = g_get_real_time ();
  DdOffer *offer = dd_offer_new ("o-1", "Tee", "TEE");

  g_ptr_array_add (records, dd_price_record_new ("o-1", "TEE", &regular, now - 60 * DAY));
  dd_store_save_price_history_async (fixture->store, records, NULL, store_test_result_cb, &result);
  g_assert_true (dd_store_save_finish (fixture->store, store_test_wait (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  dd_offer_set_price (offer, &sale);
  g_ptr_array_add (offers, offer);
  dd_store_save_offers_async (fixture->store, offers, NULL, store_test_result_cb, &result);
  g_assert_true (dd_store_save_finish (fixture->store, store_test_wait (&result), &error));
  g_clear_object (&result);

  /* The sale took effect when saved; before it, 49.90 for 30 days. */
  point = prior (fixture->store, "TEE", &sale, now + DAY);
  g_assert_nonnull (point);
  g_assert_cmpint (point->price.minor, ==, 4990);
  count = store_test_sql (fixture->path, "SELECT count (*) FROM price_history WHERE sku = 'TEE'");
  g_assert_cmpstr (count, ==, "2");
}

static void
test_empty_ledger (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(DdLedgerReport) report = verify (fixture->store);
  g_autofree char *csv = NULL;

  g_assert_true (dd_ledger_report_is_intact (report));
  g_assert_cmpint (report->n_checked, ==, 0);
  g_assert_cmpint (export_to_memory (fixture->store, &csv), ==, 0);
  g_assert_true (g_str_has_prefix (csv, "seq,"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/dropdeck/store/ledger/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("edits-seal-the-chain", test_edits_seal_the_chain);
  ADD ("append-api", test_append_api);
  ADD ("tampered-after", test_tampered_after);
  ADD ("tampered-and-rehashed", test_tampered_and_rehashed);
  ADD ("deleted-row", test_deleted_row);
  ADD ("swapped-rows", test_swapped_rows);
  ADD ("legacy-rows-sealed", test_legacy_rows_sealed);
  ADD ("export-csv", test_export_csv);
  ADD ("prior-price-matches-rule", test_prior_price_matches_rule);
  ADD ("saved-price-history", test_saved_price_history);
  ADD ("export-unwritable", test_export_unwritable);
  ADD ("lowest-price", test_lowest_price);
  ADD ("empty-ledger", test_empty_ledger);
#undef ADD

  return g_test_run ();
}
