/* dd-medusa-push-stock.c — a stock delta to Medusa, exactly once
 *
 * Medusa sets a location level's stocked_quantity; it has no increment.
 * So a delta is applied to a level read fresh, in two steps that survive a
 * lost answer or a crash: first the level is read and the entry keeps
 * {"from": read, "to": read + delta} (PREPARED); then the level is read
 * again — `to` means the write went through, `from` that it did not (it
 * is sent), anything else that Medusa changed it meanwhile, and the delta
 * is re-applied to the new reading.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-medusa-catalog.h"
#include "dd-medusa-json.h"
#include "dd-medusa-push-private.h"
#include "dd-net-error.h"

typedef struct
{
  const char *hub_id;
  const char *sku;
  gint64 delta;
  gboolean has_progress;
  gint64 from;
  gint64 to;
} StockChange;

static gboolean
read_change (Push        *push,
             StockChange *change)
{
  JsonObject *payload;
  g_autoptr(JsonNode) progress = NULL;

  if (push->payload == NULL || !JSON_NODE_HOLDS_OBJECT (push->payload))
    return FALSE;
  payload = json_node_get_object (push->payload);
  change->hub_id = json_object_get_string_member_with_default (payload, "hub_id", NULL);
  change->sku = json_object_get_string_member_with_default (payload, "sku", NULL);
  change->delta = json_object_get_int_member_with_default (payload, "delta", 0);
  if (change->hub_id == NULL || change->sku == NULL || change->delta == 0)
    return FALSE;

  if (push->entry->progress != NULL)
    {
      progress = dd_medusa_json_parse (push->entry->progress, strlen (push->entry->progress),
                                       "progress", NULL);
      if (progress == NULL ||
          !json_object_has_member (json_node_get_object (progress), "from") ||
          !json_object_has_member (json_node_get_object (progress), "to"))
        return FALSE;
      change->has_progress = TRUE;
      change->from = json_object_get_int_member (json_node_get_object (progress), "from");
      change->to = json_object_get_int_member (json_node_get_object (progress), "to");
    }
  return TRUE;
}

static void
return_prepared (GTask  *task,
                 gint64  from,
                 gint64  to)
{
  DdCommercePushResult *result = dd_commerce_push_result_new (DD_COMMERCE_PUSH_PREPARED, NULL);

  result->progress = g_strdup_printf ("{\"from\":%" G_GINT64_FORMAT ",\"to\":%" G_GINT64_FORMAT "}", from, to);
  g_task_return_pointer (task, result, (GDestroyNotify) dd_commerce_push_result_free);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;

  answer = dd_medusa_client_post_finish (DD_MEDUSA_CLIENT (object), result, &error);
  if (answer == NULL)
    _dd_medusa_push_return_failure (task, error);
  else
    _dd_medusa_push_return (task, DD_COMMERCE_PUSH_APPLIED, NULL, NULL);
}

/* The level of `hub_id` in an inventory item, or FALSE. */
static gboolean
find_level (JsonObject  *item,
            const char  *hub_id,
            gint64      *stocked)
{
  JsonNode *levels = json_object_get_member (item, "location_levels");

  if (levels == NULL || !JSON_NODE_HOLDS_ARRAY (levels))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (levels)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (levels), i);
      JsonObject *level;
      gboolean found = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      level = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (level, "location_id", NULL), hub_id) == 0 &&
          dd_medusa_json_get_integer (level, "stocked_quantity", "a stock level", 0, G_MAXINT32,
                                      &found, stocked, NULL) && found)
        return TRUE;
    }
  return FALSE;
}

static void
item_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Push *push = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  JsonArray *items = NULL;
  JsonObject *item;
  GCancellable *cancellable;
  GError *error = NULL;
  StockChange change = { 0, };
  gint64 count = 0, stocked = 0;

  answer = dd_medusa_client_get_finish (DD_MEDUSA_CLIENT (object), result, &error);
  if (answer == NULL || !dd_medusa_page_parse (answer, "inventory_items", &items, &count, &error))
    {
      _dd_medusa_push_return_failure (task, error);
      return;
    }
  read_change (push, &change);
  item = json_array_get_length (items) == 1 ? json_array_get_object_element (items, 0) : NULL;
  if (item == NULL || !find_level (item, change.hub_id, &stocked))
    {
      g_autofree char *message = g_strdup_printf (_("Medusa keeps no stock of %s at location %s"),
                                                  change.sku, change.hub_id);

      _dd_medusa_push_return (task, DD_COMMERCE_PUSH_REJECTED, message, NULL);
      return;
    }

  if (change.has_progress && stocked == change.to)
    {
      _dd_medusa_push_return (task, DD_COMMERCE_PUSH_APPLIED, NULL, NULL);
      return;
    }
  if (!change.has_progress || stocked != change.from)
    {
      if (stocked + change.delta < 0)
        {
          g_autofree char *message =
            g_strdup_printf (_("Medusa has %" G_GINT64_FORMAT " of %s at %s: taking %" G_GINT64_FORMAT " away would go below zero"),
                             stocked, change.sku, change.hub_id, -change.delta);

          _dd_medusa_push_return (task, DD_COMMERCE_PUSH_REJECTED, message, NULL);
          return;
        }
      return_prepared (task, stocked, stocked + change.delta);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "stocked_quantity");
  json_builder_add_int_value (builder, change.to);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = g_strdup_printf ("/admin/inventory-items/%s/location-levels/%s",
                          json_object_get_string_member_with_default (item, "id", ""), change.hub_id);
  cancellable = g_task_get_cancellable (task);
  dd_medusa_client_post_async (push->client, path, body, cancellable, written_cb, g_steal_pointer (&task));
}

void
_dd_medusa_push_stock (GTask *task)
{
  Push *push = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *sku = NULL;
  g_autofree char *query = NULL;
  StockChange change = { 0, };

  push->payload = dd_medusa_json_parse (push->entry->payload, strlen (push->entry->payload),
                                        _("the outbox entry"), &error);
  if (!read_change (push, &change))
    {
      _dd_medusa_push_return (task, DD_COMMERCE_PUSH_REJECTED,
                              _("The outbox entry is damaged: it holds no stock change Dropdeck can read"), NULL);
      g_object_unref (task);
      return;
    }

  sku = g_uri_escape_string (change.sku, NULL, TRUE);
  query = g_strdup_printf ("sku=%s&fields=id,sku,*location_levels", sku);
  dd_medusa_client_get_async (push->client, "/admin/inventory-items", query,
                              g_task_get_cancellable (task), item_cb, task);
}
