/* dd-checklists-page.c — the Checklists page: role-aware checklists, sign-off
 * with a note, the go/no-go poll and the signed report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-application.h"
#include "dd-checklist-desk.h"
#include "dd-checklist-row.h"
#include "dd-comms-probe.h"
#include "dd-credentials.h"
#include "dd-checklists-page.h"
#include "dd-poll-dialog.h"
#include "dd-preflight-dialog.h"
#include "dd-squad-account.h"
#include "dd-commerce-account.h"

#define OVERDUE_REFRESH_SECONDS 15

struct _DdChecklistsPage
{
  DdPage           parent_instance;

  /* Template widgets */
  GtkProgressBar  *progress_bar;
  GtkToggleButton *my_items_button;
  GtkBox          *lists_box;

  GListModel      *checklists;
  DdChecklistDesk *desk;
  GPtrArray       *list_boxes;
  GtkCustomFilter *my_items_filter;
  GCancellable    *cancellable;
  GCancellable    *preflight_cancellable;
  GtkWidget       *preflight_dialog;   /* weak */
  guint            refresh_id;
};

G_DEFINE_FINAL_TYPE (DdChecklistsPage, dd_checklists_page, DD_TYPE_PAGE)

static const char *
phase_heading (DdChecklistPhase phase)
{
  switch (phase)
    {
    case DD_CHECKLIST_PHASE_PRE_DROP:
      return _("Before the Drop");
    case DD_CHECKLIST_PHASE_LIVE:
      return _("During the Drop");
    case DD_CHECKLIST_PHASE_POST_DROP:
      return _("After the Drop");
    default:
      return "";
    }
}

static const char *
member_name (void)
{
  const char *name = g_get_real_name ();

  if (name == NULL || *name == '\0' || g_strcmp0 (name, "Unknown") == 0)
    name = g_get_user_name ();

  return name;
}

static gboolean
my_items_filter_cb (gpointer item,
                    gpointer user_data)
{
  DdChecklistsPage *self = user_data;

  if (!gtk_toggle_button_get_active (self->my_items_button))
    return TRUE;

  return dd_checklist_item_get_owner (DD_CHECKLIST_ITEM (item)) == dd_page_get_role (DD_PAGE (self));
}

/* Progress of the view: the role's items ("My items") or everyone's. */
static void
update_progress (DdChecklistsPage *self)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  guint n = self->checklists != NULL ? g_list_model_get_n_items (self->checklists) : 0;
  DdRole role = gtk_toggle_button_get_active (self->my_items_button)
                ? dd_page_get_role (DD_PAGE (self)) : DD_CHECKLIST_ANY_ROLE;
  gint64 start = session != NULL ? dd_drop_session_get_start_time (session) : 0;
  guint done = 0, total = 0, overdue = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdChecklist) checklist = g_list_model_get_item (self->checklists, i);
      DdChecklistSummary summary;

      dd_checklist_summarize (checklist, role, start, start > 0 ? g_get_real_time () : 0, &summary);
      done += summary.done;
      total += summary.total;
      overdue += start > 0 ? summary.overdue : 0;
    }

  if (overdue > 0)
    /* Translators: checklist progress with the overdue items, "3 of 9 done · 2 overdue" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u done · %u overdue",
                                         "%u of %u done · %u overdue", overdue),
                            done, total, overdue);
  else
    /* Translators: checklist items signed off of all items */
    text = g_strdup_printf (_("%u of %u done"), done, total);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0.0);
}

static void
update_rows (DdChecklistsPage *self)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  DdRole role = dd_page_get_role (DD_PAGE (self));
  gint64 start = session != NULL ? dd_drop_session_get_start_time (session) : 0;
  gint64 now = g_get_real_time ();

  for (guint i = 0; self->list_boxes != NULL && i < self->list_boxes->len; i++)
    {
      GtkListBox *list_box = g_ptr_array_index (self->list_boxes, i);
      GtkListBoxRow *row;

      for (int j = 0; (row = gtk_list_box_get_row_at_index (list_box, j)) != NULL; j++)
        dd_checklist_row_update (DD_CHECKLIST_ROW (row), role, now, start);
    }

  update_progress (self);
}

/* After a sign-off or a probe: the row takes input again, a refusal is
 * shown, and every row reads its item again. */
