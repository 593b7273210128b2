/* dd-nats-client-internal.h — what the parts of DdNatsClient share
 *
 * Only dd-nats-client.c (GObject, protocol, public API) and
 * dd-nats-reconnect.c (connection life) include this; the rest of the
 * net layer uses dd-nats-client-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-backoff.h"
#include "dd-nats-client-private.h"
#include "dd-nats-parser.h"
#include "dd-nats-transport.h"

G_BEGIN_DECLS

#define WRITE_THRESHOLD (64 * 1024)
#define MAX_BUFFERED (8 * 1024 * 1024)
#define DEFAULT_PING_INTERVAL_MS (30 * 1000)
#define MAX_PINGS_OUTSTANDING 2

typedef struct
{
  guint64 sid;
  char *subject;
  char *queue_group;
  DdNatsMsgFunc func;
  gpointer user_data;
  GDestroyNotify destroy;
} Subscription;

/* What each PING sent waits for. */
typedef enum
{
  PONG_FOR_HANDSHAKE,
  PONG_FOR_KEEPALIVE,
  PONG_FOR_FLUSH,
} PongWaiter;

struct _DdNatsClient
{
  GObject parent_instance;

  GMainContext *context;
  GPtrArray *servers;
  char *user;
  char *password;
  char *token;
  char *name;
  gboolean allow_insecure;
  GTlsDatabase *tls_database;
  guint ping_interval_ms;

  DdNatsState state;
  DdNatsTransport *transport;
  GCancellable *connect_cancellable;
  DdNatsParser *parser;
  gboolean got_info;
  gsize max_payload;
  char *server_version;   /* from the last INFO, or NULL */
  guint server_index;
  guint failures_this_round;
  guint reconnects;
  DdBackoff *backoff;
  GSource *reconnect_source;
  GSource *ping_source;
  GSource *write_source;
  guint pings_outstanding;
  GError *last_error;

  GString *out;
  GQueue pong_waiters;    /* PongWaiter as pointers */
  GQueue flush_tasks;     /* GTask, in the order of their PINGs */
  GPtrArray *connect_tasks;

  GHashTable *subscriptions; /* sid -> Subscription */
  guint64 next_sid;
  DdNatsInbox *inbox;
  guint64 inbox_sid;
};


enum {
  SERVER_ERROR,
  RECONNECTED,
  _DD_NATS_CLIENT_N_SIGNALS
};

extern guint _dd_nats_client_signals[_DD_NATS_CLIENT_N_SIGNALS];

/* dd-nats-client.c */
void _dd_nats_client_set_state (DdNatsClient *self,
                                DdNatsState   state);

GSource * _dd_nats_client_add_timeout (DdNatsClient *self,
                                       guint         ms,
                                       GSourceFunc   func);

void _dd_nats_client_clear_source (GSource **source);

void _dd_nats_client_write_out (DdNatsClient *self);

void _dd_nats_client_send_ping (DdNatsClient *self,
                                PongWaiter    waiter);

void _dd_nats_client_transport_data_cb (const char *data,
                                        gsize       len,
                                        gpointer    user_data);

/* dd-nats-reconnect.c */
void _dd_nats_client_fail_flushes (DdNatsClient *self,
                                   const GError *error);

void _dd_nats_client_complete_connect_tasks (DdNatsClient *self,
                                             const GError *error);

void _dd_nats_client_on_connected (DdNatsClient *self);

void _dd_nats_client_lose_connection (DdNatsClient *self,
                                      const GError *error);

void _dd_nats_client_connect_next (DdNatsClient *self);

G_END_DECLS
