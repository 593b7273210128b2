/* dd-checklist-row.c — one checklist item: who owns it, when it is due, why it is locked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-checklist-row.h"

struct _DdChecklistRow
{
  AdwActionRow     parent_instance;

  /* Template widgets */
  GtkCheckButton  *check_button;
  GtkLabel        *overdue_label;
  GtkImage        *lock_image;
  GtkButton       *note_button;
  GtkButton       *run_button;

  DdChecklist     *checklist;
  DdChecklistItem *item;
  char            *reason;
  gboolean         can_sign_off;
  gboolean         overdue;
  gboolean         busy;
  gboolean         can_run;
};

G_DEFINE_FINAL_TYPE (DdChecklistRow, dd_checklist_row, ADW_TYPE_ACTION_ROW)

enum {
  SIGN_OFF_REQUESTED,
  NOTE_REQUESTED,
  PROBE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* When nothing tells the time yet: relative to the drop start. */
static char *
format_due_offset (gint64 offset_seconds)
{
  gint64 minutes = (ABS (offset_seconds) + 59) / 60;

  if (offset_seconds == 0)
    return g_strdup (_("due at the start"));

  if (offset_seconds < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "due %d minute before the start",
                                         "due %d minutes before the start",
                                         (gulong) minutes),
                            (int) minutes);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "due %d minute after the start",
                                       "due %d minutes after the start",
                                       (gulong) minutes),
                          (int) minutes);
}

static char *
format_clock (gint64 time_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  return when != NULL ? g_date_time_format (when, "%H:%M") : g_strdup ("");
}

/* The subtitle of a done item: who signed it off and when. */
static char *
format_done (DdChecklistItem *item)
{
  g_autofree char *signer = dd_checklist_item_dup_signer_label (item);
  g_autofree char *clock = NULL;
  gint64 signed_at = dd_checklist_item_get_signed_at (item);

  if (signer == NULL)
    return g_strdup (_("Done"));

  if (signed_at <= 0)
    /* Translators: who signed a checklist item off, "Done by Priya Raman (Engineer on-call)" */
    return g_strdup_printf (_("Done by %s"), signer);

  clock = format_clock (signed_at);
  /* Translators: who signed a checklist item off and the local time,
   * "Done by Priya Raman (Engineer on-call) · 16:17" */
  return g_strdup_printf (_("Done by %s · %s"), signer, clock);
}

/* The titles of the dependencies still open, or NULL when all are done. */
static char *
dup_open_dependencies (DdChecklistRow *self)
{
  g_autoptr(GPtrArray) waiting = dd_checklist_dup_waiting_for (self->checklist, self->item);
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  for (guint i = 0; i < waiting->len; i++)
    g_ptr_array_add (titles, (gpointer) dd_checklist_item_get_title (g_ptr_array_index (waiting, i)));

  if (titles->len == 0)
    return NULL;

  g_ptr_array_add (titles, NULL);
  return g_strjoinv (_(", "), (char **) titles->pdata);
}

static void
check_toggled_cb (DdChecklistRow *self,
                  GtkCheckButton *button)
{
  if (!gtk_check_button_get_active (button) || !self->can_sign_off || self->busy)
    return;

  g_signal_emit (self, signals[SIGN_OFF_REQUESTED], 0);
}

static void
note_clicked_cb (DdChecklistRow *self,
                 GtkButton      *button)
{
  if (self->can_sign_off && !self->busy)
    g_signal_emit (self, signals[NOTE_REQUESTED], 0);
}

static void
run_clicked_cb (DdChecklistRow *self,
                GtkButton      *button)
{
  if (self->can_run && !self->busy)
    g_signal_emit (self, signals[PROBE_REQUESTED], 0);
}

static void
set_check_active (DdChecklistRow *self,
                  gboolean        active)
{
  g_signal_handlers_block_by_func (self->check_button, check_toggled_cb, self);
  gtk_check_button_set_active (self->check_button, active);
  g_signal_handlers_unblock_by_func (self->check_button, check_toggled_cb, self);
}

static void
dd_checklist_row_dispose (GObject *object)
{
  DdChecklistRow *self = DD_CHECKLIST_ROW (object);

  g_clear_object (&self->checklist);
  g_clear_object (&self->item);
  g_clear_pointer (&self->reason, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_CHECKLIST_ROW);

  G_OBJECT_CLASS (dd_checklist_row_parent_class)->dispose (object);
}

