/* dd-offer-input.c — what a person types into the offer editor, checked field by field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-core-error.h"
#include "dd-offer-input.h"

static const char * const field_names[] = {
  [DD_OFFER_FIELD_TITLE] = N_("Title"),
  [DD_OFFER_FIELD_PRICE] = N_("Price"),
  [DD_OFFER_FIELD_COMPARE_AT_PRICE] = N_("Compare-at price"),
  [DD_OFFER_FIELD_WINDOW] = N_("Incentive window"),
  [DD_OFFER_FIELD_PER_BUYER_CAP] = N_("Per-buyer cap"),
  [DD_OFFER_FIELD_STOCK] = N_("Stock"),
  [DD_OFFER_FIELD_COMPONENTS] = N_("Bundle components"),
  [DD_OFFER_FIELD_LATENCY_BUCKET] = N_("Delivery promise"),
};

const char *
dd_offer_field_get_display_name (DdOfferField field)
{
  g_return_val_if_fail ((guint) field < G_N_ELEMENTS (field_names), NULL);

  return _(field_names[field]);
}

/* Moves `inner` into `error` with the field's name in front. */
static gboolean
fail_with_field (DdOfferField   field,
                 GError        *inner,
                 GError       **error)
{
  g_set_error (error, inner->domain, inner->code,
               /* Translators: a field name, then what is wrong with it */
               _("%s: %s"), dd_offer_field_get_display_name (field), inner->message);
  g_error_free (inner);
  return FALSE;
}

gboolean
dd_offer_input_parse_money (DdOfferField   field,
                            const char    *text,
                            const char    *currency,
                            DdMoney       *out,
                            GError       **error)
{
  GError *inner = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!dd_money_parse (text, currency, FALSE, out, &inner))
    return fail_with_field (field, inner, error);

  return TRUE;
}

gboolean
dd_offer_input_parse_count (DdOfferField   field,
                            const char    *text,
                            guint         *out,
                            GError       **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *name = dd_offer_field_get_display_name (field);
  guint64 value = 0;

  g_return_val_if_fail (out != NULL, FALSE);

  if (*trimmed == '\0')
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_AMOUNT,
                   _("%s: enter a number"), name);
      return FALSE;
    }

  if (trimmed[0] == '-')
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_AMOUNT,
                   _("%s: “%s” is negative; it must not be below zero"), name, trimmed);
      return FALSE;
    }

  for (const char *p = trimmed; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_AMOUNT,
                       _("%s: “%s” is not a whole number"), name, trimmed);
          return FALSE;
        }
      value = value * 10 + (guint64) (*p - '0');
      if (value > G_MAXUINT)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_OVERFLOW,
                       _("%s: “%s” is too large"), name, trimmed);
          return FALSE;
        }
    }

  *out = (guint) value;
  return TRUE;
}

gboolean
dd_offer_input_check_compare_at (const DdMoney  *price,
                                 const DdMoney  *compare_at,
                                 GError        **error)
{
  const char *name = dd_offer_field_get_display_name (DD_OFFER_FIELD_COMPARE_AT_PRICE);

  g_return_val_if_fail (price != NULL && compare_at != NULL, FALSE);

  if (strcmp (price->currency, compare_at->currency) != 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CURRENCY_MISMATCH,
                   _("%s is in %s but the price is in %s; use one currency"),
                   name, compare_at->currency, price->currency);
      return FALSE;
    }

  if (compare_at->minor < 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_AMOUNT,
                   _("%s must not be negative"), name);
      return FALSE;
    }

  if (compare_at->minor <= price->minor)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("%s must be above the price"), name);
      return FALSE;
    }

  return TRUE;
}

gboolean
dd_offer_input_check_component (const char  *bundle_sku,
                                const char  *component_sku,
                                guint        quantity,
                                GError     **error)
{
  const char *name = dd_offer_field_get_display_name (DD_OFFER_FIELD_COMPONENTS);

  if (component_sku == NULL || *component_sku == '\0')
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("%s: a component needs a SKU"), name);
      return FALSE;
    }

  if (g_strcmp0 (bundle_sku, component_sku) == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CYCLE,
                   _("%s: the bundle “%s” cannot contain itself"), name, bundle_sku);
      return FALSE;
    }

  if (quantity == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("%s: “%s” needs a quantity of at least 1"), name, component_sku);
      return FALSE;
    }

  return TRUE;
}
