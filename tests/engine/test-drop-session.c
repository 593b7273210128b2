/* test-drop-session.c — a headless demo drop: chat arrives, orders deplete stock, all is kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-drop-session.h"
#include "dd-squad-member.h"
#include "dd-store-sync.h"
#include "dd-test-util.h"

typedef struct
{
  char          *dir;
  DdDropSession *session;
  gboolean       started;
  gboolean       signed_off;
  GError        *error;
  guint          chat_batches;
  guint          order_notifies;
  GPtrArray     *alerts;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = dd_test_make_tmpdir ();
  fixture->alerts = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_error (&fixture->error);
  g_clear_pointer (&fixture->alerts, g_ptr_array_unref);
  dd_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *fixture = user_data;

  dd_drop_session_start_finish (DD_DROP_SESSION (source), result, &fixture->error);
  fixture->started = TRUE;
}

static void
chat_batch_cb (DdDropSession *session,
               guint          n_added,
               Fixture       *fixture)
{
  g_assert_cmpuint (n_added, >, 0);
  fixture->chat_batches++;
}

static void
order_count_notify_cb (GObject    *object,
                       GParamSpec *pspec,
                       Fixture    *fixture)
{
  fixture->order_notifies++;
}

static void
alert_cb (DdDropSession *session,
          DdChatMessage *alert,
          Fixture       *fixture)
{
  g_ptr_array_add (fixture->alerts, g_object_ref (alert));
}

static void
start_session (Fixture *fixture,
               double   rate)
{
  g_clear_object (&fixture->session);
  fixture->started = FALSE;
  fixture->session = dd_drop_session_new_demo (fixture->dir);
  dd_drop_session_set_chat_rate (fixture->session, rate);
  g_signal_connect (fixture->session, "chat-batch", G_CALLBACK (chat_batch_cb), fixture);
  g_signal_connect (fixture->session, "notify::order-count", G_CALLBACK (order_count_notify_cb), fixture);
  g_signal_connect (fixture->session, "alert", G_CALLBACK (alert_cb), fixture);

  dd_drop_session_start_async (fixture->session, NULL, started_cb, fixture);
  g_assert_true (dd_test_wait_for (&fixture->started, 10000));
  g_assert_no_error (fixture->error);
}

static gint64
sum_units (GListModel *orders)
{
  gint64 units = 0;

  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(DdOrder) order = g_list_model_get_item (orders, i);
      units += dd_order_get_quantity (order);
    }

  return units;
}

static void
assert_stock_sound (GListModel *stock)
{
  for (guint i = 0; i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (stock, i);

      g_assert_cmpint (dd_stock_level_get_allocated (level), >=, 0);
      g_assert_cmpint (dd_stock_level_get_reserved (level), >=, 0);
      g_assert_cmpint (dd_stock_level_get_available (level), >=, 0);
      g_assert_cmpint (dd_stock_level_get_reserved (level) + dd_stock_level_get_allocated (level), <=,
                       dd_stock_level_get_on_hand (level));
    }
}

/* Units each SKU has left to sell (allocated) plus sold (reserved or gone). */
static gint64
total_allocated (GListModel *stock)
{
  gint64 total = 0;

  for (guint i = 0; i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (stock, i);
      total += dd_stock_level_get_allocated (level);
    }

  return total;
}

