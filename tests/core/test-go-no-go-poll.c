/* test-go-no-go-poll.c — who opens the poll, turns, one answer a role,
 * blocking items forcing NO-GO, the ledger entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "dd-core.h"

typedef struct
{
  GListStore *checklists;
  DdChecklist *pre_drop;
  DdGoNoGoPoll *poll;
} PollFixture;

static void
add_item (DdChecklist *checklist,
          const char  *id,
          const char  *title,
          DdRole       owner,
          gboolean     blocking)
{
  g_autoptr(DdChecklistItem) item = dd_checklist_item_new (id, title, owner, DD_CHECKLIST_ITEM_MANUAL);

  dd_checklist_item_set_blocking (item, blocking);
  g_assert_true (dd_checklist_add_item (checklist, item, NULL));
}

static void
poll_setup (PollFixture   *fixture,
            gconstpointer  data)
{
  g_autoptr(DdChecklist) live = dd_checklist_new ("live", "Live", DD_CHECKLIST_PHASE_LIVE);

  fixture->checklists = g_list_store_new (DD_TYPE_CHECKLIST);
  fixture->pre_drop = dd_checklist_new ("pre-drop", "Pre-drop", DD_CHECKLIST_PHASE_PRE_DROP);
  add_item (fixture->pre_drop, "stock", "Check stock allocation per hub", DD_ROLE_OPS_LEAD, TRUE);
  add_item (fixture->pre_drop, "nice", "Water for the creator", DD_ROLE_CREATOR_LIAISON, FALSE);
  /* Live items are open before the drop and must not force anything. */
  add_item (live, "cue", "Pin the opening cue", DD_ROLE_CREATOR_LIAISON, TRUE);
  g_list_store_append (fixture->checklists, fixture->pre_drop);
  g_list_store_append (fixture->checklists, live);
  fixture->poll = dd_go_no_go_poll_new ("poll-1");
}

static void
poll_teardown (PollFixture   *fixture,
               gconstpointer  data)
{
  g_assert_finalize_object (fixture->poll);
  g_clear_object (&fixture->checklists);
  g_assert_finalize_object (fixture->pre_drop);
}

static void
open_poll (PollFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_go_no_go_poll_open (fixture->poll, DD_ROLE_PRODUCER, "Maya",
                                        G_LIST_MODEL (fixture->checklists), 1000, &error));
  g_assert_no_error (error);
}

/* Everyone answers GO in turn. */
static void
answer_all_go (PollFixture *fixture)
{
  static const DdRole order[] = {
    DD_ROLE_OPS_LEAD, DD_ROLE_CREATOR_LIAISON, DD_ROLE_MOD_TRUST_LEAD,
    DD_ROLE_ENGINEER_ON_CALL, DD_ROLE_PRODUCER,
  };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (dd_go_no_go_poll_get_turn (fixture->poll), ==, order[i]);
      g_assert_true (dd_go_no_go_poll_answer (fixture->poll, order[i], NULL, DD_POLL_ANSWER_GO,
                                              NULL, 2000 + i, &error));
      g_assert_no_error (error);
    }
}

