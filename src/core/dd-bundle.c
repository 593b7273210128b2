/* dd-bundle.c — bundle components as text, cycles through other bundles, and
 * the fulfilment latency bucket derived from where the components are stocked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-bundle.h"
#include "dd-core-error.h"
#include "dd-offer-input.h"

char *
dd_bundle_format_components (DdOffer *offer)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (DD_IS_OFFER (offer), NULL);

  for (guint i = 0; i < dd_offer_get_n_components (offer); i++)
    {
      const DdBundleComponent *component = dd_offer_get_component (offer, i);

      g_string_append_printf (text, "%s%s × %u", i > 0 ? ", " : "", component->sku, component->quantity);
    }
  return g_string_free (text, FALSE);
}

static gboolean
fail (GError     **error,
      const char  *message)
{
  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
               /* Translators: a field name, then what is wrong with it */
               _("%s: %s"), dd_offer_field_get_display_name (DD_OFFER_FIELD_COMPONENTS), message);
  return FALSE;
}

/* One "SKU" or "SKU × N" item, trimmed. */
static gboolean
parse_item (char        *item,
            char       **sku,
            guint       *quantity,
            GError     **error)
{
  static const char *separators[] = { "×", "x", "X", "*" };
  char *split = NULL;
  gsize separator_len = 0;

  for (guint s = 0; s < G_N_ELEMENTS (separators) && split == NULL; s++)
    {
      /* The last one: SKUs may hold an "X" themselves ("BOX-1 x 2"). */
      char *found = g_strrstr (item, separators[s]);

      if (found != NULL && found != item)
        {
          const char *rest = found + strlen (separators[s]);

          while (*rest == ' ')
            rest++;
          if (g_ascii_isdigit (*rest) || *rest == '-')
            {
              split = found;
              separator_len = strlen (separators[s]);
            }
        }
    }

  *quantity = 1;
  if (split != NULL)
    {
      g_autofree char *count = g_strstrip (g_strdup (split + separator_len));
      guint64 value;
      char *end = NULL;

      *split = '\0';
      if (*count == '\0' || !g_ascii_isdigit (*count))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a quantity; write it as SKU × 2"), count);
          return fail (error, message);
        }
      value = g_ascii_strtoull (count, &end, 10);
      if (*end != '\0' || value > G_MAXUINT16)
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a quantity between 1 and %u"), count, G_MAXUINT16);
          return fail (error, message);
        }
      *quantity = (guint) value;
    }

  g_strstrip (item);
  if (*item == '\0')
    return fail (error, _("a component needs a SKU before its quantity"));
  if (strchr (item, ' ') != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a SKU; separate components with commas"), item);
      return fail (error, message);
    }
  *sku = item;
  return TRUE;
}

gboolean
dd_bundle_parse_components (DdOffer     *into,
                            const char  *text,
                            GError     **error)
{
  g_autoptr(DdOffer) parsed = NULL;
  g_auto(GStrv) items = NULL;

  g_return_val_if_fail (DD_IS_OFFER (into), FALSE);

  parsed = dd_offer_new ("parse", "parse", dd_offer_get_sku (into));
  items = g_strsplit (text != NULL ? text : "", ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autoptr(GError) refused = NULL;
      char *sku = NULL;
      guint quantity;

      if (*g_strstrip (items[i]) == '\0')
        continue;
      if (!parse_item (items[i], &sku, &quantity, error)
          || !dd_offer_input_check_component (dd_offer_get_sku (into), sku, quantity, error))
        return FALSE;
      if (!dd_offer_add_component (parsed, sku, quantity, &refused))
        return fail (error, refused->message);
    }

  dd_offer_clear_components (into);
  for (guint i = 0; i < dd_offer_get_n_components (parsed); i++)
    {
      const DdBundleComponent *component = dd_offer_get_component (parsed, i);

      dd_offer_add_component (into, component->sku, component->quantity, NULL);
    }
  return TRUE;
}

static DdOffer *
find_bundle (GPtrArray  *offers,
             DdOffer    *bundle,
             const char *sku)
{
  if (g_strcmp0 (sku, dd_offer_get_sku (bundle)) == 0)
    return bundle;

  for (guint i = 0; i < offers->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (offers, i);

      if (g_strcmp0 (dd_offer_get_sku (offer), sku) == 0 && dd_offer_is_bundle (offer))
        return offer;
    }
  return NULL;
}

