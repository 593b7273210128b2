/* test-fulfilment.c — a demo drop's suggested stock moves and oversell guard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-drop-session.h"
#include "dd-test-util.h"

#define GUARDED_OFFER "offer-ht01-wht-m"
#define GUARDED_SKU   "HT01-WHT-M"

typedef struct
{
  char          *dir;
  DdDropSession *session;
  gboolean       done;
  GError        *error;
  GPtrArray     *alerts;
  GPtrArray     *loaded;
  gint64         count;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = dd_test_make_tmpdir ();
  fixture->alerts = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->session != NULL)
    dd_drop_session_stop (fixture->session);
  g_clear_object (&fixture->session);
  g_clear_error (&fixture->error);
  g_clear_pointer (&fixture->alerts, g_ptr_array_unref);
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

static void
start_demo (Fixture *fixture)
{
  fixture->session = dd_drop_session_new_demo (fixture->dir);
  /* More buyers: the demo orders 0.5 + rate / 250 a second. */
  dd_drop_session_set_chat_rate (fixture->session, 750);
  g_signal_connect (fixture->session, "alert", G_CALLBACK (alert_cb), fixture);
  dd_test_start_session (fixture->session);
}

static DdStockLevel *
find_level (Fixture    *fixture,
            const char *hub_id,
            const char *sku)
{
  GListModel *stock = dd_drop_session_get_stock (fixture->session);

  for (guint i = 0; i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (stock, i);

      if (g_str_equal (dd_stock_level_get_hub_id (level), hub_id) &&
          g_str_equal (dd_stock_level_get_sku (level), sku))
        return level;  /* the model keeps it */
    }

  return NULL;
}

static void
accepted_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Fixture *fixture = user_data;

  dd_drop_session_accept_move_finish (DD_DROP_SESSION (source), result, &fixture->error);
  fixture->done = TRUE;
}

static void
load_ledger (Fixture    *fixture,
             const char *entity,
             const char *entity_id)
{
  g_clear_pointer (&fixture->loaded, g_ptr_array_unref);
  fixture->loaded = dd_test_load_ledger (dd_drop_session_get_store (fixture->session), entity, entity_id);
}

static void
counted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->count = dd_store_count_finish (DD_STORE (source), result, &fixture->error);
  fixture->done = TRUE;
}

static gint64
count_pending_outbox (Fixture *fixture)
{
  fixture->done = FALSE;
  dd_store_count_outbox_async (dd_drop_session_get_store (fixture->session), NULL, counted_cb, fixture);
  g_assert_true (dd_test_wait_for (&fixture->done, 5000));
  g_assert_no_error (fixture->error);
  return fixture->count;
}

/* Orders flow for a while; the planner then suggests moves from hubs
 * that sell slowly to hubs that sell fast. Accepting one moves the units
 * at once and stores both ends, each with a ledger and an outbox entry. */
