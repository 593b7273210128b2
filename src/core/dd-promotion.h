/* dd-promotion.h — time-locked incentives and the returns policy
 *
 * Value types the commerce feed fills and the store keeps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dd-money.h"
#include "dd-role.h"

G_BEGIN_DECLS

/* A promotion and the window of its campaign (0: open-ended). `value` is
 * the amount as the engine wrote it ("10" percent, or "5.5" of `currency`
 * for a fixed amount), kept as text so it is never rounded. */
typedef struct
{
  char   *id;
  char   *code;
  char   *status;         /* "active", "draft", "inactive" */
  char   *kind;           /* "percentage" or "fixed" */
  char   *value;
  char   *currency;       /* fixed amounts only, else NULL */
  char   *target;         /* "order", "items", "shipping_methods" */
  char   *campaign_id;    /* or NULL */
  char   *campaign_name;  /* or NULL */
  char   *offer_id;       /* the offer whose incentive window the campaign holds, or NULL */
  gint64  starts_at_us;
  gint64  ends_at_us;
  gint64  updated_at_us;
} DdPromotion;

#define DD_TYPE_PROMOTION (dd_promotion_get_type ())

GType        dd_promotion_get_type  (void) G_GNUC_CONST;
DdPromotion *dd_promotion_copy      (const DdPromotion *self);
void         dd_promotion_free      (DdPromotion       *self);
/* Whether the promotion applies at `now_us`: active, and inside its
 * window. */
gboolean     dd_promotion_is_running (const DdPromotion *self,
                                      gint64             now_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdPromotion, dd_promotion_free)

/* The most a role may refund without a second approval. */
typedef struct
{
  DdRole  role;
  DdMoney max;
} DdRefundLimit;

/* The returns policy: refund limits per role and the returns toggle. */
typedef struct
{
  gboolean   returns_open;
  GArray    *limits;      /* DdRefundLimit */
} DdRefundPolicy;

DdRefundPolicy *dd_refund_policy_new  (gboolean         returns_open);
void            dd_refund_policy_free (DdRefundPolicy  *self);
/* The limit of `role`, or NULL when it has none (it may not refund). */
const DdMoney  *dd_refund_policy_get_limit (const DdRefundPolicy *self,
                                            DdRole                role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdRefundPolicy, dd_refund_policy_free)

G_END_DECLS
