/* test-store-migrations.c — upgrading from every earlier schema version
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "dd-store-private.h"
#include "dd-store-commerce.h"
#include "store-test-util.h"

/* Rows typical of each version, written with the SQL of that version:
 * seed_rows[v - 1] fills what version v added. A new migration appends its
 * rows here and a check below. */
static const char * const seed_rows[] = {
  /* 1 */
  "INSERT INTO meta (key, value) VALUES ('drop-name', 'Spring drop');"
  "INSERT INTO offers (id, title, sku, price_minor, currency, state, latency_bucket,"
  "  sync_state, updated_at)"
  "  VALUES ('sneaker-red', 'Red sneaker', 'sneaker-red', 4990, 'EUR', 'live', 'same-day',"
  "  'pending', 1);"
  "INSERT INTO price_history (offer_id, sku, currency, price_minor, valid_from)"
  "  VALUES ('sneaker-red', 'sneaker-red', 'EUR', 4990, 1);"
  "INSERT INTO hubs (id, name, latitude, longitude, capacity_per_hour)"
  "  VALUES ('hub-1', 'Kreuzberg', 52.5, 13.4, 100);"
  "INSERT INTO stock_levels (hub_id, sku, on_hand, reserved, allocated)"
  "  VALUES ('hub-1', 'sneaker-red', 10, 2, 3);"
  "INSERT INTO outbox (idempotency_key, service, entity, entity_id, operation, payload,"
  "  created_at) VALUES ('key-1', 'commerce', 'offer', 'sneaker-red', 'update', '{}', 1);"
  "INSERT INTO ledger (entry_id, time, actor, role, entity, entity_id, field, before, after)"
  "  VALUES ('entry-1', 1, 'ana', 'producer', 'offer', 'sneaker-red', 'price', '5990', '4990');",
  /* 2 */
  "INSERT INTO chat_messages (id, source, author_login, display_name, text, ts)"
  "  VALUES ('m1', 'audience', 'lena', 'Lena', 'is the red sneaker in stock?', 1);",
  /* 3: rows written outside an append wait for the index */
  "INSERT INTO chat_messages (id, source, author_login, display_name, text, ts)"
  "  VALUES ('m2', 'audience', 'tom', 'Tom', 'this row waits for the index', 2);",
  /* 4: a price change the prior-price index covers */
  "INSERT INTO price_history (offer_id, sku, currency, price_minor, valid_from)"
  "  VALUES ('sneaker-red', 'sneaker-red', 'EUR', 3990, 2);",
  /* 5: what a squad's classifier learned, bytes with a NUL among them */
  "INSERT INTO classifier_weights (squad, weights, updated_at)"
  "  VALUES ('squad-north', X'44440001ff', 3);",
  /* 6: a push whose outcome was unknown, and a conflict that holds an entry */
  "UPDATE outbox SET progress = '{\"read\":10}', attempts = 1 WHERE idempotency_key = 'key-1';"
  "INSERT INTO sync_conflicts (outbox_seq, service, entity, entity_id, base, local, remote,"
  "  detected_at) SELECT seq, 'commerce', 'offer', 'sneaker-red', '{\"price_minor\":5990}',"
  "  '{\"price_minor\":4990}', '{\"price_minor\":5490}', 4 FROM outbox"
  "  WHERE idempotency_key = 'key-1';",
  /* 7: a checklist item with its probe's evidence, a template, a poll */
  "INSERT INTO checklists (id, title, phase) VALUES ('pre-drop', 'Pre-drop', 'pre-drop');"
  "INSERT INTO checklist_items (checklist_id, id, position, title, owner, kind, state,"
  "  signed_by, signed_at, blocking, probe_id, evidence)"
  "  VALUES ('pre-drop', 'preflight-load', 0, 'Preflight', 'engineer-on-call', 'automated',"
  "  'failed', 'probe:preflight-load', 5, 1, 'preflight-load', 'checkout p99 812 ms');"
  "INSERT INTO checklist_templates (id, position, document)"
  "  VALUES ('pre-drop', 0, '{\"id\":\"pre-drop\"}');"
  "INSERT INTO go_no_go_polls (id, opened_by, opened_at, decided_at, outcome)"
  "  VALUES ('poll-1', 'producer', 6, 7, 'no-go');"
  "INSERT INTO go_no_go_answers (poll_id, position, role, answer, reason, time)"
  "  VALUES ('poll-1', 0, 'ops-lead', 'no-go', 'stock short', 7);",
  /* 8: a Twitch reply with badges and bits */
  "INSERT INTO chat_messages (id, source, author_login, display_name, text, ts, author_user_id,"
  "  badges, reply_parent_id, reply_parent_login, reply_parent_text, bits)"
  "  VALUES ('m3', 'audience', 'mario', 'Mario', 'cheer100 sí, en azul', 8, '9876',"
  "  'subscriber/12', 'm1', 'lena', 'is the red sneaker in stock?', 100);",
  /* 9: a promotion in its campaign's window, a refund limit, a deletion */
  "INSERT INTO promotions (id, code, status, kind, value, currency, target, campaign_name,"
  "  starts_at, ends_at) VALUES ('promo_1', 'DROP10', 'active', 'fixed', '19.99', 'EUR',"
  "  'order', 'Friday drop', 9, 10);"
  "INSERT INTO refund_limits (role, max_minor, currency) VALUES ('ops-lead', 4990, 'EUR');"
  "INSERT INTO meta (key, value) VALUES ('commerce.returns-open', 'false');"
  "INSERT INTO remote_gone (service, entity, entity_id, remote_id, gone_at)"
  "  VALUES ('commerce', 'offer', 'offer-1', 'prod_1', 9);",
  /* 10: another member's ledger entry */
  "INSERT INTO squad_ledger (member, entry_id, seq, time, actor, role, entity, entity_id, field,"
  "  before, after, prev_hash, hash, received_at) VALUES ('jonas', 'entry-j1', 1, 10, 'jonas',"
  "  'ops-lead', 'offer', 'offer-1', 'lifecycle', 'draft', 'live', '0', 'h1', 10);",
  /* 11: an offer linked to the campaign that holds its window */
  "UPDATE offers SET window_start = 11, window_end = 12, campaign_identifier = 'dropdeck-key-2',"
  "  campaign_id = 'procamp_1' WHERE id = 'sneaker-red';"
  "UPDATE promotions SET campaign_id = 'procamp_1' WHERE id = 'promo_1';",
};

