/* dd-store-cursors.h — how far the app has read each remote feed
 *
 * One row of sync_cursors per service and resource: the NATS squad stream's
 * last handled sequence, a pull's last timestamp, ... The value is opaque
 * text to the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-store.h"

G_BEGIN_DECLS

/* `cursor` NULL removes the row. Finishes with dd_store_save_finish(). */
void  dd_store_set_cursor_async  (DdStore             *self,
                                  const char          *service,
                                  const char          *resource,
                                  const char          *cursor,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
void  dd_store_get_cursor_async  (DdStore             *self,
                                  const char          *service,
                                  const char          *resource,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
/* NULL without error when there is none yet. */
char *dd_store_get_cursor_finish (DdStore       *self,
                                  GAsyncResult  *result,
                                  GError       **error);

G_END_DECLS
