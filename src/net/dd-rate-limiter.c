/* dd-rate-limiter.c — a sliding-window limit on outgoing chat messages
 *
 * The times of the events in the window are kept oldest first; an
 * acquisition first drops those that left the window. The window holds at
 * most max_events times, so the array stays small (100 at most in use).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-rate-limiter.h"

struct _DdRateLimiter
{
  GMutex       mutex;
  DdClockFunc  clock;
  gpointer     clock_data;
  guint        max_events;
  gint64       window_us;
  GArray      *times;      /* gint64, oldest first */
};

static gint64
default_clock (gpointer user_data)
{
  return g_get_monotonic_time ();
}

static void
expire (DdRateLimiter *self,
        gint64         now)
{
  guint n_old = 0;

  while (n_old < self->times->len &&
         g_array_index (self->times, gint64, n_old) <= now - self->window_us)
    n_old++;
  if (n_old > 0)
    g_array_remove_range (self->times, 0, n_old);
}

DdRateLimiter *
dd_rate_limiter_new (guint  max_events,
                     gint64 window_us)
{
  DdRateLimiter *self;

  g_return_val_if_fail (max_events > 0, NULL);
  g_return_val_if_fail (window_us > 0, NULL);

  self = g_new0 (DdRateLimiter, 1);
  g_mutex_init (&self->mutex);
  self->clock = default_clock;
  self->max_events = max_events;
  self->window_us = window_us;
  self->times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), max_events);

  return self;
}

void
dd_rate_limiter_free (DdRateLimiter *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->times);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

void
dd_rate_limiter_set_clock (DdRateLimiter *self,
                           DdClockFunc    clock,
                           gpointer       clock_data)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  self->clock = clock != NULL ? clock : default_clock;
  self->clock_data = clock != NULL ? clock_data : NULL;
  g_mutex_unlock (&self->mutex);
}

void
dd_rate_limiter_set_limit (DdRateLimiter *self,
                           guint          max_events,
                           gint64         window_us)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_events > 0);
  g_return_if_fail (window_us > 0);

  g_mutex_lock (&self->mutex);
  self->max_events = max_events;
  self->window_us = window_us;
  g_mutex_unlock (&self->mutex);
}

guint
dd_rate_limiter_get_max_events (DdRateLimiter *self)
{
  guint max;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  max = self->max_events;
  g_mutex_unlock (&self->mutex);

  return max;
}

gboolean
dd_rate_limiter_try_acquire (DdRateLimiter *self,
                             gint64        *out_wait_us)
{
  gboolean ok;
  gint64 now;

  g_return_val_if_fail (self != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  now = self->clock (self->clock_data);
  expire (self, now);

  ok = self->times->len < self->max_events;
  if (ok)
    {
      g_array_append_val (self->times, now);
      if (out_wait_us != NULL)
        *out_wait_us = 0;
    }
  else if (out_wait_us != NULL)
    {
      /* Room returns when the event that makes the window full leaves it:
       * after a lowered limit, that may not be the oldest one. */
      guint leaving = self->times->len - self->max_events;
      gint64 t = g_array_index (self->times, gint64, leaving);

      *out_wait_us = MAX (1, t + self->window_us - now);
    }
  g_mutex_unlock (&self->mutex);

  return ok;
}

guint
dd_rate_limiter_get_n_used (DdRateLimiter *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  expire (self, self->clock (self->clock_data));
  n = self->times->len;
  g_mutex_unlock (&self->mutex);

  return n;
}
