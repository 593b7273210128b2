/* dd-bench-frames.h — the times of a window's painted frames, for the UI benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _DdBenchFrames DdBenchFrames;

/* Records nothing until measuring is switched on; `widget` must be
 * realized (it has a frame clock). */
DdBenchFrames *dd_bench_frames_new            (GtkWidget     *widget);
void           dd_bench_frames_set_measuring  (DdBenchFrames *self,
                                               gboolean       measuring);
/* gint64 µs (monotonic), one a painted frame, in order (transfer none). */
GArray        *dd_bench_frames_get_times      (DdBenchFrames *self);
void           dd_bench_frames_free           (DdBenchFrames *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdBenchFrames, dd_bench_frames_free)

G_END_DECLS
