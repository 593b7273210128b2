/* dd-preflight-load.c — the load generator behind DdPreflight: simulated
 * viewers on one GMainContext
 *
 * A viewer is a small struct (no GObject, no per-viewer timer): one 10 ms
 * tick walks them all and starts what is due. Chat is NATS over a libsoup
 * WebSocket, spoken directly (CONNECT, SUB, PING, PUB; MSG, PING, PONG,
 * -ERR back) so that a viewer needs no client object; each chat message
 * carries its send time, so nothing per message is kept either. HTTP reads
 * and checkout probes share one SoupSession's connection pool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "dd-preflight-load-private.h"

#define TICK_MS 10
#define PROGRESS_US (G_USEC_PER_SEC / 4)
#define DRAIN_US (2 * G_USEC_PER_SEC)
/* A whole checkout is several requests: let the last ones finish. */
#define CHECKOUT_DRAIN_US (20 * G_USEC_PER_SEC)
#define CLOSE_US (G_USEC_PER_SEC)
#define HTTP_CONNECTIONS 128
#define HANDSHAKE_TIMEOUT_US (15 * G_USEC_PER_SEC)
#define MAX_PROBLEMS 20
#define SUBJECT_PREFIX "dropdeck.preflight"

static const char * const kind_names[N_KINDS] = { "chat", "overlay", "checkout", "connect", "checkout_requests" };

/* writes, reads, checkout, connecting (the connect level is informative),
 * the requests of whole checkouts (writes) */
static const DdPreflightSlo kind_slos[N_KINDS] = {
  { 300, 600, 0 },
  { 150, 400, 0 },
  { 300, 600, 0.995 },
  { 1000, 3000, 0 },
  { 300, 600, 0 },
};
/* A whole checkout: judged by its success; its requests by their latency. */
static const DdPreflightSlo whole_checkout_slo = { 0, 0, 0.995 };

const char *
_dd_preflight_load_kind_name (Kind kind)
{
  return kind_names[kind];
}

static void
note_problem (DdPreflightLoad *load,
              Kind             kind,
              const char      *message)
{
  g_autofree char *key = g_strdup_printf ("%s\t%s", kind_names[kind], message);
  gpointer count = g_hash_table_lookup (load->problems, key);

  if (count == NULL && g_hash_table_size (load->problems) >= MAX_PROBLEMS)
    return;
  g_hash_table_replace (load->problems, g_steal_pointer (&key), GSIZE_TO_POINTER (GPOINTER_TO_SIZE (count) + 1));
}

static void
record_error (DdPreflightLoad *load,
              Kind             kind,
              const char      *message)
{
  dd_preflight_stats_add_error (&load->stats[kind]);
  dd_preflight_stats_add_error (&load->recent[kind]);
  note_problem (load, kind, message);
}

static void
record_latency (DdPreflightLoad *load,
                Kind             kind,
                gint64           latency_us)
{
  dd_preflight_stats_add (&load->stats[kind], latency_us);
  dd_preflight_stats_add (&load->recent[kind], latency_us);
}

/* ---- chat: NATS over WebSocket ---------------------------------------- */

static void
viewer_gone (Viewer     *viewer,
             const char *why)
{
  DdPreflightLoad *load = viewer->load;

  if (viewer->state == VIEWER_READY)
    {
      load->connected--;
      if (load->phase == PHASE_RUNNING)
        {
          load->dropped++;
          record_error (load, KIND_CHAT, why);
        }
    }
  else if (viewer->state == VIEWER_CONNECTING || viewer->state == VIEWER_HANDSHAKE)
    record_error (load, KIND_CONNECT, why);
  viewer->state = VIEWER_GONE;
  if (load->sockets != NULL)
    dd_preflight_sockets_close (load->sockets, viewer->id);
  if (viewer->partial != NULL)
    g_string_free (g_steal_pointer (&viewer->partial), TRUE);
}

