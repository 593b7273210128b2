/* dd-window.c — the main window: header bar, pages and the open drop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-chat-page.h"
#include "dd-checklists-page.h"
#include "dd-commerce-account.h"
#include "dd-connectivity-indicator.h"
#include "dd-sync-button.h"
#include "dd-drop-page.h"
#include "dd-first-frame-probe.h"
#include "dd-hubs-page.h"
#include "dd-offers-page.h"
#include "dd-window.h"

struct _DdWindow
{
  AdwApplicationWindow     parent_instance;

  /* Template widgets */
  AdwViewSwitcherTitle    *switcher_title;
  AdwViewSwitcherBar      *switcher_bar;
  GtkMenuButton           *role_button;
  GtkBox                  *role_box;
  GtkImage                *role_icon;
  GtkLabel                *role_label;
  GtkToggleButton         *role_toggles[DD_N_ROLES];
  DdConnectivityIndicator *connectivity_indicator;
  DdSyncButton *sync_button;
  AdwToastOverlay         *toast_overlay;
  GtkStack                *main_stack;
  GtkSpinner              *loading_spinner;
  AdwStatusPage           *welcome_page;
  AdwViewStack            *view_stack;
  DdPage                  *drop_page;
  DdPage                  *chat_page;
  DdPage                  *offers_page;
  DdPage                  *hubs_page;
  DdPage                  *checklists_page;

  GSettings               *settings;
  GCancellable            *cancellable;
  DdDropSession           *pending;
  DdDropSession           *session;
};

G_DEFINE_FINAL_TYPE (DdWindow, dd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The view stack's pages, in the order of their Alt+number shortcuts. */
static const char * const page_names[] = { "drop", "chat", "offers", "hubs", "checklists" };

static void
for_each_page (DdWindow *self,
               void    (*func) (DdPage *page, gpointer data),
               gpointer  data)
{
  DdPage *pages[] = {
    self->drop_page, self->chat_page, self->offers_page,
    self->hubs_page, self->checklists_page,
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    func (pages[i], data);
}

static void
page_set_role (DdPage   *page,
               gpointer  data)
{
  dd_page_set_role (page, GPOINTER_TO_INT (data));
}

static void
page_set_session (DdPage   *page,
                  gpointer  data)
{
  dd_page_set_session (page, data);
}

static DdRole
current_role (DdWindow *self)
{
  g_autofree char *nick = g_settings_get_string (self->settings, "role");
  DdRole role = DD_ROLE_PRODUCER;

  dd_role_from_nick (nick, &role);
  return role;
}

static void
role_toggled_cb (GtkToggleButton *toggle,
                 DdWindow        *self)
{
  DdRole role = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (toggle), "dd-role"));

  if (!gtk_toggle_button_get_active (toggle))
    return;

  g_settings_set_string (self->settings, "role", dd_role_to_nick (role));
  gtk_menu_button_popdown (self->role_button);
}

static void
build_role_selector (DdWindow *self)
{
  for (guint i = 0; i < DD_N_ROLES; i++)
    {
      GtkWidget *toggle = gtk_toggle_button_new_with_label (dd_role_get_display_name (i));

      gtk_widget_add_css_class (toggle, "flat");
      gtk_widget_add_css_class (toggle, "role-choice");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (toggle))), 0);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (toggle), self->role_toggles[0]);
      g_object_set_data (G_OBJECT (toggle), "dd-role", GINT_TO_POINTER (i));
      gtk_box_append (self->role_box, toggle);
      self->role_toggles[i] = GTK_TOGGLE_BUTTON (toggle);
    }
}

static void
show_role (DdWindow *self,
           DdRole    role)
{
  for (guint i = 0; i < DD_N_ROLES; i++)
    {
      g_signal_handlers_block_by_func (self->role_toggles[i], role_toggled_cb, self);
      gtk_toggle_button_set_active (self->role_toggles[i], i == role);
      g_signal_handlers_unblock_by_func (self->role_toggles[i], role_toggled_cb, self);
    }

  gtk_label_set_text (self->role_label, dd_role_get_display_name (role));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->role_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, dd_role_get_display_name (role),
                                  -1);
  gtk_image_set_from_icon_name (self->role_icon, dd_role_get_icon_name (role));
}

