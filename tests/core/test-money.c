/* test-money.c — parsing, arithmetic and formatting of money
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-core.h"

static void
assert_parses (const char *text,
               const char *currency,
               gint64      expected_minor)
{
  g_autoptr(GError) error = NULL;
  DdMoney money = { 0 };

  g_assert_true (dd_money_parse (text, currency, FALSE, &money, &error));
  g_assert_no_error (error);
  g_assert_cmpint (money.minor, ==, expected_minor);
  g_assert_cmpstr (money.currency, ==, currency);
}

/* Returns the message, so callers can check it names the problem. */
static char *
assert_refused (const char *text,
                const char *currency,
                gboolean    allow_negative,
                int         code)
{
  g_autoptr(GError) error = NULL;
  DdMoney money = dd_money_init (4242, "EUR");

  g_assert_false (dd_money_parse (text, currency, allow_negative, &money, &error));
  g_assert_error (error, DD_CORE_ERROR, code);
  /* A refused parse leaves the output alone. */
  g_assert_cmpint (money.minor, ==, 4242);

  return g_strdup (error->message);
}

static void
test_parse_decimals (void)
{
  assert_parses ("49.9", "EUR", 4990);
  assert_parses ("49.90", "EUR", 4990);
  assert_parses ("19.99", "EUR", 1999);
  assert_parses ("0.29", "USD", 29);
  assert_parses ("1500", "EUR", 150000);
  assert_parses ("  7.5 ", "GBP", 750);
  assert_parses (".5", "EUR", 50);
  assert_parses ("0", "EUR", 0);
}

static void
test_parse_grouping (void)
{
  assert_parses ("1,299.00", "EUR", 129900);
  assert_parses ("1,234,567", "USD", 123456700);

  g_free (assert_refused ("1,29.00", "EUR", FALSE, DD_CORE_ERROR_INVALID_AMOUNT));
  g_free (assert_refused ("12,99", "EUR", FALSE, DD_CORE_ERROR_INVALID_AMOUNT));
  g_free (assert_refused (",100", "EUR", FALSE, DD_CORE_ERROR_INVALID_AMOUNT));
  g_free (assert_refused ("1,2345", "EUR", FALSE, DD_CORE_ERROR_INVALID_AMOUNT));
}

static void
test_parse_exponents (void)
{
  g_autofree char *jpy = NULL;
  g_autofree char *kwd = NULL;

  assert_parses ("1500", "JPY", 1500);
  assert_parses ("1,500", "JPY", 1500);
  jpy = assert_refused ("1500.5", "JPY", FALSE, DD_CORE_ERROR_INVALID_AMOUNT);
  g_assert_nonnull (strstr (jpy, "JPY"));

  assert_parses ("1.234", "KWD", 1234);
  assert_parses ("1.2", "KWD", 1200);
  kwd = assert_refused ("1.2345", "KWD", FALSE, DD_CORE_ERROR_INVALID_AMOUNT);
  g_assert_nonnull (strstr (kwd, "decimals"));

  assert_parses ("100", "ISK", 100);
  assert_parses ("2.500", "TND", 2500);
}

static void
test_parse_too_many_decimals (void)
{
  g_autofree char *message = NULL;

  message = assert_refused ("0.001", "EUR", FALSE, DD_CORE_ERROR_INVALID_AMOUNT);
  g_assert_nonnull (strstr (message, "decimals"));
  g_assert_nonnull (strstr (message, "EUR"));
  g_clear_pointer (&message, g_free);

  /* The same with the code written after the number. */
  message = assert_refused ("0.001 EUR", "EUR", FALSE, DD_CORE_ERROR_INVALID_AMOUNT);
  g_assert_nonnull (strstr (message, "decimals"));
}

