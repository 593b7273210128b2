/* dd-nats-client.h — a NATS connection on the GLib main loop
 *
 * Connects to the first reachable server of a list (WebSocket or TCP, see
 * dd-nats-transport.h), sends CONNECT after the server's INFO, answers and
 * sends keepalive PINGs, and reconnects over the list with backoff and
 * jitter when the connection is lost, subscribing again. Publishes are
 * buffered and written once per main-loop turn (or when 64 KiB gather);
 * while reconnecting they wait in the buffer (up to 8 MiB).
 *
 * Requests use one wildcard inbox subscription; a request nobody listens to
 * fails at once with DD_NATS_ERROR_NO_RESPONDERS. A permission violation
 * is emitted as ::server-error and keeps the connection (NATS names no
 * request, so a denied request ends in its timeout).
 *
 * All callbacks run on the GMainContext that was thread-default when the
 * client was created.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-nats-error.h"
#include "dd-nats-headers.h"
#include "dd-nats-msg.h"
#include "dd-nats-state.h"

G_BEGIN_DECLS

#define DD_TYPE_NATS_CLIENT (dd_nats_client_get_type ())

G_DECLARE_FINAL_TYPE (DdNatsClient, dd_nats_client, DD, NATS_CLIENT, GObject)

/* `msg` lives only during the call: dd_nats_msg_copy() to keep it. */
typedef void (*DdNatsMsgFunc) (DdNatsClient    *client,
                               const DdNatsMsg *msg,
                               gpointer         user_data);

DdNatsClient *dd_nats_client_new                 (const char * const  *servers);
void          dd_nats_client_set_credentials     (DdNatsClient        *self,
                                                  const char          *user,
                                                  const char          *password);
void          dd_nats_client_set_token           (DdNatsClient        *self,
                                                  const char          *token);
void          dd_nats_client_set_name            (DdNatsClient        *self,
                                                  const char          *name);
/* Allows plain ws:// and nats:// to remote hosts (a per-account setting
 * the UI marks as insecure). */
void          dd_nats_client_set_allow_insecure  (DdNatsClient        *self,
                                                  gboolean             allow_insecure);
/* Which certificates to trust (NULL: the system's). */
void          dd_nats_client_set_tls_database    (DdNatsClient        *self,
                                                  GTlsDatabase        *database);
void          dd_nats_client_set_ping_interval   (DdNatsClient        *self,
                                                  guint                interval_ms);
void          dd_nats_client_set_reconnect_delay (DdNatsClient        *self,
                                                  guint                initial_ms,
                                                  guint                max_ms);

/* Completes once connected; fails when every server failed once (the
 * client then keeps trying in the background until closed). */
void          dd_nats_client_connect_async       (DdNatsClient        *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean      dd_nats_client_connect_finish      (DdNatsClient        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* Writes what is buffered and ends the connection for good. */
void          dd_nats_client_close               (DdNatsClient        *self);

DdNatsState   dd_nats_client_get_state           (DdNatsClient        *self);
/* The URL of the server in use, or NULL. */
const char   *dd_nats_client_get_server_url      (DdNatsClient        *self);
gsize         dd_nats_client_get_max_payload     (DdNatsClient        *self);
/* The server's version from its INFO ("2.9.10"), or NULL. */
const char   *dd_nats_client_get_server_version  (DdNatsClient        *self);
guint         dd_nats_client_get_reconnects      (DdNatsClient        *self);

/* Returns the subscription id (never 0), or 0 with an error. */
guint64       dd_nats_client_subscribe           (DdNatsClient        *self,
                                                  const char          *subject,
                                                  const char          *queue_group,
                                                  DdNatsMsgFunc        func,
                                                  gpointer             user_data,
                                                  GDestroyNotify       destroy,
                                                  GError             **error);
void          dd_nats_client_unsubscribe         (DdNatsClient        *self,
                                                  guint64              sid);

/* `headers` may be NULL (a PUB) or not (an HPUB). */
gboolean      dd_nats_client_publish             (DdNatsClient        *self,
                                                  const char          *subject,
                                                  const char          *reply,
                                                  DdNatsHeaders       *headers,
                                                  const void          *data,
                                                  gsize                len,
                                                  GError             **error);
/* Writes the buffer and waits until the server has read it (PING/PONG). */
void          dd_nats_client_flush_async         (DdNatsClient        *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean      dd_nats_client_flush_finish        (DdNatsClient        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

void          dd_nats_client_request_async       (DdNatsClient        *self,
                                                  const char          *subject,
                                                  DdNatsHeaders       *headers,
                                                  const void          *data,
                                                  gsize                len,
                                                  guint                timeout_ms,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* The reply, or NULL with DD_NET_ERROR_TIMEOUT, DD_NATS_ERROR_NO_RESPONDERS,
 * DD_NET_ERROR_NOT_CONNECTED or G_IO_ERROR_CANCELLED. */
DdNatsMsg    *dd_nats_client_request_finish      (DdNatsClient        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
