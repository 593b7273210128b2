/* test-checklists.c — the Checklists page's views, the go/no-go poll dialog
 * and the rollback triggers panel, with the demo drop behind them
 *
 * Criticals are fatal, so a template naming a widget newer than GTK 4.8 /
 * libadwaita 1.2 fails here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dd-checklist-row.h"
#include "dd-checklists-page.h"
#include "dd-drop-page.h"
#include "dd-poll-dialog.h"
#include "dd-triggers-panel.h"
#include "dd-test-util.h"
#include "dd-ui-test-util.h"

#define SECONDS(s) ((gint64) (s) * G_USEC_PER_SEC)

typedef struct
{
  char *profile_dir;
  DdDropSession *session;
} Fixture;

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_drop_session_start_finish (DD_DROP_SESSION (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
wait_until (gboolean *flag)
{
  gint64 deadline = g_get_monotonic_time () + SECONDS (20);

  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (*flag);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean started = FALSE;

  fixture->profile_dir = g_dir_make_tmp ("dropdeck-checklists-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->session = dd_drop_session_new_demo (fixture->profile_dir);
  dd_drop_session_start_async (fixture->session, NULL, started_cb, &started);
  wait_until (&started);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  dd_drop_session_stop (fixture->session);
  g_clear_object (&fixture->session);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  dd_test_remove_tree (fixture->profile_dir);
  g_clear_pointer (&fixture->profile_dir, g_free);
}

static void
destroy_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
find_progress_bar (GtkWidget *widget)
{
  if (GTK_IS_PROGRESS_BAR (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_progress_bar (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whole squad by default; "My items" keeps the role's items and its
 * progress counts only them. */
static void
test_page_views (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = dd_checklists_page_new ();
  GtkProgressBar *progress;
  g_autofree char *squad_text = NULL;
  g_autofree char *mine_text = NULL;
  guint all, mine;

  gtk_window_set_child (GTK_WINDOW (window), page);
  dd_page_set_role (DD_PAGE (page), DD_ROLE_OPS_LEAD);
  dd_page_set_session (DD_PAGE (page), fixture->session);
  gtk_window_present (GTK_WINDOW (window));

  progress = GTK_PROGRESS_BAR (find_progress_bar (page));
  all = dd_checklists_page_count_visible_rows (DD_CHECKLISTS_PAGE (page));
  squad_text = g_strdup (gtk_progress_bar_get_text (progress));
  g_assert_cmpuint (all, >=, 20);

  dd_checklists_page_set_my_items (DD_CHECKLISTS_PAGE (page), TRUE);
  mine = dd_checklists_page_count_visible_rows (DD_CHECKLISTS_PAGE (page));
  g_assert_cmpuint (mine, >, 0);
  g_assert_cmpuint (mine, <, all);
  g_assert_cmpstr (gtk_progress_bar_get_text (progress), !=, squad_text);
  mine_text = g_strdup_printf (" of %u done", mine);
  g_assert_nonnull (g_strrstr (gtk_progress_bar_get_text (progress), mine_text));

  dd_checklists_page_set_my_items (DD_CHECKLISTS_PAGE (page), FALSE);
  g_assert_cmpuint (dd_checklists_page_count_visible_rows (DD_CHECKLISTS_PAGE (page)), ==, all);
  g_assert_nonnull (dd_checklists_page_get_desk (DD_CHECKLISTS_PAGE (page)));

  dd_page_set_session (DD_PAGE (page), NULL);
  destroy_window (window);
}

