/* dd-application.c — the Dropdeck application: actions, settings, windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-application.h"
#include "dd-chat-source.h"
#include "dd-preferences-window.h"
#include "dd-squad-account.h"
#include "dd-window.h"

struct _DdApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  gint64          start_time_us;
  gboolean        open_demo;
  DdChatProvider *demo_chat;   /* --chat: a real chat server for the demo drop */
  char           *squad;       /* --squad: the squad's name (else the setting) */
};

G_DEFINE_FINAL_TYPE (DdApplication, dd_application, ADW_TYPE_APPLICATION)

static AdwColorScheme
color_scheme_from_nick (const char *nick)
{
  if (g_strcmp0 (nick, "light") == 0)
    return ADW_COLOR_SCHEME_FORCE_LIGHT;
  if (g_strcmp0 (nick, "dark") == 0)
    return ADW_COLOR_SCHEME_FORCE_DARK;
  return ADW_COLOR_SCHEME_DEFAULT;
}

static void
apply_color_scheme (DdApplication *self)
{
  g_autofree char *nick = g_settings_get_string (self->settings, "color-scheme");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      color_scheme_from_nick (nick));
}

static DdWindow *
ensure_window (DdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (dd_window_new (self));

  return DD_WINDOW (window);
}

static void
color_scheme_changed_cb (GSettings     *settings,
                         const char    *key,
                         DdApplication *self)
{
  apply_color_scheme (self);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  DdApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Close each window so that it saves its size and stops its drop. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);

  g_application_quit (G_APPLICATION (self));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  DdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  DdPreferencesWindow *preferences = dd_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  DdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Dropdeck engineers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Dropdeck"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Dropdeck engineers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/dropdeck/dropdeck",
                        "issue-url", "https://github.com/dropdeck/dropdeck/issues",
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© The Dropdeck engineers"),
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  DdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder = gtk_builder_new_from_resource ("/io/github/dropdeck/Dropdeck/gtk/help-overlay.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  gtk_window_set_transient_for (shortcuts, parent);
  gtk_window_present (shortcuts);
}

static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  DdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_show_uri (parent, "help:dropdeck", GDK_CURRENT_TIME);
}

static void
squad_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DdApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsSquadChannel) channel = dd_squad_account_open_finish (result, &error);
  g_autofree char *profile = dd_application_get_demo_profile_dir ();
  DdWindow *window = ensure_window (self);

  dd_window_open_demo_with_squad (window, profile, self->demo_chat,
                                  channel != NULL ? DD_SQUAD_CHANNEL (channel) : NULL);
  /* The drop still opens, with the simulated squad, and says why. */
  if (channel == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Squad channel not connected: %s"), error->message);

      g_warning ("%s", text);
      dd_window_show_toast (window, text);
    }
}

static void
open_demo_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  DdApplication *self = user_data;
  DdWindow *window = ensure_window (self);
  g_autofree char *profile = dd_application_get_demo_profile_dir ();

  g_autofree char *squad = NULL;
  g_autofree char *role_nick = NULL;
  DdRole role = DD_ROLE_PRODUCER;

  gtk_window_present (GTK_WINDOW (window));
  /* With a squad (the setting or --squad) the demo drop talks to the real
   * squad channel of the squad account; without one the squad is simulated. */
  squad = self->squad != NULL ? g_strdup (self->squad) : g_settings_get_string (self->settings, "squad-name");
  if (squad == NULL || *squad == '\0')
    {
      dd_window_open_demo (window, profile, self->demo_chat);
      return;
    }
  role_nick = g_settings_get_string (self->settings, "role");
  dd_role_from_nick (role_nick, &role);
  dd_squad_account_open_async (NULL, squad, role, NULL, squad_opened_cb, g_object_ref (self));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "about", about_activated },
  { "shortcuts", shortcuts_activated },
  { "help", help_activated },
  { "open-demo", open_demo_activated },
};

/* --chat URL --chat-channel CHANNEL [--chat-nick NICK] [--chat-oper NAME]:
 * the demo drop's audience comes from a real chat server. The operator's
 * password is read from DROPDECK_CHAT_OPER_PASSWORD, never from the
 * command line. */