static void
chat_message_arrived (Viewer     *viewer,
                      const char *payload,
                      gsize       len)
{
  DdPreflightLoad *load = viewer->load;
  char text[24];
  gint64 sent_us;

  if (len == 0 || len >= sizeof text)
    return;
  memcpy (text, payload, len);
  text[len] = '\0';
  sent_us = g_ascii_strtoll (text, NULL, 10);
  if (sent_us <= 0)
    return;
  record_latency (load, KIND_CHAT, g_get_monotonic_time () - sent_us);
  if (sent_us >= load->hold_start_us && sent_us < load->end_us)
    load->chat_delivered++;
}

/* Handles the complete operations at the start of `data`; returns how many
 * bytes were used (the rest is an operation still arriving). */
static gsize
parse_operations (Viewer     *viewer,
                  const char *data,
                  gsize       len)
{
  gsize used = 0;

  while (used < len && viewer->state != VIEWER_GONE)
    {
      const char *line = data + used;
      const char *end = g_strstr_len (line, len - used, "\r\n");
      gsize line_len;

      if (end == NULL)
        break;
      line_len = end - line;
      if (line_len >= 4 && memcmp (line, "MSG ", 4) == 0)
        {
          g_autofree char *header = g_strndup (line, line_len);
          g_auto(GStrv) fields = g_strsplit (header, " ", 0);
          guint n = g_strv_length (fields);
          guint64 size;

          if (n < 4 || !g_ascii_string_to_unsigned (fields[n - 1], 10, 0, G_MAXINT, &size, NULL))
            {
              viewer_gone (viewer, _("The chat server sent a message it could not have sent (garbage)"));
              break;
            }
          if (line_len + 2 + size + 2 > len - used)
            break;
          chat_message_arrived (viewer, end + 2, size);
          used += line_len + 2 + size + 2;
          continue;
        }
      if (line_len == 4 && memcmp (line, "PING", 4) == 0)
        dd_preflight_sockets_send (viewer->load->sockets, viewer->id, "PONG\r\n", 6);
      else if (line_len == 4 && memcmp (line, "PONG", 4) == 0 && viewer->state == VIEWER_HANDSHAKE)
        {
          viewer->state = VIEWER_READY;
          viewer->load->connected++;
          record_latency (viewer->load, KIND_CONNECT, g_get_monotonic_time () - viewer->connect_started_us);
        }
      else if (line_len >= 4 && memcmp (line, "-ERR", 4) == 0)
        {
          g_autofree char *message = g_strndup (line, line_len);

          note_problem (viewer->load, KIND_CHAT, message);
        }
      else if (!(line_len >= 4 && (memcmp (line, "INFO", 4) == 0 || memcmp (line, "+OK", 3) == 0)))
        {
          viewer_gone (viewer, _("The chat server answered something that is not NATS (garbage)"));
          break;
        }
      used += line_len + 2;
    }
  return used;
}

static void
chat_bytes (Viewer     *viewer,
            const char *data,
            gsize       len)
{
  gsize used;

  if (viewer->partial != NULL)
    {
      g_string_append_len (viewer->partial, data, len);
      used = parse_operations (viewer, viewer->partial->str, viewer->partial->len);
      if (viewer->partial == NULL)
        return;
      g_string_erase (viewer->partial, 0, used);
      if (viewer->partial->len == 0)
        g_string_free (g_steal_pointer (&viewer->partial), TRUE);
      return;
    }
  used = parse_operations (viewer, data, len);
  if (used < len && viewer->state != VIEWER_GONE)
    viewer->partial = g_string_new_len (data + used, len - used);
}

