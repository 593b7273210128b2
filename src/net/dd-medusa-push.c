/* dd-medusa-push.c — one outbox entry to a Medusa v2 engine, exactly once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-medusa-catalog.h"
#include "dd-medusa-json.h"
#include "dd-medusa-money.h"
#include "dd-medusa-push-private.h"
#include "dd-net-error.h"

/* The offer fields an edit can change that Medusa keeps, as named in the
 * outbox payload's offer and base. */
typedef enum
{
  FIELD_TITLE,
  FIELD_PRICE,
  FIELD_STATE,
  FIELD_COMPARE_AT,
  N_FIELDS,
} Field;

static const char * const field_members[N_FIELDS] = {
  "title", "price_minor", "state", "compare_at_minor",
};

typedef struct
{
  char     *path;
  JsonNode *body;
} Write;

static void
write_free (Write *write)
{
  g_free (write->path);
  g_clear_pointer (&write->body, json_node_unref);
  g_free (write);
}

void
_dd_medusa_push_free (Push *push)
{
  g_clear_pointer (&push->entry, dd_outbox_entry_free);
  g_clear_object (&push->client);
  g_clear_object (&push->read_ahead);
  g_clear_pointer (&push->payload, json_node_unref);
  g_clear_pointer (&push->base_root, json_node_unref);
  g_free (push->product_id);
  g_free (push->refusal);
  g_queue_clear_full (&push->writes, (GDestroyNotify) write_free);
  g_free (push);
}

void
_dd_medusa_push_return (GTask                 *task,
                        DdCommercePushOutcome  outcome,
                        const char            *message,
                        const char            *remote_id)
{
  DdCommercePushResult *result = dd_commerce_push_result_new (outcome, message);

  result->remote_id = g_strdup (remote_id);
  g_task_return_pointer (task, result, (GDestroyNotify) dd_commerce_push_result_free);
}

/* A refusal ends the entry with Medusa's reason; anything else is worth
 * another attempt. */
void
_dd_medusa_push_return_failure (GTask  *task,
                                GError *error)
{
  if (g_error_matches (error, DD_NET_ERROR, DD_NET_ERROR_REJECTED))
    {
      _dd_medusa_push_return (task, DD_COMMERCE_PUSH_REJECTED, error->message, NULL);
      g_error_free (error);
      return;
    }
  g_task_return_error (task, error);
}

