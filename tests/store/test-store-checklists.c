/* test-store-checklists.c — checklist items with probe evidence, templates
 * and go/no-go polls survive a reopen; a decided poll is one ledger entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-private.h"
#include "store-test-util.h"

typedef StoreFixture Fixture;

static void
reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  dd_store_close (fixture->store);
  g_clear_object (&fixture->store);
  fixture->store = store_test_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
test_items_keep_evidence (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) templates = dd_checklist_template_new_defaults ();
  g_autoptr(GPtrArray) checklists = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  DdChecklist *pre_drop;
  DdChecklistItem *item;

  for (guint i = 0; i < templates->len; i++)
    g_ptr_array_add (checklists, dd_checklist_template_instantiate (g_ptr_array_index (templates, i), NULL));
  pre_drop = g_ptr_array_index (checklists, 0);
  g_assert_true (dd_checklist_record_probe_result (pre_drop, "preflight-load", FALSE,
                                                   "checkout p99 812 ms > 600 ms", 42, &error));
  g_assert_true (store_test_save (fixture->store, dd_store_save_checklists_async, checklists, &error));
  g_assert_no_error (error);

  reopen (fixture);
  loaded = store_test_load (fixture->store, dd_store_load_checklists_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 3);
  item = dd_checklist_lookup (g_ptr_array_index (loaded, 0), "preflight-load");
  g_assert_cmpint (dd_checklist_item_get_state (item), ==, DD_CHECKLIST_ITEM_FAILED);
  g_assert_cmpstr (dd_checklist_item_get_evidence (item), ==, "checkout p99 812 ms > 600 ms");
  g_assert_cmpstr (dd_checklist_item_get_probe_id (item), ==, "preflight-load");
  item = dd_checklist_lookup (g_ptr_array_index (loaded, 1), "checkout-errors");
  g_assert_false (dd_checklist_item_get_blocking (item));
}

static void
test_templates (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) templates = dd_checklist_template_new_defaults ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dd_checklist_templates_to_json (templates);
  g_autofree char *after = NULL;

  empty = store_test_load (fixture->store, dd_store_load_checklist_templates_async, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->len, ==, 0);

  g_assert_true (store_test_save (fixture->store, dd_store_save_checklist_templates_async, templates, &error));
  g_assert_no_error (error);
  reopen (fixture);
  loaded = store_test_load (fixture->store, dd_store_load_checklist_templates_async, &error);
  g_assert_no_error (error);
  after = dd_checklist_templates_to_json (loaded);
  g_assert_cmpstr (before, ==, after);
}

static gboolean
save_poll (DdStore      *store,
           DdGoNoGoPoll *poll,
           GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dd_store_save_poll_async (store, poll, NULL, store_test_result_cb, &result);
  return dd_store_save_finish (store, store_test_wait (&result), error);
}

static DdGoNoGoPoll *
load_poll (DdStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DdGoNoGoPoll *poll;

  dd_store_load_latest_poll_async (store, NULL, store_test_result_cb, &result);
  poll = dd_store_load_latest_poll_finish (store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  return poll;
}

static void
test_poll_and_ledger (Fixture       *fixture,
                      gconstpointer  data)
{
  static const DdRole order[] = {
    DD_ROLE_OPS_LEAD, DD_ROLE_CREATOR_LIAISON, DD_ROLE_MOD_TRUST_LEAD,
    DD_ROLE_ENGINEER_ON_CALL, DD_ROLE_PRODUCER,
  };
  g_autoptr(GListStore) checklists = g_list_store_new (DD_TYPE_CHECKLIST);
  g_autoptr(DdGoNoGoPoll) poll = dd_go_no_go_poll_new ("poll-7");
  g_autoptr(DdGoNoGoPoll) loaded = NULL;
  g_autoptr(DdGoNoGoPoll) decided = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *n_ledger = NULL;
  g_autofree char *summary = NULL;

  g_assert_null (load_poll (fixture->store));

  g_assert_true (dd_go_no_go_poll_open (poll, DD_ROLE_PRODUCER, "Maya", G_LIST_MODEL (checklists), 100, &error));
  g_assert_true (dd_go_no_go_poll_answer (poll, DD_ROLE_OPS_LEAD, "Ben", DD_POLL_ANSWER_GO, NULL, 110, &error));
  g_assert_true (save_poll (fixture->store, poll, &error));
  g_assert_no_error (error);

  /* After a restart the open poll goes on where it was. */
  reopen (fixture);
  loaded = load_poll (fixture->store);
  g_assert_nonnull (loaded);
  dd_go_no_go_poll_set_checklists (loaded, G_LIST_MODEL (checklists));
  g_assert_cmpint (dd_go_no_go_poll_get_state (loaded), ==, DD_POLL_STATE_OPEN);
  g_assert_cmpuint (dd_go_no_go_poll_get_n_votes (loaded), ==, 1);
  g_assert_cmpstr (dd_go_no_go_poll_get_vote (loaded, 0)->member, ==, "Ben");
  for (guint i = 1; i < G_N_ELEMENTS (order); i++)
    g_assert_true (dd_go_no_go_poll_answer (loaded, order[i], NULL,
                                            i == 2 ? DD_POLL_ANSWER_NO_GO : DD_POLL_ANSWER_GO,
                                            i == 2 ? "scam wave in chat" : NULL, 120 + i, &error));
  g_assert_no_error (error);
  g_assert_true (save_poll (fixture->store, loaded, &error));
  /* Saving again appends no second ledger entry. */
  g_assert_true (save_poll (fixture->store, loaded, &error));
  g_assert_no_error (error);

  n_ledger = store_test_sql (fixture->path,
                             "SELECT count(*) FROM ledger WHERE entity = 'go-no-go-poll' AND entity_id = 'poll-7'");
  g_assert_cmpstr (n_ledger, ==, "1");

  reopen (fixture);
  decided = load_poll (fixture->store);
  g_assert_cmpint (dd_go_no_go_poll_get_state (decided), ==, DD_POLL_STATE_DECIDED);
  g_assert_cmpint (dd_go_no_go_poll_get_outcome (decided), ==, DD_POLL_ANSWER_NO_GO);
  g_assert_cmpuint (dd_go_no_go_poll_get_n_votes (decided), ==, DD_N_ROLES);
  summary = dd_go_no_go_poll_dup_summary (decided);
  g_assert_cmpstr (summary, ==, "NO-GO. NO-GO from the Mod & trust lead: scam wave in chat");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dropdeck/store/checklists/" path, Fixture, NULL, store_fixture_setup, func, store_fixture_teardown)
  ADD ("items-keep-evidence", test_items_keep_evidence);
  ADD ("templates", test_templates);
  ADD ("poll-and-ledger", test_poll_and_ledger);
#undef ADD

  return g_test_run ();
}
