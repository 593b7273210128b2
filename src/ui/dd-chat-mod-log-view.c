/* dd-chat-mod-log-view.c — the moderation log beside the chat wall
 *
 * Who did what to whom, when, and whether it worked; where the classifier
 * learned from an action, a button takes the lesson back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-chat-mod-log-view.h"
#include "dd-page.h"

struct _DdChatModLogView
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkListBox *list;
  DdChatDesk *desk;
};

G_DEFINE_FINAL_TYPE (DdChatModLogView, dd_chat_mod_log_view, GTK_TYPE_WIDGET)

static void
undo_clicked_cb (GtkButton *button,
                 gpointer   user_data)
{
  DdChatModLogView *self = user_data;
  DdChatModLogEntry *entry = g_object_get_data (G_OBJECT (button), "entry");
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  if (self->desk == NULL || entry == NULL)
    return;

  page = gtk_widget_get_ancestor (GTK_WIDGET (self), DD_TYPE_PAGE);
  if (!dd_chat_desk_undo_learning (self->desk, entry, &error))
    {
      if (page != NULL)
        dd_page_show_toast (DD_PAGE (page), error->message);
      return;
    }
  if (page != NULL)
    dd_page_show_toast (DD_PAGE (page), _("The classifier forgot that lesson"));
}

static void
sync_undo_button (DdChatModLogEntry *entry,
                  GParamSpec        *pspec,
                  GtkWidget         *button)
{
  gtk_widget_set_visible (button, dd_chat_mod_log_entry_get_learned (entry) >= 0
                                  && !dd_chat_mod_log_entry_get_learning_undone (entry));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  DdChatModLogView *self = user_data;
  DdChatModLogEntry *entry = item;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *summary = dd_chat_mod_log_entry_dup_summary (entry);
  g_autofree char *time_text = NULL;
  const char *error_message = dd_chat_mod_log_entry_get_error_message (entry);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label;
  GtkWidget *button;

  gtk_widget_add_css_class (row, "mod-log-row");
  when = g_date_time_new_from_unix_local (dd_chat_mod_log_entry_get_time (entry) / G_USEC_PER_SEC);
  time_text = g_date_time_format (when, "%H:%M:%S");

  label = gtk_label_new (time_text);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (row), label);

  label = gtk_label_new (summary);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (texts), label);

  label = gtk_label_new (error_message != NULL
                         /* Translators: a moderation action that did not work, and why */
                         ? error_message
                         : dd_chat_message_get_text (dd_chat_mod_log_entry_get_target (entry)));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, error_message != NULL ? "error" : "dim-label");
  gtk_box_append (GTK_BOX (texts), label);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (row), texts);

  button = gtk_button_new_from_icon_name ("edit-undo-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Take back what the classifier learned from this"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Undo learning"), -1);
  g_object_set_data_full (G_OBJECT (button), "entry", g_object_ref (entry), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (undo_clicked_cb), self);
  g_signal_connect_object (entry, "notify::learning-undone", G_CALLBACK (sync_undo_button), button, 0);
  sync_undo_button (entry, NULL, button);
  gtk_box_append (GTK_BOX (row), button);

  return row;
}

static void
dd_chat_mod_log_view_dispose (GObject *object)
{
  DdChatModLogView *self = DD_CHAT_MOD_LOG_VIEW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (dd_chat_mod_log_view_parent_class)->dispose (object);
}

static void
dd_chat_mod_log_view_class_init (DdChatModLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_chat_mod_log_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "modlog");
}

static void
dd_chat_mod_log_view_init (DdChatModLogView *self)
{
  GtkWidget *title;
  GtkWidget *scrolled;
  GtkWidget *placeholder;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  title = gtk_label_new (_("Moderation log"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (title, "mod-log-title");
  gtk_box_append (GTK_BOX (self->box), title);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Moderation log"), -1);
  placeholder = gtk_label_new (_("Deletes, timeouts, bans, claims and pins appear here."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 24);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->list, placeholder);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self->box), scrolled);
}

GtkWidget *
dd_chat_mod_log_view_new (void)
{
  return g_object_new (DD_TYPE_CHAT_MOD_LOG_VIEW, NULL);
}

void
dd_chat_mod_log_view_set_desk (DdChatModLogView *self,
                               DdChatDesk       *desk)
{
  g_return_if_fail (DD_IS_CHAT_MOD_LOG_VIEW (self));
  g_return_if_fail (desk == NULL || DD_IS_CHAT_DESK (desk));

  if (!g_set_object (&self->desk, desk))
    return;

  gtk_list_box_bind_model (self->list, desk != NULL ? dd_chat_desk_get_log (desk) : NULL,
                           desk != NULL ? create_row : NULL, self, NULL);
}
