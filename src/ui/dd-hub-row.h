/* dd-hub-row.h — one micro-hub in the Hubs list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dd-core.h"

G_BEGIN_DECLS

#define DD_TYPE_HUB_ROW (dd_hub_row_get_type ())

G_DECLARE_FINAL_TYPE (DdHubRow, dd_hub_row, DD, HUB_ROW, AdwActionRow)

GtkWidget *dd_hub_row_new           (DdHub *hub);
DdHub     *dd_hub_row_get_hub       (DdHubRow *self);
/* Units on hand and reserved by orders (to pick), summed over the hub's
 * SKUs. The bar shows the units still to sell (on hand less reserved) of
 * those on hand: units allocated to live offers are still to sell. */
void       dd_hub_row_set_stock     (DdHubRow *self,
                                     gint64    on_hand,
                                     gint64    reserved);
/* What the stock bar shows, 0.0 to 1.0. */
double     dd_hub_row_get_stock_fraction (DdHubRow *self);
/* "212 of 308 left" and "41 to pick". */
const char *dd_hub_row_get_stock_text (DdHubRow *self);
const char *dd_hub_row_get_pick_text  (DdHubRow *self);

G_END_DECLS
