/* test-squad-preferences.c — the squad account in the preferences
 *
 * Without a keyring: what the form refuses (a plain address to another
 * computer, an empty user, a first account without a password) is said
 * under the rows and writes nothing; an account saved before (as
 * dropdeckctl does) fills the rows; the squad name is the setting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "dd-application.h"
#include "dd-credentials.h"
#include "dd-preferences-window.h"

static GtkWidget *
child (DdPreferencesWindow *window,
       const char          *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), DD_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
type (DdPreferencesWindow *window,
      const char          *row,
      const char          *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (window, row)), text);
}

static const char *
status (DdPreferencesWindow *window)
{
  return gtk_label_get_text (GTK_LABEL (child (window, "squad_status_label")));
}

static void
save (DdPreferencesWindow *window)
{
  g_signal_emit_by_name (child (window, "squad_save_button"), "clicked");
}

static void
test_refusals (void)
{
  g_autofree char *accounts = dd_credentials_default_accounts_path ();
  DdPreferencesWindow *window = dd_preferences_window_new ();

  g_assert_false (g_file_test (accounts, G_FILE_TEST_EXISTS));

  type (window, "squad_url_row", "nats://nats.example.org:4222");
  type (window, "squad_user_row", "maya");
  save (window);
  g_assert_nonnull (strstr (status (window), "not encrypted"));
  g_assert_true (gtk_widget_has_css_class (child (window, "squad_status_label"), "error"));

  type (window, "squad_url_row", "tls://a.example.org:4222,wss://b.example.org/ws");
  type (window, "squad_user_row", "  ");
  save (window);
  g_assert_nonnull (strstr (status (window), "user name"));

  type (window, "squad_user_row", "maya");
  save (window);
  g_assert_nonnull (strstr (status (window), "password"));

  /* Nothing refused was written. */
  g_assert_false (g_file_test (accounts, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_existing_account (void)
{
  g_autofree char *accounts = dd_credentials_default_accounts_path ();
  g_autoptr(DdAccount) account = dd_account_new ("squad", "tls://a.example.org:4222", "jonas");
  g_autoptr(GSettings) settings = g_settings_new (DD_SETTINGS_SCHEMA_ID);
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GError) error = NULL;
  DdPreferencesWindow *window;

  g_assert_true (dd_credentials_save_account (accounts, account, &error));
  g_settings_set_string (settings, "squad-name", "berlin-drop");
  window = dd_preferences_window_new ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "squad_url_row"))), ==,
                   "tls://a.example.org:4222");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "squad_user_row"))), ==, "jonas");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "squad_name_row"))), ==, "berlin-drop");

  /* A secondary server added, no password typed: the stored one stays. */
  type (window, "squad_url_row", "tls://a.example.org:4222, tls://b.example.org:4222");
  type (window, "squad_name_row", "lisbon-drop");
  save (window);
  g_assert_nonnull (strstr (status (window), "Saved"));
  saved = dd_credentials_load_accounts (accounts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->len, ==, 1);
  g_assert_cmpstr (((DdAccount *) g_ptr_array_index (saved, 0))->url, ==,
                   "tls://a.example.org:4222, tls://b.example.org:4222");
  g_assert_cmpstr (g_settings_get_string (settings, "squad-name"), ==, "lisbon-drop");

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (accounts);
}

static void
remove_config (const char *config)
{
  g_autofree char *folder = g_build_filename (config, "dropdeck", NULL);
  g_autofree char *accounts = g_build_filename (folder, "accounts.json", NULL);

  g_unlink (accounts);
  g_rmdir (folder);
  g_rmdir (config);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("dropdeck-squad-preferences-XXXXXX", NULL);
  int status;

  /* Its own config folder, set before GLib reads it: a real accounts.json
   * is never seen or touched. */
  g_assert_nonnull (config);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/dropdeck/ui/squad-preferences/refusals", test_refusals);
  g_test_add_func ("/dropdeck/ui/squad-preferences/existing-account", test_existing_account);

  status = g_test_run ();
  remove_config (config);
  return status;
}
