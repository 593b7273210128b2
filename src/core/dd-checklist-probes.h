/* dd-checklist-probes.h — the checks behind automated checklist items that
 * need nothing but the drop's own data
 *
 * Each returns whether the check passed and writes its evidence, a text for
 * people that the item keeps with its pass or fail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The probe id of dd_checklist_probe_stock_allocation(). */
#define DD_CHECKLIST_PROBE_STOCK_ALLOCATION "stock-allocation"

/* Every hub's allocation fits its stock (on hand minus reserved), and every
 * SKU on hand is allocated at some hub (otherwise it cannot be sold);
 * `levels` is a GListModel of DdStockLevel. The evidence counts hubs,
 * levels and units; a failure names up to five problems. No stock at all
 * fails: there is nothing to sell. */
gboolean dd_checklist_probe_stock_allocation (GListModel  *levels,
                                              char       **evidence);

G_END_DECLS
