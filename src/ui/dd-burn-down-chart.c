/* dd-burn-down-chart.c — stock over time per hub for the live offer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dd-burn-down-chart.h"
#include "dd-core.h"

#define MIN_SPAN_US     (60 * G_USEC_PER_SEC)
#define LEGEND_WIDTH    168
#define MAX_HUB_LINES   8
#define TITLE_HEIGHT    20

struct _DdBurnDownChart
{
  GtkDrawingArea  parent_instance;

  DdStockHistory *history;
  GListModel     *offers;
  GListModel     *hubs;
  DdOffer        *offer;      /* the one shown; borrowed from offers */
  char           *summary;
};

G_DEFINE_FINAL_TYPE (DdBurnDownChart, dd_burn_down_chart, GTK_TYPE_DRAWING_AREA)

/* Calm, distinct line colours that read on light and dark backgrounds. */
static const GdkRGBA palette[MAX_HUB_LINES] = {
  { 0.21, 0.52, 0.89, 1 }, { 0.90, 0.38, 0.00, 1 }, { 0.15, 0.64, 0.41, 1 }, { 0.57, 0.25, 0.67, 1 },
  { 0.75, 0.11, 0.16, 1 }, { 0.00, 0.60, 0.65, 1 }, { 0.60, 0.50, 0.10, 1 }, { 0.45, 0.45, 0.45, 1 },
};

static const char *
hub_name (DdBurnDownChart *self,
          const char      *hub_id)
{
  guint n = self->hubs != NULL ? g_list_model_get_n_items (self->hubs) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdHub) hub = g_list_model_get_item (self->hubs, i);

      if (g_strcmp0 (dd_hub_get_id (hub), hub_id) == 0)
        return dd_hub_get_name (hub);   /* the model keeps the hub */
    }

  return hub_id;
}

static DdOffer *
choose_offer (DdBurnDownChart *self)
{
  guint n = self->offers != NULL ? g_list_model_get_n_items (self->offers) : 0;
  DdOffer *best = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (self->offers, i);

      if (dd_offer_get_state (offer) != DD_OFFER_STATE_LIVE || dd_offer_get_sku (offer) == NULL)
        continue;
      if (best == NULL || dd_offer_get_units_sold (offer) > dd_offer_get_units_sold (best))
        best = offer;   /* the model keeps the offer */
    }

  return best;
}

static void
update (DdBurnDownChart *self)
{
  g_autoptr(GString) summary = g_string_new (NULL);

  self->offer = choose_offer (self);

  if (self->offer == NULL || self->history == NULL)
    {
      g_string_assign (summary, _("No live offer"));
    }
  else
    {
      g_auto(GStrv) hubs = dd_stock_history_dup_hubs (self->history, dd_offer_get_sku (self->offer));

      /* Translators: the start of the burn-down chart's description,
       * followed by "Mitte 12, Kreuzberg 8" */
      g_string_printf (summary, _("Stock of %s per hub:"), dd_offer_get_title (self->offer));
      for (guint i = 0; hubs[i] != NULL; i++)
        {
          guint n;
          const DdStockPoint *points = dd_stock_history_get_points (self->history, dd_offer_get_sku (self->offer),
                                                                    hubs[i], &n);

          g_string_append_printf (summary, "%s %s %lld", i == 0 ? "" : ",", hub_name (self, hubs[i]),
                                  n > 0 ? (long long) points[n - 1].units : 0LL);
        }
    }

  if (g_strcmp0 (self->summary, summary->str) != 0)
    {
      g_free (self->summary);
      self->summary = g_string_free (g_steal_pointer (&summary), FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary, -1);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
history_changed_cb (DdStockHistory  *history,
                    const char      *sku,
                    DdBurnDownChart *self)
{
  if (self->offer == NULL || g_strcmp0 (sku, dd_offer_get_sku (self->offer)) == 0)
    update (self);
}

static void
offers_changed_cb (GListModel      *model,
                   guint            position,
                   guint            removed,
                   guint            added,
                   DdBurnDownChart *self)
{
  update (self);
}

/* A round upper bound for the axis, close above the value: 10, 15, 20, 25,
 * 30, 40, 50, 60, 80, 100, 150, ... */
static double
nice_ceiling (double value)
{
  static const double steps[] = { 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0 };
  double scale = 10.0;

  for (;;)
    {
      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        if (steps[i] * scale >= value)
          return steps[i] * scale;
      scale *= 10;
    }
}

static void
draw_text (GtkWidget     *widget,
           cairo_t       *cr,
           const char    *text,
           double         x,
           double         y,
           const GdkRGBA *color,
           double         max_width)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

  pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  DdBurnDownChart *self = DD_BURN_DOWN_CHART (area);
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (area));
  g_auto(GStrv) hubs = NULL;
  const char *sku;
  gint64 now = g_get_real_time (), oldest = now;
  double top = 0, plot_width = MAX (width - LEGEND_WIDTH, 40), plot_height = MAX (height - 2 - TITLE_HEIGHT, 10);
  GdkRGBA fg;

  gtk_style_context_get_color (context, &fg);

  /* Grid: a base line and a half line, faint (as the rate chart). */
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
  cairo_move_to (cr, 0, height - 0.5);
  cairo_line_to (cr, plot_width, height - 0.5);
  cairo_move_to (cr, 0, floor (height / 2.0) + 0.5);
  cairo_line_to (cr, plot_width, floor (height / 2.0) + 0.5);
  cairo_stroke (cr);

  if (self->offer == NULL || self->history == NULL)
    {
      GdkRGBA dim = { fg.red, fg.green, fg.blue, 0.55 };

      draw_text (GTK_WIDGET (area), cr, _("No live offer"), 4, height / 2.0 - 18, &dim, width);
      return;
    }

  {
    GdkRGBA dim = { fg.red, fg.green, fg.blue, 0.65 };

    draw_text (GTK_WIDGET (area), cr, dd_offer_get_title (self->offer), 0, 0, &dim, plot_width);
  }

  sku = dd_offer_get_sku (self->offer);
  hubs = dd_stock_history_dup_hubs (self->history, sku);
  for (guint h = 0; hubs[h] != NULL; h++)
    {
      guint n;
      const DdStockPoint *points = dd_stock_history_get_points (self->history, sku, hubs[h], &n);

      for (guint i = 0; i < n; i++)
        {
          top = MAX (top, points[i].units);
          oldest = MIN (oldest, points[i].time_us);
        }
    }
  top = nice_ceiling (top);
  oldest = MIN (oldest, now - MIN_SPAN_US);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 2.0);
  for (guint h = 0; hubs[h] != NULL && h < MAX_HUB_LINES; h++)
    {
      guint n;
      const DdStockPoint *points = dd_stock_history_get_points (self->history, sku, hubs[h], &n);
      const GdkRGBA *color = &palette[h];
      g_autofree char *legend = NULL;
      double y = 0;

      /* A step line: stock holds its value until the next sample, and the
       * last one holds until now. */
      for (guint i = 0; i < n; i++)
        {
          double x = (double) (points[i].time_us - oldest) / (double) (now - oldest) * plot_width;

          y = height - 1 - points[i].units / top * (plot_height - 1);
          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
          if (i + 1 < n)
            cairo_line_to (cr, (double) (points[i + 1].time_us - oldest) / (double) (now - oldest) * plot_width, y);
        }
      if (n > 0)
        cairo_line_to (cr, plot_width, y);
      gdk_cairo_set_source_rgba (cr, color);
      cairo_stroke (cr);

      /* Legend: a swatch, the hub and its stock now. */
      cairo_rectangle (cr, plot_width + 10, 6 + h * 18, 8, 8);
      cairo_fill (cr);
      legend = g_strdup_printf ("%s %lld", hub_name (self, hubs[h]), n > 0 ? (long long) points[n - 1].units : 0LL);
      draw_text (GTK_WIDGET (area), cr, legend, plot_width + 22, h * 18, &fg, LEGEND_WIDTH - 24);
    }
}