static const char *
local_string (Push       *push,
              const char *member)
{
  JsonNode *node = json_object_get_member (push->local, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
local_price (Push    *push,
             DdMoney *price)
{
  JsonNode *minor = json_object_get_member (push->local, "price_minor");
  const char *currency = local_string (push, "currency");

  if (minor == NULL || !JSON_NODE_HOLDS_VALUE (minor) ||
      json_node_get_value_type (minor) != G_TYPE_INT64 ||
      currency == NULL || !dd_currency_is_known (currency))
    return FALSE;
  *price = dd_money_init (json_node_get_int (minor), currency);
  return TRUE;
}

/* {"currency_code": "eur", "amount": 19.99}, or with the price's id. */
static void
add_price (JsonBuilder   *builder,
           const char    *id,
           const DdMoney *money)
{
  g_autofree char *code = g_ascii_strdown (money->currency, -1);

  json_builder_begin_object (builder);
  if (id != NULL)
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
    }
  json_builder_set_member_name (builder, "currency_code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_value (builder, dd_medusa_money_to_json (money));
  json_builder_end_object (builder);
}

static void
queue_write (Push       *push,
             char       *path,
             JsonNode   *body)
{
  Write *write = g_new0 (Write, 1);

  write->path = path;
  write->body = body;
  g_queue_push_tail (&push->writes, write);
}

/* Writes */

static void write_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data);

static void
send_next_write (GTask *task)
{
  Push *push = g_task_get_task_data (task);
  Write *write = g_queue_peek_head (&push->writes);

  if (write == NULL)
    {
      _dd_medusa_push_return (task, DD_COMMERCE_PUSH_APPLIED, NULL, push->product_id);
      g_object_unref (task);
      return;
    }

  dd_medusa_client_post_async (push->client, write->path, write->body,
                               g_task_get_cancellable (task), write_cb, task);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Push *push = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;

  answer = dd_medusa_client_post_finish (DD_MEDUSA_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      _dd_medusa_push_return_failure (task, error);
      g_object_unref (task);
      return;
    }

  write_free (g_queue_pop_head (&push->writes));
  send_next_write (task);
}

/* Creates */

static JsonNode *
build_create_body (Push          *push,
                   const DdMoney *price)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *title = local_string (push, "title");
  const char *state = local_string (push, "state");
  const char *option = C_("Medusa product option", "Default");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, g_strcmp0 (state, "draft") == 0 ? "draft" : "published");
  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, DD_MEDUSA_IDEMPOTENCY_KEY);
  json_builder_add_string_value (builder, push->entry->idempotency_key);
  if (state != NULL)
    {
      json_builder_set_member_name (builder, "dropdeck_state");
      json_builder_add_string_value (builder, state);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "options");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, option);
  json_builder_set_member_name (builder, "values");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, option);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "variants");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, option);
  json_builder_set_member_name (builder, "sku");
  json_builder_add_string_value (builder, local_string (push, "sku"));
  json_builder_set_member_name (builder, "manage_inventory");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "options");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, option);
  json_builder_add_string_value (builder, option);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "prices");
  json_builder_begin_array (builder);
  add_price (builder, NULL, price);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void look_up_sku (GTask *task);

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;
  JsonObject *product = NULL;
  const char *id = NULL;

  answer = dd_medusa_client_post_finish (DD_MEDUSA_CLIENT (object), result, &error);
  if (g_error_matches (error, DD_NET_ERROR, DD_NET_ERROR_REJECTED))
    {
      /* The HTTP layer may have sent it twice, or an earlier attempt got
       * through: only a product carrying another key is a refusal. */
      Push *push = g_task_get_task_data (task);

      push->refusal = g_strdup (error->message);
      g_error_free (error);
      look_up_sku (g_steal_pointer (&task));
      return;
    }
  if (answer == NULL)
    {
      _dd_medusa_push_return_failure (task, error);
      return;
    }

  if (!dd_medusa_json_get_object (json_node_get_object (answer), "product", _("the new product"),
                                  &product, &error) ||
      (product != NULL &&
       !dd_medusa_json_get_string (product, "id", _("the new product"), &id, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  if (id == NULL)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                               _("Medusa answered the new product without its id"));
      return;
    }

  _dd_medusa_push_return (task, DD_COMMERCE_PUSH_APPLIED, NULL, id);
}

static void
send_create (GTask *task)
{
  Push *push = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = NULL;
  DdMoney price;

  if (local_string (push, "title") == NULL || local_string (push, "sku") == NULL ||
      !local_price (push, &price))
    {
      _dd_medusa_push_return (task, DD_COMMERCE_PUSH_REJECTED,
                      _("The new offer lacks a title, SKU or price Medusa can take"), NULL);
      g_object_unref (task);
      return;
    }

  body = build_create_body (push, &price);
  dd_medusa_client_post_async (push->client, "/admin/products", body,
                               g_task_get_cancellable (task), create_cb, task);
}

/* After an attempt whose answer was lost: the SKU is unique in Medusa, so
 * the variant holding it tells whether our create went through. */
