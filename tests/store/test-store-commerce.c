/* test-store-commerce.c — promotions, the returns policy and remote deletions in the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-commerce.h"
#include "dd-store-sync-outbox.h"
#include "store-test-util.h"

typedef StoreFixture Fixture;

static DdPromotion *
promotion_new (const char *id,
               const char *code,
               gint64      starts_at_us)
{
  DdPromotion *promotion = g_new0 (DdPromotion, 1);

  promotion->id = g_strdup (id);
  promotion->code = g_strdup (code);
  promotion->status = g_strdup ("active");
  promotion->kind = g_strdup ("fixed");
  promotion->value = g_strdup ("19.99");
  promotion->currency = g_strdup ("EUR");
  promotion->target = g_strdup ("order");
  promotion->campaign_name = g_strdup ("Friday drop");
  promotion->starts_at_us = starts_at_us;
  promotion->ends_at_us = starts_at_us + 1000;
  return promotion;
}

static GPtrArray *
load_promotions (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *promotions;

  dd_store_load_promotions_async (fixture->store, NULL, store_test_result_cb, &result);
  promotions = dd_store_load_finish (fixture->store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  return promotions;
}

static void
save_promotions (Fixture   *fixture,
                 GPtrArray *promotions)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dd_store_save_promotions_async (fixture->store, promotions, NULL, store_test_result_cb, &result);
  g_assert_true (dd_store_save_finish (fixture->store, store_test_wait (&result), &error));
  g_assert_no_error (error);
}

/* The set is replaced: one deleted remotely is gone locally too. */
static void
test_promotions_replace (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_promotion_free);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_promotion_free);
  g_autoptr(GPtrArray) loaded = NULL;
  DdPromotion *promotion;

  g_ptr_array_add (first, promotion_new ("promo_2", "LATE", 2000));
  g_ptr_array_add (first, promotion_new ("promo_1", "EARLY", 1000));
  save_promotions (fixture, first);
  loaded = load_promotions (fixture);
  g_assert_cmpuint (loaded->len, ==, 2);
  promotion = g_ptr_array_index (loaded, 0);
  g_assert_cmpstr (promotion->code, ==, "EARLY");
  g_assert_cmpstr (promotion->value, ==, "19.99");
  g_assert_cmpstr (promotion->currency, ==, "EUR");
  g_assert_cmpstr (promotion->campaign_name, ==, "Friday drop");
  g_assert_null (promotion->campaign_id);
  g_assert_cmpint (promotion->ends_at_us, ==, 2000);

  g_ptr_array_add (second, promotion_new ("promo_2", "LATE", 2000));
  save_promotions (fixture, second);
  g_ptr_array_unref (loaded);
  loaded = load_promotions (fixture);
  g_assert_cmpuint (loaded->len, ==, 1);
  g_assert_cmpstr (((DdPromotion *) g_ptr_array_index (loaded, 0))->code, ==, "LATE");
}

static DdRefundPolicy *
load_policy (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DdRefundPolicy *policy;

  dd_store_load_refund_policy_async (fixture->store, NULL, store_test_result_cb, &result);
  policy = dd_store_load_refund_policy_finish (fixture->store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  return policy;
}

static void
test_refund_policy (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DdRefundPolicy) policy = dd_refund_policy_new (FALSE);
  g_autoptr(DdRefundPolicy) loaded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DdRefundLimit limit = { DD_ROLE_OPS_LEAD, { 4990, "EUR" } };

  g_assert_null (load_policy (fixture));

  g_array_append_val (policy->limits, limit);
  dd_store_save_refund_policy_async (fixture->store, policy, NULL, store_test_result_cb, &result);
  g_assert_true (dd_store_save_finish (fixture->store, store_test_wait (&result), &error));
  g_assert_no_error (error);

  loaded = load_policy (fixture);
  g_assert_nonnull (loaded);
  g_assert_false (loaded->returns_open);
  g_assert_cmpint (dd_refund_policy_get_limit (loaded, DD_ROLE_OPS_LEAD)->minor, ==, 4990);
  g_assert_cmpstr (dd_refund_policy_get_limit (loaded, DD_ROLE_OPS_LEAD)->currency, ==, "EUR");
  g_assert_null (dd_refund_policy_get_limit (loaded, DD_ROLE_PRODUCER));
}