static void
role_changed_cb (GSettings  *settings,
                 const char *key,
                 DdWindow   *self)
{
  DdRole role = current_role (self);

  show_role (self, role);
  for_each_page (self, page_set_role, GINT_TO_POINTER (role));
}

static void
session_alert_cb (DdDropSession *session,
                  DdChatMessage *alert,
                  DdWindow      *self)
{
  dd_window_show_toast (self, dd_chat_message_get_text (alert));
}

/* The bottom switcher shows when the title's switcher does not fit, and
 * only while a drop is open. */
static void
update_switcher_bar (DdWindow *self)
{
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    self->session != NULL
                                    && adw_view_switcher_title_get_title_visible (self->switcher_title));
}

static void
show_session (DdWindow      *self,
              DdDropSession *session)
{
  g_set_object (&self->session, session);

  adw_view_switcher_title_set_subtitle (self->switcher_title,
                                        dd_drop_session_get_title (session));
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, TRUE);
  dd_connectivity_indicator_set_session (self->connectivity_indicator, session);
  gtk_widget_set_visible (GTK_WIDGET (self->connectivity_indicator), TRUE);
  dd_sync_button_set_store (self->sync_button, dd_drop_session_get_store (session));
  gtk_widget_set_visible (GTK_WIDGET (self->sync_button), TRUE);
  /* With a commerce account the edits are meant to reach the store: their
   * age in the outbox is the sync-lag trigger's reading. */
  {
    g_autoptr(DdAccount) commerce = dd_commerce_account_load (NULL, NULL);

    dd_drop_session_set_measures_sync_lag (session, commerce != NULL);
  }
  for_each_page (self, page_set_session, session);
  g_signal_connect_object (session, "alert", G_CALLBACK (session_alert_cb), self, 0);

  gtk_stack_set_visible_child_name (self->main_stack, "drop");
  adw_view_stack_set_visible_child_name (self->view_stack, "drop");
  update_switcher_bar (self);
  /* The offers list's sync column follows the outbox the header shows. */
  g_signal_connect_object (self->sync_button, "outbox-changed",
                           G_CALLBACK (dd_offers_page_refresh_sync), self->offers_page, G_CONNECT_SWAPPED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  if (dd_first_frame_probe_enabled ())
    {
      GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

      if (DD_IS_APPLICATION (application))
        dd_first_frame_probe_arm (GTK_WIDGET (self),
                                  dd_application_get_start_time (DD_APPLICATION (application)));
    }
}

static void
show_welcome (DdWindow *self)
{
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack,
                                    self->session != NULL ? "drop" : "welcome");
}

static void
show_start_error (DdWindow     *self,
                  const GError *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Could Not Open the Drop"),
                                   error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
session_started_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DdDropSession *session = DD_DROP_SESSION (source);
  g_autoptr(DdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_drop_session_start_finish (session, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (self->pending == session)
        g_clear_object (&self->pending);
      show_welcome (self);
      show_start_error (self, error);
      return;
    }

  if (self->pending != session)
    {
      /* Superseded while it started. */
      dd_drop_session_stop (session);
      return;
    }

  if (self->session != NULL)
    dd_drop_session_stop (self->session);

  g_clear_object (&self->pending);
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  show_session (self, session);
}

static void
show_toast_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  dd_window_show_toast (DD_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DdWindow *self = DD_WINDOW (widget);

  if (self->session == NULL)
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, g_variant_get_string (parameter, NULL));
}

/* win.open-offer (offer id, chat message id, chat text): the Offers page
 * with that offer in the editor, linked to the message it came from. */
static void
open_offer_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DdWindow *self = DD_WINDOW (widget);
  const char *offer_id, *message_id, *text;

  if (self->session == NULL)
    return;

  g_variant_get (parameter, "(&s&s&s)", &offer_id, &message_id, &text);
  adw_view_stack_set_visible_child_name (self->view_stack, "offers");
  if (!dd_offers_page_open_offer (DD_OFFERS_PAGE (self->offers_page), offer_id,
                                  message_id[0] != '\0' ? message_id : NULL,
                                  text[0] != '\0' ? text : NULL))
    dd_window_show_toast (self, _("That offer is not in this drop."));
}