static void
check_rows (DdStore    *store,
            const char *path,
            int         version)
{
  g_autoptr(GError) error = NULL;

  if (version >= 1)
    {
      g_autoptr(GPtrArray) offers = store_test_load (store, dd_store_load_offers_async, &error);
      g_autoptr(GPtrArray) levels = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (offers->len, ==, 1);
      g_assert_cmpstr (dd_offer_get_title (g_ptr_array_index (offers, 0)), ==, "Red sneaker");
      g_assert_cmpint (dd_offer_get_state (g_ptr_array_index (offers, 0)), ==, DD_OFFER_STATE_LIVE);
      levels = store_test_load (store, dd_store_load_stock_async, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (levels->len, ==, 1);
      g_assert_cmpint (dd_stock_level_get_available (g_ptr_array_index (levels, 0)), ==, 5);
      g_assert_cmpint (store_test_count_outbox (store), ==, 1);
    }

  if (version >= 2)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) found = NULL;

      dd_store_search_chat_async (store, "sneaker", 0, NULL, store_test_result_cb, &result);
      found = dd_store_load_finish (store, store_test_wait (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);
      g_assert_cmpstr (dd_chat_message_get_display_name (g_ptr_array_index (found, 0)), ==, "Lena");
    }

  if (version >= 3)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) found = NULL;

      dd_store_search_chat_async (store, "waits", 0, NULL, store_test_result_cb, &result);
      found = dd_store_load_finish (store, store_test_wait (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);
    }

  if (version >= 5)
    {
      static const guint8 seeded[] = { 0x44, 0x44, 0x00, 0x01, 0xff };
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GBytes) weights = NULL;
      g_autoptr(GBytes) expected = g_bytes_new_static (seeded, sizeof seeded);

      dd_store_load_classifier_weights_async (store, "squad-north", NULL, store_test_result_cb, &result);
      weights = dd_store_load_classifier_weights_finish (store, store_test_wait (&result), &error);
      g_assert_no_error (error);
      g_assert_nonnull (weights);
      g_assert_true (g_bytes_equal (weights, expected));
    }

  if (version >= 8)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) found = NULL;
      DdChatMessage *reply;

      dd_store_search_chat_async (store, "azul", 0, NULL, store_test_result_cb, &result);
      found = dd_store_load_finish (store, store_test_wait (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);
      reply = g_ptr_array_index (found, 0);
      g_assert_cmpstr (dd_chat_message_get_author_user_id (reply), ==, "9876");
      g_assert_cmpstr (dd_chat_message_get_badges (reply), ==, "subscriber/12");
      g_assert_cmpstr (dd_chat_message_get_reply_parent_id (reply), ==, "m1");
      g_assert_cmpstr (dd_chat_message_get_reply_parent_login (reply), ==, "lena");
      g_assert_cmpstr (dd_chat_message_get_reply_parent_text (reply), ==, "is the red sneaker in stock?");
      g_assert_cmpuint (dd_chat_message_get_bits (reply), ==, 100);
    }

  if (version >= 7)
    {
      g_autoptr(GPtrArray) checklists = store_test_load (store, dd_store_load_checklists_async, &error);
      DdChecklistItem *item;

      g_assert_no_error (error);
      g_assert_cmpuint (checklists->len, ==, 1);
      item = dd_checklist_lookup (g_ptr_array_index (checklists, 0), "preflight-load");
      g_assert_cmpint (dd_checklist_item_get_state (item), ==, DD_CHECKLIST_ITEM_FAILED);
      g_assert_cmpstr (dd_checklist_item_get_probe_id (item), ==, "preflight-load");
      g_assert_cmpstr (dd_checklist_item_get_evidence (item), ==, "checkout p99 812 ms");
      g_assert_true (dd_checklist_item_get_blocking (item));
    }

  if (version >= 9)
    {
      g_autoptr(GPtrArray) promotions = store_test_load (store, dd_store_load_promotions_async, &error);
      g_autofree char *gone = store_test_sql (path, "SELECT entity_id FROM remote_gone");
      DdPromotion *promotion;

      g_assert_no_error (error);
      g_assert_cmpuint (promotions->len, ==, 1);
      promotion = g_ptr_array_index (promotions, 0);
      g_assert_cmpstr (promotion->code, ==, "DROP10");
      g_assert_cmpstr (promotion->value, ==, "19.99");
      g_assert_cmpint (promotion->ends_at_us, ==, 10);
      g_assert_cmpstr (gone, ==, "offer-1");
      /* Before version 11 no campaign is linked to an offer. */
      if (version < 11)
        g_assert_null (promotion->offer_id);
    }

  if (version >= 11)
    {
      g_autoptr(GPtrArray) promotions = store_test_load (store, dd_store_load_promotions_async, &error);
      g_autofree char *link = store_test_sql (path, "SELECT campaign_identifier || ' ' || campaign_id FROM offers");

      g_assert_no_error (error);
      g_assert_cmpstr (((DdPromotion *) g_ptr_array_index (promotions, 0))->offer_id, ==, "sneaker-red");
      g_assert_cmpstr (link, ==, "dropdeck-key-2 procamp_1");
    }
}

