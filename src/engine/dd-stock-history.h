/* dd-stock-history.h — a bounded history of stock per SKU and hub
 *
 * Watches a stock model (DdStockLevel) and records, whenever a level
 * changes, the units still to sell there (on hand minus reserved) with the
 * time. Samples less than a second apart replace each other; each series
 * keeps at most max_points, dropping the oldest. It feeds burn-down charts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DD_STOCK_HISTORY_DEFAULT_POINTS 240

typedef struct
{
  gint64 time_us;   /* real time, µs since the epoch */
  gint64 units;     /* on hand - reserved */
} DdStockPoint;

#define DD_TYPE_STOCK_HISTORY (dd_stock_history_get_type ())

G_DECLARE_FINAL_TYPE (DdStockHistory, dd_stock_history, DD, STOCK_HISTORY, GObject)

DdStockHistory     *dd_stock_history_new         (guint max_points);
/* Starts watching `stock` (NULL stops), recording each level's current
 * units first. */
void                dd_stock_history_set_stock   (DdStockHistory *self,
                                                  GListModel     *stock);
/* Records one sample (the watcher calls this; tests may too). Negative
 * units count as zero. */
void                dd_stock_history_record      (DdStockHistory *self,
                                                  const char     *sku,
                                                  const char     *hub_id,
                                                  gint64          time_us,
                                                  gint64          units);
/* The hubs with a series for `sku`, sorted; free with g_strfreev. */
char              **dd_stock_history_dup_hubs    (DdStockHistory *self,
                                                  const char     *sku);
/* The series of one SKU at one hub, oldest first; NULL and 0 when none. */
const DdStockPoint *dd_stock_history_get_points  (DdStockHistory *self,
                                                  const char     *sku,
                                                  const char     *hub_id,
                                                  guint          *n_points);

/* Signal "changed" (const char *sku): a series of that SKU changed. */

G_END_DECLS
