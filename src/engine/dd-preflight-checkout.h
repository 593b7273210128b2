/* dd-preflight-checkout.h — the preflight's checkout probe: a whole
 * checkout through a Medusa v2 store API
 *
 * Prepared once per run: the store's first region (its first country is
 * the shipping address's), the variant to buy (given, or the first one the
 * store lists) and the first shipping option the store offers a cart like
 * the probe's. Every probe then buys one unit as a guest the way a shop
 * front does: a cart with the item, the address and the email; the
 * shipping method; a payment collection; a session with Medusa's built-in
 * system payment provider; completion, which must answer an order.
 *
 * Every request carries the publishable key (x-publishable-api-key) and
 * "X-Dropdeck-Synthetic: <tag>"; every cart carries metadata
 * {"dropdeck_synthetic": "<tag>"}, which Medusa copies to the order, so
 * the order feed never counts it as a sale (dd_medusa_order_is_synthetic()).
 *
 * Runs on the thread-default context of the caller, with its SoupSession.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _DdPreflightCheckout DdPreflightCheckout;

/* Called after each request of a probe that Medusa answered with success,
 * with the request's latency. */
typedef void (*DdPreflightCheckoutStepFunc) (gint64   latency_us,
                                             gpointer user_data);

/* `store_url` is the store's base address (http://127.0.0.1:9000), not a
 * route; `variant_id` may be NULL. */
DdPreflightCheckout *dd_preflight_checkout_new            (SoupSession                 *session,
                                                           const char                  *store_url,
                                                           const char                  *publishable_key,
                                                           const char                  *variant_id,
                                                           const char                  *tag);
void                 dd_preflight_checkout_free           (DdPreflightCheckout         *self);

/* Finds the region, the variant and the shipping option; an error names
 * what the store refused or lacks (a wrong publishable key, no region, no
 * shipping to the region's country). */
void                 dd_preflight_checkout_prepare_async  (DdPreflightCheckout         *self,
                                                           GCancellable                *cancellable,
                                                           GAsyncReadyCallback          callback,
                                                           gpointer                     user_data);
gboolean             dd_preflight_checkout_prepare_finish (DdPreflightCheckout         *self,
                                                           GAsyncResult                *result,
                                                           GError                     **error);
/* The prepared summary for the report: region, variant, shipping option. */
const char          *dd_preflight_checkout_describe       (DdPreflightCheckout         *self);

/* One checkout. Only after a successful prepare. */
void                 dd_preflight_checkout_run_async      (DdPreflightCheckout         *self,
                                                           DdPreflightCheckoutStepFunc  step,
                                                           gpointer                     step_data,
                                                           GCancellable                *cancellable,
                                                           GAsyncReadyCallback          callback,
                                                           gpointer                     user_data);
/* The order's id, or NULL with an error naming the step that failed and
 * what Medusa said. */
char                *dd_preflight_checkout_run_finish     (GAsyncResult                *result,
                                                           GError                     **error);

G_END_DECLS
