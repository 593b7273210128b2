/* test-templates.c — every .ui template instantiates on the GTK 4.8 / libadwaita 1.2 floor
 *
 * Criticals and warnings are fatal, so a template naming an unknown type
 * ("Invalid object type") or property fails the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "dd-chat-page.h"
#include "dd-chat-row.h"
#include "dd-checklist-row.h"
#include "dd-checklists-page.h"
#include "dd-connectivity-indicator.h"
#include "dd-drop-page.h"
#include "dd-hub-row.h"
#include "dd-hubs-page.h"
#include "dd-offers-page.h"
#include "dd-preferences-window.h"
#include "dd-rate-chart.h"
#include "dd-window.h"
#include "dd-test-util.h"

#define SECONDS(s) ((gint64) (s) * G_USEC_PER_SEC)
#define SESSION_START_TIMEOUT_US SECONDS (20)

typedef struct
{
  char *profile_dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->profile_dir = g_dir_make_tmp ("dropdeck-ui-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  dd_test_remove_tree (fixture->profile_dir);
  g_assert_false (g_file_test (fixture->profile_dir, G_FILE_TEST_EXISTS));
  g_clear_pointer (&fixture->profile_dir, g_free);
}

static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
destroy_widget (GtkWidget *widget)
{
  if (GTK_IS_WINDOW (widget))
    {
      gtk_window_destroy (GTK_WINDOW (widget));
    }
  else
    {
      g_object_ref_sink (widget);
      g_object_unref (widget);
    }
  drain_main_context ();
}

static GtkScrolledWindow *
find_scrolled_window (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return GTK_SCROLLED_WINDOW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scrolled_window (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 gboolean (*predicate) (GtkWidget *widget))
{
  if (predicate (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, predicate);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_signable_row (GtkWidget *widget)
{
  return DD_IS_CHECKLIST_ROW (widget) && dd_checklist_row_can_sign_off (DD_CHECKLIST_ROW (widget));
}

static gboolean
is_check_button (GtkWidget *widget)
{
  return GTK_IS_CHECK_BUTTON (widget);
}

static void
run_for (gint64 microseconds)
{
  gint64 deadline = g_get_monotonic_time () + microseconds;

  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The chat wall follows new messages, pauses when the reader scrolls up
 * (counting what arrives meanwhile) and jumps back on request. */
static void
check_chat_follow (DdDropSession *session)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = dd_chat_page_new ();
  GtkAdjustment *vadjustment;

  gtk_window_set_default_size (GTK_WINDOW (window), 480, 320);
  gtk_window_set_child (GTK_WINDOW (window), page);
  dd_page_set_session (DD_PAGE (page), session);
  gtk_window_present (GTK_WINDOW (window));
  run_for (SECONDS (1));

  g_assert_true (dd_chat_page_get_following (DD_CHAT_PAGE (page)));
  vadjustment = gtk_scrolled_window_get_vadjustment (find_scrolled_window (page));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), >, gtk_adjustment_get_page_size (vadjustment));

  /* The reader scrolls up with the wheel: the page's own scroll controller
   * (capture phase) hears it first, then the view moves to the top. */
  {
    GtkWidget *scrolled = GTK_WIDGET (find_scrolled_window (page));
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (scrolled);
    gboolean heard = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
        gboolean handled = FALSE;

        if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller)
            && gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
          {
            g_signal_emit_by_name (controller, "scroll", 0.0, -3.0, &handled);
            heard = TRUE;
          }
      }
    g_assert_true (heard);
  }
  gtk_adjustment_set_value (vadjustment, 0);
  g_assert_false (dd_chat_page_get_following (DD_CHAT_PAGE (page)));
  run_for (SECONDS (1));
  g_assert_false (dd_chat_page_get_following (DD_CHAT_PAGE (page)));
  g_assert_cmpuint (dd_chat_page_get_unread_count (DD_CHAT_PAGE (page)), >, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), <,
                     gtk_adjustment_get_upper (vadjustment) - gtk_adjustment_get_page_size (vadjustment));

  /* "N new messages" takes them back to the newest. */
  dd_chat_page_jump_to_newest (DD_CHAT_PAGE (page));
  g_assert_true (dd_chat_page_get_following (DD_CHAT_PAGE (page)));
  g_assert_cmpuint (dd_chat_page_get_unread_count (DD_CHAT_PAGE (page)), ==, 0);

  dd_page_set_session (DD_PAGE (page), NULL);
  destroy_widget (window);
}