static DdReconcileSummary
reconcile (Fixture            *fixture,
           const char * const *remote_ids)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DdReconcileSummary summary = { 0, };

  for (guint i = 0; remote_ids[i] != NULL; i++)
    g_ptr_array_add (ids, (gpointer) remote_ids[i]);
  dd_store_reconcile_offers_async (fixture->store, ids, NULL, store_test_result_cb, &result);
  g_assert_true (dd_store_reconcile_offers_finish (fixture->store, store_test_wait (&result), &summary, &error));
  g_assert_no_error (error);
  return summary;
}

static GPtrArray *
gone_offers (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ids;

  dd_store_list_gone_offers_async (fixture->store, NULL, store_test_result_cb, &result);
  ids = dd_store_load_finish (fixture->store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  return ids;
}

/* Products missing remotely mark their offers gone; an offer with an
 * unsent edit keeps it (row and outbox untouched); products that come
 * back unmark them; offers never pushed (no remote id) are left alone. */
static void
test_reconcile_marks_gone (Fixture       *fixture,
                           gconstpointer  data)
{
  const char * const only_p1[] = { "prod_1", NULL };
  const char * const none[] = { NULL };
  const char * const both[] = { "prod_1", "prod_2", NULL };
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) gone = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  DdStoreEdit edit = { "title", "Tee", "Tee XL", "ana", DD_ROLE_PRODUCER, NULL };
  const char *remote[] = { "prod_1", "prod_2", "prod_1", NULL };
  const char *ids[] = { "variant_a", "variant_b", "variant_c", "local_d" };
  DdReconcileSummary summary;
  DdOffer *edited;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      DdOffer *offer = store_test_offer_new (ids[i], "Tee", 1999);

      dd_offer_set_remote_id (offer, remote[i]);
      g_ptr_array_add (offers, offer);
    }
  g_assert_true (store_test_save (fixture->store, dd_store_save_offers_async, offers, &error));
  g_assert_no_error (error);
  edited = g_ptr_array_index (offers, 1);
  dd_offer_set_title (edited, "Tee XL");
  g_assert_true (store_test_apply_edit (fixture->store, edited, &edit, &error));
  g_assert_no_error (error);

  summary = reconcile (fixture, only_p1);
  g_assert_cmpuint (summary.gone, ==, 1);
  g_assert_cmpuint (summary.kept_local, ==, 1);
  g_assert_cmpuint (summary.back, ==, 0);
  gone = gone_offers (fixture);
  g_assert_cmpuint (gone->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (gone, 0), ==, "variant_b");
  g_assert_cmpint (store_test_count_outbox (fixture->store), ==, 1);
  loaded = store_test_load (fixture->store, dd_store_load_offers_async, &error);
  for (guint i = 0; i < loaded->len; i++)
    if (g_str_equal (dd_offer_get_id (g_ptr_array_index (loaded, i)), "variant_b"))
      {
        g_assert_cmpstr (dd_offer_get_title (g_ptr_array_index (loaded, i)), ==, "Tee XL");
        g_assert_cmpint (dd_offer_get_sync_state (g_ptr_array_index (loaded, i)), ==, DD_SYNC_STATE_PENDING);
      }

  /* Marked once, not again. */
  summary = reconcile (fixture, only_p1);
  g_assert_cmpuint (summary.gone, ==, 0);

  summary = reconcile (fixture, none);
  g_assert_cmpuint (summary.gone, ==, 2);
  g_assert_cmpuint (summary.kept_local, ==, 0);
  g_ptr_array_unref (gone);
  gone = gone_offers (fixture);
  g_assert_cmpuint (gone->len, ==, 3);
  g_assert_false (g_ptr_array_find_with_equal_func (gone, "local_d", g_str_equal, NULL));

  summary = reconcile (fixture, both);
  g_assert_cmpuint (summary.back, ==, 3);
  g_ptr_array_unref (gone);
  gone = gone_offers (fixture);
  g_assert_cmpuint (gone->len, ==, 0);
}

