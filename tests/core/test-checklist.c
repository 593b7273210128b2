/* test-checklist.c — dependencies, sign-off rules and progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-core.h"

typedef struct
{
  DdChecklist *checklist;
  guint n_items_changed;
} ChecklistFixture;

static void
items_changed_cb (GListModel       *model,
                  guint             position,
                  guint             removed,
                  guint             added,
                  ChecklistFixture *fixture)
{
  fixture->n_items_changed++;
}

static void
add (ChecklistFixture *fixture,
     const char       *id,
     const char       *title,
     DdRole            owner,
     const char       *depends_on)
{
  g_autoptr(DdChecklistItem) item = dd_checklist_item_new (id, title, owner,
                                                           DD_CHECKLIST_ITEM_MANUAL);
  g_autoptr(GError) error = NULL;

  if (depends_on != NULL)
    dd_checklist_item_add_dependency (item, depends_on);
  g_assert_true (dd_checklist_add_item (fixture->checklist, item, &error));
  g_assert_no_error (error);
}

static void
checklist_setup (ChecklistFixture *fixture,
                 gconstpointer     data)
{
  fixture->checklist = dd_checklist_new ("pre-drop", "Pre-drop", DD_CHECKLIST_PHASE_PRE_DROP);
  fixture->n_items_changed = 0;
  g_signal_connect (fixture->checklist, "items-changed",
                    G_CALLBACK (items_changed_cb), fixture);
}

static void
checklist_teardown (ChecklistFixture *fixture,
                    gconstpointer     data)
{
  g_assert_finalize_object (fixture->checklist);
}

static void
test_list_model (ChecklistFixture *fixture,
                 gconstpointer     data)
{
  g_autoptr(DdChecklistItem) duplicate = NULL;
  g_autoptr(DdChecklistItem) second = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model = G_LIST_MODEL (fixture->checklist);

  g_assert_true (g_list_model_get_item_type (model) == DD_TYPE_CHECKLIST_ITEM);
  add (fixture, "stock", "Stock counted", DD_ROLE_OPS_LEAD, NULL);
  add (fixture, "stream", "Stream key tested", DD_ROLE_ENGINEER_ON_CALL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpuint (fixture->n_items_changed, ==, 2);

  second = g_list_model_get_item (model, 1);
  g_assert_cmpstr (dd_checklist_item_get_id (second), ==, "stream");
  g_assert_null (g_list_model_get_item (model, 2));
  g_assert_true (dd_checklist_lookup (fixture->checklist, "stream") == second);
  g_assert_null (dd_checklist_lookup (fixture->checklist, "nope"));

  duplicate = dd_checklist_item_new ("stock", "Again", DD_ROLE_PRODUCER, DD_CHECKLIST_ITEM_MANUAL);
  g_assert_false (dd_checklist_add_item (fixture->checklist, duplicate, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpuint (fixture->n_items_changed, ==, 2);
}

static void
test_cycle_two_items (ChecklistFixture *fixture,
                      gconstpointer     data)
{
  g_autoptr(GError) error = NULL;

  add (fixture, "a", "Item A", DD_ROLE_PRODUCER, "b");
  add (fixture, "b", "Item B", DD_ROLE_PRODUCER, "a");

  g_assert_false (dd_checklist_validate (fixture->checklist, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CYCLE);
  g_assert_true (strstr (error->message, "Item A") != NULL
                 || strstr (error->message, "Item B") != NULL);
}

static void
test_cycle_self (ChecklistFixture *fixture,
                 gconstpointer     data)
{
  g_autoptr(GError) error = NULL;

  add (fixture, "ok", "Fine item", DD_ROLE_PRODUCER, NULL);
  add (fixture, "self", "Self item", DD_ROLE_PRODUCER, "self");

  g_assert_false (dd_checklist_validate (fixture->checklist, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CYCLE);
  g_assert_nonnull (strstr (error->message, "Self item"));
}

static void
test_cycle_long (ChecklistFixture *fixture,
                 gconstpointer     data)
{
  g_autoptr(GError) error = NULL;

  /* start -> a -> b -> c -> a: the cycle is not at the first item. */
  add (fixture, "start", "Start", DD_ROLE_PRODUCER, "a");
  add (fixture, "a", "Item A", DD_ROLE_PRODUCER, "b");
  add (fixture, "b", "Item B", DD_ROLE_PRODUCER, "c");
  add (fixture, "c", "Item C", DD_ROLE_PRODUCER, "a");

  g_assert_false (dd_checklist_validate (fixture->checklist, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CYCLE);
  g_assert_null (strstr (error->message, "Start"));
}

