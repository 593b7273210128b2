/* test-medusa-sync-campaign.c — offers' incentive windows pushed to the
 * campaigns of a real Medusa v2, exactly once
 *
 * Included by test-medusa-sync.c (its fixture, relay and helpers; one
 * Medusa for all). Every effect is checked through the Admin API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A whole second, as an incentive window holds it. */
static gint64
whole_seconds_from_now (gint64 seconds)
{
  return (g_get_real_time () / G_USEC_PER_SEC + seconds) * G_USEC_PER_SEC;
}

/* A local edit of the window, as the offer editor stores it. */
static void
edit_window (Fixture *fixture,
             DdOffer *offer,
             gint64   start,
             gint64   end)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DdStoreEdit edit = { .field = "window", .before = "", .after = "", .actor = "ana",
                       .role = DD_ROLE_PRODUCER };

  dd_offer_set_window (offer, start, end);
  dd_store_apply_offer_edit_async (fixture->store, offer, &edit, NULL, store_result_cb, &result);
  g_assert_true (dd_store_apply_offer_edit_finish (fixture->store, wait_for (&result), &error));
  g_assert_no_error (error);
}

/* An offer made offline with a window: its create and its window queued. */
static DdOffer *
create_offer_with_window (Fixture    *fixture,
                          const char *id,
                          const char *title,
                          const char *sku,
                          gint64      start,
                          gint64      end)
{
  DdOffer *offer = dd_offer_new (id, title, sku);
  DdMoney price = dd_money_init (2490, "EUR");

  dd_offer_set_price (offer, &price);
  edit_window (fixture, offer, start, end);
  return offer;
}

/* Every campaign in Medusa whose name is `name`. */
static JsonArray *
campaigns_named (Fixture    *fixture,
                 const char *name)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, TRUE);
  g_autofree char *query = g_strdup_printf ("q=%s&limit=100&fields=id,name,campaign_identifier,starts_at,ends_at",
                                            escaped);
  g_autoptr(JsonNode) answer = admin_get (fixture, "/admin/campaigns", query);
  JsonArray *all = json_object_get_array_member (json_node_get_object (answer), "campaigns");
  JsonArray *named = json_array_new ();

  for (guint i = 0; i < json_array_get_length (all); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (all, i), "name"), name) == 0)
      json_array_add_object_element (named, json_object_ref (json_array_get_object_element (all, i)));
  return named;
}

/* The one campaign named `name`, checked to hold [start, end). */
static char *
check_one_campaign (Fixture    *fixture,
                    const char *name,
                    gint64      start,
                    gint64      end)
{
  g_autoptr(JsonArray) found = campaigns_named (fixture, name);
  JsonObject *campaign;

  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  campaign = json_array_get_object_element (found, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (campaign, "campaign_identifier"), "dropdeck-"));
  g_assert_cmpint (iso_us (json_object_get_string_member (campaign, "starts_at")), ==, start);
  g_assert_cmpint (iso_us (json_object_get_string_member (campaign, "ends_at")), ==, end);
  return g_strdup (json_object_get_string_member (campaign, "id"));
}

static const char *
campaign_of (Fixture    *fixture,
             const char *name)
{
  static char id[64];
  g_autoptr(JsonArray) found = campaigns_named (fixture, name);

  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  g_strlcpy (id, json_object_get_string_member (json_array_get_object_element (found, 0), "id"), sizeof id);
  return id;
}

static const DdPromotion *
promotion_of_offer (GPtrArray  *promotions,
                    const char *offer_id)
{
  for (guint i = 0; i < promotions->len; i++)
    if (g_strcmp0 (((DdPromotion *) g_ptr_array_index (promotions, i))->offer_id, offer_id) == 0)
      return g_ptr_array_index (promotions, i);
  return NULL;
}

/* An offline offer with a window: after the sync its campaign exists once
 * with that window, although the answers to both creates (product and
 * campaign) were lost; an edit moves the window; a promotion attached to
 * the campaign in Medusa comes back linked to the offer, and the campaign
 * moved in Medusa moves the offer's window at the next pull. */
