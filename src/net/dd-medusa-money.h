/* dd-medusa-money.h — Medusa's decimal major-unit amounts <-> DdMoney
 *
 * Medusa v2 sends and takes amounts as JSON numbers in major units (49.9
 * means 49.90 EUR, 1500 means 1500 JPY). json-glib reads such a number as
 * a double, which cannot hold 19.99 exactly; these functions recover the
 * decimal the server wrote, exactly, with the currency's exponent, and
 * write amounts back as the shortest number that reads as the same
 * double, so 19.99 goes out as 19.99.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "dd-core.h"

G_BEGIN_DECLS

/* The largest amount, in minor units, that crosses the wire: 2^53, the
 * last integer a double holds exactly. */
#define DD_MEDUSA_MONEY_MAX_MINOR (G_GINT64_CONSTANT (9007199254740992))

/* Reads a JSON number (an integer or a double node) as an amount in
 * `currency` (ISO 4217, any case: Medusa writes "eur"). Refuses a node
 * that is not a number, more decimals than the currency has, a negative
 * amount unless allow_negative, and amounts beyond ±2^53 minor units or
 * too large for their cents to be told apart, with DD_NET_ERROR_PROTOCOL. */
gboolean  dd_medusa_money_from_json   (JsonNode    *node,
                                       const char  *currency,
                                       gboolean     allow_negative,
                                       DdMoney     *out,
                                       GError     **error);
/* The same for a double already taken out of a node. */
gboolean  dd_medusa_money_from_double (double       amount,
                                       const char  *currency,
                                       gboolean     allow_negative,
                                       DdMoney     *out,
                                       GError     **error);
/* A new JSON number node holding `money` in major units: an integer node
 * for currencies without minor units, otherwise the double nearest to the
 * decimal. Write it with dd_medusa_json_to_string() (not json-glib's
 * generator, which prints 19.99 as 19.989999999999998). */
JsonNode *dd_medusa_money_to_json     (const DdMoney *money);
/* The decimal text Medusa should receive: "19.99", "49.9", "1500",
 * "-0.5", "1000000.01". */
char     *dd_medusa_money_to_text     (const DdMoney *money);
/* The shortest text that reads back as exactly `value`, without an
 * exponent when it fits in 21 digits ("19.99", "0.3", "1e+300"). NaN and
 * infinities have no JSON form: NULL. */
char     *dd_medusa_format_double     (double value);

G_END_DECLS