static void
test_diamond_is_not_a_cycle (ChecklistFixture *fixture,
                             gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  DdChecklistItem *top;

  add (fixture, "base", "Base", DD_ROLE_PRODUCER, NULL);
  add (fixture, "left", "Left", DD_ROLE_PRODUCER, "base");
  add (fixture, "right", "Right", DD_ROLE_PRODUCER, "base");
  add (fixture, "top", "Top", DD_ROLE_PRODUCER, "left");
  top = dd_checklist_lookup (fixture->checklist, "top");
  dd_checklist_item_add_dependency (top, "right");
  dd_checklist_item_add_dependency (top, "right");
  g_assert_cmpuint (g_strv_length ((char **) dd_checklist_item_get_depends_on (top)), ==, 2);

  g_assert_true (dd_checklist_validate (fixture->checklist, &error));
  g_assert_no_error (error);
}

static void
test_unknown_dependency (ChecklistFixture *fixture,
                         gconstpointer     data)
{
  g_autoptr(GError) error = NULL;

  add (fixture, "a", "Item A", DD_ROLE_PRODUCER, "ghost");

  g_assert_false (dd_checklist_validate (fixture->checklist, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "ghost"));
  g_assert_nonnull (strstr (error->message, "Item A"));
}

static void
test_sign_off_wrong_role (ChecklistFixture *fixture,
                          gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  DdChecklistItem *item;

  add (fixture, "stock", "Stock counted", DD_ROLE_OPS_LEAD, NULL);
  item = dd_checklist_lookup (fixture->checklist, "stock");
  g_assert_null (dd_checklist_item_dup_signer_label (item));

  g_assert_false (dd_checklist_sign_off (fixture->checklist, "stock", DD_ROLE_PRODUCER,
                                         "Ana", 1000, NULL, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);
  g_assert_cmpint (dd_checklist_item_get_state (item), ==, DD_CHECKLIST_ITEM_OPEN);
  g_assert_null (dd_checklist_item_get_signed_by (item));
  g_clear_error (&error);

  g_assert_true (dd_checklist_sign_off (fixture->checklist, "stock", DD_ROLE_OPS_LEAD,
                                        "Ben", 2000, "Counted twice", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dd_checklist_item_get_state (item), ==, DD_CHECKLIST_ITEM_DONE);
  g_assert_cmpstr (dd_checklist_item_get_signed_by (item), ==, "ops-lead:Ben");
  g_assert_cmpint (dd_checklist_item_get_signed_at (item), ==, 2000);
  g_assert_cmpstr (dd_checklist_item_get_note (item), ==, "Counted twice");
  label = dd_checklist_item_dup_signer_label (item);
  g_assert_cmpstr (label, ==, "Ben (Ops lead)");

  /* Signing twice is refused. */
  g_assert_false (dd_checklist_sign_off (fixture->checklist, "stock", DD_ROLE_OPS_LEAD,
                                         "Ben", 3000, NULL, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_assert_cmpint (dd_checklist_item_get_signed_at (item), ==, 2000);
  g_clear_error (&error);

  g_assert_false (dd_checklist_sign_off (fixture->checklist, "nope", DD_ROLE_OPS_LEAD,
                                         "Ben", 3000, NULL, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
}

static void
test_sign_off_dependency_open (ChecklistFixture *fixture,
                               gconstpointer     data)
{
  g_autoptr(GError) error = NULL;

  add (fixture, "stock", "Stock counted", DD_ROLE_OPS_LEAD, NULL);
  add (fixture, "go", "Go decision", DD_ROLE_PRODUCER, "stock");

  g_assert_false (dd_checklist_sign_off (fixture->checklist, "go", DD_ROLE_PRODUCER,
                                         "Ana", 1000, NULL, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_DEPENDENCY_OPEN);
  g_assert_nonnull (strstr (error->message, "Stock counted"));
  g_clear_error (&error);

  /* A failed item does not count as done either. */
  dd_checklist_item_restore_state (dd_checklist_lookup (fixture->checklist, "stock"),
                                   DD_CHECKLIST_ITEM_FAILED, "ops-lead:Ben", 500, "Short");
  g_assert_false (dd_checklist_sign_off (fixture->checklist, "go", DD_ROLE_PRODUCER,
                                         "Ana", 1000, NULL, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_DEPENDENCY_OPEN);
  g_clear_error (&error);

  g_assert_true (dd_checklist_sign_off (fixture->checklist, "stock", DD_ROLE_OPS_LEAD,
                                        "Ben", 1500, NULL, &error));
  g_assert_true (dd_checklist_sign_off (fixture->checklist, "go", DD_ROLE_PRODUCER,
                                        "Ana", 2000, NULL, &error));
  g_assert_no_error (error);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_progress (ChecklistFixture *fixture,
               gconstpointer     data)
{
  g_autofree char *label = NULL;
  guint progress_notifications = 0;

  g_assert_cmpfloat (dd_checklist_get_progress (fixture->checklist), ==, 1.0);
  g_assert_cmpuint (dd_checklist_count_done (fixture->checklist), ==, 0);

  add (fixture, "a", "A", DD_ROLE_PRODUCER, NULL);
  add (fixture, "b", "B", DD_ROLE_PRODUCER, NULL);
  add (fixture, "c", "C", DD_ROLE_PRODUCER, NULL);
  add (fixture, "d", "D", DD_ROLE_PRODUCER, NULL);
  g_assert_cmpfloat (dd_checklist_get_progress (fixture->checklist), ==, 0.0);

  g_signal_connect (fixture->checklist, "notify::progress",
                    G_CALLBACK (count_cb), &progress_notifications);

  g_assert_true (dd_checklist_sign_off (fixture->checklist, "a", DD_ROLE_PRODUCER,
                                        NULL, 1, NULL, NULL));
  g_assert_cmpuint (dd_checklist_count_done (fixture->checklist), ==, 1);
  g_assert_cmpfloat (dd_checklist_get_progress (fixture->checklist), ==, 0.25);
  g_assert_cmpstr (dd_checklist_item_get_signed_by (dd_checklist_lookup (fixture->checklist, "a")),
                   ==, "producer");
  g_assert_cmpuint (progress_notifications, ==, 1);
  label = dd_checklist_item_dup_signer_label (dd_checklist_lookup (fixture->checklist, "a"));
  g_assert_cmpstr (label, ==, "Producer");

  /* A restored state counts too; a failure does not change progress. */
  dd_checklist_item_restore_state (dd_checklist_lookup (fixture->checklist, "b"),
                                   DD_CHECKLIST_ITEM_DONE, "producer:Ana", 2, NULL);
  dd_checklist_item_restore_state (dd_checklist_lookup (fixture->checklist, "c"),
                                   DD_CHECKLIST_ITEM_FAILED, "producer:Ana", 3, NULL);
  g_assert_cmpuint (dd_checklist_count_done (fixture->checklist), ==, 2);
  g_assert_cmpfloat (dd_checklist_get_progress (fixture->checklist), ==, 0.5);
  g_assert_cmpuint (progress_notifications, ==, 2);
}

static void
test_item_fields (void)
{
  g_autoptr(DdChecklistItem) item = dd_checklist_item_new ("probe", "Checkout probe",
                                                           DD_ROLE_ENGINEER_ON_CALL,
                                                           DD_CHECKLIST_ITEM_AUTOMATED);

  g_assert_cmpstr (dd_checklist_item_get_title (item), ==, "Checkout probe");
  g_assert_cmpint (dd_checklist_item_get_owner (item), ==, DD_ROLE_ENGINEER_ON_CALL);
  g_assert_cmpint (dd_checklist_item_get_kind (item), ==, DD_CHECKLIST_ITEM_AUTOMATED);
  g_assert_cmpuint (g_strv_length ((char **) dd_checklist_item_get_depends_on (item)), ==, 0);
  dd_checklist_item_set_due_offset (item, -3600);
  g_assert_cmpint (dd_checklist_item_get_due_offset (item), ==, -3600);
  dd_checklist_item_set_description (item, "Runs a test checkout");
  g_assert_cmpstr (dd_checklist_item_get_description (item), ==, "Runs a test checkout");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dropdeck/core/checklist/" path, ChecklistFixture, NULL, \
              checklist_setup, func, checklist_teardown)

  ADD ("list-model", test_list_model);
  ADD ("cycle-two-items", test_cycle_two_items);
  ADD ("cycle-self", test_cycle_self);
  ADD ("cycle-long", test_cycle_long);
  ADD ("diamond-is-not-a-cycle", test_diamond_is_not_a_cycle);
  ADD ("unknown-dependency", test_unknown_dependency);
  ADD ("sign-off-wrong-role", test_sign_off_wrong_role);
  ADD ("sign-off-dependency-open", test_sign_off_dependency_open);
  ADD ("progress", test_progress);
  g_test_add_func ("/dropdeck/core/checklist/item-fields", test_item_fields);

#undef ADD

  return g_test_run ();
}
