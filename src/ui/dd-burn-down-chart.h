/* dd-burn-down-chart.h — stock over time per hub for the live offer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dd-drop-session.h"
#include "dd-stock-history.h"

G_BEGIN_DECLS

#define DD_TYPE_BURN_DOWN_CHART (dd_burn_down_chart_get_type ())

G_DECLARE_FINAL_TYPE (DdBurnDownChart, dd_burn_down_chart, DD, BURN_DOWN_CHART, GtkDrawingArea)

GtkWidget  *dd_burn_down_chart_new          (void);
/* history: the stock samples; offers (DdOffer): the chart follows the live
 * offer that has sold the most; hubs (DdHub): names for the legend. Any may
 * be NULL. */
void        dd_burn_down_chart_set_sources  (DdBurnDownChart *self,
                                             DdStockHistory  *history,
                                             GListModel      *offers,
                                             GListModel      *hubs);
/* The same from a drop session, with a history of its own that starts now;
 * NULL clears the chart. */
void        dd_burn_down_chart_set_session  (DdBurnDownChart *self,
                                             DdDropSession   *session);
/* The offer shown (a DdOffer), or NULL when none is live. */
gpointer    dd_burn_down_chart_get_offer    (DdBurnDownChart *self);
/* What the chart says, as its accessible label does: "Stock of Blue tee
 * per hub: Mitte 12, Kreuzberg 8" or "No live offer". */
const char *dd_burn_down_chart_get_summary  (DdBurnDownChart *self);

G_END_DECLS