static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Push *push = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *variants = NULL;
  GError *error = NULL;
  gint64 count = 0;

  answer = dd_medusa_client_get_finish (DD_MEDUSA_CLIENT (object), result, &error);
  if (answer == NULL || !dd_medusa_page_parse (answer, "variants", &variants, &count, &error))
    {
      _dd_medusa_push_return_failure (task, error);
      g_object_unref (task);
      return;
    }

  for (guint i = 0; i < json_array_get_length (variants); i++)
    {
      JsonNode *node = json_array_get_element (variants, i);
      JsonObject *product = NULL, *metadata = NULL;
      const char *key = NULL, *product_id = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !dd_medusa_json_get_string (json_node_get_object (node), "product_id", _("a variant"), &product_id, &error) ||
          !dd_medusa_json_get_object (json_node_get_object (node), "product", _("a variant"), &product, &error) ||
          (product != NULL && !dd_medusa_json_get_object (product, "metadata", _("a product"), &metadata, &error)) ||
          (metadata != NULL && !dd_medusa_json_get_string (metadata, DD_MEDUSA_IDEMPOTENCY_KEY, _("a product"), &key, &error)))
        {
          g_clear_error (&error);
          continue;
        }

      if (g_strcmp0 (key, push->entry->idempotency_key) == 0 && product_id != NULL)
        {
          _dd_medusa_push_return (task, DD_COMMERCE_PUSH_APPLIED, NULL, product_id);
          g_object_unref (task);
          return;
        }
      if (product_id != NULL && push->refusal == NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("Medusa already has another product with SKU %s (%s)"),
                             local_string (push, "sku"), product_id);

          _dd_medusa_push_return (task, DD_COMMERCE_PUSH_REJECTED, message, NULL);
          g_object_unref (task);
          return;
        }
    }

  if (push->refusal != NULL)
    {
      _dd_medusa_push_return (task, DD_COMMERCE_PUSH_REJECTED, push->refusal, NULL);
      g_object_unref (task);
      return;
    }
  send_create (task);
}

static void
look_up_sku (GTask *task)
{
  Push *push = g_task_get_task_data (task);
  g_autofree char *sku = NULL;
  g_autofree char *query = NULL;

  sku = g_uri_escape_string (local_string (push, "sku"), NULL, TRUE);
  query = g_strdup_printf ("sku=%s&fields=id,product_id,product.metadata", sku);
  dd_medusa_client_get_async (push->client, "/admin/product-variants", query,
                              g_task_get_cancellable (task), lookup_cb, task);
}

static void
begin_create (GTask *task)
{
  Push *push = g_task_get_task_data (task);

  if (push->entry->attempts == 0 || local_string (push, "sku") == NULL)
    send_create (task);
  else
    look_up_sku (task);
}

/* Updates */

/* The remote's value of `field` as the payload writes it. */
static JsonNode *
remote_value (DdOffer *remote,
              Field    field)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  switch (field)
    {
    case FIELD_TITLE:
      json_node_set_string (node, dd_offer_get_title (remote));
      break;
    case FIELD_PRICE:
      json_node_set_int (node, dd_offer_get_price (remote)->minor);
      break;
    case FIELD_STATE:
      json_node_set_string (node, dd_offer_state_to_nick (dd_offer_get_state (remote)));
      break;
    case FIELD_COMPARE_AT:
      if (dd_offer_get_compare_at_price (remote) != NULL)
        json_node_set_int (node, dd_offer_get_compare_at_price (remote)->minor);
      else
        json_node_init_null (node);
      break;
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
  return node;
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  gboolean a_null = a == NULL || JSON_NODE_HOLDS_NULL (a);
  gboolean b_null = b == NULL || JSON_NODE_HOLDS_NULL (b);

  if (a_null || b_null)
    return a_null == b_null;
  return json_node_equal (a, b);
}

static JsonObject *
find_variant (JsonObject *product,
              const char *variant_id)
{
  JsonNode *variants = json_object_get_member (product, "variants");

  if (variants == NULL || !JSON_NODE_HOLDS_ARRAY (variants))
    return NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (variants)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (variants), i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (node), "id", NULL),
                     variant_id) == 0)
        return json_node_get_object (node);
    }
  return NULL;
}