static void
socket_event_cb (guint                   id,
                 DdPreflightSocketEvent  event,
                 const char             *data,
                 gsize                   len,
                 const char             *why,
                 gpointer                user_data)
{
  DdPreflightLoad *load = user_data;
  Viewer *viewer = &load->viewers[id];
  g_autofree char *hello = NULL;

  switch (event)
    {
    case DD_PREFLIGHT_SOCKET_OPEN:
      hello = g_strdup_printf ("CONNECT {\"verbose\":false,\"pedantic\":false,\"name\":\"%s %u\","
                               "\"lang\":\"c\",\"version\":\"" PACKAGE_VERSION "\",\"protocol\":1}\r\n"
                               "SUB %s.%u 1\r\nPING\r\n",
                               load->tag, viewer->id, load->subject_base, viewer->id);
      viewer->state = VIEWER_HANDSHAKE;
      dd_preflight_sockets_send (load->sockets, id, hello, strlen (hello));
      break;
    case DD_PREFLIGHT_SOCKET_DATA:
      if (viewer->state == VIEWER_HANDSHAKE || viewer->state == VIEWER_READY)
        chat_bytes (viewer, data, len);
      break;
    case DD_PREFLIGHT_SOCKET_CLOSED:
    default:
      if (viewer->state != VIEWER_GONE)
        viewer_gone (viewer, why);
      break;
    }
}

static void
viewer_connect (Viewer *viewer,
                gint64  now)
{
  viewer->state = VIEWER_CONNECTING;
  viewer->connect_started_us = now;
  if (viewer->load->sockets == NULL)
    {
      viewer_gone (viewer, _("The chat server’s address could not be used"));
      return;
    }
  dd_preflight_sockets_connect (viewer->load->sockets, viewer->id);
}

static void
viewer_send_chat (Viewer *viewer,
                  gint64  now)
{
  DdPreflightLoad *load = viewer->load;
  char stamp[24];
  char *frame;
  int stamp_len;

  stamp_len = g_snprintf (stamp, sizeof stamp, "%" G_GINT64_FORMAT, now);
  frame = g_strdup_printf ("PUB %s.%u %d\r\n%s\r\n", load->subject_base, viewer->id, stamp_len, stamp);
  dd_preflight_sockets_send (load->sockets, viewer->id, frame, strlen (frame));
  g_free (frame);
}

/* ---- overlay reads and checkout probes over HTTP ------------------------ */

static void
http_done (DdPreflightLoad *load,
           Kind             kind,
           SoupMessage     *message,
           GBytes          *body,
           const GError    *error,
           gint64           started_us)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *why = NULL;
  guint status;

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        record_error (load, kind, error->message);
      return;
    }
  status = soup_message_get_status (message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* Translators: a failed request in the preflight report, "HTTP 503 Service Unavailable" */
      why = g_strdup_printf (_("HTTP %u %s"), status, soup_message_get_reason_phrase (message));
      record_error (load, kind, why);
      return;
    }
  if (kind == KIND_CHECKOUT)
    {
      gsize len;
      const char *data = g_bytes_get_data (body, &len);
      JsonNode *root;

      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, data, len, NULL)
          || !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
        {
          record_error (load, kind, _("The checkout answer is not a JSON object (garbage)"));
          return;
        }
      if (load->options.checkout_expect != NULL
          && !json_object_has_member (json_node_get_object (root), load->options.checkout_expect))
        {
          why = g_strdup_printf (_("The checkout answer has no “%s”"), load->options.checkout_expect);
          record_error (load, kind, why);
          return;
        }
    }
  record_latency (load, kind, g_get_monotonic_time () - started_us);
}

/* The end of an overlay read or a checkout probe. */
static void
request_done (GObject      *source,
              GAsyncResult *result,
              Viewer       *viewer,
              Kind          kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  gboolean checkout = kind == KIND_CHECKOUT;

  if (checkout)
    viewer->checkout_busy = FALSE;
  else
    viewer->overlay_busy = FALSE;
  http_done (viewer->load, kind, soup_session_get_async_result_message (SOUP_SESSION (source), result),
             body, error, checkout ? viewer->checkout_started_us : viewer->overlay_started_us);
}

static void
overlay_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  request_done (source, result, user_data, KIND_OVERLAY);
}

