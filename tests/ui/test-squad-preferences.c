/* test-squad-preferences.c — the squad and commerce accounts in the
 * preferences
 *
 * Without a keyring: what the form refuses (a plain address to another
 * computer, an empty user, a first account without a password) is said
 * under the rows and writes nothing; an account saved before (as
 * dropdeckctl does) fills the rows; the squad name is the setting. The
 * commerce account keeps its store-API publishable key and probe variant
 * with the account (no secret needed to change them), and the preflight's
 * checkout probes then buy through that store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "dd-application.h"
#include "dd-commerce-account.h"
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
test_commerce_account (void)
{
  g_autofree char *accounts = dd_credentials_default_accounts_path ();
  g_autoptr(DdAccount) account = dd_account_new ("commerce", "http://127.0.0.1:9000", NULL);
  g_autoptr(DdAccount) saved = NULL;
  g_autoptr(GError) error = NULL;
  DdPreflightOptions options;
  DdPreferencesWindow *window = dd_preferences_window_new ();
  GtkLabel *label = GTK_LABEL (child (window, "commerce_status_label"));

  /* Refused, nothing written: no address, a plain remote one, no secret. */
  g_signal_emit_by_name (child (window, "commerce_save_button"), "clicked");
  g_assert_nonnull (strstr (gtk_label_get_text (label), "store’s address"));
  type (window, "commerce_url_row", "http://shop.example.com");
  g_signal_emit_by_name (child (window, "commerce_save_button"), "clicked");
  g_assert_nonnull (strstr (gtk_label_get_text (label), "not encrypted"));
  type (window, "commerce_url_row", "https://shop.example.com");
  type (window, "commerce_publishable_key_row", "pk_01 abc");
  g_signal_emit_by_name (child (window, "commerce_save_button"), "clicked");
  g_assert_nonnull (strstr (gtk_label_get_text (label), "single words"));
  type (window, "commerce_publishable_key_row", "pk_01abc");
  g_signal_emit_by_name (child (window, "commerce_save_button"), "clicked");
  g_assert_nonnull (strstr (gtk_label_get_text (label), "secret API key"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "error"));
  g_assert_false (g_file_test (accounts, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Saved before (as dropdeckctl does): the rows show it; a publishable
   * key and probe variant are added without typing the secret again. */
  g_assert_true (dd_credentials_save_account (accounts, account, &error));
  window = dd_preferences_window_new ();
  label = GTK_LABEL (child (window, "commerce_status_label"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "commerce_url_row"))), ==,
                   "http://127.0.0.1:9000");
  type (window, "commerce_publishable_key_row", " pk_01abc ");
  type (window, "commerce_probe_variant_row", "variant_probe");
  g_signal_emit_by_name (child (window, "commerce_save_button"), "clicked");
  g_assert_nonnull (strstr (gtk_label_get_text (label), "checkout probes buy through this store"));
  saved = dd_commerce_account_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_cmpstr (saved->publishable_key, ==, "pk_01abc");
  g_assert_cmpstr (saved->probe_variant, ==, "variant_probe");

  /* The preflight's checkout: whole checkouts through that store. */
  dd_preflight_options_init (&options);
  g_assert_true (dd_commerce_account_apply_to_preflight (saved, &options));
  g_assert_cmpint (options.checkout_flow, ==, DD_PREFLIGHT_CHECKOUT_MEDUSA);
  g_assert_cmpstr (options.checkout_url, ==, "http://127.0.0.1:9000");
  g_assert_cmpstr (options.checkout_key, ==, "pk_01abc");
  g_assert_cmpstr (options.checkout_variant, ==, "variant_probe");
  dd_preflight_options_clear (&options);

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
  g_test_add_func ("/dropdeck/ui/squad-preferences/commerce-account", test_commerce_account);

  status = g_test_run ();
  remove_config (config);
  return status;
}
