/* dd-medusa-store-api.c — reading the answers of Medusa v2's store API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-medusa-store-api.h"
#include "dd-net-error.h"

/* object[member] as an object, or its first element when it is an array
 * (first: TRUE); NULL when it is neither or empty. */
static JsonObject *
member_object (JsonObject *object,
               const char *member,
               gboolean    first)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node != NULL && first)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return NULL;
      array = json_node_get_array (node);
      node = json_array_get_length (array) > 0 ? json_array_get_element (array, 0) : NULL;
    }
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A non-empty string member, or NULL. */
static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  value = json_node_get_string (node);
  return value != NULL && *value != '\0' ? value : NULL;
}

gboolean
dd_medusa_store_region_from_json (JsonObject  *answer,
                                  char       **region_id,
                                  char       **country,
                                  GError     **error)
{
  JsonObject *region = member_object (answer, "regions", TRUE);
  const char *id = string_member (region, "id");
  const char *iso = string_member (member_object (region, "countries", TRUE), "iso_2");

  g_return_val_if_fail (answer != NULL, FALSE);

  if (id == NULL)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_FOUND,
                   _("The store has no region to sell in: add one in Medusa"));
      return FALSE;
    }
  if (iso == NULL || strlen (iso) != 2)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_FOUND,
                   _("The store’s region %s has no country to ship to"), id);
      return FALSE;
    }
  *region_id = g_strdup (id);
  *country = g_ascii_strdown (iso, -1);
  return TRUE;
}

char *
dd_medusa_store_first_variant (JsonObject  *answer,
                               GError     **error)
{
  const char *id = string_member (member_object (member_object (answer, "products", TRUE), "variants", TRUE), "id");

  g_return_val_if_fail (answer != NULL, NULL);

  if (id == NULL)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_FOUND,
                   _("The store lists no product for sale in its sales channel, so the probe has nothing to buy"));
      return NULL;
    }
  return g_strdup (id);
}

char *
dd_medusa_store_first_shipping_option (JsonObject  *answer,
                                       GError     **error)
{
  const char *id = string_member (member_object (answer, "shipping_options", TRUE), "id");

  g_return_val_if_fail (answer != NULL, NULL);

  if (id == NULL)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_FOUND,
                   _("The store offers no shipping for the cart: add a shipping option for its region in Medusa"));
      return NULL;
    }
  return g_strdup (id);
}

char *
dd_medusa_store_object_id (JsonObject  *answer,
                           const char  *member,
                           GError     **error)
{
  const char *id = string_member (member_object (answer, member, FALSE), "id");

  g_return_val_if_fail (answer != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  if (id == NULL)
    {
      /* Translators: "Medusa's answer has no cart id" */
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL, _("Medusa’s answer has no %s id"), member);
      return NULL;
    }
  return g_strdup (id);
}

char *
dd_medusa_store_completed_order (JsonObject  *answer,
                                 GError     **error)
{
  const char *id = string_member (member_object (answer, "order", FALSE), "id");
  const char *reason;

  g_return_val_if_fail (answer != NULL, NULL);

  if (g_strcmp0 (string_member (answer, "type"), "order") == 0 && id != NULL)
    return g_strdup (id);
  reason = string_member (member_object (answer, "error", FALSE), "message");
  g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_REJECTED, _("Medusa did not make an order of the cart: %s"),
               reason != NULL ? reason : _("no reason given"));
  return NULL;
}