static GPtrArray *
pending_entries (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  dd_store_list_outbox_async (fixture->store, "commerce", 100, NULL, store_test_result_cb, &result);
  entries = dd_store_load_finish (fixture->store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  return entries;
}

static const DdOutboxEntry *
last_of (GPtrArray  *entries,
         const char *entity)
{
  const DdOutboxEntry *found = NULL;

  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (((DdOutboxEntry *) g_ptr_array_index (entries, i))->entity, entity))
      found = g_ptr_array_index (entries, i);
  return found;
}

static void
end_entry (Fixture               *fixture,
           const DdOutboxOutcome *outcome)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dd_store_end_outbox_entry_async (fixture->store, outcome, NULL, store_test_result_cb, &result);
  g_assert_true (dd_store_save_finish (fixture->store, store_test_wait (&result), &error));
  g_assert_no_error (error);
}

/* An offer's window goes to a campaign through the outbox: queued when
 * the offer first has one and whenever it changes (with the window before
 * as the base), never for other edits; the first entry's key names the
 * campaign; the campaign's id, once confirmed, reaches the later entries
 * and maps promotions to the offer; taking Medusa's side of a conflict
 * writes its window into the offer. */
static void
test_window_queues_campaign (Fixture       *fixture,
                             gconstpointer  data)
{
  const gint64 s = G_USEC_PER_SEC;
  g_autoptr(DdOffer) offer = store_test_offer_new ("offer-cap", "Cap", 1990);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) promotions = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_promotion_free);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *identifier = NULL;
  g_autofree char *campaign_key = NULL;
  DdStoreEdit edit = { "title", "Cap", "Cap", "ana", DD_ROLE_PRODUCER, NULL };
  const DdOutboxEntry *entry;
  DdOutboxOutcome outcome = { 0, };
  DdPromotion *promotion;

  g_assert_true (store_test_apply_edit (fixture->store, offer, &edit, &error));
  g_assert_cmpint (store_test_count_outbox (fixture->store), ==, 1);   /* no window, no campaign */

  edit.field = "window";
  dd_offer_set_window (offer, 100 * s, 200 * s);
  g_assert_true (store_test_apply_edit (fixture->store, offer, &edit, &error));
  g_assert_no_error (error);
  entries = pending_entries (fixture);
  g_assert_cmpuint (entries->len, ==, 3);
  entry = last_of (entries, "campaign");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->entity_id, ==, "offer-cap");
  g_assert_cmpstr (entry->operation, ==, "window");
  g_assert_null (entry->base);
  g_assert_null (entry->remote_id);
  g_assert_nonnull (strstr (entry->payload, "\"window_start\":100000000"));
  campaign_key = g_strconcat ("\"campaign_identifier\":\"dropdeck-", entry->idempotency_key, "\"", NULL);
  g_assert_nonnull (strstr (entry->payload, campaign_key));
  identifier = store_test_sql (fixture->path, "SELECT campaign_identifier FROM offers");
  g_assert_true (g_str_has_suffix (identifier, entry->idempotency_key));
  outcome.seq = entry->seq;
  outcome.state = DD_OUTBOX_STATE_DONE;
  outcome.remote_id = "procamp_9";
  end_entry (fixture, &outcome);

  /* Another field: the window stays where it was, nothing for the campaign. */
  edit.field = "title";
  dd_offer_set_title (offer, "Cap II");
  g_assert_true (store_test_apply_edit (fixture->store, offer, &edit, &error));
  g_assert_cmpint (store_test_count_outbox (fixture->store), ==, 3);   /* pending: the offer's three */

  edit.field = "window";
  dd_offer_set_window (offer, 100 * s, 150 * s);
  g_assert_true (store_test_apply_edit (fixture->store, offer, &edit, &error));
  g_ptr_array_unref (entries);
  entries = pending_entries (fixture);
  entry = last_of (entries, "campaign");
  g_assert_cmpstr (entry->base, ==, "{\"window_start\":100000000,\"window_end\":200000000}");
  g_assert_cmpstr (entry->remote_id, ==, "procamp_9");
  g_assert_nonnull (strstr (entry->payload, identifier));

  /* Pulled promotions of that campaign name the offer. */
  promotion = promotion_new ("promo_9", "CAP15", 100 * s);
  promotion->campaign_id = g_strdup ("procamp_9");
  g_ptr_array_add (promotions, promotion);
  g_ptr_array_add (promotions, promotion_new ("promo_1", "OTHER", 0));
  save_promotions (fixture, promotions);
  g_ptr_array_unref (promotions);
  promotions = load_promotions (fixture);
  for (guint i = 0; i < promotions->len; i++)
    {
      promotion = g_ptr_array_index (promotions, i);
      g_assert_cmpstr (promotion->offer_id, ==, g_str_equal (promotion->code, "CAP15") ? "offer-cap" : NULL);
    }
  /* Its own window is still on its way: the pulled one does not replace it. */
  loaded = store_test_load (fixture->store, dd_store_load_offers_async, &error);
  g_assert_cmpint (dd_offer_get_window_end (g_ptr_array_index (loaded, 0)), ==, 150 * s);
  g_clear_pointer (&loaded, g_ptr_array_unref);

  /* Medusa moved the end meanwhile: taking its side writes the window. */
  outcome.seq = entry->seq;
  outcome.state = DD_OUTBOX_STATE_CONFLICTED;
  outcome.remote_id = NULL;
  outcome.base = entry->base;
  outcome.local = "{\"window_start\":100000000,\"window_end\":150000000}";
  outcome.remote = "{\"window_start\":100000000,\"window_end\":260000000}";
  end_entry (fixture, &outcome);
  loaded = store_test_load (fixture->store, dd_store_load_offers_async, &error);
  g_assert_cmpint (dd_offer_get_sync_state (g_ptr_array_index (loaded, 0)), ==, DD_SYNC_STATE_CONFLICTED);
  dd_store_list_conflicts_async (fixture->store, NULL, store_test_result_cb, &result);
  conflicts = dd_store_load_finish (fixture->store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (conflicts->len, ==, 1);
  dd_store_resolve_conflict_async (fixture->store, ((DdSyncConflict *) g_ptr_array_index (conflicts, 0))->id,
                                   DD_CONFLICT_TAKE_REMOTE, NULL, store_test_result_cb, &result);
  g_assert_true (dd_store_save_finish (fixture->store, store_test_wait (&result), &error));
  g_assert_no_error (error);
  g_ptr_array_unref (loaded);
  loaded = store_test_load (fixture->store, dd_store_load_offers_async, &error);
  g_assert_cmpint (dd_offer_get_window_end (g_ptr_array_index (loaded, 0)), ==, 260 * s);
  g_assert_cmpint (dd_offer_get_window_start (g_ptr_array_index (loaded, 0)), ==, 100 * s);

  /* Nothing of the window on its way any more: a pull brings the
   * campaign's window as Medusa holds it into the offer. */
  g_ptr_array_unref (promotions);
  promotions = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_promotion_free);
  promotion = promotion_new ("promo_9", "CAP15", 120 * s);
  promotion->ends_at_us = 320 * s;
  promotion->campaign_id = g_strdup ("procamp_9");
  g_ptr_array_add (promotions, promotion);
  save_promotions (fixture, promotions);
  g_ptr_array_unref (loaded);
  loaded = store_test_load (fixture->store, dd_store_load_offers_async, &error);
  g_assert_cmpint (dd_offer_get_window_start (g_ptr_array_index (loaded, 0)), ==, 120 * s);
  g_assert_cmpint (dd_offer_get_window_end (g_ptr_array_index (loaded, 0)), ==, 320 * s);
}

