/* dd-rate-chart.h — a small chart of the chat rate over the last minute
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DD_RATE_CHART_N_SAMPLES 60

#define DD_TYPE_RATE_CHART (dd_rate_chart_get_type ())

G_DECLARE_FINAL_TYPE (DdRateChart, dd_rate_chart, DD, RATE_CHART, GtkDrawingArea)

GtkWidget *dd_rate_chart_new         (void);
/* Appends one sample (messages a second), dropping the oldest past 60. */
void       dd_rate_chart_push_sample (DdRateChart *self,
                                      double       rate);
void       dd_rate_chart_clear       (DdRateChart *self);
guint      dd_rate_chart_get_n_samples (DdRateChart *self);
double     dd_rate_chart_get_peak    (DdRateChart *self);

G_END_DECLS
