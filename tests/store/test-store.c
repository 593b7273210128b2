/* test-store.c — opening, round trips, offer edits and threads of the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-private.h"
#include "store-test-util.h"

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
  /* A folder that does not exist yet: the store creates it. */
  fixture->path = g_build_filename (fixture->dir, "profile", "data", "dropdeck.db", NULL);
  fixture->store = dd_store_open_sync (fixture->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
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

/* Closes and opens the store again, so loads read the file, not a cache. */
static void
fixture_reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  dd_store_close (fixture->store);
  g_clear_object (&fixture->store);
  fixture->store = store_test_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
test_open_creates (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *report = NULL;
  g_autofree char *mode = NULL;

  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (dd_store_get_schema_version (fixture->store), ==, dd_store_get_latest_version ());
  g_assert_cmpint (dd_store_get_latest_version (), >=, 2);
  g_assert_cmpstr (dd_store_get_path (fixture->store), ==, fixture->path);

  report = store_test_check (fixture->store);
  g_assert_cmpstr (report, ==, "ok");

  dd_store_close (fixture->store);
  mode = store_test_sql (fixture->path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
}

static void
test_closed_store_refuses (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dd_store_close (fixture->store);
  dd_store_count_outbox_async (fixture->store, NULL, store_test_result_cb, &result);
  g_assert_cmpint (dd_store_count_finish (fixture->store, store_test_wait (&result), &error), ==, -1);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_CLOSED);
}

static void
test_offers_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdOffer) plain = store_test_offer_new ("sneaker-red", "Red sneaker", 4990);
  g_autoptr(DdOffer) bundle = store_test_offer_new ("bundle-1", "Sneaker + socks", 5990);
  g_autofree char *history = NULL;
  DdMoney was = dd_money_init (7990, "EUR");
  DdOffer *got;

  dd_offer_set_compare_at_price (plain, &was);
  dd_offer_set_remote_id (plain, "prod_01");
  dd_offer_set_state (plain, DD_OFFER_STATE_LIVE);
  dd_offer_set_window (plain, 1000000, 2000000);
  dd_offer_set_per_buyer_cap (plain, 2);
  dd_offer_set_stock_allocated (plain, 120);
  dd_offer_set_units_sold (plain, 7);
  dd_offer_set_latency_bucket (plain, DD_LATENCY_BUCKET_TWO_HOURS);
  g_assert_true (dd_offer_add_component (bundle, "sneaker-red", 1, &error));
  g_assert_true (dd_offer_add_component (bundle, "socks", 3, &error));
  g_assert_no_error (error);
  g_ptr_array_add (offers, g_object_ref (plain));
  g_ptr_array_add (offers, g_object_ref (bundle));

  g_assert_true (store_test_save (fixture->store, dd_store_save_offers_async, offers, &error));
  g_assert_no_error (error);
  /* Saving again with a new price upserts, and records the price change. */
  was = dd_money_init (4490, "EUR");
  dd_offer_set_price (plain, &was);
  g_assert_true (store_test_save (fixture->store, dd_store_save_offers_async, offers, &error));
  g_assert_no_error (error);

  fixture_reopen (fixture);
  loaded = store_test_load (fixture->store, dd_store_load_offers_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 2);

  got = g_ptr_array_index (loaded, 0);
  g_assert_cmpstr (dd_offer_get_id (got), ==, "sneaker-red");
  g_assert_cmpstr (dd_offer_get_title (got), ==, "Red sneaker");
  g_assert_cmpstr (dd_offer_get_remote_id (got), ==, "prod_01");
  g_assert_cmpint (dd_offer_get_price (got)->minor, ==, 4490);
  g_assert_cmpstr (dd_offer_get_price (got)->currency, ==, "EUR");
  g_assert_nonnull (dd_offer_get_compare_at_price (got));
  g_assert_cmpint (dd_offer_get_compare_at_price (got)->minor, ==, 7990);
  g_assert_cmpint (dd_offer_get_state (got), ==, DD_OFFER_STATE_LIVE);
  g_assert_cmpint (dd_offer_get_window_start (got), ==, 1000000);
  g_assert_cmpint (dd_offer_get_window_end (got), ==, 2000000);
  g_assert_cmpuint (dd_offer_get_per_buyer_cap (got), ==, 2);
  g_assert_cmpuint (dd_offer_get_stock_allocated (got), ==, 120);
  g_assert_cmpuint (dd_offer_get_units_sold (got), ==, 7);
  g_assert_cmpint (dd_offer_get_latency_bucket (got), ==, DD_LATENCY_BUCKET_TWO_HOURS);
  g_assert_false (dd_offer_is_bundle (got));

  got = g_ptr_array_index (loaded, 1);
  g_assert_cmpstr (dd_offer_get_id (got), ==, "bundle-1");
  g_assert_null (dd_offer_get_compare_at_price (got));
  g_assert_null (dd_offer_get_remote_id (got));
  g_assert_true (dd_offer_is_bundle (got));
  g_assert_cmpuint (dd_offer_get_n_components (got), ==, 2);
  g_assert_cmpstr (dd_offer_get_component (got, 0)->sku, ==, "sneaker-red");
  g_assert_cmpuint (dd_offer_get_component (got, 1)->quantity, ==, 3);

  dd_store_close (fixture->store);
  history = store_test_sql (fixture->path,
                            "SELECT group_concat (price_minor) FROM"
                            " (SELECT price_minor FROM price_history WHERE offer_id = 'sneaker-red'"
                            "  ORDER BY valid_from, id)");
  g_assert_cmpstr (history, ==, "4990,4490");
}