static void
test_upgrade_from (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autofree char *dir = store_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "dropdeck.db", NULL);
  g_autofree char *user_version = NULL;
  g_autofree char *ledger = NULL;
  g_autofree char *report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (_dd_store_migrate (db, version, &error));
  g_assert_no_error (error);
  for (int v = 1; v <= version; v++)
    g_assert_cmpint (sqlite3_exec (db, seed_rows[v - 1], NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  user_version = store_test_sql (path, "PRAGMA user_version");
  g_assert_cmpint (atoi (user_version), ==, version);

  store = dd_store_open_sync (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dd_store_get_schema_version (store), ==, dd_store_get_latest_version ());
  report = store_test_check (store);
  g_assert_cmpstr (report, ==, "ok");
  check_rows (store, path, version);
  dd_store_close (store);

  g_free (user_version);
  user_version = store_test_sql (path, "PRAGMA user_version");
  g_assert_cmpint (atoi (user_version), ==, dd_store_get_latest_version ());
  if (version >= 1)
    {
      ledger = store_test_sql (path, "SELECT after FROM ledger WHERE entry_id = 'entry-1'");
      g_assert_cmpstr (ledger, ==, "4990");
    }

  store_test_remove_tree (dir);
}

static void
test_every_version_has_seed (void)
{
  /* A migration without typical rows would upgrade untested. */
  g_assert_cmpint (G_N_ELEMENTS (seed_rows), ==, dd_store_get_latest_version ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/store/migrations/every-version-has-seed", test_every_version_has_seed);
  for (int k = 0; k < dd_store_get_latest_version (); k++)
    {
      g_autofree char *path = g_strdup_printf ("/dropdeck/store/migrations/upgrade-from-%d", k);

      g_test_add_data_func (path, GINT_TO_POINTER (k), test_upgrade_from);
    }

  return g_test_run ();
}
