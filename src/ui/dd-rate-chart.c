/* dd-rate-chart.c — a small chart of the chat rate over the last minute
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dd-rate-chart.h"

struct _DdRateChart
{
  GtkDrawingArea parent_instance;

  double         samples[DD_RATE_CHART_N_SAMPLES];
  guint          first;
  guint          n_samples;
};

G_DEFINE_FINAL_TYPE (DdRateChart, dd_rate_chart, GTK_TYPE_DRAWING_AREA)

static double
sample_at (DdRateChart *self,
           guint        index)
{
  return self->samples[(self->first + index) % DD_RATE_CHART_N_SAMPLES];
}

/* A round upper bound for the axis: 10, 20, 50, 100, 200, ... */
static double
nice_ceiling (double value)
{
  double step = 10.0;

  while (step < value)
    {
      if (step * 2 >= value)
        return step * 2;
      if (step * 5 >= value)
        return step * 5;
      step *= 10;
    }

  return step;
}

static void
update_accessible_label (DdRateChart *self)
{
  g_autofree char *label = NULL;
  double latest = self->n_samples > 0 ? sample_at (self, self->n_samples - 1) : 0;

  label = g_strdup_printf (_("Chat rate over the last minute: %.0f messages a second now, peak %.0f"),
                           latest, dd_rate_chart_get_peak (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  DdRateChart *self = DD_RATE_CHART (area);
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (area));
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1.0 };
  GdkRGBA fg;
  double top, step_x;

  gtk_style_context_get_color (context, &fg);
  gtk_style_context_lookup_color (context, "accent_color", &accent);

  /* Grid: a base line and a half line, faint. */
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
  cairo_move_to (cr, 0, height - 0.5);
  cairo_line_to (cr, width, height - 0.5);
  cairo_move_to (cr, 0, floor (height / 2.0) + 0.5);
  cairo_line_to (cr, width, floor (height / 2.0) + 0.5);
  cairo_stroke (cr);

  if (self->n_samples < 2)
    return;

  top = nice_ceiling (dd_rate_chart_get_peak (self));
  step_x = (double) width / (DD_RATE_CHART_N_SAMPLES - 1);

  /* The newest sample sits at the right edge. */
  for (guint i = 0; i < self->n_samples; i++)
    {
      double x = width - (self->n_samples - 1 - i) * step_x;
      double y = height - (sample_at (self, i) / top) * (height - 2);

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 2.0);
  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 1.0);
  cairo_stroke_preserve (cr);

  cairo_line_to (cr, width, height);
  cairo_line_to (cr, width - (self->n_samples - 1) * step_x, height);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 0.18);
  cairo_fill (cr);
}

static void
dd_rate_chart_class_init (DdRateChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_css_name (widget_class, "ratechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dd_rate_chart_init (DdRateChart *self)
{
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 96);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 240);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_cb, NULL, NULL);
  update_accessible_label (self);
}

GtkWidget *
dd_rate_chart_new (void)
{
  return g_object_new (DD_TYPE_RATE_CHART, NULL);
}

void
dd_rate_chart_push_sample (DdRateChart *self,
                           double       rate)
{
  g_return_if_fail (DD_IS_RATE_CHART (self));

  if (!isfinite (rate) || rate < 0)
    rate = 0;

  /* Before the first message the chart waits instead of drawing a cliff. */
  if (self->n_samples == 0 && rate == 0)
    return;

  if (self->n_samples < DD_RATE_CHART_N_SAMPLES)
    {
      self->samples[(self->first + self->n_samples) % DD_RATE_CHART_N_SAMPLES] = rate;
      self->n_samples++;
    }
  else
    {
      self->samples[self->first] = rate;
      self->first = (self->first + 1) % DD_RATE_CHART_N_SAMPLES;
    }

  update_accessible_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dd_rate_chart_clear (DdRateChart *self)
{
  g_return_if_fail (DD_IS_RATE_CHART (self));

  self->first = 0;
  self->n_samples = 0;
  update_accessible_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
dd_rate_chart_get_n_samples (DdRateChart *self)
{
  g_return_val_if_fail (DD_IS_RATE_CHART (self), 0);

  return self->n_samples;
}

double
dd_rate_chart_get_peak (DdRateChart *self)
{
  double peak = 0;

  g_return_val_if_fail (DD_IS_RATE_CHART (self), 0);

  for (guint i = 0; i < self->n_samples; i++)
    peak = MAX (peak, sample_at (self, i));

  return peak;
}