static void
test_headless_demo (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) saved_orders = NULL;
  g_autoptr(GPtrArray) saved_stock = NULL;
  g_autoptr(GPtrArray) saved_offers = NULL;
  g_autofree char *path = NULL;
  gint64 allocated_before, allocated_after, archived;
  guint64 orders, units, messages;
  DdMoney revenue;

  start_session (fixture, 2500.0);

  g_assert_true (dd_drop_session_is_demo (fixture->session));
  g_assert_cmpstr (dd_drop_session_get_title (fixture->session), ==, "Autumn Sneaker & Streetwear Drop");
  g_assert_cmpint (dd_drop_session_get_start_time (fixture->session), >, g_get_real_time ());
  g_assert_cmpuint (g_list_model_get_n_items (dd_drop_session_get_offers (fixture->session)), >=, 20);
  g_assert_cmpuint (g_list_model_get_n_items (dd_drop_session_get_hubs (fixture->session)), >=, 5);
  g_assert_cmpuint (g_list_model_get_n_items (dd_drop_session_get_checklists (fixture->session)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (dd_drop_session_get_squad_members (fixture->session)), ==, DD_N_ROLES);
  for (int s = DD_SERVICE_COMMERCE; s <= DD_SERVICE_AUDIENCE; s++)
    {
      DdConnectivity *connectivity = dd_drop_session_get_connectivity (fixture->session, s);

      g_assert_cmpint (dd_connectivity_get_state (connectivity), ==, DD_CONNECTIVITY_ONLINE);
      g_assert_true (g_str_has_prefix (dd_connectivity_get_detail (connectivity), "Demo drop: simulated"));
    }

  allocated_before = total_allocated (dd_drop_session_get_stock (fixture->session));
  dd_test_run_for (2000);

  messages = dd_drop_session_get_messages_received (fixture->session);
  orders = dd_drop_session_get_order_count (fixture->session);
  units = dd_drop_session_get_units_sold (fixture->session);
  g_test_message ("%" G_GUINT64_FORMAT " messages, %" G_GUINT64_FORMAT " orders, %" G_GUINT64_FORMAT " units, %u batches",
                  messages, orders, units, fixture->chat_batches);

  g_assert_cmpuint (messages, >, 2500);
  g_assert_cmpuint (g_list_model_get_n_items (dd_drop_session_get_chat (fixture->session)), ==, MIN (messages, 5000));
  g_assert_cmpuint (fixture->chat_batches, <=, 2 * 65);
  g_assert_cmpfloat (dd_drop_session_get_measured_chat_rate (fixture->session), >, 1000.0);
  /* 0.5 + 2500/250 = 10.5 orders a second. */
  g_assert_cmpuint (orders, >, 5);
  g_assert_cmpuint (g_list_model_get_n_items (dd_drop_session_get_orders (fixture->session)), ==, orders);
  g_assert_cmpint (sum_units (dd_drop_session_get_orders (fixture->session)), ==, (gint64) units);
  /* Counters notify a few times a second, not once per order. */
  g_assert_cmpuint (fixture->order_notifies, <=, 10);
  g_assert_cmpuint (fixture->order_notifies, >, 0);

  /* Stock went down by exactly the units sold, and nothing oversold. */
  allocated_after = total_allocated (dd_drop_session_get_stock (fixture->session));
  g_assert_cmpint (allocated_before - allocated_after, ==, (gint64) units);
  assert_stock_sound (dd_drop_session_get_stock (fixture->session));

  revenue = dd_drop_session_get_revenue (fixture->session);
  g_assert_cmpstr (revenue.currency, ==, "EUR");
  g_assert_cmpint (revenue.minor, >, 0);

  dd_drop_session_stop (fixture->session);
  dd_drop_session_stop (fixture->session);
  g_assert_cmpint (dd_connectivity_get_state (dd_drop_session_get_connectivity (fixture->session, DD_SERVICE_AUDIENCE)),
                   ==, DD_CONNECTIVITY_OFFLINE);
  messages = dd_drop_session_get_messages_received (fixture->session);
  orders = dd_drop_session_get_order_count (fixture->session);
  units = dd_drop_session_get_units_sold (fixture->session);
  g_assert_cmpuint (dd_drop_session_get_messages_archived (fixture->session), ==, messages);

  /* Reopen the profile: everything is there. */
  path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
  store = dd_store_open_sync (path, NULL, &error);
  g_assert_no_error (error);

  archived = dd_store_count_chat_sync (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (archived, ==, (gint64) messages);

  saved_orders = dd_store_load_sync (store, dd_store_load_orders_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved_orders->len, ==, orders);

  saved_stock = dd_store_load_sync (store, dd_store_load_stock_async, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GListStore) model = g_list_store_new (DD_TYPE_STOCK_LEVEL);

    g_list_store_splice (model, 0, 0, saved_stock->pdata, saved_stock->len);
    g_assert_cmpint (total_allocated (G_LIST_MODEL (model)), ==, allocated_after);
    assert_stock_sound (G_LIST_MODEL (model));
  }

  saved_offers = dd_store_load_sync (store, dd_store_load_offers_async, &error);
  g_assert_no_error (error);
  {
    guint64 sold = 0;

    for (guint i = 0; i < saved_offers->len; i++)
      sold += dd_offer_get_units_sold (g_ptr_array_index (saved_offers, i));
    g_assert_cmpuint (sold, ==, units);
  }
  dd_store_close (store);
}