static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  GType page_types[] = {
    DD_TYPE_DROP_PAGE, DD_TYPE_CHAT_PAGE, DD_TYPE_OFFERS_PAGE,
    DD_TYPE_HUBS_PAGE, DD_TYPE_CHECKLISTS_PAGE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (page_types); i++)
    {
      GtkWidget *page = g_object_new (page_types[i], NULL);

      g_assert_true (DD_IS_PAGE (page));
      g_assert_null (dd_page_get_session (DD_PAGE (page)));
      dd_page_set_role (DD_PAGE (page), DD_ROLE_MOD_TRUST_LEAD);
      g_assert_cmpint (dd_page_get_role (DD_PAGE (page)), ==, DD_ROLE_MOD_TRUST_LEAD);
      destroy_widget (page);
    }
}

static void
test_chat_row_plain_text (Fixture       *fixture,
                          gconstpointer  data)
{
  DdChatMessageInit init = {
    .source = DD_CHAT_SOURCE_AUDIENCE,
    .channel = "#drop",
    .author_login = "mallory",
    .display_name = "Mallory",
    .color_rgb = 0x112233,
    .text = "<b>free</b> &amp; <a href='x'>shoes</a>",
    .timestamp_us = SECONDS (1764000000),
    .moderation = DD_MODERATION_SCAM,
  };
  g_autoptr(DdChatMessage) message = dd_chat_message_new (&init);
  GtkWidget *row = dd_chat_row_new ();
  g_autofree char *text = NULL;

  dd_chat_row_set_message (DD_CHAT_ROW (row), message);
  text = dd_chat_row_dup_text (DD_CHAT_ROW (row));

  /* Audience text is shown exactly as typed, never as markup. */
  g_assert_nonnull (strstr (text, "Mallory"));
  g_assert_nonnull (strstr (text, "<b>free</b> &amp; <a href='x'>shoes</a>"));
  g_assert_true (dd_chat_row_get_message (DD_CHAT_ROW (row)) == message);

  dd_chat_row_set_message (DD_CHAT_ROW (row), NULL);
  g_clear_pointer (&text, g_free);
  text = dd_chat_row_dup_text (DD_CHAT_ROW (row));
  g_assert_cmpstr (text, ==, "");

  destroy_widget (row);
}

static void
test_hub_row (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(DdHub) hub = dd_hub_new ("hub-kreuzberg", "Kreuzberg");
  GtkWidget *row;

  dd_hub_set_address (hub, "Oranienstraße 1, Berlin");
  dd_hub_set_open (hub, TRUE);
  row = dd_hub_row_new (hub);

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Kreuzberg");
  /* Units allocated to live offers are still to sell: only the reserved
   * ones (to pick) are gone. */
  dd_hub_row_set_stock (DD_HUB_ROW (row), 308, 96);
  g_assert_cmpfloat_with_epsilon (dd_hub_row_get_stock_fraction (DD_HUB_ROW (row)), 212.0 / 308.0, 1e-9);
  g_assert_cmpstr (dd_hub_row_get_stock_text (DD_HUB_ROW (row)), ==, "212 of 308 left");
  g_assert_cmpstr (dd_hub_row_get_pick_text (DD_HUB_ROW (row)), ==, "96 to pick");
  dd_hub_row_set_stock (DD_HUB_ROW (row), 0, 0);
  g_assert_cmpfloat_with_epsilon (dd_hub_row_get_stock_fraction (DD_HUB_ROW (row)), 0.0, 1e-9);
  g_assert_cmpstr (dd_hub_row_get_stock_text (DD_HUB_ROW (row)), ==, "0 of 0 left");

  destroy_widget (row);
}

