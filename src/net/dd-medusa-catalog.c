/* dd-medusa-catalog.c — Medusa v2 Admin API lists -> Dropdeck's catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-medusa-catalog.h"
#include "dd-medusa-catalog-private.h"
#include "dd-medusa-json.h"
#include "dd-medusa-money.h"
#include "dd-net-error.h"

/* Stock counts beyond this are not believable; they also keep sums of
 * levels far from overflow. */
#define MAX_UNITS G_GINT64_CONSTANT (1000000000000)

gboolean
_dd_medusa_protocol_error (GError     **error,
                           const char  *format,
                           ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (DD_NET_ERROR, DD_NET_ERROR_PROTOCOL, format, args);
  va_end (args);

  return FALSE;
}

/* Prefixes an error from the core (or a nested mapper) with what it is about. */
gboolean
_dd_medusa_wrap_error (GError     **error,
                       GError      *cause,
                       const char  *what)
{
  _dd_medusa_protocol_error (error, _("Medusa sent %s that Dropdeck cannot use: %s"), what, cause->message);
  g_error_free (cause);
  return FALSE;
}

/* The element as an object, or an error naming the list. */
JsonObject *
_dd_medusa_element_object (JsonArray   *array,
                           guint        index,
                           const char  *list,
                           GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _dd_medusa_protocol_error (error, _("Medusa sent a %s list whose entry %u is not an object"), list, index + 1);
      return NULL;
    }

  return json_node_get_object (node);
}

/* An id field that must be there and be non-empty text. */
gboolean
_dd_medusa_require_id (JsonObject  *object,
                       const char  *what,
                       const char **out,
                       GError     **error)
{
  if (!dd_medusa_json_get_string (object, "id", what, out, error))
    return FALSE;
  if (*out == NULL || **out == '\0')
    return _dd_medusa_protocol_error (error, _("Medusa sent %s without an id"), what);

  return TRUE;
}

gboolean
dd_medusa_page_parse (JsonNode    *root,
                      const char  *member,
                      JsonArray  **items,
                      gint64      *count,
                      GError     **error)
{
  g_autofree char *what = NULL;
  gboolean found;

  g_return_val_if_fail (root != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  what = g_strdup_printf (_("a list of %s"), member);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return _dd_medusa_protocol_error (error, _("Medusa sent %s that is not a JSON object"), what);

  if (!dd_medusa_json_get_array (json_node_get_object (root), member, what, items, error))
    return FALSE;
  if (*items == NULL)
    return _dd_medusa_protocol_error (error, _("Medusa sent %s without “%s”"), what, member);

  if (!dd_medusa_json_get_integer (json_node_get_object (root), "count", what,
                                   0, G_MAXINT32, &found, count, error))
    return FALSE;
  if (!found)
    return _dd_medusa_protocol_error (error, _("Medusa sent %s without “count”"), what);

  return TRUE;
}

/* The variant's price in `currency`: one without rules (the base price)
 * when there is one, else the first in that currency. NULL when none. */
static JsonObject *
find_price (JsonArray   *prices,
            const char  *currency,
            const char  *what,
            GError     **error)
{
  JsonObject *fallback = NULL;
  guint n = prices != NULL ? json_array_get_length (prices) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *price = _dd_medusa_element_object (prices, i, _("price"), error);
      const char *code;
      JsonObject *rules;
      JsonArray *price_rules;

      if (price == NULL)
        return NULL;
      if (!dd_medusa_json_get_string (price, "currency_code", what, &code, error))
        return NULL;
      if (code == NULL || g_ascii_strcasecmp (code, currency) != 0)
        continue;

      if (!dd_medusa_json_get_object (price, "rules", what, &rules, error) ||
          !dd_medusa_json_get_array (price, "price_rules", what, &price_rules, error))
        return NULL;

      if ((rules == NULL || json_object_get_size (rules) == 0) &&
          (price_rules == NULL || json_array_get_length (price_rules) == 0))
        return price;
      if (fallback == NULL)
        fallback = price;
    }

  if (fallback == NULL && error != NULL && *error == NULL)
    _dd_medusa_protocol_error (error, _("Medusa sent %s without a price in %s"), what, currency);

  return fallback;
}