static void
test_campaign_window (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 start = whole_seconds_from_now (2 * 3600);
  gint64 end = start + G_TIME_SPAN_HOUR;
  g_autoptr(DdOffer) offer = create_offer_with_window (fixture, "local-cap", "Drop Cap Window", "CAP-W1", start, end);
  g_autoptr(DdOffer) stored = NULL;
  g_autoptr(GPtrArray) promotions = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdOutboxSummary) outbox = NULL;
  g_autofree char *campaign = NULL;
  g_autofree char *again = NULL;
  g_autofree char *body = NULL;
  DdSyncFlushSummary summary;
  const DdPromotion *promotion;

  outbox = summarize (fixture);
  g_assert_cmpint (outbox->pending, ==, 2);   /* the product and its campaign */

  relay->drop_post_answers = 2;
  g_assert_true (flush (fixture, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (relay->dropped, ==, 2);
  g_assert_cmpuint (summary.failures, >=, 2);
  g_assert_cmpuint (summary.applied, ==, 2);
  campaign = check_one_campaign (fixture, "Drop Cap Window", start, end);
  stored = load_offer (fixture, "local-cap");
  g_assert_cmpint (dd_offer_get_sync_state (stored), ==, DD_SYNC_STATE_SYNCED);

  /* The window moved before it started: the same campaign follows. */
  edit_window (fixture, stored, start + 30 * G_TIME_SPAN_MINUTE, end + 30 * G_TIME_SPAN_MINUTE);
  relay->drop_post_answers = 1;
  g_assert_true (flush (fixture, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.applied, ==, 2);
  again = check_one_campaign (fixture, "Drop Cap Window", start + 30 * G_TIME_SPAN_MINUTE,
                              end + 30 * G_TIME_SPAN_MINUTE);
  g_assert_cmpstr (again, ==, campaign);

  /* Pulled back: a promotion of that campaign names the offer. */
  body = g_strdup_printf ("{\"code\": \"CAPHOUR\", \"type\": \"standard\", \"status\": \"active\", \"campaign_id\": \"%s\","
                          " \"application_method\": {\"type\": \"percentage\", \"target_type\": \"order\","
                          " \"value\": 15, \"currency_code\": \"eur\"}}", campaign);
  admin_post (fixture, "/admin/promotions", body);
  pull_feed (fixture, 0);
  dd_store_load_promotions_async (fixture->store, NULL, store_result_cb, &result);
  promotions = dd_store_load_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);
  promotion = promotion_of_offer (promotions, "local-cap");
  g_assert_nonnull (promotion);
  g_assert_cmpstr (promotion->code, ==, "CAPHOUR");
  g_assert_cmpint (promotion->starts_at_us, ==, start + 30 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (promotion->ends_at_us, ==, end + 30 * G_TIME_SPAN_MINUTE);

  /* The campaign moved in Medusa: the next pull moves the offer's window. */
  {
    g_autoptr(GDateTime) later_start = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC + 7200);
    g_autoptr(GDateTime) later_end = g_date_time_new_from_unix_utc (end / G_USEC_PER_SEC + 7200);
    g_autofree char *from = g_date_time_format_iso8601 (later_start);
    g_autofree char *to = g_date_time_format_iso8601 (later_end);
    g_autofree char *path = g_strdup_printf ("/admin/campaigns/%s", campaign);
    g_autofree char *moved = g_strdup_printf ("{\"starts_at\": \"%s\", \"ends_at\": \"%s\"}", from, to);

    admin_post (fixture, path, moved);
    pull_feed (fixture, 0);
    g_clear_object (&stored);
    stored = load_offer (fixture, "local-cap");
    g_assert_cmpint (dd_offer_get_window_start (stored), ==, start + 2 * G_TIME_SPAN_HOUR);
    g_assert_cmpint (dd_offer_get_window_end (stored), ==, end + 2 * G_TIME_SPAN_HOUR);
  }

  /* dropdeckctl sync status says which offer the promotion belongs to. */
  if (g_getenv ("DD_DROPDECKCTL") != NULL)
    {
      g_autofree char *db = g_build_filename (fixture->dir, "dropdeck.db", NULL);
      g_autoptr(JsonNode) status = NULL;
      JsonArray *listed;
      gboolean seen = FALSE;

      g_assert_cmpint (run_ctl (NULL, &status, "sync", "status", "--path", db, NULL), ==, 0);
      listed = json_object_get_array_member (json_node_get_object (status), "promotions");
      for (guint i = 0; i < json_array_get_length (listed); i++)
        {
          JsonObject *listed_one = json_array_get_object_element (listed, i);

          if (g_str_equal (json_object_get_string_member (listed_one, "code"), "CAPHOUR"))
            {
              g_assert_cmpstr (json_object_get_string_member (listed_one, "offer"), ==, "local-cap");
              seen = TRUE;
            }
        }
      g_assert_true (seen);
    }
}

/* The campaign's window changed in Medusa and offline in Dropdeck: a
 * conflict, nothing overwritten. A window that has started is not
 * extended by a push either (countdown integrity). */
static void
test_campaign_conflict_and_countdown (Fixture       *fixture,
                                      gconstpointer  data)
{
  gint64 start = whole_seconds_from_now (3 * 3600);
  gint64 end = start + G_TIME_SPAN_HOUR;
  gint64 started = whole_seconds_from_now (-600);
  g_autoptr(DdOffer) offer = create_offer_with_window (fixture, "local-scarf", "Scarf Window", "SCARF-W1", start, end);
  g_autoptr(DdOffer) running = create_offer_with_window (fixture, "local-glove", "Glove Window", "GLOVE-W1",
                                                         started, started + G_TIME_SPAN_HOUR);
  g_autoptr(DdOffer) stored = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) behind = g_date_time_new_from_unix_utc (end / G_USEC_PER_SEC + 600);
  g_autofree char *behind_text = g_date_time_format_iso8601 (behind);
  g_autofree char *campaign = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  DdSyncFlushSummary summary;
  const DdSyncConflict *conflict;

  g_assert_true (flush (fixture, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.applied, ==, 4);
  campaign = check_one_campaign (fixture, "Scarf Window", start, end);
  g_free (check_one_campaign (fixture, "Glove Window", started, started + G_TIME_SPAN_HOUR));

  /* Someone moves the end in Medusa; Dropdeck moves the start offline. */
  path = g_strdup_printf ("/admin/campaigns/%s", campaign);
  body = g_strdup_printf ("{\"ends_at\": \"%s\"}", behind_text);
  admin_post (fixture, path, body);
  stored = load_offer (fixture, "local-scarf");
  edit_window (fixture, stored, start - 30 * G_TIME_SPAN_MINUTE, end);
  g_assert_true (flush (fixture, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.conflicted, ==, 1);
  g_free (check_one_campaign (fixture, "Scarf Window", start, end + 10 * G_TIME_SPAN_MINUTE));
  dd_store_list_conflicts_async (fixture->store, NULL, store_result_cb, &result);
  conflicts = dd_store_load_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->entity, ==, "campaign");
  g_assert_cmpstr (conflict->entity_id, ==, "local-scarf");
  g_assert_nonnull (strstr (conflict->remote, "window_end"));
  g_clear_object (&stored);
  stored = load_offer (fixture, "local-scarf");
  g_assert_cmpint (dd_offer_get_sync_state (stored), ==, DD_SYNC_STATE_CONFLICTED);

  /* The glove's window runs; an extension queued for it (as if edited
   * before it started) is refused with the reason, Medusa's end kept. */
  g_clear_object (&stored);
  stored = load_offer (fixture, "local-glove");
  edit_window (fixture, stored, started, started + 2 * G_TIME_SPAN_HOUR);
  g_assert_true (flush (fixture, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rejected, ==, 1);
  g_free (check_one_campaign (fixture, "Glove Window", started, started + G_TIME_SPAN_HOUR));
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  g_clear_object (&result);
  dd_store_list_sync_log_async (fixture->store, 20, NULL, store_result_cb, &result);
  conflicts = dd_store_load_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      const DdOutboxEntry *entry = g_ptr_array_index (conflicts, i);

      if (g_str_equal (entry->entity, "campaign") && g_str_equal (entry->entity_id, "local-glove") &&
          entry->state == DD_OUTBOX_STATE_REJECTED)
        {
          g_assert_nonnull (strstr (entry->last_error, campaign_of (fixture, "Glove Window")));
          return;
        }
    }
  g_assert_not_reached ();
}
