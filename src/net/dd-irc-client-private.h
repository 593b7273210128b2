/* dd-irc-client-private.h — what the parts of DdIrcClient share
 *
 * The client is split by concept: dd-irc-client.c (GObject, provider
 * interface, writing, public API), dd-irc-connection.c (transport),
 * dd-irc-registration.c (signing in, CAP, line handling),
 * dd-irc-moderation.c (kick and ban) and dd-irc-reconnect.c (reconnect,
 * keepalive, dedupe). Pipeline-context only unless a field says otherwise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "dd-backoff.h"
#include "dd-irc-build.h"
#include "dd-irc-client.h"
#include "dd-irc-framer.h"
#include "dd-irc-message.h"
#include "dd-irc-twitch.h"
#include "dd-net-error.h"
#include "dd-rate-limiter.h"

G_BEGIN_DECLS

#define READ_BUFFER_SIZE       (64 * 1024)
/* Reads per wake-up before the context may run something else. */
#define READS_PER_WAKEUP       16
#define MAX_SINK_BATCH         2000
#define DEDUPE_WINDOW          8192
#define CONNECT_TIMEOUT_S      15
#define MODERATION_TIMEOUT_S   10
#define KEEPALIVE_CHECK_S      15
#define KEEPALIVE_PING_AFTER_US   (60 * G_USEC_PER_SEC)
#define KEEPALIVE_DROP_AFTER_US   (150 * G_USEC_PER_SEC)
#define REGISTRATION_TIMEOUT_US   (30 * G_USEC_PER_SEC)
#define FAILURES_BEFORE_OFFLINE 3
#define STABLE_CONNECTION_US   (10 * G_USEC_PER_SEC)
#define MAX_NICK_RETRIES       5
#define WS_MAX_PAYLOAD         (4 * 1024 * 1024)

typedef enum
{
  MOD_KICK,
  MOD_BAN,
} ModKind;

typedef struct
{
  DdIrcClient *self;     /* owned */
  GTask       *task;     /* owned */
  ModKind      kind;
  char        *channel;
  char        *target;   /* nick or mask */
  guint        seconds;  /* a timed ban's length; 0: permanent */
  char        *line;
  GSource     *timeout;
} ModOp;

struct _DdIrcClient
{
  GObject           parent_instance;

  /* Configuration: set before start, read-only afterwards */
  char             *url;
  char             *origin;        /* WebSocket Origin: the server's own */
  DdIrcTransport    transport;
  char             *host;
  guint16           port;
  char             *nick;
  char             *password;
  char             *oper_name;
  char             *oper_password;
  GPtrArray        *channels;
  gboolean          allow_insecure;
  DdHelixClient    *helix;
  GTlsDatabase     *tls_database;
  guint             backoff_initial_ms;
  guint             backoff_max_ms;

  /* Any thread, under mutex */
  GMutex            mutex;
  DdIrcClientStats  stats;
  GHashTable       *acked_caps;
  GMainContext     *context;
  gboolean          connected;     /* registered on the current connection */
  char             *last_error;    /* why the last connection ended */

  DdRateLimiter    *limiter;       /* thread-safe itself */
  DdConnectivity   *connectivity;

  /* Pipeline context only */
  gboolean          running;
  DdChatSink        sink;
  gpointer          sink_data;
  GCancellable     *cancellable;   /* of the current connection attempt */
  GSocketClient    *socket_client;
  GIOStream        *stream;
  GSource          *read_source;
  SoupSession      *session;
  SoupWebsocketConnection *ws;
  GByteArray       *out_queue;
  gboolean          writing;
  char             *read_buffer;
  DdIrcFramer      *framer;
  DdIrcTwitchDecoder *decoder;
  DdIrcClientStats  local_stats;   /* copied to stats after each read */
  guint64           parse_failures;
  char             *current_nick;
  guint             nick_retries;
  gboolean          registered;
  GString          *cap_offered;   /* CAP LS lines gathered so far */
  GHashTable       *seen_ids;      /* msgids delivered, keys in seen_ring */
  char            **seen_ring;
  guint             seen_pos;
  GPtrArray        *batch;
  gint64            received_us;   /* wall time of the current read */
  DdBackoff        *backoff;
  GSource          *reconnect_source;
  GSource          *keepalive_source;
  gint64            last_rx_us;
  gint64            connect_started_us;
  gint64            registered_us;  /* monotonic time of the last 001 */
  gboolean          ping_sent;
  guint             failures;      /* since the last registration */
  GQueue            pending_ops;   /* ModOp, oldest first */
  GHashTable       *room_ids;      /* channel (lower case) -> Twitch room-id */
};

enum {
  SIGNAL_REGISTERED,
  SIGNAL_JOINED,
  SIGNAL_NOTICE,
  SIGNAL_CLEAR_CHAT,
  SIGNAL_CLEAR_MESSAGE,
  SIGNAL_KICKED,
  _DD_IRC_CLIENT_N_SIGNALS
};

extern guint _dd_irc_client_signals[_DD_IRC_CLIENT_N_SIGNALS];

typedef struct
{
  DdIrcClient  *self;
  GCancellable *cancellable;
  GBytes       *bytes;       /* being written, if any */
} CallData;

/* dd-irc-client.c */
gboolean _dd_irc_client_check_security (DdIrcClient  *self,
                                        GError      **error);

void _dd_irc_client_update_connectivity (DdIrcClient         *self,
                                         DdConnectivityState  state,
                                         const char          *detail);

void _dd_irc_client_publish_stats (DdIrcClient *self);

void _dd_irc_client_set_connected (DdIrcClient *self,
                                   gboolean     connected);

void _dd_irc_client_flush_batch (DdIrcClient *self);

CallData * _dd_irc_client_call_data_new (DdIrcClient *self);

void _dd_irc_client_call_data_free (CallData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CallData, _dd_irc_client_call_data_free)

void _dd_irc_client_send_line (DdIrcClient *self,
                               const char  *line);

void _dd_irc_client_send_built (DdIrcClient *self,
                                char        *line);

/* dd-irc-moderation.c */
void _dd_irc_client_mod_op_complete (ModOp  *op,
                                     GError *error);

void _dd_irc_client_fail_pending_ops (DdIrcClient *self);

ModOp * _dd_irc_client_find_pending_op (DdIrcClient *self,
                                        ModKind      kind,
                                        const char  *channel,
                                        const char  *target);

void _dd_irc_client_moderate_async (DdChatProvider      *provider,
                                    DdChatModAction      action,
                                    DdChatMessage       *target,
                                    guint                duration_s,
                                    const char          *reason,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);

gboolean _dd_irc_client_moderate_finish (DdChatProvider  *provider,
                                         GAsyncResult    *result,
                                         GError         **error);

/* dd-irc-registration.c */
void _dd_irc_client_feed (DdIrcClient *self,
                          const char  *data,
                          gsize        len);

void _dd_irc_client_send_registration (DdIrcClient *self);

/* dd-irc-connection.c */
void _dd_irc_client_start_connecting (DdIrcClient *self);

void _dd_irc_client_close_connection (DdIrcClient *self);

/* dd-irc-reconnect.c */
gboolean _dd_irc_client_seen_before (DdIrcClient *self,
                                     const char  *id);

void _dd_irc_client_connection_lost (DdIrcClient  *self,
                                     const GError *error);

gboolean _dd_irc_client_keepalive_cb (gpointer user_data);

G_END_DECLS