static void
test_only_producer_opens (PollFixture   *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dd_go_no_go_poll_answer (fixture->poll, DD_ROLE_OPS_LEAD, NULL,
                                           DD_POLL_ANSWER_GO, NULL, 1, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  for (DdRole role = DD_ROLE_OPS_LEAD; role <= DD_ROLE_ENGINEER_ON_CALL; role++)
    {
      g_assert_false (dd_go_no_go_poll_open (fixture->poll, role, NULL,
                                             G_LIST_MODEL (fixture->checklists), 1, &error));
      g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);
      g_assert_nonnull (g_strrstr (error->message, "Only the Producer"));
      g_clear_error (&error);
    }
  g_assert_cmpint (dd_go_no_go_poll_get_state (fixture->poll), ==, DD_POLL_STATE_NOT_OPEN);

  open_poll (fixture);
  g_assert_cmpint (dd_go_no_go_poll_get_state (fixture->poll), ==, DD_POLL_STATE_OPEN);
  g_assert_false (dd_go_no_go_poll_open (fixture->poll, DD_ROLE_PRODUCER, NULL,
                                         G_LIST_MODEL (fixture->checklists), 2, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);
}

static void
test_turns_and_second_answer (PollFixture   *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  open_poll (fixture);

  /* The Engineer may not jump the queue. */
  g_assert_false (dd_go_no_go_poll_answer (fixture->poll, DD_ROLE_ENGINEER_ON_CALL, "Priya",
                                           DD_POLL_ANSWER_GO, NULL, 1100, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);
  g_assert_nonnull (g_strrstr (error->message, "Ops lead’s turn"));
  g_clear_error (&error);

  g_assert_true (dd_go_no_go_poll_answer (fixture->poll, DD_ROLE_OPS_LEAD, "Ben",
                                          DD_POLL_ANSWER_GO, "stock counted", 1200, &error));
  g_assert_no_error (error);

  /* A second answer from the Ops lead is refused and changes nothing. */
  g_assert_false (dd_go_no_go_poll_answer (fixture->poll, DD_ROLE_OPS_LEAD, "Ben",
                                           DD_POLL_ANSWER_NO_GO, "changed my mind", 1300, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);
  g_assert_nonnull (g_strrstr (error->message, "already answered GO"));
  g_assert_nonnull (g_strrstr (error->message, "each role answers once"));
  g_clear_error (&error);
  g_assert_cmpuint (dd_go_no_go_poll_get_n_votes (fixture->poll), ==, 1);
  g_assert_cmpint (dd_go_no_go_poll_get_vote (fixture->poll, 0)->answer, ==, DD_POLL_ANSWER_GO);

  /* NO-GO needs a reason. */
  g_assert_false (dd_go_no_go_poll_answer (fixture->poll, DD_ROLE_CREATOR_LIAISON, NULL,
                                           DD_POLL_ANSWER_NO_GO, "  ", 1400, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_assert_cmpuint (dd_go_no_go_poll_get_n_votes (fixture->poll), ==, 1);
}

static void
test_blocking_item_forces_no_go (PollFixture   *fixture,
                                 gconstpointer  data)
{
  g_autofree char *summary = NULL;
  g_autoptr(GPtrArray) open = NULL;

  open_poll (fixture);
  answer_all_go (fixture);

  g_assert_cmpint (dd_go_no_go_poll_get_state (fixture->poll), ==, DD_POLL_STATE_DECIDED);
  g_assert_cmpint (dd_go_no_go_poll_get_outcome (fixture->poll), ==, DD_POLL_ANSWER_NO_GO);
  open = dd_go_no_go_poll_dup_open_blocking (fixture->poll);
  g_assert_cmpuint (open->len, ==, 1);
  summary = dd_go_no_go_poll_dup_summary (fixture->poll);
  g_assert_cmpstr (summary, ==,
                   "NO-GO, forced: 1 blocking item is open: “Check stock allocation per hub” (Ops lead)");
}

static void
test_go_when_all_done (PollFixture   *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdLedgerEntry) entry = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *summary = NULL;
  JsonObject *after;
  JsonArray *answers;

  g_assert_true (dd_checklist_sign_off (fixture->pre_drop, "stock", DD_ROLE_OPS_LEAD, "Ben", 10, NULL, &error));
  open_poll (fixture);
  answer_all_go (fixture);

  g_assert_cmpint (dd_go_no_go_poll_get_outcome (fixture->poll), ==, DD_POLL_ANSWER_GO);
  summary = dd_go_no_go_poll_dup_summary (fixture->poll);
  g_assert_cmpstr (summary, ==, "GO");

  /* Nobody answers after the decision. */
  g_assert_false (dd_go_no_go_poll_answer (fixture->poll, DD_ROLE_PRODUCER, NULL,
                                           DD_POLL_ANSWER_NO_GO, "late", 9000, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);

  entry = dd_go_no_go_poll_to_ledger_entry (fixture->poll);
  g_assert_cmpstr (dd_ledger_entry_get_entity (entry), ==, "go-no-go-poll");
  g_assert_cmpstr (dd_ledger_entry_get_entity_id (entry), ==, "poll-1");
  g_assert_cmpstr (dd_ledger_entry_get_field (entry), ==, "outcome");
  g_assert_cmpstr (dd_ledger_entry_get_role (entry), ==, "producer");
  g_assert_cmpstr (dd_ledger_entry_get_actor (entry), ==, "Maya");
  g_assert_cmpint (dd_ledger_entry_get_time (entry), ==, 2004);
  g_assert_cmpstr (dd_ledger_entry_get_reason (entry), ==, "GO");

  g_assert_true (json_parser_load_from_data (parser, dd_ledger_entry_get_after (entry), -1, NULL));
  after = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (after, "outcome"), ==, "go");
  answers = json_object_get_array_member (after, "answers");
  g_assert_cmpuint (json_array_get_length (answers), ==, DD_N_ROLES);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (answers, 0), "role"),
                   ==, "ops-lead");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (answers, 4), "time_us"),
                   ==, 2004);
}

