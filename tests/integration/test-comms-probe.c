/* test-comms-probe.c — the "comms-reachable" checklist probe against a real nats-server
 *
 * A private nats-server (build-aux/nats.sh) stands in for the squad's
 * secondary server. The probe connects (INFO, CONNECT), measures a
 * PING/PONG round trip and reports the server's version, over TCP and over
 * WebSocket; a port nobody listens on fails with the reason. Through the
 * checklist desk, the pre-drop item "Check the secondary comms provider is
 * reachable" stores pass or fail with that evidence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-checklist-desk.h"
#include "dd-comms-probe.h"
#include "dd-nats-client.h"
#include "test-nats-fixture.c"

static gboolean
probe (const char  *url,
       const char  *user,
       const char  *password,
       char       **evidence,
       double      *rtt_ms)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean passed;

  dd_comms_probe_async (url, user, password, DD_COMMS_PROBE_DEFAULT_TIMEOUT_MS, NULL, store_result_cb, &result);
  passed = dd_comms_probe_finish (wait_for_result (&result, 15000), evidence, rtt_ms, &error);
  g_assert_no_error (error);
  g_test_message ("%s: %s", passed ? "passed" : "failed", *evidence);
  return passed;
}

static void
test_reachable (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  const char *urls[] = { server->tcp_url, server->ws_url };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autofree char *evidence = NULL;
      g_autofree char *expected = g_strdup_printf ("%s answered PING with PONG in ", urls[i]);
      double rtt_ms = -1;

      g_assert_true (probe (urls[i], NULL, NULL, &evidence, &rtt_ms));
      g_assert_true (g_str_has_prefix (evidence, expected));
      g_assert_cmpfloat (rtt_ms, >, 0);
      g_assert_cmpfloat (rtt_ms, <, 2000);
      /* The version from the server's own INFO (Debian 12 has 2.9.x). */
      g_assert_nonnull (strstr (evidence, " ms (nats-server 2."));
    }
}

static void
test_authorized (void)
{
  const char *extra[] = { "--user", "ana:s3cret", NULL };
  g_autoptr(NatsServer) server = nats_server_start (extra);
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  double rtt_ms;

  g_assert_true (probe (server->tcp_url, "ana", "s3cret", &good, &rtt_ms));
  /* A wrong password: reachable, but the server refuses us, and says so. */
  g_assert_false (probe (server->tcp_url, "ana", "wrong", &bad, &rtt_ms));
  g_assert_cmpfloat (rtt_ms, ==, -1);
  g_assert_true (g_str_has_prefix (bad, server->tcp_url));
  g_assert_nonnull (strstr (g_ascii_strdown (bad, -1), "authorization"));
}

