/* fuzz-medusa-json.c — libFuzzer target for the Medusa JSON mappers
 *
 * One input is an answer Medusa might send. It is parsed, read as a list
 * of products, of stock locations, of inventory items, of orders, of
 * promotions and of stores, and each list that is there goes through its
 * mapper. The first 8 bytes are also read
 * as a double amount in EUR, JPY and KWD. Beyond "no crash", it checks
 * what must always hold: offers have a non-negative price in EUR, hubs
 * have valid coordinates, stock levels never go below zero available,
 * order lines have a quantity and a non-negative total, promotions have a
 * code and a window that does not end before it starts, so do campaigns
 * (read from a list or from a single {"campaign": ...}), refund limits are
 * not negative, the store API's answers (a region with a two-letter
 * country, the first variant and shipping option, a cart's id, a completed
 * order) give an id or a DD_NET_ERROR, an
 * amount that is accepted is written back as text that reads as the same
 * minor units, and a failure always comes with a DD_NET_ERROR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dd-medusa-campaign.h"
#include "dd-medusa-catalog.h"
#include "dd-medusa-feed.h"
#include "dd-medusa-json.h"
#include "dd-medusa-money.h"
#include "dd-medusa-store-api.h"
#include "dd-net-error.h"

#include "fuzz-target.h"

#define CHECK(cond) G_STMT_START { if (!(cond)) abort (); } G_STMT_END

static void
check_failure (gboolean  ok,
               GError   *error)
{
  CHECK (ok == (error == NULL));
  CHECK (error == NULL || (error->domain == DD_NET_ERROR && error->message != NULL));
}

static void
check_amount (double      amount,
              const char *currency)
{
  g_autoptr(GError) error = NULL;
  DdMoney money = { 0 };
  gboolean ok = dd_medusa_money_from_double (amount, currency, TRUE, &money, &error);

  check_failure (ok, error);
  if (ok)
    {
      g_autoptr(JsonNode) node = dd_medusa_money_to_json (&money);
      g_autofree char *text = dd_medusa_json_to_string (node);
      g_autofree char *json = g_strdup_printf ("{\"a\":%s}", text);
      g_autoptr(JsonNode) root = dd_medusa_json_parse (json, strlen (json), "fuzz", NULL);
      DdMoney back = { 0 };

      CHECK (llabs (money.minor) <= DD_MEDUSA_MONEY_MAX_MINOR);
      CHECK (root != NULL);
      CHECK (dd_medusa_money_from_json (json_object_get_member (json_node_get_object (root), "a"),
                                        currency, TRUE, &back, NULL));
      CHECK (dd_money_equal (&money, &back));
    }
}

static void
fuzz_lists (JsonNode *root)
{
  JsonArray *items;
  gint64 count;

  if (dd_medusa_page_parse (root, "products", &items, &count, NULL))
    {
      g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;
      gboolean ok = dd_medusa_offers_from_products (items, "EUR", offers, &error);

      check_failure (ok, error);
      CHECK (ok || offers->len == 0);
      for (guint i = 0; i < offers->len; i++)
        {
          const DdMoney *price = dd_offer_get_price (g_ptr_array_index (offers, i));

          CHECK (price->minor >= 0);
          CHECK (strcmp (price->currency, "EUR") == 0);
          CHECK (dd_offer_get_sku (g_ptr_array_index (offers, i))[0] != '\0');
        }
    }

  if (dd_medusa_page_parse (root, "stock_locations", &items, &count, NULL))
    {
      g_autoptr(GPtrArray) hubs = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;
      gboolean ok = dd_medusa_hubs_from_stock_locations (items, hubs, &error);

      check_failure (ok, error);
      CHECK (ok || hubs->len == 0);
      for (guint i = 0; i < hubs->len; i++)
        {
          DdHub *hub = g_ptr_array_index (hubs, i);

          CHECK (dd_coordinates_validate (dd_hub_get_latitude (hub), dd_hub_get_longitude (hub), NULL));
          CHECK (dd_hub_get_cutoff_minute (hub) < 24 * 60);
        }
    }

  if (dd_medusa_page_parse (root, "inventory_items", &items, &count, NULL))
    {
      g_autoptr(GPtrArray) stock = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;
      gboolean ok = dd_medusa_stock_from_inventory_items (items, stock, &error);

      check_failure (ok, error);
      CHECK (ok || stock->len == 0);
      for (guint i = 0; i < stock->len; i++)
        CHECK (dd_stock_level_get_available (g_ptr_array_index (stock, i)) >= 0);
    }
}

static void
fuzz_feed (JsonNode *root)
{
  JsonArray *items;
  gint64 count;

  if (dd_medusa_page_parse (root, "orders", &items, &count, NULL))
    {
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;
      g_autofree char *newest = NULL;
      gboolean ok = dd_medusa_orders_from_json (items, lines, &newest, &error);

      check_failure (ok, error);
      CHECK (ok || lines->len == 0);
      for (guint i = 0; i < lines->len; i++)
        {
          DdOrder *line = g_ptr_array_index (lines, i);

          CHECK (dd_order_get_quantity (line) > 0);
          CHECK (dd_order_get_total (line)->minor >= 0);
          CHECK (dd_order_get_offer_id (line) != NULL);
        }
    }

  if (dd_medusa_page_parse (root, "promotions", &items, &count, NULL))
    {
      g_autoptr(GPtrArray) promotions = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_promotion_free);
      g_autoptr(GError) error = NULL;
      gboolean ok = dd_medusa_promotions_from_json (items, promotions, &error);

      check_failure (ok, error);
      CHECK (ok || promotions->len == 0);
      for (guint i = 0; i < promotions->len; i++)
        {
          DdPromotion *promotion = g_ptr_array_index (promotions, i);

          CHECK (promotion->code[0] != '\0' && promotion->value != NULL);
          CHECK (promotion->starts_at_us == 0 || promotion->ends_at_us == 0 ||
                 promotion->ends_at_us > promotion->starts_at_us);
        }
    }

  if (dd_medusa_page_parse (root, "stores", &items, &count, NULL) &&
      json_array_get_length (items) > 0 &&
      JSON_NODE_HOLDS_OBJECT (json_array_get_element (items, 0)))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DdRefundPolicy) policy = dd_medusa_refund_policy_from_store (json_array_get_object_element (items, 0),
                                                                              "EUR", &error);

      check_failure (policy != NULL, error);
      for (guint i = 0; policy != NULL && i < policy->limits->len; i++)
        CHECK (g_array_index (policy->limits, DdRefundLimit, i).max.minor >= 0);
    }
}

/* What an id reader gave: an id, or NULL with the error. */
static void
check_id (char   *id,
          GError *error)
{
  check_failure (id != NULL, error);
  CHECK (id == NULL || id[0] != '\0');
  g_free (id);
  g_clear_error (&error);
}