/* Every price of the variant, the one in the offer's currency changed. */
static JsonNode *
build_price_body (JsonObject    *variant,
                  const DdMoney *price)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *prices = json_object_get_member (variant, "prices");
  gboolean replaced = FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prices");
  json_builder_begin_array (builder);
  for (guint i = 0; prices != NULL && JSON_NODE_HOLDS_ARRAY (prices) &&
                    i < json_array_get_length (json_node_get_array (prices)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (prices), i);
      JsonObject *existing;
      const char *code, *id;
      JsonNode *rules;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      existing = json_node_get_object (node);
      code = json_object_get_string_member_with_default (existing, "currency_code", "");
      id = json_object_get_string_member_with_default (existing, "id", NULL);
      rules = json_object_get_member (existing, "rules");
      if (!replaced && g_ascii_strcasecmp (code, price->currency) == 0 &&
          (rules == NULL || !JSON_NODE_HOLDS_OBJECT (rules) ||
           json_object_get_size (json_node_get_object (rules)) == 0))
        {
          add_price (builder, id, price);
          replaced = TRUE;
          continue;
        }
      /* The others stay as they are. */
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "currency_code");
      json_builder_add_string_value (builder, code);
      json_builder_set_member_name (builder, "amount");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (existing, "amount")));
      if (rules != NULL && JSON_NODE_HOLDS_OBJECT (rules) && json_object_get_size (json_node_get_object (rules)) > 0)
        {
          json_builder_set_member_name (builder, "rules");
          json_builder_add_value (builder, json_node_copy (rules));
        }
      json_builder_end_object (builder);
    }
  if (!replaced)
    add_price (builder, NULL, price);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Builds the writes for the fields to send; FALSE with a reason when one
 * cannot be written to Medusa. */
static gboolean
queue_writes (Push        *push,
              JsonObject  *product,
              DdOffer     *remote,
              gboolean     send[N_FIELDS],
              char       **reason)
{
  const char *variant_id = dd_offer_get_id (remote);
  JsonObject *variant = find_variant (product, variant_id);
  g_autoptr(JsonObject) product_body = json_object_new ();
  g_autoptr(JsonObject) variant_body = json_object_new ();
  const char *title = local_string (push, "title");

  if (variant == NULL)
    return FALSE;

  if (send[FIELD_COMPARE_AT])
    {
      *reason = g_strdup (_("Medusa keeps no compare-at price for a variant; Dropdeck cannot send it"));
      return FALSE;
    }

  if (send[FIELD_PRICE])
    {
      DdMoney price;

      if (!local_price (push, &price) || g_ascii_strcasecmp (price.currency, push->currency) != 0)
        {
          *reason = g_strdup_printf (_("The offer’s price is not in %s, the currency Dropdeck sells in on Medusa"),
                                     push->currency);
          return FALSE;
        }
      queue_write (push,
                   g_strdup_printf ("/admin/products/%s/variants/%s", push->product_id, variant_id),
                   build_price_body (variant, &price));
    }

  if (send[FIELD_TITLE] && title != NULL)
    {
      JsonNode *variants = json_object_get_member (product, "variants");
      const char *product_title = json_object_get_string_member_with_default (product, "title", "");
      g_autofree char *prefix = g_strdup_printf (C_("offer title", "%s — %s"), product_title, "");

      if (variants != NULL && JSON_NODE_HOLDS_ARRAY (variants) &&
          json_array_get_length (json_node_get_array (variants)) > 1)
        {
          if (!g_str_has_prefix (title, prefix) || title[strlen (prefix)] == '\0')
            {
              *reason = g_strdup_printf (_("The title must start with “%s”: the product has several variants, and only the variant’s part can change"),
                                         prefix);
              return FALSE;
            }
          json_object_set_string_member (variant_body, "title", title + strlen (prefix));
        }
      else
        json_object_set_string_member (product_body, "title", title);
    }

  if (send[FIELD_STATE])
    {
      const char *state = local_string (push, "state");
      JsonNode *existing = json_object_get_member (product, "metadata");
      JsonObject *metadata = json_object_new ();

      if (existing != NULL && JSON_NODE_HOLDS_OBJECT (existing))
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          json_object_iter_init (&iter, json_node_get_object (existing));
          while (json_object_iter_next (&iter, &name, &value))
            json_object_set_member (metadata, name, json_node_copy (value));
        }
      json_object_set_string_member (metadata, "dropdeck_state", state);
      json_object_set_object_member (product_body, "metadata", metadata);
      json_object_set_string_member (product_body, "status",
                                     g_strcmp0 (state, "draft") == 0 ? "draft" : "published");
    }

  if (json_object_get_size (variant_body) > 0)
    {
      JsonNode *body = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (body, variant_body);
      queue_write (push, g_strdup_printf ("/admin/products/%s/variants/%s", push->product_id, variant_id), body);
    }
  if (json_object_get_size (product_body) > 0)
    {
      JsonNode *body = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (body, product_body);
      queue_write (push, g_strdup_printf ("/admin/products/%s", push->product_id), body);
      /* The other offers of the product must see this write. */
      if (push->read_ahead != NULL)
        dd_medusa_read_ahead_forget (push->read_ahead, push->product_id);
    }
  return TRUE;
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return dd_medusa_json_to_string (node);
}