static void
test_refused (void)
{
  g_autofree char *url = g_strdup_printf ("nats://127.0.0.1:%d", nats_free_port ());
  g_autofree char *evidence = NULL;
  g_autofree char *expected = g_strdup_printf ("%s: no round trip: ", url);
  double rtt_ms = 0;
  gint64 start = g_get_monotonic_time ();

  g_assert_false (probe (url, NULL, NULL, &evidence, &rtt_ms));
  g_assert_true (g_str_has_prefix (evidence, expected));
  g_assert_nonnull (strstr (g_ascii_strdown (evidence, -1), "refused"));
  g_assert_cmpfloat (rtt_ms, ==, -1);
  /* Refused at once, not after the timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

static void
test_secondary_url (void)
{
  g_autofree char *two = dd_comms_probe_dup_secondary_url ("wss://a.example:443, wss://b.example:443");
  g_autofree char *one = dd_comms_probe_dup_secondary_url ("wss://a.example:443");

  g_assert_cmpstr (two, ==, "wss://b.example:443");
  g_assert_null (one);
}

/* The pre-drop item through the checklist desk: refused without a
 * secondary server, failed with evidence at a refused port, passed with
 * evidence at the real server. */
static void
test_checklist_item (void)
{
  g_autoptr(NatsServer) server = nats_server_start (NULL);
  g_autofree char *dir = g_dir_make_tmp ("dropdeck-comms-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "dropdeck.db", NULL);
  g_autofree char *refused = g_strdup_printf ("nats://127.0.0.1:%d", nats_free_port ());
  g_autoptr(GPtrArray) templates = dd_checklist_template_new_defaults ();
  g_autoptr(GListStore) checklists = g_list_store_new (DD_TYPE_CHECKLIST);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdChecklistDesk) desk = NULL;
  DdChecklistItem *item = NULL;

  store = dd_store_open_sync (path, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < templates->len; i++)
    {
      g_autoptr(DdChecklist) checklist = dd_checklist_template_instantiate (g_ptr_array_index (templates, i), NULL);

      g_list_store_append (checklists, checklist);
    }
  desk = dd_checklist_desk_new (store, G_LIST_MODEL (checklists));

  /* The item waits for "Bind a secondary comms provider". */
  dd_checklist_desk_sign_off_async (desk, "pre-drop", "secondary-comms", DD_ROLE_ENGINEER_ON_CALL, "Ana",
                                    "secondary server bound", NULL, store_result_cb, &result);
  g_assert_true (dd_checklist_desk_finish (desk, wait_for_result (&result, 5000), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  item = dd_checklist_lookup (dd_checklist_desk_lookup (desk, "pre-drop"), "secondary-comms-reachable");
  g_assert_nonnull (item);

  /* No secondary server: refused, the item stays open. */
  dd_checklist_desk_run_probe_async (desk, "pre-drop", "secondary-comms-reachable", NULL, store_result_cb, &result);
  g_assert_false (dd_checklist_desk_finish (desk, wait_for_result (&result, 5000), &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "secondary squad server"));
  g_assert_cmpint (dd_checklist_item_get_state (item), !=, DD_CHECKLIST_ITEM_DONE);
  g_assert_cmpint (dd_checklist_item_get_state (item), !=, DD_CHECKLIST_ITEM_FAILED);
  g_clear_error (&error);
  g_clear_object (&result);

  dd_checklist_desk_set_comms_target (desk, refused, NULL, NULL);
  dd_checklist_desk_run_probe_async (desk, "pre-drop", "secondary-comms-reachable", NULL, store_result_cb, &result);
  g_assert_true (dd_checklist_desk_finish (desk, wait_for_result (&result, 15000), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (dd_checklist_item_get_state (item), ==, DD_CHECKLIST_ITEM_FAILED);
  g_assert_true (g_str_has_prefix (dd_checklist_item_get_evidence (item), refused));

  dd_checklist_desk_set_comms_target (desk, server->ws_url, NULL, NULL);
  dd_checklist_desk_run_probe_async (desk, "pre-drop", "secondary-comms-reachable", NULL, store_result_cb, &result);
  g_assert_true (dd_checklist_desk_finish (desk, wait_for_result (&result, 15000), &error));
  g_assert_no_error (error);
  g_assert_cmpint (dd_checklist_item_get_state (item), ==, DD_CHECKLIST_ITEM_DONE);
  g_test_message ("evidence: %s", dd_checklist_item_get_evidence (item));
  g_assert_true (g_str_has_prefix (dd_checklist_item_get_evidence (item), server->ws_url));
  g_assert_nonnull (strstr (dd_checklist_item_get_evidence (item), "(nats-server 2."));

  dd_store_close (store);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/integration/comms-probe/reachable", test_reachable);
  g_test_add_func ("/dropdeck/integration/comms-probe/authorized", test_authorized);
  g_test_add_func ("/dropdeck/integration/comms-probe/refused", test_refused);
  g_test_add_func ("/dropdeck/integration/comms-probe/secondary-url", test_secondary_url);
  g_test_add_func ("/dropdeck/integration/comms-probe/checklist-item", test_checklist_item);

  return g_test_run ();
}
