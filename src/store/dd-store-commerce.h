/* dd-store-commerce.h — the commerce feed beyond the catalog, cached
 *
 * Promotions with their campaign's time window (the time-locked incentives
 * the squad runs), the refund limit each role may approve and whether
 * returns are open (the returns policy), and the entities a full
 * reconciliation no longer found remotely. Orders are kept by
 * dd_store_save_orders_async() / dd_store_load_orders_async() (dd-store.h):
 * one DdOrder per order line, id "ORDER/LINE", offer id = the variant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-offer.h"
#include "dd-promotion.h"
#include "dd-store.h"

G_BEGIN_DECLS

/* Replaces every cached promotion with `promotions` (DdPromotion
 * pointers) in one transaction: the set is pulled in full, so one missing
 * now was deleted remotely. An offer linked to a promotion's campaign
 * takes the campaign's window as the engine holds it, unless a window of
 * its own is still on its way there (pending or in conflict). Finish with
 * dd_store_save_finish(). */
void     dd_store_save_promotions_async    (DdStore              *self,
                                            GPtrArray            *promotions,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* Oldest window first. Finish with dd_store_load_finish(): DdPromotion
 * pointers. */
void     dd_store_load_promotions_async    (DdStore              *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);

/* Replaces the returns policy in one transaction. Finish with
 * dd_store_save_finish(). */
void     dd_store_save_refund_policy_async (DdStore              *self,
                                            const DdRefundPolicy *policy,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* NULL without an error when none was ever pulled. */
void     dd_store_load_refund_policy_async (DdStore              *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
DdRefundPolicy *dd_store_load_refund_policy_finish (DdStore       *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);

/* What a reconciliation of the offers found. */
typedef struct
{
  guint gone;         /* offers whose product is no longer remote, newly marked */
  guint kept_local;   /* of those, ones whose local edits were kept */
  guint back;         /* offers marked gone before that exist again */
} DdReconcileSummary;

/* Compares the offers that have a remote id with `remote_ids` (every
 * product id the engine has now, char pointers) in one transaction: an
 * offer whose product is missing is marked gone (remote_gone), with
 * `kept_local` when its sync state is not synced — nothing of the offer
 * or its outbox entries is changed, so no edit is lost; one that is back
 * is unmarked. Finish with dd_store_reconcile_offers_finish(). */
void     dd_store_reconcile_offers_async   (DdStore              *self,
                                            GPtrArray            *remote_ids,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean dd_store_reconcile_offers_finish  (DdStore              *self,
                                            GAsyncResult         *result,
                                            DdReconcileSummary   *summary,
                                            GError              **error);
/* Ids of the offers marked gone, in order. Finish with
 * dd_store_load_finish(): char pointers. */
void     dd_store_list_gone_offers_async   (DdStore              *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);

/* What the sync column shows of an offer that is not simply synced. */
typedef struct
{
  char        *offer_id;
  DdSyncState  sync_state;
  gboolean     gone;        /* its product was deleted remotely */
} DdOfferSyncMark;

void     dd_offer_sync_mark_free           (DdOfferSyncMark      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdOfferSyncMark, dd_offer_sync_mark_free)

/* The sync state and gone mark of every offer that is pending, conflicted,
 * rejected or gone, in one read; an offer not listed is synced and still
 * remote. Finish with dd_store_load_finish(): DdOfferSyncMark pointers. */
void     dd_store_list_offer_sync_async    (DdStore              *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);

G_END_DECLS
