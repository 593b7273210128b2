/* dd-latency-chart.h — the preflight's latency over the run: p95 of chat,
 * overlay reads and checkout, with the service levels as dashed lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DD_TYPE_LATENCY_CHART (dd_latency_chart_get_type ())
G_DECLARE_FINAL_TYPE (DdLatencyChart, dd_latency_chart, DD, LATENCY_CHART, GtkDrawingArea)

GtkWidget *dd_latency_chart_new         (void);
/* The run's length in seconds: the x axis. */
void       dd_latency_chart_set_total   (DdLatencyChart *self,
                                         double          total_s);
/* One sample at `elapsed_s`; a latency of 0 means nothing finished. */
void       dd_latency_chart_push        (DdLatencyChart *self,
                                         double          elapsed_s,
                                         double          chat_ms,
                                         double          overlay_ms,
                                         double          checkout_ms);
guint      dd_latency_chart_get_n_samples (DdLatencyChart *self);

G_END_DECLS
