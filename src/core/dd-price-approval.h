/* dd-price-approval.h — a price drop waiting for a second squad member
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dd-money.h"
#include "dd-role.h"

G_BEGIN_DECLS

typedef enum
{
  DD_PRICE_APPROVAL_PENDING,
  DD_PRICE_APPROVAL_APPROVED,
  DD_PRICE_APPROVAL_REJECTED,
} DdPriceApprovalState;

#define DD_TYPE_PRICE_APPROVAL (dd_price_approval_get_type ())

/* Immutable and reference-counted: approving or rejecting returns a new
 * value, so a pending request can be shared with the squad safely. */
typedef struct _DdPriceApproval DdPriceApproval;

GType                dd_price_approval_get_type        (void) G_GNUC_CONST;
/* A pending request to move `offer_id` from `old_price` to `new_price`. */
DdPriceApproval     *dd_price_approval_new             (const char    *offer_id,
                                                        const DdMoney *old_price,
                                                        const DdMoney *new_price,
                                                        const char    *requested_by,
                                                        DdRole         requester_role,
                                                        gint64         requested_at);
DdPriceApproval     *dd_price_approval_ref             (DdPriceApproval *self);
void                 dd_price_approval_unref           (DdPriceApproval *self);
/* The request decided by `approver`: refused (NULL and an error) when the
 * approver is the requester, when their role may not approve prices, or
 * when the request was already decided. */
DdPriceApproval     *dd_price_approval_approve         (DdPriceApproval  *self,
                                                        const char       *approver,
                                                        DdRole            approver_role,
                                                        gint64            now,
                                                        GError          **error);
DdPriceApproval     *dd_price_approval_reject          (DdPriceApproval  *self,
                                                        const char       *approver,
                                                        DdRole            approver_role,
                                                        gint64            now,
                                                        GError          **error);
/* TRUE when approved for exactly this offer and these prices. */
gboolean             dd_price_approval_covers          (DdPriceApproval *self,
                                                        const char      *offer_id,
                                                        const DdMoney   *old_price,
                                                        const DdMoney   *new_price);

DdPriceApprovalState dd_price_approval_get_state       (DdPriceApproval *self);
const char          *dd_price_approval_get_offer_id    (DdPriceApproval *self);
const DdMoney       *dd_price_approval_get_old_price   (DdPriceApproval *self);
const DdMoney       *dd_price_approval_get_new_price   (DdPriceApproval *self);
const char          *dd_price_approval_get_requested_by (DdPriceApproval *self);
DdRole               dd_price_approval_get_requester_role (DdPriceApproval *self);
gint64               dd_price_approval_get_requested_at (DdPriceApproval *self);
/* NULL and 0 while pending. */
const char          *dd_price_approval_get_decided_by  (DdPriceApproval *self);
DdRole               dd_price_approval_get_decider_role (DdPriceApproval *self);
gint64               dd_price_approval_get_decided_at  (DdPriceApproval *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdPriceApproval, dd_price_approval_unref)

G_END_DECLS