static void
test_invalid_offer_refused (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  DdMoney below = dd_money_init (100, "EUR");
  DdOffer *bad;

  g_ptr_array_add (offers, store_test_offer_new ("good", "Good", 1000));
  bad = store_test_offer_new ("bad", "Bad", 1000);
  /* A "was" price below the price is a false claim. */
  dd_offer_set_compare_at_price (bad, &below);
  g_ptr_array_add (offers, bad);

  g_assert_false (store_test_save (fixture->store, dd_store_save_offers_async, offers, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Bad"));

  /* One transaction: the good offer was not saved either. */
  g_clear_error (&error);
  loaded = store_test_load (fixture->store, dd_store_load_offers_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 0);
}

static void
test_hubs_and_stock_round_trip (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) hubs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) levels = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  DdHub *hub = dd_hub_new ("hub-kreuzberg", "Kreuzberg");
  DdStockLevel *level = dd_stock_level_new ("hub-kreuzberg", "sneaker-red");
  DdHub *got_hub;
  DdStockLevel *got_level;

  dd_hub_set_address (hub, "Oranienstraße 1, Berlin");
  g_assert_true (dd_hub_set_location (hub, 52.5013, 13.4183, &error));
  g_assert_true (dd_hub_set_capacity_per_hour (hub, 240, &error));
  dd_hub_set_couriers (hub, 6);
  dd_hub_set_cutoff_minute (hub, 17 * 60);
  dd_hub_set_open (hub, FALSE);
  g_ptr_array_add (hubs, hub);
  g_assert_true (dd_stock_level_set_on_hand (level, 50, &error));
  g_assert_true (dd_stock_level_allocate (level, 30, &error));
  g_assert_true (dd_stock_level_sell (level, 4, &error));
  g_assert_no_error (error);
  g_ptr_array_add (levels, level);

  g_assert_true (store_test_save (fixture->store, dd_store_save_hubs_async, hubs, &error));
  g_assert_true (store_test_save (fixture->store, dd_store_save_stock_async, levels, &error));
  /* Saving the hub again must not wipe its stock. */
  dd_hub_set_name (hub, "Kreuzberg Nord");
  g_assert_true (store_test_save (fixture->store, dd_store_save_hubs_async, hubs, &error));
  g_assert_no_error (error);

  fixture_reopen (fixture);
  loaded = store_test_load (fixture->store, dd_store_load_hubs_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);
  got_hub = g_ptr_array_index (loaded, 0);
  g_assert_cmpstr (dd_hub_get_name (got_hub), ==, "Kreuzberg Nord");
  g_assert_cmpstr (dd_hub_get_address (got_hub), ==, "Oranienstraße 1, Berlin");
  g_assert_cmpfloat_with_epsilon (dd_hub_get_latitude (got_hub), 52.5013, 1e-9);
  g_assert_cmpfloat_with_epsilon (dd_hub_get_longitude (got_hub), 13.4183, 1e-9);
  g_assert_cmpuint (dd_hub_get_capacity_per_hour (got_hub), ==, 240);
  g_assert_cmpuint (dd_hub_get_couriers (got_hub), ==, 6);
  g_assert_cmpuint (dd_hub_get_cutoff_minute (got_hub), ==, 17 * 60);
  g_assert_false (dd_hub_get_open (got_hub));

  g_clear_pointer (&loaded, g_ptr_array_unref);
  loaded = store_test_load (fixture->store, dd_store_load_stock_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);
  got_level = g_ptr_array_index (loaded, 0);
  g_assert_cmpstr (dd_stock_level_get_hub_id (got_level), ==, "hub-kreuzberg");
  g_assert_cmpint (dd_stock_level_get_on_hand (got_level), ==, dd_stock_level_get_on_hand (level));
  g_assert_cmpint (dd_stock_level_get_reserved (got_level), ==, dd_stock_level_get_reserved (level));
  g_assert_cmpint (dd_stock_level_get_allocated (got_level), ==, dd_stock_level_get_allocated (level));
  g_assert_cmpint (dd_stock_level_get_available (got_level), ==, 20);
}

