/* dd-sync-log-window.c — the sync log, the open conflicts and their resolution
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-commerce-account.h"
#include "dd-medusa-provider.h"
#include "dd-store-sync-outbox.h"
#include "dd-sync-describe.h"
#include "dd-sync-log-window.h"
#include "dd-sync-run.h"

/* Offers are priced in this currency on the engine (as dropdeckctl's
 * default). */
#define COMMERCE_CURRENCY "EUR"

/* The newest entries shown. */
#define LOG_LIMIT 200

struct _DdSyncLogWindow
{
  AdwWindow parent_instance;

  GtkLabel *summary_label;
  GtkProgressBar *progress_bar;
  GtkLabel *status_label;
  AdwPreferencesGroup *conflicts_group;
  GtkListBox *conflict_list;
  GtkListBox *log_list;

  DdStore *store;
  GCancellable *cancellable;
  DdOutboxSummary *summary;
  GPtrArray *entries;     /* DdOutboxEntry, newest first */
  GPtrArray *conflicts;   /* DdSyncConflict */
  DdSyncRun *run;         /* while a sync runs */
};

G_DEFINE_FINAL_TYPE (DdSyncLogWindow, dd_sync_log_window, ADW_TYPE_WINDOW)

enum {
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct
{
  const char *icon;
  const char *css_class;
} state_looks[] = {
  [DD_OUTBOX_STATE_PENDING] = { "emblem-synchronizing-symbolic", NULL },
  [DD_OUTBOX_STATE_DONE] = { "emblem-ok-symbolic", "success" },
  [DD_OUTBOX_STATE_CONFLICTED] = { "dialog-warning-symbolic", "warning" },
  [DD_OUTBOX_STATE_REJECTED] = { "action-unavailable-symbolic", "error" },
};

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static const DdOutboxEntry *
find_entry (DdSyncLogWindow *self,
            gint64           seq)
{
  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    {
      const DdOutboxEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry->seq == seq)
        return entry;
    }
  return NULL;
}

static void
add_log_row (DdSyncLogWindow     *self,
             const DdOutboxEntry *entry)
{
  g_autofree char *subject = dd_sync_describe_subject (entry);
  g_autofree char *change = dd_sync_describe_change (entry);
  g_autofree char *state = dd_sync_describe_state (entry);
  g_autofree char *subtitle = g_strdup_printf ("%s\n%s", change, state);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (entry->created_at / G_USEC_PER_SEC);
  g_autofree char *time = when != NULL ? g_date_time_format (when, "%H:%M") : g_strdup ("");
  GtkWidget *row = new_row (subject, subtitle);
  GtkWidget *icon = gtk_image_new_from_icon_name (state_looks[entry->state].icon);
  GtkWidget *time_label = gtk_label_new (time);

  if (state_looks[entry->state].css_class != NULL)
    gtk_widget_add_css_class (icon, state_looks[entry->state].css_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, state, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (time_label, "dim-label");
  gtk_widget_add_css_class (time_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), time_label);
  gtk_list_box_append (self->log_list, row);
}

static void resolve_clicked_cb (GtkButton       *button,
                                DdSyncLogWindow *self);

static void
conflict_sides (DdSyncLogWindow      *self,
                const DdSyncConflict *conflict,
                char                **subject,
                char                **base,
                char                **local,
                char                **remote)
{
  const DdOutboxEntry *entry = find_entry (self, conflict->outbox_seq);
  char currency[4] = "EUR";

  if (entry != NULL)
    dd_sync_entry_currency (entry, currency);
  *subject = entry != NULL ? dd_sync_describe_subject (entry)
                           : g_strdup_printf ("%s %s", conflict->entity, conflict->entity_id);
  *base = dd_sync_describe_values (conflict->base, currency);
  *local = dd_sync_describe_values (conflict->local, currency);
  *remote = dd_sync_describe_values (conflict->remote, currency);
}