static void
test_checklist_row (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DdChecklist) checklist = dd_checklist_new ("pre", "Pre-drop", DD_CHECKLIST_PHASE_PRE_DROP);
  g_autoptr(DdChecklistItem) stock = dd_checklist_item_new ("stock", "Count the stock", DD_ROLE_OPS_LEAD,
                                                            DD_CHECKLIST_ITEM_MANUAL);
  g_autoptr(DdChecklistItem) live = dd_checklist_item_new ("live", "Open the offers", DD_ROLE_PRODUCER,
                                                           DD_CHECKLIST_ITEM_MANUAL);
  g_autoptr(GError) error = NULL;
  gint64 start = SECONDS (1764000000);
  GtkWidget *stock_row, *live_row;

  dd_checklist_item_set_due_offset (stock, -600);
  dd_checklist_item_add_dependency (live, "stock");
  g_assert_true (dd_checklist_add_item (checklist, stock, &error));
  g_assert_true (dd_checklist_add_item (checklist, live, &error));
  g_assert_no_error (error);

  stock_row = dd_checklist_row_new (checklist, stock);
  live_row = dd_checklist_row_new (checklist, live);

  /* Not the owner: locked, and the tooltip says who signs it off. */
  dd_checklist_row_update (DD_CHECKLIST_ROW (stock_row), DD_ROLE_PRODUCER, start - SECONDS (3600), start);
  g_assert_false (dd_checklist_row_can_sign_off (DD_CHECKLIST_ROW (stock_row)));
  g_assert_nonnull (strstr (dd_checklist_row_get_reason (DD_CHECKLIST_ROW (stock_row)),
                            dd_role_get_display_name (DD_ROLE_OPS_LEAD)));
  g_assert_false (dd_checklist_row_is_overdue (DD_CHECKLIST_ROW (stock_row)));

  /* The owner, 5 minutes before the start: due 10 minutes before, overdue. */
  dd_checklist_row_update (DD_CHECKLIST_ROW (stock_row), DD_ROLE_OPS_LEAD, start - SECONDS (300), start);
  g_assert_true (dd_checklist_row_can_sign_off (DD_CHECKLIST_ROW (stock_row)));
  g_assert_null (dd_checklist_row_get_reason (DD_CHECKLIST_ROW (stock_row)));
  g_assert_true (dd_checklist_row_is_overdue (DD_CHECKLIST_ROW (stock_row)));
  /* Due relative to now, not to the start. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (stock_row)), "due 5 minutes ago"));

  /* The owner of an item whose dependency is open: it waits, named. */
  dd_checklist_row_update (DD_CHECKLIST_ROW (live_row), DD_ROLE_PRODUCER, start - SECONDS (3600), start);
  g_assert_false (dd_checklist_row_can_sign_off (DD_CHECKLIST_ROW (live_row)));
  g_assert_nonnull (strstr (dd_checklist_row_get_reason (DD_CHECKLIST_ROW (live_row)), "Count the stock"));

  g_assert_true (dd_checklist_sign_off (checklist, "stock", DD_ROLE_OPS_LEAD, "Ada", start - SECONDS (3600),
                                        NULL, &error));
  g_assert_no_error (error);
  dd_checklist_row_update (DD_CHECKLIST_ROW (live_row), DD_ROLE_PRODUCER, start - SECONDS (3600), start);
  g_assert_true (dd_checklist_row_can_sign_off (DD_CHECKLIST_ROW (live_row)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (live_row)), "due in 60 minutes"));

  /* Done: who signed it off and when, instead of the due time. */
  {
    g_autoptr(GDateTime) signed_at = g_date_time_new_from_unix_local ((start - SECONDS (3600)) / G_USEC_PER_SEC);
    g_autofree char *clock = g_date_time_format (signed_at, "%H:%M");
    g_autofree char *expected = g_strdup_printf ("Done by Ada (%s) · %s",
                                                 dd_role_get_display_name (DD_ROLE_OPS_LEAD), clock);

    dd_checklist_row_update (DD_CHECKLIST_ROW (stock_row), DD_ROLE_OPS_LEAD, start - SECONDS (300), start);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (stock_row)), ==, expected);
    g_assert_false (dd_checklist_row_is_overdue (DD_CHECKLIST_ROW (stock_row)));
  }

  destroy_widget (stock_row);
  destroy_widget (live_row);
}

