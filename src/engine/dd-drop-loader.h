/* dd-drop-loader.h — opens a drop's profile, seeds the demo on first start and loads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-store.h"

G_BEGIN_DECLS

/* A demo drop starts this long after the session starts. */
#define DD_DROP_DEMO_SECONDS_TO_START 120

/* Everything a drop needs from its store, loaded in one go. */
typedef struct
{
  DdStore   *store;
  GPtrArray *offers;      /* DdOffer */
  GPtrArray *hubs;        /* DdHub */
  GPtrArray *stock;       /* DdStockLevel */
  GPtrArray *orders;      /* DdOrder, in store order */
  GPtrArray *checklists;  /* DdChecklist */
  char      *title;       /* NULL when the profile has none */
  gint64     start_time;  /* µs since the epoch, 0 when unset */
} DdDropData;

void        dd_drop_data_free    (DdDropData *data);
/* Moves the drop start to `start_us` and every offer window with it;
 * returns whether any offer changed. */
gboolean    dd_drop_data_rebase  (DdDropData *data,
                                  gint64      start_us);

/* On a worker thread: creates `profile_dir` if needed, opens
 * `<profile_dir>/dropdeck.db`, seeds the demo drop when `seed_demo` and the
 * profile was never seeded (meta key "seeded"), and loads the drop. Errors
 * are the store's (DD_STORE_ERROR_UNWRITABLE for a folder that cannot be
 * made); the store is closed again on error. */
void        dd_drop_load_async   (const char           *profile_dir,
                                  gboolean              seed_demo,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
DdDropData *dd_drop_load_finish  (GAsyncResult  *result,
                                  GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDropData, dd_drop_data_free)

G_END_DECLS
