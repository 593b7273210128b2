/* dd-drop-session-sign-off.c — a squad member signs off a checklist item of the running drop
 *
 * The item is signed in the drop's checklist (its rules: the owner role,
 * dependencies, a note) and the checklist is saved to the drop's store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-drop-session-private.h"

static void
sign_off_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_store_save_finish (DD_STORE (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
dd_drop_session_sign_off_async (DdDropSession       *self,
                                const char          *checklist_id,
                                const char          *item_id,
                                DdRole               role,
                                const char          *member,
                                const char          *note,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) to_save = NULL;
  g_autoptr(GError) error = NULL;
  DdChecklist *checklist = NULL;
  guint n;

  g_return_if_fail (DD_IS_DROP_SESSION (self));
  g_return_if_fail (checklist_id != NULL && item_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_drop_session_sign_off_async);

  if (self->store == NULL || !self->running)
    {
      g_task_return_new_error (task, DD_STORE_ERROR, DD_STORE_ERROR_CLOSED,
                               _("The drop is not running, so the sign-off cannot be stored"));
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->checklists));
  for (guint i = 0; i < n && checklist == NULL; i++)
    {
      g_autoptr(DdChecklist) candidate = g_list_model_get_item (G_LIST_MODEL (self->checklists), i);

      if (g_strcmp0 (dd_checklist_get_id (candidate), checklist_id) == 0)
        checklist = candidate;
    }

  if (checklist == NULL)
    {
      g_task_return_new_error (task, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                               _("There is no checklist “%s” in this drop"), checklist_id);
      return;
    }

  if (!dd_checklist_sign_off (checklist, item_id, role, member, g_get_real_time (), note, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  to_save = g_ptr_array_new ();
  g_ptr_array_add (to_save, checklist);
  dd_store_save_checklists_async (self->store, to_save, cancellable,
                                  sign_off_saved_cb, g_steal_pointer (&task));
}

gboolean
dd_drop_session_sign_off_finish (DdDropSession  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_drop_session_sign_off_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