static void
test_parse_negative (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  DdMoney money;

  message = assert_refused ("-5", "EUR", FALSE, DD_CORE_ERROR_INVALID_AMOUNT);
  g_assert_nonnull (strstr (message, "negative"));

  g_assert_true (dd_money_parse ("-5", "EUR", TRUE, &money, &error));
  g_assert_no_error (error);
  g_assert_cmpint (money.minor, ==, -500);
  g_assert_true (dd_money_parse ("-0.05", "EUR", TRUE, &money, &error));
  g_assert_cmpint (money.minor, ==, -5);
}

static void
test_parse_garbage (void)
{
  const char *bad[] = { "12abc", "abc", "1.2.3", "1.", "-", "--5", "1 2", "€5", "0x10", "1e5" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_free (assert_refused (bad[i], "EUR", TRUE, DD_CORE_ERROR_INVALID_AMOUNT));

  g_free (assert_refused ("", "EUR", FALSE, DD_CORE_ERROR_INVALID_AMOUNT));
  g_free (assert_refused ("   ", "EUR", FALSE, DD_CORE_ERROR_INVALID_AMOUNT));
  g_free (assert_refused (NULL, "EUR", FALSE, DD_CORE_ERROR_INVALID_AMOUNT));
}

static void
test_parse_overflow (void)
{
  g_free (assert_refused ("99999999999999999999", "EUR", FALSE, DD_CORE_ERROR_OVERFLOW));
  /* Fits as an integer but not once scaled to cents. */
  g_free (assert_refused ("92233720368547759", "EUR", FALSE, DD_CORE_ERROR_OVERFLOW));
  /* The largest amount in cents, and one cent more. */
  assert_parses ("92233720368547758.07", "EUR", G_MAXINT64);
  g_free (assert_refused ("92233720368547758.08", "EUR", FALSE, DD_CORE_ERROR_OVERFLOW));
  /* G_MAXINT64 itself fits in a currency without decimals. */
  assert_parses ("9223372036854775807", "JPY", G_MAXINT64);
  g_free (assert_refused ("9223372036854775808", "JPY", FALSE, DD_CORE_ERROR_OVERFLOW));
}

static void
test_parse_currency (void)
{
  g_autofree char *message = NULL;

  message = assert_refused ("5", "XYZ", FALSE, DD_CORE_ERROR_UNKNOWN_CURRENCY);
  g_assert_nonnull (strstr (message, "XYZ"));
  g_free (assert_refused ("5", "eur", FALSE, DD_CORE_ERROR_UNKNOWN_CURRENCY));
  g_free (assert_refused ("5", NULL, FALSE, DD_CORE_ERROR_UNKNOWN_CURRENCY));
  g_free (assert_refused ("5.00 USD", "EUR", FALSE, DD_CORE_ERROR_CURRENCY_MISMATCH));
  assert_parses ("49.90 EUR", "EUR", 4990);
}

static void
test_currency_table (void)
{
  const char *two[] = { "EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK",
                        "HUF", "RON", "CAD", "AUD", "NZD", "MXN", "BRL", "INR", "CNY" };
  const char *zero[] = { "JPY", "KRW", "CLP", "ISK" };
  const char *three[] = { "KWD", "BHD", "JOD", "OMR", "TND" };

  for (guint i = 0; i < G_N_ELEMENTS (two); i++)
    g_assert_cmpint (dd_currency_get_exponent (two[i]), ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (zero); i++)
    g_assert_cmpint (dd_currency_get_exponent (zero[i]), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (three); i++)
    g_assert_cmpint (dd_currency_get_exponent (three[i]), ==, 3);

  g_assert_cmpint (dd_currency_get_exponent ("XYZ"), ==, -1);
  g_assert_cmpint (dd_currency_get_exponent ("EURO"), ==, -1);
  g_assert_cmpint (dd_currency_get_exponent (NULL), ==, -1);
  g_assert_false (dd_currency_is_known (""));
  g_assert_true (dd_currency_is_known ("SEK"));
}

static void
test_arithmetic (void)
{
  g_autoptr(GError) error = NULL;
  DdMoney a = dd_money_init (1999, "EUR");
  DdMoney b = dd_money_init (1, "EUR");
  DdMoney out = { 0 };
  int cmp = 99;

  g_assert_true (dd_money_add (&a, &b, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out.minor, ==, 2000);
  g_assert_cmpstr (out.currency, ==, "EUR");

  g_assert_true (dd_money_subtract (&b, &a, &out, &error));
  g_assert_cmpint (out.minor, ==, -1998);

  g_assert_true (dd_money_multiply (&a, 3, &out, &error));
  g_assert_cmpint (out.minor, ==, 5997);

  g_assert_true (dd_money_compare (&a, &b, &cmp, &error));
  g_assert_cmpint (cmp, ==, 1);
  g_assert_true (dd_money_compare (&b, &a, &cmp, &error));
  g_assert_cmpint (cmp, ==, -1);
  g_assert_true (dd_money_compare (&a, &a, &cmp, &error));
  g_assert_cmpint (cmp, ==, 0);
  g_assert_no_error (error);
}

static void
test_arithmetic_overflow (void)
{
  g_autoptr(GError) error = NULL;
  DdMoney max = dd_money_init (G_MAXINT64, "EUR");
  DdMoney min = dd_money_init (G_MININT64, "EUR");
  DdMoney one = dd_money_init (1, "EUR");
  DdMoney out = dd_money_init (7, "EUR");

  g_assert_false (dd_money_add (&max, &one, &out, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_OVERFLOW);
  g_clear_error (&error);

  g_assert_false (dd_money_subtract (&min, &one, &out, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_OVERFLOW);
  g_clear_error (&error);

  g_assert_false (dd_money_multiply (&max, 2, &out, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_OVERFLOW);
  g_clear_error (&error);

  g_assert_false (dd_money_multiply (&min, -1, &out, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_OVERFLOW);

  /* A failed operation leaves the result alone. */
  g_assert_cmpint (out.minor, ==, 7);
}

static void
test_arithmetic_mismatch (void)
{
  g_autoptr(GError) error = NULL;
  DdMoney eur = dd_money_init (100, "EUR");
  DdMoney usd = dd_money_init (100, "USD");
  DdMoney bad = dd_money_init (100, "XYZ");
  DdMoney out = { 0 };
  int cmp = 99;

  g_assert_false (dd_money_add (&eur, &usd, &out, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CURRENCY_MISMATCH);
  g_assert_nonnull (strstr (error->message, "USD"));
  g_clear_error (&error);

  g_assert_false (dd_money_subtract (&usd, &eur, &out, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CURRENCY_MISMATCH);
  g_clear_error (&error);

  g_assert_false (dd_money_compare (&eur, &usd, &cmp, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CURRENCY_MISMATCH);
  g_assert_cmpint (cmp, ==, 99);
  g_clear_error (&error);

  g_assert_false (dd_money_multiply (&bad, 2, &out, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_UNKNOWN_CURRENCY);

  g_assert_false (dd_money_equal (&eur, &usd));
  g_assert_true (dd_money_equal (&eur, &eur));
}

static void
test_to_string (void)
{
  struct { gint64 minor; const char *currency; const char *expected; } cases[] = {
    { 4990, "EUR", "49.90 EUR" },
    { 5, "EUR", "0.05 EUR" },
    { 0, "USD", "0.00 USD" },
    { -150, "EUR", "-1.50 EUR" },
    { 1500, "JPY", "1500 JPY" },
    { 1234, "KWD", "1.234 KWD" },
    { 129900, "EUR", "1299.00 EUR" },
    { G_MININT64, "JPY", "-9223372036854775808 JPY" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DdMoney money = dd_money_init (cases[i].minor, cases[i].currency);
      g_autofree char *text = dd_money_to_string (&money);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_to_string_round_trip (void)
{
  const char *currencies[] = { "EUR", "JPY", "KWD" };
  gint64 amounts[] = { 0, 1, 99, 100, 4990, 129900, 1000001 };

  for (guint c = 0; c < G_N_ELEMENTS (currencies); c++)
    for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
      {
        g_autoptr(GError) error = NULL;
        DdMoney money = dd_money_init (amounts[i], currencies[c]);
        g_autofree char *text = dd_money_to_string (&money);
        DdMoney parsed;

        g_assert_true (dd_money_parse (text, currencies[c], FALSE, &parsed, &error));
        g_assert_no_error (error);
        g_assert_true (dd_money_equal (&money, &parsed));
      }
}

static void
test_format (void)
{
  struct { gint64 minor; const char *currency; const char *expected; } cases[] = {
    { 4990, "EUR", "€49.90" },
    { 4990, "USD", "$49.90" },
    { 4990, "GBP", "£49.90" },
    { 1500, "JPY", "¥1,500" },
    { 129900, "EUR", "€1,299.00" },
    { -500, "EUR", "-€5.00" },
    { 4990, "CHF", "CHF 49.90" },
    { 2500, "TND", "TND 2.500" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DdMoney money = dd_money_init (cases[i].minor, cases[i].currency);
      g_autofree char *text = dd_money_format (&money);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_boxed (void)
{
  DdMoney money = dd_money_init (4990, "EUR");
  g_auto(GValue) value = G_VALUE_INIT;
  const DdMoney *boxed;

  g_assert_true (G_TYPE_IS_BOXED (DD_TYPE_MONEY));
  g_value_init (&value, DD_TYPE_MONEY);
  g_value_set_boxed (&value, &money);
  money.minor = 1;

  boxed = g_value_get_boxed (&value);
  g_assert_true (boxed != &money);
  g_assert_cmpint (boxed->minor, ==, 4990);
  g_assert_cmpstr (boxed->currency, ==, "EUR");
}

static void
test_init_truncates_currency (void)
{
  DdMoney money = dd_money_init (1, "EURO");

  g_assert_cmpstr (money.currency, ==, "EUR");
  g_assert_true (dd_money_is_valid (&money));

  money = dd_money_init (1, NULL);
  g_assert_cmpstr (money.currency, ==, "");
  g_assert_false (dd_money_is_valid (&money));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/core/money/parse/decimals", test_parse_decimals);
  g_test_add_func ("/dropdeck/core/money/parse/grouping", test_parse_grouping);
  g_test_add_func ("/dropdeck/core/money/parse/exponents", test_parse_exponents);
  g_test_add_func ("/dropdeck/core/money/parse/too-many-decimals", test_parse_too_many_decimals);
  g_test_add_func ("/dropdeck/core/money/parse/negative", test_parse_negative);
  g_test_add_func ("/dropdeck/core/money/parse/garbage", test_parse_garbage);
  g_test_add_func ("/dropdeck/core/money/parse/overflow", test_parse_overflow);
  g_test_add_func ("/dropdeck/core/money/parse/currency", test_parse_currency);
  g_test_add_func ("/dropdeck/core/money/currency-table", test_currency_table);
  g_test_add_func ("/dropdeck/core/money/arithmetic", test_arithmetic);
  g_test_add_func ("/dropdeck/core/money/arithmetic-overflow", test_arithmetic_overflow);
  g_test_add_func ("/dropdeck/core/money/arithmetic-mismatch", test_arithmetic_mismatch);
  g_test_add_func ("/dropdeck/core/money/to-string", test_to_string);
  g_test_add_func ("/dropdeck/core/money/to-string-round-trip", test_to_string_round_trip);
  g_test_add_func ("/dropdeck/core/money/format", test_format);
  g_test_add_func ("/dropdeck/core/money/boxed", test_boxed);
  g_test_add_func ("/dropdeck/core/money/init", test_init_truncates_currency);

  return g_test_run ();
}
