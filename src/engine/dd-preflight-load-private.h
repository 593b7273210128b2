/* dd-preflight-load-private.h — what the files of the load generator
 * behind DdPreflight share: its kinds of traffic, a viewer and the load
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "dd-preflight-checkout.h"
#include "dd-preflight-private.h"
#include "dd-preflight-sockets.h"
#include "dd-preflight-stats.h"

G_BEGIN_DECLS

typedef enum
{
  VIEWER_WAITING,
  VIEWER_CONNECTING,   /* WebSocket upgrade */
  VIEWER_HANDSHAKE,    /* CONNECT + SUB sent, waiting for the PONG */
  VIEWER_READY,
  VIEWER_GONE,         /* failed or dropped */
} ViewerState;

typedef enum
{
  KIND_CHAT,
  KIND_OVERLAY,
  KIND_CHECKOUT,
  KIND_CONNECT,
  KIND_CHECKOUT_REQUEST,   /* each request of a whole (Medusa) checkout */
  N_KINDS
} Kind;

typedef struct _Viewer Viewer;

typedef enum
{
  PHASE_RUNNING,
  PHASE_DRAINING,
  PHASE_CLOSING,
  PHASE_DONE,
} Phase;

struct _DdPreflightLoad
{
  DdPreflightOptions options;
  char *run_id;
  char *subject_base;
  char *tag;
  GBytes *checkout_body;

  DdPreflightSockets *sockets;
  SoupSession *http_session;
  GCancellable *cancellable;
  GMainLoop *loop;
  const gint *cancelled;
  DdPreflightProgressFunc progress;
  gpointer progress_data;

  gint64 start_us;
  gint64 hold_start_us;   /* the ramp is over */
  gint64 end_us;          /* no new work after this */
  gint64 phase_until_us;
  gint64 last_progress_us;
  gint64 elapsed_us;
  Phase phase;
  gboolean was_cancelled;
  Viewer *viewers;
  guint n_started;
  guint connected;
  guint dropped;

  DdPreflightSlo slos[N_KINDS];
  DdPreflightStats stats[N_KINDS];
  DdPreflightStats recent[N_KINDS];
  DdPreflightCheckout *checkout;   /* Medusa flow, once prepared */
  char *checkout_target;           /* what the prepared checkout buys */
  gboolean checkout_prepared;
  guint64 chat_requested;   /* sends due in the hold */
  guint64 chat_delivered;   /* of those, delivered back */
  GHashTable *problems;     /* "kind\tmessage" -> count */
};

struct _Viewer
{
  DdPreflightLoad *load;
  GString *partial;         /* an operation split over frames, rarely */
  gint64 start_us;
  gint64 connect_started_us;
  gint64 next_chat_us;
  gint64 next_overlay_us;
  gint64 next_checkout_us;
  gint64 overlay_started_us;
  gint64 checkout_started_us;
  guint32 id;
  guint8 state;
  guint8 overlay_busy : 1;
  guint8 checkout_busy : 1;
  guint8 probes_checkout : 1;
};

/* "chat", "overlay", "checkout", "connect", "checkout_requests" */
const char *_dd_preflight_load_kind_name (Kind kind);

G_END_DECLS
