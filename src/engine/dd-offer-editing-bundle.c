/* dd-offer-editing-bundle.c — the checks a bundle edit needs from the whole
 * catalog: no cycle through other bundles, and the latency bucket its
 * components' stock allows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-offer-editing-private.h"
#include "dd-store-sync.h"

typedef struct
{
  DdStore  *store;
  DdOffer  *offer;       /* a copy, only this job reads it */
  gboolean  check_cycle;
} BundleJob;

static void
bundle_job_free (gpointer data)
{
  BundleJob *job = data;

  g_clear_object (&job->store);
  g_clear_object (&job->offer);
  g_free (job);
}

/* On a worker thread: the store's offers, stock and hubs (a few ms for the
 * demo; the store thread does the reading), then the checks. */
static void
bundle_job_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  BundleJob *job = task_data;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GPtrArray) stock = NULL;
  g_autoptr(GPtrArray) hubs = NULL;
  DdBundleFulfilment fulfilment;
  GError *error = NULL;

  if ((offers = dd_store_load_sync (job->store, dd_store_load_offers_async, &error)) == NULL
      || (stock = dd_store_load_sync (job->store, dd_store_load_stock_async, &error)) == NULL
      || (hubs = dd_store_load_sync (job->store, dd_store_load_hubs_async, &error)) == NULL
      || (job->check_cycle && !dd_bundle_check_no_cycle (job->offer, offers, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  dd_bundle_derive_fulfilment (job->offer, stock, hubs, &fulfilment);
  g_task_return_pointer (task, g_memdup2 (&fulfilment, sizeof fulfilment), g_free);
}

void
_dd_offer_editing_check_bundle_async (DdStore             *store,
                                      DdOffer             *offer,
                                      gboolean             check_cycle,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  BundleJob *job = g_new0 (BundleJob, 1);

  g_task_set_source_tag (task, _dd_offer_editing_check_bundle_async);
  job->store = g_object_ref (store);
  job->offer = dd_offer_copy (offer);
  job->check_cycle = check_cycle;
  g_task_set_task_data (task, job, bundle_job_free);
  g_task_run_in_thread (task, bundle_job_thread);
}

DdBundleFulfilment *
_dd_offer_editing_check_bundle_finish (GAsyncResult  *result,
                                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The gate and the honesty of a promised bucket. */
gboolean
_dd_offer_editing_apply_fulfilment (DdOffer                  *candidate,
                                    DdOfferField              field,
                                    const DdBundleFulfilment *fulfilment,
                                    GError                  **error)
{
  DdLatencyBucket wanted = dd_offer_get_latency_bucket (candidate);

  if (field == DD_OFFER_FIELD_COMPONENTS)
    {
      /* A cross-hub bundle gated to a post-drop follow-up stays gated (the
       * candidate holds the gate as it was, or as an undo restores it). */
      if (wanted == DD_LATENCY_BUCKET_POST_DROP && fulfilment->cross_hub)
        dd_offer_set_latency_bucket (candidate, DD_LATENCY_BUCKET_POST_DROP);
      else
        dd_offer_set_latency_bucket (candidate, fulfilment->bucket);
      return TRUE;
    }

  /* A slower promise is always honest (that is the gate); a faster one
   * than the stock allows is not. */
  if (wanted < fulfilment->bucket)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                   /* Translators: a field name, then two delivery promises, e.g. "Same day" */
                   _("%s: the stock allows at best “%s”, not “%s”"),
                   dd_offer_field_get_display_name (DD_OFFER_FIELD_LATENCY_BUCKET),
                   dd_latency_bucket_get_display_name (fulfilment->bucket),
                   dd_latency_bucket_get_display_name (wanted));
      return FALSE;
    }
  return TRUE;
}

static void
describe_fulfilment_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DdBundleFulfilment *fulfilment = _dd_offer_editing_check_bundle_finish (result, &error);

  if (fulfilment == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, fulfilment, g_free);
}

void
dd_offer_editing_describe_fulfilment_async (DdOfferEditing      *self,
                                            DdOffer             *offer,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DD_IS_OFFER_EDITING (self));
  g_return_if_fail (DD_IS_OFFER (offer));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_offer_editing_describe_fulfilment_async);
  _dd_offer_editing_check_bundle_async (dd_offer_editing_get_store (self), offer, FALSE, cancellable, describe_fulfilment_cb, task);
}

DdBundleFulfilment *
dd_offer_editing_describe_fulfilment_finish (DdOfferEditing  *self,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
