/* test-offer-editing.c — offer edits: checked, one transaction each, two-person rule, undo, PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-drop-loader.h"
#include "dd-store-sync.h"
#include "dd-offer-editing.h"
#include "dd-offer-editing-private.h"
#include "dd-test-util.h"

#define MINUTE (60 * G_TIME_SPAN_SECOND)

typedef struct
{
  char           *dir;
  DdStore        *store;
  DdOfferEditing *editing;
  DdOffer        *offer;  /* a live tee at €35.00, 10 units, window open */
  gint64          now;
} Fixture;

static const DdOfferEditContext maya = { "Maya Okafor", DD_ROLE_PRODUCER, NULL, NULL, 0 };
static const DdOfferEditContext jonas = { "Jonas Weber", DD_ROLE_OPS_LEAD, NULL, NULL, 0 };
static const DdOfferEditContext tomasz = { "Tomasz Nowak", DD_ROLE_MOD_TRUST_LEAD, NULL, NULL, 0 };

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *path = NULL;
  DdMoney price = dd_money_init (3500, "EUR");

  fixture->dir = dd_test_make_tmpdir ();
  path = g_build_filename (fixture->dir, "drop.sqlite", NULL);
  fixture->store = dd_store_open_sync (path, NULL, &error);
  g_assert_no_error (error);
  fixture->now = g_get_real_time ();

  fixture->offer = dd_offer_new ("offer-tee", "Box Tee, White, S", "HT01-WHT-S");
  dd_offer_set_price (fixture->offer, &price);
  dd_offer_set_stock_allocated (fixture->offer, 10);
  dd_offer_set_per_buyer_cap (fixture->offer, 2);
  dd_offer_set_window (fixture->offer, fixture->now - 10 * MINUTE, fixture->now + 60 * MINUTE);
  dd_offer_set_state (fixture->offer, DD_OFFER_STATE_LIVE);
  g_ptr_array_add (offers, fixture->offer);
  dd_store_save_offers_async (fixture->store, offers, NULL, result_cb, &result);
  g_assert_true (dd_store_save_finish (fixture->store, wait_result (&result), &error));
  g_assert_no_error (error);

  fixture->editing = dd_offer_editing_new (fixture->store);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->editing);
  g_clear_object (&fixture->offer);
  if (fixture->store != NULL)
    dd_store_close (fixture->store);
  g_clear_object (&fixture->store);
  dd_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Sets a field; returns the outcome, or -1 with `error` set. */
static int
set_field (Fixture                  *fixture,
           DdOfferField              field,
           const char               *text,
           const DdOfferEditContext *who,
           GError                  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  DdOfferEditOutcome outcome;

  dd_offer_editing_set_field_async (fixture->editing, fixture->offer, field, text, who, NULL,
                                    result_cb, &result);
  if (!dd_offer_editing_finish (fixture->editing, wait_result (&result), &outcome, error))
    return -1;
  return outcome;
}

static int
finish_op (Fixture       *fixture,
           GAsyncResult **slot,
           GError       **error)
{
  DdOfferEditOutcome outcome;
  g_autoptr(GAsyncResult) result = g_object_ref (wait_result (slot));

  g_clear_object (slot);
  if (!dd_offer_editing_finish (fixture->editing, result, &outcome, error))
    return -1;
  return outcome;
}

static GPtrArray *
load_ledger (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  dd_store_load_ledger_async (fixture->store, "offer", "offer-tee", 0, NULL, result_cb, &result);
  entries = dd_store_load_finish (fixture->store, wait_result (&result), &error);
  g_assert_no_error (error);
  return entries;
}

static gint64
count_outbox (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;

  dd_store_count_outbox_async (fixture->store, NULL, result_cb, &result);
  return dd_store_count_finish (fixture->store, wait_result (&result), NULL);
}

static DdLedgerEntry *
last_entry (GPtrArray *entries)
{
  g_assert_cmpuint (entries->len, >, 0);
  return g_ptr_array_index (entries, entries->len - 1);
}

