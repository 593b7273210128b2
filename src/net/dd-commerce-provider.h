/* dd-commerce-provider.h — the extension point for the commerce backend
 *
 * The Medusa client implements it for a real drop, the demo for a simulated
 * one. Runs on the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-connectivity.h"
#include "dd-core.h"
#include "dd-store-commerce.h"
#include "dd-store-sync-outbox.h"

G_BEGIN_DECLS

/* What load_catalog delivers: arrays of DdOffer, DdHub and DdStockLevel. */
typedef struct
{
  GPtrArray *offers;
  GPtrArray *hubs;
  GPtrArray *stock;
} DdCommerceCatalog;

#define DD_TYPE_COMMERCE_CATALOG (dd_commerce_catalog_get_type ())

GType              dd_commerce_catalog_get_type (void) G_GNUC_CONST;
/* Takes a reference on each array. */
DdCommerceCatalog *dd_commerce_catalog_new      (GPtrArray *offers,
                                                 GPtrArray *hubs,
                                                 GPtrArray *stock);
DdCommerceCatalog *dd_commerce_catalog_copy     (DdCommerceCatalog *self);
void               dd_commerce_catalog_free     (DdCommerceCatalog *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdCommerceCatalog, dd_commerce_catalog_free)

/* What pull_feed delivers: the orders changed since the cursor (DdOrder,
 * one a line), every promotion (DdPromotion), the returns policy (NULL
 * when the engine holds none), and, when asked for, the remote id of every
 * product there is now (char pointers; NULL when not asked) to find
 * deletions. */
typedef struct
{
  GPtrArray      *orders;
  GPtrArray      *promotions;
  DdRefundPolicy *refund_policy;
  GPtrArray      *offer_remote_ids;
  char           *orders_cursor;   /* the next `orders_since`, or NULL */
} DdCommerceFeed;

DdCommerceFeed    *dd_commerce_feed_new         (void);
void               dd_commerce_feed_free        (DdCommerceFeed *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdCommerceFeed, dd_commerce_feed_free)

/* How the remote took one outbox entry. A failure worth retrying (the
 * remote unreachable, a timeout, a 5xx) is an error of push_finish instead:
 * the entry stays pending. */
typedef enum
{
  DD_COMMERCE_PUSH_APPLIED,    /* the effect is confirmed (now or by an earlier attempt) */
  DD_COMMERCE_PUSH_CONFLICT,   /* the remote changed since the entry's base: nothing sent */
  DD_COMMERCE_PUSH_REJECTED,   /* the remote refused it; `message` says why */
  DD_COMMERCE_PUSH_PREPARED,   /* nothing sent yet: keep `progress` with the entry, then push it again */
} DdCommercePushOutcome;

typedef struct
{
  DdCommercePushOutcome outcome;
  char *message;     /* REJECTED: the remote's reason; CONFLICT: which fields */
  char *remote_id;   /* APPLIED create: the new remote id */
  char *base;        /* CONFLICT: JSON objects of the fields concerned */
  char *local;
  char *remote;
  char *progress;    /* PREPARED: JSON the entry carries to its next push */
} DdCommercePushResult;

#define DD_TYPE_COMMERCE_PUSH_RESULT (dd_commerce_push_result_get_type ())

GType                 dd_commerce_push_result_get_type (void) G_GNUC_CONST;
DdCommercePushResult *dd_commerce_push_result_new      (DdCommercePushOutcome outcome,
                                                        const char           *message);
DdCommercePushResult *dd_commerce_push_result_copy     (DdCommercePushResult *self);
void                  dd_commerce_push_result_free     (DdCommercePushResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdCommercePushResult, dd_commerce_push_result_free)

#define DD_TYPE_COMMERCE_PROVIDER (dd_commerce_provider_get_type ())

G_DECLARE_INTERFACE (DdCommerceProvider, dd_commerce_provider, DD, COMMERCE_PROVIDER, GObject)

struct _DdCommerceProviderInterface
{
  GTypeInterface parent_iface;

