/* dd-nats-transport.h — the byte stream under a NATS connection
 *
 * One connection to one server URL, on the thread-default GMainContext:
 *   nats://HOST[:PORT]   TCP (TLS after the server's INFO unless HOST is
 *                        loopback, as NATS 2.9 negotiates it)
 *   tls://HOST[:PORT]    TCP, always TLS after INFO
 *   ws://HOST:PORT/PATH  WebSocket (libsoup): loopback only, unless allowed
 *   wss://HOST:PORT/PATH WebSocket over TLS
 * WebSocket frames are treated as one byte stream in both directions.
 * Received bytes go to the data callback as they arrive; `closed` is called
 * once when the peer or the network ends the connection (never after
 * dd_nats_transport_close()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DD_TYPE_NATS_TRANSPORT (dd_nats_transport_get_type ())

G_DECLARE_FINAL_TYPE (DdNatsTransport, dd_nats_transport, DD, NATS_TRANSPORT, GObject)

typedef void (*DdNatsTransportDataFunc)   (const char   *data,
                                           gsize         len,
                                           gpointer      user_data);
typedef void (*DdNatsTransportClosedFunc) (const GError *error,
                                           gpointer      user_data);

/* FALSE with DD_NET_ERROR_NOT_SUPPORTED when the URL cannot be used
 * (unknown scheme, plain WebSocket to a remote host). */
gboolean         dd_nats_transport_check_url        (const char                *url,
                                                     gboolean                   allow_insecure,
                                                     GError                   **error);
/* `tls_database` (may be NULL: the system's) decides which certificates
 * are trusted. */
void             dd_nats_transport_connect_async    (const char                *url,
                                                     gboolean                   allow_insecure,
                                                     GTlsDatabase              *tls_database,
                                                     GCancellable              *cancellable,
                                                     GAsyncReadyCallback        callback,
                                                     gpointer                   user_data);
DdNatsTransport *dd_nats_transport_connect_finish   (GAsyncResult              *result,
                                                     GError                   **error);
void             dd_nats_transport_start            (DdNatsTransport           *self,
                                                     DdNatsTransportDataFunc    data_func,
                                                     DdNatsTransportClosedFunc  closed_func,
                                                     gpointer                   user_data);
/* Queues `len` bytes; on WebSocket they become one binary frame. */
void             dd_nats_transport_send             (DdNatsTransport           *self,
                                                     const char                *data,
                                                     gsize                      len);
/* Bytes handed to send() that the socket has not taken yet (TCP). */
gsize            dd_nats_transport_get_queued_bytes (DdNatsTransport           *self);
const char      *dd_nats_transport_get_url          (DdNatsTransport           *self);
/* Ends the connection; no callback is called afterwards. */
void             dd_nats_transport_close            (DdNatsTransport           *self);

G_END_DECLS
