/* test-offer-guards.c — prior price, countdown integrity, two-person rule,
 * window length and field-by-field input, allowed and refused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-core.h"

/* 2026-11-25 12:00:00 UTC */
#define NOW ((gint64) 1795608000 * G_USEC_PER_SEC)
#define DAY G_TIME_SPAN_DAY

static DdPricePoint
point (gint64      minor,
       const char *currency,
       gint64      valid_from)
{
  DdPricePoint p = { dd_money_init (minor, currency), valid_from };
  return p;
}

static void
assert_message_has (const GError *error,
                    const char   *part)
{
  g_assert_nonnull (error);
  if (strstr (error->message, part) == NULL)
    g_error ("“%s” is not in “%s”", part, error->message);
}

/* Prior-price rule */

static void
test_lowest_in_period (void)
{
  DdPricePoint history[] = {
    point (5990, "EUR", NOW - 60 * DAY),   /* before the period, replaced */
    point (4990, "EUR", NOW - 40 * DAY),   /* in effect when the period began */
    point (5490, "EUR", NOW - 20 * DAY),
    point (3990, "EUR", NOW - 10 * DAY),   /* the lowest */
    point (4490, "EUR", NOW - 5 * DAY),
    point (1000, "USD", NOW - 5 * DAY),    /* another currency */
    point (100, "EUR", NOW + DAY),         /* the future */
  };
  DdPricePoint lowest;

  g_assert_true (dd_price_history_find_lowest (history, G_N_ELEMENTS (history), "EUR", NOW, &lowest));
  g_assert_cmpint (lowest.price.minor, ==, 3990);
  g_assert_cmpint (lowest.valid_from, ==, NOW - 10 * DAY);

  /* The price carried into the period counts, dated at the period's start. */
  history[3].price.minor = 6990;
  g_assert_true (dd_price_history_find_lowest (history, G_N_ELEMENTS (history), "EUR", NOW, &lowest));
  g_assert_cmpint (lowest.price.minor, ==, 4490);
  history[1].price.minor = 2990;
  g_assert_true (dd_price_history_find_lowest (history, G_N_ELEMENTS (history), "EUR", NOW, &lowest));
  g_assert_cmpint (lowest.price.minor, ==, 2990);
  g_assert_cmpint (lowest.valid_from, ==, NOW - DD_PRIOR_PRICE_PERIOD);

  g_assert_false (dd_price_history_find_lowest (history, G_N_ELEMENTS (history), "GBP", NOW, &lowest));
  g_assert_false (dd_price_history_find_lowest (NULL, 0, "EUR", NOW, &lowest));
}

