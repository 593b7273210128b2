/* dd-medusa-money.c — Medusa's decimal major-unit amounts <-> DdMoney
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-medusa-money.h"
#include "dd-net-error.h"

/* Normalises "eur" to "EUR" and checks Dropdeck knows it. */
static gboolean
normalise_currency (const char  *currency,
                    char         code[4],
                    int         *exponent,
                    GError     **error)
{
  if (currency == NULL || strlen (currency) != 3)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("Medusa sent an amount in “%s”, which is not a currency code"),
                   currency != NULL ? currency : "");
      return FALSE;
    }

  for (int i = 0; i < 3; i++)
    code[i] = g_ascii_toupper (currency[i]);
  code[3] = '\0';

  *exponent = dd_currency_get_exponent (code);
  if (*exponent < 0)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("Medusa sent an amount in %s, a currency Dropdeck does not know"),
                   code);
      return FALSE;
    }

  return TRUE;
}

/* The shortest decimal digits that read back as `value`: `digits` holds
 * 1 to 17 digits without leading zeros (or "0"), and value is
 * ±0.digits × 10^point. */
static void
shortest_digits (double    value,
                 char      digits[32],
                 int      *point,
                 gboolean *negative)
{
  char buf[64];

  *negative = signbit (value) && value != 0.0;
  value = fabs (value);

  if (value == 0.0)
    {
      strcpy (digits, "0");
      *point = 1;
      return;
    }

  for (int precision = 1; precision <= 17; precision++)
    {
      snprintf (buf, sizeof buf, "%.*e", precision - 1, value);
      if (g_ascii_strtod (buf, NULL) == value || precision == 17)
        break;
    }

  /* buf is "d.ddde±XX" in the C locale's %e, whatever the decimal point. */
  {
    char *e = strchr (buf, 'e');
    gsize n = 0;

    g_assert (e != NULL);
    for (const char *p = buf; p < e; p++)
      if (g_ascii_isdigit (*p))
        digits[n++] = *p;
    while (n > 1 && digits[n - 1] == '0')
      n--;
    digits[n] = '\0';
    *point = atoi (e + 1) + 1;
  }
}