static void
checkout_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  request_done (source, result, user_data, KIND_CHECKOUT);
}

static void
checkout_step_cb (gint64   latency_us,
                  gpointer user_data)
{
  record_latency (user_data, KIND_CHECKOUT_REQUEST, latency_us);
}

/* The end of a whole checkout (Medusa flow). */
static void
whole_checkout_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Viewer *viewer = user_data;
  DdPreflightLoad *load = viewer->load;
  g_autoptr(GError) error = NULL;
  g_autofree char *order = dd_preflight_checkout_run_finish (result, &error);

  viewer->checkout_busy = FALSE;
  if (order != NULL)
    record_latency (load, KIND_CHECKOUT, g_get_monotonic_time () - viewer->checkout_started_us);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      dd_preflight_stats_add_error (&load->stats[KIND_CHECKOUT_REQUEST]);
      record_error (load, KIND_CHECKOUT, error->message);
    }
}

static void
viewer_request (Viewer *viewer,
                Kind    kind,
                gint64  now)
{
  DdPreflightLoad *load = viewer->load;
  gboolean checkout = kind == KIND_CHECKOUT;
  g_autoptr(SoupMessage) message = NULL;
  SoupMessageHeaders *headers;

  if (checkout && load->checkout != NULL)
    {
      viewer->checkout_busy = TRUE;
      viewer->checkout_started_us = now;
      dd_preflight_checkout_run_async (load->checkout, checkout_step_cb, load, load->cancellable,
                                       whole_checkout_cb, viewer);
      return;
    }
  message = soup_message_new (checkout ? SOUP_METHOD_POST : SOUP_METHOD_GET,
                              checkout ? load->options.checkout_url : load->options.overlay_url);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_append (headers, "X-Dropdeck-Synthetic", load->tag);
  if (checkout)
    {
      if (load->options.checkout_key != NULL)
        soup_message_headers_append (headers, "x-publishable-api-key", load->options.checkout_key);
      soup_message_set_request_body_from_bytes (message, "application/json", load->checkout_body);
      viewer->checkout_busy = TRUE;
      viewer->checkout_started_us = now;
    }
  else
    {
      viewer->overlay_busy = TRUE;
      viewer->overlay_started_us = now;
    }
  soup_session_send_and_read_async (load->http_session, message, G_PRIORITY_DEFAULT, load->cancellable,
                                    checkout ? checkout_cb : overlay_read_cb, viewer);
}

/* ---- the tick ------------------------------------------------------------ */

static void
emit_progress (DdPreflightLoad *load,
               gint64           now)
{
  DdPreflightProgress progress = { 0 };

  progress.elapsed_s = (now - load->start_us) / (double) G_USEC_PER_SEC;
  progress.total_s = load->options.ramp_s + load->options.duration_s;
  progress.viewers = load->options.viewers;
  progress.connected = load->connected;
  progress.chat_p95_ms = dd_preflight_stats_percentile (&load->recent[KIND_CHAT], 0.95);
  progress.overlay_p95_ms = dd_preflight_stats_percentile (&load->recent[KIND_OVERLAY], 0.95);
  progress.checkout_p95_ms = dd_preflight_stats_percentile (&load->recent[load->checkout != NULL
                                                                          ? KIND_CHECKOUT_REQUEST : KIND_CHECKOUT],
                                                           0.95);
  for (guint i = 0; i < N_KINDS; i++)
    {
      progress.completed += load->stats[i].count;
      progress.errors += load->stats[i].errors;
      dd_preflight_stats_clear (&load->recent[i]);
    }
  load->last_progress_us = now;
  if (load->progress != NULL)
    load->progress (&progress, load->progress_data);
}