static guint
new_request_signal (DdChecklistRowClass *klass,
                    const char          *name)
{
  return g_signal_new (name, G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dd_checklist_row_class_init (DdChecklistRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_checklist_row_dispose;

  /* Ticking the box; the note button (a sign-off with a note); the run
   * button of an automated item's owner. */
  signals[SIGN_OFF_REQUESTED] = new_request_signal (klass, "sign-off-requested");
  signals[NOTE_REQUESTED] = new_request_signal (klass, "note-requested");
  signals[PROBE_REQUESTED] = new_request_signal (klass, "probe-requested");

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-checklist-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DdChecklistRow, check_button);
  gtk_widget_class_bind_template_child (widget_class, DdChecklistRow, overdue_label);
  gtk_widget_class_bind_template_child (widget_class, DdChecklistRow, lock_image);
  gtk_widget_class_bind_template_child (widget_class, DdChecklistRow, note_button);
  gtk_widget_class_bind_template_child (widget_class, DdChecklistRow, run_button);
  gtk_widget_class_bind_template_callback (widget_class, check_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, run_clicked_cb);
}

static void
dd_checklist_row_init (DdChecklistRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dd_checklist_row_new (DdChecklist     *checklist,
                      DdChecklistItem *item)
{
  DdChecklistRow *self;
  g_autofree char *note_label = NULL;
  g_autofree char *run_label = NULL;

  g_return_val_if_fail (DD_IS_CHECKLIST (checklist), NULL);
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (item), NULL);

  self = g_object_new (DD_TYPE_CHECKLIST_ROW, NULL);
  self->checklist = g_object_ref (checklist);
  self->item = g_object_ref (item);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), dd_checklist_item_get_title (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, dd_checklist_item_get_title (item),
                                  -1);
  note_label = g_strdup_printf (_("Sign off “%s” with a note"), dd_checklist_item_get_title (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->note_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, note_label, -1);
  run_label = g_strdup_printf (_("Run the check of “%s”"), dd_checklist_item_get_title (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->run_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, run_label, -1);
  dd_checklist_row_update (self, dd_checklist_item_get_owner (item), 0, 0);

  return GTK_WIDGET (self);
}

DdChecklist *
dd_checklist_row_get_checklist (DdChecklistRow *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ROW (self), NULL);

  return self->checklist;
}

DdChecklistItem *
dd_checklist_row_get_item (DdChecklistRow *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ROW (self), NULL);

  return self->item;
}