char *
dd_medusa_format_double (double value)
{
  char digits[32];
  int point;
  gboolean negative;
  int n;
  GString *out;

  if (!isfinite (value))
    return NULL;

  shortest_digits (value, digits, &point, &negative);
  n = (int) strlen (digits);
  out = g_string_new (negative ? "-" : NULL);

  if (point > 21 || point <= -6)
    {
      /* JavaScript's own cut-offs: exponent form outside them. */
      g_string_append_c (out, digits[0]);
      if (n > 1)
        g_string_append_printf (out, ".%s", digits + 1);
      g_string_append_printf (out, "e%+d", point - 1);
    }
  else if (point <= 0)
    {
      g_string_append (out, "0.");
      for (int i = 0; i < -point; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
    }
  else if (point >= n)
    {
      g_string_append (out, digits);
      for (int i = n; i < point; i++)
        g_string_append_c (out, '0');
    }
  else
    {
      g_string_append_len (out, digits, point);
      g_string_append_c (out, '.');
      g_string_append (out, digits + point);
    }

  return g_string_free (out, FALSE);
}

/* "minor" as a decimal with `exponent` digits after the point, trailing
 * zeros of the fraction dropped. */
char *
dd_medusa_money_to_text (const DdMoney *money)
{
  int exponent;
  guint64 magnitude;
  g_autofree char *digits = NULL;
  gsize n;
  GString *out;

  g_return_val_if_fail (money != NULL, NULL);

  exponent = dd_currency_get_exponent (money->currency);
  g_return_val_if_fail (exponent >= 0, NULL);

  magnitude = money->minor < 0 ? (guint64) 0 - (guint64) money->minor : (guint64) money->minor;
  digits = g_strdup_printf ("%0*" G_GUINT64_FORMAT, exponent + 1, magnitude);
  n = strlen (digits);

  out = g_string_new (money->minor < 0 ? "-" : NULL);
  g_string_append_len (out, digits, n - (gsize) exponent);
  if (exponent > 0)
    {
      const char *fraction = digits + n - exponent;
      gsize len = (gsize) exponent;

      while (len > 0 && fraction[len - 1] == '0')
        len--;
      if (len > 0)
        {
          g_string_append_c (out, '.');
          g_string_append_len (out, fraction, len);
        }
    }

  return g_string_free (out, FALSE);
}

static double
minor_to_double (gint64 minor,
                 int    exponent)
{
  DdMoney money = { .minor = minor };
  g_autofree char *text = NULL;

  /* Any currency with the right exponent formats the same digits. */
  switch (exponent)
    {
    case 0: strcpy (money.currency, "JPY"); break;
    case 3: strcpy (money.currency, "KWD"); break;
    default: strcpy (money.currency, "EUR"); break;
    }
  text = dd_medusa_money_to_text (&money);

  return g_ascii_strtod (text, NULL);
}

gboolean
dd_medusa_money_from_double (double       amount,
                             const char  *currency,
                             gboolean     allow_negative,
                             DdMoney     *out,
                             GError     **error)
{
  char code[4];
  int exponent;
  char digits[32];
  int point;
  gboolean negative;
  int shift;
  gsize n;
  guint64 minor = 0;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!normalise_currency (currency, code, &exponent, error))
    return FALSE;

  if (!isfinite (amount))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("Medusa sent an amount in %s that is not a number"), code);
      return FALSE;
    }

  shown = dd_medusa_format_double (amount);
  shortest_digits (amount, digits, &point, &negative);
  n = strlen (digits);

  if (negative && !allow_negative)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("Medusa sent a negative amount (%s %s) where only zero or more makes sense"),
                   shown, code);
      return FALSE;
    }

  /* value = 0.digits × 10^point, so minor = digits × 10^(point - n + exponent). */
  shift = point - (int) n + exponent;
  if (shift < 0)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   /* Translators: "Medusa sent 19.999 EUR, with more decimals than EUR has (2)" */
                   _("Medusa sent %s %s, with more decimals than %s has (%d)"),
                   shown, code, code, exponent);
      return FALSE;
    }

  for (gsize i = 0; i < n + (gsize) shift; i++)
    {
      guint digit = i < n ? (guint) (digits[i] - '0') : 0;

      if (minor > ((guint64) DD_MEDUSA_MONEY_MAX_MINOR - digit) / 10)
        {
          g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                       _("Medusa sent %s %s, more than Dropdeck can hold exactly"),
                       shown, code);
          return FALSE;
        }
      minor = minor * 10 + digit;
    }

  /* Near 2^53 a double cannot tell neighbouring cents apart: the decimal
   * the server meant is then not known. */
  if ((minor > 0 && minor_to_double ((gint64) minor - 1, exponent) == fabs (amount)) ||
      (minor < (guint64) DD_MEDUSA_MONEY_MAX_MINOR &&
       minor_to_double ((gint64) minor + 1, exponent) == fabs (amount)))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("Medusa sent %s %s, too large for its minor units to be exact"),
                   shown, code);
      return FALSE;
    }

  out->minor = negative ? -(gint64) minor : (gint64) minor;
  memcpy (out->currency, code, sizeof code);

  return TRUE;
}

gboolean
dd_medusa_money_from_json (JsonNode    *node,
                           const char  *currency,
                           gboolean     allow_negative,
                           DdMoney     *out,
                           GError     **error)
{
  GType type;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("Medusa sent an amount that is not a number"));
      return FALSE;
    }

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      char code[4];
      int exponent;
      gint64 whole = json_node_get_int (node);
      gint64 scale = 1;

      if (!normalise_currency (currency, code, &exponent, error))
        return FALSE;
      for (int i = 0; i < exponent; i++)
        scale *= 10;

      if (whole < 0 && !allow_negative)
        {
          g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                       _("Medusa sent a negative amount (%" G_GINT64_FORMAT " %s) where only zero or more makes sense"),
                       whole, code);
          return FALSE;
        }
      if (whole > DD_MEDUSA_MONEY_MAX_MINOR / scale || whole < -DD_MEDUSA_MONEY_MAX_MINOR / scale)
        {
          g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                       _("Medusa sent %" G_GINT64_FORMAT " %s, more than Dropdeck can hold exactly"),
                       whole, code);
          return FALSE;
        }

      out->minor = whole * scale;
      memcpy (out->currency, code, sizeof code);
      return TRUE;
    }

  if (type == G_TYPE_DOUBLE)
    return dd_medusa_money_from_double (json_node_get_double (node), currency,
                                        allow_negative, out, error);

  g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
               _("Medusa sent an amount that is not a number"));
  return FALSE;
}

JsonNode *
dd_medusa_money_to_json (const DdMoney *money)
{
  JsonNode *node;
  int exponent;

  g_return_val_if_fail (money != NULL, NULL);

  exponent = dd_currency_get_exponent (money->currency);
  g_return_val_if_fail (exponent >= 0, NULL);

  node = json_node_new (JSON_NODE_VALUE);
  if (exponent == 0)
    json_node_set_int (node, money->minor);
  else
    json_node_set_double (node, minor_to_double (money->minor, exponent));

  return node;
}
