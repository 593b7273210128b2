/* dd-bench-machine.h — the machine context every benchmark prints with its figures, and small helpers they share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "Intel(R) Xeon(R) Processor, 2 logical CPUs, 23.5 GiB RAM, Linux 6.18,
 * GLib 2.74.6, optimised build" */
char *dd_bench_describe_machine (void);
/* The 1, 5 and 15 minute load averages, as "0.48 1.11 1.42". */
char *dd_bench_describe_load    (void);

/* The process's resident set, in KiB, or -1. */
gint64 dd_bench_rss_kb          (void);
/* CPU seconds (user + system, clock ticks: about 10 ms) used so far by
 * this process's live threads named `name` (NULL: the main thread), and by
 * all its other live threads. */
void   dd_bench_threads_cpu     (const char *name,
                                 double     *named_s,
                                 double     *others_s);
/* Removes a benchmark's own temporary folder and all it holds. */
void   dd_bench_remove_tree     (const char *path);

/* Runs the default main context for `seconds`. */
void    dd_bench_run_for         (double seconds);
/* Frame intervals from frame times (gint64 µs, in order): the gaps between
 * them, sorted. */
GArray *dd_bench_frame_intervals (GArray *frame_times);
/* The p-th percentile (0 to 1) of sorted gint64 µs values, in ms. */
double  dd_bench_percentile_ms   (GArray *sorted,
                                  double  p);

G_END_DECLS