void
dd_checklist_row_update (DdChecklistRow *self,
                         DdRole          role,
                         gint64          now_us,
                         gint64          start_us)
{
  DdChecklistItemState state;
  DdRole owner;
  gint64 offset;
  g_autofree char *due = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *open_dependencies = NULL;
  const char *probe_id;
  const char *evidence;

  g_return_if_fail (DD_IS_CHECKLIST_ROW (self));

  state = dd_checklist_item_get_state (self->item);
  owner = dd_checklist_item_get_owner (self->item);
  offset = dd_checklist_item_get_due_offset (self->item);

  if (state == DD_CHECKLIST_ITEM_DONE && dd_checklist_item_get_note (self->item) != NULL)
    {
      g_autofree char *done = format_done (self->item);

      /* Translators: a signed-off item and its note, "Done by Ben (Ops lead) · 16:17 · “all hubs match”" */
      subtitle = g_strdup_printf (_("%s · “%s”"), done, dd_checklist_item_get_note (self->item));
    }
  else if (state == DD_CHECKLIST_ITEM_DONE)
    subtitle = format_done (self->item);
  else
    {
      if (now_us > 0 && start_us > 0)
        due = dd_checklist_row_format_due (start_us + offset * G_USEC_PER_SEC, now_us);
      else
        due = format_due_offset (offset);
      /* Translators: an item's owner role and when it is due,
       * "Ops lead · due in 3 minutes" */
      subtitle = g_strdup_printf (_("%s · %s"), dd_role_get_display_name (owner), due);
    }

  g_clear_pointer (&self->reason, g_free);
  open_dependencies = dup_open_dependencies (self);
  probe_id = dd_checklist_item_get_kind (self->item) == DD_CHECKLIST_ITEM_AUTOMATED
             ? dd_checklist_item_get_probe_id (self->item) : NULL;
  evidence = dd_checklist_item_get_evidence (self->item);
  if (open_dependencies != NULL && state != DD_CHECKLIST_ITEM_DONE)
    {
      char *locked = subtitle;

      /* Translators: an item locked by its dependencies, "Ops lead · due in 3 minutes · waits for Pre-approve refunds" */
      subtitle = g_strdup_printf (_("%s · waits for %s"), locked, open_dependencies);
      g_free (locked);
    }
  else if (evidence != NULL)
    {
      char *checked = subtitle;

      /* Translators: a probe's result under an automated item, "Done by … · checkout p99 410 ms" */
      subtitle = g_strdup_printf (state == DD_CHECKLIST_ITEM_FAILED ? _("%s · failed: %s") : _("%s · %s"),
                                  checked, evidence);
      g_free (checked);
    }
  if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (self)), subtitle) != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);

  if (state == DD_CHECKLIST_ITEM_DONE)
    {
      g_autofree char *signer = dd_checklist_item_dup_signer_label (self->item);

      if (signer != NULL)
        self->reason = g_strdup_printf (_("Signed off by %s"), signer);
      else
        self->reason = g_strdup (_("Signed off"));
    }
  else if (open_dependencies != NULL)
    self->reason = g_strdup_printf (_("Waiting for: %s"), open_dependencies);
  else if (owner != role)
    self->reason = g_strdup_printf (_("Only the %s signs this off"), dd_role_get_display_name (owner));
  else if (probe_id != NULL)
    self->reason = g_strdup_printf (_("Checked by the probe “%s”: run it, its result signs the item off"), probe_id);

  self->can_sign_off = state != DD_CHECKLIST_ITEM_DONE && owner == role && open_dependencies == NULL
                       && probe_id == NULL;
  self->overdue = now_us > 0 && start_us > 0
                  && dd_checklist_item_is_overdue (self->item, start_us, now_us);
  if (self->can_sign_off)
    g_clear_pointer (&self->reason, g_free);

  set_check_active (self, state == DD_CHECKLIST_ITEM_DONE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), self->can_sign_off && !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->lock_image),
                          state != DD_CHECKLIST_ITEM_DONE && !self->can_sign_off);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_label), self->overdue);
  gtk_widget_set_visible (GTK_WIDGET (self->note_button), self->can_sign_off);
  self->can_run = probe_id != NULL && state != DD_CHECKLIST_ITEM_DONE && owner == role
                  && open_dependencies == NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->run_button), self->can_run);

  if (self->overdue)
    gtk_widget_add_css_class (GTK_WIDGET (self), "overdue");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "overdue");

  if (state == DD_CHECKLIST_ITEM_DONE)
    gtk_widget_add_css_class (GTK_WIDGET (self), "done");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "done");

  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->reason);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->reason != NULL ? self->reason : subtitle,
                                  -1);
}

void
dd_checklist_row_set_busy (DdChecklistRow *self,
                           gboolean        busy)
{
  g_return_if_fail (DD_IS_CHECKLIST_ROW (self));

  self->busy = !!busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), self->can_sign_off && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_button), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->run_button), !self->busy);
}

gboolean
dd_checklist_row_can_sign_off (DdChecklistRow *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ROW (self), FALSE);

  return self->can_sign_off;
}

gboolean
dd_checklist_row_can_run_probe (DdChecklistRow *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ROW (self), FALSE);

  return self->can_run;
}

gboolean
dd_checklist_row_is_overdue (DdChecklistRow *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ROW (self), FALSE);

  return self->overdue;
}

const char *
dd_checklist_row_get_reason (DdChecklistRow *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ROW (self), NULL);

  return self->reason;
}

char *
dd_checklist_row_format_due (gint64 due_us,
                             gint64 now_us)
{
  gint64 delta = due_us - now_us;
  gint64 minutes;

  if (delta > 0)
    {
      /* Round up: "due in 1 minute" until it is due. */
      minutes = (delta + 60 * G_USEC_PER_SEC - 1) / (60 * G_USEC_PER_SEC);
      if (minutes > 90)
        {
          g_autofree char *clock = format_clock (due_us);

          /* Translators: a checklist item due later today, at a local time */
          return g_strdup_printf (_("due at %s"), clock);
        }
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "due in %d minute",
                                           "due in %d minutes",
                                           (gulong) minutes),
                              (int) minutes);
    }

  minutes = -delta / (60 * G_USEC_PER_SEC);
  if (minutes == 0)
    return g_strdup (_("due now"));
  if (minutes > 90)
    {
      g_autofree char *clock = format_clock (due_us);

      /* Translators: an overdue checklist item, with the local time it was due */
      return g_strdup_printf (_("was due at %s"), clock);
    }
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "due %d minute ago",
                                       "due %d minutes ago",
                                       (gulong) minutes),
                          (int) minutes);
}
