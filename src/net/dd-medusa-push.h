/* dd-medusa-push.h — one outbox entry to a Medusa v2 engine, exactly once
 *
 * Offers only (entity "offer"). A create becomes a product with one
 * variant whose metadata carries the entry's idempotency key; when an
 * earlier attempt may have reached Medusa, the variant's SKU is looked up
 * first and a product carrying the key counts as the create. An update
 * reads the product first and compares each field the edit changed
 * (title, price, state) with the entry's base: a field Medusa already
 * holds needs nothing, one Medusa changed since the base is a conflict
 * (nothing is sent), the rest is written. Medusa's refusals (HTTP 400,
 * 404, 409, 422) become REJECTED with its reason; other failures are
 * errors, worth retrying.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-commerce-provider.h"
#include "dd-medusa-client.h"
#include "dd-medusa-read-ahead.h"

G_BEGIN_DECLS

/* The metadata member of a product Dropdeck created. */
#define DD_MEDUSA_IDEMPOTENCY_KEY "dropdeck_idempotency_key"
/* What an update reads of the product it compares with. */
#define DD_MEDUSA_PUSH_PRODUCT_FIELDS "id,title,status,handle,metadata,*variants,*variants.prices"

/* With `read_ahead` (or NULL), an update takes its product from there when
 * it can (see dd-medusa-read-ahead.h) instead of reading it. */
void                  dd_medusa_push_async  (DdMedusaClient       *client,
                                             DdMedusaReadAhead    *read_ahead,
                                             const char           *currency,
                                             const DdOutboxEntry  *entry,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
DdCommercePushResult *dd_medusa_push_finish (GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