/* Compares every field the edit changed, then writes or reports. */
static void
compare_and_write (GTask      *task,
                   JsonObject *product,
                   DdOffer    *remote)
{
  Push *push = g_task_get_task_data (task);
  g_autoptr(JsonObject) base = json_object_new ();
  g_autoptr(JsonObject) local = json_object_new ();
  g_autoptr(JsonObject) theirs = json_object_new ();
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *reason = NULL;
  gboolean send[N_FIELDS] = { FALSE, };

  for (Field f = 0; f < N_FIELDS; f++)
    {
      const char *member = field_members[f];
      JsonNode *mine = json_object_get_member (push->local, member);
      JsonNode *was = push->base != NULL ? json_object_get_member (push->base, member) : NULL;
      g_autoptr(JsonNode) now = remote_value (remote, f);

      if (push->base != NULL && nodes_equal (mine, was))
        continue;  /* not part of this edit */
      if (nodes_equal (now, mine))
        continue;  /* Medusa holds it already (perhaps from an earlier attempt) */
      if (push->base != NULL && !nodes_equal (now, was))
        {
          json_object_set_member (base, member, was != NULL ? json_node_copy (was) : json_node_new (JSON_NODE_NULL));
          json_object_set_member (local, member, mine != NULL ? json_node_copy (mine) : json_node_new (JSON_NODE_NULL));
          json_object_set_member (theirs, member, g_steal_pointer (&now));
          g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", member);
          continue;
        }
      send[f] = TRUE;
    }

  if (json_object_get_size (theirs) > 0)
    {
      g_autofree char *message = g_strdup_printf (_("Changed in Medusa since the edit was made: %s"), names->str);
      DdCommercePushResult *result = dd_commerce_push_result_new (DD_COMMERCE_PUSH_CONFLICT, message);

      result->base = object_to_string (base);
      result->local = object_to_string (local);
      result->remote = object_to_string (theirs);
      g_task_return_pointer (task, result, (GDestroyNotify) dd_commerce_push_result_free);
      g_object_unref (task);
      return;
    }

  if (!queue_writes (push, product, remote, send, &reason))
    {
      _dd_medusa_push_return (task, DD_COMMERCE_PUSH_REJECTED,
                      reason != NULL ? reason : _("Medusa’s product no longer has this variant"), NULL);
      g_object_unref (task);
      return;
    }

  send_next_write (task);
}

/* Compares the entry with Medusa's `product` (read for it, or ahead). */
static void
compare_with_product (GTask      *task,
                      JsonObject *product)
{
  Push *push = g_task_get_task_data (task);
  g_autoptr(JsonArray) products = json_array_new ();
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  const char *sku = local_string (push, "sku");
  GError *error = NULL;

  json_array_add_object_element (products, json_object_ref (product));
  if (!dd_medusa_offers_from_products (products, push->currency, offers, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  for (guint i = 0; i < offers->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (offers, i);

      if (g_strcmp0 (dd_offer_get_id (offer), push->entry->entity_id) == 0 ||
          g_strcmp0 (dd_offer_get_sku (offer), sku) == 0)
        {
          compare_and_write (task, product, offer);
          return;
        }
    }

  {
    g_autofree char *message = g_strdup_printf (_("Medusa’s product %s has no variant with SKU %s"),
                                                push->product_id, sku != NULL ? sku : "");

    _dd_medusa_push_return (task, DD_COMMERCE_PUSH_REJECTED, message, NULL);
    g_object_unref (task);
  }
}

static void
product_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Push *push = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *product = NULL;
  GError *error = NULL;

  answer = dd_medusa_client_get_finish (DD_MEDUSA_CLIENT (object), result, &error);
  if (answer == NULL ||
      !dd_medusa_json_get_object (json_node_get_object (answer), "product", _("the product"), &product, &error))
    {
      _dd_medusa_push_return_failure (task, error);
      g_object_unref (task);
      return;
    }
  if (product == NULL)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                               _("Medusa answered product %s without it"), push->product_id);
      g_object_unref (task);
      return;
    }
  compare_with_product (task, product);
}

