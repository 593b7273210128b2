/* dd-poll-dialog.c — the go/no-go poll: who answered what, and your answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-poll-dialog.h"

struct _DdPollDialog
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkLabel        *status_label;
  GtkLabel        *summary_label;
  GtkListBox      *answers_list;
  AdwEntryRow     *reason_row;
  GtkButton       *open_button;
  GtkButton       *new_poll_button;
  GtkButton       *go_button;
  GtkButton       *no_go_button;

  DdChecklistDesk *desk;
  DdRole           role;
  char            *member;
  GCancellable    *cancellable;
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (DdPollDialog, dd_poll_dialog, ADW_TYPE_WINDOW)

/* "GO · Jonas Weber · 20:31:02" or "NO-GO · Lucía · 20:31:40 · stock short":
 * the answer, who gave it, when, and the reason if any. */
static char *
format_vote (const DdPollVote *vote)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (vote->time_us / G_USEC_PER_SEC);
  g_autofree char *clock = when != NULL ? g_date_time_format (when, "%H:%M:%S") : g_strdup ("");
  GString *text = g_string_new (vote->answer == DD_POLL_ANSWER_GO ? _("GO") : _("NO-GO"));

  if (vote->member != NULL && *vote->member != '\0')
    g_string_append_printf (text, " · %s", vote->member);
  g_string_append_printf (text, " · %s", clock);
  if (vote->reason != NULL)
    g_string_append_printf (text, " · %s", vote->reason);
  return g_string_free (text, FALSE);
}

/* What still forces NO-GO, for the squad to see before and while it answers. */
static char *
dup_blocking_text (DdChecklistDesk *desk)
{
  g_autoptr(GPtrArray) open = dd_checklists_dup_open_pre_drop_blocking (dd_checklist_desk_get_checklists (desk));
  GString *text;

  if (open->len == 0)
    return g_strdup (_("Every blocking pre-drop item is done: the squad’s answers decide."));

  text = g_string_new (NULL);
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u blocking pre-drop item is open, so the poll can only end in NO-GO:",
                                       "%u blocking pre-drop items are open, so the poll can only end in NO-GO:",
                                       open->len),
                          open->len);
  for (guint i = 0; i < open->len; i++)
    {
      DdChecklistItem *item = g_ptr_array_index (open, i);

      /* Translators: an open item and its owner, "“Check stock allocation per hub” (Ops lead)" */
      g_string_append_printf (text, _("\n“%s” (%s)"), dd_checklist_item_get_title (item),
                              dd_role_get_display_name (dd_checklist_item_get_owner (item)));
    }
  return g_string_free (text, FALSE);
}

/* When a decided poll was decided, "20:31". */
static char *
dup_decided_clock (DdGoNoGoPoll *poll)
{
  gint64 decided_at = dd_go_no_go_poll_get_decided_at (poll);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (decided_at / G_USEC_PER_SEC);

  return when != NULL ? g_date_time_format (when, "%H:%M") : g_strdup ("");
}

/* The model's summary of a GO is the bare word the title already shows. */
static char *
dup_go_text (DdGoNoGoPoll *poll)
{
  g_autofree char *clock = dup_decided_clock (poll);

  /* Translators: %s is the time the poll was decided, "20:31" */
  return g_strdup_printf (_("Decided at %s: every role answered GO and every blocking pre-drop item was done."),
                          clock);
}