static void
row_action_done (DdChecklistRow *row,
                 GError         *error)
{
  GtkWidget *page;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  dd_checklist_row_set_busy (row, FALSE);
  page = gtk_widget_get_ancestor (GTK_WIDGET (row), DD_TYPE_CHECKLISTS_PAGE);
  if (page == NULL)
    return;

  if (error != NULL)
    dd_page_show_toast (DD_PAGE (page), error->message);

  dd_checklists_page_refresh (DD_CHECKLISTS_PAGE (page));
}

static void
sign_off_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DdChecklistRow) row = user_data;
  g_autoptr(GError) error = NULL;

  dd_drop_session_sign_off_finish (DD_DROP_SESSION (source), result, &error);
  row_action_done (row, error);
}

static void
sign_off (DdChecklistsPage *self,
          DdChecklistRow   *row,
          const char       *note)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));

  if (session == NULL)
    return;

  dd_checklist_row_set_busy (row, TRUE);
  dd_drop_session_sign_off_async (session,
                                  dd_checklist_get_id (dd_checklist_row_get_checklist (row)),
                                  dd_checklist_item_get_id (dd_checklist_row_get_item (row)),
                                  dd_page_get_role (DD_PAGE (self)),
                                  member_name (),
                                  note,
                                  self->cancellable,
                                  sign_off_cb,
                                  g_object_ref (row));
}

/* Ticking the box signs off at once, without a note. */
static void
sign_off_requested_cb (DdChecklistRow   *row,
                       DdChecklistsPage *self)
{
  sign_off (self, row, NULL);
}

static void
note_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  DdChecklistRow   *row)
{
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (row), DD_TYPE_CHECKLISTS_PAGE);
  const char *note = gtk_editable_get_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)));

  if (page != NULL && g_strcmp0 (response, "sign-off") == 0)
    sign_off (DD_CHECKLISTS_PAGE (page), row, *note != '\0' ? note : NULL);
}

/* The note button asks for a note, then signs the item off. */
static void
note_requested_cb (DdChecklistRow   *row,
                   DdChecklistsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  GtkWidget *note;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Sign Off With a Note"),
                                   dd_checklist_item_get_title (dd_checklist_row_get_item (row)));
  note = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("What the squad should know"));
  gtk_entry_set_activates_default (GTK_ENTRY (note), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sign-off note"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), note);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign-off", _("_Sign Off"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-off",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "sign-off");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (note_response_cb), row, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The desk of the running drop (created on first use), or NULL. */
static DdChecklistDesk *
ensure_desk (DdChecklistsPage *self)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  DdStore *store = session != NULL ? dd_drop_session_get_store (session) : NULL;

  if (self->desk == NULL && store != NULL)
    {
      self->desk = dd_checklist_desk_new (store, dd_drop_session_get_checklists (session));
      dd_checklist_desk_set_stock (self->desk, dd_drop_session_get_stock (session));
      dd_checklist_desk_load_poll_async (self->desk, self->cancellable, NULL, NULL);
    }
  return self->desk;
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DdChecklistRow) row = user_data;
  g_autoptr(GError) error = NULL;

  dd_checklist_desk_finish (DD_CHECKLIST_DESK (source), result, &error);
  row_action_done (row, error);
}

/* The preflight's targets from the settings; without a checkout address
 * there, whole checkouts through the commerce account's store when it has
 * a publishable key. FALSE when there is no target at all. */
static gboolean
load_preflight_options (DdChecklistDesk *desk)
{
  g_autoptr(GSettings) settings = g_settings_new (DD_SETTINGS_SCHEMA_ID);
  DdPreflightOptions options;
  gboolean any;

  dd_preflight_options_init (&options);
  options.viewers = g_settings_get_uint (settings, "preflight-viewers");
  options.ramp_s = g_settings_get_uint (settings, "preflight-ramp");
  options.duration_s = g_settings_get_uint (settings, "preflight-duration");
  options.chat_url = g_settings_get_string (settings, "preflight-chat-url");
  options.overlay_url = g_settings_get_string (settings, "preflight-overlay-url");
  options.checkout_url = g_settings_get_string (settings, "preflight-checkout-url");
  if (*options.chat_url == '\0')
    g_clear_pointer (&options.chat_url, g_free);
  if (*options.overlay_url == '\0')
    g_clear_pointer (&options.overlay_url, g_free);
  if (*options.checkout_url == '\0')
    {
      g_autoptr(DdAccount) account = dd_commerce_account_load (NULL, NULL);

      g_clear_pointer (&options.checkout_url, g_free);
      if (account != NULL)
        dd_commerce_account_apply_to_preflight (account, &options);
    }
  any = options.chat_url != NULL || options.overlay_url != NULL || options.checkout_url != NULL;
  dd_checklist_desk_set_preflight_options (desk, any ? &options : NULL);
  dd_preflight_options_clear (&options);
  return any;
}