static void
poll_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_checklist_desk_finish (DD_CHECKLIST_DESK (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_poll_dialog (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DdChecklistDesk) desk = dd_checklist_desk_new (dd_drop_session_get_store (fixture->session),
                                                           dd_drop_session_get_checklists (fixture->session));
  GtkWidget *without = dd_poll_dialog_new (NULL, DD_ROLE_PRODUCER, "Maya");
  GtkWidget *dialog = dd_poll_dialog_new (desk, DD_ROLE_OPS_LEAD, "Ben");
  gboolean opened = FALSE, answered = FALSE;

  gtk_window_present (GTK_WINDOW (without));
  g_assert_cmpstr (dd_poll_dialog_get_status (DD_POLL_DIALOG (without)), ==, "No drop is open");
  destroy_window (without);

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (dd_poll_dialog_get_status (DD_POLL_DIALOG (dialog)), ==, "The Producer opens the poll");
  /* The demo's open pre-drop items are named before anyone answers. */
  g_assert_nonnull (strstr (dd_poll_dialog_get_summary (DD_POLL_DIALOG (dialog)), "can only end in NO-GO"));
  g_assert_nonnull (strstr (dd_poll_dialog_get_summary (DD_POLL_DIALOG (dialog)),
                            "“Check stock allocation per hub” (Ops lead)"));

  dd_checklist_desk_open_poll_async (desk, DD_ROLE_PRODUCER, "Maya", NULL, poll_done_cb, &opened);
  wait_until (&opened);
  g_assert_cmpstr (dd_poll_dialog_get_status (DD_POLL_DIALOG (dialog)), ==, "Ops lead’s turn");

  dd_checklist_desk_answer_poll_async (desk, DD_ROLE_OPS_LEAD, "Ben", DD_POLL_ANSWER_GO, NULL, NULL,
                                       poll_done_cb, &answered);
  wait_until (&answered);
  g_assert_cmpstr (dd_poll_dialog_get_status (DD_POLL_DIALOG (dialog)), ==, "Creator liaison’s turn");

  destroy_window (dialog);
}

static gboolean
button_offered (GtkWidget  *dialog,
                const char *label)
{
  GtkWidget *button = dd_ui_test_find_button (dialog, label);

  g_assert_nonnull (button);
  return gtk_widget_get_visible (button);
}

/* The answer rows as "title: subtitle" lines. */
static void
collect_answers (GtkWidget *widget,
                 GString   *text)
{
  if (ADW_IS_ACTION_ROW (widget))
    g_string_append_printf (text, "%s: %s\n",
                            adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                            adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_answers (child, text);
}

static AdwMessageDialog *
find_message_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_window_get_transient_for (window) == parent)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* A decided poll shows its result and who answered; the Producer is not
 * offered "Open Poll" again, only "Start a New Poll…", which asks first. */
static void
test_poll_dialog_decided (Fixture       *fixture,
                          gconstpointer  data)
{
  static const DdRole order[] = {
    DD_ROLE_OPS_LEAD, DD_ROLE_CREATOR_LIAISON, DD_ROLE_MOD_TRUST_LEAD, DD_ROLE_ENGINEER_ON_CALL, DD_ROLE_PRODUCER,
  };
  static const char *members[] = { "Jonas", "Lucía", "Tomasz", "Priya", "Maya" };
  g_autoptr(DdChecklistDesk) desk = dd_checklist_desk_new (dd_drop_session_get_store (fixture->session),
                                                           dd_drop_session_get_checklists (fixture->session));
  GtkWidget *producer = dd_poll_dialog_new (desk, DD_ROLE_PRODUCER, "Maya");
  GtkWidget *ops_lead = NULL;
  g_autoptr(GString) answers = g_string_new (NULL);
  AdwMessageDialog *confirm;
  gboolean done = FALSE;
  gint64 deadline;

  gtk_window_present (GTK_WINDOW (producer));
  g_assert_true (button_offered (producer, "_Open Poll"));
  g_assert_false (button_offered (producer, "Start a _New Poll…"));

  dd_checklist_desk_open_poll_async (desk, DD_ROLE_PRODUCER, "Maya", NULL, poll_done_cb, &done);
  wait_until (&done);
  g_assert_false (button_offered (producer, "_Open Poll"));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      done = FALSE;
      dd_checklist_desk_answer_poll_async (desk, order[i], members[i], DD_POLL_ANSWER_GO, NULL, NULL,
                                           poll_done_cb, &done);
      wait_until (&done);
    }

  /* The demo's open blocking items force NO-GO. */
  g_assert_cmpstr (dd_poll_dialog_get_status (DD_POLL_DIALOG (producer)), ==, "NO-GO");
  g_assert_true (g_str_has_prefix (dd_poll_dialog_get_summary (DD_POLL_DIALOG (producer)), "NO-GO, forced"));
  g_assert_false (button_offered (producer, "_Open Poll"));
  g_assert_false (button_offered (producer, "_GO"));
  g_assert_true (button_offered (producer, "Start a _New Poll…"));
  collect_answers (producer, answers);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autofree char *line = g_strdup_printf ("%s: GO · %s · ", dd_role_get_display_name (order[i]), members[i]);

      g_assert_nonnull (strstr (answers->str, line));
    }

  /* Other roles see the result and cannot start a poll. */
  ops_lead = dd_poll_dialog_new (desk, DD_ROLE_OPS_LEAD, "Jonas");
  gtk_window_present (GTK_WINDOW (ops_lead));
  g_assert_cmpstr (dd_poll_dialog_get_status (DD_POLL_DIALOG (ops_lead)), ==, "NO-GO");
  g_assert_false (button_offered (ops_lead, "_Open Poll"));
  g_assert_false (button_offered (ops_lead, "Start a _New Poll…"));
  destroy_window (ops_lead);

  /* Cancelled: the decided poll stays. */
  g_signal_emit_by_name (dd_ui_test_find_button (producer, "Start a _New Poll…"), "clicked");
  confirm = find_message_dialog (GTK_WINDOW (producer));
  g_assert_nonnull (confirm);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "NO-GO at "));
  adw_message_dialog_response (confirm, "cancel");
  destroy_window (GTK_WIDGET (confirm));
  g_assert_cmpstr (dd_poll_dialog_get_status (DD_POLL_DIALOG (producer)), ==, "NO-GO");

  /* Confirmed: a new poll, and the squad answers again from the start. */
  g_signal_emit_by_name (dd_ui_test_find_button (producer, "Start a _New Poll…"), "clicked");
  confirm = find_message_dialog (GTK_WINDOW (producer));
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "new");
  destroy_window (GTK_WIDGET (confirm));
  deadline = g_get_monotonic_time () + SECONDS (20);
  while (g_strcmp0 (dd_poll_dialog_get_status (DD_POLL_DIALOG (producer)), "Ops lead’s turn") != 0
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (dd_poll_dialog_get_status (DD_POLL_DIALOG (producer)), ==, "Ops lead’s turn");
  g_assert_cmpuint (dd_go_no_go_poll_get_n_votes (dd_checklist_desk_get_poll (desk)), ==, 0);
  g_assert_false (button_offered (producer, "Start a _New Poll…"));

  destroy_window (producer);
}

