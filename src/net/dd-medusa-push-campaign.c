/* dd-medusa-push-campaign.c — an offer's incentive window to the Medusa
 * campaign that holds it, exactly once
 *
 * An outbox entry of entity "campaign" (the offer's id) carries the window
 * and the campaign's identifier, which names the campaign after the
 * idempotency key of the entry that first queued it (Medusa keeps
 * campaign_identifier unique). With the campaign's id known (a push
 * confirmed it) the campaign is read; without it, it is looked up by its
 * identifier first, so an earlier attempt whose answer was lost counts as
 * the create. A campaign already holding the window needs nothing; one
 * whose window Medusa changed since the entry's base is a conflict
 * (nothing sent); a change that would restart or extend a window that has
 * started is refused (countdown integrity, as the offer editor has it);
 * the rest is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-core.h"
#include "dd-medusa-campaign.h"
#include "dd-medusa-catalog-private.h"
#include "dd-medusa-catalog.h"
#include "dd-medusa-feed.h"
#include "dd-medusa-json.h"
#include "dd-medusa-push-private.h"
#include "dd-net-error.h"

#define CAMPAIGN_FIELDS "id,campaign_identifier,starts_at,ends_at"

typedef struct
{
  const char *identifier;
  const char *title;
  gint64      start;
  gint64      end;
  gboolean    has_base;
  gint64      base_start;
  gint64      base_end;
  gboolean    looked_up;    /* after a refused create: once */
} Window;

static void
window_free (Window *window)
{
  g_free (window);
}

static Window *
get_window (GTask *task)
{
  return g_object_get_data (G_OBJECT (task), "dd-campaign-window");
}

static gboolean
read_int (JsonObject *object,
          const char *member,
          gint64     *out)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static void
return_result (GTask                 *task,
               DdCommercePushOutcome  outcome,
               const char            *message,
               const char            *remote_id)
{
  _dd_medusa_push_return (task, outcome, message, remote_id);
  g_object_unref (task);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       time_us)
{
  g_autoptr(GDateTime) time = time_us != 0 ? g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC) : NULL;
  g_autofree char *text = time != NULL ? g_date_time_format_iso8601 (time) : NULL;

  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

/* The campaign's body: its window, and on a create its name and identifier. */
static JsonNode *
build_body (Window   *window,
            gboolean  create)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (create)
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, window->title);
      json_builder_set_member_name (builder, "campaign_identifier");
      json_builder_add_string_value (builder, window->identifier);
    }
  add_time (builder, "starts_at", window->start);
  add_time (builder, "ends_at", window->end);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static char *
window_text (gint64 start,
             gint64 end)
{
  return g_strdup_printf ("{\"window_start\":%" G_GINT64_FORMAT ",\"window_end\":%" G_GINT64_FORMAT "}",
                          start, end);
}

/* The id of the campaign in a create's or an update's answer. */
static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data);

static void look_up (GTask *task);

static void
compare_and_write (GTask                  *task,
                   const DdMedusaCampaign *campaign)
{
  Push *push = g_task_get_task_data (task);
  Window *window = get_window (task);
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) refusal = NULL;

  /* Medusa keeps milliseconds; windows are whole seconds. */
  gint64 remote_start = campaign->starts_at_us / G_USEC_PER_SEC * G_USEC_PER_SEC;
  gint64 remote_end = campaign->ends_at_us / G_USEC_PER_SEC * G_USEC_PER_SEC;

  if (remote_start == window->start && remote_end == window->end)
    {
      return_result (task, DD_COMMERCE_PUSH_APPLIED, NULL, campaign->id);
      return;
    }

  if (window->has_base && (remote_start != window->base_start || remote_end != window->base_end))
    {
      DdCommercePushResult *result =
        dd_commerce_push_result_new (DD_COMMERCE_PUSH_CONFLICT,
                                     _("Changed in Medusa since the edit was made: the campaign’s window"));

      result->base = window_text (window->base_start, window->base_end);
      result->local = window_text (window->start, window->end);
      result->remote = window_text (remote_start, remote_end);
      result->remote_id = g_strdup (campaign->id);
      g_task_return_pointer (task, result, (GDestroyNotify) dd_commerce_push_result_free);
      g_object_unref (task);
      return;
    }

  /* Countdown integrity holds against what buyers may already see. */
  if (remote_start != 0 && remote_end != 0 &&
      !dd_offer_guard_window_change (remote_start, remote_end, window->start, window->end,
                                     g_get_real_time (), &refusal))
    {
      g_autofree char *message = g_strdup_printf (_("Medusa’s campaign %s: %s"), campaign->id, refusal->message);

      return_result (task, DD_COMMERCE_PUSH_REJECTED, message, NULL);
      return;
    }

  g_free (push->product_id);
  push->product_id = g_strdup (campaign->id);
  body = build_body (window, FALSE);
  path = g_strdup_printf ("/admin/campaigns/%s", campaign->id);
  dd_medusa_client_post_async (push->client, path, body, g_task_get_cancellable (task), written_cb, task);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Push *push = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *campaign = NULL;
  DdMedusaCampaign read;
  GError *error = NULL;

  answer = dd_medusa_client_post_finish (DD_MEDUSA_CLIENT (object), result, &error);
  if (answer == NULL && push->product_id == NULL &&
      g_error_matches (error, DD_NET_ERROR, DD_NET_ERROR_REJECTED) && !get_window (task)->looked_up)
    {
      /* A create refused: perhaps an attempt whose answer was lost made
       * it (the identifier is unique). Only a campaign not found is a
       * refusal. */
      push->refusal = g_strdup (error->message);
      g_error_free (error);
      get_window (task)->looked_up = TRUE;
      look_up (task);
      return;
    }
  if (answer == NULL)
    {
      _dd_medusa_push_return_failure (task, error);
      g_object_unref (task);
      return;
    }
  if (!dd_medusa_json_get_object (json_node_get_object (answer), "campaign", _("the campaign"), &campaign, &error) ||
      campaign == NULL || !dd_medusa_campaign_from_json (campaign, &read, &error))
    {
      if (error == NULL)
        error = g_error_new (DD_NET_ERROR, DD_NET_ERROR_PROTOCOL, _("Medusa answered the campaign without it"));
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  return_result (task, DD_COMMERCE_PUSH_APPLIED, NULL, read.id);
}