static DdOfferState
product_state (JsonObject *product,
               JsonObject *variant)
{
  JsonObject *metadata_sources[] = { variant, product };
  const char *status = NULL;
  DdOfferState state;

  for (guint i = 0; i < G_N_ELEMENTS (metadata_sources); i++)
    {
      JsonNode *metadata = json_object_get_member (metadata_sources[i], "metadata");
      JsonNode *nick;

      if (metadata == NULL || !JSON_NODE_HOLDS_OBJECT (metadata))
        continue;
      nick = json_object_get_member (json_node_get_object (metadata), "dropdeck_state");
      if (nick != NULL && JSON_NODE_HOLDS_VALUE (nick) &&
          json_node_get_value_type (nick) == G_TYPE_STRING &&
          dd_offer_state_from_nick (json_node_get_string (nick), &state))
        return state;
    }

  if (json_object_has_member (product, "status") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (product, "status")) &&
      json_node_get_value_type (json_object_get_member (product, "status")) == G_TYPE_STRING)
    status = json_object_get_string_member (product, "status");

  return g_strcmp0 (status, "published") == 0 ? DD_OFFER_STATE_SCHEDULED : DD_OFFER_STATE_DRAFT;
}

static gboolean
offer_from_variant (JsonObject  *product,
                    const char  *product_id,
                    const char  *product_title,
                    gboolean     several,
                    JsonObject  *variant,
                    const char  *currency,
                    GPtrArray   *offers,
                    GError     **error)
{
  g_autofree char *what = NULL;
  g_autofree char *title = NULL;
  g_autoptr(DdOffer) offer = NULL;
  GError *local_error = NULL;
  const char *id;
  const char *variant_title;
  const char *sku;
  JsonArray *prices;
  JsonObject *price;
  DdMoney money;

  if (!dd_medusa_json_get_string (variant, "title", _("a variant"), &variant_title, error))
    return FALSE;
  what = g_strdup_printf (_("variant “%s” of product “%s”"),
                          variant_title != NULL ? variant_title : "", product_title);

  if (!_dd_medusa_require_id (variant, what, &id, error) ||
      !dd_medusa_json_get_string (variant, "sku", what, &sku, error) ||
      !dd_medusa_json_get_array (variant, "prices", what, &prices, error))
    return FALSE;
  if (sku == NULL || *sku == '\0')
    return _dd_medusa_protocol_error (error, _("Medusa sent %s without a SKU; Dropdeck needs one to match its stock"), what);
  if (prices == NULL)
    return _dd_medusa_protocol_error (error, _("Medusa sent %s without prices (ask for the variants’ prices)"), what);

  price = find_price (prices, currency, what, error);
  if (price == NULL)
    return FALSE;
  if (!dd_medusa_money_from_json (json_object_get_member (price, "amount"), currency, FALSE,
                                  &money, &local_error))
    return _dd_medusa_wrap_error (error, local_error, what);

  if (several && variant_title != NULL && *variant_title != '\0')
    /* Translators: an offer's title: product title — variant title */
    title = g_strdup_printf (C_("offer title", "%s — %s"), product_title, variant_title);
  else
    title = g_strdup (product_title);

  offer = dd_offer_new (id, title, sku);
  dd_offer_set_remote_id (offer, product_id);
  dd_offer_set_price (offer, &money);
  dd_offer_set_state (offer, product_state (product, variant));
  dd_offer_set_sync_state (offer, DD_SYNC_STATE_SYNCED);

  if (!dd_offer_validate (offer, &local_error))
    return _dd_medusa_wrap_error (error, local_error, what);

  g_ptr_array_add (offers, g_steal_pointer (&offer));
  return TRUE;
}

gboolean
dd_medusa_offers_from_products (JsonArray   *products,
                                const char  *currency,
                                GPtrArray   *offers,
                                GError     **error)
{
  guint n;
  guint old_len;

  g_return_val_if_fail (products != NULL, FALSE);
  g_return_val_if_fail (currency != NULL, FALSE);
  g_return_val_if_fail (offers != NULL, FALSE);

  n = json_array_get_length (products);
  old_len = offers->len;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *product = _dd_medusa_element_object (products, i, _("product"), error);
      g_autofree char *what = NULL;
      const char *id;
      const char *title;
      JsonArray *variants;
      guint n_variants;

      if (product == NULL)
        goto failed;
      if (!dd_medusa_json_get_string (product, "title", _("a product"), &title, error))
        goto failed;
      if (title == NULL || *title == '\0')
        {
          _dd_medusa_protocol_error (error, _("Medusa sent product %u of the list without a title"), i + 1);
          goto failed;
        }
      what = g_strdup_printf (_("product “%s”"), title);
      if (!_dd_medusa_require_id (product, what, &id, error) ||
          !dd_medusa_json_get_array (product, "variants", what, &variants, error))
        goto failed;
      if (variants == NULL)
        {
          _dd_medusa_protocol_error (error, _("Medusa sent %s without its variants (ask for them with fields)"), what);
          goto failed;
        }

      n_variants = json_array_get_length (variants);
      for (guint j = 0; j < n_variants; j++)
        {
          JsonObject *variant = _dd_medusa_element_object (variants, j, _("variant"), error);

          if (variant == NULL ||
              !offer_from_variant (product, id, title, n_variants > 1, variant, currency, offers, error))
            goto failed;
        }
    }

  return TRUE;

