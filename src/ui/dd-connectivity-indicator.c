/* dd-connectivity-indicator.c — one status icon per service in the header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-connectivity-indicator.h"

struct _DdConnectivityIndicator
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkWidget      *icons[DD_N_SERVICES];
  DdConnectivity *connectivity[DD_N_SERVICES];
};

G_DEFINE_FINAL_TYPE (DdConnectivityIndicator, dd_connectivity_indicator, GTK_TYPE_WIDGET)

static const char * const service_icons[DD_N_SERVICES] = {
  [DD_SERVICE_COMMERCE] = "network-server-symbolic",
  [DD_SERVICE_SQUAD] = "system-users-symbolic",
  [DD_SERVICE_AUDIENCE] = "chat-message-new-symbolic",
};

static const char * const state_classes[] = {
  [DD_CONNECTIVITY_OFFLINE] = "offline",
  [DD_CONNECTIVITY_DEGRADED] = "degraded",
  [DD_CONNECTIVITY_ONLINE] = "online",
};

static void
update_icon (DdConnectivityIndicator *self,
             DdServiceKind            service)
{
  GtkWidget *icon = self->icons[service];
  DdConnectivityState state = DD_CONNECTIVITY_OFFLINE;
  g_autofree char *label = NULL;

  if (self->connectivity[service] != NULL)
    state = dd_connectivity_get_state (self->connectivity[service]);

  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    {
      if (i == state)
        gtk_widget_add_css_class (icon, state_classes[i]);
      else
        gtk_widget_remove_css_class (icon, state_classes[i]);
    }

  label = dd_connectivity_indicator_dup_label (self, service);
  gtk_widget_set_tooltip_text (icon, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
connectivity_notify_cb (DdConnectivity          *connectivity,
                        GParamSpec              *pspec,
                        DdConnectivityIndicator *self)
{
  update_icon (self, dd_connectivity_get_service (connectivity));
}

static void
clear_connectivity (DdConnectivityIndicator *self)
{
  for (guint i = 0; i < DD_N_SERVICES; i++)
    {
      if (self->connectivity[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->connectivity[i], self);
      g_clear_object (&self->connectivity[i]);
    }
}

static void
dd_connectivity_indicator_dispose (GObject *object)
{
  DdConnectivityIndicator *self = DD_CONNECTIVITY_INDICATOR (object);

  clear_connectivity (self);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (dd_connectivity_indicator_parent_class)->dispose (object);
}

static void
dd_connectivity_indicator_class_init (DdConnectivityIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_connectivity_indicator_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "connectivityindicator");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dd_connectivity_indicator_init (DdConnectivityIndicator *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (self->box, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Connectivity"),
                                  -1);

  for (guint i = 0; i < DD_N_SERVICES; i++)
    {
      self->icons[i] = gtk_image_new_from_icon_name (service_icons[i]);
      gtk_widget_add_css_class (self->icons[i], "service");
      gtk_box_append (GTK_BOX (self->box), self->icons[i]);
      update_icon (self, i);
    }
}

GtkWidget *
dd_connectivity_indicator_new (void)
{
  return g_object_new (DD_TYPE_CONNECTIVITY_INDICATOR, NULL);
}

void
dd_connectivity_indicator_set_session (DdConnectivityIndicator *self,
                                       DdDropSession           *session)
{
  g_return_if_fail (DD_IS_CONNECTIVITY_INDICATOR (self));
  g_return_if_fail (session == NULL || DD_IS_DROP_SESSION (session));

  clear_connectivity (self);

  for (guint i = 0; i < DD_N_SERVICES; i++)
    {
      if (session != NULL)
        {
          DdConnectivity *connectivity = dd_drop_session_get_connectivity (session, i);

          if (connectivity != NULL)
            {
              self->connectivity[i] = g_object_ref (connectivity);
              g_signal_connect_object (connectivity, "notify::state",
                                       G_CALLBACK (connectivity_notify_cb), self, 0);
              g_signal_connect_object (connectivity, "notify::detail",
                                       G_CALLBACK (connectivity_notify_cb), self, 0);
            }
        }
      update_icon (self, i);
    }
}

char *
dd_connectivity_indicator_dup_label (DdConnectivityIndicator *self,
                                     DdServiceKind            service)
{
  DdConnectivityState state = DD_CONNECTIVITY_OFFLINE;
  const char *detail = NULL;

  g_return_val_if_fail (DD_IS_CONNECTIVITY_INDICATOR (self), NULL);
  g_return_val_if_fail (service < DD_N_SERVICES, NULL);

  if (self->connectivity[service] != NULL)
    {
      state = dd_connectivity_get_state (self->connectivity[service]);
      detail = dd_connectivity_get_detail (self->connectivity[service]);
    }

  if (detail != NULL && *detail != '\0')
    /* Translators: service, its state and a detail: "Commerce: Online — Demo drop" */
    return g_strdup_printf (_("%s: %s — %s"),
                            dd_service_kind_get_display_name (service),
                            dd_connectivity_state_get_display_name (state),
                            detail);

  /* Translators: service and its state: "Commerce: Offline" */
  return g_strdup_printf (_("%s: %s"),
                          dd_service_kind_get_display_name (service),
                          dd_connectivity_state_get_display_name (state));
}
