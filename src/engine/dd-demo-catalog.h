/* dd-demo-catalog.h — the seeded demo drop: offers, bundles, hubs, stock, checklists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dd-core.h"

G_BEGIN_DECLS

#define DD_TYPE_DEMO_CATALOG (dd_demo_catalog_get_type ())

G_DECLARE_FINAL_TYPE (DdDemoCatalog, dd_demo_catalog, DD, DEMO_CATALOG, GObject)

/* Builds a fresh copy of the demo drop; offer windows and checklist due
 * times are relative to `drop_start_us` (µs since the epoch, UTC). */
DdDemoCatalog *dd_demo_catalog_new             (gint64 drop_start_us);
const char    *dd_demo_catalog_get_title       (DdDemoCatalog *self);
gint64         dd_demo_catalog_get_start_time  (DdDemoCatalog *self);
/* Arrays owned by the catalog: DdOffer (singles, then bundles), DdHub,
 * DdStockLevel (one per hub and SKU carried there) and DdChecklist
 * (pre-drop, live, post-drop). */
GPtrArray     *dd_demo_catalog_get_offers      (DdDemoCatalog *self);
/* DdPriceRecord: the regular prices before the drop (the sale prices enter
 * the history when the offers are saved). */
GPtrArray     *dd_demo_catalog_get_price_history (DdDemoCatalog *self);
GPtrArray     *dd_demo_catalog_get_hubs        (DdDemoCatalog *self);
GPtrArray     *dd_demo_catalog_get_stock       (DdDemoCatalog *self);
GPtrArray     *dd_demo_catalog_get_checklists  (DdDemoCatalog *self);

G_END_DECLS