static void
add_conflict_row (DdSyncLogWindow      *self,
                  const DdSyncConflict *conflict,
                  guint                 index)
{
  g_autofree char *subject = NULL;
  g_autofree char *base = NULL;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *button_label = NULL;
  GtkWidget *row;
  GtkWidget *button;

  conflict_sides (self, conflict, &subject, &base, &local, &remote);
  /* Translators: the three sides of a conflict, one a line */
  subtitle = g_strdup_printf (_("Before your edit: %s\nYours: %s\nRemote now: %s"), base, local, remote);
  row = new_row (subject, subtitle);
  button = gtk_button_new_with_mnemonic (_("_Resolve…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: the accessible name of a conflict's button: its subject */
  button_label = g_strdup_printf (_("Resolve the conflict of %s"), subject);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, button_label, -1);
  g_object_set_data (G_OBJECT (button), "conflict-index", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", G_CALLBACK (resolve_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_list_box_append (self->conflict_list, row);
}

static void
show_rows (DdSyncLogWindow *self)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  DdOutboxSummary *counts = self->summary;

  clear_list (self->log_list);
  clear_list (self->conflict_list);

  if (counts != NULL)
    {
      /* Translators: counts of the sync engine's outbox */
      g_string_append_printf (summary, _("%" G_GINT64_FORMAT " waiting to send · %" G_GINT64_FORMAT " sent · "
                                         "%" G_GINT64_FORMAT " in conflict · %" G_GINT64_FORMAT " rejected"),
                              counts->pending, counts->done, counts->open_conflicts, counts->rejected);
      if (counts->last_error != NULL)
        /* Translators: the newest reason a change was held or failed */
        g_string_append_printf (summary, _("\nLast problem: %s"), counts->last_error);
    }
  else
    g_string_append (summary, _("No changes to sync."));
  gtk_label_set_text (self->summary_label, summary->str);

  for (guint i = 0; self->conflicts != NULL && i < self->conflicts->len; i++)
    add_conflict_row (self, g_ptr_array_index (self->conflicts, i), i);
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_group),
                          self->conflicts != NULL && self->conflicts->len > 0);

  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    add_log_row (self, g_ptr_array_index (self->entries, i));
  if (self->entries == NULL || self->entries->len == 0)
    gtk_list_box_append (self->log_list, new_row (_("Nothing sent yet"),
                                                  _("Changes you make appear here until the commerce engine has them.")));

  g_signal_emit (self, signals[LOADED], 0);
}

static void
conflicts_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DdSyncLogWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *conflicts = dd_store_load_finish (DD_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  self->conflicts = conflicts;
  show_rows (self);
}

static void
log_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  DdSyncLogWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = dd_store_load_finish (DD_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  self->entries = entries;
  dd_store_list_conflicts_async (self->store, self->cancellable, conflicts_cb, self);
}

static void
summary_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DdSyncLogWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  DdOutboxSummary *summary = dd_store_summarize_outbox_finish (DD_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->summary, dd_outbox_summary_free);
  self->summary = summary;
  dd_store_list_sync_log_async (self->store, LOG_LIMIT, self->cancellable, log_cb, self);
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DdSyncLogWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_store_save_finish (DD_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  dd_sync_log_window_reload (self);
}

static void
dialog_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DdSyncLogWindow  *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "conflict-index"));

  dd_sync_log_window_resolve (self, index, response);
}

static void
resolve_clicked_cb (GtkButton       *button,
                    DdSyncLogWindow *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "conflict-index"));
  const DdSyncConflict *conflict;
  g_autofree char *subject = NULL;
  g_autofree char *base = NULL;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->conflicts == NULL || index >= self->conflicts->len)
    return;
  conflict = g_ptr_array_index (self->conflicts, index);
  conflict_sides (self, conflict, &subject, &base, &local, &remote);
  /* Translators: the body of the conflict dialog: subject, then the three sides */
  body = g_strdup_printf (_("%s was changed remotely after your edit.\n\n"
                            "Before your edit: %s\nYours: %s\nRemote now: %s"),
                          subject, base, local, remote);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Which Value Stays?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remote", _("_Take Remote"),
                                    "local", _("_Keep Mine"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "local", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "conflict-index", GUINT_TO_POINTER (index));
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_progress_cb (DdSyncLogWindow *self)
{
  gtk_progress_bar_set_fraction (self->progress_bar, dd_sync_run_get_fraction (self->run));
  gtk_progress_bar_set_text (self->progress_bar, dd_sync_run_get_step (self->run));
}

