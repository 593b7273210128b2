/* test-rollback-desk.c — rollback triggers fired from a scenario, their actions carried out
 *
 * A demo drop runs; each test feeds readings of one live signal to the
 * session's rollback desk, as the session's sampler (or a checkout source)
 * would, and checks what the firing did: the offer paused through the
 * lifecycle table with a ledger entry naming the trigger and its value;
 * the fail-open state set, answered instead of a checkout error, and
 * cleared when the signal recovers; the Engineer on-call paged once, with
 * an alert in the wall. The live sources: the age of the oldest unsent
 * edit in the outbox as the sync lag, and a preflight's checkout error
 * rate, both fed by the session's own sampler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-drop-session.h"
#include "dd-offer-editing.h"
#include "dd-test-util.h"

#define TARGET_OFFER "offer-ht01-wht-m"

typedef struct
{
  char          *dir;
  DdDropSession *session;
  GPtrArray     *alerts;
  GPtrArray     *loaded;
  GPtrArray     *pages;
  guint          n_paused;
  guint          n_fail_open_notifies;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = dd_test_make_tmpdir ();
  fixture->alerts = g_ptr_array_new_with_free_func (g_free);
  fixture->pages = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->session != NULL)
    dd_drop_session_stop (fixture->session);
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->alerts, g_ptr_array_unref);
  g_clear_pointer (&fixture->pages, g_ptr_array_unref);
  g_clear_pointer (&fixture->loaded, g_ptr_array_unref);
  dd_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
alert_cb (DdDropSession *session,
          DdChatMessage *alert,
          Fixture       *fixture)
{
  g_ptr_array_add (fixture->alerts, g_strdup (dd_chat_message_get_text (alert)));
}

static DdRollbackDesk *
start_demo (Fixture *fixture)
{
  fixture->session = dd_drop_session_new_demo (fixture->dir);
  /* The oversell guard would pause offers too: not in these tests. */
  dd_drop_session_set_guard_threshold (fixture->session, 0);
  g_signal_connect (fixture->session, "alert", G_CALLBACK (alert_cb), fixture);
  dd_test_start_session (fixture->session);

  return dd_drop_session_get_rollback_desk (fixture->session);
}

static void
load_ledger (Fixture    *fixture,
             const char *entity,
             const char *entity_id)
{
  g_clear_pointer (&fixture->loaded, g_ptr_array_unref);
  fixture->loaded = dd_test_load_ledger (dd_drop_session_get_store (fixture->session), entity, entity_id);
}

static gboolean
has_alert (Fixture    *fixture,
           const char *part)
{
  for (guint i = 0; i < fixture->alerts->len; i++)
    if (strstr (g_ptr_array_index (fixture->alerts, i), part) != NULL)
      return TRUE;

  return FALSE;
}

/* The wall (the session's chat window) holds an alert containing `part`. */
static gboolean
wall_has_alert (Fixture    *fixture,
                const char *part)
{
  GListModel *chat = dd_drop_session_get_chat (fixture->session);

  for (guint i = 0; i < g_list_model_get_n_items (chat); i++)
    {
      g_autoptr(DdChatMessage) message = g_list_model_get_item (chat, i);

      if (dd_chat_message_get_source (message) == DD_CHAT_SOURCE_ALERT &&
          strstr (dd_chat_message_get_text (message), part) != NULL)
        return TRUE;
    }
  return FALSE;
}

static DdOffer *
find_offer (Fixture    *fixture,
            const char *id)
{
  GListModel *offers = dd_drop_session_get_offers (fixture->session);

  for (guint i = 0; i < g_list_model_get_n_items (offers); i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (offers, i);

      if (g_str_equal (dd_offer_get_id (offer), id))
        return offer;  /* the model keeps it */
    }
  return NULL;
}

static guint
count_live (Fixture *fixture)
{
  GListModel *offers = dd_drop_session_get_offers (fixture->session);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (offers); i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (offers, i);

      n += dd_offer_get_state (offer) == DD_OFFER_STATE_LIVE;
    }
  return n;
}

static void
paused_cb (DdRollbackDesk *desk,
           DdOffer        *offer,
           const char     *reason,
           Fixture        *fixture)
{
  fixture->n_paused++;
}

/* One trigger on the hub backlog, over a window of 1 s (the session's own
 * sampler feeds the same signal: a reading 2 s ahead leaves its readings
 * out of the window and makes later ones "older", ignored). */