  void               (*load_catalog_async)  (DdCommerceProvider   *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
  DdCommerceCatalog *(*load_catalog_finish) (DdCommerceProvider   *self,
                                             GAsyncResult         *result,
                                             GError              **error);
  DdConnectivity    *(*get_connectivity)    (DdCommerceProvider   *self);
  /* Optional (without it, a full load_catalog): the offers changed since
   * `since` (an opaque cursor an earlier pull returned, or NULL for all),
   * and hubs and stock only `with_stock`. */
  void               (*pull_changes_async)  (DdCommerceProvider   *self,
                                             const char           *since,
                                             gboolean              with_stock,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
  DdCommerceCatalog *(*pull_changes_finish) (DdCommerceProvider   *self,
                                             GAsyncResult         *result,
                                             char                **next_cursor,
                                             GError              **error);
  /* Optional: providers without it refuse every entry. */
  void                  (*push_async)       (DdCommerceProvider   *self,
                                             const DdOutboxEntry  *entry,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
  DdCommercePushResult *(*push_finish)      (DdCommerceProvider   *self,
                                             GAsyncResult         *result,
                                             GError              **error);
  /* Optional: reads in few requests the remote state that the pushes of
   * `entries` (DdOutboxEntry, about to be pushed) compare with, so that
   * each push need not read it alone. */
  void                  (*prepare_push_async)  (DdCommerceProvider   *self,
                                                GPtrArray            *entries,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
  gboolean              (*prepare_push_finish) (DdCommerceProvider   *self,
                                                GAsyncResult         *result,
                                                GError              **error);

  /* Optional (without it, an empty feed): orders changed since
   * `orders_since` (NULL: all), promotions, the returns policy, and with
   * `with_ids` every product's remote id. */
  void                  (*pull_feed_async)  (DdCommerceProvider   *self,
                                             const char           *orders_since,
                                             gboolean              with_ids,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
  DdCommerceFeed       *(*pull_feed_finish) (DdCommerceProvider   *self,
                                             GAsyncResult         *result,
                                             GError              **error);

  /* Signal default handlers */
  void               (*order_placed)        (DdCommerceProvider   *self,
                                             DdOrder              *order);
  void               (*order_updated)       (DdCommerceProvider   *self,
                                             DdOrder              *order);
};

void               dd_commerce_provider_load_catalog_async  (DdCommerceProvider   *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
DdCommerceCatalog *dd_commerce_provider_load_catalog_finish (DdCommerceProvider   *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
DdConnectivity    *dd_commerce_provider_get_connectivity    (DdCommerceProvider   *self);
/* An incremental pull (see pull_changes_async above). *next_cursor is
 * what to pass as `since` next time (NULL when the provider has none). */
void                  dd_commerce_provider_pull_changes_async  (DdCommerceProvider   *self,
                                                                const char           *since,
                                                                gboolean              with_stock,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
DdCommerceCatalog    *dd_commerce_provider_pull_changes_finish (DdCommerceProvider   *self,
                                                                GAsyncResult         *result,
                                                                char                **next_cursor,
                                                                GError              **error);
/* Sends one outbox entry, exactly once in effect: an entry whose earlier
 * attempt may have reached the remote (entry->attempts > 0) is looked up
 * before it is sent again, and an update is compared with the remote's
 * current values first. */
void                  dd_commerce_provider_push_async       (DdCommerceProvider   *self,
                                                             const DdOutboxEntry  *entry,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
DdCommercePushResult *dd_commerce_provider_push_finish      (DdCommerceProvider   *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
/* Before pushing a batch of entries (see prepare_push_async above); does
 * nothing for providers without it. A failure only means that each push
 * reads for itself. */
void                  dd_commerce_provider_prepare_push_async  (DdCommerceProvider   *self,
                                                                GPtrArray            *entries,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean              dd_commerce_provider_prepare_push_finish (DdCommerceProvider   *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
/* The feed beyond the catalog (see pull_feed_async above). */
void                  dd_commerce_provider_pull_feed_async  (DdCommerceProvider   *self,
                                                             const char           *orders_since,
                                                             gboolean              with_ids,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
DdCommerceFeed       *dd_commerce_provider_pull_feed_finish (DdCommerceProvider   *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
/* For implementations: emit "order-placed" (a new order) and
 * "order-updated" (its status changed, e.g. shipped). */
void               dd_commerce_provider_emit_order_placed   (DdCommerceProvider   *self,
                                                             DdOrder              *order);
void               dd_commerce_provider_emit_order_updated  (DdCommerceProvider   *self,
                                                             DdOrder              *order);
/* For implementations: "pull-progress" — items of the running catalog
 * pull read so far, and the items it will read as far as known yet. */
void               dd_commerce_provider_emit_pull_progress  (DdCommerceProvider   *self,
                                                             guint64               done,
                                                             guint64              total);

G_END_DECLS