static void
test_accept_move (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DdMoveSuggestion) move = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *entity_id = NULL;
  DdStockLevel *from, *to;
  gint64 from_before, to_before, from_allocated, to_allocated, quantity, outbox_before;
  GListModel *moves;
  guint suggested = 0;

  start_demo (fixture);
  moves = dd_drop_session_get_move_suggestions (fixture->session);
  for (guint i = 0; i < 60 && suggested == 0; i++)
    {
      dd_test_run_for (500);
      suggested = dd_drop_session_suggest_moves (fixture->session, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (suggested, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (moves), ==, suggested);

  move = g_list_model_get_item (moves, 0);
  g_assert_cmpint (dd_move_suggestion_get_quantity (move), >, 0);
  g_assert_cmpint (dd_move_suggestion_get_improvement (move), >, 0);
  g_assert_cmpstr (dd_move_suggestion_get_from_hub_id (move), !=, dd_move_suggestion_get_to_hub_id (move));

  /* A role without the permission changes nothing. */
  fixture->done = FALSE;
  dd_drop_session_accept_move_async (fixture->session, move, "Mo", DD_ROLE_MOD_TRUST_LEAD, NULL,
                                     accepted_cb, fixture);
  g_assert_true (dd_test_wait_for (&fixture->done, 5000));
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&fixture->error);
  g_assert_cmpint (dd_move_suggestion_get_state (move), ==, DD_MOVE_SUGGESTION_PENDING);

  /* The demo keeps selling: freeze it so the numbers below are exact. */
  dd_drop_session_set_guard_threshold (fixture->session, 0);
  for (guint i = 0; i < g_list_model_get_n_items (dd_drop_session_get_offers (fixture->session)); i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (dd_drop_session_get_offers (fixture->session), i);

      if (dd_offer_get_state (offer) == DD_OFFER_STATE_LIVE)
        dd_offer_set_state (offer, DD_OFFER_STATE_PAUSED);
    }
  dd_test_run_for (300);

  quantity = dd_move_suggestion_get_quantity (move);
  from = find_level (fixture, dd_move_suggestion_get_from_hub_id (move), dd_move_suggestion_get_sku (move));
  to = find_level (fixture, dd_move_suggestion_get_to_hub_id (move), dd_move_suggestion_get_sku (move));
  g_assert_nonnull (from);
  g_assert_nonnull (to);
  from_before = dd_stock_level_get_on_hand (from);
  to_before = dd_stock_level_get_on_hand (to);
  from_allocated = dd_stock_level_get_allocated (from);
  to_allocated = dd_stock_level_get_allocated (to);
  outbox_before = count_pending_outbox (fixture);

  fixture->done = FALSE;
  dd_drop_session_accept_move_async (fixture->session, move, "Olu", DD_ROLE_OPS_LEAD, NULL,
                                     accepted_cb, fixture);
  g_assert_true (dd_test_wait_for (&fixture->done, 5000));
  g_assert_no_error (fixture->error);

  g_assert_cmpint (dd_move_suggestion_get_state (move), ==, DD_MOVE_SUGGESTION_ACCEPTED);
  g_assert_true (g_list_store_find (G_LIST_STORE (moves), move, NULL));
  g_assert_cmpint (dd_stock_level_get_on_hand (from), ==, from_before - quantity);
  g_assert_cmpint (dd_stock_level_get_on_hand (to), ==, to_before + quantity);
  /* What was allocated to the offer moved with the units. */
  g_assert_cmpint (dd_stock_level_get_allocated (from) + dd_stock_level_get_allocated (to), ==,
                   from_allocated + to_allocated);
  g_assert_cmpint (dd_stock_level_get_reserved (from) + dd_stock_level_get_allocated (from), <=,
                   dd_stock_level_get_on_hand (from));

  /* One outbox entry per end, and a ledger entry naming the move. */
  g_assert_cmpint (count_pending_outbox (fixture), ==, outbox_before + 2);
  entity_id = g_strconcat (dd_move_suggestion_get_to_hub_id (move), "/", dd_move_suggestion_get_sku (move), NULL);
  load_ledger (fixture, "stock", entity_id);
  g_assert_cmpuint (fixture->loaded->len, ==, 1);
  {
    DdLedgerEntry *entry = g_ptr_array_index (fixture->loaded, 0);
    g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, to_before + quantity);

    g_assert_cmpstr (dd_ledger_entry_get_field (entry), ==, "on_hand");
    g_assert_cmpstr (dd_ledger_entry_get_after (entry), ==, after);
    g_assert_cmpstr (dd_ledger_entry_get_actor (entry), ==, "Olu");
    g_assert_nonnull (strstr (dd_ledger_entry_get_reason (entry), dd_move_suggestion_get_from_name (move)));
    g_assert_nonnull (strstr (dd_ledger_entry_get_reason (entry), "accepted from the planner"));
  }

  /* Accepting twice does nothing more. */
  fixture->done = FALSE;
  dd_drop_session_accept_move_async (fixture->session, move, "Olu", DD_ROLE_OPS_LEAD, NULL,
                                     accepted_cb, fixture);
  g_assert_true (dd_test_wait_for (&fixture->done, 5000));
  g_assert_nonnull (fixture->error);
  g_clear_error (&fixture->error);
  g_assert_cmpint (dd_stock_level_get_on_hand (to), ==, to_before + quantity);
}

