/* dd-backoff.h — reconnect delays: exponential, capped, with jitter
 *
 * The n-th delay (from 0) is min(max, initial * factor^n), of which a
 * random part up to `jitter` (0 to 1) is taken off, so that clients
 * dropped together do not come back together. Not thread-safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A number in [0, 1). */
typedef double (*DdRandomFunc) (gpointer user_data);

typedef struct _DdBackoff DdBackoff;

DdBackoff *dd_backoff_new            (guint         initial_ms,
                                      guint         max_ms,
                                      double        factor,
                                      double        jitter);
void       dd_backoff_free           (DdBackoff    *self);
/* NULL restores a GRand. */
void       dd_backoff_set_random     (DdBackoff    *self,
                                      DdRandomFunc  random,
                                      gpointer      random_data);
/* The delay before the next attempt; counts the attempt. */
guint      dd_backoff_next_delay_ms  (DdBackoff    *self);
/* After a success: the next delay is the initial one again. */
void       dd_backoff_reset          (DdBackoff    *self);
/* Attempts since the last reset. */
guint      dd_backoff_get_attempts   (DdBackoff    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdBackoff, dd_backoff_free)

G_END_DECLS
