/* dd-price-approval.c — a price drop waiting for a second squad member
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-core-error.h"
#include "dd-price-approval.h"

struct _DdPriceApproval
{
  gatomicrefcount      ref_count;
  DdPriceApprovalState state;
  char                *offer_id;
  DdMoney              old_price;
  DdMoney              new_price;
  char                *requested_by;
  DdRole               requester_role;
  gint64               requested_at;
  char                *decided_by;
  DdRole               decider_role;
  gint64               decided_at;
};

G_DEFINE_BOXED_TYPE (DdPriceApproval, dd_price_approval, dd_price_approval_ref, dd_price_approval_unref)

static DdPriceApproval *
decide (DdPriceApproval       *self,
        DdPriceApprovalState   state,
        const char            *approver,
        DdRole                 approver_role,
        gint64                 now,
        GError               **error)
{
  DdPriceApproval *decided;

  if (self->state != DD_PRICE_APPROVAL_PENDING)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                   _("This price change was already decided by %s"), self->decided_by);
      return NULL;
    }

  if (approver == NULL || *approver == '\0' || strcmp (approver, self->requested_by) == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                   _("%s asked for this price change and cannot decide it too: a second squad member must"),
                   self->requested_by);
      return NULL;
    }

  if (!dd_role_can (approver_role, DD_PERMISSION_APPROVE_PRICE))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                   _("A %s cannot approve price changes; ask a Producer or an Ops lead"),
                   dd_role_get_display_name (approver_role));
      return NULL;
    }

  decided = dd_price_approval_new (self->offer_id, &self->old_price, &self->new_price,
                                   self->requested_by, self->requester_role, self->requested_at);
  decided->state = state;
  decided->decided_by = g_strdup (approver);
  decided->decider_role = approver_role;
  decided->decided_at = now;
  return decided;
}

DdPriceApproval *
dd_price_approval_new (const char    *offer_id,
                       const DdMoney *old_price,
                       const DdMoney *new_price,
                       const char    *requested_by,
                       DdRole         requester_role,
                       gint64         requested_at)
{
  DdPriceApproval *self;

  g_return_val_if_fail (offer_id != NULL, NULL);
  g_return_val_if_fail (old_price != NULL && new_price != NULL, NULL);
  g_return_val_if_fail (requested_by != NULL, NULL);

  self = g_new0 (DdPriceApproval, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->state = DD_PRICE_APPROVAL_PENDING;
  self->offer_id = g_strdup (offer_id);
  self->old_price = *old_price;
  self->new_price = *new_price;
  self->requested_by = g_strdup (requested_by);
  self->requester_role = requester_role;
  self->requested_at = requested_at;
  return self;
}

DdPriceApproval *
dd_price_approval_ref (DdPriceApproval *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
dd_price_approval_unref (DdPriceApproval *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->offer_id);
  g_free (self->requested_by);
  g_free (self->decided_by);
  g_free (self);
}

DdPriceApproval *
dd_price_approval_approve (DdPriceApproval  *self,
                           const char       *approver,
                           DdRole            approver_role,
                           gint64            now,
                           GError          **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return decide (self, DD_PRICE_APPROVAL_APPROVED, approver, approver_role, now, error);
}

DdPriceApproval *
dd_price_approval_reject (DdPriceApproval  *self,
                          const char       *approver,
                          DdRole            approver_role,
                          gint64            now,
                          GError          **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return decide (self, DD_PRICE_APPROVAL_REJECTED, approver, approver_role, now, error);
}

gboolean
dd_price_approval_covers (DdPriceApproval *self,
                          const char      *offer_id,
                          const DdMoney   *old_price,
                          const DdMoney   *new_price)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->state == DD_PRICE_APPROVAL_APPROVED
         && g_strcmp0 (self->offer_id, offer_id) == 0
         && dd_money_equal (&self->old_price, old_price)
         && dd_money_equal (&self->new_price, new_price);
}

DdPriceApprovalState
dd_price_approval_get_state (DdPriceApproval *self)
{
  g_return_val_if_fail (self != NULL, DD_PRICE_APPROVAL_PENDING);
  return self->state;
}

const char *
dd_price_approval_get_offer_id (DdPriceApproval *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->offer_id;
}

const DdMoney *
dd_price_approval_get_old_price (DdPriceApproval *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->old_price;
}

const DdMoney *
dd_price_approval_get_new_price (DdPriceApproval *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->new_price;
}

const char *
dd_price_approval_get_requested_by (DdPriceApproval *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->requested_by;
}

DdRole
dd_price_approval_get_requester_role (DdPriceApproval *self)
{
  g_return_val_if_fail (self != NULL, DD_ROLE_PRODUCER);
  return self->requester_role;
}

gint64
dd_price_approval_get_requested_at (DdPriceApproval *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->requested_at;
}

const char *
dd_price_approval_get_decided_by (DdPriceApproval *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->decided_by;
}

DdRole
dd_price_approval_get_decider_role (DdPriceApproval *self)
{
  g_return_val_if_fail (self != NULL, DD_ROLE_PRODUCER);
  return self->decider_role;
}

gint64
dd_price_approval_get_decided_at (DdPriceApproval *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->decided_at;
}