static void
use_backlog_trigger (DdRollbackDesk *desk,
                     const char     *target)
{
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (triggers, dd_rollback_trigger_new ("hub-backlog", DD_LIVE_SIGNAL_HUB_BACKLOG,
                                                      200, 120, G_USEC_PER_SEC, DD_ROLLBACK_ACTION_PAUSE_OFFER,
                                                      target));
  dd_rollback_desk_set_triggers (desk, triggers);
}

static void
test_pause_offer (Fixture       *fixture,
                  gconstpointer  data)
{
  DdRollbackDesk *desk = start_demo (fixture);
  DdOffer *offer = find_offer (fixture, TARGET_OFFER);
  DdLedgerEntry *entry;
  guint live_before;

  g_assert_nonnull (offer);
  g_assert_cmpint (dd_offer_get_state (offer), ==, DD_OFFER_STATE_LIVE);
  live_before = count_live (fixture);
  g_assert_cmpuint (live_before, >, 1);
  use_backlog_trigger (desk, TARGET_OFFER);
  g_signal_connect (desk, "paused", G_CALLBACK (paused_cb), fixture);

  /* Below the threshold: nothing happens. */
  dd_rollback_desk_observe (desk, DD_LIVE_SIGNAL_HUB_BACKLOG, g_get_real_time (), 150);
  dd_test_run_for (300);
  g_assert_cmpint (dd_offer_get_state (offer), ==, DD_OFFER_STATE_LIVE);
  g_assert_cmpuint (fixture->n_paused, ==, 0);

  dd_rollback_desk_observe (desk, DD_LIVE_SIGNAL_HUB_BACKLOG, g_get_real_time () + 2 * G_USEC_PER_SEC, 250);
  for (guint i = 0; i < 50 && fixture->n_paused == 0; i++)
    dd_test_run_for (100);
  g_assert_cmpuint (fixture->n_paused, ==, 1);
  g_assert_cmpint (dd_offer_get_state (offer), ==, DD_OFFER_STATE_PAUSED);
  /* Only the offer the trigger names. */
  dd_test_run_for (300);
  g_assert_cmpuint (fixture->n_paused, ==, 1);
  g_assert_cmpuint (count_live (fixture), <, live_before);
  g_assert_cmpuint (count_live (fixture), >, 0);

  /* The offer's ledger: the pause, by the trigger, naming it and its value. */
  load_ledger (fixture, "offer", TARGET_OFFER);
  entry = NULL;
  for (guint i = 0; i < fixture->loaded->len; i++)
    if (g_strcmp0 (dd_ledger_entry_get_after (g_ptr_array_index (fixture->loaded, i)), "paused") == 0)
      entry = g_ptr_array_index (fixture->loaded, i);
  g_assert_nonnull (entry);
  g_test_message ("offer ledger: %s %s -> %s: %s", dd_ledger_entry_get_field (entry),
                  dd_ledger_entry_get_before (entry), dd_ledger_entry_get_after (entry),
                  dd_ledger_entry_get_reason (entry));
  g_assert_cmpstr (dd_ledger_entry_get_actor (entry), ==, "Rollback trigger");
  g_assert_nonnull (strstr (dd_ledger_entry_get_reason (entry), "Rollback trigger hub-backlog"));
  g_assert_nonnull (strstr (dd_ledger_entry_get_reason (entry), "250 to pick"));

  /* The firing itself. */
  load_ledger (fixture, "rollback-trigger", "hub-backlog");
  g_assert_cmpuint (fixture->loaded->len, ==, 1);
  entry = g_ptr_array_index (fixture->loaded, 0);
  g_assert_cmpstr (dd_ledger_entry_get_before (entry), ==, "250 to pick");
  g_assert_cmpstr (dd_ledger_entry_get_after (entry), ==, "pause-offer:" TARGET_OFFER);

  g_assert_true (has_alert (fixture, "paused: Rollback trigger hub-backlog"));
  g_assert_true (wall_has_alert (fixture, "paused: Rollback trigger hub-backlog"));
}

