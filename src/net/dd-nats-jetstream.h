/* dd-nats-jetstream.h — JetStream over a DdNatsClient
 *
 * The JetStream API is request/reply on $JS.API.* with JSON bodies. Errors
 * in replies become DD_NET_ERROR errors: err_code 10071 (wrong last
 * sequence) is DD_NATS_ERROR_CONFLICT, missing streams and consumers are
 * DD_NATS_ERROR_NOT_FOUND, anything else DD_NATS_ERROR_JETSTREAM with the
 * server's description. Written for nats-server 2.9: consumers take the
 * singular `filter_subject`, ack subjects have 9 tokens (newer servers' 11
 * or 12 are read too).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "dd-nats-client.h"

G_BEGIN_DECLS

#define DD_NATS_JS_DEFAULT_TIMEOUT_MS 5000

typedef struct
{
  char *stream;
  guint64 stream_seq;
  guint64 consumer_seq;
  guint64 delivered;      /* delivery count of this message */
  guint64 pending;        /* messages left for the consumer */
  gint64 timestamp_ns;
} DdNatsJsMsgInfo;

/* Pure parsers (no I/O), also used by the tests and the fuzz target. */
gboolean    dd_nats_js_parse_pub_ack     (const char       *json,
                                          gsize             len,
                                          guint64          *seq,
                                          gboolean         *duplicate,
                                          char            **stream,
                                          GError          **error);
/* The reply of any API call: its object, or NULL with the mapped error. */
JsonObject *dd_nats_js_parse_api_reply   (const char       *json,
                                          gsize             len,
                                          GError          **error);
gboolean    dd_nats_js_parse_ack_subject (const char       *reply,
                                          DdNatsJsMsgInfo  *info);
void        dd_nats_js_msg_info_clear    (DdNatsJsMsgInfo  *info);

/* Any API call: `api` is what follows "$JS.API.", `body` may be NULL. */
void        dd_nats_js_api_async         (DdNatsClient        *client,
                                          const char          *api,
                                          JsonObject          *body,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* The same with its own timeout (finishes with dd_nats_js_api_finish()). */
void        dd_nats_js_api_timeout_async (DdNatsClient        *client,
                                          const char          *api,
                                          JsonObject          *body,
                                          guint                timeout_ms,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
JsonObject *dd_nats_js_api_finish        (GAsyncResult        *result,
                                          GError             **error);

/* `config` holds at least "name" and "subjects". */
void        dd_nats_js_stream_create_async (DdNatsClient        *client,
                                            JsonObject          *config,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
void        dd_nats_js_stream_info_async   (DdNatsClient        *client,
                                            const char          *stream,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* Both finish with dd_nats_js_api_finish(). */

/* `msg_id` (Nats-Msg-Id) makes a retry within the duplicate window land
 * once; `expected_last_subject_seq` >= 0 adds a compare-and-swap guard. */
void        dd_nats_js_publish_async     (DdNatsClient        *client,
                                          const char          *subject,
                                          const char          *msg_id,
                                          gint64               expected_last_subject_seq,
                                          const void          *data,
                                          gsize                len,
                                          guint                timeout_ms,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* The same with any headers (may be NULL), e.g. KV-Operation. */
void        dd_nats_js_publish_with_headers_async (DdNatsClient        *client,
                                                   const char          *subject,
                                                   DdNatsHeaders       *headers,
                                                   const void          *data,
                                                   gsize                len,
                                                   guint                timeout_ms,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
void        dd_nats_js_headers_add_expected_sequence (DdNatsHeaders *headers,
                                                      gint64         expected_last_subject_seq);
/* The stream sequence, or 0 with an error. */
guint64     dd_nats_js_publish_finish    (GAsyncResult        *result,
                                          gboolean            *duplicate,
                                          GError             **error);

/* A durable pull consumer with explicit acks on `filter_subject` (may be
 * NULL); `extra` (may be NULL) adds config members such as
 * "deliver_policy" and "opt_start_seq". Finishes with the API's. */
void        dd_nats_js_consumer_create_async (DdNatsClient        *client,
                                              const char          *stream,
                                              const char          *durable,
                                              const char          *filter_subject,
                                              JsonObject          *extra,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* Up to `batch` messages; waits up to `expires_ms` for them (0: only what
 * is there now). The server's 404 and 408 end the fetch early. */
void        dd_nats_js_fetch_async       (DdNatsClient        *client,
                                          const char          *stream,
                                          const char          *consumer,
                                          guint                batch,
                                          guint                expires_ms,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* An array of DdNatsMsg (empty when nothing was there). */
GPtrArray  *dd_nats_js_fetch_finish      (GAsyncResult        *result,
                                          GError             **error);
gboolean    dd_nats_js_ack               (DdNatsClient        *client,
                                          const DdNatsMsg     *msg,
                                          GError             **error);

G_END_DECLS