static void
update (DdPollDialog *self)
{
  DdGoNoGoPoll *poll = self->desk != NULL ? dd_checklist_desk_get_poll (self->desk) : NULL;
  DdPollState state = poll != NULL ? dd_go_no_go_poll_get_state (poll) : DD_POLL_STATE_NOT_OPEN;
  g_autofree char *status = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *child;
  gboolean my_turn;
  gboolean can_open;

  if (self->desk == NULL)
    status = g_strdup (_("No drop is open"));
  else if (state == DD_POLL_STATE_OPEN)
    /* Translators: whose turn it is in the poll, "Ops lead’s turn" */
    status = g_strdup_printf (_("%s’s turn"), dd_role_get_display_name (dd_go_no_go_poll_get_turn (poll)));
  else if (state == DD_POLL_STATE_DECIDED)
    status = g_strdup (dd_go_no_go_poll_get_outcome (poll) == DD_POLL_ANSWER_GO ? _("GO") : _("NO-GO"));
  else
    status = g_strdup_printf (_("The %s opens the poll"), dd_role_get_display_name (DD_ROLE_PRODUCER));
  gtk_label_set_label (self->status_label, status);

  if (state == DD_POLL_STATE_DECIDED && dd_go_no_go_poll_get_outcome (poll) == DD_POLL_ANSWER_GO)
    summary = dup_go_text (poll);
  else if (state == DD_POLL_STATE_DECIDED)
    summary = dd_go_no_go_poll_dup_summary (poll);
  else if (self->desk != NULL)
    summary = dup_blocking_text (self->desk);
  else
    summary = g_strdup (_("Each role answers GO or NO-GO in turn."));
  gtk_label_set_label (self->summary_label, summary);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->answers_list))) != NULL)
    gtk_list_box_remove (self->answers_list, child);
  for (guint i = 0; poll != NULL && i < dd_go_no_go_poll_get_n_votes (poll); i++)
    {
      const DdPollVote *vote = dd_go_no_go_poll_get_vote (poll, i);
      g_autofree char *subtitle = format_vote (vote);
      GtkWidget *row = adw_action_row_new ();

      /* Plain text before the title: "Mod & trust lead" is not markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dd_role_get_display_name (vote->role));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->answers_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->answers_list),
                          poll != NULL && dd_go_no_go_poll_get_n_votes (poll) > 0);

  my_turn = state == DD_POLL_STATE_OPEN && dd_go_no_go_poll_get_turn (poll) == self->role;
  can_open = self->desk != NULL && dd_role_can (self->role, DD_PERMISSION_OPEN_POLL);
  /* A decided poll keeps its result on screen: asking the squad again is
   * a new poll, started on purpose (new_poll_clicked_cb asks first). */
  gtk_widget_set_visible (GTK_WIDGET (self->open_button), can_open && state == DD_POLL_STATE_NOT_OPEN);
  gtk_widget_set_visible (GTK_WIDGET (self->new_poll_button), can_open && state == DD_POLL_STATE_DECIDED);
  gtk_widget_set_visible (GTK_WIDGET (self->go_button), state == DD_POLL_STATE_OPEN);
  gtk_widget_set_visible (GTK_WIDGET (self->no_go_button), state == DD_POLL_STATE_OPEN);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->reason_row)), state == DD_POLL_STATE_OPEN);
  gtk_widget_set_sensitive (GTK_WIDGET (self->go_button), my_turn && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->no_go_button), my_turn && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_button), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->new_poll_button), !self->busy);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DdPollDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_checklist_desk_finish (DD_CHECKLIST_DESK (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  if (error != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
  else
    gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  update (self);
}

static void
answer (DdPollDialog *self,
        DdPollAnswer  poll_answer)
{
  if (self->desk == NULL || self->busy)
    return;

  self->busy = TRUE;
  update (self);
  dd_checklist_desk_answer_poll_async (self->desk, self->role, self->member, poll_answer,
                                       gtk_editable_get_text (GTK_EDITABLE (self->reason_row)),
                                       self->cancellable, done_cb, g_object_ref (self));
}

static void
go_clicked_cb (DdPollDialog *self)
{
  answer (self, DD_POLL_ANSWER_GO);
}

static void
no_go_clicked_cb (DdPollDialog *self)
{
  answer (self, DD_POLL_ANSWER_NO_GO);
}

static void
open_clicked_cb (DdPollDialog *self)
{
  if (self->desk == NULL || self->busy)
    return;

  self->busy = TRUE;
  update (self);
  dd_checklist_desk_open_poll_async (self->desk, self->role, self->member, self->cancellable,
                                     done_cb, g_object_ref (self));
}

static void
new_poll_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      DdPollDialog     *self)
{
  if (g_strcmp0 (response, "new") == 0)
    open_clicked_cb (self);
}

static void
new_poll_clicked_cb (DdPollDialog *self)
{
  DdGoNoGoPoll *poll = self->desk != NULL ? dd_checklist_desk_get_poll (self->desk) : NULL;
  g_autofree char *clock = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (poll == NULL || dd_go_no_go_poll_get_state (poll) != DD_POLL_STATE_DECIDED || self->busy)
    return;

  clock = dup_decided_clock (poll);
  body = g_strdup_printf (dd_go_no_go_poll_get_outcome (poll) == DD_POLL_ANSWER_GO
                          /* Translators: %s is the time the poll was decided, "20:31" */
                          ? _("The poll decided GO at %s stays in the ledger. Every role answers again, "
                              "and the report shows the new poll.")
                          /* Translators: %s is the time the poll was decided, "20:31" */
                          : _("The poll decided NO-GO at %s stays in the ledger. Every role answers again, "
                              "and the report shows the new poll."),
                          clock);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Start a New Poll?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "new", _("_Start New Poll"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "new", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_poll_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dd_poll_dialog_dispose (GObject *object)
{
  DdPollDialog *self = DD_POLL_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->desk != NULL)
    g_signal_handlers_disconnect_by_data (self->desk, self);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->member, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_POLL_DIALOG);

  G_OBJECT_CLASS (dd_poll_dialog_parent_class)->dispose (object);
}

static void
dd_poll_dialog_class_init (DdPollDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_poll_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-poll-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DdPollDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DdPollDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, DdPollDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DdPollDialog, answers_list);
  gtk_widget_class_bind_template_child (widget_class, DdPollDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, DdPollDialog, open_button);
  gtk_widget_class_bind_template_child (widget_class, DdPollDialog, new_poll_button);
  gtk_widget_class_bind_template_child (widget_class, DdPollDialog, go_button);
  gtk_widget_class_bind_template_child (widget_class, DdPollDialog, no_go_button);
  gtk_widget_class_bind_template_callback (widget_class, open_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_poll_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, go_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, no_go_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dd_poll_dialog_init (DdPollDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dd_poll_dialog_new (DdChecklistDesk *desk,
                    DdRole           role,
                    const char      *member)
{
  DdPollDialog *self = g_object_new (DD_TYPE_POLL_DIALOG, NULL);

  self->desk = desk != NULL ? g_object_ref (desk) : NULL;
  self->role = role;
  self->member = g_strdup (member);
  if (desk != NULL)
    g_signal_connect_object (desk, "notify::poll", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);

  return GTK_WIDGET (self);
}

const char *
dd_poll_dialog_get_status (DdPollDialog *self)
{
  g_return_val_if_fail (DD_IS_POLL_DIALOG (self), NULL);

  return gtk_label_get_label (self->status_label);
}

const char *
dd_poll_dialog_get_summary (DdPollDialog *self)
{
  g_return_val_if_fail (DD_IS_POLL_DIALOG (self), NULL);

  return gtk_label_get_label (self->summary_label);
}