static gboolean
dd_window_close_request (GtkWindow *window)
{
  DdWindow *self = DD_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (dd_window_parent_class)->close_request (window);
}

static void
dd_window_dispose (GObject *object)
{
  DdWindow *self = DD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending);

  if (self->session != NULL)
    {
      for_each_page (self, page_set_session, NULL);
      dd_drop_session_stop (self->session);
      g_clear_object (&self->session);
    }

  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_WINDOW);

  G_OBJECT_CLASS (dd_window_parent_class)->dispose (object);
}

static void
dd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DdWindow *self = DD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_window_class_init (DdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dd_window_dispose;
  object_class->get_property = dd_window_get_property;
  window_class->close_request = dd_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         DD_TYPE_DROP_SESSION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DD_TYPE_CONNECTIVITY_INDICATOR);
  g_type_ensure (DD_TYPE_SYNC_BUTTON);
  g_type_ensure (DD_TYPE_DROP_PAGE);
  g_type_ensure (DD_TYPE_CHAT_PAGE);
  g_type_ensure (DD_TYPE_OFFERS_PAGE);
  g_type_ensure (DD_TYPE_HUBS_PAGE);
  g_type_ensure (DD_TYPE_CHECKLISTS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DdWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, role_button);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, role_box);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, role_icon);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, role_label);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, connectivity_indicator);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, drop_page);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, chat_page);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, offers_page);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, hubs_page);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, checklists_page);

  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", show_toast_activated);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated);
  gtk_widget_class_install_action (widget_class, "win.open-offer", "(sss)", open_offer_activated);
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", page_names[i]);
}

static void
dd_window_init (DdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (DD_SETTINGS_SCHEMA_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  build_role_selector (self);
  for (guint i = 0; i < DD_N_ROLES; i++)
    g_signal_connect_object (self->role_toggles[i], "toggled",
                             G_CALLBACK (role_toggled_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::role",
                           G_CALLBACK (role_changed_cb), self, 0);
  role_changed_cb (self->settings, "role", self);

  adw_status_page_set_icon_name (self->welcome_page, APPLICATION_ID);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (update_switcher_bar), self, G_CONNECT_SWAPPED);
  update_switcher_bar (self);

  if (DEVELOPMENT_PROFILE)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

DdWindow *
dd_window_new (DdApplication *application)
{
  return g_object_new (DD_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
dd_window_open_session (DdWindow      *self,
                        DdDropSession *session)
{
  g_return_if_fail (DD_IS_WINDOW (self));
  g_return_if_fail (DD_IS_DROP_SESSION (session));

  if (self->pending == session || self->session == session)
    return;

  g_set_object (&self->pending, session);
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  if (self->session == NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "loading");

  dd_drop_session_start_async (session, self->cancellable,
                               session_started_cb, g_object_ref (self));
}

void
dd_window_open_demo (DdWindow       *self,
                     const char     *profile_dir,
                     DdChatProvider *chat)
{
  dd_window_open_demo_with_squad (self, profile_dir, chat, NULL);
}

void
dd_window_open_demo_with_squad (DdWindow       *self,
                                const char     *profile_dir,
                                DdChatProvider *chat,
                                DdSquadChannel *squad)
{
  g_autoptr(DdDropSession) session = NULL;

  g_return_if_fail (DD_IS_WINDOW (self));
  g_return_if_fail (profile_dir != NULL);

  if (self->session != NULL && dd_drop_session_is_demo (self->session))
    return;

  session = dd_drop_session_new_demo (profile_dir);
  if (chat != NULL)
    dd_drop_session_set_chat_provider (session, chat);
  if (squad != NULL)
    dd_drop_session_set_squad_channel (session, squad);
  dd_window_open_session (self, session);
}

DdDropSession *
dd_window_get_session (DdWindow *self)
{
  g_return_val_if_fail (DD_IS_WINDOW (self), NULL);

  return self->session;
}

void
dd_window_show_toast (DdWindow   *self,
                      const char *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (DD_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  /* Toast titles are markup in libadwaita 1.2; messages are plain text. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
