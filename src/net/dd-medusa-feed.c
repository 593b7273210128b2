/* dd-medusa-feed.c — Medusa v2 orders, promotions and the returns policy -> Dropdeck
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-medusa-catalog-private.h"
#include "dd-medusa-feed.h"
#include "dd-medusa-json.h"
#include "dd-medusa-money.h"
#include "dd-net-error.h"

gboolean
dd_medusa_time_from_json (JsonObject  *object,
                          const char  *member,
                          const char  *what,
                          gint64      *out,
                          GError     **error)
{
  g_autoptr(GDateTime) time = NULL;
  const char *text;

  *out = 0;
  if (!dd_medusa_json_get_string (object, member, what, &text, error))
    return FALSE;
  if (text == NULL || *text == '\0')
    return TRUE;
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return _dd_medusa_protocol_error (error, _("Medusa sent %s with “%s” that is not a time: %s"),
                                      what, member, text);
  *out = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

static void
note_newest (char       **newest,
             const char  *updated_at)
{
  /* ISO 8601 in UTC with a fixed width: text order is time order. */
  if (newest != NULL && updated_at != NULL && g_strcmp0 (updated_at, *newest) > 0)
    {
      g_free (*newest);
      *newest = g_strdup (updated_at);
    }
}

/* A string member, or "" when it is missing or not a string (json-glib
 * answers NULL for a member holding a number: found by fuzz-medusa-json). */
static const char *
text_member (JsonObject *object,
             const char *name)
{
  const char *text = json_object_get_string_member_with_default (object, name, "");

  return text != NULL ? text : "";
}

static DdOrderStatus
order_status (JsonObject *order)
{
  const char *status = text_member (order, "status");
  const char *payment = text_member (order, "payment_status");
  const char *fulfilment = text_member (order, "fulfillment_status");

  if (g_str_equal (status, "canceled") || g_str_equal (fulfilment, "canceled"))
    return DD_ORDER_STATUS_CANCELLED;
  if (g_str_equal (payment, "refunded"))
    return DD_ORDER_STATUS_REFUNDED;
  if (g_str_has_suffix (fulfilment, "delivered"))
    return DD_ORDER_STATUS_DELIVERED;
  if (g_str_has_suffix (fulfilment, "shipped"))
    return DD_ORDER_STATUS_SHIPPED;
  if (g_str_has_suffix (fulfilment, "fulfilled") && !g_str_equal (fulfilment, "not_fulfilled"))
    return DD_ORDER_STATUS_PICKING;
  return DD_ORDER_STATUS_PLACED;
}

/* The location the order's first live fulfilment ships from, or NULL. */
static const char *
order_hub (JsonObject *order)
{
  JsonNode *node = json_object_get_member (order, "fulfillments");
  JsonArray *fulfilments;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  fulfilments = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (fulfilments); i++)
    {
      JsonNode *element = json_array_get_element (fulfilments, i);
      JsonObject *fulfilment;
      JsonNode *canceled;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      fulfilment = json_node_get_object (element);
      canceled = json_object_get_member (fulfilment, "canceled_at");
      if (canceled != NULL && !JSON_NODE_HOLDS_NULL (canceled))
        continue;
      return json_object_get_string_member_with_default (fulfilment, "location_id", NULL);
    }
  return NULL;
}

