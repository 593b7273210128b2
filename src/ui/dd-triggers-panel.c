/* dd-triggers-panel.c — the rollback triggers with their current values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-triggers-panel.h"

struct _DdTriggersPanel
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkListBox     *list_box;
  GtkLabel       *fail_open_label;

  GPtrArray      *triggers;      /* DdRollbackTrigger */
  GPtrArray      *value_labels;  /* GtkLabel, one a trigger */
  DdDropSession  *session;
};

G_DEFINE_FINAL_TYPE (DdTriggersPanel, dd_triggers_panel, ADW_TYPE_BIN)

static void
update_row (DdTriggersPanel *self,
            guint            index)
{
  DdRollbackTrigger *trigger = g_ptr_array_index (self->triggers, index);
  GtkLabel *label = g_ptr_array_index (self->value_labels, index);
  g_autofree char *value = NULL;

  if (dd_rollback_trigger_has_readings (trigger))
    value = dd_live_signal_format_value (dd_rollback_trigger_get_signal (trigger),
                                         dd_rollback_trigger_get_value (trigger));
  /* No reading yet: no source feeds this signal, or none has come in. */
  gtk_label_set_label (label, value != NULL ? value : "—");
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), value != NULL ? NULL : _("No readings yet"));
  if (dd_rollback_trigger_get_fired (trigger))
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

static void
trigger_changed_cb (DdRollbackTrigger *trigger,
                    GParamSpec        *pspec,
                    DdTriggersPanel   *self)
{
  guint index;

  if (g_ptr_array_find (self->triggers, trigger, &index))
    update_row (self, index);
}

static GtkWidget *
create_row (DdRollbackTrigger *trigger,
            GtkWidget         *value_label)
{
  DdLiveSignal signal = dd_rollback_trigger_get_signal (trigger);
  g_autofree char *threshold = dd_live_signal_format_value (signal, dd_rollback_trigger_get_threshold (trigger));
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  /* Translators: a trigger's threshold and action, "at 5.0 % → Page the Engineer on-call" */
  subtitle = g_strdup_printf (_("at %s → %s"), threshold,
                              dd_rollback_action_get_display_name (dd_rollback_trigger_get_action (trigger)));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dd_live_signal_get_display_name (signal));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_widget_add_css_class (value_label, "heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
  return row;
}

static void
clear_triggers (DdTriggersPanel *self)
{
  GtkWidget *child;

  for (guint i = 0; self->triggers != NULL && i < self->triggers->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->triggers, i), self);
  g_clear_pointer (&self->triggers, g_ptr_array_unref);
  g_ptr_array_set_size (self->value_labels, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
}

/* The fail-open banner: what buyers see instead of an error, while it holds. */
static void
update_fail_open (DdTriggersPanel *self)
{
  DdRollbackDesk *desk = self->session != NULL ? dd_drop_session_get_rollback_desk (self->session) : NULL;
  gboolean fail_open = desk != NULL && dd_rollback_desk_get_fail_open (desk);

  if (fail_open)
    {
      /* Translators: the Drop page's banner; %s is "Pending, ETA 21:05 — …" */
      g_autofree char *text = g_strdup_printf (_("Failing open: buyers see “%s” instead of a checkout error"),
                                               dd_rollback_desk_get_fail_open_message (desk));

      gtk_label_set_label (self->fail_open_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->fail_open_label), fail_open);
}

static void
dd_triggers_panel_dispose (GObject *object)
{
  DdTriggersPanel *self = DD_TRIGGERS_PANEL (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (dd_drop_session_get_rollback_desk (self->session), self);
  g_clear_object (&self->session);
  if (self->list_box != NULL)
    clear_triggers (self);
  g_clear_pointer (&self->value_labels, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_TRIGGERS_PANEL);

  G_OBJECT_CLASS (dd_triggers_panel_parent_class)->dispose (object);
}

static void
dd_triggers_panel_class_init (DdTriggersPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_triggers_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-triggers-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DdTriggersPanel, list_box);
  gtk_widget_class_bind_template_child (widget_class, DdTriggersPanel, fail_open_label);
}

