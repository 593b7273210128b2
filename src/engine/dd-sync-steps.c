/* dd-sync-steps.c — what the sync engine's step-by-step pulls share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store.h"
#include "dd-sync-steps-private.h"

gboolean
_dd_sync_steps_failed (GTask  *task,
                       GError *error)
{
  if (error == NULL)
    return FALSE;
  g_task_return_error (task, error);
  g_object_unref (task);
  return TRUE;
}

void
_dd_sync_steps_saved_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncSteps *steps = g_task_get_task_data (task);
  GError *error = NULL;

  dd_store_save_finish (DD_STORE (object), result, &error);
  if (!_dd_sync_steps_failed (task, error))
    steps->next (task);
}

void
_dd_sync_steps_start (DdSyncSteps         *steps,
                      GDestroyNotify       free_func,
                      void               (*next) (GTask *task),
                      DdStore             *store,
                      DdCommerceProvider  *provider,
                      gint64               every_us,
                      gpointer             source_tag,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  steps->next = next;
  steps->store = g_object_ref (store);
  steps->provider = g_object_ref (provider);
  steps->every_us = every_us;
  steps->now_us = g_get_real_time ();
  g_task_set_task_data (task, steps, free_func);

  next (task);
}

void
_dd_sync_steps_clear (DdSyncSteps *steps)
{
  g_clear_object (&steps->store);
  g_clear_object (&steps->provider);
}

gboolean
_dd_sync_steps_finish (GAsyncResult  *result,
                       gpointer       source_tag,
                       DdSyncSteps  **steps,
                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  *steps = g_task_get_task_data (G_TASK (result));
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
_dd_sync_steps_due (DdSyncSteps *steps,
                    const char  *last)
{
  gint64 last_us = last != NULL ? g_ascii_strtoll (last, NULL, 10) : 0;

  return last == NULL || steps->now_us - last_us >= steps->every_us;
}