static gboolean
lines_from_order (JsonObject  *order,
                  const char  *order_id,
                  const char  *what,
                  GPtrArray   *out,
                  GError     **error)
{
  const char *currency;
  JsonArray *items;
  gint64 created_at;
  DdOrderStatus status = order_status (order);
  const char *hub = order_hub (order);

  if (!dd_medusa_json_get_string (order, "currency_code", what, &currency, error) ||
      !dd_medusa_json_get_array (order, "items", what, &items, error) ||
      !dd_medusa_time_from_json (order, "created_at", what, &created_at, error))
    return FALSE;
  if (currency == NULL)
    return _dd_medusa_protocol_error (error, _("Medusa sent %s without a currency"), what);
  if (items == NULL)
    return _dd_medusa_protocol_error (error, _("Medusa sent %s without its items (ask for them with fields)"), what);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = _dd_medusa_element_object (items, i, _("order item"), error);
      g_autofree char *item_what = NULL;
      g_autofree char *id = NULL;
      GError *local_error = NULL;
      const char *item_id;
      const char *variant;
      const char *sku;
      gint64 quantity;
      gboolean found;
      DdMoney total;
      DdOrder *line;

      if (item == NULL || !_dd_medusa_require_id (item, what, &item_id, error))
        return FALSE;
      item_what = g_strdup_printf (_("item %s of %s"), item_id, what);
      if (!dd_medusa_json_get_string (item, "variant_id", item_what, &variant, error) ||
          !dd_medusa_json_get_string (item, "variant_sku", item_what, &sku, error) ||
          !dd_medusa_json_get_integer (item, "quantity", item_what, 1, G_MAXINT32, &found, &quantity, error))
        return FALSE;
      if (variant == NULL)
        continue;  /* a custom line: no offer to count it against */
      if (!found)
        return _dd_medusa_protocol_error (error, _("Medusa sent %s without a quantity"), item_what);
      if (!dd_medusa_money_from_json (json_object_get_member (item, "total"), currency, FALSE,
                                      &total, &local_error))
        return _dd_medusa_wrap_error (error, local_error, item_what);

      id = g_strconcat (order_id, "/", item_id, NULL);
      line = dd_order_new (id, variant, sku != NULL ? sku : "", hub, (guint) quantity, &total,
                           created_at, &local_error);
      if (line == NULL)
        return _dd_medusa_wrap_error (error, local_error, item_what);
      dd_order_set_status (line, status);
      g_ptr_array_add (out, line);
    }
  return TRUE;
}

gboolean
dd_medusa_order_is_synthetic (JsonObject  *order,
                              const char  *what,
                              gboolean    *synthetic,
                              GError     **error)
{
  JsonObject *metadata;

  *synthetic = FALSE;
  if (!dd_medusa_json_get_object (order, "metadata", what, &metadata, error))
    return FALSE;
  *synthetic = metadata != NULL && json_object_has_member (metadata, DD_MEDUSA_SYNTHETIC_KEY);
  return TRUE;
}

gboolean
dd_medusa_orders_from_json (JsonArray  *orders,
                            GPtrArray  *out,
                            char      **newest,
                            GError    **error)
{
  guint old_len;

  g_return_val_if_fail (orders != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  old_len = out->len;
  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      JsonObject *order = _dd_medusa_element_object (orders, i, _("order"), error);
      g_autofree char *what = NULL;
      gboolean synthetic;
      const char *id;

      if (order == NULL || !_dd_medusa_require_id (order, _("an order"), &id, error))
        goto failed;
      what = g_strdup_printf (_("order %s"), id);
      if (!dd_medusa_order_is_synthetic (order, what, &synthetic, error))
        goto failed;
      if (!synthetic && !lines_from_order (order, id, what, out, error))
        goto failed;
      note_newest (newest, json_object_get_string_member_with_default (order, "updated_at", NULL));
    }
  return TRUE;

failed:
  g_ptr_array_set_size (out, old_len);
  return FALSE;
}