/* A trigger that names no offer pauses every live one. */
static void
test_pause_all_live (Fixture       *fixture,
                     gconstpointer  data)
{
  DdRollbackDesk *desk = start_demo (fixture);
  guint live_before = count_live (fixture);

  g_assert_cmpuint (live_before, >, 1);
  use_backlog_trigger (desk, NULL);
  g_signal_connect (desk, "paused", G_CALLBACK (paused_cb), fixture);
  dd_rollback_desk_observe (desk, DD_LIVE_SIGNAL_HUB_BACKLOG, g_get_real_time () + 2 * G_USEC_PER_SEC, 400);
  for (guint i = 0; i < 50 && fixture->n_paused < live_before; i++)
    dd_test_run_for (100);
  g_assert_cmpuint (fixture->n_paused, ==, live_before);
  g_assert_cmpuint (count_live (fixture), ==, 0);
}

static void
fail_open_notify_cb (DdRollbackDesk *desk,
                     GParamSpec     *pspec,
                     Fixture        *fixture)
{
  fixture->n_fail_open_notifies++;
}

static void
test_fail_open (Fixture       *fixture,
                gconstpointer  data)
{
  DdRollbackDesk *desk = start_demo (fixture);
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Payment provider timed out");
  gint64 t0 = g_get_real_time ();
  g_autofree char *before = NULL;
  g_autofree char *during = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GDateTime) eta = NULL;
  g_autofree char *eta_text = NULL;

  g_signal_connect (desk, "notify::fail-open", G_CALLBACK (fail_open_notify_cb), fixture);
  g_assert_false (dd_rollback_desk_get_fail_open (desk));
  before = dd_rollback_desk_describe_checkout_error (desk, error);
  g_assert_cmpstr (before, ==, "Payment provider timed out");

  /* 1 %, then 7 % of checkouts fail: a mean of 4 %, under the default 5 %. */
  dd_rollback_desk_observe (desk, DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE, t0, 0.01);
  dd_rollback_desk_observe (desk, DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE, t0 + G_USEC_PER_SEC, 0.07);
  g_assert_false (dd_rollback_desk_get_fail_open (desk));

  /* 17 %: (0.01 + 0.07 + 0.17) / 3 = 8.3 % over the window. */
  dd_rollback_desk_observe (desk, DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE, t0 + 2 * G_USEC_PER_SEC, 0.17);
  g_assert_true (dd_rollback_desk_get_fail_open (desk));
  g_assert_cmpuint (fixture->n_fail_open_notifies, ==, 1);
  /* The ETA: the earliest the 60 s window can have cleared. */
  g_assert_cmpint (dd_rollback_desk_get_fail_open_eta (desk), ==, t0 + G_USEC_PER_SEC * 62);
  eta = g_date_time_new_from_unix_local ((t0 + G_USEC_PER_SEC * 62) / G_USEC_PER_SEC);
  eta_text = g_date_time_format (eta, "Pending, ETA %H:%M");
  g_assert_true (g_str_has_prefix (dd_rollback_desk_get_fail_open_message (desk), eta_text));
  during = dd_rollback_desk_describe_checkout_error (desk, error);
  g_assert_cmpstr (during, ==, dd_rollback_desk_get_fail_open_message (desk));
  g_assert_null (strstr (during, "timed out"));

  /* Still bad a little later: holds, no second firing. */
  dd_rollback_desk_observe (desk, DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE, t0 + 30 * G_USEC_PER_SEC, 0.06);
  g_assert_true (dd_rollback_desk_get_fail_open (desk));

  /* Recovered: the bad readings left the window. */
  dd_rollback_desk_observe (desk, DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE, t0 + 95 * G_USEC_PER_SEC, 0.0);
  g_assert_false (dd_rollback_desk_get_fail_open (desk));
  g_assert_null (dd_rollback_desk_get_fail_open_message (desk));
  g_assert_cmpint (dd_rollback_desk_get_fail_open_eta (desk), ==, 0);
  g_assert_cmpuint (fixture->n_fail_open_notifies, ==, 2);
  after = dd_rollback_desk_describe_checkout_error (desk, error);
  g_assert_cmpstr (after, ==, "Payment provider timed out");
  g_assert_true (has_alert (fixture, "Checkout recovered"));

  /* One firing in the ledger, with the value that fired it. */
  dd_test_run_for (200);
  load_ledger (fixture, "rollback-trigger", "checkout-errors");
  g_assert_cmpuint (fixture->loaded->len, ==, 1);
  g_assert_cmpstr (dd_ledger_entry_get_before (g_ptr_array_index (fixture->loaded, 0)), ==, "8.3 %");
  g_assert_cmpstr (dd_ledger_entry_get_after (g_ptr_array_index (fixture->loaded, 0)), ==, "fail-open");
}