static void
preflight_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DdChecklistRow) row = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (row), DD_TYPE_CHECKLISTS_PAGE);
  DdChecklistItem *item = dd_checklist_row_get_item (row);

  dd_checklist_desk_finish (DD_CHECKLIST_DESK (source), result, &error);
  /* The checkout probes' error rate is the checkout-errors trigger's reading. */
  if (error == NULL && page != NULL && dd_page_get_session (DD_PAGE (page)) != NULL
      && dd_checklist_desk_get_preflight_report (DD_CHECKLIST_DESK (source)) != NULL)
    dd_drop_session_observe_checkout_probes (dd_page_get_session (DD_PAGE (page)),
                                             dd_checklist_desk_get_preflight_report (DD_CHECKLIST_DESK (source)));
  if (page != NULL && DD_CHECKLISTS_PAGE (page)->preflight_dialog != NULL)
    dd_preflight_dialog_show_result (DD_PREFLIGHT_DIALOG (DD_CHECKLISTS_PAGE (page)->preflight_dialog),
                                     dd_checklist_item_get_state (item) == DD_CHECKLIST_ITEM_DONE,
                                     error != NULL ? error->message : dd_checklist_item_get_evidence (item));
  if (page != NULL)
    g_clear_object (&DD_CHECKLISTS_PAGE (page)->preflight_cancellable);
  row_action_done (row, error);
}

/* The preflight item: the load runs with a window showing it live. */
static void
run_preflight (DdChecklistsPage *self,
               DdChecklistDesk  *desk,
               DdChecklistRow   *row)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  DdPreflight *preflight;

  if (!load_preflight_options (desk))
    {
      dd_page_show_toast (DD_PAGE (self),
                          _("The preflight has no target yet: give the commerce account a publishable key "
                            "(Preferences, Accounts) or set its chat server, overlay or checkout address "
                            "(settings preflight-chat-url, preflight-overlay-url, preflight-checkout-url)"));
      return;
    }
  if (self->preflight_cancellable != NULL)
    return;

  self->preflight_cancellable = g_cancellable_new ();
  dd_checklist_row_set_busy (row, TRUE);
  dd_checklist_desk_run_probe_async (desk,
                                     dd_checklist_get_id (dd_checklist_row_get_checklist (row)),
                                     dd_checklist_item_get_id (dd_checklist_row_get_item (row)),
                                     self->preflight_cancellable, preflight_done_cb, g_object_ref (row));
  preflight = dd_checklist_desk_get_preflight (desk);
  if (preflight == NULL || !dd_preflight_is_running (preflight))
    return;
  self->preflight_dialog = dd_preflight_dialog_new (preflight, self->preflight_cancellable);
  g_object_add_weak_pointer (G_OBJECT (self->preflight_dialog), (gpointer *) &self->preflight_dialog);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self->preflight_dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (self->preflight_dialog));
}

static void
run_probe (DdChecklistsPage *self,
           DdChecklistDesk  *desk,
           DdChecklistRow   *row)
{
  dd_checklist_desk_run_probe_async (desk,
                                     dd_checklist_get_id (dd_checklist_row_get_checklist (row)),
                                     dd_checklist_item_get_id (dd_checklist_row_get_item (row)),
                                     self->cancellable, probe_done_cb, g_object_ref (row));
}

/* The comms probe's target, the squad account's secondary server, is read
 * when the probe runs: the account may have changed since. */
