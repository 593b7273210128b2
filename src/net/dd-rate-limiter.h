/* dd-rate-limiter.h — a sliding-window limit on outgoing chat messages
 *
 * At most `max_events` acquisitions in any `window_us` span of time, as
 * Twitch counts them (20 per 30 s for a viewer, 100 per 30 s for a
 * moderator). The clock can be replaced, so tests do not sleep. Any thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DD_RATE_LIMIT_WINDOW_US     (30 * G_USEC_PER_SEC)
#define DD_RATE_LIMIT_VIEWER        20
#define DD_RATE_LIMIT_MODERATOR     100

/* Monotonic time in µs. */
typedef gint64 (*DdClockFunc) (gpointer user_data);

typedef struct _DdRateLimiter DdRateLimiter;

DdRateLimiter *dd_rate_limiter_new           (guint          max_events,
                                              gint64         window_us);
void           dd_rate_limiter_free          (DdRateLimiter *self);
/* NULL restores g_get_monotonic_time(). */
void           dd_rate_limiter_set_clock     (DdRateLimiter *self,
                                              DdClockFunc    clock,
                                              gpointer       clock_data);
/* Takes effect at once; events already counted stay counted. */
void           dd_rate_limiter_set_limit     (DdRateLimiter *self,
                                              guint          max_events,
                                              gint64         window_us);
guint          dd_rate_limiter_get_max_events (DdRateLimiter *self);
/* Counts one event and returns TRUE when the window has room; otherwise
 * counts nothing, returns FALSE and sets `out_wait_us` (may be NULL) to the
 * time until there is room. */
gboolean       dd_rate_limiter_try_acquire   (DdRateLimiter *self,
                                              gint64        *out_wait_us);
/* Events in the current window. */
guint          dd_rate_limiter_get_n_used    (DdRateLimiter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdRateLimiter, dd_rate_limiter_free)

G_END_DECLS
