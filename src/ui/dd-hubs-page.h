/* dd-hubs-page.h — the Hubs page: micro-hubs with capacity and stock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-page.h"

G_BEGIN_DECLS

#define DD_TYPE_HUBS_PAGE (dd_hubs_page_get_type ())

G_DECLARE_FINAL_TYPE (DdHubsPage, dd_hubs_page, DD, HUBS_PAGE, DdPage)

GtkWidget *dd_hubs_page_new            (void);
/* Sums the stock model again and updates every row. */
void       dd_hubs_page_refresh_stock  (DdHubsPage *self);

G_END_DECLS