static gboolean
read_chat_options (DdApplication  *self,
                   GVariantDict   *options,
                   GError        **error)
{
  g_autofree char *url = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *nick = NULL;
  g_autofree char *oper = NULL;
  g_autoptr(GError) twitch_error = NULL;

  if (!g_variant_dict_lookup (options, "chat", "s", &url))
    return TRUE;
  g_variant_dict_lookup (options, "chat-channel", "s", &channel);
  g_variant_dict_lookup (options, "chat-nick", "s", &nick);
  g_variant_dict_lookup (options, "chat-oper", "s", &oper);

  g_clear_object (&self->demo_chat);
  self->demo_chat = dd_chat_source_new (&(DdChatSourceConfig) {
                                          .url = url,
                                          .channel = channel,
                                          .nick = nick,
                                          .oper_name = oper,
                                          .oper_password = g_getenv ("DROPDECK_CHAT_OPER_PASSWORD"),
                                        }, error);
  if (self->demo_chat == NULL)
    return FALSE;

  /* On Twitch, moderators act through its API with the saved account. */
  if (!dd_chat_source_use_twitch_account (self->demo_chat, NULL, &twitch_error) && twitch_error != NULL)
    g_printerr (_("Twitch moderation is not available: %s\n"), twitch_error->message);
  return TRUE;
}

static int
dd_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  DdApplication *self = DD_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  if (!g_variant_dict_contains (options, "demo"))
    {
      if (g_variant_dict_contains (options, "chat"))
        {
          g_printerr ("%s\n", _("--chat goes with --demo: the demo drop then reads that chat server."));
          return 2;
        }
      if (g_variant_dict_contains (options, "squad"))
        {
          g_printerr ("%s\n", _("--squad goes with --demo: the demo drop then joins that squad."));
          return 2;
        }
      return -1;
    }

  g_clear_pointer (&self->squad, g_free);
  g_variant_dict_lookup (options, "squad", "s", &self->squad);
  if (!read_chat_options (self, options, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (!g_application_register (application, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (g_application_get_is_remote (application))
    {
      /* The running instance opens the demo in its window. */
      g_action_group_activate_action (G_ACTION_GROUP (application), "open-demo", NULL);
      return 0;
    }

  self->open_demo = TRUE;
  return -1;
}

static void
dd_application_startup (GApplication *application)
{
  DdApplication *self = DD_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *no_accels[] = { NULL };

  G_APPLICATION_CLASS (dd_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
  /* app.shortcuts replaces the automatic help overlay action. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", no_accels);

  self->settings = g_settings_new (DD_SETTINGS_SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (color_scheme_changed_cb), self, 0);
  apply_color_scheme (self);
}

static void
dd_application_activate (GApplication *application)
{
  DdApplication *self = DD_APPLICATION (application);
  DdWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));

  if (self->open_demo)
    {
      self->open_demo = FALSE;
      g_action_group_activate_action (G_ACTION_GROUP (self), "open-demo", NULL);
    }
}

static void
dd_application_dispose (GObject *object)
{
  DdApplication *self = DD_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->demo_chat);
  g_clear_pointer (&self->squad, g_free);

  G_OBJECT_CLASS (dd_application_parent_class)->dispose (object);
}

static void
dd_application_class_init (DdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = dd_application_dispose;
  app_class->handle_local_options = dd_application_handle_local_options;
  app_class->startup = dd_application_startup;
  app_class->activate = dd_application_activate;
}

static void
dd_application_init (DdApplication *self)
{
  static const GOptionEntry entries[] = {
    { "demo", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Open the demo drop, a simulated live drop that needs no servers"), NULL },
    { "chat", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
      N_("With --demo: read the audience chat from this IRC server (irc://, ircs://, ws:// or wss://)"), N_("URL") },
    { "chat-channel", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
      N_("The channel to join with --chat, e.g. #drop"), N_("CHANNEL") },
    { "chat-nick", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
      N_("The nick to use with --chat"), N_("NICK") },
    { "chat-oper", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
      N_("Moderate as this server operator (password in DROPDECK_CHAT_OPER_PASSWORD)"), N_("NAME") },
    { "squad", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
      N_("With --demo: join this squad over the squad account’s server (default: the squad-name setting)"), N_("NAME") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

DdApplication *
dd_application_new (gint64 start_time_us)
{
  DdApplication *self;

  self = g_object_new (DD_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/dropdeck/Dropdeck",
                       NULL);
  self->start_time_us = start_time_us;

  return self;
}

gint64
dd_application_get_start_time (DdApplication *self)
{
  g_return_val_if_fail (DD_IS_APPLICATION (self), 0);

  return self->start_time_us;
}

char *
dd_application_get_demo_profile_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "dropdeck", "demo", NULL);
}
