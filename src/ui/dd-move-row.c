/* dd-move-row.c — a suggested stock move with Accept and Reject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-move-row.h"

struct _DdMoveRow
{
  AdwActionRow      parent_instance;

  DdMoveSuggestion *move;
  DdStockLevel     *from;
  DdStockLevel     *to;
  GtkWidget        *accept_button;
  GtkWidget        *reject_button;
  GtkWidget        *stock_label;
  GtkWidget        *state_label;
};

G_DEFINE_FINAL_TYPE (DdMoveRow, dd_move_row, ADW_TYPE_ACTION_ROW)

enum {
  ACCEPT,
  REJECT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
on_hand (DdStockLevel *level)
{
  return level != NULL ? dd_stock_level_get_on_hand (level) : 0;
}

static void
update_stock (DdMoveRow *self)
{
  g_autofree char *text = NULL;

  /* Translators: units of the SKU on hand at both ends of a move:
   * "Mitte 14 · Kreuzberg 6 on hand" */
  text = g_strdup_printf (_("%s %lld · %s %lld on hand"),
                          dd_move_suggestion_get_from_name (self->move), (long long) on_hand (self->from),
                          dd_move_suggestion_get_to_name (self->move), (long long) on_hand (self->to));
  gtk_label_set_text (GTK_LABEL (self->stock_label), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->stock_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
update_state (DdMoveRow *self)
{
  DdMoveSuggestionState state = dd_move_suggestion_get_state (self->move);
  const char *text = NULL;

  switch (state)
    {
    case DD_MOVE_SUGGESTION_APPLYING:
      text = _("Moving…");
      break;
    case DD_MOVE_SUGGESTION_ACCEPTED:
      text = _("Moved");
      break;
    case DD_MOVE_SUGGESTION_REJECTED:
      text = _("Rejected");
      break;
    case DD_MOVE_SUGGESTION_FAILED:
      text = dd_move_suggestion_get_message (self->move);
      break;
    case DD_MOVE_SUGGESTION_PENDING:
    default:
      break;
    }

  gtk_widget_set_visible (self->accept_button, state == DD_MOVE_SUGGESTION_PENDING);
  gtk_widget_set_visible (self->reject_button, state == DD_MOVE_SUGGESTION_PENDING);
  gtk_widget_set_visible (self->state_label, text != NULL);
  gtk_label_set_text (GTK_LABEL (self->state_label), text != NULL ? text : "");
  if (state == DD_MOVE_SUGGESTION_FAILED)
    gtk_widget_add_css_class (self->state_label, "error");
}

static void
stock_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 DdMoveRow  *self)
{
  update_stock (self);
}

static void
state_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 DdMoveRow  *self)
{
  update_state (self);
}

static void
accept_clicked_cb (GtkButton *button,
                   DdMoveRow *self)
{
  g_signal_emit (self, signals[ACCEPT], 0);
}

static void
reject_clicked_cb (GtkButton *button,
                   DdMoveRow *self)
{
  g_signal_emit (self, signals[REJECT], 0);
}

static void
dd_move_row_dispose (GObject *object)
{
  DdMoveRow *self = DD_MOVE_ROW (object);

  g_clear_object (&self->move);
  g_clear_object (&self->from);
  g_clear_object (&self->to);

  G_OBJECT_CLASS (dd_move_row_parent_class)->dispose (object);
}

static void
dd_move_row_class_init (DdMoveRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_move_row_dispose;

  signals[ACCEPT] = g_signal_new ("accept", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REJECT] = g_signal_new ("reject", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static GtkWidget *
make_button (DdMoveRow  *self,
             const char *label,
             const char *accessible,
             const char *style,
             GCallback   callback)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect (button, "clicked", callback, self);

  return button;
}

static void
dd_move_row_init (DdMoveRow *self)
{
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
}

GtkWidget *
dd_move_row_new (DdMoveSuggestion *move,
                 DdStockLevel     *from,
                 DdStockLevel     *to)
{
  g_autofree char *summary = NULL;
  g_autofree char *gain = NULL;
  g_autofree char *accept = NULL;
  g_autofree char *reject = NULL;
  DdMoveRow *self;
  GtkWidget *box;

  g_return_val_if_fail (DD_IS_MOVE_SUGGESTION (move), NULL);

  self = g_object_new (DD_TYPE_MOVE_ROW, NULL);
  self->move = g_object_ref (move);
  g_set_object (&self->from, from);
  g_set_object (&self->to, to);

  summary = dd_move_suggestion_dup_summary (move);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), summary);
  /* Translators: the expected promise improvement of a stock move */
  gain = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "+%lld unit of forecast demand deliverable within 2 h",
                                       "+%lld units of forecast demand deliverable within 2 h",
                                       (gulong) MIN (dd_move_suggestion_get_improvement (move), G_MAXLONG)),
                          (long long) dd_move_suggestion_get_improvement (move));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), gain);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  self->stock_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->stock_label), 1);
  gtk_widget_add_css_class (self->stock_label, "caption");
  gtk_widget_add_css_class (self->stock_label, "numeric");
  self->state_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->state_label), 1);
  gtk_label_set_wrap (GTK_LABEL (self->state_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->state_label), 30);
  gtk_widget_add_css_class (self->state_label, "caption-heading");
  gtk_box_append (GTK_BOX (box), self->stock_label);
  gtk_box_append (GTK_BOX (box), self->state_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), box);

  /* Translators: the accessible name of a move's buttons: "Accept: Move 4 × …" */
  accept = g_strdup_printf (_("Accept: %s"), summary);
  reject = g_strdup_printf (_("Reject: %s"), summary);
  self->reject_button = make_button (self, _("Reject"), reject, "flat", G_CALLBACK (reject_clicked_cb));
  self->accept_button = make_button (self, _("Accept"), accept, "suggested-action", G_CALLBACK (accept_clicked_cb));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->reject_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->accept_button);

  if (from != NULL)
    g_signal_connect_object (from, "notify::on-hand", G_CALLBACK (stock_notify_cb), self, 0);
  if (to != NULL)
    g_signal_connect_object (to, "notify::on-hand", G_CALLBACK (stock_notify_cb), self, 0);
  g_signal_connect_object (move, "notify::state", G_CALLBACK (state_notify_cb), self, 0);
  update_stock (self);
  update_state (self);

  return GTK_WIDGET (self);
}

DdMoveSuggestion *
dd_move_row_get_move (DdMoveRow *self)
{
  g_return_val_if_fail (DD_IS_MOVE_ROW (self), NULL);

  return self->move;
}
