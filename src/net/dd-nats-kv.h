/* dd-nats-kv.h — JetStream key-value buckets (nats-server 2.9)
 *
 * A bucket is the stream KV_<bucket> on $KV.<bucket>.>. Entries expire with
 * the bucket's max_age (2.9 has no per-message TTL); reads use direct get.
 * A revision is the entry's stream sequence: put with an expected revision
 * is a compare-and-swap, failing with DD_NATS_ERROR_CONFLICT when someone
 * wrote the key in between (0 means "only if the key does not exist").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-nats-jetstream.h"

G_BEGIN_DECLS

gboolean dd_nats_kv_key_is_valid        (const char          *key);
/* FALSE with DD_NET_ERROR_INVALID_TEXT for a bad bucket name or key (`key`
 * may be NULL: the bucket only). */
gboolean dd_nats_kv_check_names         (const char          *bucket,
                                         const char          *key,
                                         GError             **error);

/* Finishes with dd_nats_js_api_finish() (the stream's info). */
void     dd_nats_kv_create_bucket_async (DdNatsClient        *client,
                                         const char          *bucket,
                                         guint                history,
                                         guint64              max_age_ms,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);

/* The same, stored on `replicas` servers of a JetStream cluster. */
void     dd_nats_kv_create_replicated_bucket_async (DdNatsClient        *client,
                                                    const char          *bucket,
                                                    guint                history,
                                                    guint64              max_age_ms,
                                                    guint                replicas,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);

/* `expected_revision` < 0: no guard. */
void     dd_nats_kv_put_async           (DdNatsClient        *client,
                                         const char          *bucket,
                                         const char          *key,
                                         const void          *value,
                                         gsize                len,
                                         gint64               expected_revision,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* The new revision, or 0 with an error. */
guint64  dd_nats_kv_put_finish          (GAsyncResult        *result,
                                         GError             **error);

/* A delete marker (`expected_revision` < 0: no guard), or a purge that
 * also drops the key's history. Both finish with dd_nats_kv_put_finish()
 * (the marker's revision); a get then fails with DD_NATS_ERROR_NOT_FOUND. */
void     dd_nats_kv_delete_async        (DdNatsClient        *client,
                                         const char          *bucket,
                                         const char          *key,
                                         gint64               expected_revision,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
void     dd_nats_kv_purge_async         (DdNatsClient        *client,
                                         const char          *bucket,
                                         const char          *key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);

void     dd_nats_kv_get_async           (DdNatsClient        *client,
                                         const char          *bucket,
                                         const char          *key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* The value, or NULL with DD_NATS_ERROR_NOT_FOUND (missing or deleted). */
GBytes  *dd_nats_kv_get_finish          (GAsyncResult        *result,
                                         guint64             *revision,
                                         GError             **error);

G_END_DECLS