static void
dd_burn_down_chart_dispose (GObject *object)
{
  DdBurnDownChart *self = DD_BURN_DOWN_CHART (object);

  dd_burn_down_chart_set_sources (self, NULL, NULL, NULL);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (dd_burn_down_chart_parent_class)->dispose (object);
}

static void
dd_burn_down_chart_class_init (DdBurnDownChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_burn_down_chart_dispose;
  gtk_widget_class_set_css_name (widget_class, "burndownchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dd_burn_down_chart_init (DdBurnDownChart *self)
{
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 150);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 300);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_cb, NULL, NULL);
  update (self);
}

GtkWidget *
dd_burn_down_chart_new (void)
{
  return g_object_new (DD_TYPE_BURN_DOWN_CHART, NULL);
}

void
dd_burn_down_chart_set_sources (DdBurnDownChart *self,
                                DdStockHistory  *history,
                                GListModel      *offers,
                                GListModel      *hubs)
{
  g_return_if_fail (DD_IS_BURN_DOWN_CHART (self));

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  if (self->offers != NULL)
    g_signal_handlers_disconnect_by_data (self->offers, self);
  g_set_object (&self->history, history);
  g_set_object (&self->offers, offers);
  g_set_object (&self->hubs, hubs);
  if (history != NULL)
    g_signal_connect_object (history, "changed", G_CALLBACK (history_changed_cb), self, 0);
  if (offers != NULL)
    g_signal_connect_object (offers, "items-changed", G_CALLBACK (offers_changed_cb), self, 0);
  update (self);
}

gpointer
dd_burn_down_chart_get_offer (DdBurnDownChart *self)
{
  g_return_val_if_fail (DD_IS_BURN_DOWN_CHART (self), NULL);

  return self->offer;
}

const char *
dd_burn_down_chart_get_summary (DdBurnDownChart *self)
{
  g_return_val_if_fail (DD_IS_BURN_DOWN_CHART (self), NULL);

  return self->summary;
}

void
dd_burn_down_chart_set_session (DdBurnDownChart *self,
                                DdDropSession   *session)
{
  g_autoptr(DdStockHistory) history = NULL;

  g_return_if_fail (DD_IS_BURN_DOWN_CHART (self));

  if (self->history != NULL)
    dd_stock_history_set_stock (self->history, NULL);
  if (session == NULL)
    {
      dd_burn_down_chart_set_sources (self, NULL, NULL, NULL);
      return;
    }

  history = dd_stock_history_new (DD_STOCK_HISTORY_DEFAULT_POINTS);
  dd_stock_history_set_stock (history, dd_drop_session_get_stock (session));
  dd_burn_down_chart_set_sources (self, history, dd_drop_session_get_offers (session),
                                  dd_drop_session_get_hubs (session));
}