static void
comms_target_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DdChecklistRow) row = user_data;
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (row), DD_TYPE_CHECKLISTS_PAGE);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  char *password = NULL;
  DdChecklistDesk *desk;

  dd_squad_account_lookup_secondary_finish (result, &url, &user, &password, &error);
  if (page == NULL || (desk = ensure_desk (DD_CHECKLISTS_PAGE (page))) == NULL)
    {
      dd_credentials_free_secret (password);
      return;
    }
  dd_checklist_desk_set_comms_target (desk, url, user, password);
  dd_credentials_free_secret (password);
  if (error != NULL)
    {
      row_action_done (row, error);
      return;
    }
  run_probe (DD_CHECKLISTS_PAGE (page), desk, row);
}

/* The run button: the probe decides, and its evidence stays with the item. */
static void
probe_requested_cb (DdChecklistRow   *row,
                    DdChecklistsPage *self)
{
  DdChecklistDesk *desk = ensure_desk (self);
  const char *probe_id;

  if (desk == NULL)
    return;
  probe_id = dd_checklist_item_get_probe_id (dd_checklist_row_get_item (row));
  if (g_strcmp0 (probe_id, DD_CHECKLIST_PROBE_PREFLIGHT_LOAD) == 0)
    {
      run_preflight (self, desk, row);
      return;
    }

  dd_checklist_row_set_busy (row, TRUE);
  if (g_strcmp0 (probe_id, DD_CHECKLIST_PROBE_COMMS_REACHABLE) == 0)
    dd_squad_account_lookup_secondary_async (NULL, self->cancellable, comms_target_cb, g_object_ref (row));
  else
    run_probe (self, desk, row);
}

static void
poll_clicked_cb (DdChecklistsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = dd_poll_dialog_new (ensure_desk (self), dd_page_get_role (DD_PAGE (self)),
                                          member_name ());

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
report_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DdChecklistsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    dd_page_show_toast (DD_PAGE (self), _("Report exported"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    dd_page_show_toast (DD_PAGE (self), error->message);
}

/* PDF unless the name asks for CSV. */
static GBytes *
dup_report (DdChecklistsPage  *self,
            DdChecklistDesk   *desk,
            GFile             *file,
            GError           **error)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = name != NULL ? g_ascii_strdown (name, -1) : NULL;
  gint64 start = dd_drop_session_get_start_time (session);
  char *csv;

  if (lower != NULL && g_str_has_suffix (lower, ".csv"))
    {
      csv = dd_checklist_desk_dup_report_csv (desk, start);
      return g_bytes_new_take (csv, strlen (csv));
    }
  return dd_checklist_desk_dup_report_pdf (desk, dd_drop_session_get_title (session), start, error);
}

static void
export_response_cb (GtkNativeDialog  *chooser,
                    int               response,
                    DdChecklistsPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) report = NULL;
  g_autoptr(GError) error = NULL;
  DdChecklistDesk *desk = ensure_desk (self);

  if (response == GTK_RESPONSE_ACCEPT && desk != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      report = dup_report (self, desk, file, &error);
      if (report == NULL)
        dd_page_show_toast (DD_PAGE (self), error->message);
      else
        g_file_replace_contents_bytes_async (file, report, NULL, FALSE,
                                             G_FILE_CREATE_REPLACE_DESTINATION, self->cancellable,
                                             report_written_cb, g_object_ref (self));
    }
  g_object_unref (chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
export_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DdChecklistsPage *self = DD_CHECKLISTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr(GFile) folder = g_file_new_for_path (documents != NULL ? documents : g_get_home_dir ());
  GtkFileChooserNative *chooser;

  if (ensure_desk (self) == NULL)
    {
      dd_page_show_toast (DD_PAGE (self), _("Open a drop to export its checklist report"));
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Export the Signed Report"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: file type names in the export dialog */
  add_filter (GTK_FILE_CHOOSER (chooser), _("PDF document"), "*.pdf");
  add_filter (GTK_FILE_CHOOSER (chooser), _("CSV table"), "*.csv");
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "checklist-report.pdf");
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  GtkWidget *list_box = user_data;
  DdChecklist *checklist = g_object_get_data (G_OBJECT (list_box), "dd-checklist");
  DdChecklistsPage *self = g_object_get_data (G_OBJECT (list_box), "dd-page");
  GtkWidget *row = dd_checklist_row_new (checklist, DD_CHECKLIST_ITEM (item));
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));

  dd_checklist_row_update (DD_CHECKLIST_ROW (row), dd_page_get_role (DD_PAGE (self)),
                           g_get_real_time (),
                           session != NULL ? dd_drop_session_get_start_time (session) : 0);
  g_signal_connect_object (row, "sign-off-requested",
                           G_CALLBACK (sign_off_requested_cb), self, 0);
  g_signal_connect_object (row, "note-requested",
                           G_CALLBACK (note_requested_cb), self, 0);
  g_signal_connect_object (row, "probe-requested",
                           G_CALLBACK (probe_requested_cb), self, 0);

  return row;
}