static void
fuzz_store_api (JsonObject *answer)
{
  g_autofree char *region = NULL;
  g_autofree char *country = NULL;
  GError *error = NULL;
  gboolean ok = dd_medusa_store_region_from_json (answer, &region, &country, &error);
  char *id;

  check_failure (ok, error);
  CHECK (!ok || (region[0] != '\0' && strlen (country) == 2));
  g_clear_error (&error);
  id = dd_medusa_store_first_variant (answer, &error);
  check_id (id, error);
  error = NULL;
  id = dd_medusa_store_first_shipping_option (answer, &error);
  check_id (id, error);
  error = NULL;
  id = dd_medusa_store_object_id (answer, "cart", &error);
  check_id (id, error);
  error = NULL;
  id = dd_medusa_store_completed_order (answer, &error);
  check_id (id, error);
}

static void
check_campaign (JsonObject *object)
{
  g_autoptr(GError) error = NULL;
  DdMedusaCampaign campaign;
  gboolean ok = dd_medusa_campaign_from_json (object, &campaign, &error);

  check_failure (ok, error);
  if (ok)
    {
      CHECK (campaign.id != NULL && campaign.id[0] != '\0');
      CHECK (campaign.starts_at_us == 0 || campaign.ends_at_us == 0 ||
             campaign.ends_at_us >= campaign.starts_at_us);
    }
}

static void
fuzz_campaigns (JsonNode *root)
{
  JsonArray *items;
  gint64 count;

  if (dd_medusa_page_parse (root, "campaigns", &items, &count, NULL))
    for (guint i = 0; i < json_array_get_length (items); i++)
      if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (items, i)))
        check_campaign (json_array_get_object_element (items, i));

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *single = json_object_get_member (json_node_get_object (root), "campaign");

      if (single != NULL && JSON_NODE_HOLDS_OBJECT (single))
        check_campaign (json_node_get_object (single));
    }
}

/* json-glib 1.6 accepts some escapes JSON does not have ("\6") and writes
 * them back as they came, so the round trip below only holds for input
 * whose escapes are all JSON's own. */
static gboolean
has_only_json_escapes (const uint8_t *data,
                       size_t         size)
{
  for (size_t i = 0; i + 1 < size; i++)
    {
      if (data[i] != '\\')
        continue;
      if (strchr ("\"\\/bfnrtu", data[i + 1]) == NULL || data[i + 1] == '\0')
        return FALSE;
      i++;
    }

  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (size >= sizeof (double))
    {
      double amount;

      memcpy (&amount, data, sizeof amount);
      check_amount (amount, "EUR");
      check_amount (amount, "JPY");
      check_amount (amount, "KWD");
    }

  root = dd_medusa_json_parse ((const char *) data, size, "fuzz input", &error);
  check_failure (root != NULL, error);
  if (root == NULL)
    return 0;

  fuzz_lists (root);
  fuzz_feed (root);
  fuzz_campaigns (root);
  if (JSON_NODE_HOLDS_OBJECT (root))
    fuzz_store_api (json_node_get_object (root));

  /* Whatever was read can be written back and read again. */
  if (has_only_json_escapes (data, size))
  {
    g_autofree char *text = dd_medusa_json_to_string (root);
    g_autoptr(JsonNode) again = dd_medusa_json_parse (text, strlen (text), "fuzz output", NULL);

    CHECK (again != NULL);
  }

  return 0;
}