/* The product as read ahead with its batch, or read now. */
static void
begin_update (GTask *task)
{
  Push *push = g_task_get_task_data (task);
  g_autoptr(JsonObject) product = NULL;
  g_autofree char *path = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *query = NULL;

  if (push->read_ahead != NULL)
    product = dd_medusa_read_ahead_take (push->read_ahead, push->entry, push->product_id);
  if (product != NULL)
    {
      compare_with_product (task, product);
      return;
    }

  path = g_strdup_printf ("/admin/products/%s", push->product_id);
  fields = g_uri_escape_string (DD_MEDUSA_PUSH_PRODUCT_FIELDS, ",*", TRUE);
  query = g_strdup_printf ("fields=%s", fields);
  dd_medusa_client_get_async (push->client, path, query, g_task_get_cancellable (task), product_cb, task);
}

void
dd_medusa_push_async (DdMedusaClient      *client,
                      DdMedusaReadAhead   *read_ahead,
                      const char          *currency,
                      const DdOutboxEntry *entry,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *offer;
  Push *push;

  g_return_if_fail (DD_IS_MEDUSA_CLIENT (client));
  g_return_if_fail (currency != NULL && strlen (currency) == 3);
  g_return_if_fail (entry != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_medusa_push_async);

  push = g_new0 (Push, 1);
  push->entry = dd_outbox_entry_copy (entry);
  push->client = g_object_ref (client);
  push->read_ahead = read_ahead != NULL ? g_object_ref (read_ahead) : NULL;
  g_strlcpy (push->currency, currency, sizeof push->currency);
  g_queue_init (&push->writes);
  g_task_set_task_data (task, push, (GDestroyNotify) _dd_medusa_push_free);

  if (g_strcmp0 (entry->entity, "stock") == 0)
    {
      _dd_medusa_push_stock (g_steal_pointer (&task));
      return;
    }
  if (g_strcmp0 (entry->entity, "campaign") == 0)
    {
      _dd_medusa_push_campaign (g_steal_pointer (&task));
      return;
    }
  if (g_strcmp0 (entry->entity, "offer") != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Dropdeck cannot send a change of a %s to Medusa"),
                                                  entry->entity);

      _dd_medusa_push_return (task, DD_COMMERCE_PUSH_REJECTED, message, NULL);
      return;
    }

  push->payload = dd_medusa_json_parse (entry->payload, strlen (entry->payload), _("the outbox entry"), &error);
  offer = push->payload != NULL ? json_object_get_member (json_node_get_object (push->payload), "offer") : NULL;
  if (entry->base != NULL)
    push->base_root = dd_medusa_json_parse (entry->base, strlen (entry->base), _("the outbox entry"), &error);
  if (offer == NULL || !JSON_NODE_HOLDS_OBJECT (offer) || (entry->base != NULL && push->base_root == NULL))
    {
      _dd_medusa_push_return (task, DD_COMMERCE_PUSH_REJECTED,
                      _("The outbox entry is damaged: it holds no offer Dropdeck can read"), NULL);
      return;
    }
  push->local = json_node_get_object (offer);
  if (push->base_root != NULL)
    push->base = json_node_get_object (push->base_root);

  /* An offer whose create went through earlier is updated instead. */
  push->product_id = g_strdup (entry->remote_id != NULL ? entry->remote_id : local_string (push, "remote_id"));
  if (push->product_id != NULL)
    begin_update (g_steal_pointer (&task));
  else
    begin_create (g_steal_pointer (&task));
}

DdCommercePushResult *
dd_medusa_push_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_medusa_push_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
