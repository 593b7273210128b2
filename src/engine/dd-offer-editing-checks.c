/* dd-offer-editing-checks.c — everything that decides whether an offer may go live now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-offer-editing-private.h"

void
dd_offer_check_free (DdOfferCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->message);
  g_free (check);
}

static DdOfferCheck *
offer_check_new (gboolean    passed,
                 gboolean    warning,
                 const char *message)
{
  DdOfferCheck *check = g_new0 (DdOfferCheck, 1);

  check->passed = passed;
  check->warning = warning;
  check->message = g_strdup (message);
  return check;
}

typedef struct
{
  DdOffer   *offer;
  gint64     now;
  GPtrArray *checks;
  DdStore   *store;
} GoLiveCheck;

static void
go_live_check_free (gpointer data)
{
  GoLiveCheck *check = data;

  g_clear_object (&check->offer);
  g_clear_object (&check->store);
  g_clear_pointer (&check->checks, g_ptr_array_unref);
  g_free (check);
}

static void
go_live_lowest_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree DdPricePoint *lowest = NULL;
  GoLiveCheck *check = g_task_get_task_data (task);
  const DdMoney *was = dd_offer_get_compare_at_price (check->offer);
  g_autoptr(GError) refusal = NULL;
  GError *error = NULL;

  lowest = dd_store_lookup_prior_price_finish (DD_STORE (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (dd_offer_guard_was_price (was, lowest, &refusal))
    {
      g_autofree char *was_text = dd_money_format (was);
      g_autofree char *message =
        /* Translators: %s is the "was" price */
        g_strdup_printf (_("The “was” price %s rests on the lowest price of the 30 days before the reduction"), was_text);

      g_ptr_array_add (check->checks, offer_check_new (TRUE, FALSE, message));
    }
  else
    g_ptr_array_add (check->checks, offer_check_new (FALSE, FALSE, refusal->message));

  g_task_return_pointer (task, g_ptr_array_ref (check->checks), (GDestroyNotify) g_ptr_array_unref);
}

/* The prior-price rule for a "was" price, then the answer. Takes `task`. */
static void
check_was_price (GTask *task)
{
  GoLiveCheck *check = g_task_get_task_data (task);
  const DdMoney *was = dd_offer_get_compare_at_price (check->offer);

  if (was != NULL)
    {
      dd_store_lookup_prior_price_async (check->store, dd_offer_get_sku (check->offer),
                                         dd_offer_get_price (check->offer), check->now,
                                         g_task_get_cancellable (task), go_live_lowest_cb, task);
      return;
    }

  g_task_return_pointer (task, g_ptr_array_ref (check->checks), (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (task);
}

/* A bundle split between hubs going live with a same-day promise: said,
 * with the gate that avoids the cross-hub pick. */
static void
go_live_bundle_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  GoLiveCheck *check = g_task_get_task_data (task);
  g_autofree DdBundleFulfilment *fulfilment = NULL;
  GError *error = NULL;

  fulfilment = _dd_offer_editing_check_bundle_finish (result, &error);
  if (fulfilment == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (fulfilment->cross_hub && dd_offer_get_latency_bucket (check->offer) != DD_LATENCY_BUCKET_POST_DROP)
    g_ptr_array_add (check->checks,
                     offer_check_new (TRUE, TRUE,
                                      _("The bundle’s components are split between hubs: each order needs a cross-hub pick; hold it for a post-drop follow-up to avoid that")));
  else if (dd_offer_get_latency_bucket (check->offer) < fulfilment->bucket)
    {
      g_autofree char *message =
        /* Translators: two delivery promises, e.g. "Within two hours", "Same day" */
        g_strdup_printf (_("The bundle promises “%s”, but its components’ stock allows at best “%s”"),
                         dd_latency_bucket_get_display_name (dd_offer_get_latency_bucket (check->offer)),
                         dd_latency_bucket_get_display_name (fulfilment->bucket));

      g_ptr_array_add (check->checks, offer_check_new (FALSE, FALSE, message));
    }

  check_was_price (task);
}

void
dd_offer_editing_check_go_live_async (DdOfferEditing      *self,
                                      DdOffer             *offer,
                                      DdRole               role,
                                      gint64               now,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) refusal = NULL;
  g_autofree char *warning = NULL;
  GoLiveCheck *check;

  g_return_if_fail (DD_IS_OFFER_EDITING (self));
  g_return_if_fail (DD_IS_OFFER (offer));

  if (now == 0)
    now = g_get_real_time ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_offer_editing_check_go_live_async);
  check = g_new0 (GoLiveCheck, 1);
  check->offer = dd_offer_copy (offer);
  check->now = now;
  check->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_offer_check_free);
  g_task_set_task_data (task, check, go_live_check_free);

  if (dd_offer_machine_can_transition (offer, DD_OFFER_STATE_LIVE, role, now, &refusal))
    g_ptr_array_add (check->checks,
                     offer_check_new (TRUE, FALSE, _("Stock is allocated, the price is valid and the window is open")));
  else
    g_ptr_array_add (check->checks, offer_check_new (FALSE, FALSE, refusal->message));
  g_clear_error (&refusal);

  if (dd_offer_guard_window (dd_offer_get_window_start (offer), dd_offer_get_window_end (offer),
                             &warning, &refusal))
    {
      if (warning != NULL)
        g_ptr_array_add (check->checks, offer_check_new (TRUE, TRUE, warning));
    }
  else
    g_ptr_array_add (check->checks, offer_check_new (FALSE, FALSE, refusal->message));

  if (dd_offer_editing_get_approval (self, dd_offer_get_id (offer)) != NULL)
    g_ptr_array_add (check->checks,
                     offer_check_new (TRUE, TRUE, _("A price drop waits for approval; buyers see the current price")));

  check->store = g_object_ref (dd_offer_editing_get_store (self));
  if (dd_offer_is_bundle (offer))
    {
      _dd_offer_editing_check_bundle_async (check->store, offer, FALSE, cancellable,
                                            go_live_bundle_cb, g_steal_pointer (&task));
      return;
    }

  check_was_price (g_steal_pointer (&task));
}

GPtrArray *
dd_offer_editing_check_go_live_finish (DdOfferEditing  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
