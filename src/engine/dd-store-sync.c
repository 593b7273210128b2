/* dd-store-sync.c — blocking wrappers around the store, for worker threads, the CLI and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-sync.h"

typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} Waiter;

static void
waiter_begin (Waiter *waiter)
{
  waiter->context = g_main_context_new ();
  waiter->result = NULL;
  g_main_context_push_thread_default (waiter->context);
}

static void
waiter_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

/* Returns the result (transfer full) and restores the thread's context. */
static GAsyncResult *
waiter_end (Waiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (waiter->context, TRUE);

  g_main_context_pop_thread_default (waiter->context);
  g_clear_pointer (&waiter->context, g_main_context_unref);

  return g_steal_pointer (&waiter->result);
}

gboolean
dd_store_save_sync (DdStore               *store,
                    DdStoreSaveAsyncFunc   save_async,
                    GPtrArray             *objects,
                    GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter;

  g_return_val_if_fail (DD_IS_STORE (store), FALSE);

  waiter_begin (&waiter);
  save_async (store, objects, NULL, waiter_cb, &waiter);
  result = waiter_end (&waiter);

  return dd_store_save_finish (store, result, error);
}

GPtrArray *
dd_store_load_sync (DdStore               *store,
                    DdStoreLoadAsyncFunc   load_async,
                    GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter;

  g_return_val_if_fail (DD_IS_STORE (store), NULL);

  waiter_begin (&waiter);
  load_async (store, NULL, waiter_cb, &waiter);
  result = waiter_end (&waiter);

  return dd_store_load_finish (store, result, error);
}

char *
dd_store_get_meta_sync (DdStore     *store,
                        const char  *key,
                        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter;

  g_return_val_if_fail (DD_IS_STORE (store), NULL);

  waiter_begin (&waiter);
  dd_store_get_meta_async (store, key, NULL, waiter_cb, &waiter);
  result = waiter_end (&waiter);

  return dd_store_get_meta_finish (store, result, error);
}

gboolean
dd_store_set_meta_sync (DdStore     *store,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter;

  g_return_val_if_fail (DD_IS_STORE (store), FALSE);

  waiter_begin (&waiter);
  dd_store_set_meta_async (store, key, value, NULL, waiter_cb, &waiter);
  result = waiter_end (&waiter);

  return dd_store_save_finish (store, result, error);
}

gint64
dd_store_count_chat_sync (DdStore  *store,
                          GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter;

  g_return_val_if_fail (DD_IS_STORE (store), -1);

  waiter_begin (&waiter);
  dd_store_count_chat_async (store, NULL, waiter_cb, &waiter);
  result = waiter_end (&waiter);

  return dd_store_count_finish (store, result, error);
}

char *
dd_store_check_sync (DdStore  *store,
                     GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter;

  g_return_val_if_fail (DD_IS_STORE (store), NULL);

  waiter_begin (&waiter);
  dd_store_check_async (store, NULL, waiter_cb, &waiter);
  result = waiter_end (&waiter);

  return dd_store_check_finish (store, result, error);
}