static void
checklist_changed_cb (GListModel       *model,
                      guint             position,
                      guint             removed,
                      guint             added,
                      DdChecklistsPage *self)
{
  update_rows (self);
}

static void
clear_lists (DdChecklistsPage *self)
{
  GtkWidget *child;

  if (self->list_boxes != NULL)
    {
      for (guint i = 0; i < self->list_boxes->len; i++)
        {
          GtkListBox *list_box = g_ptr_array_index (self->list_boxes, i);
          DdChecklist *checklist = g_object_get_data (G_OBJECT (list_box), "dd-checklist");

          g_signal_handlers_disconnect_by_data (checklist, self);
          gtk_list_box_bind_model (list_box, NULL, NULL, NULL, NULL);
        }
      g_ptr_array_set_size (self->list_boxes, 0);
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lists_box))) != NULL)
    gtk_box_remove (self->lists_box, child);
}

static void
build_lists (DdChecklistsPage *self)
{
  guint n;

  clear_lists (self);

  n = self->checklists != NULL ? g_list_model_get_n_items (self->checklists) : 0;
  if (n == 0)
    {
      GtkWidget *empty = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "checkbox-checked-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Checklists"));
      adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                       _("Checklists appear here once a drop is open."));
      gtk_box_append (self->lists_box, empty);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdChecklist) checklist = g_list_model_get_item (self->checklists, i);
      g_autoptr(GtkFilterListModel) filtered = NULL;
      g_autofree char *heading_text = NULL;
      GtkWidget *heading;
      GtkWidget *list_box;
      GtkWidget *placeholder;

      heading_text = g_strdup_printf ("%s — %s",
                                      phase_heading (dd_checklist_get_phase (checklist)),
                                      dd_checklist_get_title (checklist));
      heading = gtk_label_new (heading_text);
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
      gtk_widget_add_css_class (heading, "heading");
      if (i > 0)
        gtk_widget_set_margin_top (heading, 12);
      gtk_box_append (self->lists_box, heading);

      list_box = gtk_list_box_new ();
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list_box), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list_box, "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (list_box),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, dd_checklist_get_title (checklist),
                                      -1);
      placeholder = gtk_label_new (_("None of these items is yours"));
      gtk_widget_add_css_class (placeholder, "dim-label");
      gtk_widget_set_margin_top (placeholder, 12);
      gtk_widget_set_margin_bottom (placeholder, 12);
      gtk_list_box_set_placeholder (GTK_LIST_BOX (list_box), placeholder);
      g_object_set_data_full (G_OBJECT (list_box), "dd-checklist",
                              g_object_ref (checklist), g_object_unref);
      g_object_set_data (G_OBJECT (list_box), "dd-page", self);
      filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (checklist)),
                                            g_object_ref (GTK_FILTER (self->my_items_filter)));
      gtk_list_box_bind_model (GTK_LIST_BOX (list_box), G_LIST_MODEL (filtered),
                               create_row_cb, list_box, NULL);
      g_signal_connect_object (checklist, "items-changed",
                               G_CALLBACK (checklist_changed_cb), self, G_CONNECT_AFTER);
      gtk_box_append (self->lists_box, list_box);
      g_ptr_array_add (self->list_boxes, list_box);
    }

  update_progress (self);
}

static void
checklists_changed_cb (GListModel       *model,
                       guint             position,
                       guint             removed,
                       guint             added,
                       DdChecklistsPage *self)
{
  build_lists (self);
}

static gboolean
refresh_cb (gpointer user_data)
{
  update_rows (user_data);

  return G_SOURCE_CONTINUE;
}

