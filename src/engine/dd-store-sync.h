/* dd-store-sync.h — blocking wrappers around the store, for worker threads, the CLI and tests
 *
 * Each call waits on a private GMainContext, so it never runs other sources
 * of the calling thread. Never call these from the UI thread of the app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-store.h"

G_BEGIN_DECLS

typedef void (*DdStoreSaveAsyncFunc) (DdStore             *store,
                                      GPtrArray           *objects,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
typedef void (*DdStoreLoadAsyncFunc) (DdStore             *store,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);

/* e.g. dd_store_save_sync (store, dd_store_save_offers_async, offers, &error) */
gboolean   dd_store_save_sync       (DdStore               *store,
                                     DdStoreSaveAsyncFunc   save_async,
                                     GPtrArray             *objects,
                                     GError               **error);
GPtrArray *dd_store_load_sync       (DdStore               *store,
                                     DdStoreLoadAsyncFunc   load_async,
                                     GError               **error);
/* NULL without an error when the key is unset. */
char      *dd_store_get_meta_sync   (DdStore     *store,
                                     const char  *key,
                                     GError     **error);
gboolean   dd_store_set_meta_sync   (DdStore     *store,
                                     const char  *key,
                                     const char  *value,
                                     GError     **error);
/* -1 on error. */
gint64     dd_store_count_chat_sync (DdStore  *store,
                                     GError  **error);
char      *dd_store_check_sync      (DdStore  *store,
                                     GError  **error);

G_END_DECLS
