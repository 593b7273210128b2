/* dd-store-outbox-campaign.c — an offer's incentive window queued for the
 * commerce engine's campaign that holds it
 *
 * Inside the transaction of an offer edit: when the offer has a window and
 * no campaign yet, or its window changed, one more outbox entry (entity
 * "campaign", the offer's id, operation "window") carries the window to
 * push. The first such entry names the campaign after its own idempotency
 * key (`campaign_identifier`, kept with the offer), so that a push whose
 * answer was lost finds the campaign it made; later entries carry the
 * window the campaign held before as their base, so a change made in the
 * engine since is a conflict, not overwritten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "dd-store-private.h"

static char *
window_json (const char *offer_id,
             const char *title,
             const char *identifier,
             gint64      start,
             gint64      end)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  if (offer_id != NULL)
    {
      json_builder_set_member_name (builder, "offer_id");
      json_builder_add_string_value (builder, offer_id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, title);
      json_builder_set_member_name (builder, "campaign_identifier");
      json_builder_add_string_value (builder, identifier);
    }
  json_builder_set_member_name (builder, "window_start");
  json_builder_add_int_value (builder, start);
  json_builder_set_member_name (builder, "window_end");
  json_builder_add_int_value (builder, end);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
_dd_store_queue_campaign (DdStoreConnection          *conn,
                          DdOffer                    *offer,
                          const DdStoreCampaignLink  *before,
                          gint64                      now,
                          GError                    **error)
{
  gint64 start = dd_offer_get_window_start (offer);
  gint64 end = dd_offer_get_window_end (offer);
  g_autofree char *key = NULL;
  g_autofree char *identifier = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *base = NULL;

  if (before->identifier == NULL && start == 0 && end == 0)
    return TRUE;  /* no window, no campaign */
  if (before->identifier != NULL && start == before->window_start && end == before->window_end)
    return TRUE;  /* the campaign holds this window already, or will */

  key = g_uuid_string_random ();
  if (before->identifier != NULL)
    {
      identifier = g_strdup (before->identifier);
      base = window_json (NULL, NULL, NULL, before->window_start, before->window_end);
    }
  else
    {
      sqlite3_stmt *stmt;

      identifier = g_strconcat ("dropdeck-", key, NULL);
      stmt = _dd_store_prepare (conn, "UPDATE offers SET campaign_identifier = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      _dd_store_bind_text (stmt, 1, dd_offer_get_id (offer));
      _dd_store_bind_text (stmt, 2, identifier);
      if (!_dd_store_step_done (conn, stmt, error))
        return FALSE;
    }

  payload = window_json (dd_offer_get_id (offer), dd_offer_get_title (offer), identifier, start, end);
  return _dd_store_insert_outbox (conn, key, "campaign", dd_offer_get_id (offer), "window",
                                  payload, base, now, error);
}