failed:
  g_ptr_array_set_size (offers, old_len);
  return FALSE;
}

/* "Oranienstraße 1, 10999 Berlin" from a Medusa address object. */
static char *
format_address (JsonObject *address)
{
  const char *parts[4] = { NULL };
  const char *members[] = { "address_1", "address_2", "postal_code", "city" };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (address, members[i]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING &&
          *json_node_get_string (node) != '\0')
        parts[i] = json_node_get_string (node);
    }

  for (guint i = 0; i < 2; i++)
    if (parts[i] != NULL)
      g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", parts[i]);
  if (parts[2] != NULL || parts[3] != NULL)
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      if (parts[2] != NULL)
        g_string_append (out, parts[2]);
      if (parts[2] != NULL && parts[3] != NULL)
        g_string_append_c (out, ' ');
      if (parts[3] != NULL)
        g_string_append (out, parts[3]);
    }

  return g_string_free (out, out->len == 0);
}

static gboolean
hub_from_location (JsonObject  *location,
                   GPtrArray   *hubs,
                   GError     **error)
{
  g_autofree char *what = NULL;
  g_autofree char *composed = NULL;
  g_autoptr(DdHub) hub = NULL;
  GError *local_error = NULL;
  const char *id;
  const char *name;
  const char *address_text;
  JsonObject *metadata;
  JsonObject *address;
  gboolean has_lat, has_lon, found;
  double latitude, longitude;
  gint64 value;

  if (!dd_medusa_json_get_string (location, "name", _("a stock location"), &name, error))
    return FALSE;
  if (name == NULL || *name == '\0')
    return _dd_medusa_protocol_error (error, _("Medusa sent a stock location without a name"));
  what = g_strdup_printf (_("stock location “%s”"), name);

  if (!_dd_medusa_require_id (location, what, &id, error) ||
      !dd_medusa_json_get_object (location, "metadata", what, &metadata, error) ||
      !dd_medusa_json_get_object (location, "address", what, &address, error))
    return FALSE;

  if (metadata == NULL)
    return _dd_medusa_protocol_error (error, _("Medusa sent %s without metadata: Dropdeck keeps the hub’s latitude and longitude there"), what);

  if (!dd_medusa_json_get_double (metadata, "latitude", what, &has_lat, &latitude, error) ||
      !dd_medusa_json_get_double (metadata, "longitude", what, &has_lon, &longitude, error))
    return FALSE;
  if (!has_lat || !has_lon)
    return _dd_medusa_protocol_error (error, _("Medusa sent %s without a latitude and longitude in its metadata"), what);
  if (!dd_coordinates_validate (latitude, longitude, &local_error))
    return _dd_medusa_wrap_error (error, local_error, what);

  hub = dd_hub_new (id, name);
  if (!dd_hub_set_location (hub, latitude, longitude, &local_error))
    return _dd_medusa_wrap_error (error, local_error, what);

  if (!dd_medusa_json_get_integer (metadata, "capacity_per_hour", what, 1, G_MAXINT32, &found, &value, error))
    return FALSE;
  if (found && !dd_hub_set_capacity_per_hour (hub, (guint) value, &local_error))
    return _dd_medusa_wrap_error (error, local_error, what);

  if (!dd_medusa_json_get_integer (metadata, "couriers", what, 0, G_MAXINT32, &found, &value, error))
    return FALSE;
  if (found)
    dd_hub_set_couriers (hub, (guint) value);

  if (!dd_medusa_json_get_integer (metadata, "cutoff_minute", what, 0, 24 * 60 - 1, &found, &value, error))
    return FALSE;
  if (found)
    dd_hub_set_cutoff_minute (hub, (guint) value);

  {
    JsonNode *open = json_object_get_member (metadata, "open");

    if (open != NULL && !JSON_NODE_HOLDS_NULL (open))
      {
        if (!JSON_NODE_HOLDS_VALUE (open) || json_node_get_value_type (open) != G_TYPE_BOOLEAN)
          return _dd_medusa_protocol_error (error, _("Medusa sent %s with “%s” that is not %s"), what, "open", _("true or false"));
        dd_hub_set_open (hub, json_node_get_boolean (open));
      }
  }

  if (!dd_medusa_json_get_string (metadata, "address", what, &address_text, error))
    return FALSE;
  if (address_text == NULL && address != NULL)
    address_text = composed = format_address (address);
  if (address_text != NULL)
    dd_hub_set_address (hub, address_text);

  g_ptr_array_add (hubs, g_steal_pointer (&hub));
  return TRUE;
}

