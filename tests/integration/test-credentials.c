/* test-credentials.c — account secrets in a real Secret Service
 *
 * Runs under tests/integration/run-with-keyring.sh: a private D-Bus session
 * with gnome-keyring-daemon, HOME and XDG_* in a temporary folder. The
 * dropdeckctl under test is named by DD_DROPDECKCTL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-chat-source.h"
#include "dd-credentials.h"
#include "dd-irc-client.h"
#include "dd-net-error.h"

#define SECRET "s3cret-Key-7f1c2a"

static void
keep_result_cb (GObject      *source G_GNUC_UNUSED,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static char *
lookup (const DdAccount *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  dd_credentials_lookup_async (account, NULL, keep_result_cb, &result);
  secret = dd_credentials_lookup_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);
  return secret;
}

static void
clear (const char *service)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dd_credentials_clear_async (service, NULL, keep_result_cb, &result);
  g_assert_true (dd_credentials_clear_finish (wait_for_result (&result), &error));
  g_assert_no_error (error);
}

/* Runs dropdeckctl with input on its standard input; returns the exit status. */
static int
run_ctl (const char  *input,
         char       **out,
         char       **err,
         const char  *first_arg,
         ...)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *ctl = g_getenv ("DD_DROPDECKCTL");
  const char *arg;
  va_list ap;

  g_assert_nonnull (ctl);
  g_ptr_array_add (args, (char *) ctl);
  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE |
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static char *
read_accounts_file (void)
{
  g_autofree char *path = dd_credentials_default_accounts_path ();
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_store_then_lookup (void)
{
  g_autoptr(DdAccount) account = dd_account_new ("commerce", "https://shop.example.com", NULL);
  g_autoptr(DdAccount) other_url = dd_account_new ("commerce", "https://other.example.com", NULL);
  g_autoptr(DdAccount) replaced = dd_account_new ("commerce", "https://new.example.com", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  dd_credentials_store_async (account, SECRET, NULL, keep_result_cb, &result);
  g_assert_true (dd_credentials_store_finish (wait_for_result (&result), &error));
  g_assert_no_error (error);

  secret = lookup (account);
  g_assert_cmpstr (secret, ==, SECRET);
  dd_credentials_free_secret (secret);

  /* The secret belongs to that URL only. */
  g_assert_null (lookup (other_url));

  /* A new URL for the service replaces the old secret, it does not pile up. */
  dd_credentials_store_async (replaced, "second", NULL, keep_result_cb, &result2);
  g_assert_true (dd_credentials_store_finish (wait_for_result (&result2), &error));
  g_assert_no_error (error);
  g_assert_null (lookup (account));
  secret = lookup (replaced);
  g_assert_cmpstr (secret, ==, "second");
  dd_credentials_free_secret (secret);

  clear ("commerce");
  g_assert_null (lookup (replaced));
}

static void
test_ctl_set_show_clear (void)
{
  g_autoptr(DdAccount) account = dd_account_new ("squad", "wss://nats.example.org/ws", "opslead");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *file = NULL;
  g_autofree char *file2 = NULL;
  char *secret;

  g_assert_cmpint (run_ctl (SECRET "\n", &out, &err, "account", "set", "squad",
                            "--url", "wss://nats.example.org/ws", "--user", "opslead", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");

  /* The secret went to the keyring, exactly, without its newline. */
  secret = lookup (account);
  g_assert_cmpstr (secret, ==, SECRET);
  dd_credentials_free_secret (secret);

  g_assert_cmpint (run_ctl ("", &out2, &err2, "account", "show", NULL), ==, 0);
  g_assert_nonnull (strstr (out2, "\"service\":\"squad\""));
  g_assert_nonnull (strstr (out2, "\"url\":\"wss://nats.example.org/ws\""));
  g_assert_nonnull (strstr (out2, "\"user\":\"opslead\""));
  g_assert_nonnull (strstr (out2, "\"has_secret\":true"));
  g_assert_null (strstr (out2, SECRET));
  g_assert_null (strstr (err2, SECRET));

  file = read_accounts_file ();
  g_assert_nonnull (strstr (file, "wss://nats.example.org/ws"));
  g_assert_null (strstr (file, SECRET));

  g_assert_cmpint (run_ctl ("", &out3, &err3, "account", "clear", "squad", NULL), ==, 0);
  g_assert_null (lookup (account));
  file2 = read_accounts_file ();
  g_assert_null (strstr (file2, "squad"));
}

/* A Twitch account set with dropdeckctl gives the chat its Helix client
 * (moderation on Twitch goes through it); a malformed one is named. */
static void
test_ctl_twitch_account (void)
{
  g_autoptr(DdChatProvider) chat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  chat = dd_chat_source_new (&(DdChatSourceConfig) { .url = "ircs://irc.chat.example.org:6697",
                                                     .channel = "#drop" }, &error);
  g_assert_no_error (error);

  /* Nothing saved: nothing to say. */
  g_assert_false (dd_chat_source_use_twitch_account (chat, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (run_ctl (SECRET "\n", &out, &err, "account", "set", "twitch", "--url", "https://api.twitch.tv/helix",
                            "--user", "app0client1:41424344", NULL), ==, 0);
  g_assert_true (dd_chat_source_use_twitch_account (chat, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (dd_irc_client_get_helix (DD_IRC_CLIENT (chat)));
  g_assert_cmpstr (dd_helix_client_get_moderator_id (dd_irc_client_get_helix (DD_IRC_CLIENT (chat))), ==, "41424344");

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_ctl (SECRET "\n", &out, &err, "account", "set", "twitch", "--url", "https://api.twitch.tv/helix",
                            "--user", "app0client1", NULL), ==, 0);
  g_assert_false (dd_chat_source_use_twitch_account (chat, NULL, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "CLIENT_ID:USER_ID"));
  g_clear_error (&error);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_ctl ("", &out, &err, "account", "clear", "twitch", NULL), ==, 0);
}

static void
test_ctl_plain_remote_refused (void)
{
  g_autoptr(DdAccount) account = dd_account_new ("commerce", "http://shop.example.com", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (run_ctl (SECRET "\n", &out, &err, "account", "set", "commerce",
                            "--url", "http://shop.example.com", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "is not encrypted"));
  g_assert_null (lookup (account));

  g_assert_cmpint (run_ctl ("", &out2, &err2, "account", "show", NULL), ==, 0);
  g_assert_null (strstr (out2, "shop.example.com"));
}

static void
test_ctl_empty_secret_refused (void)
{
  g_autoptr(DdAccount) account = dd_account_new ("audience", "ircs://irc.example.net:6697", "bot");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_ctl ("\n", &out, &err, "account", "set", "audience",
                            "--url", "ircs://irc.example.net:6697", "--user", "bot", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "no secret on standard input"));
  g_assert_null (lookup (account));
}

static void
test_ctl_plain_loopback_accepted (void)
{
  g_autoptr(DdAccount) account = dd_account_new ("commerce", "http://127.0.0.1:9000", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  char *secret;

  g_assert_cmpint (run_ctl ("loopback-key\r\n", &out, &err, "account", "set", "commerce",
                            "--url", "http://127.0.0.1:9000", NULL), ==, 0);
  secret = lookup (account);
  g_assert_cmpstr (secret, ==, "loopback-key");
  dd_credentials_free_secret (secret);
  clear ("commerce");
}

static void
test_ctl_no_keyring (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *path = dd_credentials_default_accounts_path ();
  g_autofree char *file = NULL;

  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                "unix:path=/nonexistent/dropdeck-test-bus", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DD_DROPDECKCTL"),
                                         "account", "set", "audience",
                                         "--url", "ircs://irc.example.net:6697", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, SECRET "\n", NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
  g_assert_nonnull (strstr (err, "No keyring is available to keep the password"));

  /* Nothing half-done: the account was not written without its secret. */
  if (g_file_get_contents (path, &file, NULL, NULL))
    g_assert_null (strstr (file, "audience"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DD_KEYRING_TMP") == NULL)
    {
      g_printerr ("test-credentials: run it through tests/integration/run-with-keyring.sh\n");
      return 1;
    }

  g_test_add_func ("/dropdeck/integration/credentials/store-then-lookup", test_store_then_lookup);
  g_test_add_func ("/dropdeck/integration/credentials/ctl-set-show-clear", test_ctl_set_show_clear);
  g_test_add_func ("/dropdeck/integration/credentials/ctl-twitch-account", test_ctl_twitch_account);
  g_test_add_func ("/dropdeck/integration/credentials/ctl-plain-remote-refused", test_ctl_plain_remote_refused);
  g_test_add_func ("/dropdeck/integration/credentials/ctl-empty-secret-refused", test_ctl_empty_secret_refused);
  g_test_add_func ("/dropdeck/integration/credentials/ctl-plain-loopback-accepted", test_ctl_plain_loopback_accepted);
  g_test_add_func ("/dropdeck/integration/credentials/ctl-no-keyring", test_ctl_no_keyring);

  return g_test_run ();
}
