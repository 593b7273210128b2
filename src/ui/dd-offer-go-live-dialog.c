/* dd-offer-go-live-dialog.c — "Go Live?": what buyers will see, and every guard's answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-offer-format.h"
#include "dd-offer-go-live-dialog.h"

struct _DdOfferGoLiveDialog
{
  AdwMessageDialog  parent_instance;

  /* Template widgets */
  GtkLabel         *title_label;
  GtkLabel         *price_label;
  GtkLabel         *was_label;
  GtkLabel         *window_label;
  GtkLabel         *cap_label;
  GtkLabel         *delivery_label;
  GtkListBox       *checks_list;

  DdOffer          *offer;
  GCancellable     *cancellable;
  gboolean          checked;
};

G_DEFINE_FINAL_TYPE (DdOfferGoLiveDialog, dd_offer_go_live_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
add_check (DdOfferGoLiveDialog *self,
           const char          *icon_name,
           const char          *css_class,
           const char          *message)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (icon, css_class);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (self->checks_list, row);
}

static void
checks_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DdOfferGoLiveDialog) self = user_data;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  gboolean all_passed = TRUE;

  checks = dd_offer_editing_check_go_live_finish (DD_OFFER_EDITING (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->checked = TRUE;
  /* The placeholder goes; the answers take its place. */
  gtk_list_box_remove (self->checks_list, gtk_widget_get_first_child (GTK_WIDGET (self->checks_list)));
  if (checks == NULL)
    {
      add_check (self, "dialog-error-symbolic", "error", error->message);
      return;
    }

  for (guint i = 0; i < checks->len; i++)
    {
      DdOfferCheck *check = g_ptr_array_index (checks, i);

      if (!check->passed)
        add_check (self, "action-unavailable-symbolic", "error", check->message);
      else if (check->warning)
        add_check (self, "dialog-warning-symbolic", "warning", check->message);
      else
        add_check (self, "emblem-ok-symbolic", "success", check->message);
      all_passed &= check->passed;
    }

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "go-live", all_passed);
  if (!all_passed)
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                                 _("This offer cannot go live until the checks below pass. Buyers would see:"));
}

static void
show_preview (DdOfferGoLiveDialog *self)
{
  const DdMoney *was = dd_offer_get_compare_at_price (self->offer);
  g_autofree char *price = dd_money_format (dd_offer_get_price (self->offer));
  g_autofree char *was_text = was != NULL ? dd_money_format (was) : NULL;
  g_autofree char *window = dd_offer_format_window (self->offer, g_get_real_time ());
  g_autofree char *window_text = NULL;
  g_autofree char *cap = dd_offer_format_cap (self->offer);
  g_autofree char *delivery = NULL;

  gtk_label_set_text (self->title_label, dd_offer_get_title (self->offer));
  gtk_label_set_text (self->price_label, price);
  if (was_text != NULL)
    {
      g_autofree char *was_label = g_strdup_printf (_("was %s"), was_text);

      gtk_label_set_text (self->was_label, was_label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->was_label), was_text != NULL);
  /* Translators: the incentive window with its countdown */
  window_text = g_strdup_printf (_("Window: %s"), window);
  gtk_label_set_text (self->window_label, window_text);
  gtk_label_set_text (self->cap_label, cap);
  /* Translators: the delivery promise, e.g. "Delivery: Within two hours" */
  delivery = g_strdup_printf (_("Delivery: %s"),
                              dd_latency_bucket_get_display_name (dd_offer_get_latency_bucket (self->offer)));
  gtk_label_set_text (self->delivery_label, delivery);
}

static void
dd_offer_go_live_dialog_dispose (GObject *object)
{
  DdOfferGoLiveDialog *self = DD_OFFER_GO_LIVE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->offer);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_OFFER_GO_LIVE_DIALOG);

  G_OBJECT_CLASS (dd_offer_go_live_dialog_parent_class)->dispose (object);
}

static void
dd_offer_go_live_dialog_class_init (DdOfferGoLiveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_offer_go_live_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-offer-go-live-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DdOfferGoLiveDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, DdOfferGoLiveDialog, price_label);
  gtk_widget_class_bind_template_child (widget_class, DdOfferGoLiveDialog, was_label);
  gtk_widget_class_bind_template_child (widget_class, DdOfferGoLiveDialog, window_label);
  gtk_widget_class_bind_template_child (widget_class, DdOfferGoLiveDialog, cap_label);
  gtk_widget_class_bind_template_child (widget_class, DdOfferGoLiveDialog, delivery_label);
  gtk_widget_class_bind_template_child (widget_class, DdOfferGoLiveDialog, checks_list);
}

static void
dd_offer_go_live_dialog_init (DdOfferGoLiveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
dd_offer_go_live_dialog_new (GtkWindow      *parent,
                             DdOffer        *offer,
                             DdOfferEditing *editing,
                             DdRole          role)
{
  DdOfferGoLiveDialog *self;

  g_return_val_if_fail (DD_IS_OFFER (offer), NULL);
  g_return_val_if_fail (editing == NULL || DD_IS_OFFER_EDITING (editing), NULL);

  self = g_object_new (DD_TYPE_OFFER_GO_LIVE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->offer = g_object_ref (offer);
  show_preview (self);
  add_check (self, "content-loading-symbolic", "dim-label", _("Checking the guards…"));
  if (editing != NULL)
    dd_offer_editing_check_go_live_async (editing, offer, role, 0, self->cancellable,
                                          checks_done_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}

DdOffer *
dd_offer_go_live_dialog_get_offer (DdOfferGoLiveDialog *self)
{
  g_return_val_if_fail (DD_IS_OFFER_GO_LIVE_DIALOG (self), NULL);
  return self->offer;
}

gboolean
dd_offer_go_live_dialog_get_checked (DdOfferGoLiveDialog *self)
{
  g_return_val_if_fail (DD_IS_OFFER_GO_LIVE_DIALOG (self), FALSE);
  return self->checked;
}