/* A rejected move leaves the list and does not come back. */
static void
test_reject_move (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DdMoveSuggestion) move = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *moves;
  guint suggested = 0;

  start_demo (fixture);
  moves = dd_drop_session_get_move_suggestions (fixture->session);
  for (guint i = 0; i < 60 && suggested == 0; i++)
    {
      dd_test_run_for (500);
      suggested = dd_drop_session_suggest_moves (fixture->session, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (suggested, >, 0);

  move = g_list_model_get_item (moves, 0);
  dd_drop_session_reject_move (fixture->session, move, "Olu", DD_ROLE_OPS_LEAD);
  g_assert_cmpint (dd_move_suggestion_get_state (move), ==, DD_MOVE_SUGGESTION_REJECTED);
  g_assert_false (g_list_store_find (G_LIST_STORE (moves), move, NULL));

  /* The decision is in the ledger. */
  {
    g_autofree char *entity_id = g_strjoin ("/", dd_move_suggestion_get_from_hub_id (move),
                                            dd_move_suggestion_get_to_hub_id (move),
                                            dd_move_suggestion_get_sku (move), NULL);
    DdLedgerEntry *entry;

    load_ledger (fixture, "stock_move", entity_id);
    g_assert_cmpuint (fixture->loaded->len, ==, 1);
    entry = g_ptr_array_index (fixture->loaded, 0);
    g_assert_cmpstr (dd_ledger_entry_get_after (entry), ==, "rejected");
    g_assert_cmpstr (dd_ledger_entry_get_actor (entry), ==, "Olu");
    g_assert_cmpstr (dd_ledger_entry_get_role (entry), ==, "ops-lead");
  }

  dd_drop_session_suggest_moves (fixture->session, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (moves); i++)
    {
      g_autoptr(DdMoveSuggestion) other = g_list_model_get_item (moves, i);

      g_assert_false (g_str_equal (dd_move_suggestion_get_from_hub_id (other), dd_move_suggestion_get_from_hub_id (move)) &&
                      g_str_equal (dd_move_suggestion_get_to_hub_id (other), dd_move_suggestion_get_to_hub_id (move)) &&
                      g_str_equal (dd_move_suggestion_get_sku (other), dd_move_suggestion_get_sku (move)));
    }
}

/* Pauses every live offer but GUARDED_OFFER (the model keeps it). */
static DdOffer *
keep_only_guarded_live (Fixture *fixture)
{
  GListModel *offers = dd_drop_session_get_offers (fixture->session);
  DdOffer *guarded = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (offers); i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (offers, i);

      if (g_str_equal (dd_offer_get_id (offer), GUARDED_OFFER))
        guarded = offer;
      else if (dd_offer_get_state (offer) == DD_OFFER_STATE_LIVE)
        dd_offer_set_state (offer, DD_OFFER_STATE_PAUSED);
    }
  g_assert_nonnull (guarded);

  return guarded;
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

/* The scenario: one two-hour offer is live. One hub can keep the
 * two-hour promise and holds 3 of its units; the other hubs hold more but
 * have no courier, so they cannot. The guard caps the offer to what Mitte
 * has, and pauses it when Mitte has none left, while units remain
 * elsewhere: before a two-hour promise is sold that no hub can keep. */
static void
test_guard_pauses (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *hubs, *stock;
  g_autofree char *express = NULL;
  g_autofree char *pause_alert = NULL;
  DdOffer *guarded = NULL;
  gint64 elsewhere = 0;
  gboolean paused = FALSE;

  start_demo (fixture);
  hubs = dd_drop_session_get_hubs (fixture->session);
  stock = dd_drop_session_get_stock (fixture->session);

  guarded = keep_only_guarded_live (fixture);
  g_assert_cmpint (dd_offer_get_state (guarded), ==, DD_OFFER_STATE_LIVE);
  g_assert_cmpint (dd_offer_get_latency_bucket (guarded), ==, DD_LATENCY_BUCKET_TWO_HOURS);

  /* The express hub: the first that carries the SKU. */
  for (guint i = 0; i < g_list_model_get_n_items (stock) && express == NULL; i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (stock, i);

      if (g_str_equal (dd_stock_level_get_sku (level), GUARDED_SKU))
        express = g_strdup (dd_stock_level_get_hub_id (level));
    }
  g_assert_nonnull (express);
  for (guint i = 0; i < g_list_model_get_n_items (hubs); i++)
    {
      g_autoptr(DdHub) hub = g_list_model_get_item (hubs, i);

      if (g_str_equal (dd_hub_get_id (hub), express))
        pause_alert = g_strdup_printf ("Paused: no units of %s left at %s", GUARDED_SKU, dd_hub_get_name (hub));
      else
        dd_hub_set_couriers (hub, 0);
    }
  for (guint i = 0; i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (stock, i);
      gint64 allocated = dd_stock_level_get_allocated (level);

      if (!g_str_equal (dd_stock_level_get_sku (level), GUARDED_SKU))
        continue;
      if (g_str_equal (dd_stock_level_get_hub_id (level), express))
        g_assert_true (dd_stock_level_deallocate (level, allocated - 3, NULL));
      else
        elsewhere += allocated;
    }
  g_assert_cmpint (elsewhere, >, 4);

  for (guint i = 0; i < 300 && !paused; i++)
    {
      dd_test_run_for (100);
      paused = has_alert (fixture, pause_alert);
    }
  g_assert_cmpint (dd_offer_get_state (guarded), ==, DD_OFFER_STATE_PAUSED);
  for (guint i = 0; i < fixture->alerts->len; i++)
    g_test_message ("alert: %s", (const char *) g_ptr_array_index (fixture->alerts, i));
  g_assert_true (has_alert (fixture, "Capped to"));
  g_assert_true (paused);

  /* Units were left at hubs that cannot deliver in two hours: the offer
   * was paused, not sold out. */
  elsewhere = 0;
  for (guint i = 0; i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (stock, i);

      if (g_str_equal (dd_stock_level_get_sku (level), GUARDED_SKU) &&
          !g_str_equal (dd_stock_level_get_hub_id (level), express))
        elsewhere += dd_stock_level_get_allocated (level);
    }
  g_assert_cmpint (elsewhere, >, 0);

  /* The ledger names the reason, through the offer's lifecycle. */
  dd_test_run_for (300);
  load_ledger (fixture, "offer", GUARDED_OFFER);
  {
    gboolean found_pause = FALSE, found_cap = FALSE;

    for (guint i = 0; i < fixture->loaded->len; i++)
      {
        DdLedgerEntry *entry = g_ptr_array_index (fixture->loaded, i);
        const char *reason = dd_ledger_entry_get_reason (entry);

        if (g_strcmp0 (dd_ledger_entry_get_field (entry), "state") == 0 &&
            g_strcmp0 (dd_ledger_entry_get_after (entry), "paused") == 0 &&
            reason != NULL && strstr (reason, "Paused: no units") != NULL)
          found_pause = TRUE;
        if (g_strcmp0 (dd_ledger_entry_get_field (entry), "stock_allocated") == 0 &&
            reason != NULL && strstr (reason, "Capped to") != NULL)
          found_cap = TRUE;
      }
    g_assert_true (found_cap);
    g_assert_true (found_pause);
  }
}

/* The offer's stock is lowered to two more units than it sold: buyers buy
 * those two and no more, though the hubs hold plenty, and the offer goes
 * sold out through its lifecycle, with a ledger entry and an alert. */
static void
test_sold_out_at_stock (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *alert = NULL;
  DdOffer *guarded;
  guint stock;

  start_demo (fixture);
  guarded = keep_only_guarded_live (fixture);
  stock = dd_offer_get_units_sold (guarded) + 2;
  dd_offer_set_stock_allocated (guarded, stock);
  alert = g_strdup_printf ("Sold out: all %u units are sold", stock);

  for (guint i = 0; i < 100 && !has_alert (fixture, alert); i++)
    dd_test_run_for (100);
  g_assert_true (has_alert (fixture, alert));
  g_assert_cmpint (dd_offer_get_state (guarded), ==, DD_OFFER_STATE_SOLD_OUT);
  g_assert_false (has_alert (fixture, "Paused"));
  g_assert_false (has_alert (fixture, "Capped to"));

  /* No more orders: exactly the stock was sold. */
  dd_test_run_for (500);
  g_assert_cmpuint (dd_offer_get_units_sold (guarded), ==, stock);

  load_ledger (fixture, "offer", GUARDED_OFFER);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < fixture->loaded->len; i++)
      {
        DdLedgerEntry *entry = g_ptr_array_index (fixture->loaded, i);

        if (g_strcmp0 (dd_ledger_entry_get_field (entry), "state") == 0 &&
            g_strcmp0 (dd_ledger_entry_get_before (entry), "live") == 0 &&
            g_strcmp0 (dd_ledger_entry_get_after (entry), "sold-out") == 0 &&
            g_strcmp0 (dd_ledger_entry_get_reason (entry), alert) == 0)
          found = TRUE;
      }
    g_assert_true (found);
  }
}