/* Depth-first through bundles; `path` holds the SKUs from `bundle` down. */
static gboolean
reaches_bundle (DdOffer    *current,
                DdOffer    *bundle,
                GPtrArray  *offers,
                GPtrArray  *path,
                GHashTable *seen)
{
  for (guint i = 0; i < dd_offer_get_n_components (current); i++)
    {
      const char *sku = dd_offer_get_component (current, i)->sku;
      DdOffer *inner;

      g_ptr_array_add (path, (gpointer) sku);
      if (g_strcmp0 (sku, dd_offer_get_sku (bundle)) == 0)
        return TRUE;
      inner = find_bundle (offers, bundle, sku);
      if (inner != NULL && g_hash_table_add (seen, (gpointer) sku)
          && reaches_bundle (inner, bundle, offers, path, seen))
        return TRUE;
      g_ptr_array_set_size (path, path->len - 1);
    }
  return FALSE;
}

gboolean
dd_bundle_check_no_cycle (DdOffer    *bundle,
                          GPtrArray  *offers,
                          GError    **error)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *joined = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (DD_IS_OFFER (bundle), FALSE);
  g_return_val_if_fail (offers != NULL, FALSE);

  g_ptr_array_add (path, (gpointer) dd_offer_get_sku (bundle));
  if (!reaches_bundle (bundle, bundle, offers, path, seen))
    return TRUE;

  g_ptr_array_add (path, NULL);
  joined = g_strjoinv (" → ", (char **) path->pdata);
  /* Translators: %s is a chain of SKUs, "BN01 → BN02 → BN01" */
  message = g_strdup_printf (_("the bundle would contain itself (%s)"), joined);
  return fail (error, message);
}

static gboolean
hub_is_open (GPtrArray  *hubs,
             const char *hub_id)
{
  for (guint i = 0; i < hubs->len; i++)
    {
      DdHub *hub = g_ptr_array_index (hubs, i);

      if (g_strcmp0 (dd_hub_get_id (hub), hub_id) == 0)
        return dd_hub_get_open (hub);
    }
  return FALSE;
}

/* Units of `sku` on hand minus reserved at `hub_id` (NULL: summed over
 * hubs, open ones only when `open_only`). */
static gint64
units_of (GPtrArray  *stock,
          GPtrArray  *hubs,
          const char *sku,
          const char *hub_id,
          gboolean    open_only)
{
  gint64 units = 0;

  for (guint i = 0; i < stock->len; i++)
    {
      DdStockLevel *level = g_ptr_array_index (stock, i);
      const char *level_hub = dd_stock_level_get_hub_id (level);

      if (g_strcmp0 (dd_stock_level_get_sku (level), sku) != 0
          || (hub_id != NULL && g_strcmp0 (level_hub, hub_id) != 0)
          || (open_only && !hub_is_open (hubs, level_hub)))
        continue;
      units += MAX (dd_stock_level_get_on_hand (level) - dd_stock_level_get_reserved (level), 0);
    }
  return units;
}

/* Whether every component is covered at `hub_id` (or summed, see units_of()). */
static gboolean
covers (DdOffer    *offer,
        GPtrArray  *stock,
        GPtrArray  *hubs,
        const char *hub_id,
        gboolean    open_only)
{
  if (!dd_offer_is_bundle (offer))
    return units_of (stock, hubs, dd_offer_get_sku (offer), hub_id, open_only) >= 1;

  for (guint i = 0; i < dd_offer_get_n_components (offer); i++)
    {
      const DdBundleComponent *component = dd_offer_get_component (offer, i);

      if (units_of (stock, hubs, component->sku, hub_id, open_only) < component->quantity)
        return FALSE;
    }
  return TRUE;
}

void
dd_bundle_derive_fulfilment (DdOffer            *offer,
                             GPtrArray          *stock,
                             GPtrArray          *hubs,
                             DdBundleFulfilment *out)
{
  g_return_if_fail (DD_IS_OFFER (offer));
  g_return_if_fail (stock != NULL && hubs != NULL && out != NULL);

  out->cross_hub = FALSE;
  for (guint h = 0; h < hubs->len; h++)
    {
      DdHub *hub = g_ptr_array_index (hubs, h);

      if (dd_hub_get_open (hub) && covers (offer, stock, hubs, dd_hub_get_id (hub), TRUE))
        {
          out->bucket = DD_LATENCY_BUCKET_TWO_HOURS;
          return;
        }
    }

  if (covers (offer, stock, hubs, NULL, TRUE))
    {
      out->bucket = DD_LATENCY_BUCKET_SAME_DAY;
      out->cross_hub = TRUE;
    }
  else if (covers (offer, stock, hubs, NULL, FALSE))
    out->bucket = DD_LATENCY_BUCKET_NEXT_DAY;
  else
    out->bucket = DD_LATENCY_BUCKET_POST_DROP;
}