static void
my_items_toggled_cb (DdChecklistsPage *self,
                     GtkToggleButton  *button)
{
  gtk_filter_changed (GTK_FILTER (self->my_items_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_progress (self);
}

static void
dd_checklists_page_session_changed (DdPage *page)
{
  DdChecklistsPage *self = DD_CHECKLISTS_PAGE (page);
  DdDropSession *session = dd_page_get_session (page);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->checklists != NULL)
    g_signal_handlers_disconnect_by_data (self->checklists, self);
  g_clear_object (&self->checklists);
  g_clear_object (&self->desk);

  if (session != NULL)
    {
      self->checklists = g_object_ref (dd_drop_session_get_checklists (session));
      g_signal_connect_object (self->checklists, "items-changed",
                               G_CALLBACK (checklists_changed_cb), self, 0);
      self->refresh_id = g_timeout_add_seconds (OVERDUE_REFRESH_SECONDS, refresh_cb, self);
    }

  build_lists (self);
}

static void
dd_checklists_page_role_changed (DdPage *page)
{
  DdChecklistsPage *self = DD_CHECKLISTS_PAGE (page);

  update_rows (self);
  if (gtk_toggle_button_get_active (self->my_items_button))
    gtk_filter_changed (GTK_FILTER (self->my_items_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
dd_checklists_page_dispose (GObject *object)
{
  DdChecklistsPage *self = DD_CHECKLISTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->preflight_cancellable != NULL)
    g_cancellable_cancel (self->preflight_cancellable);
  g_clear_object (&self->preflight_cancellable);
  if (self->preflight_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->preflight_dialog), (gpointer *) &self->preflight_dialog);
  self->preflight_dialog = NULL;
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->lists_box != NULL)
    clear_lists (self);
  if (self->checklists != NULL)
    g_signal_handlers_disconnect_by_data (self->checklists, self);
  g_clear_object (&self->checklists);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->list_boxes, g_ptr_array_unref);
  g_clear_object (&self->my_items_filter);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_CHECKLISTS_PAGE);

  G_OBJECT_CLASS (dd_checklists_page_parent_class)->dispose (object);
}

static void
dd_checklists_page_class_init (DdChecklistsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DdPageClass *page_class = DD_PAGE_CLASS (klass);

  object_class->dispose = dd_checklists_page_dispose;
  page_class->session_changed = dd_checklists_page_session_changed;
  page_class->role_changed = dd_checklists_page_role_changed;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-checklists-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdChecklistsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DdChecklistsPage, my_items_button);
  gtk_widget_class_bind_template_child (widget_class, DdChecklistsPage, lists_box);
  gtk_widget_class_bind_template_callback (widget_class, my_items_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, poll_clicked_cb);
  gtk_widget_class_install_action (widget_class, "checklists.export-report", NULL, export_report_action);
}

static void
dd_checklists_page_init (DdChecklistsPage *self)
{
  self->list_boxes = g_ptr_array_new ();
  self->my_items_filter = gtk_custom_filter_new (my_items_filter_cb, self, NULL);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  build_lists (self);
}

GtkWidget *
dd_checklists_page_new (void)
{
  return g_object_new (DD_TYPE_CHECKLISTS_PAGE, NULL);
}

void
dd_checklists_page_set_my_items (DdChecklistsPage *self,
                                 gboolean          my_items)
{
  g_return_if_fail (DD_IS_CHECKLISTS_PAGE (self));

  gtk_toggle_button_set_active (self->my_items_button, my_items);
}

guint
dd_checklists_page_count_visible_rows (DdChecklistsPage *self)
{
  guint n = 0;

  g_return_val_if_fail (DD_IS_CHECKLISTS_PAGE (self), 0);

  for (guint i = 0; i < self->list_boxes->len; i++)
    {
      GtkListBox *list_box = g_ptr_array_index (self->list_boxes, i);
      int n_in_list = 0;

      while (gtk_list_box_get_row_at_index (list_box, n_in_list) != NULL)
        n_in_list++;
      n += n_in_list;
    }

  return n;
}

DdChecklistDesk *
dd_checklists_page_get_desk (DdChecklistsPage *self)
{
  g_return_val_if_fail (DD_IS_CHECKLISTS_PAGE (self), NULL);

  return ensure_desk (self);
}

void
dd_checklists_page_refresh (DdChecklistsPage *self)
{
  g_return_if_fail (DD_IS_CHECKLISTS_PAGE (self));

  update_rows (self);
}
