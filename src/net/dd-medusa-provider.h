/* dd-medusa-provider.h — the commerce provider for a real Medusa v2 engine
 *
 * pull_changes asks for the variants and the products updated since the
 * cursor (their newest updated_at; a price change bumps only its
 * variant's) with If-None-Match, reads the products of changed variants by
 * id, and reads stock locations and inventory levels (which Medusa cannot
 * filter by change) only when asked.
 * load_catalog pulls every product (with variants and prices), stock
 * location and inventory item through a DdMedusaClient and maps them with
 * dd-medusa-catalog; the connectivity follows the outcome (online, offline
 * when Medusa cannot be reached, degraded when it answers with errors).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-commerce-provider.h"
#include "dd-medusa-client.h"
#include "dd-medusa-read-ahead.h"

G_BEGIN_DECLS

#define DD_TYPE_MEDUSA_PROVIDER (dd_medusa_provider_get_type ())

G_DECLARE_FINAL_TYPE (DdMedusaProvider, dd_medusa_provider, DD, MEDUSA_PROVIDER, GObject)

/* `currency`: the ISO 4217 code offers are priced in (e.g. "EUR"). */
DdMedusaProvider *dd_medusa_provider_new        (DdMedusaClient   *client,
                                                 const char       *currency);
DdMedusaClient   *dd_medusa_provider_get_client (DdMedusaProvider *self);
/* How many lists of changes Medusa answered 304 Not Modified. */
guint             dd_medusa_provider_get_not_modified_count (DdMedusaProvider *self);
/* What the pushes compare with, read ahead batch by batch. */
DdMedusaReadAhead *dd_medusa_provider_get_read_ahead        (DdMedusaProvider *self);

G_END_DECLS