static void
test_second_start_keeps_data (Fixture       *fixture,
                              gconstpointer  data)
{
  guint n_offers;
  guint64 orders;

  start_session (fixture, 2500.0);
  n_offers = g_list_model_get_n_items (dd_drop_session_get_offers (fixture->session));
  dd_test_run_for (700);
  dd_drop_session_stop (fixture->session);
  orders = dd_drop_session_get_order_count (fixture->session);
  g_assert_cmpuint (orders, >, 0);

  /* Not seeded again: the same offers, and the orders of the first run. */
  start_session (fixture, 1.0);
  g_assert_cmpuint (g_list_model_get_n_items (dd_drop_session_get_offers (fixture->session)), ==, n_offers);
  g_assert_cmpuint (g_list_model_get_n_items (dd_drop_session_get_orders (fixture->session)), >=, orders);
  dd_drop_session_stop (fixture->session);
}

static void
signed_off_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fixture *fixture = user_data;

  dd_drop_session_sign_off_finish (DD_DROP_SESSION (source), result, &fixture->error);
  fixture->signed_off = TRUE;
}

static void
sign_off (Fixture    *fixture,
          const char *item,
          DdRole      role)
{
  g_clear_error (&fixture->error);
  fixture->signed_off = FALSE;
  dd_drop_session_sign_off_async (fixture->session, "pre-drop", item, role, "Jonas Weber",
                                  "allocations match the plan", NULL, signed_off_cb, fixture);
  g_assert_true (dd_test_wait_for (&fixture->signed_off, 5000));
}

static void
test_sign_off_persists (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(DdChecklist) pre_drop = NULL;
  DdChecklistItem *item;

  start_session (fixture, 1.0);

  /* The wrong role may not sign it off. */
  sign_off (fixture, "stock-allocation", DD_ROLE_PRODUCER);
  g_assert_error (fixture->error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);

  sign_off (fixture, "stock-allocation", DD_ROLE_OPS_LEAD);
  g_assert_no_error (fixture->error);
  dd_drop_session_stop (fixture->session);

  start_session (fixture, 1.0);
  for (guint i = 0; i < 3 && pre_drop == NULL; i++)
    {
      g_autoptr(DdChecklist) checklist = g_list_model_get_item (dd_drop_session_get_checklists (fixture->session), i);

      if (g_str_equal (dd_checklist_get_id (checklist), "pre-drop"))
        pre_drop = g_steal_pointer (&checklist);
    }
  g_assert_nonnull (pre_drop);
  item = dd_checklist_lookup (pre_drop, "stock-allocation");
  g_assert_nonnull (item);
  g_assert_cmpint (dd_checklist_item_get_state (item), ==, DD_CHECKLIST_ITEM_DONE);
  g_assert_cmpint (dd_checklist_item_get_state (dd_checklist_lookup (pre_drop, "go-no-go")), ==,
                   DD_CHECKLIST_ITEM_OPEN);
  dd_drop_session_stop (fixture->session);
}

/* A stand-in for the classifier: scam links are scams. */
static DdChatMessage *
label_scams (DdChatMessage *message,
             gpointer       user_data)
{
  DdChatMessageInit init = { 0 };

  g_atomic_int_inc ((gint *) user_data);
  if (strstr (dd_chat_message_get_text (message), "hxxps://") == NULL)
    return g_object_ref (message);

  init.id = dd_chat_message_get_id (message);
  init.source = dd_chat_message_get_source (message);
  init.channel = dd_chat_message_get_channel (message);
  init.author_login = dd_chat_message_get_author_login (message);
  init.display_name = dd_chat_message_get_display_name (message);
  init.color_rgb = dd_chat_message_get_color_rgb (message);
  init.text = dd_chat_message_get_text (message);
  init.timestamp_us = dd_chat_message_get_timestamp (message);
  init.flags = dd_chat_message_get_flags (message);
  init.moderation = DD_MODERATION_SCAM;
  init.moderation_score = 0.9f;
  init.intent = DD_INTENT_NONE;

  return dd_chat_message_new (&init);
}