static gboolean
promotion_value (JsonObject   *method,
                 const char   *what,
                 DdPromotion  *promotion,
                 GError      **error)
{
  JsonNode *value = json_object_get_member (method, "value");
  const char *kind;
  const char *target;
  const char *currency;

  if (!dd_medusa_json_get_string (method, "type", what, &kind, error) ||
      !dd_medusa_json_get_string (method, "target_type", what, &target, error) ||
      !dd_medusa_json_get_string (method, "currency_code", what, &currency, error))
    return FALSE;
  if (kind == NULL || (!g_str_equal (kind, "percentage") && !g_str_equal (kind, "fixed")))
    return _dd_medusa_protocol_error (error, _("Medusa sent %s with a discount of an unknown type"), what);
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      json_node_get_value_type (value) == G_TYPE_STRING ||
      json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    return _dd_medusa_protocol_error (error, _("Medusa sent %s without a discount value"), what);

  promotion->kind = g_strdup (kind);
  promotion->target = g_strdup (target != NULL ? target : "order");
  if (g_str_equal (kind, "fixed"))
    {
      GError *local_error = NULL;
      DdMoney money;

      if (currency == NULL)
        return _dd_medusa_protocol_error (error, _("Medusa sent %s with a fixed discount but no currency"), what);
      if (!dd_medusa_money_from_json (value, currency, FALSE, &money, &local_error))
        return _dd_medusa_wrap_error (error, local_error, what);
      promotion->currency = g_strdup (money.currency);
      promotion->value = dd_medusa_money_to_text (&money);
    }
  else
    {
      double percent = json_node_get_double (value);

      if (!(percent >= 0 && percent <= 100))
        return _dd_medusa_protocol_error (error, _("Medusa sent %s with a percentage outside 0–100"), what);
      promotion->value = dd_medusa_format_double (percent);
    }
  return TRUE;
}

static gboolean
promotion_campaign (JsonObject   *object,
                    const char   *what,
                    DdPromotion  *promotion,
                    GError      **error)
{
  JsonObject *campaign;
  const char *id;
  const char *name;

  if (!dd_medusa_json_get_object (object, "campaign", what, &campaign, error))
    return FALSE;
  if (campaign == NULL)
    return TRUE;
  if (!dd_medusa_json_get_string (campaign, "id", what, &id, error) ||
      !dd_medusa_json_get_string (campaign, "name", what, &name, error) ||
      !dd_medusa_time_from_json (campaign, "starts_at", what, &promotion->starts_at_us, error) ||
      !dd_medusa_time_from_json (campaign, "ends_at", what, &promotion->ends_at_us, error))
    return FALSE;
  if (promotion->starts_at_us != 0 && promotion->ends_at_us != 0 &&
      promotion->ends_at_us <= promotion->starts_at_us)
    return _dd_medusa_protocol_error (error, _("Medusa sent %s whose campaign ends before it starts"), what);
  promotion->campaign_id = g_strdup (id);
  promotion->campaign_name = g_strdup (name);
  return TRUE;
}

