/* dd-sync-describe.c — outbox entries and conflicts in words, for the sync log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dd-core.h"
#include "dd-sync-describe.h"

/* The payload's object, or NULL when it is not one. */
static JsonObject *
payload_object (const DdOutboxEntry *entry,
                JsonNode           **keep)
{
  *keep = entry->payload != NULL ? json_from_string (entry->payload, NULL) : NULL;
  if (*keep == NULL || !JSON_NODE_HOLDS_OBJECT (*keep))
    return NULL;
  return json_node_get_object (*keep);
}

static JsonObject *
offer_object (JsonObject *payload)
{
  JsonNode *offer = payload != NULL ? json_object_get_member (payload, "offer") : NULL;

  return offer != NULL && JSON_NODE_HOLDS_OBJECT (offer) ? json_node_get_object (offer) : NULL;
}

const char *
dd_sync_entry_currency (const DdOutboxEntry *entry,
                        char                 out[4])
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *offer = offer_object (payload_object (entry, &root));
  const char *currency = offer != NULL ? json_object_get_string_member_with_default (offer, "currency", NULL) : NULL;

  g_strlcpy (out, currency != NULL && dd_currency_is_known (currency) ? currency : "EUR", 4);
  return out;
}

char *
dd_sync_describe_subject (const DdOutboxEntry *entry)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *payload;
  JsonObject *offer;
  const char *title;

  g_return_val_if_fail (entry != NULL, NULL);

  payload = payload_object (entry, &root);
  if (g_strcmp0 (entry->entity, "stock") == 0 && payload != NULL)
    /* Translators: a stock change in the sync log: SKU, hub */
    return g_strdup_printf (_("Stock of %s at %s"),
                            json_object_get_string_member_with_default (payload, "sku", "?"),
                            json_object_get_string_member_with_default (payload, "hub_id", "?"));
  /* An incentive window's campaign names its offer's title itself. */
  offer = g_strcmp0 (entry->entity, "campaign") == 0 ? payload : offer_object (payload);
  title = offer != NULL ? json_object_get_string_member_with_default (offer, "title", NULL) : NULL;
  if (title != NULL)
    return g_strdup (title);
  /* Translators: an entry of the sync log without a title: kind and id */
  return g_strdup_printf (_("%s %s"), entry->entity, entry->entity_id);
}

static const char *
field_display_name (const char *field)
{
  if (g_strcmp0 (field, "price") == 0 || g_strcmp0 (field, "price_minor") == 0)
    return _("Price");
  if (g_strcmp0 (field, "compare_at") == 0 || g_strcmp0 (field, "compare_at_minor") == 0)
    return _("Was price");
  if (g_strcmp0 (field, "title") == 0)
    return _("Title");
  if (g_strcmp0 (field, "state") == 0)
    return _("State");
  if (g_strcmp0 (field, "window") == 0)
    return _("Window");
  if (g_strcmp0 (field, "window_start") == 0)
    return _("Window start");
  if (g_strcmp0 (field, "window_end") == 0)
    return _("Window end");
  if (g_strcmp0 (field, "per_buyer_cap") == 0)
    return _("Per-buyer cap");
  if (g_strcmp0 (field, "stock") == 0)
    return _("Stock");
  return field;
}

static gboolean
is_amount (const char *field)
{
  return g_strcmp0 (field, "price") == 0 || g_strcmp0 (field, "price_minor") == 0 ||
         g_strcmp0 (field, "compare_at") == 0 || g_strcmp0 (field, "compare_at_minor") == 0;
}

static gboolean
is_moment (const char *field)
{
  return g_strcmp0 (field, "window_start") == 0 || g_strcmp0 (field, "window_end") == 0;
}

/* A window's end in local time, "27 Nov 18:00" (µs since the epoch). */
static char *
format_moment (gint64 time_us)
{
  g_autoptr(GDateTime) time = NULL;

  if (time_us == 0)
    return g_strdup (C_("no value", "none"));
  time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  /* Translators: a day and time in the sync log, see g_date_time_format() */
  return time != NULL ? g_date_time_format (time, C_("sync log time", "%-d %b %H:%M")) : g_strdup ("?");
}