static void
test_bad_input_saves_nothing (Fixture       *fixture,
                              gconstpointer  data)
{
  static const struct
  {
    DdOfferField field;
    const char  *text;
    const char  *names;
  } cases[] = {
    { DD_OFFER_FIELD_PRICE, "12.345", "Price" },
    { DD_OFFER_FIELD_PRICE, "-3", "Price" },
    { DD_OFFER_FIELD_PRICE, "cheap", "Price" },
    { DD_OFFER_FIELD_PRICE, "99999999999999999999", "Price" },
    { DD_OFFER_FIELD_PRICE, "30 USD", "Price" },
    { DD_OFFER_FIELD_PRICE, "0", "Price" },
    { DD_OFFER_FIELD_COMPARE_AT_PRICE, "20.00", "Compare-at price" },
    { DD_OFFER_FIELD_TITLE, "   ", "Title" },
    { DD_OFFER_FIELD_PER_BUYER_CAP, "two", "Per-buyer cap" },
    { DD_OFFER_FIELD_STOCK, "-1", "Stock" },
  };
  g_autoptr(GPtrArray) entries = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (set_field (fixture, cases[i].field, cases[i].text, &maya, &error), ==, -1);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", cases[i].text, error->message);
      g_assert_true (g_str_has_prefix (error->message, cases[i].names));
    }

  g_assert_cmpint (dd_offer_get_price (fixture->offer)->minor, ==, 3500);
  g_assert_cmpint (dd_offer_get_sync_state (fixture->offer), ==, DD_SYNC_STATE_SYNCED);
  g_assert_cmpint (count_outbox (fixture), ==, 0);
  entries = load_ledger (fixture);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_false (dd_offer_editing_can_undo (fixture->editing));
}

static void
test_price_edit_one_transaction (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  DdLedgerEntry *entry;

  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_PRICE, "33.00", &maya, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_no_error (error);
  g_assert_cmpint (dd_offer_get_price (fixture->offer)->minor, ==, 3300);
  g_assert_cmpint (dd_offer_get_sync_state (fixture->offer), ==, DD_SYNC_STATE_PENDING);
  /* The edit, and the offer's window for a campaign (none held it yet). */
  g_assert_cmpint (count_outbox (fixture), ==, 2);

  entries = load_ledger (fixture);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = last_entry (entries);
  g_assert_cmpstr (dd_ledger_entry_get_field (entry), ==, "price");
  g_assert_cmpstr (dd_ledger_entry_get_before (entry), ==, "35.00 EUR");
  g_assert_cmpstr (dd_ledger_entry_get_after (entry), ==, "33.00 EUR");
  g_assert_cmpstr (dd_ledger_entry_get_actor (entry), ==, "Maya Okafor");
  g_assert_cmpstr (dd_ledger_entry_get_role (entry), ==, "producer");

  /* Other fields, with a "was" price that rests on the price history. */
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_PER_BUYER_CAP, "3", &maya, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_STOCK, "12", &maya, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_TITLE, " Box Tee ", &maya, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_no_error (error);
  g_assert_cmpstr (dd_offer_get_title (fixture->offer), ==, "Box Tee");
  g_assert_cmpint (dd_offer_get_stock_allocated (fixture->offer), ==, 12);
  g_assert_cmpint (count_outbox (fixture), ==, 5);

  /* The editor's history: the newest entries, oldest of them first. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) newest = NULL;

    dd_store_load_ledger_async (fixture->store, "offer", "offer-tee", 2, NULL, result_cb, &result);
    newest = dd_store_load_finish (fixture->store, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (newest->len, ==, 2);
    g_assert_cmpstr (dd_ledger_entry_get_field (g_ptr_array_index (newest, 0)), ==, "stock_allocated");
    g_assert_cmpstr (dd_ledger_entry_get_field (g_ptr_array_index (newest, 1)), ==, "title");
    g_assert_cmpint (dd_ledger_entry_get_seq (g_ptr_array_index (newest, 0)), <,
                     dd_ledger_entry_get_seq (g_ptr_array_index (newest, 1)));
  }
}

static void
test_prior_price_rule (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The tee was €35.00 before it was reduced to €30.00: a "was" of €49.00
   * is a false claim, refused with the lowest price before the reduction
   * (not the reduced price itself, which is in the last 30 days too). */
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_PRICE, "30.00", &maya, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_COMPARE_AT_PRICE, "49.00", &maya, &error), ==, -1);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  g_assert_true (g_str_has_prefix (error->message, "Compare-at price"));
  g_assert_nonnull (strstr (error->message, "€35.00"));
  g_assert_null (strstr (error->message, "€30.00"));
  g_assert_null (dd_offer_get_compare_at_price (fixture->offer));
  g_clear_error (&error);

  /* The honest claim is allowed. */
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_COMPARE_AT_PRICE, "35.00", &maya, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_no_error (error);
  g_assert_cmpint (dd_offer_get_compare_at_price (fixture->offer)->minor, ==, 3500);
}

