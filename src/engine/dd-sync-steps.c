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