static void
tick_viewer (DdPreflightLoad *load,
             Viewer          *viewer,
             gint64           now)
{
  const DdPreflightOptions *options = &load->options;

  if (now < viewer->start_us)
    return;
  if (viewer->state == VIEWER_WAITING)
    {
      load->n_started++;
      if (options->chat_url != NULL)
        viewer_connect (viewer, now);
      else
        viewer->state = VIEWER_READY;
    }
  else if (viewer->state == VIEWER_HANDSHAKE || viewer->state == VIEWER_CONNECTING)
    {
      if (now - viewer->connect_started_us > HANDSHAKE_TIMEOUT_US)
        viewer_gone (viewer, _("The chat server did not answer within 15 s"));
    }

  if (options->chat_url != NULL && now >= viewer->next_chat_us)
    {
      gboolean counted = now >= load->hold_start_us;

      viewer->next_chat_us += (gint64) (options->chat_interval_s * G_USEC_PER_SEC);
      if (counted)
        load->chat_requested++;
      if (viewer->state == VIEWER_READY)
        viewer_send_chat (viewer, now);
      else if (counted)
        record_error (load, KIND_CHAT, viewer->state == VIEWER_GONE
                                       ? _("A viewer had no chat connection when its message was due")
                                       : _("A viewer was still connecting when its message was due"));
    }
  if (options->overlay_url != NULL && now >= viewer->next_overlay_us)
    {
      viewer->next_overlay_us += (gint64) (options->overlay_interval_s * G_USEC_PER_SEC);
      if (viewer->overlay_busy)
        record_error (load, KIND_OVERLAY, _("The previous overlay read had not finished when the next was due"));
      else
        viewer_request (viewer, KIND_OVERLAY, now);
    }
  if (viewer->probes_checkout && now >= viewer->next_checkout_us
      && (options->checkout_flow != DD_PREFLIGHT_CHECKOUT_MEDUSA || load->checkout != NULL))
    {
      viewer->next_checkout_us += (gint64) (options->checkout_interval_s * G_USEC_PER_SEC);
      if (!viewer->checkout_busy)
        viewer_request (viewer, KIND_CHECKOUT, now);
    }
}

static gboolean
busy (DdPreflightLoad *load)
{
  for (guint i = 0; i < load->options.viewers; i++)
    if (load->viewers[i].overlay_busy || load->viewers[i].checkout_busy)
      return TRUE;
  return load->options.chat_url != NULL
         && (gint64) (load->chat_delivered + load->stats[KIND_CHAT].errors) < (gint64) load->chat_requested;
}

static void
begin_closing (DdPreflightLoad *load,
               gint64           now)
{
  load->phase = PHASE_CLOSING;
  load->phase_until_us = now + CLOSE_US;
  load->elapsed_us = now - load->start_us;
  g_cancellable_cancel (load->cancellable);
  for (guint i = 0; i < load->options.viewers; i++)
    {
      Viewer *viewer = &load->viewers[i];

      if (viewer->state == VIEWER_READY)
        load->connected--;
      if (viewer->checkout_busy && load->checkout != NULL && !load->was_cancelled)
        note_problem (load, KIND_CHECKOUT, _("A checkout was still running when the run ended (not counted)"));
      viewer->state = VIEWER_GONE;
      if (load->sockets != NULL)
        dd_preflight_sockets_close (load->sockets, i);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  DdPreflightLoad *load = user_data;
  gint64 now = g_get_monotonic_time ();

  if (load->cancelled != NULL && g_atomic_int_get (load->cancelled) && load->phase < PHASE_CLOSING)
    {
      load->was_cancelled = TRUE;
      emit_progress (load, now);
      begin_closing (load, now);
    }

  switch (load->phase)
    {
    case PHASE_RUNNING:
      if (now >= load->end_us)
        {
          load->phase = PHASE_DRAINING;
          load->phase_until_us = now + (load->checkout != NULL ? CHECKOUT_DRAIN_US : DRAIN_US);
          break;
        }
      for (guint i = 0; i < load->options.viewers; i++)
        tick_viewer (load, &load->viewers[i], now);
      break;
    case PHASE_DRAINING:
      if (now >= load->phase_until_us || !busy (load))
        {
          emit_progress (load, now);
          begin_closing (load, now);
        }
      break;
    case PHASE_CLOSING:
      /* Give the close frames a moment to leave, then end. */
      if (now >= load->phase_until_us)
        {
          load->phase = PHASE_DONE;
          g_main_loop_quit (load->loop);
          return G_SOURCE_REMOVE;
        }
      break;
    case PHASE_DONE:
    default:
      return G_SOURCE_REMOVE;
    }

  if (load->phase < PHASE_CLOSING && now - load->last_progress_us >= PROGRESS_US)
    emit_progress (load, now);
  return G_SOURCE_CONTINUE;
}

/* ---- the Medusa checkout, prepared before the viewers join --------------- */

static void
checkout_prepared_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DdPreflightLoad *load = user_data;
  DdPreflightCheckout *checkout = load->checkout;
  g_autoptr(GError) error = NULL;

  load->checkout_prepared = TRUE;
  if (!dd_preflight_checkout_prepare_finish (checkout, result, &error))
    {
      /* No probe can run: the checkout kind fails, with the reason. */
      record_error (load, KIND_CHECKOUT, error->message);
      dd_preflight_stats_add_error (&load->stats[KIND_CHECKOUT_REQUEST]);
      g_clear_pointer (&load->checkout, dd_preflight_checkout_free);
    }
}