static void
test_classifier_labels (Fixture       *fixture,
                        gconstpointer  data)
{
  gint classified = 0;
  guint64 scams = 0;
  GListModel *chat;

  fixture->session = dd_drop_session_new_demo (fixture->dir);
  dd_drop_session_set_classifier (fixture->session, label_scams, &classified, NULL);
  dd_drop_session_set_chat_rate (fixture->session, 2000.0);
  dd_drop_session_start_async (fixture->session, NULL, started_cb, fixture);
  g_assert_true (dd_test_wait_for (&fixture->started, 10000));
  g_assert_no_error (fixture->error);

  dd_test_run_for (1000);
  dd_drop_session_stop (fixture->session);

  chat = dd_drop_session_get_chat (fixture->session);
  for (guint i = 0; i < g_list_model_get_n_items (chat); i++)
    {
      g_autoptr(DdChatMessage) message = g_list_model_get_item (chat, i);

      if (dd_chat_message_get_moderation (message) == DD_MODERATION_SCAM)
        {
          g_assert_nonnull (strstr (dd_chat_message_get_text (message), "hxxps://"));
          scams++;
        }
    }

  g_assert_cmpint (classified, ==, (gint) dd_drop_session_get_messages_received (fixture->session));
  g_assert_cmpuint (scams, >, 0);
  g_assert_cmpuint (dd_drop_session_get_messages_flagged (fixture->session), ==, scams);
}

static void
test_low_stock_alerts (Fixture       *fixture,
                       gconstpointer  data)
{
  GListModel *stock;
  guint low = 0, sold_out = 0;

  start_session (fixture, 5000.0);

  /* Earlier buyers took all but 4 units of everything at every hub. */
  stock = dd_drop_session_get_stock (fixture->session);
  for (guint i = 0; i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (stock, i);
      gint64 allocated = dd_stock_level_get_allocated (level);

      if (allocated > 4)
        g_assert_true (dd_stock_level_sell (level, allocated - 4, NULL));
    }

  dd_test_run_for (1500);
  dd_drop_session_stop (fixture->session);

  for (guint i = 0; i < fixture->alerts->len; i++)
    {
      DdChatMessage *alert = g_ptr_array_index (fixture->alerts, i);
      const char *text = dd_chat_message_get_text (alert);

      if (dd_chat_message_get_source (alert) != DD_CHAT_SOURCE_ALERT)
        continue;
      if (strstr (text, " hub: ") != NULL && strstr (text, " left of ") != NULL)
        low++;
      if (strstr (text, "sold out") != NULL)
        sold_out++;
    }

  g_test_message ("%u low-stock alerts, %u sold-out alerts, %" G_GUINT64_FORMAT " orders",
                  low, sold_out, dd_drop_session_get_order_count (fixture->session));
  g_assert_cmpuint (dd_drop_session_get_order_count (fixture->session), >, 0);
  g_assert_cmpuint (low, >, 0);
  /* One alert per hub and offer, however many orders follow. */
  g_assert_cmpuint (low, <=, dd_drop_session_get_order_count (fixture->session));
  assert_stock_sound (stock);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/engine/drop-session/headless-demo", Fixture, NULL,
              fixture_setup, test_headless_demo, fixture_teardown);
  g_test_add ("/dropdeck/engine/drop-session/second-start-keeps-data", Fixture, NULL,
              fixture_setup, test_second_start_keeps_data, fixture_teardown);
  g_test_add ("/dropdeck/engine/drop-session/classifier-labels", Fixture, NULL,
              fixture_setup, test_classifier_labels, fixture_teardown);
  g_test_add ("/dropdeck/engine/drop-session/low-stock-alerts", Fixture, NULL,
              fixture_setup, test_low_stock_alerts, fixture_teardown);
  g_test_add ("/dropdeck/engine/drop-session/sign-off-persists", Fixture, NULL,
              fixture_setup, test_sign_off_persists, fixture_teardown);

  return g_test_run ();
}