static void
page_cb (DdRollbackDesk    *desk,
         DdRollbackTrigger *trigger,
         const char        *text,
         Fixture           *fixture)
{
  g_ptr_array_add (fixture->pages, g_strdup_printf ("%s: %s", dd_rollback_trigger_get_id (trigger), text));
}

static void
test_page_engineer (Fixture       *fixture,
                    gconstpointer  data)
{
  DdRollbackDesk *desk = start_demo (fixture);
  gint64 t0 = g_get_real_time ();

  g_signal_connect (desk, "page", G_CALLBACK (page_cb), fixture);
  /* The outbox 45 s behind (default: 30 s over 30 s pages). */
  dd_rollback_desk_observe (desk, DD_LIVE_SIGNAL_SYNC_LAG, t0, 12);
  g_assert_cmpuint (fixture->pages->len, ==, 0);
  dd_rollback_desk_observe (desk, DD_LIVE_SIGNAL_SYNC_LAG, t0 + G_USEC_PER_SEC, 78);
  g_assert_cmpuint (fixture->pages->len, ==, 1);
  g_test_message ("%s", (const char *) g_ptr_array_index (fixture->pages, 0));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->pages, 0), "sync-lag: Sync lag 45 s"));
  /* Still lagging: paged once. */
  dd_rollback_desk_observe (desk, DD_LIVE_SIGNAL_SYNC_LAG, t0 + 2 * G_USEC_PER_SEC, 90);
  g_assert_cmpuint (fixture->pages->len, ==, 1);

  g_assert_true (has_alert (fixture, "Engineer on-call paged: Sync lag 45 s"));
  g_assert_true (wall_has_alert (fixture, "Engineer on-call paged: Sync lag 45 s"));
  dd_test_run_for (200);
  load_ledger (fixture, "rollback-trigger", "sync-lag");
  g_assert_cmpuint (fixture->loaded->len, ==, 1);
  g_assert_cmpstr (dd_ledger_entry_get_after (g_ptr_array_index (fixture->loaded, 0)), ==, "page-engineer");
}

static DdRollbackTrigger *
find_trigger (DdRollbackDesk *desk,
              const char     *id)
{
  GPtrArray *triggers = dd_rollback_desk_get_triggers (desk);

  for (guint i = 0; i < triggers->len; i++)
    if (g_str_equal (dd_rollback_trigger_get_id (g_ptr_array_index (triggers, i)), id))
      return g_ptr_array_index (triggers, i);
  return NULL;
}

static void
keep_result_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* An edit that cannot be sent: it waits in the outbox (the demo has no
 * store to send it to). */
static void
leave_unsent_edit (Fixture *fixture)
{
  g_autoptr(DdOfferEditing) editing = dd_offer_editing_new (dd_drop_session_get_store (fixture->session));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DdOfferEditContext who = { "Jonas Weber", DD_ROLE_OPS_LEAD, NULL, NULL, 0 };

  dd_offer_editing_set_field_async (editing, find_offer (fixture, TARGET_OFFER), DD_OFFER_FIELD_TITLE,
                                    "Box Tee, White, M (restocked)", &who, NULL, keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (dd_offer_editing_finish (editing, result, NULL, &error));
  g_assert_no_error (error);
}

/* The sampler reads the outbox: no reading while the drop's edits are not
 * meant to be synced; with a commerce account, 0 while nothing waits, then
 * the age of the oldest unsent edit, growing until it pages the Engineer
 * on-call. */
static void
test_live_sync_lag (Fixture       *fixture,
                    gconstpointer  data)
{
  DdRollbackDesk *desk = start_demo (fixture);
  DdRollbackTrigger *trigger = find_trigger (desk, "sync-lag");
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_object_unref);

  g_signal_connect (desk, "page", G_CALLBACK (page_cb), fixture);
  dd_test_run_for (2500);
  g_assert_false (dd_rollback_trigger_has_readings (trigger));

  dd_drop_session_set_measures_sync_lag (fixture->session, TRUE);
  for (guint i = 0; i < 50 && !dd_rollback_trigger_has_readings (trigger); i++)
    dd_test_run_for (100);
  g_assert_true (dd_rollback_trigger_has_readings (trigger));
  g_assert_cmpfloat (dd_rollback_trigger_get_value (trigger), ==, 0);

  /* 3 s behind, held over 1 s, pages. */
  g_ptr_array_add (triggers, dd_rollback_trigger_new ("sync-lag", DD_LIVE_SIGNAL_SYNC_LAG, 3, 1, G_USEC_PER_SEC,
                                                      DD_ROLLBACK_ACTION_PAGE_ENGINEER, NULL));
  dd_rollback_desk_set_triggers (desk, triggers);
  trigger = find_trigger (desk, "sync-lag");
  leave_unsent_edit (fixture);
  for (guint i = 0; i < 100 && fixture->pages->len == 0; i++)
    dd_test_run_for (100);
  g_assert_cmpuint (fixture->pages->len, ==, 1);
  g_test_message ("%s", (const char *) g_ptr_array_index (fixture->pages, 0));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->pages, 0), "sync-lag: Sync lag "));
  g_assert_cmpfloat (dd_rollback_trigger_get_value (trigger), >=, 3);
  g_assert_cmpfloat (dd_rollback_trigger_get_value (trigger), <, 30);
}