/* Keeps what the checkout bought for the report, and lets it go. */
static void
checkout_describe (DdPreflightLoad *load)
{
  if (load->checkout == NULL)
    return;
  load->checkout_target = g_strdup (dd_preflight_checkout_describe (load->checkout));
  g_clear_pointer (&load->checkout, dd_preflight_checkout_free);
}

static void
prepare_checkout (DdPreflightLoad *load)
{
  GMainContext *context = g_main_context_get_thread_default ();

  load->checkout = dd_preflight_checkout_new (load->http_session, load->options.checkout_url,
                                              load->options.checkout_key, load->options.checkout_variant,
                                              load->tag);
  dd_preflight_checkout_prepare_async (load->checkout, load->cancellable, checkout_prepared_cb, load);
  while (!load->checkout_prepared)
    g_main_context_iteration (context, TRUE);
}

/* ---- public (private to the engine) -------------------------------------- */

static char *
default_checkout_body (const char *tag)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dropdeck_synthetic");
  json_builder_add_string_value (builder, tag);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

DdPreflightLoad *
dd_preflight_load_new (const DdPreflightOptions *options,
                       const char               *run_id)
{
  DdPreflightLoad *load = g_new0 (DdPreflightLoad, 1);
  g_autofree char *body = NULL;

  dd_preflight_options_copy (&load->options, options);
  load->run_id = g_strdup (run_id);
  load->subject_base = g_strdup_printf (SUBJECT_PREFIX ".%s", run_id);
  load->tag = g_strdup_printf ("preflight %s", run_id);
  body = options->checkout_body != NULL ? g_strdup (options->checkout_body) : default_checkout_body (load->tag);
  load->checkout_body = g_bytes_new_take (body, strlen (body));
  g_steal_pointer (&body);
  load->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  load->viewers = g_new0 (Viewer, MAX (options->viewers, 1));
  memcpy (load->slos, kind_slos, sizeof kind_slos);
  if (options->checkout_flow == DD_PREFLIGHT_CHECKOUT_MEDUSA)
    load->slos[KIND_CHECKOUT] = whole_checkout_slo;
  return load;
}

