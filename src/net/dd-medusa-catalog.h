/* dd-medusa-catalog.h — Medusa v2 Admin API lists -> Dropdeck's catalog
 *
 * Pure mappers over parsed JSON (no I/O): products with their variants and
 * prices become offers (one per variant), stock locations become hubs (the
 * hub data lives in the location's metadata, since Medusa has no
 * coordinates), inventory items with their location levels become stock
 * levels. Extra fields are ignored; a missing or invalid field fails with
 * DD_NET_ERROR_PROTOCOL naming the product, variant or location.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "dd-core.h"

G_BEGIN_DECLS

/* A list answer: {"<member>": [...], "count": N, "offset": N, "limit": N}.
 * *items points into `root`. */
gboolean   dd_medusa_page_parse                 (JsonNode    *root,
                                                 const char  *member,
                                                 JsonArray  **items,
                                                 gint64      *count,
                                                 GError     **error);

/* Appends one DdOffer per variant of each product: id = the variant's id,
 * remote id = the product's id, SKU = the variant's SKU, title = the
 * product's title (with the variant's title when the product has more than
 * one variant), price = the variant's price in `currency` (one without
 * price rules first), state = draft for draft products, scheduled for
 * published ones, or the nick in metadata.dropdeck_state. */
gboolean   dd_medusa_offers_from_products       (JsonArray   *products,
                                                 const char  *currency,
                                                 GPtrArray   *offers,
                                                 GError     **error);
/* Appends one DdHub per stock location. Metadata: latitude and longitude
 * (required, numbers or numeric strings), capacity_per_hour, couriers,
 * cutoff_minute (minutes after local midnight), address (otherwise built
 * from the location's address), open (boolean). */
gboolean   dd_medusa_hubs_from_stock_locations  (JsonArray   *locations,
                                                 GPtrArray   *hubs,
                                                 GError     **error);
/* Appends one DdStockLevel per location level of each inventory item:
 * hub id = location_id, on hand = stocked_quantity, reserved =
 * reserved_quantity. Items without a SKU are skipped: no offer can point at
 * them. */
gboolean   dd_medusa_stock_from_inventory_items (JsonArray   *items,
                                                 GPtrArray   *stock,
                                                 GError     **error);

G_END_DECLS
