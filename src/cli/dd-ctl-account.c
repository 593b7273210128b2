/* dd-ctl-account.c — `dropdeckctl account set|show|clear`: service accounts
 *
 * The secret (API key or password) is read from standard input and kept in
 * the keyring only; the URL and user go to accounts.json in the user
 * configuration folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dd-ctl.h"
#include "dd-credentials.h"

static void
keep_result_cb (GObject      *source G_GNUC_UNUSED,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* The command line has nothing else to do: wait for the one result. */
static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
check_service (const char *service)
{
  if (dd_credentials_is_known_service (service))
    return TRUE;

  g_printerr (_("dropdeckctl: unknown service “%s”; use commerce, squad, audience or twitch\n"), service);
  return FALSE;
}

char *
dd_ctl_read_secret_line (void)
{
  char *line = NULL;
  size_t capacity = 0;
  ssize_t length;
  char *secret = NULL;

  length = getline (&line, &capacity, stdin);
  if (length > 0)
    {
      if (line[length - 1] == '\n')
        line[--length] = '\0';
      if (length > 0 && line[length - 1] == '\r')
        line[--length] = '\0';
      if (length > 0)
        secret = g_strndup (line, length);
    }

  if (line != NULL)
    {
      memset (line, 0, capacity);
      free (line);
    }

  return secret;
}

static int
account_set (const char *service,
             const char *url,
             const char *user,
             const char *publishable_key,
             const char *probe_variant)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *path = dd_credentials_default_accounts_path ();
  char *secret;
  gboolean stored;

  if (!check_service (service))
    return DD_CTL_EXIT_FAILED;
  if (url == NULL)
    {
      g_printerr (_("dropdeckctl: usage: dropdeckctl account set SERVICE --url URL [--user NAME] < secret\n"));
      return DD_CTL_EXIT_FAILED;
    }
  /* A squad account may name a primary and further servers. */
  if (g_str_equal (service, "squad") ? !dd_credentials_check_url_list (url, &error)
                                     : !dd_credentials_check_url (url, &error))
    return dd_ctl_report_error (error);
  if ((publishable_key != NULL || probe_variant != NULL) && !g_str_equal (service, "commerce"))
    {
      g_printerr (_("dropdeckctl: --publishable-key and --probe-variant belong to the commerce account\n"));
      return DD_CTL_EXIT_FAILED;
    }

  secret = dd_ctl_read_secret_line ();
  if (secret == NULL)
    {
      g_printerr (_("dropdeckctl: no secret on standard input; give the API key or password "
                    "as its first line\n"));
      return DD_CTL_EXIT_FAILED;
    }

  account = dd_account_new (service, url, user);
  account->publishable_key = publishable_key != NULL && *publishable_key != '\0' ? g_strdup (publishable_key) : NULL;
  account->probe_variant = probe_variant != NULL && *probe_variant != '\0' ? g_strdup (probe_variant) : NULL;
  dd_credentials_store_async (account, secret, NULL, keep_result_cb, &result);
  dd_credentials_free_secret (secret);
  stored = dd_credentials_store_finish (wait_for_result (&result), &error);
  if (!stored)
    return dd_ctl_report_error (error);

  if (!dd_credentials_save_account (path, account, &error))
    return dd_ctl_report_error (error);

  return DD_CTL_EXIT_OK;
}

static int
account_show (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = dd_credentials_default_accounts_path ();
  g_autofree char *json = NULL;

  accounts = dd_credentials_load_accounts (path, &error);
  if (accounts == NULL)
    return dd_ctl_report_error (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < accounts->len; i++)
    {
      const DdAccount *account = g_ptr_array_index (accounts, i);
      g_autoptr(GAsyncResult) result = NULL;
      char *secret;

      dd_credentials_lookup_async (account, NULL, keep_result_cb, &result);
      secret = dd_credentials_lookup_finish (wait_for_result (&result), &error);
      if (error != NULL)
        return dd_ctl_report_error (error);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "service");
      json_builder_add_string_value (builder, account->service);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, account->url);
      json_builder_set_member_name (builder, "user");
      if (account->user != NULL)
        json_builder_add_string_value (builder, account->user);
      else
        json_builder_add_null_value (builder);
      if (account->publishable_key != NULL)
        {
          json_builder_set_member_name (builder, "publishable_key");
          json_builder_add_string_value (builder, account->publishable_key);
        }
      if (account->probe_variant != NULL)
        {
          json_builder_set_member_name (builder, "probe_variant");
          json_builder_add_string_value (builder, account->probe_variant);
        }
      json_builder_set_member_name (builder, "has_secret");
      json_builder_add_boolean_value (builder, secret != NULL);
      json_builder_end_object (builder);

      dd_credentials_free_secret (secret);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  g_print ("%s\n", json);

  return DD_CTL_EXIT_OK;
}

static int
account_clear (const char *service)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *path = dd_credentials_default_accounts_path ();

  if (!check_service (service))
    return DD_CTL_EXIT_FAILED;

  dd_credentials_clear_async (service, NULL, keep_result_cb, &result);
  if (!dd_credentials_clear_finish (wait_for_result (&result), &error))
    return dd_ctl_report_error (error);

  if (!dd_credentials_remove_account (path, service, &error))
    return dd_ctl_report_error (error);

  return DD_CTL_EXIT_OK;
}

int
dd_ctl_account_main (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *publishable_key = NULL;
  g_autofree char *probe_variant = NULL;
  const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("The server (https, wss, tls or ircs; plain http, ws, nats or irc only on this computer); "
         "for the squad, primary and secondary servers separated by a comma"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user,
      N_("The user name, where the service needs one"), N_("NAME") },
    { "publishable-key", 0, 0, G_OPTION_ARG_STRING, &publishable_key,
      N_("Commerce: the store API’s publishable key for the preflight’s checkout probes (not a secret)"),
      N_("KEY") },
    { "probe-variant", 0, 0, G_OPTION_ARG_STRING, &probe_variant,
      N_("Commerce: the variant the checkout probes buy (default: the first the store lists)"), N_("ID") },
    { NULL }
  };

  g_set_prgname ("dropdeckctl account");
  context = g_option_context_new (_("set|show|clear [SERVICE] — the accounts of the commerce, "
                                    "squad and audience services"));
  g_option_context_set_summary (context,
                                _("“set SERVICE --url URL [--user NAME]” reads the API key or "
                                  "password from the first line of standard input and keeps it "
                                  "in the keyring; the URL and user go to accounts.json in the "
                                  "user configuration folder, which never holds a secret.\n"
                                  "“show” prints the accounts as JSON, without their secrets.\n"
                                  "“clear SERVICE” forgets an account and its secret.\n"
                                  "SERVICE is commerce, squad, audience or twitch."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return dd_ctl_report_error (error);

  if (argc == 3 && g_str_equal (argv[1], "set"))
    return account_set (argv[2], url, user, publishable_key, probe_variant);
  if (argc == 2 && g_str_equal (argv[1], "show") && url == NULL && user == NULL)
    return account_show ();
  if (argc == 3 && g_str_equal (argv[1], "clear") && url == NULL && user == NULL)
    return account_clear (argv[2]);

  g_printerr (_("dropdeckctl: usage: dropdeckctl account set SERVICE --url URL [--user NAME] < secret\n"
                "       dropdeckctl account show\n"
                "       dropdeckctl account clear SERVICE\n"));
  return DD_CTL_EXIT_FAILED;
}