static GPtrArray *
sync_marks (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *marks = store_test_load (fixture->store, dd_store_list_offer_sync_async, &error);

  g_assert_no_error (error);
  g_assert_nonnull (marks);
  return marks;
}

/* The sync column's one read: offers pending, in conflict or gone, each
 * with its state; an offer whose edit was sent is no longer listed, even
 * after a copy of it still marked pending in memory was saved again (the
 * drop saves its offers as they sell). */
static void
test_offer_sync_marks (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) marks = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  DdStoreEdit edit = { "title", "Tee", "Tee XL", "ana", DD_ROLE_PRODUCER, NULL };
  DdOutboxOutcome outcome = { .state = DD_OUTBOX_STATE_DONE };
  DdOfferSyncMark *mark;
  DdOffer *edited;

  g_ptr_array_add (offers, store_test_offer_new ("variant_a", "Tee", 1900));
  g_ptr_array_add (offers, store_test_offer_new ("variant_b", "Cap", 900));
  g_ptr_array_add (offers, store_test_offer_new ("variant_c", "Mug", 1200));
  dd_offer_set_remote_id (g_ptr_array_index (offers, 0), "prod_a");
  dd_offer_set_remote_id (g_ptr_array_index (offers, 1), "prod_b");
  dd_offer_set_remote_id (g_ptr_array_index (offers, 2), "prod_c");
  g_assert_true (store_test_save (fixture->store, dd_store_save_offers_async, offers, &error));
  g_assert_no_error (error);
  marks = sync_marks (fixture);
  g_assert_cmpuint (marks->len, ==, 0);
  g_clear_pointer (&marks, g_ptr_array_unref);

  /* An edit of a, and c deleted in the engine. */
  edited = g_ptr_array_index (offers, 0);
  dd_offer_set_title (edited, "Tee XL");
  g_assert_true (store_test_apply_edit (fixture->store, edited, &edit, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dd_offer_get_sync_state (edited), ==, DD_SYNC_STATE_PENDING);
  g_ptr_array_remove_index (offers, 2);
  reconcile (fixture, (const char * const[]) { "prod_a", "prod_b", NULL });
  marks = sync_marks (fixture);
  g_assert_cmpuint (marks->len, ==, 2);
  mark = g_ptr_array_index (marks, 0);
  if (!g_str_equal (mark->offer_id, "variant_a"))
    mark = g_ptr_array_index (marks, 1);
  g_assert_cmpstr (mark->offer_id, ==, "variant_a");
  g_assert_cmpint (mark->sync_state, ==, DD_SYNC_STATE_PENDING);
  g_assert_false (mark->gone);
  mark = g_ptr_array_index (marks, mark == g_ptr_array_index (marks, 0) ? 1 : 0);
  g_assert_cmpstr (mark->offer_id, ==, "variant_c");
  g_assert_cmpint (mark->sync_state, ==, DD_SYNC_STATE_SYNCED);
  g_assert_true (mark->gone);
  g_clear_pointer (&marks, g_ptr_array_unref);

  /* The engine takes the edit; the drop then saves its offers from memory,
   * where a is still marked pending: the store keeps "synced". */
  entries = pending_entries (fixture);
  for (guint i = 0; i < entries->len; i++)
    {
      outcome.seq = ((DdOutboxEntry *) g_ptr_array_index (entries, i))->seq;
      end_entry (fixture, &outcome);
    }
  g_assert_true (store_test_save (fixture->store, dd_store_save_offers_async, offers, &error));
  g_assert_no_error (error);
  marks = sync_marks (fixture);
  g_assert_cmpuint (marks->len, ==, 1);
  g_assert_cmpstr (((DdOfferSyncMark *) g_ptr_array_index (marks, 0))->offer_id, ==, "variant_c");
  g_clear_pointer (&marks, g_ptr_array_unref);

  /* A product back in the engine is unmarked. */
  reconcile (fixture, (const char * const[]) { "prod_a", "prod_b", "prod_c", NULL });
  marks = sync_marks (fixture);
  g_assert_cmpuint (marks->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/dropdeck/store/commerce/promotions-replace", Fixture, NULL,
              store_fixture_setup, test_promotions_replace, store_fixture_teardown);
  g_test_add ("/dropdeck/store/commerce/refund-policy", Fixture, NULL,
              store_fixture_setup, test_refund_policy, store_fixture_teardown);
  g_test_add ("/dropdeck/store/commerce/reconcile-marks-gone", Fixture, NULL,
              store_fixture_setup, test_reconcile_marks_gone, store_fixture_teardown);
  g_test_add ("/dropdeck/store/commerce/window-queues-campaign", Fixture, NULL,
              store_fixture_setup, test_window_queues_campaign, store_fixture_teardown);
  g_test_add ("/dropdeck/store/commerce/offer-sync-marks", Fixture, NULL,
              store_fixture_setup, test_offer_sync_marks, store_fixture_teardown);

  return g_test_run ();
}