static void
test_stock_of_unknown_hub_refused (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GPtrArray) levels = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (levels, dd_stock_level_new ("no-such-hub", "sku"));
  g_assert_false (store_test_save (fixture->store, dd_store_save_stock_async, levels, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED);

  g_clear_error (&error);
  loaded = store_test_load (fixture->store, dd_store_load_stock_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 0);
}

static void
test_orders_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  DdMoney total = dd_money_init (9980, "EUR");
  DdOrder *order;
  DdOrder *got;

  order = dd_order_new ("order_1", "sneaker-red", "sneaker-red", "hub-kreuzberg", 2, &total,
                        1700000000000000, &error);
  g_assert_no_error (error);
  dd_order_set_status (order, DD_ORDER_STATUS_SHIPPED);
  g_ptr_array_add (orders, order);

  g_assert_true (store_test_save (fixture->store, dd_store_save_orders_async, orders, &error));
  g_assert_no_error (error);
  fixture_reopen (fixture);
  loaded = store_test_load (fixture->store, dd_store_load_orders_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);
  got = g_ptr_array_index (loaded, 0);
  g_assert_cmpstr (dd_order_get_id (got), ==, "order_1");
  g_assert_cmpstr (dd_order_get_offer_id (got), ==, "sneaker-red");
  g_assert_cmpstr (dd_order_get_hub_id (got), ==, "hub-kreuzberg");
  g_assert_cmpuint (dd_order_get_quantity (got), ==, 2);
  g_assert_true (dd_money_equal (dd_order_get_total (got), &total));
  g_assert_cmpint (dd_order_get_created_at (got), ==, 1700000000000000);
  g_assert_cmpint (dd_order_get_status (got), ==, DD_ORDER_STATUS_SHIPPED);
}

static void
test_checklists_round_trip (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) checklists = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  DdChecklist *checklist = dd_checklist_new ("pre-drop", "Pre-drop", DD_CHECKLIST_PHASE_PRE_DROP);
  g_autoptr(DdChecklistItem) stock = dd_checklist_item_new ("stock", "Stock counted",
                                                            DD_ROLE_OPS_LEAD,
                                                            DD_CHECKLIST_ITEM_MANUAL);
  g_autoptr(DdChecklistItem) probe = dd_checklist_item_new ("probe", "Checkout probe",
                                                            DD_ROLE_ENGINEER_ON_CALL,
                                                            DD_CHECKLIST_ITEM_AUTOMATED);
  DdChecklist *got;
  DdChecklistItem *got_stock;
  DdChecklistItem *got_probe;

  dd_checklist_item_set_description (stock, "Count every hub");
  dd_checklist_item_set_due_offset (stock, -3600);
  dd_checklist_item_add_dependency (probe, "stock");
  g_assert_true (dd_checklist_add_item (checklist, stock, &error));
  g_assert_true (dd_checklist_add_item (checklist, probe, &error));
  g_assert_true (dd_checklist_sign_off (checklist, "stock", DD_ROLE_OPS_LEAD, "Ana",
                                        1700000000000000, "all counted", &error));
  g_assert_no_error (error);
  g_ptr_array_add (checklists, checklist);

  g_assert_true (store_test_save (fixture->store, dd_store_save_checklists_async, checklists, &error));
  g_assert_no_error (error);
  fixture_reopen (fixture);
  loaded = store_test_load (fixture->store, dd_store_load_checklists_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);

  got = g_ptr_array_index (loaded, 0);
  g_assert_cmpstr (dd_checklist_get_title (got), ==, "Pre-drop");
  g_assert_cmpint (dd_checklist_get_phase (got), ==, DD_CHECKLIST_PHASE_PRE_DROP);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (got)), ==, 2);
  g_assert_cmpuint (dd_checklist_count_done (got), ==, 1);

  got_stock = dd_checklist_lookup (got, "stock");
  g_assert_nonnull (got_stock);
  g_assert_cmpstr (dd_checklist_item_get_description (got_stock), ==, "Count every hub");
  g_assert_cmpint (dd_checklist_item_get_due_offset (got_stock), ==, -3600);
  g_assert_cmpint (dd_checklist_item_get_owner (got_stock), ==, DD_ROLE_OPS_LEAD);
  g_assert_cmpint (dd_checklist_item_get_state (got_stock), ==, DD_CHECKLIST_ITEM_DONE);
  g_assert_cmpstr (dd_checklist_item_get_signed_by (got_stock), ==,
                   dd_checklist_item_get_signed_by (stock));
  g_assert_cmpint (dd_checklist_item_get_signed_at (got_stock), ==, 1700000000000000);
  g_assert_cmpstr (dd_checklist_item_get_note (got_stock), ==, "all counted");

  got_probe = dd_checklist_lookup (got, "probe");
  g_assert_nonnull (got_probe);
  g_assert_cmpint (dd_checklist_item_get_kind (got_probe), ==, DD_CHECKLIST_ITEM_AUTOMATED);
  g_assert_cmpint (dd_checklist_item_get_state (got_probe), ==, DD_CHECKLIST_ITEM_OPEN);
  g_assert_cmpstr (dd_checklist_item_get_depends_on (got_probe)[0], ==, "stock");
  g_assert_null (dd_checklist_item_get_depends_on (got_probe)[1]);
}

