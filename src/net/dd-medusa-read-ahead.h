/* dd-medusa-read-ahead.h — the products a batch of outbox entries updates,
 * read from Medusa in few requests before the batch is pushed
 *
 * Medusa ignores If-Match, so each update compares the fields it changes
 * with Medusa's current values before it writes (dd-medusa-push.c). One
 * GET of the product per entry doubled the requests of a flush; instead
 * the flush reads the products of a whole batch with list requests
 * (GET /admin/products?id[]=..., up to 50 ids each) and each update takes
 * its product from here:
 *   - only for an entity's first entry in the batch, once: a later edit
 *     of the same offer (based on the first) or a retry reads the product
 *     again (the first write made the copy stale);
 *   - never for an entry an earlier attempt may have sent (attempts > 0):
 *     that one reads fresh, as the look-up before a resend must;
 *   - never after a write to the product itself (its title, status or
 *     metadata, rather than one variant's price or title): forget() drops
 *     the copy, so the other offers of the product read it again;
 *   - never when the copy is older than DD_MEDUSA_READ_AHEAD_MAX_AGE_S.
 * A change made in Medusa before the batch was read is therefore always
 * seen as a conflict; one made between the read and the write (at most
 * that many seconds, usually well under one) is not — as before, between
 * a push's own read and its write, since Medusa offers no compare-and-set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-medusa-client.h"
#include "dd-store-sync-outbox.h"

G_BEGIN_DECLS

/* Products asked for by id in one list request. */
#define DD_MEDUSA_READ_AHEAD_IDS_PER_REQUEST 50
/* A copy older than this is not used. */
#define DD_MEDUSA_READ_AHEAD_MAX_AGE_S 30

#define DD_TYPE_MEDUSA_READ_AHEAD (dd_medusa_read_ahead_get_type ())

G_DECLARE_FINAL_TYPE (DdMedusaReadAhead, dd_medusa_read_ahead, DD, MEDUSA_READ_AHEAD, GObject)

DdMedusaReadAhead *dd_medusa_read_ahead_new         (DdMedusaClient       *client,
                                                     const char           *fields);
/* The product an offer entry updates (its remote id), or NULL for a
 * create, another entity or a damaged entry. */
char              *dd_medusa_read_ahead_product_of  (const DdOutboxEntry  *entry);
/* Drops what was kept and reads the products that `entries` (DdOutboxEntry)
 * update, except entries with attempts. On failure nothing is kept and
 * every push reads for itself. */
void               dd_medusa_read_ahead_fill_async  (DdMedusaReadAhead    *self,
                                                     GPtrArray            *entries,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean           dd_medusa_read_ahead_fill_finish (DdMedusaReadAhead    *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
/* The product as read ahead for `entry` (a new reference), or NULL (see
 * above: then read it). Marks the entity's copy used. */
JsonObject        *dd_medusa_read_ahead_take        (DdMedusaReadAhead    *self,
                                                     const DdOutboxEntry  *entry,
                                                     const char           *product_id);
/* A write to the product itself is on its way: its copy is stale. */
void               dd_medusa_read_ahead_forget      (DdMedusaReadAhead    *self,
                                                     const char           *product_id);
/* Products read ahead since this object was made (for tests and benches). */
guint              dd_medusa_read_ahead_get_n_read  (DdMedusaReadAhead    *self);
/* Copies taken instead of a read. */
guint              dd_medusa_read_ahead_get_n_taken (DdMedusaReadAhead    *self);

G_END_DECLS
