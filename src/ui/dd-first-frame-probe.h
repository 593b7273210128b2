/* dd-first-frame-probe.h — prints start-up figures once the first full frame is painted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* TRUE when DROPDECK_FIRST_FRAME_PROBE=1. */
gboolean dd_first_frame_probe_enabled (void);
/* After the next paint of `window`, prints one line to stdout:
 * DROPDECK_FIRST_FRAME {"since_main_ms": ..., "rss_kb": ...}
 * and quits the application if DROPDECK_EXIT_AFTER_FIRST_FRAME=1. */
void     dd_first_frame_probe_arm     (GtkWidget *window,
                                       gint64     main_start_us);

G_END_DECLS
