/* dd-bundle.h — bundle components as text, cycles through other bundles, and
 * the fulfilment latency bucket derived from where the components are stocked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-hub.h"
#include "dd-offer.h"
#include "dd-stock-level.h"

G_BEGIN_DECLS

/* Where an offer's components are stocked, and what that lets it promise. */
typedef struct
{
  DdLatencyBucket bucket;     /* the fastest honest bucket */
  gboolean        cross_hub;  /* in stock, but no single open hub holds every component */
} DdBundleFulfilment;

/* "AA12-WHT-42 × 1, CS05-WHT-OS × 2": the components as the editor shows
 * them; "" for an offer that is not a bundle. */
char     *dd_bundle_format_components (DdOffer     *offer);

/* Parses comma-separated components, each "SKU" (one unit) or "SKU × N"
 * ("x" and "*" work too), into `into`, whose components are replaced. The
 * same SKU twice adds up; empty text makes the offer a single product.
 * Refuses the bundle itself, a quantity of zero, non-numeric or overflowing
 * quantities and SKUs with spaces, with an error naming the field;
 * `into` is unchanged then. */
gboolean  dd_bundle_parse_components  (DdOffer     *into,
                                       const char  *text,
                                       GError     **error);

/* Refuses (DD_CORE_ERROR_INVALID_FIELD, naming the field and the path) a
 * bundle that contains itself directly or through other bundles in
 * `offers` (DdOffer; the bundle's own entry there is ignored in favour of
 * `bundle`'s components). */
gboolean  dd_bundle_check_no_cycle    (DdOffer     *bundle,
                                       GPtrArray   *offers,
                                       GError     **error);

/* The latency bucket `offer` can promise from the stock (DdStockLevel) at
 * the hubs (DdHub); "in stock" means on hand minus reserved covers the
 * component's quantity (1 for a plain offer):
 *  - two hours: one open hub holds every component;
 *  - same day: every component is in stock at open hubs, but split
 *    between them: a cross-hub pick (`cross_hub` set);
 *  - next day: every component is in stock, counting closed hubs;
 *  - post-drop follow-up otherwise. */
void      dd_bundle_derive_fulfilment (DdOffer            *offer,
                                       GPtrArray          *stock,
                                       GPtrArray          *hubs,
                                       DdBundleFulfilment *out);

G_END_DECLS
