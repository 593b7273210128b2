/* test-rollback-trigger.c — thresholds over a sliding window, hysteresis,
 * ledger entries for firings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "dd-core.h"

#define SECOND ((gint64) G_USEC_PER_SEC)

static DdRollbackTrigger *
checkout_trigger (double clear_below)
{
  return dd_rollback_trigger_new ("checkout-errors", DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE,
                                  0.05, clear_below, 10 * SECOND,
                                  DD_ROLLBACK_ACTION_FAIL_OPEN, NULL);
}

/* Feeds `n` readings a second apart from `start` s, `a` for 8 s then `b`
 * for 8 s and so on; returns the number of firings. */
static guint
feed (DdRollbackTrigger *trigger,
      gint64             start,
      guint              n,
      double             a,
      double             b)
{
  guint firings = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdLedgerEntry) entry =
        dd_rollback_trigger_observe (trigger, (start + i) * SECOND, (i / 8) % 2 == 0 ? a : b);

      if (entry != NULL)
        firings++;
    }
  return firings;
}

static void
test_fires_with_ledger_entry (void)
{
  g_autoptr(DdRollbackTrigger) trigger = checkout_trigger (0.02);
  g_autoptr(DdLedgerEntry) entry = NULL;

  g_assert_false (dd_rollback_trigger_has_readings (trigger));
  g_assert_null (dd_rollback_trigger_observe (trigger, 1 * SECOND, 0.01));
  g_assert_true (dd_rollback_trigger_has_readings (trigger));
  g_assert_null (dd_rollback_trigger_observe (trigger, 2 * SECOND, 0.04));
  g_assert_false (dd_rollback_trigger_get_fired (trigger));
  g_assert_cmpfloat_with_epsilon (dd_rollback_trigger_get_value (trigger), 0.025, 1e-9);

  /* Mean of 0.01, 0.04, 0.12 = 0.0567 >= 5 %. */
  entry = dd_rollback_trigger_observe (trigger, 3 * SECOND, 0.12);
  g_assert_nonnull (entry);
  g_assert_true (dd_rollback_trigger_get_fired (trigger));
  g_assert_cmpuint (dd_rollback_trigger_get_n_firings (trigger), ==, 1);
  g_assert_cmpstr (dd_ledger_entry_get_entity (entry), ==, "rollback-trigger");
  g_assert_cmpstr (dd_ledger_entry_get_entity_id (entry), ==, "checkout-errors");
  g_assert_cmpstr (dd_ledger_entry_get_field (entry), ==, "checkout-error-rate");
  g_assert_cmpstr (dd_ledger_entry_get_before (entry), ==, "5.7 %");
  g_assert_cmpstr (dd_ledger_entry_get_after (entry), ==, "fail-open");
  g_assert_cmpint (dd_ledger_entry_get_time (entry), ==, 3 * SECOND);
  g_assert_cmpstr (dd_ledger_entry_get_reason (entry), ==,
                   "Checkout error rate 5.7 % over the last 10 s reached 5.0 %: "
                   "Show “pending, ETA” instead of an error");

  /* Still high: no second entry. */
  g_assert_null (dd_rollback_trigger_observe (trigger, 4 * SECOND, 0.2));
}

static void
test_flapping_fires_once (void)
{
  g_autoptr(DdRollbackTrigger) trigger = checkout_trigger (0.02);
  g_autoptr(DdRollbackTrigger) no_hysteresis = checkout_trigger (0.05);

  /* 7 % and 4 % in turn: the window's mean crosses 5 % again and again. */
  g_assert_cmpuint (feed (trigger, 0, 200, 0.07, 0.04), ==, 1);
  /* The same signal without hysteresis fires again and again: the
   * hysteresis is what keeps it to one. */
  g_assert_cmpuint (feed (no_hysteresis, 0, 200, 0.07, 0.04), >, 10);
}

static void
test_clears_then_fires_again (void)
{
  g_autoptr(DdRollbackTrigger) trigger = checkout_trigger (0.02);

  g_assert_cmpuint (feed (trigger, 0, 20, 0.10, 0.10), ==, 1);
  /* Falls to 3 %: below the threshold but above the clear level. */
  g_assert_cmpuint (feed (trigger, 20, 20, 0.03, 0.03), ==, 0);
  g_assert_true (dd_rollback_trigger_get_fired (trigger));
  /* The high readings have left the window; 1 % clears it. */
  g_assert_cmpuint (feed (trigger, 40, 20, 0.01, 0.01), ==, 0);
  g_assert_false (dd_rollback_trigger_get_fired (trigger));
  g_assert_cmpfloat_with_epsilon (dd_rollback_trigger_get_value (trigger), 0.01, 1e-9);
  g_assert_cmpuint (feed (trigger, 60, 20, 0.10, 0.10), ==, 1);
  g_assert_cmpuint (dd_rollback_trigger_get_n_firings (trigger), ==, 2);
}

static void
test_bad_readings_ignored (void)
{
  g_autoptr(DdRollbackTrigger) trigger = checkout_trigger (0.02);

  g_assert_null (dd_rollback_trigger_observe (trigger, 10 * SECOND, 0.01));
  g_assert_null (dd_rollback_trigger_observe (trigger, 5 * SECOND, 0.9));
  g_assert_null (dd_rollback_trigger_observe (trigger, 11 * SECOND, NAN));
  g_assert_cmpfloat_with_epsilon (dd_rollback_trigger_get_value (trigger), 0.01, 1e-9);
  g_assert_false (dd_rollback_trigger_get_fired (trigger));
}

static void
test_defaults (void)
{
  g_autoptr(GPtrArray) triggers = dd_rollback_trigger_new_defaults ("offer-hoodie");
  gboolean seen[DD_N_LIVE_SIGNALS] = { FALSE };
  g_autoptr(DdLedgerEntry) entry = NULL;
  DdRollbackTrigger *backlog = NULL;

  g_assert_cmpuint (triggers->len, ==, DD_N_LIVE_SIGNALS);
  for (guint i = 0; i < triggers->len; i++)
    {
      DdRollbackTrigger *trigger = g_ptr_array_index (triggers, i);

      seen[dd_rollback_trigger_get_signal (trigger)] = TRUE;
      if (dd_rollback_trigger_get_signal (trigger) == DD_LIVE_SIGNAL_HUB_BACKLOG)
        backlog = trigger;
    }
  for (guint i = 0; i < DD_N_LIVE_SIGNALS; i++)
    g_assert_true (seen[i]);

  g_assert_cmpint (dd_rollback_trigger_get_action (backlog), ==, DD_ROLLBACK_ACTION_PAUSE_OFFER);
  entry = dd_rollback_trigger_observe (backlog, SECOND, 240);
  g_assert_cmpstr (dd_ledger_entry_get_after (entry), ==, "pause-offer:offer-hoodie");
  g_assert_cmpstr (dd_ledger_entry_get_before (entry), ==, "240 to pick");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/core/rollback-trigger/fires-with-ledger-entry", test_fires_with_ledger_entry);
  g_test_add_func ("/dropdeck/core/rollback-trigger/flapping-fires-once", test_flapping_fires_once);
  g_test_add_func ("/dropdeck/core/rollback-trigger/clears-then-fires-again", test_clears_then_fires_again);
  g_test_add_func ("/dropdeck/core/rollback-trigger/bad-readings-ignored", test_bad_readings_ignored);
  g_test_add_func ("/dropdeck/core/rollback-trigger/defaults", test_defaults);

  return g_test_run ();
}
