/* dd-drop-loader.c — opens a drop's profile, seeds the demo on first start and loads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "dd-demo-catalog.h"
#include "dd-drop-loader.h"
#include "dd-store-sync.h"

typedef struct
{
  char     *profile_dir;
  gboolean  seed_demo;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_free (request->profile_dir);
  g_free (request);
}

/* Opens the store, seeds the demo on first start and loads the drop, all
 * without touching the caller's main context. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadRequest *request = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (request->profile_dir, "dropdeck.db", NULL);
  g_autofree char *seeded = NULL;
  g_autofree char *start_text = NULL;
  DdDropData *data = g_new0 (DdDropData, 1);

  if (g_mkdir_with_parents (request->profile_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, DD_STORE_ERROR, DD_STORE_ERROR_UNWRITABLE,
                               _("Cannot create the profile folder %s: %s"),
                               request->profile_dir, g_strerror (saved_errno));
      dd_drop_data_free (data);
      return;
    }

  data->store = dd_store_open_sync (path, cancellable, &error);
  if (data->store == NULL)
    goto fail;

  seeded = dd_store_get_meta_sync (data->store, "seeded", &error);
  if (error != NULL)
    goto fail;

  if (seeded == NULL && request->seed_demo)
    {
      g_autoptr(DdDemoCatalog) catalog =
        dd_demo_catalog_new (g_get_real_time () + DD_DROP_DEMO_SECONDS_TO_START * G_USEC_PER_SEC);
      g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                dd_demo_catalog_get_start_time (catalog));

      if (!dd_store_save_sync (data->store, dd_store_save_hubs_async, dd_demo_catalog_get_hubs (catalog), &error) ||
          !dd_store_save_sync (data->store, dd_store_save_price_history_async, dd_demo_catalog_get_price_history (catalog), &error) ||
          !dd_store_save_sync (data->store, dd_store_save_offers_async, dd_demo_catalog_get_offers (catalog), &error) ||
          !dd_store_save_sync (data->store, dd_store_save_stock_async, dd_demo_catalog_get_stock (catalog), &error) ||
          !dd_store_save_sync (data->store, dd_store_save_checklists_async, dd_demo_catalog_get_checklists (catalog), &error) ||
          !dd_store_set_meta_sync (data->store, "title", dd_demo_catalog_get_title (catalog), &error) ||
          !dd_store_set_meta_sync (data->store, "drop-start", start, &error) ||
          !dd_store_set_meta_sync (data->store, "seeded", "1", &error))
        goto fail;
    }

  if ((data->offers = dd_store_load_sync (data->store, dd_store_load_offers_async, &error)) == NULL ||
      (data->hubs = dd_store_load_sync (data->store, dd_store_load_hubs_async, &error)) == NULL ||
      (data->stock = dd_store_load_sync (data->store, dd_store_load_stock_async, &error)) == NULL ||
      (data->orders = dd_store_load_sync (data->store, dd_store_load_orders_async, &error)) == NULL ||
      (data->checklists = dd_store_load_sync (data->store, dd_store_load_checklists_async, &error)) == NULL)
    goto fail;

  data->title = dd_store_get_meta_sync (data->store, "title", &error);
  if (error != NULL)
    goto fail;
  start_text = dd_store_get_meta_sync (data->store, "drop-start", &error);
  if (error != NULL)
    goto fail;
  data->start_time = start_text != NULL ? g_ascii_strtoll (start_text, NULL, 10) : 0;

  g_task_return_pointer (task, data, (GDestroyNotify) dd_drop_data_free);
  return;

fail:
  if (data->store != NULL)
    dd_store_close (data->store);
  dd_drop_data_free (data);
  g_task_return_error (task, g_steal_pointer (&error));
}

void
dd_drop_data_free (DdDropData *data)
{
  if (data == NULL)
    return;

  g_clear_object (&data->store);
  g_clear_pointer (&data->offers, g_ptr_array_unref);
  g_clear_pointer (&data->hubs, g_ptr_array_unref);
  g_clear_pointer (&data->stock, g_ptr_array_unref);
  g_clear_pointer (&data->orders, g_ptr_array_unref);
  g_clear_pointer (&data->checklists, g_ptr_array_unref);
  g_clear_pointer (&data->title, g_free);
  g_free (data);
}

gboolean
dd_drop_data_rebase (DdDropData *data,
                     gint64      start_us)
{
  gint64 delta;

  g_return_val_if_fail (data != NULL, FALSE);

  delta = data->start_time > 0 ? start_us - data->start_time : 0;
  data->start_time = start_us;

  if (delta == 0)
    return FALSE;

  for (guint i = 0; i < data->offers->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (data->offers, i);

      if (dd_offer_get_window_end (offer) > 0)
        dd_offer_set_window (offer,
                             dd_offer_get_window_start (offer) + delta,
                             dd_offer_get_window_end (offer) + delta);
    }

  return TRUE;
}

void
dd_drop_load_async (const char          *profile_dir,
                    gboolean             seed_demo,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadRequest *request;

  g_return_if_fail (profile_dir != NULL);

  request = g_new0 (LoadRequest, 1);
  request->profile_dir = g_strdup (profile_dir);
  request->seed_demo = seed_demo;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_drop_load_async);
  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  g_task_run_in_thread (task, load_thread);
}

DdDropData *
dd_drop_load_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_drop_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
