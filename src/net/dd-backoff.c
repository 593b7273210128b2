/* dd-backoff.c — reconnect delays: exponential, capped, with jitter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-backoff.h"

struct _DdBackoff
{
  guint         initial_ms;
  guint         max_ms;
  double        factor;
  double        jitter;
  guint         attempts;
  GRand        *rand;
  DdRandomFunc  random;
  gpointer      random_data;
};

static double
default_random (gpointer user_data)
{
  return g_rand_double (user_data);
}

DdBackoff *
dd_backoff_new (guint  initial_ms,
                guint  max_ms,
                double factor,
                double jitter)
{
  DdBackoff *self;

  g_return_val_if_fail (initial_ms > 0, NULL);
  g_return_val_if_fail (max_ms >= initial_ms, NULL);
  g_return_val_if_fail (factor >= 1.0, NULL);
  g_return_val_if_fail (jitter >= 0.0 && jitter <= 1.0, NULL);

  self = g_new0 (DdBackoff, 1);
  self->initial_ms = initial_ms;
  self->max_ms = max_ms;
  self->factor = factor;
  self->jitter = jitter;
  self->rand = g_rand_new ();
  self->random = default_random;
  self->random_data = self->rand;

  return self;
}

void
dd_backoff_free (DdBackoff *self)
{
  if (self == NULL)
    return;

  g_rand_free (self->rand);
  g_free (self);
}

void
dd_backoff_set_random (DdBackoff    *self,
                       DdRandomFunc  random,
                       gpointer      random_data)
{
  g_return_if_fail (self != NULL);

  self->random = random != NULL ? random : default_random;
  self->random_data = random != NULL ? random_data : self->rand;
}

guint
dd_backoff_next_delay_ms (DdBackoff *self)
{
  double base = self->initial_ms;
  double r;

  g_return_val_if_fail (self != NULL, 0);

  /* Stop multiplying once the cap is reached: no overflow however long
   * the server stays away. */
  for (guint i = 0; i < self->attempts && base < self->max_ms; i++)
    base *= self->factor;
  base = MIN (base, (double) self->max_ms);

  r = CLAMP (self->random (self->random_data), 0.0, 1.0);
  if (self->attempts < G_MAXUINT)
    self->attempts++;

  return (guint) MAX (1.0, base * (1.0 - self->jitter * r));
}

void
dd_backoff_reset (DdBackoff *self)
{
  g_return_if_fail (self != NULL);

  self->attempts = 0;
}

guint
dd_backoff_get_attempts (DdBackoff *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->attempts;
}
