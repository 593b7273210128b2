/* dd-sync-steps-private.h — what the sync engine's step-by-step pulls share
 *
 * A pull (dd-sync-pull.c, dd-sync-feed.c) is a GTask whose task data
 * starts with a DdSyncSteps: each step's callback ends the task on an
 * error or runs the next step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-commerce-provider.h"
#include "dd-store.h"

G_BEGIN_DECLS

typedef struct
{
  void (*next) (GTask *task);   /* runs the next step */
  DdStore *store;
  DdCommerceProvider *provider;
  gint64 every_us;              /* how often the full read is due */
  gint64 now_us;                /* when the pull started */
} DdSyncSteps;

/* Makes the task (source: the provider) with `steps` (the start of a
 * struct of the caller's, owned by the task, freed with `free_func`)
 * filled in, and runs the first step. */
void     _dd_sync_steps_start    (DdSyncSteps         *steps,
                                  GDestroyNotify       free_func,
                                  void               (*next) (GTask *task),
                                  DdStore             *store,
                                  DdCommerceProvider  *provider,
                                  gint64               every_us,
                                  gpointer             source_tag,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
/* Drops what _dd_sync_steps_start() took (for the free_func). */
void     _dd_sync_steps_clear    (DdSyncSteps         *steps);
/* Ends a pull: *steps is its task data (valid while `result` is). */
gboolean _dd_sync_steps_finish   (GAsyncResult        *result,
                                  gpointer             source_tag,
                                  DdSyncSteps        **steps,
                                  GError             **error);
/* Whether a full read last done at `last` (microseconds as text, or
 * NULL for never) is due. */
gboolean _dd_sync_steps_due      (DdSyncSteps         *steps,
                                  const char          *last);

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
