/* test-backoff.c — reconnect delays: exponential, capped, jittered, reset on success
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-backoff.h"

static double
fixed_random (gpointer user_data)
{
  return *(double *) user_data;
}

static void
test_exponential_and_capped (void)
{
  g_autoptr(DdBackoff) backoff = dd_backoff_new (500, 30000, 2.0, 0.5);
  double r = 0.0;
  const guint expected[] = { 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000 };

  dd_backoff_set_random (backoff, fixed_random, &r);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (dd_backoff_next_delay_ms (backoff), ==, expected[i]);
  g_assert_cmpuint (dd_backoff_get_attempts (backoff), ==, G_N_ELEMENTS (expected));

  /* A server away for a very long time: still capped, no overflow. */
  for (guint i = 0; i < 5000; i++)
    g_assert_cmpuint (dd_backoff_next_delay_ms (backoff), ==, 30000);

  dd_backoff_reset (backoff);
  g_assert_cmpuint (dd_backoff_get_attempts (backoff), ==, 0);
  g_assert_cmpuint (dd_backoff_next_delay_ms (backoff), ==, 500);
}

static void
test_jitter_bounds (void)
{
  g_autoptr(DdBackoff) backoff = dd_backoff_new (1000, 60000, 2.0, 0.5);
  double r = 0.999999;
  gboolean differs = FALSE;
  guint first;

  dd_backoff_set_random (backoff, fixed_random, &r);
  /* The most jitter takes off half the delay. */
  g_assert_cmpuint (dd_backoff_next_delay_ms (backoff), ==, 500);
  g_assert_cmpuint (dd_backoff_next_delay_ms (backoff), ==, 1000);

  /* With the real generator, delays spread over [base/2, base]. */
  dd_backoff_set_random (backoff, NULL, NULL);
  dd_backoff_reset (backoff);
  first = dd_backoff_next_delay_ms (backoff);
  g_assert_cmpuint (first, >=, 500);
  g_assert_cmpuint (first, <=, 1000);
  for (guint i = 0; i < 50; i++)
    {
      guint d;

      dd_backoff_reset (backoff);
      d = dd_backoff_next_delay_ms (backoff);
      g_assert_cmpuint (d, >=, 500);
      g_assert_cmpuint (d, <=, 1000);
      differs |= d != first;
    }
  g_assert_true (differs);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/net/backoff/exponential-and-capped", test_exponential_and_capped);
  g_test_add_func ("/dropdeck/net/backoff/jitter-bounds", test_jitter_bounds);

  return g_test_run ();
}