static char *
get_meta (DdStore    *store,
          const char *key)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *value;

  dd_store_get_meta_async (store, key, NULL, store_test_result_cb, &result);
  value = dd_store_get_meta_finish (store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  return value;
}

static void
set_meta (DdStore    *store,
          const char *key,
          const char *value)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dd_store_set_meta_async (store, key, value, NULL, store_test_result_cb, &result);
  g_assert_true (dd_store_save_finish (store, store_test_wait (&result), &error));
  g_assert_no_error (error);
}

static void
test_meta (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *name = NULL;
  g_autofree char *unset = NULL;
  g_autofree char *removed = NULL;

  set_meta (fixture->store, "drop-name", "Spring drop");
  set_meta (fixture->store, "drop-name", "Summer drop");
  fixture_reopen (fixture);
  name = get_meta (fixture->store, "drop-name");
  g_assert_cmpstr (name, ==, "Summer drop");
  unset = get_meta (fixture->store, "never-set");
  g_assert_null (unset);
  set_meta (fixture->store, "drop-name", NULL);
  removed = get_meta (fixture->store, "drop-name");
  g_assert_null (removed);
}

static void
test_cancelled_call_does_nothing (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_cancellable_cancel (cancellable);
  dd_store_set_meta_async (fixture->store, "drop-name", "Never", cancellable,
                           store_test_result_cb, &result);
  g_assert_false (dd_store_save_finish (fixture->store, store_test_wait (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  value = get_meta (fixture->store, "drop-name");
  g_assert_null (value);
}

static void
test_offer_edit_writes_all (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(DdOffer) offer = store_test_offer_new ("sneaker-red", "Red sneaker", 4990);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ledger = NULL;
  g_autofree char *payload_after = NULL;
  g_autofree char *keys = NULL;
  DdStoreEdit edit = { "title", "Red sneaker", "Red sneaker XL", "ana", DD_ROLE_PRODUCER, "typo" };

  g_assert_cmpint (store_test_count_outbox (fixture->store), ==, 0);
  dd_offer_set_title (offer, "Red sneaker XL");
  g_assert_true (store_test_apply_edit (fixture->store, offer, &edit, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dd_offer_get_sync_state (offer), ==, DD_SYNC_STATE_PENDING);
  edit.before = "Red sneaker XL";
  edit.after = "Red sneaker XXL";
  dd_offer_set_title (offer, "Red sneaker XXL");
  g_assert_true (store_test_apply_edit (fixture->store, offer, &edit, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_test_count_outbox (fixture->store), ==, 2);

  loaded = store_test_load (fixture->store, dd_store_load_offers_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);
  g_assert_cmpstr (dd_offer_get_title (g_ptr_array_index (loaded, 0)), ==, "Red sneaker XXL");
  g_assert_cmpint (dd_offer_get_sync_state (g_ptr_array_index (loaded, 0)), ==, DD_SYNC_STATE_PENDING);

  dd_store_close (fixture->store);
  ledger = store_test_sql (fixture->path,
                           "SELECT group_concat (actor || '/' || role || '/' || field || '/' || after || '/' || reason, '|')"
                           " FROM (SELECT * FROM ledger ORDER BY seq)");
  g_assert_cmpstr (ledger, ==, "ana/producer/title/Red sneaker XL/typo|ana/producer/title/Red sneaker XXL/typo");
  payload_after = store_test_sql (fixture->path,
                                  "SELECT json_extract (payload, '$.after') FROM outbox ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (payload_after, ==, "Red sneaker XXL");
  keys = store_test_sql (fixture->path, "SELECT count (DISTINCT idempotency_key) FROM outbox");
  g_assert_cmpstr (keys, ==, "2");
}

static void
test_offer_edit_is_atomic (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(DdOffer) offer = store_test_offer_new ("sneaker-red", "Red sneaker", 4990);
  g_autoptr(GPtrArray) offers = g_ptr_array_new ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ledger_rows = NULL;
  DdStoreEdit edit = { "title", "Red sneaker", "Blue sneaker", "ana", DD_ROLE_PRODUCER, NULL };

  g_ptr_array_add (offers, offer);
  g_assert_true (store_test_save (fixture->store, dd_store_save_offers_async, offers, &error));
  g_assert_no_error (error);

  /* Make the last write of the transaction (the ledger row) fail. */
  dd_store_close (fixture->store);
  g_free (store_test_sql (fixture->path,
                          "CREATE TRIGGER refuse_ledger BEFORE INSERT ON ledger"
                          " BEGIN SELECT RAISE (ABORT, 'ledger refused'); END"));
  fixture_reopen (fixture);

  dd_offer_set_title (offer, "Blue sneaker");
  g_assert_false (store_test_apply_edit (fixture->store, offer, &edit, &error));
  g_assert_nonnull (error);

  /* Neither the offer row nor the outbox entry survived the failure. */
  g_assert_cmpint (store_test_count_outbox (fixture->store), ==, 0);
  g_clear_error (&error);
  loaded = store_test_load (fixture->store, dd_store_load_offers_async, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dd_offer_get_title (g_ptr_array_index (loaded, 0)), ==, "Red sneaker");
  g_assert_cmpint (dd_offer_get_sync_state (g_ptr_array_index (loaded, 0)), ==, DD_SYNC_STATE_SYNCED);

  dd_store_close (fixture->store);
  ledger_rows = store_test_sql (fixture->path, "SELECT count (*) FROM ledger");
  g_assert_cmpstr (ledger_rows, ==, "0");
}

/* Threads: jobs run on the worker, results arrive on the caller's context. */

typedef struct
{
  GThread      *job_thread;
  GThread      *callback_thread;
  GMainContext *callback_context;
  gboolean      done;
} ThreadProbe;

static gboolean
probe_job (DdStoreConnection  *conn,
           gpointer            data,
           DdStoreResult      *result,
           GError            **error)
{
  ThreadProbe *probe = data;

  probe->job_thread = g_thread_self ();
  return TRUE;
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ThreadProbe *probe = user_data;

  g_assert_true (dd_store_save_finish (DD_STORE (source), result, NULL));
  probe->callback_thread = g_thread_self ();
  probe->callback_context = g_main_context_get_thread_default ();
  probe->done = TRUE;
}

static void
test_async_threads (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  ThreadProbe probe = { NULL, NULL, NULL, FALSE };

  dd_store_close (fixture->store);
  g_main_context_push_thread_default (context);

  store = store_test_open (fixture->path, &error);
  g_assert_no_error (error);
  _dd_store_queue_job (store, probe_job, &probe, NULL, DD_STORE_RESULT_BOOLEAN,
                       NULL, probe_done_cb, &probe, test_async_threads);
  while (!probe.done)
    g_main_context_iteration (context, TRUE);

  g_assert_true (probe.job_thread == _dd_store_get_worker_thread (store));
  g_assert_true (probe.job_thread != g_thread_self ());
  g_assert_true (probe.callback_thread == g_thread_self ());
  g_assert_true (probe.callback_context == context);

  dd_store_close (store);
  g_main_context_pop_thread_default (context);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dropdeck/store/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("open/creates-folder-and-schema", test_open_creates);
  ADD ("open/closed-store-refuses", test_closed_store_refuses);
  ADD ("offers/round-trip", test_offers_round_trip);
  ADD ("offers/invalid-refused", test_invalid_offer_refused);
  ADD ("hubs/round-trip-with-stock", test_hubs_and_stock_round_trip);
  ADD ("stock/unknown-hub-refused", test_stock_of_unknown_hub_refused);
  ADD ("orders/round-trip", test_orders_round_trip);
  ADD ("checklists/round-trip", test_checklists_round_trip);
  ADD ("meta/set-get-unset", test_meta);
  ADD ("worker/cancelled-call-does-nothing", test_cancelled_call_does_nothing);
  ADD ("outbox/offer-edit-writes-all", test_offer_edit_writes_all);
  ADD ("outbox/offer-edit-is-atomic", test_offer_edit_is_atomic);
  ADD ("worker/async-completes-on-caller-context", test_async_threads);

#undef ADD

  return g_test_run ();
}