static void
test_indicator (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *indicator = dd_connectivity_indicator_new ();
  g_autofree char *label = NULL;

  label = dd_connectivity_indicator_dup_label (DD_CONNECTIVITY_INDICATOR (indicator), DD_SERVICE_COMMERCE);
  g_assert_nonnull (strstr (label, dd_service_kind_get_display_name (DD_SERVICE_COMMERCE)));
  g_assert_nonnull (strstr (label, dd_connectivity_state_get_display_name (DD_CONNECTIVITY_OFFLINE)));

  destroy_widget (indicator);
}

static void
test_rate_chart (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *chart = dd_rate_chart_new ();

  for (guint i = 0; i < 75; i++)
    dd_rate_chart_push_sample (DD_RATE_CHART (chart), i < 70 ? 10 : 400);

  /* Only the last minute is kept. */
  g_assert_cmpuint (dd_rate_chart_get_n_samples (DD_RATE_CHART (chart)), ==, DD_RATE_CHART_N_SAMPLES);
  g_assert_cmpfloat (dd_rate_chart_get_peak (DD_RATE_CHART (chart)), ==, 400);

  destroy_widget (chart);
}

static void
test_countdown (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 start = SECONDS (1764000000);
  g_autofree char *before = dd_drop_page_format_countdown (start - SECONDS (299), start);
  g_autofree char *almost = dd_drop_page_format_countdown (start - G_USEC_PER_SEC / 2, start);
  g_autofree char *after = dd_drop_page_format_countdown (start + SECONDS (723), start);
  g_autofree char *long_after = dd_drop_page_format_countdown (start + SECONDS (3723), start);

  g_assert_cmpstr (before, ==, "Drop starts in 04:59");
  g_assert_cmpstr (almost, ==, "Drop starts in 00:01");
  g_assert_cmpstr (after, ==, "Live for 12:03");
  g_assert_cmpstr (long_after, ==, "Live for 1:02:03");
}

static void
test_checklist_due (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 due = SECONDS (1764000000);
  g_autofree char *in_one = dd_checklist_row_format_due (due, due - SECONDS (20));
  g_autofree char *in_three = dd_checklist_row_format_due (due, due - SECONDS (150));
  g_autofree char *now = dd_checklist_row_format_due (due, due + SECONDS (30));
  g_autofree char *one_ago = dd_checklist_row_format_due (due, due + SECONDS (61));
  g_autofree char *five_ago = dd_checklist_row_format_due (due, due + SECONDS (300));
  g_autofree char *later = dd_checklist_row_format_due (due, due - SECONDS (3 * 3600));

  g_assert_cmpstr (in_one, ==, "due in 1 minute");
  g_assert_cmpstr (in_three, ==, "due in 3 minutes");
  g_assert_cmpstr (now, ==, "due now");
  g_assert_cmpstr (one_ago, ==, "due 1 minute ago");
  g_assert_cmpstr (five_ago, ==, "due 5 minutes ago");
  g_assert_true (g_str_has_prefix (later, "due at "));
}

static void
test_offer_cells (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DdOffer) offer = dd_offer_new ("o1", "Blue tee", "TEE-BLUE-M");
  DdMoney price = dd_money_init (1990, "EUR");
  g_autofree char *expected_price = dd_money_format (&price);
  g_autofree char *title = NULL;
  g_autofree char *price_text = NULL;
  g_autofree char *compare_text = NULL;
  g_autofree char *stock_text = NULL;

  dd_offer_set_price (offer, &price);
  dd_offer_set_stock_allocated (offer, 40);
  dd_offer_set_units_sold (offer, 12);

  title = dd_offers_page_dup_cell_text (offer, 0);
  price_text = dd_offers_page_dup_cell_text (offer, 2);
  compare_text = dd_offers_page_dup_cell_text (offer, 3);
  stock_text = dd_offers_page_dup_cell_text (offer, 4);

  g_assert_cmpstr (title, ==, "Blue tee");
  g_assert_cmpstr (price_text, ==, expected_price);
  g_assert_cmpstr (compare_text, ==, "—");
  g_assert_cmpstr (stock_text, ==, "28 of 40 left");
}

