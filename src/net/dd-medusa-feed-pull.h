/* dd-medusa-feed-pull.h — reads the commerce feed from a Medusa v2 engine
 *
 * Side by side: the orders changed since a cursor (updated_at[$gte], with
 * If-None-Match revalidation), every promotion with its campaign, the
 * store's returns policy and, when asked, every product's id (a deletion
 * is only seen as an id that is missing: incremental pulls never list
 * it). Runs on the client's main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-commerce-provider.h"
#include "dd-medusa-client.h"

G_BEGIN_DECLS

void            dd_medusa_feed_pull_async  (DdMedusaClient      *client,
                                            const char          *currency,
                                            const char          *orders_since,
                                            gboolean             with_ids,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
DdCommerceFeed *dd_medusa_feed_pull_finish (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