static void
test_transitions (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  /* A Mod & trust lead may not pause; nothing is written. */
  dd_offer_editing_transition_async (fixture->editing, fixture->offer, DD_OFFER_STATE_PAUSED, &tomasz,
                                     NULL, result_cb, &result);
  g_assert_cmpint (finish_op (fixture, &result, &error), ==, -1);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (dd_offer_get_state (fixture->offer), ==, DD_OFFER_STATE_LIVE);

  dd_offer_editing_transition_async (fixture->editing, fixture->offer, DD_OFFER_STATE_PAUSED, &maya,
                                     NULL, result_cb, &result);
  g_assert_cmpint (finish_op (fixture, &result, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_cmpint (dd_offer_get_state (fixture->offer), ==, DD_OFFER_STATE_PAUSED);

  /* No such row in the table: paused -> scheduled. */
  dd_offer_editing_transition_async (fixture->editing, fixture->offer, DD_OFFER_STATE_SCHEDULED, &maya,
                                     NULL, result_cb, &result);
  g_assert_cmpint (finish_op (fixture, &result, &error), ==, -1);
  g_assert_nonnull (error);
  g_clear_error (&error);

  dd_offer_editing_transition_async (fixture->editing, fixture->offer, DD_OFFER_STATE_LIVE, &jonas,
                                     NULL, result_cb, &result);
  g_assert_cmpint (finish_op (fixture, &result, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_no_error (error);

  entries = load_ledger (fixture);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (dd_ledger_entry_get_field (last_entry (entries)), ==, "state");
  g_assert_cmpstr (dd_ledger_entry_get_before (last_entry (entries)), ==, "paused");
  g_assert_cmpstr (dd_ledger_entry_get_after (last_entry (entries)), ==, "live");
  g_assert_cmpstr (dd_ledger_entry_get_actor (last_entry (entries)), ==, "Jonas Weber");
}

static void
test_two_person_rule (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  /* €35 -> €20 is a 43 % drop: requested, not applied. */
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_PRICE, "20", &maya, &error), ==, DD_OFFER_EDIT_AWAITS_APPROVAL);
  g_assert_cmpint (dd_offer_get_price (fixture->offer)->minor, ==, 3500);
  g_assert_nonnull (dd_offer_editing_get_approval (fixture->editing, "offer-tee"));
  g_assert_cmpint (count_outbox (fixture), ==, 0);

  /* A second request waits for the first. */
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_PRICE, "10", &maya, &error), ==, -1);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NEEDS_APPROVAL);
  g_clear_error (&error);

  /* Not by the requester, not by a role that may not approve prices. */
  dd_offer_editing_decide_async (fixture->editing, fixture->offer, TRUE, &maya, NULL, result_cb, &result);
  g_assert_cmpint (finish_op (fixture, &result, &error), ==, -1);
  g_assert_nonnull (error);
  g_clear_error (&error);
  dd_offer_editing_decide_async (fixture->editing, fixture->offer, TRUE, &tomasz, NULL, result_cb, &result);
  g_assert_cmpint (finish_op (fixture, &result, &error), ==, -1);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (dd_offer_get_price (fixture->offer)->minor, ==, 3500);

  dd_offer_editing_decide_async (fixture->editing, fixture->offer, TRUE, &jonas, NULL, result_cb, &result);
  g_assert_cmpint (finish_op (fixture, &result, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_no_error (error);
  g_assert_cmpint (dd_offer_get_price (fixture->offer)->minor, ==, 2000);
  g_assert_null (dd_offer_editing_get_approval (fixture->editing, "offer-tee"));

  entries = load_ledger (fixture);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpstr (dd_ledger_entry_get_field (g_ptr_array_index (entries, 0)), ==, "price_approval");
  g_assert_cmpstr (dd_ledger_entry_get_field (g_ptr_array_index (entries, 1)), ==, "price_approval");
  g_assert_nonnull (strstr (dd_ledger_entry_get_reason (g_ptr_array_index (entries, 1)), "approved"));
  g_assert_cmpstr (dd_ledger_entry_get_field (last_entry (entries)), ==, "price");
  g_assert_cmpstr (dd_ledger_entry_get_after (last_entry (entries)), ==, "20.00 EUR");

  /* After a restart, nothing pending comes back: the request was approved. */
  {
    g_autoptr(DdOfferEditing) restarted = dd_offer_editing_new (fixture->store);

    dd_offer_editing_restore_approvals_async (restarted, NULL, result_cb, &result);
    g_assert_true (dd_offer_editing_restore_approvals_finish (restarted, wait_result (&result), &error));
    g_clear_object (&result);
    g_assert_null (dd_offer_editing_get_approval (restarted, "offer-tee"));
  }

  /* A declined drop changes nothing but the ledger. */
  dd_offer_editing_set_drop_threshold (fixture->editing, 10);
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_PRICE, "15", &maya, &error), ==, DD_OFFER_EDIT_AWAITS_APPROVAL);
  dd_offer_editing_decide_async (fixture->editing, fixture->offer, FALSE, &jonas, NULL, result_cb, &result);
  g_assert_cmpint (finish_op (fixture, &result, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_cmpint (dd_offer_get_price (fixture->offer)->minor, ==, 2000);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = load_ledger (fixture);
  g_assert_cmpuint (entries->len, ==, 5);
  g_assert_nonnull (strstr (dd_ledger_entry_get_reason (last_entry (entries)), "declined"));

  /* A request left waiting comes back after a restart, with who asked. */
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_PRICE, "12", &maya, &error), ==, DD_OFFER_EDIT_AWAITS_APPROVAL);
  {
    g_autoptr(DdOfferEditing) restarted = dd_offer_editing_new (fixture->store);
    DdPriceApproval *pending;

    dd_offer_editing_restore_approvals_async (restarted, NULL, result_cb, &result);
    g_assert_true (dd_offer_editing_restore_approvals_finish (restarted, wait_result (&result), &error));
    g_clear_object (&result);
    pending = dd_offer_editing_get_approval (restarted, "offer-tee");
    g_assert_nonnull (pending);
    g_assert_cmpint (dd_price_approval_get_old_price (pending)->minor, ==, 2000);
    g_assert_cmpint (dd_price_approval_get_new_price (pending)->minor, ==, 1200);
    g_assert_cmpstr (dd_price_approval_get_requested_by (pending), ==, "Maya Okafor");

    /* ... and a second member can approve it there. */
    dd_offer_editing_decide_async (restarted, fixture->offer, TRUE, &jonas, NULL, result_cb, &result);
    g_assert_true (dd_offer_editing_finish (restarted, wait_result (&result), NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (dd_offer_get_price (fixture->offer)->minor, ==, 1200);
  }
}

static void
test_undo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  dd_offer_editing_undo_async (fixture->editing, &maya, NULL, result_cb, &result);
  g_assert_cmpint (finish_op (fixture, &result, &error), ==, -1);
  g_clear_error (&error);

  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_PRICE, "39.00", &maya, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_true (dd_offer_editing_can_undo (fixture->editing));
  g_assert_cmpstr (dd_offer_editing_get_undo_label (fixture->editing), ==, "Price of “Box Tee, White, S”");

  dd_offer_editing_undo_async (fixture->editing, &maya, NULL, result_cb, &result);
  g_assert_cmpint (finish_op (fixture, &result, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_no_error (error);
  g_assert_cmpint (dd_offer_get_price (fixture->offer)->minor, ==, 3500);

  entries = load_ledger (fixture);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (dd_ledger_entry_get_before (last_entry (entries)), ==, "39.00 EUR");
  g_assert_cmpstr (dd_ledger_entry_get_after (last_entry (entries)), ==, "35.00 EUR");
  g_assert_nonnull (strstr (dd_ledger_entry_get_reason (last_entry (entries)), "undo"));

  /* A state change undone goes back through the table. */
  dd_offer_editing_transition_async (fixture->editing, fixture->offer, DD_OFFER_STATE_PAUSED, &maya,
                                     NULL, result_cb, &result);
  g_assert_cmpint (finish_op (fixture, &result, &error), ==, DD_OFFER_EDIT_APPLIED);
  dd_offer_editing_undo_async (fixture->editing, &maya, NULL, result_cb, &result);
  g_assert_cmpint (finish_op (fixture, &result, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_cmpint (dd_offer_get_state (fixture->offer), ==, DD_OFFER_STATE_LIVE);
}

/* "HH:MM:SS – HH:MM:SS" in local time, as a person types it. */
static char *
window_text (gint64 start,
             gint64 end)
{
  g_autoptr(GDateTime) from = g_date_time_new_from_unix_local (start / G_USEC_PER_SEC);
  g_autoptr(GDateTime) to = g_date_time_new_from_unix_local (end / G_USEC_PER_SEC);
  g_autofree char *a = g_date_time_format (from, "%H:%M:%S");
  g_autofree char *b = g_date_time_format (to, "%H:%M:%S");

  return g_strdup_printf ("%s – %s", a, b);
}

static int
set_window (Fixture                  *fixture,
            const char               *text,
            gint64                    now,
            GError                  **error)
{
  DdOfferEditContext at_noon = maya;

  at_noon.now = now;
  return set_field (fixture, DD_OFFER_FIELD_WINDOW, text, &at_noon, error);
}

static void
test_window (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GDateTime) noon = g_date_time_new_local (g_date_time_get_year (today), g_date_time_get_month (today),
                                                     g_date_time_get_day_of_month (today), 12, 0, 0);
  gint64 now = g_date_time_to_unix (noon) * G_USEC_PER_SEC;
  gint64 start = now - 10 * MINUTE, end = now + 60 * MINUTE;
  g_autofree char *restart = window_text (start + 5 * MINUTE, end);
  g_autofree char *extend = window_text (start, end + 10 * MINUTE);
  g_autofree char *shorten = window_text (start, end - 30 * MINUTE);
  g_autofree char *backwards = window_text (end, start);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  dd_offer_set_window (fixture->offer, start, end);

  g_assert_cmpint (set_window (fixture, "soon", now, &error), ==, -1);
  g_assert_true (g_str_has_prefix (error->message, "Incentive window"));
  g_clear_error (&error);
  g_assert_cmpint (set_window (fixture, "25:00 – 26:00", now, &error), ==, -1);
  g_assert_true (g_str_has_prefix (error->message, "Incentive window"));
  g_clear_error (&error);
  g_assert_cmpint (set_window (fixture, backwards, now, &error), ==, -1);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Incentive window"));
  g_clear_error (&error);

  /* Countdown integrity: a running window is not restarted or extended. */
  g_assert_cmpint (set_window (fixture, restart, now, &error), ==, -1);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_cmpint (set_window (fixture, extend, now, &error), ==, -1);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_cmpint (dd_offer_get_window_end (fixture->offer), ==, end);
  entries = load_ledger (fixture);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Ending it earlier is fine, and kept in the ledger. */
  g_assert_cmpint (set_window (fixture, shorten, now, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_no_error (error);
  g_assert_cmpint (dd_offer_get_window_end (fixture->offer), ==, end - 30 * MINUTE);
  entries = load_ledger (fixture);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (dd_ledger_entry_get_field (last_entry (entries)), ==, "window");
  g_assert_true (g_str_has_suffix (dd_ledger_entry_get_after (last_entry (entries)), "Z"));
  g_assert_cmpstr (dd_ledger_entry_get_before (last_entry (entries)), !=, dd_ledger_entry_get_after (last_entry (entries)));
}

static void
test_go_live_check (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(DdOffer) draft = dd_offer_copy (fixture->offer);
  DdMoney was = dd_money_init (9900, "EUR");

  dd_offer_set_state (draft, DD_OFFER_STATE_PAUSED);
  dd_offer_editing_check_go_live_async (fixture->editing, draft, DD_ROLE_PRODUCER, 0, NULL, result_cb, &result);
  checks = dd_offer_editing_check_go_live_finish (fixture->editing, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checks->len, ==, 1);
  g_assert_true (((DdOfferCheck *) g_ptr_array_index (checks, 0))->passed);
  g_clear_pointer (&checks, g_ptr_array_unref);
  g_clear_object (&result);

  /* A "was" price never charged, a window that is nearly over. */
  dd_offer_set_compare_at_price (draft, &was);
  dd_offer_set_window (draft, fixture->now - 10 * G_TIME_SPAN_SECOND, fixture->now + 10 * G_TIME_SPAN_SECOND);
  dd_offer_editing_check_go_live_async (fixture->editing, draft, DD_ROLE_CREATOR_LIAISON, 0, NULL, result_cb, &result);
  checks = dd_offer_editing_check_go_live_finish (fixture->editing, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checks->len, ==, 3);
  g_assert_false (((DdOfferCheck *) g_ptr_array_index (checks, 0))->passed);  /* role */
  g_assert_true (((DdOfferCheck *) g_ptr_array_index (checks, 1))->warning);  /* 20 s window */
  g_assert_false (((DdOfferCheck *) g_ptr_array_index (checks, 2))->passed);  /* prior price */
}

static void
test_ledger_pdf (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "ledger.pdf", NULL);
  g_autofree char *bad_path = g_build_filename (fixture->dir, "missing", "ledger.pdf", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_PRICE, "33.00", &maya, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_PRICE, "31.50", &jonas, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_PER_BUYER_CAP, "1", &maya, &error), ==, DD_OFFER_EDIT_APPLIED);

  dd_store_export_ledger_pdf_async (fixture->store, path, NULL, result_cb, &result);
  g_assert_cmpint (dd_store_export_ledger_finish (fixture->store, wait_result (&result), &error), ==, 3);
  g_assert_no_error (error);
  g_clear_object (&result);

  g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (bytes, "%PDF-"));

  text = dd_test_pdftotext (path);
  if (text == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  g_assert_nonnull (strstr (text, "Dropdeck ledger"));
  g_assert_nonnull (strstr (text, "Price of Box Tee, White, S (offer-tee)"));
  g_assert_nonnull (strstr (text, "35.00 EUR"));
  g_assert_nonnull (strstr (text, "31.50 EUR"));
  g_assert_nonnull (strstr (text, "Jonas Weber"));
  g_assert_nonnull (strstr (text, "per_buyer_cap"));

  /* An unwritable destination: a clear error, nothing left behind. */
  dd_store_export_ledger_pdf_async (fixture->store, bad_path, NULL, result_cb, &result);
  g_assert_cmpint (dd_store_export_ledger_finish (fixture->store, wait_result (&result), &error), ==, -1);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_UNWRITABLE);
  g_assert_nonnull (strstr (error->message, bad_path));
}

static void
save_objects (Fixture              *fixture,
              DdStoreSaveAsyncFunc  save_async,
              GPtrArray            *objects)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  save_async (fixture->store, objects, NULL, result_cb, &result);
  g_assert_true (dd_store_save_finish (fixture->store, wait_result (&result), &error));
  g_assert_no_error (error);
}

static DdOffer *
reload_offer (Fixture    *fixture,
              const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;

  dd_store_load_offers_async (fixture->store, NULL, result_cb, &result);
  offers = dd_store_load_finish (fixture->store, wait_result (&result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < offers->len; i++)
    if (g_str_equal (dd_offer_get_id (g_ptr_array_index (offers, i)), id))
      return g_object_ref (g_ptr_array_index (offers, i));
  g_assert_not_reached ();
}

/* Bundle components: edited as text, one transaction with the ledger; a
 * bundle that would contain itself through another bundle is refused with
 * the field named and nothing saved; the latency bucket follows where the
 * components are stocked; a cross-hub bundle can be gated to post-drop. */
static void
test_bundle_components (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) hubs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) stock = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(DdOffer) stored = NULL;
  g_autoptr(DdOffer) kit = dd_offer_new ("offer-kit", "Kit", "KIT");
  g_autoptr(GError) error = NULL;
  g_autofree char *components = NULL;
  DdMoney price = dd_money_init (5000, "EUR");
  const char *hub_ids[] = { "mitte", "wedding" };
  guint n_entries;

  for (guint i = 0; i < G_N_ELEMENTS (hub_ids); i++)
    {
      DdHub *hub = dd_hub_new (hub_ids[i], hub_ids[i]);

      dd_hub_set_open (hub, TRUE);
      g_ptr_array_add (hubs, hub);
    }
  save_objects (fixture, dd_store_save_hubs_async, hubs);
  g_ptr_array_add (stock, dd_stock_level_new ("mitte", "SHOE"));
  g_ptr_array_add (stock, dd_stock_level_new ("wedding", "SOCKS"));
  g_assert_true (dd_stock_level_set_on_hand (g_ptr_array_index (stock, 0), 5, NULL));
  g_assert_true (dd_stock_level_set_on_hand (g_ptr_array_index (stock, 1), 10, NULL));
  save_objects (fixture, dd_store_save_stock_async, stock);
  /* Another bundle that holds the tee. */
  dd_offer_set_price (kit, &price);
  g_assert_true (dd_offer_add_component (kit, "HT01-WHT-S", 1, NULL));
  g_assert_true (dd_offer_add_component (kit, "SOCKS", 1, NULL));
  g_ptr_array_add (others, g_object_ref (kit));
  save_objects (fixture, dd_store_save_offers_async, others);

  /* Shoes at Mitte, socks at Wedding: a cross-hub pick, same day. */
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_COMPONENTS, "SHOE × 1, SOCKS x 2", &maya, &error),
                   ==, DD_OFFER_EDIT_APPLIED);
  g_assert_no_error (error);
  g_assert_cmpint (dd_offer_get_latency_bucket (fixture->offer), ==, DD_LATENCY_BUCKET_SAME_DAY);
  stored = reload_offer (fixture, "offer-tee");
  components = dd_bundle_format_components (stored);
  g_assert_cmpstr (components, ==, "SHOE × 1, SOCKS × 2");
  g_assert_cmpint (dd_offer_get_latency_bucket (stored), ==, DD_LATENCY_BUCKET_SAME_DAY);
  entries = load_ledger (fixture);
  g_assert_cmpstr (dd_ledger_entry_get_field (last_entry (entries)), ==, "components");
  g_assert_cmpstr (dd_ledger_entry_get_before (last_entry (entries)), ==, "");
  g_assert_cmpstr (dd_ledger_entry_get_after (last_entry (entries)), ==, "SHOE × 1, SOCKS × 2");
  n_entries = entries->len;
  g_clear_pointer (&entries, g_ptr_array_unref);
  g_clear_object (&stored);

  /* Going live says the bundle needs a cross-hub pick (a warning). */
  {
    g_autoptr(GPtrArray) checks = NULL;
    gboolean warned = FALSE;

    dd_offer_editing_check_go_live_async (fixture->editing, fixture->offer, DD_ROLE_PRODUCER, 0, NULL,
                                          result_cb, &result);
    checks = dd_offer_editing_check_go_live_finish (fixture->editing, wait_result (&result), &error);
    g_assert_no_error (error);
    g_clear_object (&result);
    for (guint i = 0; i < checks->len; i++)
      {
        DdOfferCheck *check = g_ptr_array_index (checks, i);

        if (strstr (check->message, "cross-hub pick") != NULL)
          warned = check->passed && check->warning;
      }
    g_assert_true (warned);
  }

  /* The tee in KIT, and KIT in the tee: refused, the field and the path
   * named, nothing saved. */
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_COMPONENTS, "KIT × 1", &maya, &error), ==, -1);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Bundle components: "));
  g_assert_nonnull (strstr (error->message, "HT01-WHT-S → KIT → HT01-WHT-S"));
  g_clear_error (&error);
  g_assert_cmpuint (dd_offer_get_n_components (fixture->offer), ==, 2);
  stored = reload_offer (fixture, "offer-tee");
  g_assert_cmpuint (dd_offer_get_n_components (stored), ==, 2);
  g_clear_object (&stored);
  entries = load_ledger (fixture);
  g_assert_cmpuint (entries->len, ==, n_entries);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Directly: refused before the store is asked. */
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_COMPONENTS, "HT01-WHT-S × 2", &maya, &error), ==, -1);
  g_assert_nonnull (strstr (error->message, "Bundle components"));
  g_clear_error (&error);

  /* A two-hour promise the stock cannot keep is refused; the post-drop
   * gate is taken, and stays while the bundle is cross-hub. */
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_LATENCY_BUCKET, "two-hours", &maya, &error), ==, -1);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  g_assert_true (g_str_has_prefix (error->message, "Delivery promise: "));
  g_clear_error (&error);
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_LATENCY_BUCKET, "post-drop", &maya, &error),
                   ==, DD_OFFER_EDIT_APPLIED);
  entries = load_ledger (fixture);
  g_assert_cmpstr (dd_ledger_entry_get_field (last_entry (entries)), ==, "latency_bucket");
  g_assert_cmpstr (dd_ledger_entry_get_after (last_entry (entries)), ==, "post-drop");
  g_clear_pointer (&entries, g_ptr_array_unref);
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_COMPONENTS, "SHOE × 1, SOCKS × 1", &maya, &error),
                   ==, DD_OFFER_EDIT_APPLIED);
  g_assert_cmpint (dd_offer_get_latency_bucket (fixture->offer), ==, DD_LATENCY_BUCKET_POST_DROP);

  /* Shoes only: Mitte holds it all, two hours; undo brings the socks back. */
  g_assert_cmpint (set_field (fixture, DD_OFFER_FIELD_COMPONENTS, "SHOE × 2", &maya, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_assert_cmpint (dd_offer_get_latency_bucket (fixture->offer), ==, DD_LATENCY_BUCKET_TWO_HOURS);
  dd_offer_editing_undo_async (fixture->editing, &maya, NULL, result_cb, &result);
  g_assert_cmpint (finish_op (fixture, &result, &error), ==, DD_OFFER_EDIT_APPLIED);
  g_clear_pointer (&components, g_free);
  components = dd_bundle_format_components (fixture->offer);
  g_assert_cmpstr (components, ==, "SHOE × 1, SOCKS × 1");
  g_assert_cmpint (dd_offer_get_latency_bucket (fixture->offer), ==, DD_LATENCY_BUCKET_POST_DROP);
}

static gint64
local_time (int day,
            int hour,
            int minute)
{
  g_autoptr(GDateTime) moment = g_date_time_new_local (2026, 11, day, hour, minute, 0);

  return g_date_time_to_unix (moment) * G_USEC_PER_SEC;
}

/* Windows across midnight, typed as local clock times. */
static void
test_window_across_midnight (Fixture       *fixture,
                             gconstpointer  data)
{
  gint64 now = local_time (25, 23, 20);
  gint64 start, end;
  g_autoptr(GError) error = NULL;

  /* Ends after midnight. */
  g_assert_true (_dd_offer_editing_parse_window ("23:30 – 00:30", now, &start, &end, &error));
  g_assert_cmpint (start, ==, local_time (25, 23, 30));
  g_assert_cmpint (end, ==, local_time (26, 0, 30));

  /* Starts after midnight, typed before it. */
  g_assert_true (_dd_offer_editing_parse_window ("00:10 – 01:00", now, &start, &end, &error));
  g_assert_cmpint (start, ==, local_time (26, 0, 10));
  g_assert_cmpint (end, ==, local_time (26, 1, 0));

  /* Same day as before. */
  g_assert_true (_dd_offer_editing_parse_window ("20:40 - 21:50", now, &start, &end, &error));
  g_assert_cmpint (start, ==, local_time (25, 20, 40));
  g_assert_cmpint (end, ==, local_time (25, 21, 50));

  /* A wrap of more than half a day stays a window that ends before it starts. */
  g_assert_true (_dd_offer_editing_parse_window ("21:00 – 20:00", now, &start, &end, &error));
  g_assert_cmpint (end, <, start);
  g_assert_false (dd_offer_guard_window (start, end, NULL, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
}

/* The seeded demo: every "was" price rests on the regular prices before the
 * sale, except the one offer whose claim is false (a flash sale at €94.00
 * two weeks before the drop), which the go-live check refuses. */
static const DdOfferCheck *
find_was_check (GPtrArray *checks)
{
  for (guint i = 0; i < checks->len; i++)
    {
      const DdOfferCheck *check = g_ptr_array_index (checks, i);

      if (strstr (check->message, "“was” price") != NULL || g_str_has_prefix (check->message, "Compare-at price"))
        return check;
    }
  return NULL;
}

static void
test_demo_was_prices (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *profile = g_build_filename (fixture->dir, "demo", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDropData) drop = NULL;
  g_autoptr(DdOfferEditing) editing = NULL;
  guint n_honest = 0, n_false = 0;

  dd_drop_load_async (profile, TRUE, NULL, result_cb, &result);
  drop = dd_drop_load_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  editing = dd_offer_editing_new (drop->store);

  for (guint i = 0; i < drop->offers->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (drop->offers, i);
      g_autoptr(GPtrArray) checks = NULL;
      const DdOfferCheck *check;

      if (dd_offer_get_compare_at_price (offer) == NULL)
        continue;

      /* A minute after seeding, as when the producer presses Go Live. */
      dd_offer_editing_check_go_live_async (editing, offer, DD_ROLE_PRODUCER, g_get_real_time () + 60 * G_USEC_PER_SEC,
                                            NULL, result_cb, &result);
      checks = dd_offer_editing_check_go_live_finish (editing, wait_result (&result), &error);
      g_assert_no_error (error);
      g_clear_object (&result);
      check = find_was_check (checks);
      g_assert_nonnull (check);

      if (g_str_equal (dd_offer_get_id (offer), "offer-cp09-blk-s"))
        {
          g_assert_false (check->passed);
          g_assert_nonnull (strstr (check->message, "€109.00"));
          g_assert_nonnull (strstr (check->message, "€94.00"));
          n_false++;
        }
      else
        {
          if (!check->passed)
            g_error ("%s: %s", dd_offer_get_id (offer), check->message);
          n_honest++;
        }
    }

  g_assert_cmpuint (n_false, ==, 1);
  g_assert_cmpuint (n_honest, >=, 10);
  dd_store_close (drop->store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dropdeck/engine/offer-editing/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("bad-input-saves-nothing", test_bad_input_saves_nothing);
  ADD ("price-edit-one-transaction", test_price_edit_one_transaction);
  ADD ("prior-price-rule", test_prior_price_rule);
  ADD ("transitions", test_transitions);
  ADD ("two-person-rule", test_two_person_rule);
  ADD ("undo", test_undo);
  ADD ("window", test_window);
  ADD ("go-live-check", test_go_live_check);
  ADD ("ledger-pdf", test_ledger_pdf);
  ADD ("demo-was-prices", test_demo_was_prices);
  ADD ("bundle-components", test_bundle_components);
  ADD ("window-across-midnight", test_window_across_midnight);
#undef ADD

  return g_test_run ();
}
