/* dd-medusa-store-api.h — reading the answers of Medusa v2's store API
 * (the shop front's routes a checkout goes through)
 *
 * Pure: a parsed answer in, ids out; no I/O, so the fuzz target runs them
 * on any input. Every refusal is a DD_NET_ERROR naming what is missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* GET /store/regions: the first region's id and its first country's
 * ISO 3166 code (lower case, as Medusa writes it). */
gboolean dd_medusa_store_region_from_json       (JsonObject  *answer,
                                                 char       **region_id,
                                                 char       **country,
                                                 GError     **error);
/* GET /store/products (with variants): the first variant of the first
 * product. */
char    *dd_medusa_store_first_variant          (JsonObject  *answer,
                                                 GError     **error);
/* GET /store/shipping-options?cart_id=…: the first option's id. */
char    *dd_medusa_store_first_shipping_option  (JsonObject  *answer,
                                                 GError     **error);
/* The id of answer[member], e.g. the "cart" of POST /store/carts or the
 * "payment_collection" of POST /store/payment-collections. */
char    *dd_medusa_store_object_id              (JsonObject  *answer,
                                                 const char  *member,
                                                 GError     **error);
/* POST /store/carts/:id/complete: the order's id when Medusa made one
 * ({"type": "order", "order": {...}}); otherwise an error with Medusa's
 * reason ({"type": "cart", "error": {"message": …}}). */
char    *dd_medusa_store_completed_order        (JsonObject  *answer,
                                                 GError     **error);

G_END_DECLS