/* The delivery promise per hub area: a two-hour offer with stock near
 * every hub promises two hours there, until no hub can pick in time. */
static void
test_promise_counts (Fixture       *fixture,
                     gconstpointer  data)
{
  guint counts[DD_N_LATENCY_BUCKETS];
  GListModel *hubs;
  g_autoptr(DdOffer) offer = NULL;
  guint n_hubs, total = 0;

  start_demo (fixture);
  hubs = dd_drop_session_get_hubs (fixture->session);
  n_hubs = g_list_model_get_n_items (hubs);
  for (guint i = 0; i < g_list_model_get_n_items (dd_drop_session_get_offers (fixture->session)) && offer == NULL; i++)
    {
      g_autoptr(DdOffer) candidate = g_list_model_get_item (dd_drop_session_get_offers (fixture->session), i);

      if (g_str_equal (dd_offer_get_id (candidate), GUARDED_OFFER))
        offer = g_steal_pointer (&candidate);
    }
  g_assert_nonnull (offer);

  dd_drop_session_count_promises (fixture->session, offer, counts);
  for (guint b = 0; b < DD_N_LATENCY_BUCKETS; b++)
    total += counts[b];
  g_assert_cmpuint (total, ==, n_hubs);
  g_assert_cmpuint (counts[DD_LATENCY_BUCKET_TWO_HOURS], ==, n_hubs);

  /* No courier anywhere: nobody gets it within two hours. */
  for (guint i = 0; i < n_hubs; i++)
    {
      g_autoptr(DdHub) hub = g_list_model_get_item (hubs, i);

      dd_hub_set_couriers (hub, 0);
    }
  dd_drop_session_count_promises (fixture->session, offer, counts);
  g_assert_cmpuint (counts[DD_LATENCY_BUCKET_TWO_HOURS], ==, 0);
  g_assert_cmpuint (counts[DD_LATENCY_BUCKET_SAME_DAY] + counts[DD_LATENCY_BUCKET_NEXT_DAY], ==, n_hubs);
}

