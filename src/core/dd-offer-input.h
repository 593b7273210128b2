/* dd-offer-input.h — what a person types into the offer editor, checked field by field
 *
 * Every error names the field it is about and says which one in `*field`,
 * so the editor can show it inline; nothing is saved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-money.h"

G_BEGIN_DECLS

typedef enum
{
  DD_OFFER_FIELD_TITLE,
  DD_OFFER_FIELD_PRICE,
  DD_OFFER_FIELD_COMPARE_AT_PRICE,
  DD_OFFER_FIELD_WINDOW,
  DD_OFFER_FIELD_PER_BUYER_CAP,
  DD_OFFER_FIELD_STOCK,
  DD_OFFER_FIELD_COMPONENTS,
  DD_OFFER_FIELD_LATENCY_BUCKET,  /* the delivery promise, as a bucket nick */
} DdOfferField;

/* "Price", "Compare-at price", ... translated. */
const char *dd_offer_field_get_display_name  (DdOfferField field);

/* An amount in `currency` for a money field: refuses empty or non-numeric
 * text, more decimals than the currency has, negative and overflowing
 * amounts, and a currency code that is not `currency`. */
gboolean    dd_offer_input_parse_money       (DdOfferField   field,
                                              const char    *text,
                                              const char    *currency,
                                              DdMoney       *out,
                                              GError       **error);
/* A whole number of units (per-buyer cap, stock): refuses non-numeric,
 * negative and overflowing text. */
gboolean    dd_offer_input_parse_count       (DdOfferField   field,
                                              const char    *text,
                                              guint         *out,
                                              GError       **error);
/* A compare-at price must be in the price's currency and above it. */
gboolean    dd_offer_input_check_compare_at  (const DdMoney  *price,
                                              const DdMoney  *compare_at,
                                              GError        **error);
/* A component of bundle `bundle_sku`: not the bundle itself, a quantity
 * above zero. */
gboolean    dd_offer_input_check_component   (const char    *bundle_sku,
                                              const char    *component_sku,
                                              guint          quantity,
                                              GError       **error);

G_END_DECLS