static JsonObject *
preflight_report (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

/* A preflight's checkout error rate becomes the checkout-errors reading,
 * fed again at every sample: 10 % failed checkouts make the drop fail
 * open, and it recovers once a later run's probes pass. A run without
 * checkout probes changes nothing. */
static void
test_live_checkout_errors (Fixture       *fixture,
                           gconstpointer  data)
{
  DdRollbackDesk *desk = start_demo (fixture);
  DdRollbackTrigger *trigger = find_trigger (desk, "checkout-errors");
  g_autoptr(JsonObject) chat_only = preflight_report ("{\"chat\": {\"count\": 900, \"errors\": 0}}");
  g_autoptr(JsonObject) failing = preflight_report ("{\"checkout\": {\"count\": 180, \"errors\": 20, "
                                                    "\"error_rate\": 0.1}}");
  g_autoptr(JsonObject) recovered = preflight_report ("{\"checkout\": {\"count\": 200, \"errors\": 0, "
                                                      "\"error_rate\": 0}}");
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_object_unref);

  dd_drop_session_observe_checkout_probes (fixture->session, chat_only);
  dd_test_run_for (2500);
  g_assert_false (dd_rollback_trigger_has_readings (trigger));

  /* Over 1 s: the mean of the readings in the last second. */
  g_ptr_array_add (triggers, dd_rollback_trigger_new ("checkout-errors", DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE,
                                                      0.05, 0.02, G_USEC_PER_SEC, DD_ROLLBACK_ACTION_FAIL_OPEN, NULL));
  dd_rollback_desk_set_triggers (desk, triggers);
  trigger = find_trigger (desk, "checkout-errors");
  dd_drop_session_observe_checkout_probes (fixture->session, failing);
  g_assert_true (dd_rollback_trigger_has_readings (trigger));
  g_assert_cmpfloat (dd_rollback_trigger_get_value (trigger), ==, 0.1);
  g_assert_true (dd_rollback_desk_get_fail_open (desk));

  /* The next run's probes all pass: at once the mean is still 5 %; the
   * sampler's next readings of 0 clear it. */
  dd_drop_session_observe_checkout_probes (fixture->session, recovered);
  g_assert_true (dd_rollback_desk_get_fail_open (desk));
  for (guint i = 0; i < 60 && dd_rollback_desk_get_fail_open (desk); i++)
    dd_test_run_for (100);
  g_assert_false (dd_rollback_desk_get_fail_open (desk));
  g_assert_cmpfloat (dd_rollback_trigger_get_value (trigger), ==, 0);
  g_assert_true (has_alert (fixture, "Checkout recovered"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/engine/rollback/pause-offer", Fixture, NULL,
              fixture_setup, test_pause_offer, fixture_teardown);
  g_test_add ("/dropdeck/engine/rollback/pause-all-live", Fixture, NULL,
              fixture_setup, test_pause_all_live, fixture_teardown);
  g_test_add ("/dropdeck/engine/rollback/fail-open", Fixture, NULL,
              fixture_setup, test_fail_open, fixture_teardown);
  g_test_add ("/dropdeck/engine/rollback/page-engineer", Fixture, NULL,
              fixture_setup, test_page_engineer, fixture_teardown);
  g_test_add ("/dropdeck/engine/rollback/live-sync-lag", Fixture, NULL,
              fixture_setup, test_live_sync_lag, fixture_teardown);
  g_test_add ("/dropdeck/engine/rollback/live-checkout-errors", Fixture, NULL,
              fixture_setup, test_live_checkout_errors, fixture_teardown);

  return g_test_run ();
}