/* The couriers go home: no hub can keep the two-hour promise any more,
 * and the guard pauses the offer at its sweep every few seconds (buyers
 * no longer get it: no hub could deliver it in time). */
static void
test_guard_sweep (Fixture       *fixture,
                  gconstpointer  data)
{
  GListModel *hubs;
  DdOffer *guarded = NULL;
  g_autofree char *alert = g_strdup_printf ("Paused: no hub can keep the delivery promise for %s", GUARDED_SKU);
  gboolean paused = FALSE;

  start_demo (fixture);
  hubs = dd_drop_session_get_hubs (fixture->session);
  guarded = keep_only_guarded_live (fixture);

  for (guint i = 0; i < g_list_model_get_n_items (hubs); i++)
    {
      g_autoptr(DdHub) hub = g_list_model_get_item (hubs, i);

      dd_hub_set_couriers (hub, 0);
    }
  for (guint i = 0; i < 100 && !paused; i++)
    {
      dd_test_run_for (100);
      paused = has_alert (fixture, alert);
    }
  g_assert_true (paused);
  g_assert_cmpint (dd_offer_get_state (guarded), ==, DD_OFFER_STATE_PAUSED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/engine/fulfilment/accept-move", Fixture, NULL,
              fixture_setup, test_accept_move, fixture_teardown);
  g_test_add ("/dropdeck/engine/fulfilment/reject-move", Fixture, NULL,
              fixture_setup, test_reject_move, fixture_teardown);
  g_test_add ("/dropdeck/engine/fulfilment/promise-per-hub-area", Fixture, NULL,
              fixture_setup, test_promise_counts, fixture_teardown);
  g_test_add ("/dropdeck/engine/fulfilment/guard-pauses-before-promise-breaks", Fixture, NULL,
              fixture_setup, test_guard_pauses, fixture_teardown);
  g_test_add ("/dropdeck/engine/fulfilment/sold-out-when-stock-is-sold", Fixture, NULL,
              fixture_setup, test_sold_out_at_stock, fixture_teardown);
  g_test_add ("/dropdeck/engine/fulfilment/guard-pauses-when-couriers-leave", Fixture, NULL,
              fixture_setup, test_guard_sweep, fixture_teardown);

  return g_test_run ();
}