gboolean
dd_medusa_promotions_from_json (JsonArray  *promotions,
                                GPtrArray  *out,
                                GError    **error)
{
  guint old_len;

  g_return_val_if_fail (promotions != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  old_len = out->len;
  for (guint i = 0; i < json_array_get_length (promotions); i++)
    {
      JsonObject *object = _dd_medusa_element_object (promotions, i, _("promotion"), error);
      g_autoptr(DdPromotion) promotion = g_new0 (DdPromotion, 1);
      g_autofree char *what = NULL;
      JsonObject *method;
      const char *id;
      const char *code;
      const char *status;

      if (object == NULL || !_dd_medusa_require_id (object, _("a promotion"), &id, error) ||
          !dd_medusa_json_get_string (object, "code", _("a promotion"), &code, error))
        goto failed;
      what = g_strdup_printf (_("promotion “%s”"), code != NULL ? code : id);
      if (code == NULL || *code == '\0')
        {
          _dd_medusa_protocol_error (error, _("Medusa sent %s without a code"), what);
          goto failed;
        }
      if (!dd_medusa_json_get_string (object, "status", what, &status, error) ||
          !dd_medusa_json_get_object (object, "application_method", what, &method, error) ||
          !dd_medusa_time_from_json (object, "updated_at", what, &promotion->updated_at_us, error))
        goto failed;
      if (method == NULL)
        {
          _dd_medusa_protocol_error (error, _("Medusa sent %s without its discount (ask for application_method)"), what);
          goto failed;
        }
      promotion->id = g_strdup (id);
      promotion->code = g_strdup (code);
      promotion->status = g_strdup (status != NULL ? status : "active");
      if (!promotion_value (method, what, promotion, error) ||
          !promotion_campaign (object, what, promotion, error))
        goto failed;
      g_ptr_array_add (out, g_steal_pointer (&promotion));
    }
  return TRUE;

failed:
  g_ptr_array_set_size (out, old_len);
  return FALSE;
}

DdRefundPolicy *
dd_medusa_refund_policy_from_store (JsonObject  *store,
                                    const char  *currency,
                                    GError     **error)
{
  g_autoptr(DdRefundPolicy) policy = NULL;
  JsonObject *metadata;
  JsonObject *limits;
  JsonNode *open;
  const char *what = _("the store’s returns policy");
  g_autoptr(GList) roles = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (currency != NULL, NULL);

  if (!dd_medusa_json_get_object (store, "metadata", what, &metadata, error))
    return NULL;
  if (metadata == NULL)
    return dd_refund_policy_new (TRUE);

  open = json_object_get_member (metadata, "dropdeck_returns_open");
  if (open == NULL || JSON_NODE_HOLDS_NULL (open))
    policy = dd_refund_policy_new (TRUE);
  else if (JSON_NODE_HOLDS_VALUE (open) && json_node_get_value_type (open) == G_TYPE_BOOLEAN)
    policy = dd_refund_policy_new (json_node_get_boolean (open));
  else if (JSON_NODE_HOLDS_VALUE (open) && json_node_get_value_type (open) == G_TYPE_STRING &&
           (g_str_equal (json_node_get_string (open), "true") || g_str_equal (json_node_get_string (open), "false")))
    policy = dd_refund_policy_new (g_str_equal (json_node_get_string (open), "true"));
  else
    {
      _dd_medusa_protocol_error (error, _("Medusa sent %s with a returns toggle that is not true or false"), what);
      return NULL;
    }

  if (!dd_medusa_json_get_object (metadata, "dropdeck_refund_limits", what, &limits, error))
    return NULL;
  if (limits == NULL)
    return g_steal_pointer (&policy);

  roles = json_object_get_members (limits);
  for (GList *l = roles; l != NULL; l = l->next)
    {
      g_autofree char *limit_what = g_strdup_printf (_("the refund limit of “%s”"), (const char *) l->data);
      GError *local_error = NULL;
      DdRefundLimit limit;
      double amount;
      gboolean found;

      if (!dd_role_from_nick (l->data, &limit.role))
        {
          _dd_medusa_protocol_error (error, _("Medusa sent %s, a role Dropdeck does not know"), limit_what);
          return NULL;
        }
      if (!dd_medusa_json_get_double (limits, l->data, limit_what, &found, &amount, error))
        return NULL;
      if (!found)
        {
          _dd_medusa_protocol_error (error, _("Medusa sent %s without an amount"), limit_what);
          return NULL;
        }
      if (!dd_medusa_money_from_double (amount, currency, FALSE, &limit.max, &local_error))
        {
          _dd_medusa_wrap_error (error, local_error, limit_what);
          return NULL;
        }
      g_array_append_val (policy->limits, limit);
    }
  return g_steal_pointer (&policy);
}

gboolean
dd_medusa_ids_from_json (JsonArray  *items,
                         GPtrArray  *out,
                         GError    **error)
{
  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *object = _dd_medusa_element_object (items, i, _("id"), error);
      const char *id;

      if (object == NULL || !_dd_medusa_require_id (object, _("an entry"), &id, error))
        return FALSE;
      g_ptr_array_add (out, g_strdup (id));
    }
  return TRUE;
}