static void
dd_triggers_panel_init (DdTriggersPanel *self)
{
  g_autoptr(GPtrArray) defaults = dd_rollback_trigger_new_defaults (NULL);

  self->value_labels = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  dd_triggers_panel_set_triggers (self, defaults);
}

GtkWidget *
dd_triggers_panel_new (void)
{
  return g_object_new (DD_TYPE_TRIGGERS_PANEL, NULL);
}

void
dd_triggers_panel_set_triggers (DdTriggersPanel *self,
                                GPtrArray       *triggers)
{
  g_return_if_fail (DD_IS_TRIGGERS_PANEL (self));
  g_return_if_fail (triggers != NULL);

  clear_triggers (self);
  self->triggers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < triggers->len; i++)
    {
      DdRollbackTrigger *trigger = g_ptr_array_index (triggers, i);
      GtkWidget *label = gtk_label_new (NULL);

      g_ptr_array_add (self->triggers, g_object_ref (trigger));
      g_ptr_array_add (self->value_labels, label);
      gtk_list_box_append (self->list_box, create_row (trigger, label));
      g_signal_connect_object (trigger, "notify::value", G_CALLBACK (trigger_changed_cb), self, 0);
      g_signal_connect_object (trigger, "notify::fired", G_CALLBACK (trigger_changed_cb), self, 0);
      update_row (self, i);
    }
}

void
dd_triggers_panel_set_session (DdTriggersPanel *self,
                               DdDropSession   *session)
{
  g_return_if_fail (DD_IS_TRIGGERS_PANEL (self));
  g_return_if_fail (session == NULL || DD_IS_DROP_SESSION (session));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (dd_drop_session_get_rollback_desk (self->session), self);
  g_set_object (&self->session, session);
  update_fail_open (self);
  if (session == NULL)
    return;

  /* The session's triggers: it feeds them and carries out their actions. */
  dd_triggers_panel_set_triggers (self, dd_rollback_desk_get_triggers (dd_drop_session_get_rollback_desk (session)));
  g_signal_connect_object (dd_drop_session_get_rollback_desk (session), "notify::fail-open",
                           G_CALLBACK (update_fail_open), self, G_CONNECT_SWAPPED);
}

void
dd_triggers_panel_observe (DdTriggersPanel *self,
                           DdLiveSignal     signal,
                           gint64           time_us,
                           double           value)
{
  g_return_if_fail (DD_IS_TRIGGERS_PANEL (self));

  if (self->session != NULL)
    {
      dd_rollback_desk_observe (dd_drop_session_get_rollback_desk (self->session), signal, time_us, value);
      return;
    }
  /* No drop: the readings show, nothing is carried out. */
  for (guint i = 0; i < self->triggers->len; i++)
    {
      DdRollbackTrigger *trigger = g_ptr_array_index (self->triggers, i);
      DdLedgerEntry *entry;

      if (dd_rollback_trigger_get_signal (trigger) != signal)
        continue;
      entry = dd_rollback_trigger_observe (trigger, time_us, value);
      if (entry != NULL)
        dd_ledger_entry_unref (entry);
    }
}

const char *
dd_triggers_panel_get_fail_open_text (DdTriggersPanel *self)
{
  g_return_val_if_fail (DD_IS_TRIGGERS_PANEL (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->fail_open_label)))
    return NULL;
  return gtk_label_get_label (self->fail_open_label);
}

const char *
dd_triggers_panel_get_value_text (DdTriggersPanel *self,
                                  DdLiveSignal     signal)
{
  g_return_val_if_fail (DD_IS_TRIGGERS_PANEL (self), NULL);

  for (guint i = 0; i < self->triggers->len; i++)
    if (dd_rollback_trigger_get_signal (g_ptr_array_index (self->triggers, i)) == signal)
      return gtk_label_get_label (g_ptr_array_index (self->value_labels, i));
  return NULL;
}
