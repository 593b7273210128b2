/* dd-money.c — money as an integer count of minor units plus an ISO 4217 code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-core-error.h"
#include "dd-money.h"

typedef struct
{
  const char *code;
  int exponent;
  const char *symbol; /* NULL: show the code */
} DdCurrencyInfo;

/* ISO 4217 minor-unit digits of the currencies Dropdeck knows. Only
 * unambiguous symbols are given; the others are shown by their code. */
static const DdCurrencyInfo currencies[] = {
  { "AED", 2, NULL },
  { "AUD", 2, NULL },
  { "BGN", 2, NULL },
  { "BHD", 3, NULL },
  { "BRL", 2, NULL },
  { "CAD", 2, NULL },
  { "CHF", 2, NULL },
  { "CLP", 0, NULL },
  { "CNY", 2, NULL },
  { "CZK", 2, NULL },
  { "DKK", 2, NULL },
  { "EUR", 2, "€" },
  { "GBP", 2, "£" },
  { "HKD", 2, NULL },
  { "HUF", 2, NULL },
  { "IDR", 2, NULL },
  { "ILS", 2, NULL },
  { "INR", 2, "₹" },
  { "IQD", 3, NULL },
  { "ISK", 0, NULL },
  { "JOD", 3, NULL },
  { "JPY", 0, "¥" },
  { "KRW", 0, "₩" },
  { "KWD", 3, NULL },
  { "LYD", 3, NULL },
  { "MXN", 2, NULL },
  { "MYR", 2, NULL },
  { "NOK", 2, NULL },
  { "NZD", 2, NULL },
  { "OMR", 3, NULL },
  { "PHP", 2, NULL },
  { "PLN", 2, NULL },
  { "PYG", 0, NULL },
  { "RON", 2, NULL },
  { "RSD", 2, NULL },
  { "SAR", 2, NULL },
  { "SEK", 2, NULL },
  { "SGD", 2, NULL },
  { "THB", 2, NULL },
  { "TND", 3, NULL },
  { "TRY", 2, NULL },
  { "TWD", 2, NULL },
  { "UAH", 2, NULL },
  { "UGX", 0, NULL },
  { "USD", 2, "$" },
  { "VND", 0, NULL },
  { "XAF", 0, NULL },
  { "XOF", 0, NULL },
  { "ZAR", 2, NULL },
};

G_DEFINE_BOXED_TYPE (DdMoney, dd_money, dd_money_copy, dd_money_free)

static const DdCurrencyInfo *
lookup_currency (const char *code)
{
  gsize lo = 0;
  gsize hi = G_N_ELEMENTS (currencies);

  if (code == NULL || strlen (code) != 3)
    return NULL;

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      int cmp = strcmp (code, currencies[mid].code);

      if (cmp == 0)
        return &currencies[mid];
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }

  return NULL;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static gboolean
set_overflow_error (GError **error)
{
  g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_OVERFLOW,
                       _("The amount is too large"));
  return FALSE;
}

static gboolean
checked_power_of_ten (int     exponent,
                      gint64 *out)
{
  gint64 value = 1;

  for (int i = 0; i < exponent; i++)
    if (__builtin_mul_overflow (value, 10, &value))
      return FALSE;

  *out = value;
  return TRUE;
}

