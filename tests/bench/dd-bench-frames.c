/* dd-bench-frames.c — the times of a window's painted frames, for the UI benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-bench-frames.h"

struct _DdBenchFrames
{
  GdkFrameClock *clock;
  gulong         handler;
  GArray        *times;
  gboolean       measuring;
};

static void
after_paint_cb (GdkFrameClock *clock,
                DdBenchFrames *self)
{
  gint64 now;

  if (!self->measuring)
    return;
  now = g_get_monotonic_time ();
  g_array_append_val (self->times, now);
}

DdBenchFrames *
dd_bench_frames_new (GtkWidget *widget)
{
  DdBenchFrames *self = g_new0 (DdBenchFrames, 1);

  self->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->handler = g_signal_connect (self->clock, "after-paint", G_CALLBACK (after_paint_cb), self);
  return self;
}

void
dd_bench_frames_set_measuring (DdBenchFrames *self,
                               gboolean       measuring)
{
  self->measuring = measuring;
}

GArray *
dd_bench_frames_get_times (DdBenchFrames *self)
{
  return self->times;
}

void
dd_bench_frames_free (DdBenchFrames *self)
{
  /* A clock whose window is gone has dropped its handlers already. */
  if (g_signal_handler_is_connected (self->clock, self->handler))
    g_signal_handler_disconnect (self->clock, self->handler);
  g_object_unref (self->clock);
  g_array_unref (self->times);
  g_free (self);
}
