/* dd-hub-row.c — one micro-hub in the Hubs list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-hub-row.h"

struct _DdHubRow
{
  AdwActionRow  parent_instance;

  /* Template widgets */
  GtkLabel     *capacity_label;
  GtkLabel     *couriers_label;
  GtkLevelBar  *stock_bar;
  GtkLabel     *stock_label;
  GtkLabel     *pick_label;
  GtkLabel     *status_label;

  DdHub        *hub;
};

G_DEFINE_FINAL_TYPE (DdHubRow, dd_hub_row, ADW_TYPE_ACTION_ROW)

static void
show_hub (DdHubRow *self)
{
  g_autofree char *capacity = NULL;
  g_autofree char *couriers = NULL;
  gboolean open = dd_hub_get_open (self->hub);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), dd_hub_get_name (self->hub));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                               dd_hub_get_address (self->hub) != NULL ? dd_hub_get_address (self->hub) : "");

  /* Translators: a hub's pick-pack capacity */
  capacity = g_strdup_printf (_("%u orders/h"), dd_hub_get_capacity_per_hour (self->hub));
  couriers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u courier", "%u couriers",
                                           dd_hub_get_couriers (self->hub)),
                              dd_hub_get_couriers (self->hub));
  gtk_label_set_text (self->capacity_label, capacity);
  gtk_label_set_text (self->couriers_label, couriers);

  gtk_label_set_text (self->status_label, open ? _("Open") : _("Paused"));
  if (open)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
    }
}

static void
hub_notify_cb (DdHub      *hub,
               GParamSpec *pspec,
               DdHubRow   *self)
{
  show_hub (self);
}

static void
dd_hub_row_dispose (GObject *object)
{
  DdHubRow *self = DD_HUB_ROW (object);

  g_clear_object (&self->hub);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_HUB_ROW);

  G_OBJECT_CLASS (dd_hub_row_parent_class)->dispose (object);
}

static void
dd_hub_row_class_init (DdHubRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_hub_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-hub-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DdHubRow, capacity_label);
  gtk_widget_class_bind_template_child (widget_class, DdHubRow, couriers_label);
  gtk_widget_class_bind_template_child (widget_class, DdHubRow, stock_bar);
  gtk_widget_class_bind_template_child (widget_class, DdHubRow, stock_label);
  gtk_widget_class_bind_template_child (widget_class, DdHubRow, pick_label);
  gtk_widget_class_bind_template_child (widget_class, DdHubRow, status_label);
}

static void
dd_hub_row_init (DdHubRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Little stock left is the state that needs attention. */
  gtk_level_bar_add_offset_value (self->stock_bar, GTK_LEVEL_BAR_OFFSET_LOW, 0.15);
  gtk_level_bar_add_offset_value (self->stock_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 0.5);
  gtk_level_bar_add_offset_value (self->stock_bar, GTK_LEVEL_BAR_OFFSET_FULL, 1.0);
  dd_hub_row_set_stock (self, 0, 0);
}

GtkWidget *
dd_hub_row_new (DdHub *hub)
{
  DdHubRow *self;

  g_return_val_if_fail (DD_IS_HUB (hub), NULL);

  self = g_object_new (DD_TYPE_HUB_ROW, NULL);
  self->hub = g_object_ref (hub);
  g_signal_connect_object (hub, "notify", G_CALLBACK (hub_notify_cb), self, 0);
  show_hub (self);

  return GTK_WIDGET (self);
}

DdHub *
dd_hub_row_get_hub (DdHubRow *self)
{
  g_return_val_if_fail (DD_IS_HUB_ROW (self), NULL);

  return self->hub;
}

void
dd_hub_row_set_stock (DdHubRow *self,
                      gint64    on_hand,
                      gint64    reserved)
{
  g_autofree char *text = NULL;
  g_autofree char *pick = NULL;
  g_autofree char *description = NULL;
  gint64 to_sell;
  double fraction;

  g_return_if_fail (DD_IS_HUB_ROW (self));

  on_hand = MAX (on_hand, 0);
  reserved = CLAMP (reserved, 0, on_hand);
  to_sell = on_hand - reserved;

  fraction = on_hand > 0 ? (double) to_sell / (double) on_hand : 0.0;
  gtk_level_bar_set_value (self->stock_bar, fraction);

  /* Translators: units still to sell of the units on hand at a hub */
  text = g_strdup_printf (_("%lld of %lld left"), (long long) to_sell, (long long) on_hand);
  /* Translators: units reserved by orders, waiting to be picked at a hub */
  pick = g_strdup_printf (_("%lld to pick"), (long long) reserved);
  if (g_strcmp0 (gtk_label_get_label (self->stock_label), text) == 0
      && g_strcmp0 (gtk_label_get_label (self->pick_label), pick) == 0)
    return;

  gtk_label_set_text (self->stock_label, text);
  gtk_label_set_text (self->pick_label, pick);
  /* Translators: what a screen reader says about a hub's stock bar,
   * e.g. "212 of 308 left, 41 to pick" */
  description = g_strdup_printf (_("%s, %s"), text, pick);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->stock_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

const char *
dd_hub_row_get_stock_text (DdHubRow *self)
{
  g_return_val_if_fail (DD_IS_HUB_ROW (self), NULL);

  return gtk_label_get_label (self->stock_label);
}

const char *
dd_hub_row_get_pick_text (DdHubRow *self)
{
  g_return_val_if_fail (DD_IS_HUB_ROW (self), NULL);

  return gtk_label_get_label (self->pick_label);
}

double
dd_hub_row_get_stock_fraction (DdHubRow *self)
{
  g_return_val_if_fail (DD_IS_HUB_ROW (self), 0);

  return gtk_level_bar_get_value (self->stock_bar);
}