void
dd_preflight_load_run (DdPreflightLoad         *load,
                       const gint              *cancelled,
                       DdPreflightProgressFunc  progress,
                       gpointer                 user_data)
{
  const DdPreflightOptions *options = &load->options;
  guint n_checkout = (guint) (options->checkout_url != NULL ? options->checkout_fraction * options->viewers + 0.5 : 0);
  g_autoptr(GRand) rand = g_rand_new ();
  GSource *tick;

  load->cancelled = cancelled;
  load->progress = progress;
  load->progress_data = user_data;
  load->cancellable = g_cancellable_new ();
  load->loop = g_main_loop_new (g_main_context_get_thread_default (), FALSE);
  if (options->chat_url != NULL)
    {
      g_autofree char *header = g_strdup_printf ("X-Dropdeck-Synthetic: %s", load->tag);
      g_autoptr(GError) error = NULL;

      load->sockets = dd_preflight_sockets_new (options->chat_url, header, options->viewers,
                                                socket_event_cb, load, &error);
      if (load->sockets == NULL)
        note_problem (load, KIND_CONNECT, error->message);
    }
  load->http_session = soup_session_new_with_options ("max-conns", HTTP_CONNECTIONS,
                                                      "max-conns-per-host", HTTP_CONNECTIONS,
                                                      "timeout", 10, "user-agent", "Dropdeck-Preflight", NULL);
  if (options->checkout_url != NULL && options->checkout_flow == DD_PREFLIGHT_CHECKOUT_MEDUSA)
    prepare_checkout (load);

  load->start_us = g_get_monotonic_time ();
  load->hold_start_us = load->start_us + (gint64) (options->ramp_s * G_USEC_PER_SEC);
  load->end_us = load->hold_start_us + (gint64) (options->duration_s * G_USEC_PER_SEC);
  load->last_progress_us = load->start_us;
  for (guint i = 0; i < options->viewers; i++)
    {
      Viewer *viewer = &load->viewers[i];
      gint64 start = load->start_us + (gint64) (options->ramp_s * G_USEC_PER_SEC * i / options->viewers);

      viewer->load = load;
      viewer->id = i;
      viewer->start_us = start;
      /* Spread each viewer's work over its interval; chat starts once the
       * connection had a moment. */
      viewer->next_chat_us = start + G_USEC_PER_SEC / 2
                             + (gint64) (g_rand_double (rand) * options->chat_interval_s * G_USEC_PER_SEC);
      viewer->next_overlay_us = start + (gint64) (g_rand_double (rand) * options->overlay_interval_s * G_USEC_PER_SEC);
      viewer->next_checkout_us = start + (gint64) (g_rand_double (rand) * options->checkout_interval_s * G_USEC_PER_SEC);
      /* Probing viewers spread evenly over the ramp. */
      viewer->probes_checkout = n_checkout > 0 && (guint64) i * n_checkout / options->viewers
                                                  != (guint64) (i + 1) * n_checkout / options->viewers;
    }

  tick = g_timeout_source_new (TICK_MS);
  g_source_set_callback (tick, tick_cb, load, NULL);
  g_source_attach (tick, g_main_context_get_thread_default ());
  g_main_loop_run (load->loop);
  g_source_destroy (tick);
  g_source_unref (tick);

  for (guint i = 0; i < options->viewers; i++)
    {
      if (load->viewers[i].partial != NULL)
        g_string_free (g_steal_pointer (&load->viewers[i].partial), TRUE);
    }
  g_clear_pointer (&load->sockets, dd_preflight_sockets_free);
  g_clear_object (&load->http_session);
  /* Let the sockets' last callbacks run while nothing points at them. */
  while (g_main_context_iteration (g_main_context_get_thread_default (), FALSE))
    ;
  checkout_describe (load);
}

void
dd_preflight_load_free (DdPreflightLoad *load)
{
  dd_preflight_options_clear (&load->options);
  g_clear_object (&load->cancellable);
  g_clear_pointer (&load->loop, g_main_loop_unref);
  g_clear_pointer (&load->checkout_body, g_bytes_unref);
  g_clear_pointer (&load->problems, g_hash_table_unref);
  g_free (load->viewers);
  g_free (load->run_id);
  g_free (load->subject_base);
  g_free (load->tag);
  g_free (load->checkout_target);
  g_free (load);
}
