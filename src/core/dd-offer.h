/* dd-offer.h — an offer the squad puts in front of buyers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dd-money.h"

G_BEGIN_DECLS

typedef enum
{
  DD_OFFER_STATE_DRAFT,
  DD_OFFER_STATE_SCHEDULED,
  DD_OFFER_STATE_LIVE,
  DD_OFFER_STATE_PAUSED,
  DD_OFFER_STATE_SOLD_OUT,
  DD_OFFER_STATE_ENDED,
  DD_OFFER_STATE_CANCELLED,
} DdOfferState;

typedef enum
{
  DD_LATENCY_BUCKET_TWO_HOURS,  /* ships within 2 h from one hub */
  DD_LATENCY_BUCKET_SAME_DAY,
  DD_LATENCY_BUCKET_NEXT_DAY,
  DD_LATENCY_BUCKET_POST_DROP,  /* post-drop follow-up */
} DdLatencyBucket;

typedef enum
{
  DD_SYNC_STATE_SYNCED,
  DD_SYNC_STATE_PENDING,
  DD_SYNC_STATE_CONFLICTED,
  DD_SYNC_STATE_REJECTED,
} DdSyncState;

typedef struct
{
  char *sku;
  guint quantity;
} DdBundleComponent;

#define DD_TYPE_OFFER (dd_offer_get_type ())

G_DECLARE_FINAL_TYPE (DdOffer, dd_offer, DD, OFFER, GObject)

DdOffer        *dd_offer_new                   (const char *id,
                                                const char *title,
                                                const char *sku);
DdOffer        *dd_offer_copy                  (DdOffer *self);

const char     *dd_offer_get_id                (DdOffer *self);
const char     *dd_offer_get_title             (DdOffer *self);
void            dd_offer_set_title             (DdOffer    *self,
                                                const char *title);
const char     *dd_offer_get_sku               (DdOffer *self);
/* The commerce engine's product id, NULL until synced. */
const char     *dd_offer_get_remote_id         (DdOffer *self);
void            dd_offer_set_remote_id         (DdOffer    *self,
                                                const char *remote_id);
const DdMoney  *dd_offer_get_price             (DdOffer *self);
void            dd_offer_set_price             (DdOffer       *self,
                                                const DdMoney *price);
/* The "was" price; NULL when the offer makes no such claim. */
const DdMoney  *dd_offer_get_compare_at_price  (DdOffer *self);
void            dd_offer_set_compare_at_price  (DdOffer       *self,
                                                const DdMoney *price);
DdOfferState    dd_offer_get_state             (DdOffer *self);
void            dd_offer_set_state             (DdOffer      *self,
                                                DdOfferState  state);
/* Incentive window in microseconds since the Unix epoch (UTC); 0 = unset. */
gint64          dd_offer_get_window_start      (DdOffer *self);
gint64          dd_offer_get_window_end        (DdOffer *self);
void            dd_offer_set_window            (DdOffer *self,
                                                gint64   start_us,
                                                gint64   end_us);
guint           dd_offer_get_per_buyer_cap     (DdOffer *self);
void            dd_offer_set_per_buyer_cap     (DdOffer *self,
                                                guint    cap);
/* Units allocated to this offer over all hubs. */
guint           dd_offer_get_stock_allocated   (DdOffer *self);
void            dd_offer_set_stock_allocated   (DdOffer *self,
                                                guint    units);
guint           dd_offer_get_units_sold        (DdOffer *self);
void            dd_offer_set_units_sold        (DdOffer *self,
                                                guint    units);
DdLatencyBucket dd_offer_get_latency_bucket    (DdOffer *self);
void            dd_offer_set_latency_bucket    (DdOffer         *self,
                                                DdLatencyBucket  bucket);
DdSyncState     dd_offer_get_sync_state        (DdOffer *self);
void            dd_offer_set_sync_state        (DdOffer     *self,
                                                DdSyncState  state);
/* TRUE when the commerce engine no longer has the offer's product (a
 * reconciliation found it deleted): nothing can be pushed to it. */
gboolean        dd_offer_get_remote_gone       (DdOffer  *self);
void            dd_offer_set_remote_gone       (DdOffer  *self,
                                                gboolean  gone);

gboolean        dd_offer_is_bundle             (DdOffer *self);
guint           dd_offer_get_n_components      (DdOffer *self);
const DdBundleComponent *
                dd_offer_get_component         (DdOffer *self,
                                                guint    index);
/* Refuses a component that is the bundle itself or a quantity of zero. */
gboolean        dd_offer_add_component         (DdOffer     *self,
                                                const char  *sku,
                                                guint        quantity,
                                                GError     **error);

/* Makes the offer a single product again. */
void            dd_offer_clear_components      (DdOffer     *self);

/* Checks the invariants a saved offer must hold: a title, a known
 * currency, a compare-at price in the same currency and above the price,
 * a window that ends after it starts. The error names the field. */
gboolean        dd_offer_validate              (DdOffer  *self,
                                                GError  **error);

const char     *dd_offer_state_to_nick         (DdOfferState state);
gboolean        dd_offer_state_from_nick       (const char   *nick,
                                                DdOfferState *out);
const char     *dd_offer_state_get_display_name (DdOfferState state);
const char     *dd_latency_bucket_to_nick      (DdLatencyBucket bucket);
gboolean        dd_latency_bucket_from_nick    (const char      *nick,
                                                DdLatencyBucket *out);
const char     *dd_latency_bucket_get_display_name (DdLatencyBucket bucket);

G_END_DECLS
