/* dd-latency-chart.c — the preflight's latency over the run: p95 of chat,
 * overlay reads and checkout, with the service levels as dashed lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "dd-latency-chart.h"

#define N_SERIES 3
#define MARGIN_LEFT 52.0
#define MARGIN_BOTTOM 22.0
#define WRITES_SLO_MS 300.0
#define READS_SLO_MS 150.0

typedef struct
{
  double elapsed_s;
  double ms[N_SERIES];
} Sample;

struct _DdLatencyChart
{
  GtkDrawingArea parent_instance;

  GArray *samples;
  double total_s;
  double peak[N_SERIES];
};

G_DEFINE_FINAL_TYPE (DdLatencyChart, dd_latency_chart, GTK_TYPE_DRAWING_AREA)

/* chat (blue), overlay reads (green), checkout (orange): GNOME palette */
static const GdkRGBA series_colors[N_SERIES] = {
  { 0.21, 0.52, 0.89, 1 },
  { 0.18, 0.76, 0.49, 1 },
  { 0.90, 0.38, 0.00, 1 },
};

static const char *
series_name (guint series)
{
  const char *names[N_SERIES] = { N_("Chat"), N_("Overlay reads"), N_("Checkout") };

  return _(names[series]);
}

static double
axis_top (DdLatencyChart *self)
{
  double peak = WRITES_SLO_MS * 4 / 3;

  for (guint i = 0; i < N_SERIES; i++)
    peak = MAX (peak, self->peak[i]);
  /* 400, 1000, 2000, 5000, ... */
  for (double step = 1000; ; step *= 10)
    {
      if (peak <= 400)
        return 400;
      if (peak <= step)
        return step;
      if (peak <= step * 2)
        return step * 2;
      if (peak <= step * 5)
        return step * 5;
    }
}

static void
draw_text (GtkWidget *widget,
           cairo_t   *cr,
           double     x,
           double     y,
           const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_slo (DdLatencyChart *self,
          cairo_t        *cr,
          const GdkRGBA  *fg,
          double          ms,
          double          top,
          int             width,
          double          plot_height,
          const char     *label)
{
  double y = floor (plot_height - ms / top * plot_height) + 0.5;
  const double dash[] = { 4, 4 };

  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.45);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_move_to (cr, MARGIN_LEFT, y);
  cairo_line_to (cr, width, y);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  draw_text (GTK_WIDGET (self), cr, 2, y - 9, label);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  DdLatencyChart *self = DD_LATENCY_CHART (area);
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (area));
  double plot_height = height - MARGIN_BOTTOM;
  double plot_width = width - MARGIN_LEFT;
  double top = axis_top (self);
  double total = MAX (self->total_s, 1);
  g_autofree char *top_label = g_strdup_printf (_("%.0f ms"), top);
  double legend_x = MARGIN_LEFT;
  GdkRGBA fg;

  gtk_style_context_get_color (context, &fg);
  cairo_set_line_width (cr, 1.0);

  /* Axes */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.25);
  cairo_move_to (cr, MARGIN_LEFT + 0.5, 0);
  cairo_line_to (cr, MARGIN_LEFT + 0.5, plot_height + 0.5);
  cairo_line_to (cr, width, plot_height + 0.5);
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
  draw_text (GTK_WIDGET (self), cr, 2, 0, top_label);

  draw_slo (self, cr, &fg, WRITES_SLO_MS, top, width, plot_height, _("300 ms"));
  draw_slo (self, cr, &fg, READS_SLO_MS, top, width, plot_height, _("150 ms"));

  /* The series: a line through the samples that had a value. */
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < N_SERIES; s++)
    {
      gboolean started = FALSE;

      for (guint i = 0; i < self->samples->len; i++)
        {
          Sample *sample = &g_array_index (self->samples, Sample, i);
          double x = MARGIN_LEFT + MIN (sample->elapsed_s / total, 1) * plot_width;
          double y = plot_height - MIN (sample->ms[s] / top, 1) * plot_height;

          if (sample->ms[s] <= 0)
            continue;
          if (!started)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
          started = TRUE;
        }
      if (!started)
        continue;
      gdk_cairo_set_source_rgba (cr, &series_colors[s]);
      cairo_stroke (cr);
    }

  /* Legend under the plot */
  for (guint s = 0; s < N_SERIES; s++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), series_name (s));
      int text_width;

      gdk_cairo_set_source_rgba (cr, &series_colors[s]);
      cairo_rectangle (cr, legend_x, plot_height + 9, 12, 4);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.85);
      cairo_move_to (cr, legend_x + 16, plot_height + 3);
      pango_cairo_show_layout (cr, layout);
      pango_layout_get_pixel_size (layout, &text_width, NULL);
      legend_x += 16 + text_width + 18;
    }
}

static void
update_accessible_label (DdLatencyChart *self)
{
  Sample *last = self->samples->len > 0 ? &g_array_index (self->samples, Sample, self->samples->len - 1) : NULL;
  /* Translators: the latency chart read aloud */
  g_autofree char *label = g_strdup_printf (_("Latency p95: chat %.0f ms, overlay reads %.0f ms, checkout %.0f ms"),
                                            last != NULL ? last->ms[0] : 0, last != NULL ? last->ms[1] : 0,
                                            last != NULL ? last->ms[2] : 0);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
dd_latency_chart_finalize (GObject *object)
{
  DdLatencyChart *self = DD_LATENCY_CHART (object);

  g_array_unref (self->samples);
  G_OBJECT_CLASS (dd_latency_chart_parent_class)->finalize (object);
}

static void
dd_latency_chart_class_init (DdLatencyChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dd_latency_chart_finalize;
  gtk_widget_class_set_css_name (widget_class, "latencychart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dd_latency_chart_init (DdLatencyChart *self)
{
  self->samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 180);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 360);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_cb, NULL, NULL);
  update_accessible_label (self);
}

GtkWidget *
dd_latency_chart_new (void)
{
  return g_object_new (DD_TYPE_LATENCY_CHART, NULL);
}

void
dd_latency_chart_set_total (DdLatencyChart *self,
                            double          total_s)
{
  g_return_if_fail (DD_IS_LATENCY_CHART (self));

  self->total_s = total_s;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dd_latency_chart_push (DdLatencyChart *self,
                       double          elapsed_s,
                       double          chat_ms,
                       double          overlay_ms,
                       double          checkout_ms)
{
  Sample sample = { elapsed_s, { chat_ms, overlay_ms, checkout_ms } };

  g_return_if_fail (DD_IS_LATENCY_CHART (self));

  for (guint i = 0; i < N_SERIES; i++)
    {
      if (!isfinite (sample.ms[i]) || sample.ms[i] < 0)
        sample.ms[i] = 0;
      self->peak[i] = MAX (self->peak[i], sample.ms[i]);
    }
  g_array_append_val (self->samples, sample);
  update_accessible_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
dd_latency_chart_get_n_samples (DdLatencyChart *self)
{
  g_return_val_if_fail (DD_IS_LATENCY_CHART (self), 0);

  return self->samples->len;
}
