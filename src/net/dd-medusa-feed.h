/* dd-medusa-feed.h — Medusa v2 orders, promotions and the returns policy -> Dropdeck
 *
 * Pure mappers (bytes already parsed, no I/O), fuzzed by
 * tests/fuzz/fuzz-medusa-feed.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "dd-core.h"

G_BEGIN_DECLS

/* The metadata member that marks a cart, and so the order made from it, as
 * synthetic traffic (the preflight's checkout probes): its value names the
 * run. Such orders never count as sales. */
#define DD_MEDUSA_SYNTHETIC_KEY "dropdeck_synthetic"

/* *synthetic: the order's metadata has DD_MEDUSA_SYNTHETIC_KEY. FALSE with
 * an error when the metadata is not an object. */
gboolean dd_medusa_order_is_synthetic    (JsonObject      *order,
                                          const char      *what,
                                          gboolean        *synthetic,
                                          GError         **error);

/* Appends one DdOrder per line of each order (id "ORDER/LINE", offer id
 * the variant's id, hub the location of the line's fulfilment when it has
 * one). Status: canceled -> cancelled, refunded payment -> refunded,
 * delivered, shipped, fulfilled -> picking, else placed. Lines without a
 * variant (custom items) and synthetic orders (the preflight's checkout
 * probes, dd_medusa_order_is_synthetic()) are skipped. Amounts in the order's currency.
 * *newest gets the newest updated_at seen (ISO 8601 text) when it is
 * later than what it holds. */
gboolean dd_medusa_orders_from_json      (JsonArray       *orders,
                                          GPtrArray       *out,
                                          char           **newest,
                                          GError         **error);
/* Appends one DdPromotion per promotion, with its campaign's window
 * (campaign.starts_at / ends_at). */
gboolean dd_medusa_promotions_from_json  (JsonArray       *promotions,
                                          GPtrArray       *out,
                                          GError         **error);
/* The returns policy kept in a Medusa store's metadata:
 * "dropdeck_returns_open" (true/false, or the text) and
 * "dropdeck_refund_limits" ({"producer": 50, "ops-lead": "120.5", ...},
 * major units of `currency`). Unknown roles are refused. A store without
 * either gives returns open and no limits. */
DdRefundPolicy *dd_medusa_refund_policy_from_store (JsonObject  *store,
                                                    const char  *currency,
                                                    GError     **error);
/* The ids of a list of objects (char pointers appended to `out`). */
gboolean dd_medusa_ids_from_json         (JsonArray       *items,
                                          GPtrArray       *out,
                                          GError         **error);
/* ISO 8601 (as Medusa writes it) to microseconds since the epoch; NULL or
 * "" give 0 (no time). */
gboolean dd_medusa_time_from_json        (JsonObject      *object,
                                          const char      *member,
                                          const char      *what,
                                          gint64          *out,
                                          GError         **error);

G_END_DECLS
