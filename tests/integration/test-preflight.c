/* test-preflight.c — `dropdeckctl preflight` against a real nats-server
 *
 * nats-server (build-aux/nats.sh: loopback, a temporary folder, stopped by
 * its PID) is the chat server over WebSocket, and its monitoring endpoints
 * over HTTP are the real local HTTP service the overlay reads and the
 * checkout probe hit (/varz, /healthz answer JSON; Medusa is too costly to
 * start for a few seconds of load). A few hundred viewers for a few seconds:
 * the report's figures, the synthetic tag, a refusing and a garbage target
 * (errors named, the other kinds' results kept), Ctrl-C keeping partial
 * results, and --record storing the evidence on the pre-drop checklist.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "dd-nats-client.h"
#include "dd-store.h"

#include "test-nats-fixture.c"

typedef struct
{
  NatsServer *server;
  int http_port;
  char *overlay_url;
  char *checkout_url;
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *http_port = NULL;
  g_autoptr(GError) error = NULL;

  fixture->http_port = nats_free_port ();
  http_port = g_strdup_printf ("%d", fixture->http_port);
  {
    const char *extra[] = { "--http-port", http_port, NULL };

    fixture->server = nats_server_start (extra);
  }
  fixture->overlay_url = g_strdup_printf ("http://127.0.0.1:%d/varz", fixture->http_port);
  fixture->checkout_url = g_strdup_printf ("http://127.0.0.1:%d/healthz", fixture->http_port);
  fixture->dir = g_dir_make_tmp ("dropdeck-preflight-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, nats_server_free);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->overlay_url);
  g_free (fixture->checkout_url);
}

/* Runs dropdeckctl preflight with the arguments; returns the report. */
static JsonObject *
run_preflight (Fixture    *fixture,
               int        *status,
               const char *first,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;
  int wait_status;

  g_ptr_array_add (argv, g_strdup (g_getenv ("DD_DROPDECKCTL")));
  g_ptr_array_add (argv, g_strdup ("preflight"));
  g_ptr_array_add (argv, g_strdup ("--quiet"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (fixture->dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &wait_status, &error));
  g_assert_no_error (error);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  g_test_message ("stderr: %s", err);
  if (!json_parser_load_from_data (parser, out, -1, &error))
    g_error ("The report is not JSON (%s): %s\nstderr: %s", error->message, out, err);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
kind (JsonObject *report,
      const char *name)
{
  g_assert_true (json_object_has_member (report, name));
  return json_object_get_object_member (report, name);
}

static void
test_healthy (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonObject) report = NULL;
  JsonObject *chat, *overlay, *checkout;
  int status;

  report = run_preflight (fixture, &status, "--viewers", "300", "--ramp", "2", "--duration", "3",
                          "--chat-url", fixture->server->ws_url, "--chat-interval", "1",
                          "--overlay-url", fixture->overlay_url, "--overlay-interval", "2",
                          "--checkout-url", fixture->checkout_url, "--checkout-expect", "status",
                          "--checkout-fraction", "0.1", "--checkout-interval", "1", NULL);
  chat = kind (report, "chat");
  overlay = kind (report, "overlay");
  checkout = kind (report, "checkout");
  g_assert_cmpint (json_object_get_int_member (report, "viewers"), ==, 300);
  g_assert_cmpint (json_object_get_int_member (report, "connected_at_end"), ==, 300);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (report, "tag"), "preflight "));
  /* 300 viewers, one message a second, 3 s of hold, plus the ramp. */
  g_assert_cmpint (json_object_get_int_member (chat, "count"), >=, 900);
  g_assert_cmpint (json_object_get_int_member (chat, "errors"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (report, "chat_rate"), "ratio"), >=, 0.99);
  g_assert_cmpfloat (json_object_get_double_member (chat, "p50_ms"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (chat, "p99_ms"), >=, json_object_get_double_member (chat, "p95_ms"));
  g_assert_cmpint (json_object_get_int_member (overlay, "count"), >=, 300);
  g_assert_cmpint (json_object_get_int_member (overlay, "errors"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (checkout, "count"), >=, 30);
  g_assert_cmpint (json_object_get_int_member (checkout, "errors"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (checkout, "slo"), "min_success"), ==, 0.995);
  /* A loaded CI machine may miss a latency level; the verdict must agree
   * with the kinds. */
  g_assert_cmpint (status == 0, ==, json_object_get_boolean_member (report, "passed"));
  g_assert_cmpint (json_object_get_boolean_member (report, "passed"), ==,
                   json_object_get_boolean_member (chat, "passed") && json_object_get_boolean_member (overlay, "passed")
                   && json_object_get_boolean_member (checkout, "passed"));
}

static gboolean
has_problem (JsonObject *report,
             const char *kind_name,
             const char *text)
{
  JsonArray *problems = json_object_get_array_member (report, "problems");

  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      JsonObject *problem = json_array_get_object_element (problems, i);

      if (g_str_equal (json_object_get_string_member (problem, "kind"), kind_name)
          && strstr (json_object_get_string_member (problem, "message"), text) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_bad_targets (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *refusing = g_strdup_printf ("http://127.0.0.1:%d/store/carts", nats_free_port ());
  g_autofree char *garbage = g_strdup_printf ("http://127.0.0.1:%d/", fixture->server->port);
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) garbled = NULL;
  int status;

  /* A checkout target nobody listens on: every probe fails and is named;
   * chat's results are kept. */
  report = run_preflight (fixture, &status, "--viewers", "50", "--ramp", "0.5", "--duration", "1.5",
                          "--chat-url", fixture->server->ws_url, "--chat-interval", "0.5",
                          "--checkout-url", refusing, "--checkout-fraction", "0.2", "--checkout-interval", "0.5", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_false (json_object_get_boolean_member (report, "passed"));
  g_assert_cmpint (json_object_get_int_member (kind (report, "checkout"), "count"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (kind (report, "checkout"), "errors"), >, 0);
  g_assert_true (has_problem (report, "checkout", "refused"));
  g_assert_cmpint (json_object_get_int_member (kind (report, "chat"), "count"), >, 50);

  /* The NATS client port answers with INFO, not HTTP; /healthz has no "cart". */
  garbled = run_preflight (fixture, &status, "--viewers", "20", "--ramp", "0", "--duration", "1",
                           "--overlay-url", garbage, "--overlay-interval", "0.5",
                           "--checkout-url", fixture->checkout_url, "--checkout-expect", "cart",
                           "--checkout-fraction", "0.5", "--checkout-interval", "0.5", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpint (json_object_get_int_member (kind (garbled, "overlay"), "errors"), >, 0);
  g_assert_true (has_problem (garbled, "checkout", "“cart”"));
}

static void
test_refuses_bad_options (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *bad[][3] = {
    { "--chat-url", "ws://192.0.2.1:80/", "secure address" },
    { "--overlay-url", "http://192.0.2.1/overlay", "secure address" },
    { "--checkout-body", "{not json", "not JSON" },
    { "--checkout-fraction", "2", "between 0 and 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;
      const char *argv[] = { g_getenv ("DD_DROPDECKCTL"), "preflight", "--viewers", "5",
                             "--checkout-url", fixture->checkout_url, bad[i][0], bad[i][1], NULL };
      int wait_status;

      g_assert_true (g_spawn_sync (fixture->dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, &err, &wait_status, &error));
      g_assert_false (g_spawn_check_wait_status (wait_status, NULL));
      g_assert_nonnull (strstr (err, bad[i][2]));
      g_assert_cmpstr (out, ==, "");
    }
}

static void
test_interrupt_keeps_partial (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  JsonObject *report;
  gint64 started = g_get_monotonic_time ();

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              g_getenv ("DD_DROPDECKCTL"), "preflight", "--quiet", "--viewers", "100",
                              "--ramp", "1", "--duration", "60", "--chat-url", fixture->server->ws_url,
                              "--chat-interval", "0.5", NULL);
  g_assert_no_error (error);
  g_usleep (2500 * 1000);
  g_subprocess_send_signal (process, SIGINT);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (report, "cancelled"));
  g_assert_false (json_object_get_boolean_member (report, "passed"));
  g_assert_cmpint (json_object_get_int_member (kind (report, "chat"), "count"), >, 100);
  g_assert_cmpfloat (json_object_get_double_member (report, "elapsed_s"), <, 10);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_store_save_finish (DD_STORE (source), result, &error));
  *done = TRUE;
}

static void
test_record_evidence (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
  g_autoptr(GPtrArray) templates = dd_checklist_template_new_defaults ();
  g_autoptr(GPtrArray) checklists = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gboolean done = FALSE;
  DdStore *store;
  int status;

  store = dd_store_open_sync (path, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < templates->len; i++)
    g_ptr_array_add (checklists, dd_checklist_template_instantiate (g_ptr_array_index (templates, i), NULL));
  dd_store_save_checklists_async (store, checklists, NULL, saved_cb, &done);
  g_assert_true (wait_for_flag (&done, 10000));
  dd_store_close (store);
  g_object_unref (store);

  report = run_preflight (fixture, &status, "--record", "--path", path, "--viewers", "100", "--ramp", "0.5",
                          "--duration", "1.5", "--chat-url", fixture->server->ws_url, "--chat-interval", "0.5",
                          "--overlay-url", fixture->overlay_url, "--overlay-interval", "1", NULL);
  g_assert_cmpint (json_object_get_int_member (kind (report, "chat"), "count"), >, 100);

  {
    const char *argv[] = { g_getenv ("DD_DROPDECKCTL"), "checklist", "list", "--path", path, NULL };
    int wait_status;

    g_assert_true (g_spawn_sync (fixture->dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &wait_status, &error));
    g_assert_no_error (error);
  }
  /* The item holds the run's summary as its evidence, passed or failed as the run was. */
  g_assert_nonnull (strstr (out, "\"item\":\"preflight-load\""));
  g_assert_nonnull (strstr (out, "100 viewers (100 connected)"));
  g_assert_nonnull (strstr (out, status == 0 ? "PASSED" : "FAILED"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/integration/preflight/healthy", Fixture, NULL, fixture_setup, test_healthy, fixture_teardown);
  g_test_add ("/dropdeck/integration/preflight/bad-targets", Fixture, NULL, fixture_setup, test_bad_targets, fixture_teardown);
  g_test_add ("/dropdeck/integration/preflight/refuses-bad-options", Fixture, NULL, fixture_setup,
              test_refuses_bad_options, fixture_teardown);
  g_test_add ("/dropdeck/integration/preflight/interrupt-keeps-partial", Fixture, NULL, fixture_setup,
              test_interrupt_keeps_partial, fixture_teardown);
  g_test_add ("/dropdeck/integration/preflight/record-evidence", Fixture, NULL, fixture_setup,
              test_record_evidence, fixture_teardown);
  return g_test_run ();
}
