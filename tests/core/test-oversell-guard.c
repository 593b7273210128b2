/* test-oversell-guard.c — cap or pause a live offer before its promise breaks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-core.h"

typedef struct
{
  DdStockLevel       *levels[2];
  DdOversellDecision  decision;
} GuardFixture;

static DdStockLevel *
make_level (const char *hub,
            gint64      on_hand,
            gint64      reserved)
{
  DdStockLevel *level = dd_stock_level_new (hub, "SHIRT-LIN-M");

  g_assert_true (dd_stock_level_set_on_hand (level, on_hand, NULL));
  if (reserved > 0)
    g_assert_true (dd_stock_level_reserve (level, reserved, NULL));

  return level;
}

static void
guard_setup (GuardFixture  *fixture,
             gconstpointer  data)
{
  fixture->levels[0] = make_level ("hub-mitte", 10, 7);     /* 3 left */
  fixture->levels[1] = make_level ("hub-kreuzberg", 4, 2);  /* 2 left */
  memset (&fixture->decision, 0, sizeof fixture->decision);
}

static void
guard_teardown (GuardFixture  *fixture,
                gconstpointer  data)
{
  dd_oversell_decision_clear (&fixture->decision);
  g_assert_finalize_object (fixture->levels[0]);
  g_assert_finalize_object (fixture->levels[1]);
}

static void
assert_reason_names (GuardFixture *fixture,
                     const char   *hub)
{
  g_assert_nonnull (fixture->decision.reason);
  g_assert_nonnull (strstr (fixture->decision.reason, "SHIRT-LIN-M"));
  if (hub != NULL)
    g_assert_nonnull (strstr (fixture->decision.reason, hub));
}

static void
test_none_above_threshold (GuardFixture  *fixture,
                           gconstpointer  data)
{
  dd_oversell_guard_decide ("SHIRT-LIN-M", fixture->levels, 2, 5, &fixture->decision);
  g_assert_cmpint (fixture->decision.action, ==, DD_OVERSELL_ACTION_NONE);
  g_assert_cmpint (fixture->decision.remaining, ==, 5);
  assert_reason_names (fixture, "hub-kreuzberg");
}

static void
test_cap_below_threshold (GuardFixture  *fixture,
                          gconstpointer  data)
{
  dd_oversell_guard_decide ("SHIRT-LIN-M", fixture->levels, 2, 6, &fixture->decision);
  g_assert_cmpint (fixture->decision.action, ==, DD_OVERSELL_ACTION_CAP);
  g_assert_cmpint (fixture->decision.cap, ==, 5);
  assert_reason_names (fixture, "hub-mitte");
  assert_reason_names (fixture, "hub-kreuzberg");

  /* Only Mitte keeps the promise now: the cap is what Mitte has left. */
  dd_oversell_guard_decide ("SHIRT-LIN-M", fixture->levels, 1, 6, &fixture->decision);
  g_assert_cmpint (fixture->decision.action, ==, DD_OVERSELL_ACTION_CAP);
  g_assert_cmpint (fixture->decision.cap, ==, 3);
  assert_reason_names (fixture, "hub-mitte");
  g_assert_null (strstr (fixture->decision.reason, "hub-kreuzberg"));
}

static void
test_pause_when_empty (GuardFixture  *fixture,
                       gconstpointer  data)
{
  g_assert_true (dd_stock_level_reserve (fixture->levels[0], 3, NULL));
  g_assert_true (dd_stock_level_reserve (fixture->levels[1], 2, NULL));

  dd_oversell_guard_decide ("SHIRT-LIN-M", fixture->levels, 2, 1, &fixture->decision);
  g_assert_cmpint (fixture->decision.action, ==, DD_OVERSELL_ACTION_PAUSE);
  g_assert_cmpint (fixture->decision.remaining, ==, 0);
  assert_reason_names (fixture, "hub-mitte");

  /* No hub can keep the promise at all. */
  dd_oversell_guard_decide ("SHIRT-LIN-M", NULL, 0, 1, &fixture->decision);
  g_assert_cmpint (fixture->decision.action, ==, DD_OVERSELL_ACTION_PAUSE);
  assert_reason_names (fixture, NULL);
}

static void
test_check_allocation (GuardFixture  *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* 10 on hand, 7 reserved: 3 can be allocated, 4 cannot. */
  g_assert_true (dd_oversell_guard_check_allocation (fixture->levels[0], 3, &error));
  g_assert_no_error (error);
  g_assert_true (dd_oversell_guard_check_allocation (fixture->levels[0], 0, &error));

  g_assert_false (dd_oversell_guard_check_allocation (fixture->levels[0], 4, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_OVERSELL);
  g_assert_nonnull (strstr (error->message, "hub-mitte"));
  g_assert_nonnull (strstr (error->message, "SHIRT-LIN-M"));
  g_clear_error (&error);

  g_assert_false (dd_oversell_guard_check_allocation (fixture->levels[1], -1, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "hub-kreuzberg"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dropdeck/core/oversell-guard/" path, GuardFixture, NULL, \
              guard_setup, func, guard_teardown)

  ADD ("none-above-threshold", test_none_above_threshold);
  ADD ("cap-below-threshold", test_cap_below_threshold);
  ADD ("pause-when-empty", test_pause_when_empty);
  ADD ("check-allocation", test_check_allocation);

#undef ADD

  return g_test_run ();
}