/* Appends the unsigned digits of `minor` with `exponent` decimals. */
static void
append_amount (GString       *out,
               const DdMoney *money,
               int            exponent,
               gboolean       grouping)
{
  guint64 magnitude;
  char digits[32];
  gsize n_digits;
  gsize n_integer;

  magnitude = money->minor < 0 ? (guint64) 0 - (guint64) money->minor
                               : (guint64) money->minor;
  g_snprintf (digits, sizeof digits, "%0*" G_GUINT64_FORMAT,
              exponent + 1, magnitude);
  n_digits = strlen (digits);
  n_integer = n_digits - (gsize) exponent;

  for (gsize i = 0; i < n_integer; i++)
    {
      if (grouping && i > 0 && (n_integer - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }

  if (exponent > 0)
    {
      g_string_append_c (out, '.');
      g_string_append (out, digits + n_integer);
    }
}

DdMoney *
dd_money_copy (const DdMoney *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

void
dd_money_free (DdMoney *self)
{
  g_free (self);
}

int
dd_currency_get_exponent (const char *code)
{
  const DdCurrencyInfo *info = lookup_currency (code);

  return info != NULL ? info->exponent : -1;
}

gboolean
dd_currency_is_known (const char *code)
{
  return lookup_currency (code) != NULL;
}

DdMoney
dd_money_init (gint64      minor,
               const char *currency)
{
  DdMoney money = { minor, { 0 } };

  if (currency != NULL)
    g_strlcpy (money.currency, currency, sizeof money.currency);

  return money;
}

gboolean
dd_money_is_valid (const DdMoney *self)
{
  return self != NULL && dd_currency_is_known (self->currency);
}

gboolean
dd_money_parse (const char  *text,
                const char  *currency,
                gboolean     allow_negative,
                DdMoney     *out,
                GError     **error)
{
  const char *p;
  const char *end;
  int exponent;
  gboolean negative = FALSE;
  gboolean seen_comma = FALSE;
  guint group_digits = 0;
  guint integer_digits = 0;
  guint fraction_digits = 0;
  gint64 integer_part = 0;
  gint64 fraction_part = 0;
  gint64 scale;
  gint64 minor;

  g_return_val_if_fail (out != NULL, FALSE);

  exponent = dd_currency_get_exponent (currency);
  if (exponent < 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_UNKNOWN_CURRENCY,
                   _("“%s” is not a currency Dropdeck knows"),
                   currency != NULL ? currency : "");
      return FALSE;
    }

  if (text == NULL)
    text = "";

  p = text;
  end = text + strlen (text);
  while (p < end && is_space (*p))
    p++;
  while (end > p && is_space (end[-1]))
    end--;

  /* An optional currency code after the number, as dd_money_to_string()
   * writes it: "49.90 EUR". */
  if (end - p >= 4 && g_ascii_isalpha (end[-1]) && g_ascii_isalpha (end[-2])
      && g_ascii_isalpha (end[-3]) && is_space (end[-4]))
    {
      if (strncmp (end - 3, currency, 3) != 0)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CURRENCY_MISMATCH,
                       _("“%s” is not in %s"), text, currency);
          return FALSE;
        }
      end -= 4;
      while (end > p && is_space (end[-1]))
        end--;
    }

  if (p == end)
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_AMOUNT,
                           _("Enter an amount"));
      return FALSE;
    }

  if (*p == '-' || *p == '+')
    {
      negative = (*p == '-');
      p++;
    }

  if (negative && !allow_negative)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_AMOUNT,
                   _("“%s” is negative; the amount must not be below zero"), text);
      return FALSE;
    }

  /* The integer part, with optional grouping commas every three digits. */
  for (; p < end && *p != '.'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (__builtin_mul_overflow (integer_part, 10, &integer_part)
              || __builtin_add_overflow (integer_part, *p - '0', &integer_part))
            return set_overflow_error (error);
          integer_digits++;
          group_digits++;
          if (seen_comma && group_digits > 3)
            goto bad_grouping;
        }
      else if (*p == ',')
        {
          if (group_digits == 0 || group_digits > 3
              || (seen_comma && group_digits != 3))
            goto bad_grouping;
          seen_comma = TRUE;
          group_digits = 0;
        }
      else
        goto not_a_number;
    }

  if (seen_comma && group_digits != 3)
    goto bad_grouping;

  if (p < end)
    {
      p++; /* the decimal point */
      if (p == end)
        goto not_a_number;

      for (; p < end; p++)
        {
          if (!g_ascii_isdigit (*p))
            goto not_a_number;
          fraction_digits++;
          if (fraction_digits > (guint) exponent)
            {
              if (exponent == 0)
                g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_AMOUNT,
                             _("“%s” has decimals, but %s amounts have none"),
                             text, currency);
              else
                g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_AMOUNT,
                             _("“%s” has too many decimals: %s allows %d"),
                             text, currency, exponent);
              return FALSE;
            }
          fraction_part = fraction_part * 10 + (*p - '0');
        }
    }

  if (integer_digits == 0 && fraction_digits == 0)
    goto not_a_number;

  /* minor = integer_part * 10^exponent + fraction_part * 10^(exponent - fraction_digits) */
  if (!checked_power_of_ten (exponent, &scale)
      || __builtin_mul_overflow (integer_part, scale, &minor))
    return set_overflow_error (error);
  for (guint i = fraction_digits; i < (guint) exponent; i++)
    fraction_part *= 10;
  if (__builtin_add_overflow (minor, fraction_part, &minor))
    return set_overflow_error (error);

  *out = dd_money_init (negative ? -minor : minor, currency);
  return TRUE;

