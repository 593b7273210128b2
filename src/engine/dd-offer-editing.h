/* dd-offer-editing.h — a person's changes to offers: checked, stored, undoable
 *
 * Every change goes through here: the text is parsed and checked (field
 * rules, the lifecycle table, the prior-price and two-person rules), then the
 * live offer changes at once (marked pending) and one store transaction
 * writes the offer, an outbox entry and a ledger entry. A change that fails
 * a check changes nothing and names the field in its error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-core.h"
#include "dd-store.h"

G_BEGIN_DECLS

/* Who makes a change, when and why. `now` is µs since the epoch, 0 for
 * the current time. */
typedef struct
{
  const char *actor;
  DdRole      role;
  const char *reason;           /* or NULL */
  const char *chat_message_id;  /* the chat message it was made from, or NULL */
  gint64      now;
} DdOfferEditContext;

typedef enum
{
  DD_OFFER_EDIT_APPLIED,          /* stored: offer, outbox and ledger */
  DD_OFFER_EDIT_AWAITS_APPROVAL,  /* a large price drop: requested, not applied */
} DdOfferEditOutcome;

/* One line of the go-live check: a guard and whether it passed. */
typedef struct
{
  gboolean  passed;
  gboolean  warning;  /* passed, but buyers may notice (a short window) */
  char     *message;
} DdOfferCheck;

void dd_offer_check_free (DdOfferCheck *check);

#define DD_TYPE_OFFER_EDITING (dd_offer_editing_get_type ())

G_DECLARE_FINAL_TYPE (DdOfferEditing, dd_offer_editing, DD, OFFER_EDITING, GObject)

DdOfferEditing *dd_offer_editing_new                (DdStore *store);
DdStore        *dd_offer_editing_get_store          (DdOfferEditing *self);
/* A price drop of more than this many percent waits for a second member
 * (default DD_PRICE_DROP_DEFAULT_THRESHOLD). */
guint           dd_offer_editing_get_drop_threshold (DdOfferEditing *self);
void            dd_offer_editing_set_drop_threshold (DdOfferEditing *self,
                                                     guint           percent);

/* Sets `field` of `offer` from what a person typed. TITLE, PRICE,
 * COMPARE_AT_PRICE (empty text removes the "was" price), PER_BUYER_CAP,
 * STOCK and WINDOW ("20:40 – 21:50", local times today; a window that has
 * started counting down cannot be restarted or extended). A price drop beyond the threshold is recorded in the ledger as a
 * request and finishes with DD_OFFER_EDIT_AWAITS_APPROVAL. */
void            dd_offer_editing_set_field_async    (DdOfferEditing           *self,
                                                     DdOffer                  *offer,
                                                     DdOfferField              field,
                                                     const char               *text,
                                                     const DdOfferEditContext *context,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data);
/* Moves `offer` to `to` through the lifecycle table. */
void            dd_offer_editing_transition_async   (DdOfferEditing           *self,
                                                     DdOffer                  *offer,
                                                     DdOfferState              to,
                                                     const DdOfferEditContext *context,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data);
/* Approves (and applies) or declines the pending price drop of `offer`;
 * both are ledger entries. Refused for the requester and for roles that
 * may not approve prices. */
void            dd_offer_editing_decide_async       (DdOfferEditing           *self,
                                                     DdOffer                  *offer,
                                                     gboolean                  approve,
                                                     const DdOfferEditContext *context,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data);
/* Reverts the last applied change, as a new change (and ledger entry) that
 * passes the same checks. */
void            dd_offer_editing_undo_async         (DdOfferEditing           *self,
                                                     const DdOfferEditContext *context,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data);
/* Finishes any of the four calls above. */
gboolean        dd_offer_editing_finish             (DdOfferEditing      *self,
                                                     GAsyncResult        *result,
                                                     DdOfferEditOutcome  *outcome,
                                                     GError             **error);

/* A field's value as the ledger records it ("119.00 EUR", "4", a title),
 * NULL for no "was" price. */
char           *dd_offer_editing_dup_value          (DdOffer      *offer,
                                                     DdOfferField  field);

/* Pending price drops live in the ledger: after a restart this reads the
 * requests nobody approved or declined yet back into the pending list
 * (emitting "changed"). */
void            dd_offer_editing_restore_approvals_async  (DdOfferEditing      *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean        dd_offer_editing_restore_approvals_finish (DdOfferEditing  *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

/* The pending price drop of an offer, or NULL. */
DdPriceApproval *dd_offer_editing_get_approval      (DdOfferEditing *self,
                                                     const char     *offer_id);
/* Whether there is a change to undo, and what it was ("Price of “Blue
 * tee”"), NULL when none. */
gboolean        dd_offer_editing_can_undo           (DdOfferEditing *self);
const char     *dd_offer_editing_get_undo_label     (DdOfferEditing *self);

/* Everything that decides whether `offer` may go live now for `role`:
 * the lifecycle guard, the window (with the short-window warning) and the
 * prior-price rule for a "was" price. Finishes with a GPtrArray of
 * DdOfferCheck; the offer may go live when all passed. */
void            dd_offer_editing_check_go_live_async  (DdOfferEditing      *self,
                                                       DdOffer             *offer,
                                                       DdRole               role,
                                                       gint64               now,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray      *dd_offer_editing_check_go_live_finish (DdOfferEditing  *self,
                                                       GAsyncResult    *result,
                                                       GError         **error);

/* Signals: "changed": the pending approvals or the undo state changed. */

/* Where the offer's components are stocked now and what that lets it
 * promise (see dd_bundle_derive_fulfilment()), from the store. Free the
 * result with g_free(). */
void            dd_offer_editing_describe_fulfilment_async  (DdOfferEditing      *self,
                                                             DdOffer             *offer,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
DdBundleFulfilment *
                dd_offer_editing_describe_fulfilment_finish (DdOfferEditing  *self,
                                                             GAsyncResult    *result,
                                                             GError         **error);

G_END_DECLS