static void
test_triggers_panel (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *panel = dd_triggers_panel_new ();
  gint64 now = g_get_real_time ();

  gtk_window_set_child (GTK_WINDOW (window), panel);
  dd_triggers_panel_set_session (DD_TRIGGERS_PANEL (panel), fixture->session);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_cmpstr (dd_triggers_panel_get_value_text (DD_TRIGGERS_PANEL (panel),
                                                     DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE), ==, "—");
  g_assert_null (dd_triggers_panel_get_fail_open_text (DD_TRIGGERS_PANEL (panel)));
  dd_triggers_panel_observe (DD_TRIGGERS_PANEL (panel), DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE, now, 0.125);
  g_assert_cmpstr (dd_triggers_panel_get_value_text (DD_TRIGGERS_PANEL (panel),
                                                     DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE), ==, "12.5 %");
  /* The checkout trigger fails open: the banner says what buyers see. */
  g_assert_nonnull (dd_triggers_panel_get_fail_open_text (DD_TRIGGERS_PANEL (panel)));
  g_assert_true (g_str_has_prefix (dd_triggers_panel_get_fail_open_text (DD_TRIGGERS_PANEL (panel)),
                                   "Failing open: buyers see “Pending, ETA "));
  /* Recovered once the bad reading left the 60 s window: the banner goes. */
  dd_triggers_panel_observe (DD_TRIGGERS_PANEL (panel), DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE,
                             now + SECONDS (61), 0.0);
  g_assert_null (dd_triggers_panel_get_fail_open_text (DD_TRIGGERS_PANEL (panel)));
  g_assert_cmpstr (dd_triggers_panel_get_value_text (DD_TRIGGERS_PANEL (panel),
                                                     DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE), ==, "0.0 %");
  dd_triggers_panel_observe (DD_TRIGGERS_PANEL (panel), DD_LIVE_SIGNAL_HUB_BACKLOG, now, 42);
  g_assert_cmpstr (dd_triggers_panel_get_value_text (DD_TRIGGERS_PANEL (panel),
                                                     DD_LIVE_SIGNAL_HUB_BACKLOG), ==, "42 to pick");

  /* The session's hubs feed the backlog within a sample or two. */
  {
    gint64 until = g_get_monotonic_time () + SECONDS (6);

    while (g_strcmp0 (dd_triggers_panel_get_value_text (DD_TRIGGERS_PANEL (panel), DD_LIVE_SIGNAL_HUB_BACKLOG),
                      "42 to pick") == 0
           && g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (g_str_has_suffix (dd_triggers_panel_get_value_text (DD_TRIGGERS_PANEL (panel),
                                                                       DD_LIVE_SIGNAL_HUB_BACKLOG), " to pick"));
    g_assert_cmpstr (dd_triggers_panel_get_value_text (DD_TRIGGERS_PANEL (panel), DD_LIVE_SIGNAL_HUB_BACKLOG),
                     !=, "42 to pick");
  }

  dd_triggers_panel_set_session (DD_TRIGGERS_PANEL (panel), NULL);
  destroy_window (window);
}

/* An automated item's owner runs its probe from the row; the result and
 * evidence stay with the item. */
static void
test_probe_row (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) templates = dd_checklist_template_new_defaults ();
  g_autoptr(DdChecklist) pre_drop = dd_checklist_template_instantiate (g_ptr_array_index (templates, 0), NULL);
  g_autoptr(GListStore) checklists = g_list_store_new (DD_TYPE_CHECKLIST);
  g_autoptr(DdChecklistDesk) desk = dd_checklist_desk_new (dd_drop_session_get_store (fixture->session),
                                                           G_LIST_MODEL (checklists));
  DdChecklistItem *item = dd_checklist_lookup (pre_drop, "stock-allocation");
  GtkWidget *row = dd_checklist_row_new (pre_drop, item);
  gboolean done = FALSE;

  g_object_ref_sink (row);
  dd_checklist_row_update (DD_CHECKLIST_ROW (row), DD_ROLE_PRODUCER, 0, 0);
  g_assert_false (dd_checklist_row_can_run_probe (DD_CHECKLIST_ROW (row)));
  dd_checklist_row_update (DD_CHECKLIST_ROW (row), DD_ROLE_OPS_LEAD, 0, 0);
  g_assert_true (dd_checklist_row_can_run_probe (DD_CHECKLIST_ROW (row)));
  g_assert_false (dd_checklist_row_can_sign_off (DD_CHECKLIST_ROW (row)));

  g_list_store_append (checklists, pre_drop);
  dd_checklist_desk_set_stock (desk, dd_drop_session_get_stock (fixture->session));
  dd_checklist_desk_run_probe_async (desk, "pre-drop", "stock-allocation", NULL, poll_done_cb, &done);
  wait_until (&done);
  /* The demo's hubs hold stock: the probe judged it and kept its evidence. */
  g_assert_cmpint (dd_checklist_item_get_state (item), !=, DD_CHECKLIST_ITEM_OPEN);
  g_assert_nonnull (dd_checklist_item_get_evidence (item));
  dd_checklist_row_update (DD_CHECKLIST_ROW (row), DD_ROLE_OPS_LEAD, 0, 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            dd_checklist_item_get_evidence (item)));
  g_object_unref (row);
}