static void
sync_ended (DdSyncLogWindow *self,
            const GError    *error)
{
  g_clear_object (&self->run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-log.sync-now", TRUE);
  if (error != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      gtk_label_set_text (self->status_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
    }
  dd_sync_log_window_reload (self);
}

static void
ran_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(DdSyncLogWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  dd_sync_run_start_finish (DD_SYNC_RUN (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  sync_ended (self, error);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DdSyncLogWindow) self = user_data;
  g_autoptr(DdMedusaClient) client = NULL;
  g_autoptr(DdMedusaProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  client = dd_commerce_account_connect_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (client == NULL)
    {
      sync_ended (self, error);
      return;
    }
  provider = dd_medusa_provider_new (client, COMMERCE_CURRENCY);
  self->run = dd_sync_run_new (self->store, DD_COMMERCE_PROVIDER (provider));
  g_signal_connect_object (self->run, "notify::fraction", G_CALLBACK (show_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->run, "notify::step", G_CALLBACK (show_progress_cb), self, G_CONNECT_SWAPPED);
  dd_sync_run_start_async (self->run, self->cancellable, ran_cb, g_object_ref (self));
}

static void
sync_now_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DdSyncLogWindow *self = DD_SYNC_LOG_WINDOW (widget);

  if (self->store == NULL || self->run != NULL)
    return;
  gtk_widget_action_set_enabled (widget, "sync-log.sync-now", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Connecting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  dd_commerce_account_connect_async (self->cancellable, connected_cb, g_object_ref (self));
}

static void
refresh_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  dd_sync_log_window_reload (DD_SYNC_LOG_WINDOW (widget));
}

static void
dd_sync_log_window_dispose (GObject *object)
{
  DdSyncLogWindow *self = DD_SYNC_LOG_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->run);
  g_clear_pointer (&self->summary, dd_outbox_summary_free);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_SYNC_LOG_WINDOW);

  G_OBJECT_CLASS (dd_sync_log_window_parent_class)->dispose (object);
}

static void
dd_sync_log_window_class_init (DdSyncLogWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_sync_log_window_dispose;

  /* Emitted when the rows of a (re)load are in. */
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-sync-log-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DdSyncLogWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DdSyncLogWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DdSyncLogWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, DdSyncLogWindow, conflicts_group);
  gtk_widget_class_bind_template_child (widget_class, DdSyncLogWindow, conflict_list);
  gtk_widget_class_bind_template_child (widget_class, DdSyncLogWindow, log_list);
  gtk_widget_class_install_action (widget_class, "sync-log.refresh", NULL, refresh_activated);
  gtk_widget_class_install_action (widget_class, "sync-log.sync-now", NULL, sync_now_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "sync-log.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dd_sync_log_window_init (DdSyncLogWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_group), FALSE);
}

GtkWidget *
dd_sync_log_window_new (DdStore *store)
{
  DdSyncLogWindow *self = g_object_new (DD_TYPE_SYNC_LOG_WINDOW, NULL);

  g_return_val_if_fail (store == NULL || DD_IS_STORE (store), NULL);

  self->store = store != NULL ? g_object_ref (store) : NULL;
  dd_sync_log_window_reload (self);
  return GTK_WIDGET (self);
}

void
dd_sync_log_window_reload (DdSyncLogWindow *self)
{
  g_return_if_fail (DD_IS_SYNC_LOG_WINDOW (self));

  if (self->store == NULL)
    {
      show_rows (self);
      return;
    }
  dd_store_summarize_outbox_async (self->store, self->cancellable, summary_cb, self);
}

const char *
dd_sync_log_window_get_problem (DdSyncLogWindow *self)
{
  g_return_val_if_fail (DD_IS_SYNC_LOG_WINDOW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->status_label)) ? gtk_label_get_text (self->status_label) : NULL;
}

const char *
dd_sync_log_window_get_summary (DdSyncLogWindow *self)
{
  g_return_val_if_fail (DD_IS_SYNC_LOG_WINDOW (self), NULL);

  return gtk_label_get_text (self->summary_label);
}

void
dd_sync_log_window_resolve (DdSyncLogWindow *self,
                            guint            index,
                            const char      *response)
{
  const DdSyncConflict *conflict;
  DdConflictResolution resolution;

  g_return_if_fail (DD_IS_SYNC_LOG_WINDOW (self));

  if (g_strcmp0 (response, "local") == 0)
    resolution = DD_CONFLICT_KEEP_LOCAL;
  else if (g_strcmp0 (response, "remote") == 0)
    resolution = DD_CONFLICT_TAKE_REMOTE;
  else
    return;
  if (self->store == NULL || self->conflicts == NULL || index >= self->conflicts->len)
    return;
  conflict = g_ptr_array_index (self->conflicts, index);
  dd_store_resolve_conflict_async (self->store, conflict->id, resolution, self->cancellable,
                                   resolved_cb, g_object_ref (self));
}
