/* test-medusa-money.c — Medusa's decimal amounts <-> integer minor units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-medusa-json.h"
#include "dd-medusa-money.h"
#include "dd-net-error.h"

#include "test-medusa-register.h"

/* Parses `json` as {"amount": <json>} the way the client does. */
static gboolean
read_amount (const char  *json,
             const char  *currency,
             gboolean     allow_negative,
             DdMoney     *out,
             GError     **error)
{
  g_autofree char *text = g_strdup_printf ("{\"amount\": %s}", json);
  g_autoptr(JsonNode) root = dd_medusa_json_parse (text, strlen (text), "a test", NULL);

  g_assert_nonnull (root);
  return dd_medusa_money_from_json (json_object_get_member (json_node_get_object (root), "amount"),
                                    currency, allow_negative, out, error);
}

static void
assert_reads (const char *json,
              const char *currency,
              gint64      minor,
              const char *code)
{
  g_autoptr(GError) error = NULL;
  DdMoney money = { 0 };

  g_test_message ("%s %s", json, currency);
  g_assert_true (read_amount (json, currency, TRUE, &money, &error));
  g_assert_no_error (error);
  g_assert_cmpint (money.minor, ==, minor);
  g_assert_cmpstr (money.currency, ==, code);
}

static void
assert_refused (const char *json,
                const char *currency,
                gboolean    allow_negative,
                const char *in_message)
{
  g_autoptr(GError) error = NULL;
  DdMoney money = { 0 };

  g_test_message ("%s %s refused", json, currency);
  g_assert_false (read_amount (json, currency, allow_negative, &money, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_reads_exact_minor_units (void)
{
  assert_reads ("0.3", "eur", 30, "EUR");
  assert_reads ("19.99", "eur", 1999, "EUR");
  assert_reads ("49.9", "EUR", 4990, "EUR");
  assert_reads ("49.90", "eur", 4990, "EUR");
  assert_reads ("0.1", "usd", 10, "USD");
  assert_reads ("0.07", "eur", 7, "EUR");
  assert_reads ("1.005", "kwd", 1005, "KWD");
  assert_reads ("0.001", "kwd", 1, "KWD");
  assert_reads ("12.345", "KWD", 12345, "KWD");
  assert_reads ("1500", "jpy", 1500, "JPY");
  assert_reads ("1500.0", "jpy", 1500, "JPY");
  assert_reads ("1000000.01", "eur", 100000001, "EUR");
  assert_reads ("1234567.89", "eur", 123456789, "EUR");
  assert_reads ("0", "eur", 0, "EUR");
  assert_reads ("-0.0", "eur", 0, "EUR");
  assert_reads ("129", "eur", 12900, "EUR");
  assert_reads ("1e2", "eur", 10000, "EUR");
  assert_reads ("4.99e1", "eur", 4990, "EUR");
  assert_reads ("-5.25", "eur", -525, "EUR");
  assert_reads ("70000000000000.01", "eur", G_GINT64_CONSTANT (7000000000000001), "EUR");
  assert_reads ("9007199254740992", "jpy", G_GINT64_CONSTANT (9007199254740992), "JPY");

  /* Every cent from 0.00 to 99.99 comes back as itself. */
  for (int minor = 0; minor < 10000; minor++)
    {
      g_autofree char *json = g_strdup_printf ("%d.%02d", minor / 100, minor % 100);
      DdMoney money = { 0 };

      g_assert_true (read_amount (json, "eur", FALSE, &money, NULL));
      g_assert_cmpint (money.minor, ==, minor);
    }
}

static void
test_refuses_what_is_not_exact (void)
{
  assert_refused ("19.999", "eur", FALSE, "more decimals than EUR has (2)");
  assert_refused ("0.001", "eur", FALSE, "more decimals");
  assert_refused ("1500.5", "jpy", FALSE, "more decimals than JPY has (0)");
  assert_refused ("1.0005", "kwd", FALSE, "more decimals than KWD has (3)");
  assert_refused ("-0.3", "eur", FALSE, "negative amount");
  assert_refused ("-1500", "jpy", FALSE, "negative amount");
  assert_refused ("9007199254740993", "jpy", TRUE, "more than Dropdeck can hold");
  assert_refused ("1e300", "eur", TRUE, "more than Dropdeck can hold");
  assert_refused ("90071992547409.99", "eur", TRUE, "more than Dropdeck can hold");
  /* Above 2^46 cents a double cannot tell neighbouring cents apart. */
  assert_refused ("80000000000000.01", "eur", TRUE, "too large for its minor units to be exact");
  assert_refused ("\"19.99\"", "eur", TRUE, "not a number");
  assert_refused ("null", "eur", TRUE, "not a number");
  assert_refused ("[1]", "eur", TRUE, "not a number");
  assert_refused ("1", "xyz", TRUE, "XYZ, a currency Dropdeck does not know");
  assert_refused ("1", "euro", TRUE, "not a currency code");
}

static void
assert_writes (gint64      minor,
               const char *currency,
               const char *expected)
{
  DdMoney money = dd_money_init (minor, currency);
  g_autoptr(JsonNode) node = dd_medusa_money_to_json (&money);
  g_autofree char *json = dd_medusa_json_to_string (node);
  g_autofree char *text = dd_medusa_money_to_text (&money);
  g_autoptr(GError) error = NULL;
  DdMoney back = { 0 };

  g_assert_cmpstr (json, ==, expected);
  g_assert_cmpstr (text, ==, expected);
  /* And it reads back as the same money. */
  g_assert_true (read_amount (json, currency, TRUE, &back, &error));
  g_assert_no_error (error);
  g_assert_true (dd_money_equal (&money, &back));
}

static void
test_writes_without_drift (void)
{
  assert_writes (1999, "EUR", "19.99");
  assert_writes (4990, "EUR", "49.9");
  assert_writes (30, "EUR", "0.3");
  assert_writes (7, "EUR", "0.07");
  assert_writes (0, "EUR", "0");
  assert_writes (12900, "EUR", "129");
  assert_writes (100000001, "EUR", "1000000.01");
  assert_writes (-525, "EUR", "-5.25");
  assert_writes (1500, "JPY", "1500");
  assert_writes (12345, "KWD", "12.345");
  assert_writes (1, "KWD", "0.001");
  assert_writes (G_GINT64_CONSTANT (9007199254740992), "JPY", "9007199254740992");

  for (int minor = 0; minor < 10000; minor++)
    {
      DdMoney money = dd_money_init (minor, "EUR");
      g_autoptr(JsonNode) node = dd_medusa_money_to_json (&money);
      g_autofree char *json = dd_medusa_json_to_string (node);
      DdMoney back = { 0 };

      g_assert_true (read_amount (json, "EUR", FALSE, &back, NULL));
      g_assert_cmpint (back.minor, ==, minor);
    }
}

static void
test_body_keeps_amounts_short (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  DdMoney price = dd_money_init (1999, "EUR");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prices");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "currency_code");
  json_builder_add_string_value (builder, "eur");
  json_builder_set_member_name (builder, "amount");
  json_builder_add_value (builder, dd_medusa_money_to_json (&price));
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, "Glow \"Serum\"\n");
  json_builder_set_member_name (builder, "published");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "rank");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = dd_medusa_json_to_string (root);
  g_assert_cmpstr (text, ==,
                   "{\"prices\":[{\"currency_code\":\"eur\",\"amount\":19.99}],"
                   "\"title\":\"Glow \\\"Serum\\\"\\n\",\"published\":true,\"rank\":null}");
}

static void
test_format_double (void)
{
  const struct { double value; const char *text; } cases[] = {
    { 0.1, "0.1" }, { 0.3, "0.3" }, { 0.1 + 0.2, "0.30000000000000004" },
    { 1e21, "1e+21" }, { 1e20, "100000000000000000000" }, { 1e-7, "1e-7" },
    { 0.000001, "0.000001" }, { -2.5, "-2.5" }, { 123456789.125, "123456789.125" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dd_medusa_format_double (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  g_assert_null (dd_medusa_format_double (NAN));
  g_assert_null (dd_medusa_format_double (INFINITY));
}

void
test_medusa_money_register (void)
{
  g_test_add_func ("/dropdeck/net/medusa-money/reads-exact-minor-units", test_reads_exact_minor_units);
  g_test_add_func ("/dropdeck/net/medusa-money/refuses-what-is-not-exact", test_refuses_what_is_not_exact);
  g_test_add_func ("/dropdeck/net/medusa-money/writes-without-drift", test_writes_without_drift);
  g_test_add_func ("/dropdeck/net/medusa-money/body-keeps-amounts-short", test_body_keeps_amounts_short);
  g_test_add_func ("/dropdeck/net/medusa-money/format-double", test_format_double);
}