/* The Drop page hosts the triggers panel. */
static void
test_drop_page_hosts_triggers (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = dd_drop_page_new ();
  gboolean found = FALSE;

  gtk_window_set_child (GTK_WINDOW (window), page);
  dd_page_set_session (DD_PAGE (page), fixture->session);
  gtk_window_present (GTK_WINDOW (window));

  for (GtkWidget *widget = gtk_widget_get_first_child (page); widget != NULL && !found;)
    {
      GtkWidget *next;

      found = DD_IS_TRIGGERS_PANEL (widget);
      /* Depth first over the page's tree. */
      next = gtk_widget_get_first_child (widget);
      while (next == NULL && widget != page)
        {
          next = gtk_widget_get_next_sibling (widget);
          widget = gtk_widget_get_parent (widget);
        }
      widget = next;
    }
  g_assert_true (found);

  dd_page_set_session (DD_PAGE (page), NULL);
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/dropdeck/ui/checklists/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("page-views", test_page_views);
  ADD ("poll-dialog", test_poll_dialog);
  ADD ("poll-dialog-decided", test_poll_dialog_decided);
  ADD ("triggers-panel", test_triggers_panel);
  ADD ("probe-row", test_probe_row);
  ADD ("drop-page-hosts-triggers", test_drop_page_hosts_triggers);
#undef ADD

  return g_test_run ();
}