static void
test_prior_price (void)
{
  DdPricePoint history[] = {
    point (5990, "EUR", NOW - 25 * DAY),
    point (4990, "EUR", NOW - 12 * DAY),  /* 2026-11-13 */
    point (5990, "EUR", NOW - 2 * DAY),
  };
  DdMoney was = dd_money_init (4990, "EUR");
  DdMoney price = dd_money_init (3990, "EUR");  /* not applied yet: the reduction starts now */
  g_autoptr(GError) error = NULL;

  /* At or below the lowest: allowed. */
  g_assert_true (dd_offer_guard_prior_price (&was, &price, history, G_N_ELEMENTS (history), NOW, &error));
  g_assert_no_error (error);
  was.minor = 4500;
  g_assert_true (dd_offer_guard_prior_price (&was, &price, history, G_N_ELEMENTS (history), NOW, &error));

  /* Above: refused with the lowest price and its date. */
  was.minor = 5990;
  g_assert_false (dd_offer_guard_prior_price (&was, &price, history, G_N_ELEMENTS (history), NOW, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  assert_message_has (error, "€59.90");
  assert_message_has (error, "€49.90");
  assert_message_has (error, "2026-11-13");
  g_clear_error (&error);

  /* No price in the period to rest on. */
  g_assert_false (dd_offer_guard_prior_price (&was, &price, history, 0, NOW, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  assert_message_has (error, "no price in EUR");
  g_clear_error (&error);

  /* History in another currency does not count. */
  was = dd_money_init (4000, "USD");
  g_assert_false (dd_offer_guard_prior_price (&was, &price, history, G_N_ELEMENTS (history), NOW, &error));
  assert_message_has (error, "USD");
  g_clear_error (&error);

  was = dd_money_init (4000, "XXX");
  g_assert_false (dd_offer_guard_prior_price (&was, &price, history, G_N_ELEMENTS (history), NOW, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_UNKNOWN_CURRENCY);
  assert_message_has (error, "Compare-at price");
}

/* Omnibus, art. 6a: the prior price is the lowest of the 30 days before
 * the reduction took effect; the reduced price itself does not count. */
static void
test_prior_price_before_reduction (void)
{
  DdPricePoint history[] = {
    point (4990, "EUR", NOW - 60 * DAY),       /* the regular price */
    point (3990, "EUR", NOW - 2 * DAY),        /* the sale: 2026-11-23 12:00 */
    point (3990, "EUR", NOW - DAY),            /* the same price saved again */
    point (2990, "EUR", NOW + DAY),            /* the future */
    point (1000, "USD", NOW - 40 * DAY),
  };
  DdMoney price = dd_money_init (3990, "EUR");
  DdMoney was = dd_money_init (4990, "EUR");
  g_autoptr(GError) error = NULL;
  DdPricePoint prior;
  gint64 start = 0;

  g_assert_cmpint (dd_price_history_find_reduction_start (history, G_N_ELEMENTS (history), &price, NOW),
                   ==, NOW - 2 * DAY);
  g_assert_true (dd_price_history_find_prior_price (history, G_N_ELEMENTS (history), &price, NOW, &prior, &start));
  g_assert_cmpint (start, ==, NOW - 2 * DAY);
  g_assert_cmpint (prior.price.minor, ==, 4990);
  g_assert_cmpint (prior.valid_from, ==, NOW - 32 * DAY);

  /* The honest claim passes, although the sale price is in the last 30 days. */
  g_assert_true (dd_offer_guard_prior_price (&was, &price, history, G_N_ELEMENTS (history), NOW, &error));
  g_assert_no_error (error);
  /* The old reading (lowest of the 30 days before now) would refuse it. */
  g_assert_true (dd_price_history_find_lowest (history, G_N_ELEMENTS (history), "EUR", NOW, &prior));
  g_assert_cmpint (prior.price.minor, ==, 3990);

  /* An inflated "was" price is refused with the lowest and its date. */
  was.minor = 5990;
  g_assert_false (dd_offer_guard_prior_price (&was, &price, history, G_N_ELEMENTS (history), NOW, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  assert_message_has (error, "€49.90");
  assert_message_has (error, "2026-10-24");
  assert_message_has (error, "before the reduction");
  g_clear_error (&error);

  /* A sale that ran earlier in the period counts: 39.90 was applied 20
   * days before this reduction, so a "was" 49.90 is refused. */
  history[0] = point (3990, "EUR", NOW - 22 * DAY);
  history[4] = point (4990, "EUR", NOW - 12 * DAY);
  was.minor = 4990;
  g_assert_cmpint (dd_price_history_find_reduction_start (history, G_N_ELEMENTS (history), &price, NOW),
                   ==, NOW - 2 * DAY);
  g_assert_false (dd_offer_guard_prior_price (&was, &price, history, G_N_ELEMENTS (history), NOW, &error));
  assert_message_has (error, "€39.90");
  assert_message_has (error, "2026-11-03");
  g_clear_error (&error);

  /* A new price (not the one in effect) takes effect now. */
  price.minor = 3490;
  g_assert_cmpint (dd_price_history_find_reduction_start (history, G_N_ELEMENTS (history), &price, NOW), ==, NOW);
  g_assert_cmpint (dd_price_history_find_reduction_start (NULL, 0, &price, NOW), ==, NOW);

  /* The guard against a prior price looked up elsewhere. */
  prior = point (4990, "EUR", NOW - 40 * DAY);
  g_assert_true (dd_offer_guard_was_price (&was, &prior, &error));
  g_assert_false (dd_offer_guard_was_price (&was, NULL, &error));
  assert_message_has (error, "no price in EUR");
  g_clear_error (&error);
}

static void
test_percent_off (void)
{
  DdPricePoint history[] = { point (10000, "EUR", NOW - 3 * DAY) };
  DdMoney price = dd_money_init (7000, "EUR");
  g_autoptr(GError) error = NULL;

  /* 30 % off 100.00 is 70.00: allowed at 70.00 and below. */
  g_assert_true (dd_offer_guard_percent_off (&price, 30, history, 1, NOW, &error));
  g_assert_no_error (error);
  price.minor = 7001;
  g_assert_false (dd_offer_guard_percent_off (&price, 30, history, 1, NOW, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  assert_message_has (error, "€100.00");
  assert_message_has (error, "€70.00");
  assert_message_has (error, "2026-11-22");
  g_clear_error (&error);

  g_assert_false (dd_offer_guard_percent_off (&price, 0, history, 1, NOW, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_false (dd_offer_guard_percent_off (&price, 100, history, 1, NOW, &error));
  g_clear_error (&error);

  /* No overflow near the top of the range. */
  history[0].price.minor = G_MAXINT64 / 2;
  price.minor = G_MAXINT64 / 2;
  g_assert_false (dd_offer_guard_percent_off (&price, 10, history, 1, NOW, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
}

/* Countdown integrity */

static void
test_window_change_not_started (void)
{
  g_autoptr(GError) error = NULL;

  /* Before the start, anything goes. */
  g_assert_true (dd_offer_guard_window_change (NOW + 60 * G_USEC_PER_SEC, NOW + 600 * G_USEC_PER_SEC,
                                               NOW + 120 * G_USEC_PER_SEC, NOW + 1200 * G_USEC_PER_SEC,
                                               NOW, &error));
  g_assert_true (dd_offer_guard_window_change (0, 0, NOW, NOW + 60 * G_USEC_PER_SEC, NOW, &error));
  g_assert_no_error (error);
}

static void
test_window_change_started (void)
{
  gint64 start = NOW - 60 * G_USEC_PER_SEC;
  gint64 end = NOW + 300 * G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;

  /* Unchanged, or ended earlier (not in the past): allowed. */
  g_assert_true (dd_offer_guard_window_change (start, end, start, end, NOW, &error));
  g_assert_true (dd_offer_guard_window_change (start, end, start, end - 100 * G_USEC_PER_SEC, NOW, &error));
  g_assert_no_error (error);

  /* Extended: refused. */
  g_assert_false (dd_offer_guard_window_change (start, end, start, end + G_USEC_PER_SEC, NOW, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  assert_message_has (error, "cannot be extended");
  assert_message_has (error, "new offer");
  g_clear_error (&error);

  /* Restarted: refused. */
  g_assert_false (dd_offer_guard_window_change (start, end, NOW, NOW + 600 * G_USEC_PER_SEC, NOW, &error));
  assert_message_has (error, "cannot be restarted");
  g_clear_error (&error);

  /* Ending in the past: refused. */
  g_assert_false (dd_offer_guard_window_change (start, end, start, NOW - G_USEC_PER_SEC, NOW, &error));
  g_clear_error (&error);

  /* After the end, any change reopens it: refused. */
  g_assert_false (dd_offer_guard_window_change (start - 600 * G_USEC_PER_SEC, NOW - G_USEC_PER_SEC,
                                                start - 600 * G_USEC_PER_SEC, NOW + 600 * G_USEC_PER_SEC,
                                                NOW, &error));
  assert_message_has (error, "cannot be reopened");
}

static void
test_window_length (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  g_assert_true (dd_offer_guard_window (NOW, NOW + 60 * G_USEC_PER_SEC, &warning, &error));
  g_assert_null (warning);

  /* Shorter than 30 s: a warning, not an error. */
  g_assert_true (dd_offer_guard_window (NOW, NOW + 20 * G_USEC_PER_SEC, &warning, &error));
  g_assert_no_error (error);
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "20 seconds"));
  g_assert_nonnull (strstr (warning, "checkout"));
  g_clear_pointer (&warning, g_free);

  /* Ending before it starts, or without ends: an error naming the field. */
  g_assert_false (dd_offer_guard_window (NOW, NOW - 1, &warning, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  assert_message_has (error, "Incentive window");
  g_assert_null (warning);
  g_clear_error (&error);
  g_assert_false (dd_offer_guard_window (NOW, NOW, NULL, &error));
  g_clear_error (&error);
  g_assert_false (dd_offer_guard_window (0, NOW, NULL, &error));
  assert_message_has (error, "Incentive window");
}

/* Two-person rule */

static void
test_large_drop (void)
{
  DdMoney old_price = dd_money_init (10000, "EUR");
  DdMoney new_price = dd_money_init (7000, "EUR");

  /* Exactly 30 % is not beyond the threshold; 30.01 % is. */
  g_assert_false (dd_offer_guard_is_large_drop (&old_price, &new_price, DD_PRICE_DROP_DEFAULT_THRESHOLD));
  new_price.minor = 6999;
  g_assert_true (dd_offer_guard_is_large_drop (&old_price, &new_price, DD_PRICE_DROP_DEFAULT_THRESHOLD));
  g_assert_false (dd_offer_guard_is_large_drop (&old_price, &new_price, 50));
  /* Rises are never drops. */
  new_price.minor = 20000;
  g_assert_false (dd_offer_guard_is_large_drop (&old_price, &new_price, 0));
}

static void
test_price_drop_approval (void)
{
  DdMoney old_price = dd_money_init (10000, "EUR");
  DdMoney new_price = dd_money_init (5000, "EUR");
  DdMoney small = dd_money_init (9000, "EUR");
  g_autoptr(DdPriceApproval) pending = NULL;
  g_autoptr(DdPriceApproval) approved = NULL;
  g_autoptr(DdPriceApproval) rejected = NULL;
  g_autoptr(DdPriceApproval) again = NULL;
  g_autoptr(GError) error = NULL;

  /* A small drop needs nothing. */
  g_assert_true (dd_offer_guard_price_drop ("o-1", &old_price, &small, 30, NULL, &error));
  g_assert_no_error (error);

  /* A large one waits for approval. */
  g_assert_false (dd_offer_guard_price_drop ("o-1", &old_price, &new_price, 30, NULL, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NEEDS_APPROVAL);
  assert_message_has (error, "€100.00");
  assert_message_has (error, "€50.00");
  assert_message_has (error, "second squad member");
  g_clear_error (&error);

  pending = dd_price_approval_new ("o-1", &old_price, &new_price, "ana", DD_ROLE_PRODUCER, NOW);
  g_assert_cmpint (dd_price_approval_get_state (pending), ==, DD_PRICE_APPROVAL_PENDING);
  g_assert_false (dd_offer_guard_price_drop ("o-1", &old_price, &new_price, 30, pending, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NEEDS_APPROVAL);
  g_clear_error (&error);

  /* The requester cannot approve it, nor a role without the permission. */
  g_assert_null (dd_price_approval_approve (pending, "ana", DD_ROLE_OPS_LEAD, NOW, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);
  assert_message_has (error, "ana");
  g_clear_error (&error);
  g_assert_null (dd_price_approval_approve (pending, "mo", DD_ROLE_MOD_TRUST_LEAD, NOW, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);
  assert_message_has (error, "Mod & trust lead");
  g_clear_error (&error);

  /* A second member with the permission can; the pending value is unchanged. */
  approved = dd_price_approval_approve (pending, "bo", DD_ROLE_OPS_LEAD, NOW + 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dd_price_approval_get_state (approved), ==, DD_PRICE_APPROVAL_APPROVED);
  g_assert_cmpint (dd_price_approval_get_state (pending), ==, DD_PRICE_APPROVAL_PENDING);
  g_assert_cmpstr (dd_price_approval_get_decided_by (approved), ==, "bo");
  g_assert_cmpint (dd_price_approval_get_decided_at (approved), ==, NOW + 5);
  g_assert_true (dd_offer_guard_price_drop ("o-1", &old_price, &new_price, 30, approved, &error));
  g_assert_no_error (error);

  /* An approval covers only its offer and prices. */
  g_assert_false (dd_offer_guard_price_drop ("o-2", &old_price, &new_price, 30, approved, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  assert_message_has (error, "its own approval");
  g_clear_error (&error);
  new_price.minor = 4000;
  g_assert_false (dd_offer_guard_price_drop ("o-1", &old_price, &new_price, 30, approved, &error));
  g_clear_error (&error);
  new_price.minor = 5000;

  /* Decided once. */
  g_assert_null (dd_price_approval_approve (approved, "cy", DD_ROLE_PRODUCER, NOW, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  g_clear_error (&error);

  rejected = dd_price_approval_reject (pending, "cy", DD_ROLE_PRODUCER, NOW, &error);
  g_assert_no_error (error);
  g_assert_false (dd_offer_guard_price_drop ("o-1", &old_price, &new_price, 30, rejected, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  assert_message_has (error, "rejected by cy");
}

/* Input, field by field */

static void
test_input_money (void)
{
  static const struct
  {
    const char *text;
    const char *currency;
    int         code;
    const char *part;
  } bad[] = {
    { "49.999", "EUR", DD_CORE_ERROR_INVALID_AMOUNT, "too many decimals" },
    { "1500.5", "JPY", DD_CORE_ERROR_INVALID_AMOUNT, "decimals" },
    { "-3.00", "EUR", DD_CORE_ERROR_INVALID_AMOUNT, "negative" },
    { "99999999999999999999", "EUR", DD_CORE_ERROR_OVERFLOW, "too large" },
    { "92233720368547758.08", "EUR", DD_CORE_ERROR_OVERFLOW, "too large" },
    { "twelve", "EUR", DD_CORE_ERROR_INVALID_AMOUNT, "not an amount" },
    { "", "EUR", DD_CORE_ERROR_INVALID_AMOUNT, "amount" },
    { "12.00 USD", "EUR", DD_CORE_ERROR_CURRENCY_MISMATCH, "EUR" },
    { "12", "EURO", DD_CORE_ERROR_UNKNOWN_CURRENCY, "EURO" },
  };
  DdMoney money;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (dd_offer_input_parse_money (DD_OFFER_FIELD_PRICE, bad[i].text, bad[i].currency, &money, &error));
      g_assert_error (error, DD_CORE_ERROR, bad[i].code);
      assert_message_has (error, "Price: ");
      assert_message_has (error, bad[i].part);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (dd_offer_input_parse_money (DD_OFFER_FIELD_COMPARE_AT_PRICE, "1.2.3", "EUR", &money, &error));
    assert_message_has (error, "Compare-at price: ");
  }

  g_assert_true (dd_offer_input_parse_money (DD_OFFER_FIELD_PRICE, "1,299.5", "EUR", &money, NULL));
  g_assert_cmpint (money.minor, ==, 129950);
  g_assert_true (dd_offer_input_parse_money (DD_OFFER_FIELD_PRICE, "1.234", "KWD", &money, NULL));
  g_assert_cmpint (money.minor, ==, 1234);
}

static void
test_input_count (void)
{
  static const char * const bad[] = { "", "-1", "3.5", "ten", "4294967296" };
  guint count;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (dd_offer_input_parse_count (DD_OFFER_FIELD_PER_BUYER_CAP, bad[i], &count, &error));
      assert_message_has (error, "Per-buyer cap: ");
    }
  g_assert_true (dd_offer_input_parse_count (DD_OFFER_FIELD_STOCK, " 4294967295 ", &count, NULL));
  g_assert_cmpuint (count, ==, G_MAXUINT);
}

static void
test_input_compare_at_and_bundle (void)
{
  DdMoney price = dd_money_init (4990, "EUR");
  DdMoney was = dd_money_init (5990, "USD");
  g_autoptr(GError) error = NULL;

  g_assert_false (dd_offer_input_check_compare_at (&price, &was, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CURRENCY_MISMATCH);
  assert_message_has (error, "Compare-at price");
  assert_message_has (error, "USD");
  g_clear_error (&error);
  was = dd_money_init (4990, "EUR");
  g_assert_false (dd_offer_input_check_compare_at (&price, &was, &error));
  assert_message_has (error, "above the price");
  g_clear_error (&error);
  was.minor = 5990;
  g_assert_true (dd_offer_input_check_compare_at (&price, &was, &error));

  g_assert_false (dd_offer_input_check_component ("KIT-1", "KIT-1", 1, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CYCLE);
  assert_message_has (error, "Bundle components");
  assert_message_has (error, "cannot contain itself");
  g_clear_error (&error);
  g_assert_false (dd_offer_input_check_component ("KIT-1", "SOCK", 0, &error));
  assert_message_has (error, "Bundle components");
  g_clear_error (&error);
  g_assert_true (dd_offer_input_check_component ("KIT-1", "SOCK", 2, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/core/offer-guards/lowest-in-period", test_lowest_in_period);
  g_test_add_func ("/dropdeck/core/offer-guards/prior-price", test_prior_price);
  g_test_add_func ("/dropdeck/core/offer-guards/prior-price-before-reduction", test_prior_price_before_reduction);
  g_test_add_func ("/dropdeck/core/offer-guards/percent-off", test_percent_off);
  g_test_add_func ("/dropdeck/core/offer-guards/window-change-not-started", test_window_change_not_started);
  g_test_add_func ("/dropdeck/core/offer-guards/window-change-started", test_window_change_started);
  g_test_add_func ("/dropdeck/core/offer-guards/window-length", test_window_length);
  g_test_add_func ("/dropdeck/core/offer-guards/large-drop", test_large_drop);
  g_test_add_func ("/dropdeck/core/offer-guards/price-drop-approval", test_price_drop_approval);
  g_test_add_func ("/dropdeck/core/offer-guards/input-money", test_input_money);
  g_test_add_func ("/dropdeck/core/offer-guards/input-count", test_input_count);
  g_test_add_func ("/dropdeck/core/offer-guards/input-compare-at-and-bundle", test_input_compare_at_and_bundle);

  return g_test_run ();
}
