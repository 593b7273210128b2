/* dd-squad-ledger-list.c — the newest ledger entries of other squad members
 *
 * A heading and a boxed list on the Drop page: who (the member's squad
 * login and the actor the entry names), what changed (field: before → after)
 * and on what; newest first, at most ROWS. Shown only in a real squad.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "dd-squad-ledger-list.h"

#define ROWS 6

struct _DdSquadLedgerList
{
  GtkBox         parent_instance;

  GtkListBox    *list;
  DdDropSession *session;
  guint          n_rows;
};

G_DEFINE_FINAL_TYPE (DdSquadLedgerList, dd_squad_ledger_list, GTK_TYPE_BOX)

static GtkWidget *
create_row (DdSquadLedgerItem *item)
{
  DdLedgerEntry *entry = item->entry;
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (dd_ledger_entry_get_time (entry) / G_USEC_PER_SEC);
  g_autofree char *clock = g_date_time_format (time, "%H:%M:%S");
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (g_strcmp0 (item->member, dd_ledger_entry_get_actor (entry)) == 0)
    /* Translators: a squad member's ledger entry: "maya: title", login, field */
    title = g_strdup_printf (_("%s: %s"), item->member, dd_ledger_entry_get_field (entry));
  else
    /* Translators: a squad member's ledger entry: "maya (Maya Okafor): title", login, actor, field */
    title = g_strdup_printf (_("%s (%s): %s"), item->member, dd_ledger_entry_get_actor (entry),
                             dd_ledger_entry_get_field (entry));
  /* Translators: before → after · what it changed · when; "—" for no value */
  subtitle = g_strdup_printf (_("%s → %s · %s %s · %s"),
                              dd_ledger_entry_get_before (entry) != NULL ? dd_ledger_entry_get_before (entry) : "—",
                              dd_ledger_entry_get_after (entry) != NULL ? dd_ledger_entry_get_after (entry) : "—",
                              dd_ledger_entry_get_entity (entry), dd_ledger_entry_get_entity_id (entry), clock);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  return row;
}

static void
rebuild (DdSquadLedgerList *self)
{
  GPtrArray *items = self->session != NULL ? dd_drop_session_get_squad_ledger (self->session) : NULL;
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
  self->n_rows = 0;
  gtk_widget_set_visible (GTK_WIDGET (self), items != NULL);
  for (guint i = items != NULL ? items->len : 0; i > 0 && self->n_rows < ROWS; i--, self->n_rows++)
    gtk_list_box_append (self->list, create_row (g_ptr_array_index (items, i - 1)));
}

static void
squad_ledger_entry_cb (DdDropSession     *session,
                       gpointer           item,
                       DdSquadLedgerList *self)
{
  rebuild (self);
}

void
dd_squad_ledger_list_set_session (DdSquadLedgerList *self,
                                  DdDropSession     *session)
{
  g_return_if_fail (DD_IS_SQUAD_LEDGER_LIST (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "squad-ledger-entry", G_CALLBACK (squad_ledger_entry_cb), self, 0);
      /* The list exists once the drop runs. */
      g_signal_connect_object (session, "notify::running", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
    }
  rebuild (self);
}

guint
dd_squad_ledger_list_get_n_rows (DdSquadLedgerList *self)
{
  g_return_val_if_fail (DD_IS_SQUAD_LEDGER_LIST (self), 0);

  return self->n_rows;
}

static void
dd_squad_ledger_list_dispose (GObject *object)
{
  DdSquadLedgerList *self = DD_SQUAD_LEDGER_LIST (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (dd_squad_ledger_list_parent_class)->dispose (object);
}

static void
dd_squad_ledger_list_class_init (DdSquadLedgerListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dd_squad_ledger_list_dispose;
}

static void
dd_squad_ledger_list_init (DdSquadLedgerList *self)
{
  GtkWidget *heading = gtk_label_new (_("Squad ledger"));
  GtkWidget *placeholder = gtk_label_new (_("No changes from the squad yet"));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (self), heading);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Squad ledger"), -1);
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->list, placeholder);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->list));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
dd_squad_ledger_list_new (void)
{
  return g_object_new (DD_TYPE_SQUAD_LEDGER_LIST, NULL);
}
