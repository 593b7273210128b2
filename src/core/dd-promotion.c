/* dd-promotion.c — time-locked incentives and the returns policy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-promotion.h"

DdPromotion *
dd_promotion_copy (const DdPromotion *self)
{
  DdPromotion *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->id = g_strdup (self->id);
  copy->code = g_strdup (self->code);
  copy->status = g_strdup (self->status);
  copy->kind = g_strdup (self->kind);
  copy->value = g_strdup (self->value);
  copy->currency = g_strdup (self->currency);
  copy->target = g_strdup (self->target);
  copy->campaign_id = g_strdup (self->campaign_id);
  copy->campaign_name = g_strdup (self->campaign_name);
  copy->offer_id = g_strdup (self->offer_id);
  return copy;
}

void
dd_promotion_free (DdPromotion *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->code);
  g_free (self->status);
  g_free (self->kind);
  g_free (self->value);
  g_free (self->currency);
  g_free (self->target);
  g_free (self->campaign_id);
  g_free (self->campaign_name);
  g_free (self->offer_id);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (DdPromotion, dd_promotion, dd_promotion_copy, dd_promotion_free)

gboolean
dd_promotion_is_running (const DdPromotion *self,
                         gint64             now_us)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_strcmp0 (self->status, "active") == 0
         && (self->starts_at_us == 0 || now_us >= self->starts_at_us)
         && (self->ends_at_us == 0 || now_us < self->ends_at_us);
}

DdRefundPolicy *
dd_refund_policy_new (gboolean returns_open)
{
  DdRefundPolicy *self = g_new0 (DdRefundPolicy, 1);

  self->returns_open = returns_open;
  self->limits = g_array_new (FALSE, TRUE, sizeof (DdRefundLimit));
  return self;
}

void
dd_refund_policy_free (DdRefundPolicy *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->limits);
  g_free (self);
}

const DdMoney *
dd_refund_policy_get_limit (const DdRefundPolicy *self,
                            DdRole                role)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->limits->len; i++)
    {
      const DdRefundLimit *limit = &g_array_index (self->limits, DdRefundLimit, i);

      if (limit->role == role)
        return &limit->max;
    }
  return NULL;
}