bad_grouping:
  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_AMOUNT,
               _("“%s” has misplaced thousands separators"), text);
  return FALSE;

not_a_number:
  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_AMOUNT,
               _("“%s” is not an amount"), text);
  return FALSE;
}

char *
dd_money_to_string (const DdMoney *self)
{
  GString *out;
  int exponent;

  g_return_val_if_fail (self != NULL, NULL);

  exponent = MAX (dd_currency_get_exponent (self->currency), 0);
  out = g_string_new (NULL);
  if (self->minor < 0)
    g_string_append_c (out, '-');
  append_amount (out, self, exponent, FALSE);
  if (self->currency[0] != '\0')
    g_string_append_printf (out, " %s", self->currency);

  return g_string_free (out, FALSE);
}

char *
dd_money_format (const DdMoney *self)
{
  const DdCurrencyInfo *info;
  GString *out;
  int exponent;

  g_return_val_if_fail (self != NULL, NULL);

  info = lookup_currency (self->currency);
  exponent = info != NULL ? info->exponent : 0;
  out = g_string_new (NULL);
  if (self->minor < 0)
    g_string_append_c (out, '-');

  if (info != NULL && info->symbol != NULL)
    g_string_append (out, info->symbol);
  else if (self->currency[0] != '\0')
    g_string_append_printf (out, "%s ", self->currency);

  append_amount (out, self, exponent, TRUE);

  return g_string_free (out, FALSE);
}

static gboolean
check_same_currency (const DdMoney  *a,
                     const DdMoney  *b,
                     GError        **error)
{
  if (!dd_money_is_valid (a))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_UNKNOWN_CURRENCY,
                   _("“%s” is not a currency Dropdeck knows"), a->currency);
      return FALSE;
    }

  if (strcmp (a->currency, b->currency) != 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CURRENCY_MISMATCH,
                   _("Cannot combine amounts in %s and %s"),
                   a->currency, b->currency);
      return FALSE;
    }

  return TRUE;
}

gboolean
dd_money_add (const DdMoney  *a,
              const DdMoney  *b,
              DdMoney        *out,
              GError        **error)
{
  gint64 sum;

  g_return_val_if_fail (a != NULL && b != NULL && out != NULL, FALSE);

  if (!check_same_currency (a, b, error))
    return FALSE;
  if (__builtin_add_overflow (a->minor, b->minor, &sum))
    return set_overflow_error (error);

  *out = dd_money_init (sum, a->currency);
  return TRUE;
}

gboolean
dd_money_subtract (const DdMoney  *a,
                   const DdMoney  *b,
                   DdMoney        *out,
                   GError        **error)
{
  gint64 difference;

  g_return_val_if_fail (a != NULL && b != NULL && out != NULL, FALSE);

  if (!check_same_currency (a, b, error))
    return FALSE;
  if (__builtin_sub_overflow (a->minor, b->minor, &difference))
    return set_overflow_error (error);

  *out = dd_money_init (difference, a->currency);
  return TRUE;
}

gboolean
dd_money_multiply (const DdMoney  *a,
                   gint64          factor,
                   DdMoney        *out,
                   GError        **error)
{
  gint64 product;

  g_return_val_if_fail (a != NULL && out != NULL, FALSE);

  if (!check_same_currency (a, a, error))
    return FALSE;
  if (__builtin_mul_overflow (a->minor, factor, &product))
    return set_overflow_error (error);

  *out = dd_money_init (product, a->currency);
  return TRUE;
}

gboolean
dd_money_compare (const DdMoney  *a,
                  const DdMoney  *b,
                  int            *result,
                  GError        **error)
{
  g_return_val_if_fail (a != NULL && b != NULL && result != NULL, FALSE);

  if (strcmp (a->currency, b->currency) != 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CURRENCY_MISMATCH,
                   _("Cannot compare amounts in %s and %s"),
                   a->currency, b->currency);
      return FALSE;
    }

  *result = (a->minor > b->minor) - (a->minor < b->minor);
  return TRUE;
}

gboolean
dd_money_equal (const DdMoney *a,
                const DdMoney *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->minor == b->minor && strcmp (a->currency, b->currency) == 0;
}