/* A value for people: amounts as money, times of day, text in quotes. */
static char *
format_value (const char *field,
              const char *text,
              const char *currency)
{
  gint64 minor;
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return g_strdup (C_("no value", "none"));
  if (is_amount (field))
    {
      minor = g_ascii_strtoll (text, &end, 10);
      if (end != NULL && *end == '\0')
        {
          DdMoney money = dd_money_init (minor, currency);

          return dd_money_format (&money);
        }
    }
  if (is_moment (field))
    {
      minor = g_ascii_strtoll (text, &end, 10);
      if (end != NULL && *end == '\0')
        return format_moment (minor);
    }
  if (g_strcmp0 (field, "title") == 0)
    return g_strdup_printf (_("“%s”"), text);
  return g_strdup (text);
}

char *
dd_sync_describe_change (const DdOutboxEntry *entry)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JsonObject *payload;
  const char *field;
  char currency[4];

  g_return_val_if_fail (entry != NULL, NULL);

  payload = payload_object (entry, &root);
  if (payload == NULL)
    return g_strdup (entry->operation);
  if (g_strcmp0 (entry->entity, "stock") == 0)
    {
      gint64 delta = json_object_get_int_member_with_default (payload, "delta", 0);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Stock: %+" G_GINT64_FORMAT " unit",
                                           "Stock: %+" G_GINT64_FORMAT " units", ABS (delta)), delta);
    }
  if (g_strcmp0 (entry->entity, "campaign") == 0)
    {
      g_autofree char *from = format_moment (json_object_get_int_member_with_default (payload, "window_start", 0));
      g_autofree char *to = format_moment (json_object_get_int_member_with_default (payload, "window_end", 0));

      /* Translators: an incentive window sent to the commerce engine's campaign */
      return g_strdup_printf (_("Campaign window: %s – %s"), from, to);
    }
  field = json_object_get_string_member_with_default (payload, "field", NULL);
  if (field == NULL)
    return g_strdup (entry->operation);
  dd_sync_entry_currency (entry, currency);
  before = format_value (field, json_object_get_string_member_with_default (payload, "before", NULL), currency);
  after = format_value (field, json_object_get_string_member_with_default (payload, "after", NULL), currency);
  /* Translators: a change in the sync log: field, value before, value after */
  return g_strdup_printf (_("%s: %s → %s"), field_display_name (field), before, after);
}

char *
dd_sync_describe_state (const DdOutboxEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  switch (entry->state)
    {
    case DD_OUTBOX_STATE_DONE:
      return g_strdup (C_("sync state", "Sent"));
    case DD_OUTBOX_STATE_CONFLICTED:
      return g_strdup (C_("sync state", "Conflict: changed remotely too"));
    case DD_OUTBOX_STATE_REJECTED:
      if (entry->last_error != NULL)
        /* Translators: the engine's reason follows */
        return g_strdup_printf (C_("sync state", "Rejected: %s"), entry->last_error);
      return g_strdup (C_("sync state", "Rejected"));
    case DD_OUTBOX_STATE_PENDING:
    default:
      if (entry->last_error != NULL)
        /* Translators: why the last attempt failed follows */
        return g_strdup_printf (C_("sync state", "Waiting to send (last try: %s)"), entry->last_error);
      return g_strdup (C_("sync state", "Waiting to send"));
    }
}

char *
dd_sync_describe_values (const char *values,
                         const char *currency)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  g_return_val_if_fail (currency != NULL, NULL);

  root = values != NULL ? json_from_string (values, NULL) : NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup (C_("no value", "none"));
  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      g_autofree char *raw = NULL;
      g_autofree char *value = NULL;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        raw = g_strdup (json_node_get_string (node));
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        raw = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else if (!JSON_NODE_HOLDS_NULL (node))
        raw = json_to_string (node, FALSE);
      value = format_value (l->data, raw, currency);
      g_string_append_printf (text, "%s%s %s", text->len > 0 ? ", " : "",
                              field_display_name (l->data), value);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
