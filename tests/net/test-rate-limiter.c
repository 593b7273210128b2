/* test-rate-limiter.c — the sliding window on outgoing chat messages, on a fake clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-rate-limiter.h"

typedef struct
{
  gint64 now;
} FakeClock;

static gint64
fake_clock (gpointer user_data)
{
  return ((FakeClock *) user_data)->now;
}

static void
test_viewer_limit (void)
{
  g_autoptr(DdRateLimiter) limiter = dd_rate_limiter_new (DD_RATE_LIMIT_VIEWER, DD_RATE_LIMIT_WINDOW_US);
  FakeClock clock = { 1000 * G_USEC_PER_SEC };
  gint64 wait = -1;

  dd_rate_limiter_set_clock (limiter, fake_clock, &clock);

  /* 20 messages over 19 s pass; the 21st is refused until the first one
   * is 30 s old. */
  for (guint i = 0; i < 20; i++)
    {
      g_assert_true (dd_rate_limiter_try_acquire (limiter, &wait));
      g_assert_cmpint (wait, ==, 0);
      clock.now += G_USEC_PER_SEC;
    }
  g_assert_cmpuint (dd_rate_limiter_get_n_used (limiter), ==, 20);
  clock.now -= G_USEC_PER_SEC; /* t = 19 s */
  g_assert_false (dd_rate_limiter_try_acquire (limiter, &wait));
  g_assert_cmpint (wait, ==, 11 * G_USEC_PER_SEC);
  g_assert_cmpuint (dd_rate_limiter_get_n_used (limiter), ==, 20);

  clock.now += 11 * G_USEC_PER_SEC - 1;
  g_assert_false (dd_rate_limiter_try_acquire (limiter, &wait));
  g_assert_cmpint (wait, ==, 1);
  clock.now += 1;
  g_assert_true (dd_rate_limiter_try_acquire (limiter, NULL));
  /* The second message of the first burst is still in the window. */
  g_assert_false (dd_rate_limiter_try_acquire (limiter, &wait));
  g_assert_cmpint (wait, ==, G_USEC_PER_SEC);
}

static void
test_sliding_not_fixed (void)
{
  g_autoptr(DdRateLimiter) limiter = dd_rate_limiter_new (20, DD_RATE_LIMIT_WINDOW_US);
  FakeClock clock = { 0 };

  dd_rate_limiter_set_clock (limiter, fake_clock, &clock);

  /* A burst at the end of one 30 s period and one at the start of the next
   * would pass a fixed window: the sliding window refuses the second. */
  clock.now = 29 * G_USEC_PER_SEC;
  for (guint i = 0; i < 20; i++)
    g_assert_true (dd_rate_limiter_try_acquire (limiter, NULL));
  clock.now = 31 * G_USEC_PER_SEC;
  g_assert_false (dd_rate_limiter_try_acquire (limiter, NULL));
  clock.now = 59 * G_USEC_PER_SEC;
  for (guint i = 0; i < 20; i++)
    g_assert_true (dd_rate_limiter_try_acquire (limiter, NULL));
  g_assert_false (dd_rate_limiter_try_acquire (limiter, NULL));
}

static void
test_moderator_limit (void)
{
  g_autoptr(DdRateLimiter) limiter = dd_rate_limiter_new (DD_RATE_LIMIT_VIEWER, DD_RATE_LIMIT_WINDOW_US);
  FakeClock clock = { 5 };
  gint64 wait = 0;

  dd_rate_limiter_set_clock (limiter, fake_clock, &clock);
  for (guint i = 0; i < 20; i++)
    g_assert_true (dd_rate_limiter_try_acquire (limiter, NULL));
  g_assert_false (dd_rate_limiter_try_acquire (limiter, NULL));

  /* Made a moderator: 100 in the same window. */
  dd_rate_limiter_set_limit (limiter, DD_RATE_LIMIT_MODERATOR, DD_RATE_LIMIT_WINDOW_US);
  g_assert_cmpuint (dd_rate_limiter_get_max_events (limiter), ==, 100);
  for (guint i = 0; i < 80; i++)
    g_assert_true (dd_rate_limiter_try_acquire (limiter, NULL));
  g_assert_false (dd_rate_limiter_try_acquire (limiter, &wait));
  g_assert_cmpint (wait, ==, DD_RATE_LIMIT_WINDOW_US);

  /* Back to viewer with 100 in the window: room returns only when the
   * window holds fewer than 20, i.e. when the 81st-newest leaves. */
  clock.now += G_USEC_PER_SEC;
  dd_rate_limiter_set_limit (limiter, DD_RATE_LIMIT_VIEWER, DD_RATE_LIMIT_WINDOW_US);
  g_assert_false (dd_rate_limiter_try_acquire (limiter, &wait));
  g_assert_cmpint (wait, ==, DD_RATE_LIMIT_WINDOW_US - G_USEC_PER_SEC);
  clock.now += wait;
  g_assert_true (dd_rate_limiter_try_acquire (limiter, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/net/rate-limiter/viewer-20-per-30s", test_viewer_limit);
  g_test_add_func ("/dropdeck/net/rate-limiter/sliding-not-fixed", test_sliding_not_fixed);
  g_test_add_func ("/dropdeck/net/rate-limiter/moderator-100-per-30s", test_moderator_limit);

  return g_test_run ();
}