static void
test_preferences (Fixture       *fixture,
                  gconstpointer  data)
{
  DdPreferencesWindow *preferences = dd_preferences_window_new ();

  g_assert_true (ADW_IS_PREFERENCES_WINDOW (preferences));
  destroy_widget (GTK_WIDGET (preferences));
}

static void
test_shortcuts (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *shortcuts;

  builder = gtk_builder_new_from_resource ("/io/github/dropdeck/Dropdeck/gtk/help-overlay.ui");
  shortcuts = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (shortcuts));
  destroy_widget (GTK_WIDGET (shortcuts));
}

static void
test_window_welcome (Fixture       *fixture,
                     gconstpointer  data)
{
  DdWindow *window = dd_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  drain_main_context ();
  g_assert_null (dd_window_get_session (window));

  destroy_widget (GTK_WIDGET (window));
}

static void
test_window_demo (Fixture       *fixture,
                  gconstpointer  data)
{
  DdWindow *window = dd_window_new (NULL);
  g_autoptr(DdDropSession) session = dd_drop_session_new_demo (fixture->profile_dir);
  gint64 deadline = g_get_monotonic_time () + SESSION_START_TIMEOUT_US;
  GListModel *offers;

  gtk_window_present (GTK_WINDOW (window));
  dd_window_open_session (window, session);

  while (dd_window_get_session (window) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (dd_window_get_session (window) == session);
  offers = dd_drop_session_get_offers (session);
  g_assert_cmpuint (g_list_model_get_n_items (offers), >=, 20);

  /* "My items" keeps only the role's own checklist items. */
  {
    GListModel *checklists = dd_drop_session_get_checklists (session);
    g_autoptr(DdChecklist) first = NULL;
    g_autoptr(DdChecklistItem) item = NULL;
    GtkWidget *page = dd_checklists_page_new ();
    guint all, mine;

    g_assert_cmpuint (g_list_model_get_n_items (checklists), >, 0);
    first = g_list_model_get_item (checklists, 0);
    item = g_list_model_get_item (G_LIST_MODEL (first), 0);
    g_assert_nonnull (item);

    g_object_ref_sink (page);
    dd_page_set_session (DD_PAGE (page), session);
    dd_page_set_role (DD_PAGE (page), dd_checklist_item_get_owner (item));
    all = dd_checklists_page_count_visible_rows (DD_CHECKLISTS_PAGE (page));
    dd_checklists_page_set_my_items (DD_CHECKLISTS_PAGE (page), TRUE);
    mine = dd_checklists_page_count_visible_rows (DD_CHECKLISTS_PAGE (page));
    g_assert_cmpuint (all, >=, 3);
    g_assert_cmpuint (mine, >, 0);
    g_assert_cmpuint (mine, <, all);
    dd_checklists_page_set_my_items (DD_CHECKLISTS_PAGE (page), FALSE);
    g_assert_cmpuint (dd_checklists_page_count_visible_rows (DD_CHECKLISTS_PAGE (page)), ==, all);

    /* Ticking an item the role may sign off signs it off and keeps it. */
    {
      GtkWidget *row = find_descendant (page, is_signable_row);
      GtkWidget *check;
      DdChecklistItem *signed_item;
      gint64 until = g_get_monotonic_time () + SECONDS (10);

      g_assert_nonnull (row);
      signed_item = dd_checklist_row_get_item (DD_CHECKLIST_ROW (row));
      check = find_descendant (row, is_check_button);
      g_assert_nonnull (check);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      while (dd_checklist_item_get_state (signed_item) != DD_CHECKLIST_ITEM_DONE
             && g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (dd_checklist_item_get_state (signed_item), ==, DD_CHECKLIST_ITEM_DONE);
    }
    dd_page_set_session (DD_PAGE (page), NULL);
    g_object_unref (page);
  }

  /* The Drop page shows the squad and the pre-drop checklist at a glance. */
  {
    GtkWidget *page = dd_drop_page_new ();
    g_autoptr(GRegex) done_re = g_regex_new ("^[0-9]+ of [0-9]+ done$", 0, 0, NULL);
    GListModel *members = dd_drop_session_get_squad_members (session);

    g_object_ref_sink (page);
    dd_page_set_session (DD_PAGE (page), session);
    g_assert_cmpuint (g_list_model_get_n_items (members), >, 0);
    g_assert_cmpuint (dd_drop_page_count_squad_rows (DD_DROP_PAGE (page)), ==, g_list_model_get_n_items (members));
    g_assert_true (g_regex_match (done_re, dd_drop_page_get_checklist_summary (DD_DROP_PAGE (page)), 0, NULL));
    g_assert_cmpstr (dd_drop_page_get_next_item_title (DD_DROP_PAGE (page)), !=, "");
    dd_page_set_session (DD_PAGE (page), NULL);
    g_assert_cmpuint (dd_drop_page_count_squad_rows (DD_DROP_PAGE (page)), ==, 0);
    g_object_unref (page);
  }

  check_chat_follow (session);

  /* Let the pages take a few batches of chat and orders. */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  destroy_widget (GTK_WIDGET (window));
}

/* A drop that cannot start is explained in a dialog; nothing is recreated. */
static void
test_window_start_error (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (fixture->profile_dir, "not-a-folder", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(DdDropSession) session = NULL;
  g_autoptr(GError) error = NULL;
  DdWindow *window = dd_window_new (NULL);
  gint64 deadline = g_get_monotonic_time () + SESSION_START_TIMEOUT_US;
  AdwMessageDialog *dialog = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* The profile path is a file: the store cannot make its folder there. */
  g_assert_true (g_file_set_contents (blocker, "keep me", -1, &error));
  g_assert_no_error (error);
  session = dd_drop_session_new_demo (blocker);

  gtk_window_present (GTK_WINDOW (window));
  dd_window_open_session (window, session);

  while (dialog == NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (toplevel)
              && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
            dialog = ADW_MESSAGE_DIALOG (toplevel);
        }
    }

  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), !=, "");
  g_assert_null (dd_window_get_session (window));
  g_assert_true (g_file_get_contents (blocker, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "keep me");

  destroy_widget (GTK_WIDGET (dialog));
  destroy_widget (GTK_WIDGET (window));
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Not G_TEST_OPTION_ISOLATE_DIRS: image loaders need the system MIME
   * database from XDG_DATA_DIRS; files go to the fixture's temp folder. */
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/dropdeck/ui/templates/pages", test_pages);
  ADD ("/dropdeck/ui/templates/chat-row-plain-text", test_chat_row_plain_text);
  ADD ("/dropdeck/ui/templates/hub-row", test_hub_row);
  ADD ("/dropdeck/ui/templates/checklist-row", test_checklist_row);
  ADD ("/dropdeck/ui/checklist-row/due", test_checklist_due);
  ADD ("/dropdeck/ui/templates/indicator", test_indicator);
  ADD ("/dropdeck/ui/templates/rate-chart", test_rate_chart);
  ADD ("/dropdeck/ui/templates/preferences", test_preferences);
  ADD ("/dropdeck/ui/templates/shortcuts", test_shortcuts);
  ADD ("/dropdeck/ui/templates/window-welcome", test_window_welcome);
  ADD ("/dropdeck/ui/templates/window-demo", test_window_demo);
  ADD ("/dropdeck/ui/window/start-error-dialog", test_window_start_error);
  ADD ("/dropdeck/ui/drop-page/countdown", test_countdown);
  ADD ("/dropdeck/ui/offers-page/cells", test_offer_cells);

#undef ADD

  return g_test_run ();
}
