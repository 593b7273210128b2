/* dd-sync-steps-private.h — what the sync engine's step-by-step pulls share
 *
 * A pull (dd-sync-pull.c, dd-sync-feed.c) is a GTask whose task data
 * starts with a DdSyncSteps: each step's callback ends the task on an
 * error or runs the next step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  void (*next) (GTask *task);   /* runs the next step */
} DdSyncSteps;

/* Ends the task (and drops its reference) with `error` when there is
 * one; TRUE when it did. */
gboolean _dd_sync_steps_failed   (GTask        *task,
                                  GError       *error);
/* Finishes a dd_store_save_*_async() or set_cursor (user_data: the
 * task), then the next step. */
void     _dd_sync_steps_saved_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data);

G_END_DECLS