static void
send_create (GTask *task)
{
  Push *push = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = build_body (get_window (task), TRUE);

  dd_medusa_client_post_async (push->client, "/admin/campaigns", body, g_task_get_cancellable (task),
                               written_cb, task);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Push *push = g_task_get_task_data (task);
  Window *window = get_window (task);
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *campaigns = NULL;
  JsonObject *single = NULL;
  DdMedusaCampaign campaign;
  GError *error = NULL;
  gint64 count = 0;

  answer = dd_medusa_client_get_finish (DD_MEDUSA_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      _dd_medusa_push_return_failure (task, error);
      g_object_unref (task);
      return;
    }

  /* One campaign by its id, or the list of those with the identifier. */
  if (push->entry->remote_id != NULL)
    {
      if (!dd_medusa_json_get_object (json_node_get_object (answer), "campaign", _("the campaign"), &single, &error))
        goto protocol;
    }
  else if (!dd_medusa_page_parse (answer, "campaigns", &campaigns, &count, &error))
    goto protocol;

  for (guint i = 0; campaigns != NULL && i < json_array_get_length (campaigns); i++)
    {
      JsonObject *element = _dd_medusa_element_object (campaigns, i, _("the campaign list"), &error);

      if (element == NULL)
        goto protocol;
      if (!dd_medusa_campaign_from_json (element, &campaign, &error))
        goto protocol;
      if (g_strcmp0 (campaign.identifier, window->identifier) == 0)
        {
          single = element;
          break;
        }
    }

  if (single == NULL && push->entry->remote_id == NULL)
    {
      if (push->refusal != NULL)
        return_result (task, DD_COMMERCE_PUSH_REJECTED, push->refusal, NULL);
      else
        send_create (task);
      return;
    }
  if (single == NULL || !dd_medusa_campaign_from_json (single, &campaign, &error))
    {
      if (error == NULL)
        error = g_error_new (DD_NET_ERROR, DD_NET_ERROR_PROTOCOL, _("Medusa answered the campaign without it"));
      goto protocol;
    }
  compare_and_write (task, &campaign);
  return;

protocol:
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
look_up (GTask *task)
{
  Push *push = g_task_get_task_data (task);
  Window *window = get_window (task);
  g_autofree char *fields = g_uri_escape_string (CAMPAIGN_FIELDS, ",", TRUE);
  g_autofree char *query = NULL;
  g_autofree char *path = NULL;

  if (push->entry->remote_id != NULL && !window->looked_up)
    {
      path = g_strdup_printf ("/admin/campaigns/%s", push->entry->remote_id);
      query = g_strdup_printf ("fields=%s", fields);
    }
  else
    {
      g_autofree char *identifier = g_uri_escape_string (window->identifier, NULL, TRUE);

      path = g_strdup ("/admin/campaigns");
      query = g_strdup_printf ("campaign_identifier=%s&fields=%s", identifier, fields);
      g_clear_pointer (&push->entry->remote_id, g_free);
    }
  dd_medusa_client_get_async (push->client, path, query, g_task_get_cancellable (task), read_cb, task);
}

void
_dd_medusa_push_campaign (GTask *task)
{
  Push *push = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  Window *window = g_new0 (Window, 1);
  JsonObject *base = NULL;

  g_object_set_data_full (G_OBJECT (task), "dd-campaign-window", window, (GDestroyNotify) window_free);

  push->payload = dd_medusa_json_parse (push->entry->payload, strlen (push->entry->payload),
                                        _("the outbox entry"), &error);
  if (push->entry->base != NULL)
    push->base_root = dd_medusa_json_parse (push->entry->base, strlen (push->entry->base),
                                            _("the outbox entry"), &error);
  if (push->payload != NULL && JSON_NODE_HOLDS_OBJECT (push->payload))
    push->local = json_node_get_object (push->payload);
  if (push->base_root != NULL && JSON_NODE_HOLDS_OBJECT (push->base_root))
    base = json_node_get_object (push->base_root);

  if (push->local != NULL)
    {
      window->identifier = json_object_get_string_member_with_default (push->local, "campaign_identifier", NULL);
      window->title = json_object_get_string_member_with_default (push->local, "title", NULL);
      if (window->title == NULL)
        window->title = json_object_get_string_member_with_default (push->local, "offer_id", NULL);
    }
  window->has_base = base != NULL && read_int (base, "window_start", &window->base_start) &&
                     read_int (base, "window_end", &window->base_end);
  if (window->identifier == NULL || window->title == NULL ||
      !read_int (push->local, "window_start", &window->start) ||
      !read_int (push->local, "window_end", &window->end) ||
      (push->entry->base != NULL && !window->has_base))
    {
      return_result (task, DD_COMMERCE_PUSH_REJECTED,
                     _("The outbox entry is damaged: it holds no incentive window Dropdeck can read"), NULL);
      return;
    }

  look_up (task);
}
