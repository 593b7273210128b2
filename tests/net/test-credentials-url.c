/* test-credentials-url.c — account URLs: TLS required, plain only on
 * loopback; the accounts file keeps the commerce account's public store-API
 * settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "dd-credentials.h"
#include "dd-net-error.h"

static void
test_tls_accepted (void)
{
  const char *urls[] = {
    "https://shop.example.com",
    "https://shop.example.com:9000/admin",
    "wss://nats.example.org:443/ws",
    "ircs://irc.chat.twitch.tv:6697",
    "HTTPS://Shop.Example.com",
    "tls://nats.example.org:4222",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (dd_credentials_check_url (urls[i], &error));
      g_assert_no_error (error);
    }
}

static void
test_plain_on_loopback_accepted (void)
{
  const char *urls[] = {
    "http://127.0.0.1:9000",
    "http://127.45.6.7/",
    "ws://localhost:8080/ws",
    "ws://LOCALHOST:8080",
    "irc://[::1]:6667",
    "nats://127.0.0.1:4222",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (dd_credentials_check_url (urls[i], &error));
      g_assert_no_error (error);
    }
}

static void
test_plain_remote_refused (void)
{
  const char *urls[] = {
    "http://shop.example.com",
    "ws://192.168.1.20:8080",
    "irc://irc.libera.chat:6667",
    "http://128.0.0.1",
    "http://127.0.0.1.example.com",
    "http://localhost.example.com",
    "ws://[::2]:8080",
    "http://[::ffff:10.0.0.1]/",
    "nats://nats.example.org:4222",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (dd_credentials_check_url (urls[i], &error));
      g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED);
      /* The message tells what to use instead. */
      g_assert_nonnull (strstr (error->message, "https, wss, tls or ircs"));
    }
}

static void
test_other_input_refused (void)
{
  const char *urls[] = {
    "ftp://shop.example.com",
    "file:///etc/passwd",
    "shop.example.com",
    "",
    "https://",
    "https://admin:hunter2@shop.example.com",
    "https://admin@shop.example.com",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (dd_credentials_check_url (urls[i], &error));
      g_assert_error (error, DD_NET_ERROR, error->code);
      /* A password given in the URL never comes back in the message. */
      g_assert_null (strstr (error->message, "hunter2"));
    }
}

/* A squad account: a primary and a secondary server, each checked. */
static void
test_url_lists (void)
{
  const char *good[] = {
    "tls://a.example.org:4222,wss://b.example.org/ws",
    "nats://127.0.0.1:4222, ws://127.0.0.1:8080",
    "wss://nats.example.org/ws",
  };
  const char *bad[] = {
    "tls://a.example.org:4222,nats://b.example.org:4222",
    "tls://a.example.org:4222,,wss://b.example.org",
    "tls://a.example.org:4222,",
    "tls://user:hunter2@a.example.org",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (dd_credentials_check_url_list (good[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (dd_credentials_check_url_list (bad[i], &error));
      g_assert_nonnull (error);
      g_assert_null (strstr (error->message, "hunter2"));
    }
}

static void
test_services (void)
{
  g_assert_true (dd_credentials_is_known_service ("commerce"));
  g_assert_true (dd_credentials_is_known_service ("squad"));
  g_assert_true (dd_credentials_is_known_service ("audience"));
  g_assert_false (dd_credentials_is_known_service ("Commerce"));
  g_assert_false (dd_credentials_is_known_service (""));
  g_assert_cmpstr (dd_credentials_get_schema ()->name, ==, "io.github.dropdeck.Dropdeck.Account");
}

/* The publishable key and probe variant are kept with the commerce account
 * in the accounts file (they are public); saving another service keeps
 * them; a hand-edited empty value reads as none. */
static void
test_commerce_store_api_kept (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dropdeck-accounts-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "accounts.json", NULL);
  g_autoptr(DdAccount) commerce = dd_account_new ("commerce", "https://shop.example.com", NULL);
  g_autoptr(DdAccount) squad = dd_account_new ("squad", "tls://nats.example.org:4222", "maya");
  g_autoptr(DdAccount) found = NULL;
  g_autoptr(DdAccount) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  commerce->publishable_key = g_strdup ("pk_01abc");
  commerce->probe_variant = g_strdup ("variant_probe");
  g_assert_true (dd_credentials_save_account (path, commerce, &error));
  g_assert_true (dd_credentials_save_account (path, squad, &error));
  g_assert_no_error (error);

  found = dd_credentials_find_account (path, "commerce", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->url, ==, "https://shop.example.com");
  g_assert_cmpstr (found->publishable_key, ==, "pk_01abc");
  g_assert_cmpstr (found->probe_variant, ==, "variant_probe");
  g_clear_pointer (&found, dd_account_free);
  found = dd_credentials_find_account (path, "squad", &error);
  g_assert_nonnull (found);
  g_assert_null (found->publishable_key);
  none = dd_credentials_find_account (path, "audience", &error);
  g_assert_null (none);
  g_assert_no_error (error);

  g_assert_true (g_file_set_contents (path, "{\"accounts\": {\"commerce\": {\"url\": \"https://shop.example.com\","
                                      " \"publishable_key\": \"\"}}}", -1, NULL));
  g_clear_pointer (&found, dd_account_free);
  found = dd_credentials_find_account (path, "commerce", &error);
  g_assert_nonnull (found);
  g_assert_null (found->publishable_key);
  g_assert_null (found->probe_variant);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/net/credentials/url/tls-accepted", test_tls_accepted);
  g_test_add_func ("/dropdeck/net/credentials/url/plain-on-loopback-accepted", test_plain_on_loopback_accepted);
  g_test_add_func ("/dropdeck/net/credentials/url/plain-remote-refused", test_plain_remote_refused);
  g_test_add_func ("/dropdeck/net/credentials/url/other-input-refused", test_other_input_refused);
  g_test_add_func ("/dropdeck/net/credentials/url/lists", test_url_lists);
  g_test_add_func ("/dropdeck/net/credentials/services", test_services);
  g_test_add_func ("/dropdeck/net/credentials/commerce-store-api-kept", test_commerce_store_api_kept);

  return g_test_run ();
}
