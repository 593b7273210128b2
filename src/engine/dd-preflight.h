/* dd-preflight.h — the preflight synthetic load: N simulated viewers
 * against the drop's real chat server and commerce store
 *
 * Every viewer holds a chat connection (NATS over WebSocket, ws:// or
 * wss://) and publishes a chat message every chat interval on its own
 * subject, which the server delivers back to it: the round trip is the
 * "chat" write latency. Every viewer also reads the offer overlay (an HTTP
 * GET) every overlay interval ("overlay": reads), and a fraction of them run
 * a checkout probe (an HTTP POST of a JSON body to the commerce store, for
 * Medusa `POST /store/carts` with the publishable key) every checkout
 * interval ("checkout": writes and success rate).
 *
 * With the Medusa checkout flow a probe is a whole guest checkout (cart
 * with a line item, shipping method, payment session with the system
 * provider, completion into an order): "checkout" then counts checkouts
 * (success >= 99.5 %; its latency is the whole checkout's, reported but
 * not judged) and "checkout_requests" each of their requests, judged as
 * writes. A store that refuses the publishable key, has no region, product
 * or shipping fails the checkout kind at once with the reason in
 * "problems"; the other kinds still run.
 *
 * Synthetic traffic is tagged so it never counts as real viewers or sales:
 * chat subjects start with "dropdeck.preflight.<run>.", HTTP requests carry
 * "X-Dropdeck-Synthetic: preflight <run>" (and the default checkout body
 * carries metadata {"dropdeck_synthetic": "preflight <run>"}).
 *
 * Viewers join evenly over the ramp-up, then the load holds for the
 * duration. All of it runs on one thread with its own GMainContext (a
 * viewer costs a few dozen bytes besides its socket); progress arrives on
 * the caller's thread-default context. Cancelling ends the run at once and
 * still returns the report of what ran, marked cancelled.
 *
 * The report (a JSON object):
 *   {"run", "viewers", "connected", "dropped", "ramp_s", "duration_s",
 *    "elapsed_s", "cancelled", "fd_limit", "notes": [..],
 *    "chat": STATS, "overlay": STATS, "checkout": STATS, "connect": STATS,
 *    "checkout_requests": STATS (Medusa flow), "checkout_target": "…" (Medusa
 *    flow: the region, variant and shipping option used),
 *    "chat_rate": {"requested_per_s", "delivered_per_s", "ratio"},
 *    "problems": [{"kind", "message", "count"}], "passed"}
 * where STATS is dd_preflight_stats_to_json() and the service levels are:
 * reads p95 <= 150 ms and p99 <= 400 ms; writes p95 <= 300 ms and
 * p99 <= 600 ms; checkout success >= 99.5 %.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DD_TYPE_PREFLIGHT (dd_preflight_get_type ())
G_DECLARE_FINAL_TYPE (DdPreflight, dd_preflight, DD, PREFLIGHT, GObject)

/* The probe id of the automated checklist item this runs. */
#define DD_CHECKLIST_PROBE_PREFLIGHT_LOAD "preflight-load"

/* What a checkout probe does. */
typedef enum
{
  DD_PREFLIGHT_CHECKOUT_POST,    /* one POST of checkout_body to checkout_url */
  DD_PREFLIGHT_CHECKOUT_MEDUSA,  /* a whole guest checkout through the Medusa
                                  * store API at checkout_url (its base
                                  * address), dd-preflight-checkout.h */
} DdPreflightCheckoutFlow;

typedef struct
{
  guint   viewers;              /* default 5,000 */
  double  ramp_s;               /* default 30 */
  double  duration_s;           /* the hold after the ramp, default 60 */
  char   *chat_url;             /* NATS WebSocket URL, or NULL: no chat */
  double  chat_interval_s;      /* per viewer, default 5 */
  char   *overlay_url;          /* GET, or NULL: no overlay reads */
  double  overlay_interval_s;   /* per viewer, default 10 */
  char   *checkout_url;         /* POST, or NULL: no checkout probes */
  char   *checkout_key;         /* sent as x-publishable-api-key, or NULL */
  char   *checkout_body;        /* JSON; NULL: the tagged default */
  char   *checkout_expect;      /* a member the answer's object must have, or NULL */
  double  checkout_fraction;    /* of the viewers, default 0.02 */
  double  checkout_interval_s;  /* per probing viewer, default 20 */
  DdPreflightCheckoutFlow checkout_flow;  /* default POST */
  char   *checkout_variant;     /* Medusa flow: the variant to buy, or NULL:
                                 * the first the store lists */
} DdPreflightOptions;

/* What the run looks like now, every quarter of a second; the latencies are
 * p95 over the last quarter (0 when nothing finished in it). */
typedef struct
{
  double  elapsed_s;
  double  total_s;
  guint   viewers;
  guint   connected;
  double  chat_p95_ms;
  double  overlay_p95_ms;
  double  checkout_p95_ms;
  guint64 completed;
  guint64 errors;
} DdPreflightProgress;

void         dd_preflight_options_init  (DdPreflightOptions       *options);
void         dd_preflight_options_clear (DdPreflightOptions       *options);
/* `dest` gets copies of `src`'s strings; clear it when done. */
void         dd_preflight_options_copy  (DdPreflightOptions       *dest,
                                         const DdPreflightOptions *src);

DdPreflight *dd_preflight_new           (const DdPreflightOptions *options);
/* FALSE with a message naming the option when the options cannot run:
 * no target at all, a bad URL, plain ws:// or http:// to another computer,
 * a checkout body that is not JSON, a bad number. */
gboolean     dd_preflight_check         (DdPreflight              *self,
                                         GError                  **error);
/* Runs the load. Raises the soft open-file limit as far as the viewers
 * need; when the hard limit is too low it fails at once and says which
 * limit to raise. The "progress" signal (DdPreflightProgress *) is emitted
 * on the calling thread's thread-default context. */
void         dd_preflight_run_async     (DdPreflight              *self,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data);
/* The report, also when cancelled (then "cancelled" is true). */
JsonObject  *dd_preflight_run_finish    (DdPreflight              *self,
                                         GAsyncResult             *result,
                                         GError                  **error);
gboolean     dd_preflight_is_running    (DdPreflight              *self);

/* The report's verdict: every service level met, not cancelled. */
gboolean     dd_preflight_report_passed  (JsonObject *report);
/* One paragraph for people, the checklist item's evidence: viewers, each
 * kind's p95/p99 and errors, the verdict. */
char        *dd_preflight_report_summary (JsonObject *report);
char        *dd_preflight_report_to_json (JsonObject *report,
                                          gboolean    pretty);

G_END_DECLS
