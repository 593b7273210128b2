/* test-squad-ctl.c — roles enforced by a real nats-server configured by
 * `dropdeckctl squad nats-config`, and `dropdeckctl squad send|tail`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "dd-nats-squad-channel.h"

#include "test-nats-fixture.c"
#include "test-squad-fixture.c"

static const char roster_json[] =
  "{ \"squad\": \"berlin-drop\", \"members\": ["
  "  { \"login\": \"maya\", \"name\": \"Maya Okafor\", \"role\": \"producer\", \"password\": \"maya-pw\" },"
  "  { \"login\": \"jonas\", \"name\": \"Jonas Weber\", \"role\": \"ops-lead\", \"password\": \"jonas-pw\" },"
  "  { \"login\": \"lucia\", \"name\": \"Lucía Fernández\", \"role\": \"creator-liaison\", \"password\": \"lucia-pw\" }"
  "] }";

/* Runs dropdeckctl with `input` on stdin; returns the exit status. */
static int
send_as (const char  *user,
         const char  *password,
         const char  *role,
         const char  *url,
         const char  *kind,
         const char  *text,
         char       **err)
{
  g_autofree char *input = g_strconcat (password, "\n", NULL);
  g_autofree char *out = NULL;

  return ctl (input, &out, err, "squad", "send", kind, text, "--squad", "berlin-drop", "--role", role,
              "--url", url, "--user", user, "--password-stdin", NULL);
}

static Laptop *
member_join (const char *url,
             const char *login,
             const char *password,
             DdRole      role)
{
  const char *servers[] = { url, NULL };

  return laptop_open (servers, login, password, "berlin-drop", role, NULL);
}

static void
test_roles_enforced (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dropdeck-squad-ctl-XXXXXX", &error);
  g_autofree char *roster = g_build_filename (dir, "roster.json", NULL);
  g_autofree char *bad_roster = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *auth = g_build_filename (dir, "auth.conf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(NatsServer) server = NULL;
  const char *extra[] = { "--auth-file", auth, NULL };
  g_autoptr(Laptop) jonas = NULL;
  g_autoptr(Laptop) maya = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (roster, roster_json, -1, NULL));
  g_assert_true (g_file_set_contents (bad_roster, "{\"squad\":\"berlin-drop\",\"members\":["
                                      "{\"login\":\"maya\",\"role\":\"producer\",\"password\":\"x\"},"
                                      "{\"login\":\"boss\",\"role\":\"boss\",\"password\":\"y\"}]}", -1, NULL));

  /* A roster mistake is named; nothing is written. */
  g_assert_cmpint (ctl (NULL, &out, &err, "squad", "nats-config", "--roster", bad_roster, "-o", auth, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "member 2"));
  g_assert_nonnull (strstr (err, "role"));
  g_assert_false (g_file_test (auth, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (NULL, &out, &err, "squad", "nats-config", "--roster", roster, "-o", auth, NULL), ==, 0);
  g_assert_cmpint (g_stat (auth, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  server = nats_server_start (extra);

  /* The Ops lead's laptop sets the squad up on the server. */
  jonas = member_join (server->ws_url, "jonas", "jonas-pw", DD_ROLE_OPS_LEAD);

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (send_as ("lucia", "wrong", "creator-liaison", server->ws_url, "msg", "hi", &err), ==, 1);
  g_assert_nonnull (strstr (err, "refused the user name"));

  /* A Creator liaison may not send alerts: the server says no, clearly. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (send_as ("lucia", "lucia-pw", "creator-liaison", server->ws_url, "alert", "Fake alarm", &err), ==, 1);
  g_assert_nonnull (strstr (err, "as Creator liaison you may not send ops alerts"));

  /* What each role may do flows. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (send_as ("maya", "maya-pw", "producer", server->tcp_url, "cue", "Mention the bundle", &err), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (send_as ("lucia", "lucia-pw", "creator-liaison", server->ws_url, "msg", "Hoodie again?", &err), ==, 0);
  g_assert_true (laptop_wait_heard (jonas, 2, 15000));

  /* Shared state by role: the Producer changes offers, not policies. */
  maya = member_join (server->ws_url, "maya", "maya-pw", DD_ROLE_PRODUCER);
  g_assert_cmpuint (set_state_sync (maya, "offer.7.lifecycle", "live", -1, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (set_state_sync (maya, "policy.refund-limit", "500", -1, &error), ==, 0);
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "as Producer you may not change policies"));
  g_clear_error (&error);
  g_assert_cmpuint (set_state_sync (jonas, "policy.refund-limit", "500", -1, &error), >, 0);
  g_assert_no_error (error);
  while (g_strcmp0 (dd_nats_squad_channel_get_state (jonas->channel, "offer.7.lifecycle", NULL), "live") != 0)
    g_main_context_iteration (NULL, TRUE);

  /* tail prints what was stored, the refused alert not among it. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl ("jonas-pw\n", &out, &err, "squad", "tail", "--squad", "berlin-drop", "--role", "ops-lead",
                        "--url", server->tcp_url, "--user", "jonas", "--password-stdin",
                        "--count", "2", "--seconds", "20", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"type\":\"cue\",\"seq\":1,"));
  g_assert_nonnull (strstr (out, "\"text\":\"Hoodie again?\""));
  g_assert_null (strstr (out, "Fake alarm"));
  g_assert_cmpuint (jonas->heard->len, ==, 2);
  g_unlink (roster);
  g_unlink (bad_roster);
  g_unlink (auth);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/integration/squad-ctl/roles-enforced", test_roles_enforced);

  return g_test_run ();
}
