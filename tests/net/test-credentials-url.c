/* test-credentials-url.c — account URLs: TLS required, plain only on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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

  return g_test_run ();
}