gboolean
dd_medusa_hubs_from_stock_locations (JsonArray   *locations,
                                     GPtrArray   *hubs,
                                     GError     **error)
{
  guint n;
  guint old_len;

  g_return_val_if_fail (locations != NULL, FALSE);
  g_return_val_if_fail (hubs != NULL, FALSE);

  n = json_array_get_length (locations);
  old_len = hubs->len;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *location = _dd_medusa_element_object (locations, i, _("stock location"), error);

      if (location == NULL || !hub_from_location (location, hubs, error))
        {
          g_ptr_array_set_size (hubs, old_len);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
stock_from_item (JsonObject  *item,
                 GPtrArray   *stock,
                 GError     **error)
{
  g_autofree char *what = NULL;
  const char *id;
  const char *sku;
  JsonArray *levels;
  guint n;

  if (!_dd_medusa_require_id (item, _("an inventory item"), &id, error))
    return FALSE;
  what = g_strdup_printf (_("inventory item “%s”"), id);
  if (!dd_medusa_json_get_string (item, "sku", what, &sku, error))
    return FALSE;
  if (sku == NULL || *sku == '\0')
    return TRUE;

  g_free (what);
  what = g_strdup_printf (_("inventory item “%s”"), sku);
  if (!dd_medusa_json_get_array (item, "location_levels", what, &levels, error))
    return FALSE;
  if (levels == NULL)
    return _dd_medusa_protocol_error (error, _("Medusa sent %s without its location levels (ask for them with fields)"), what);

  n = json_array_get_length (levels);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *level = _dd_medusa_element_object (levels, i, _("location level"), error);
      g_autofree char *level_what = NULL;
      g_autoptr(DdStockLevel) stock_level = NULL;
      GError *local_error = NULL;
      const char *location_id;
      gboolean found;
      gint64 stocked, reserved;

      if (level == NULL)
        return FALSE;
      if (!dd_medusa_json_get_string (level, "location_id", what, &location_id, error))
        return FALSE;
      if (location_id == NULL || *location_id == '\0')
        return _dd_medusa_protocol_error (error, _("Medusa sent a level of %s without a location"), what);
      level_what = g_strdup_printf (_("the stock of “%s” at location “%s”"), sku, location_id);

      if (!dd_medusa_json_get_integer (level, "stocked_quantity", level_what, 0, MAX_UNITS,
                                       &found, &stocked, error))
        return FALSE;
      if (!found)
        return _dd_medusa_protocol_error (error, _("Medusa sent %s without “stocked_quantity”"), level_what);
      if (!dd_medusa_json_get_integer (level, "reserved_quantity", level_what, 0, MAX_UNITS,
                                       &found, &reserved, error))
        return FALSE;

      stock_level = dd_stock_level_new (location_id, sku);
      if (!dd_stock_level_set_on_hand (stock_level, stocked, &local_error) ||
          (reserved > 0 && !dd_stock_level_reserve (stock_level, reserved, &local_error)))
        return _dd_medusa_wrap_error (error, local_error, level_what);

      g_ptr_array_add (stock, g_steal_pointer (&stock_level));
    }

  return TRUE;
}

gboolean
dd_medusa_stock_from_inventory_items (JsonArray   *items,
                                      GPtrArray   *stock,
                                      GError     **error)
{
  guint n;
  guint old_len;

  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (stock != NULL, FALSE);

  n = json_array_get_length (items);
  old_len = stock->len;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = _dd_medusa_element_object (items, i, _("inventory item"), error);

      if (item == NULL || !stock_from_item (item, stock, error))
        {
          g_ptr_array_set_size (stock, old_len);
          return FALSE;
        }
    }

  return TRUE;
}
