/* dd-preferences-window.c — appearance, chat and account settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-application.h"
#include "dd-commerce-account-form.h"
#include "dd-preferences-window.h"
#include "dd-squad-account-form.h"

struct _DdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwComboRow          *color_scheme_row;
  GtkAdjustment        *chat_window_adjustment;
  GtkAdjustment        *question_wait_adjustment;
  GtkAdjustment        *price_drop_adjustment;
  AdwEntryRow          *squad_name_row;
  AdwEntryRow          *squad_url_row;
  AdwEntryRow          *squad_user_row;
  AdwEntryRow          *squad_secret_row;
  GtkButton            *squad_save_button;
  GtkLabel             *squad_status_label;
  DdCommerceAccountRows commerce;

  GSettings            *settings;
  DdSquadAccountForm   *squad_form;
  DdCommerceAccountForm *commerce_form;
};

G_DEFINE_FINAL_TYPE (DdPreferencesWindow, dd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* In the order of the combo row's model. */
static const char * const color_schemes[] = { "follow", "light", "dark" };

static gboolean
color_scheme_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    {
      if (g_strcmp0 (nick, color_schemes[i]) == 0)
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
color_scheme_set_mapping (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  guint index = g_value_get_uint (value);

  if (index >= G_N_ELEMENTS (color_schemes))
    return NULL;

  return g_variant_new_string (color_schemes[index]);
}

static void
dd_preferences_window_dispose (GObject *object)
{
  DdPreferencesWindow *self = DD_PREFERENCES_WINDOW (object);

  g_clear_pointer (&self->squad_form, dd_squad_account_form_free);
  g_clear_pointer (&self->commerce_form, dd_commerce_account_form_free);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (dd_preferences_window_parent_class)->dispose (object);
}

static void
dd_preferences_window_class_init (DdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, chat_window_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, question_wait_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, price_drop_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, squad_name_row);
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, squad_url_row);
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, squad_user_row);
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, squad_secret_row);
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, squad_save_button);
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, squad_status_label);
  gtk_widget_class_bind_template_child_full (widget_class, "commerce_url_row", FALSE,
                                             G_STRUCT_OFFSET (DdPreferencesWindow, commerce.url_row));
  gtk_widget_class_bind_template_child_full (widget_class, "commerce_user_row", FALSE,
                                             G_STRUCT_OFFSET (DdPreferencesWindow, commerce.user_row));
  gtk_widget_class_bind_template_child_full (widget_class, "commerce_secret_row", FALSE,
                                             G_STRUCT_OFFSET (DdPreferencesWindow, commerce.secret_row));
  gtk_widget_class_bind_template_child_full (widget_class, "commerce_publishable_key_row", FALSE,
                                             G_STRUCT_OFFSET (DdPreferencesWindow, commerce.publishable_key_row));
  gtk_widget_class_bind_template_child_full (widget_class, "commerce_probe_variant_row", FALSE,
                                             G_STRUCT_OFFSET (DdPreferencesWindow, commerce.probe_variant_row));
  gtk_widget_class_bind_template_child_full (widget_class, "commerce_save_button", FALSE,
                                             G_STRUCT_OFFSET (DdPreferencesWindow, commerce.save_button));
  gtk_widget_class_bind_template_child_full (widget_class, "commerce_status_label", FALSE,
                                             G_STRUCT_OFFSET (DdPreferencesWindow, commerce.status_label));
}

static void
dd_preferences_window_init (DdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (DD_SETTINGS_SCHEMA_ID);
  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->color_scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                color_scheme_get_mapping, color_scheme_set_mapping,
                                NULL, NULL);
  g_settings_bind (self->settings, "chat-window-size",
                   self->chat_window_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "chat-question-wait",
                   self->question_wait_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "price-drop-threshold",
                   self->price_drop_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  self->squad_form = dd_squad_account_form_new (self->settings, self->squad_name_row, self->squad_url_row,
                                                self->squad_user_row, self->squad_secret_row,
                                                self->squad_save_button, self->squad_status_label);
  self->commerce_form = dd_commerce_account_form_new (&self->commerce);
}

DdPreferencesWindow *
dd_preferences_window_new (void)
{
  return g_object_new (DD_TYPE_PREFERENCES_WINDOW, NULL);
}
