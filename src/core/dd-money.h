/* dd-money.h — money as an integer count of minor units plus an ISO 4217 code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DD_TYPE_MONEY (dd_money_get_type ())

/* A value type: copy it freely. `currency` is three upper-case letters and
 * a NUL. Amounts never pass through a double. */
typedef struct
{
  gint64 minor;
  char currency[4];
} DdMoney;

GType     dd_money_get_type        (void) G_GNUC_CONST;
DdMoney  *dd_money_copy            (const DdMoney *self);
void      dd_money_free            (DdMoney *self);

/* Number of minor-unit digits of a currency (EUR 2, JPY 0, KWD 3), or -1
 * when the code is not a currency Dropdeck knows. */
int       dd_currency_get_exponent (const char *code);
gboolean  dd_currency_is_known     (const char *code);

DdMoney   dd_money_init            (gint64      minor,
                                    const char *currency);
gboolean  dd_money_is_valid        (const DdMoney *self);
/* Parses "49.9", "49.90", "1,299.00" (grouping commas allowed), "1500"
 * in `currency`. Refuses more decimals than the currency allows, negative
 * amounts unless allow_negative, overflow and non-numeric text, with a
 * DD_CORE_ERROR naming what is wrong. */
gboolean  dd_money_parse           (const char  *text,
                                    const char  *currency,
                                    gboolean     allow_negative,
                                    DdMoney     *out,
                                    GError     **error);
/* "49.90 EUR" style, locale independent, for logs, CSV and the ledger. */
char     *dd_money_to_string       (const DdMoney *self);
/* "€49.90" for people (symbol where known, code otherwise). */
char     *dd_money_format          (const DdMoney *self);
gboolean  dd_money_add             (const DdMoney  *a,
                                    const DdMoney  *b,
                                    DdMoney        *out,
                                    GError        **error);
gboolean  dd_money_subtract        (const DdMoney  *a,
                                    const DdMoney  *b,
                                    DdMoney        *out,
                                    GError        **error);
gboolean  dd_money_multiply        (const DdMoney  *a,
                                    gint64          factor,
                                    DdMoney        *out,
                                    GError        **error);
/* Fails with DD_CORE_ERROR_CURRENCY_MISMATCH when currencies differ. */
gboolean  dd_money_compare         (const DdMoney  *a,
                                    const DdMoney  *b,
                                    int            *result,
                                    GError        **error);
gboolean  dd_money_equal           (const DdMoney *a,
                                    const DdMoney *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdMoney, dd_money_free)

G_END_DECLS