static void
test_no_go_answer (PollFixture   *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  g_assert_true (dd_checklist_sign_off (fixture->pre_drop, "stock", DD_ROLE_OPS_LEAD, "Ben", 10, NULL, &error));
  open_poll (fixture);
  g_assert_true (dd_go_no_go_poll_answer (fixture->poll, DD_ROLE_OPS_LEAD, NULL, DD_POLL_ANSWER_GO, NULL, 1, &error));
  g_assert_true (dd_go_no_go_poll_answer (fixture->poll, DD_ROLE_CREATOR_LIAISON, "Lucía",
                                          DD_POLL_ANSWER_NO_GO, "creator is stuck in traffic", 2, &error));
  g_assert_no_error (error);
  g_assert_true (dd_go_no_go_poll_answer (fixture->poll, DD_ROLE_MOD_TRUST_LEAD, NULL, DD_POLL_ANSWER_GO, NULL, 3, &error));
  g_assert_true (dd_go_no_go_poll_answer (fixture->poll, DD_ROLE_ENGINEER_ON_CALL, NULL, DD_POLL_ANSWER_GO, NULL, 4, &error));
  g_assert_cmpint (dd_go_no_go_poll_get_state (fixture->poll), ==, DD_POLL_STATE_OPEN);
  g_assert_true (dd_go_no_go_poll_answer (fixture->poll, DD_ROLE_PRODUCER, NULL, DD_POLL_ANSWER_GO, NULL, 5, &error));

  g_assert_cmpint (dd_go_no_go_poll_get_outcome (fixture->poll), ==, DD_POLL_ANSWER_NO_GO);
  summary = dd_go_no_go_poll_dup_summary (fixture->poll);
  g_assert_cmpstr (summary, ==, "NO-GO. NO-GO from the Creator liaison: creator is stuck in traffic");
}

static void
test_report_csv (PollFixture   *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checklists = g_ptr_array_new ();
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (dd_checklist_sign_off (fixture->pre_drop, "stock", DD_ROLE_OPS_LEAD, "Ben",
                                        (gint64) 1764100800 * G_USEC_PER_SEC, "counted, \"twice\"", &error));
  open_poll (fixture);
  answer_all_go (fixture);
  g_ptr_array_add (checklists, fixture->pre_drop);

  csv = dd_checklist_report_to_csv (checklists, fixture->poll, (gint64) 1764104400 * G_USEC_PER_SEC);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "record,checklist,item,title,role,member,kind,blocking,due,state,time,note,evidence");
  g_assert_cmpstr (lines[1], ==,
                   "item,pre-drop,stock,Check stock allocation per hub,ops-lead,Ben (Ops lead),manual,yes,"
                   "2025-11-25T21:00:00Z,done,2025-11-25T20:00:00Z,\"counted, \"\"twice\"\"\",");
  g_assert_cmpstr (lines[2], ==,
                   "item,pre-drop,nice,Water for the creator,creator-liaison,,manual,no,2025-11-25T21:00:00Z,open,,,");
  g_assert_true (g_str_has_prefix (lines[3], "poll-answer,poll-1,1,GO,ops-lead,,"));
  g_assert_true (g_str_has_prefix (lines[7], "poll-answer,poll-1,5,GO,producer,"));
  g_assert_true (g_str_has_prefix (lines[8], "poll-outcome,poll-1,,GO,producer,Maya,"));
  g_assert_cmpstr (lines[9], ==, "");
  g_assert_null (lines[10]);
}

static void
test_restore (PollFixture   *fixture,
              gconstpointer  data)
{
  g_autoptr(DdGoNoGoPoll) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  restored = dd_go_no_go_poll_new_restored ("poll-2", DD_ROLE_PRODUCER, "Maya", 5,
                                            G_LIST_MODEL (fixture->checklists));
  dd_go_no_go_poll_restore_vote (restored, DD_ROLE_OPS_LEAD, "Ben", DD_POLL_ANSWER_GO, NULL, 6);
  g_assert_cmpint (dd_go_no_go_poll_get_state (restored), ==, DD_POLL_STATE_OPEN);
  g_assert_cmpint (dd_go_no_go_poll_get_turn (restored), ==, DD_ROLE_CREATOR_LIAISON);
  /* The rules hold after a restart too. */
  g_assert_false (dd_go_no_go_poll_answer (restored, DD_ROLE_OPS_LEAD, "Ben", DD_POLL_ANSWER_GO,
                                           NULL, 7, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);

  dd_go_no_go_poll_restore_decision (restored, DD_POLL_ANSWER_NO_GO, 9, "NO-GO, forced");
  summary = dd_go_no_go_poll_dup_summary (restored);
  g_assert_cmpstr (summary, ==, "NO-GO, forced");
  g_assert_cmpint (dd_go_no_go_poll_get_decided_at (restored), ==, 9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dropdeck/core/go-no-go-poll/" path, PollFixture, NULL, \
              poll_setup, func, poll_teardown)
  ADD ("only-producer-opens", test_only_producer_opens);
  ADD ("turns-and-second-answer", test_turns_and_second_answer);
  ADD ("blocking-item-forces-no-go", test_blocking_item_forces_no_go);
  ADD ("go-when-all-done", test_go_when_all_done);
  ADD ("no-go-answer", test_no_go_answer);
  ADD ("report-csv", test_report_csv);
  ADD ("restore", test_restore);
#undef ADD

  return g_test_run ();
}
