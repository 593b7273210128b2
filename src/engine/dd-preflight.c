/* dd-preflight.c — the preflight synthetic load: N simulated viewers
 * against the drop's real chat server and commerce store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <sys/resource.h>

#include <glib/gi18n-lib.h>

#include "dd-core.h"
#include "dd-nats-transport.h"
#include "dd-preflight-private.h"

/* Files the run needs besides one socket a viewer: the HTTP pool, the
 * store, the display, libraries. */
#define SPARE_FILES 256

struct _DdPreflight
{
  GObject parent_instance;

  DdPreflightOptions options;
  GMainContext *caller_context;
  GCancellable *cancellable;
  gulong cancelled_id;
  gint cancelled;
  gboolean running;
  GPtrArray *notes;
  gint64 fd_limit;
};

G_DEFINE_FINAL_TYPE (DdPreflight, dd_preflight, G_TYPE_OBJECT)

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  DdPreflight *self;
  GTask *task;
  DdPreflightLoad *load;
  JsonObject *report;
} Run;

typedef struct
{
  DdPreflight *self;
  DdPreflightProgress progress;
} ProgressCall;

static void
run_free (Run *run)
{
  g_clear_pointer (&run->load, dd_preflight_load_free);
  g_clear_pointer (&run->report, json_object_unref);
  g_clear_object (&run->task);
  g_clear_object (&run->self);
  g_free (run);
}

static gboolean
emit_progress_cb (gpointer user_data)
{
  ProgressCall *call = user_data;

  g_signal_emit (call->self, signals[SIGNAL_PROGRESS], 0, &call->progress);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer data)
{
  ProgressCall *call = data;

  g_object_unref (call->self);
  g_free (call);
}

/* On the load's thread. */
static void
load_progress (const DdPreflightProgress *progress,
               gpointer                   user_data)
{
  DdPreflight *self = user_data;
  ProgressCall *call = g_new0 (ProgressCall, 1);

  call->self = g_object_ref (self);
  call->progress = *progress;
  g_main_context_invoke_full (self->caller_context, G_PRIORITY_DEFAULT, emit_progress_cb, call,
                              progress_call_free);
}

static gboolean
run_done_cb (gpointer user_data)
{
  Run *run = user_data;
  DdPreflight *self = run->self;

  self->running = FALSE;
  g_cancellable_disconnect (self->cancellable, self->cancelled_id);
  self->cancelled_id = 0;
  g_clear_object (&self->cancellable);
  g_task_return_pointer (run->task, g_steal_pointer (&run->report), (GDestroyNotify) json_object_unref);
  run_free (run);
  return G_SOURCE_REMOVE;
}

static JsonObject *
build_report (DdPreflight     *self,
              DdPreflightLoad *load,
              const char      *run_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "run");
  json_builder_add_string_value (builder, run_id);
  dd_preflight_load_report (load, builder);
  json_builder_set_member_name (builder, "fd_limit");
  json_builder_add_int_value (builder, self->fd_limit);
  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->notes->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->notes, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "passed");
  json_builder_add_boolean_value (builder, dd_preflight_load_passed (load));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

static gpointer
run_thread (gpointer user_data)
{
  Run *run = user_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *run_id = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *unique = g_strdup_printf ("%s-%04x", run_id, g_random_int_range (0, 0x10000));

  g_main_context_push_thread_default (context);
  run->load = dd_preflight_load_new (&run->self->options, unique);
  dd_preflight_load_run (run->load, &run->self->cancelled, load_progress, run->self);
  run->report = build_report (run->self, run->load, unique);
  g_main_context_pop_thread_default (context);

  g_main_context_invoke (run->self->caller_context, run_done_cb, run);
  return NULL;
}

static void
cancelled_cb (GCancellable *cancellable,
              DdPreflight  *self)
{
  g_atomic_int_set (&self->cancelled, 1);
}

/* Raises the soft open-file limit to what the viewers need. */
static gboolean
raise_file_limit (DdPreflight  *self,
                  GError      **error)
{
  struct rlimit limit;
  rlim_t need = (rlim_t) self->options.viewers + SPARE_FILES;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return TRUE;
  self->fd_limit = (gint64) limit.rlim_cur;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur >= need)
    return TRUE;
  if (limit.rlim_cur == RLIM_INFINITY)
    return TRUE;
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < need)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES,
                   _("%u viewers need %llu open files, but this system allows this program at most %llu: "
                     "run fewer viewers or raise the hard limit (ulimit -Hn, or LimitNOFILE)"),
                   self->options.viewers, (unsigned long long) need, (unsigned long long) limit.rlim_max);
      return FALSE;
    }
  g_ptr_array_add (self->notes, g_strdup_printf (_("Raised the open-file limit from %llu to %llu"),
                                                 (unsigned long long) limit.rlim_cur,
                                                 (unsigned long long) need));
  limit.rlim_cur = need;
  if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES,
                   _("%u viewers need %llu open files, and the limit could not be raised: %s"),
                   self->options.viewers, (unsigned long long) need, g_strerror (errno));
      return FALSE;
    }
  self->fd_limit = (gint64) need;
  return TRUE;
}

static gboolean
check_http_url (const char  *url,
                const char  *option,
                GError     **error)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *scheme, *host;

  if (url == NULL)
    return TRUE;
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (scheme == NULL || host == NULL || *host == '\0'
      || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("The %s “%s” is not an http:// or https:// address"), option, url);
      return FALSE;
    }
  address = g_inet_address_new_from_string (host);
  if (g_ascii_strcasecmp (scheme, "http") == 0 && g_ascii_strcasecmp (host, "localhost") != 0
      && (address == NULL || !g_inet_address_get_is_loopback (address)))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("The %s %s needs a secure address (https://): plain HTTP is allowed on this computer only"),
                   option, host);
      return FALSE;
    }
  return TRUE;
}

static void
dd_preflight_finalize (GObject *object)
{
  DdPreflight *self = DD_PREFLIGHT (object);

  dd_preflight_options_clear (&self->options);
  g_clear_pointer (&self->caller_context, g_main_context_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  G_OBJECT_CLASS (dd_preflight_parent_class)->finalize (object);
}

static void
dd_preflight_class_init (DdPreflightClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_preflight_finalize;

  /**
   * DdPreflight::progress:
   * @progress: (type gpointer): a DdPreflightProgress, valid during the emission
   */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
dd_preflight_init (DdPreflight *self)
{
  self->notes = g_ptr_array_new_with_free_func (g_free);
}

void
dd_preflight_options_init (DdPreflightOptions *options)
{
  *options = (DdPreflightOptions) {
    .viewers = 5000,
    .ramp_s = 30,
    .duration_s = 60,
    .chat_interval_s = 5,
    .overlay_interval_s = 10,
    .checkout_fraction = 0.02,
    .checkout_interval_s = 20,
  };
}

void
dd_preflight_options_clear (DdPreflightOptions *options)
{
  g_clear_pointer (&options->chat_url, g_free);
  g_clear_pointer (&options->overlay_url, g_free);
  g_clear_pointer (&options->checkout_url, g_free);
  g_clear_pointer (&options->checkout_key, g_free);
  g_clear_pointer (&options->checkout_body, g_free);
  g_clear_pointer (&options->checkout_expect, g_free);
  g_clear_pointer (&options->checkout_variant, g_free);
}

void
dd_preflight_options_copy (DdPreflightOptions       *dest,
                           const DdPreflightOptions *src)
{
  *dest = *src;
  dest->chat_url = g_strdup (src->chat_url);
  dest->overlay_url = g_strdup (src->overlay_url);
  dest->checkout_url = g_strdup (src->checkout_url);
  dest->checkout_key = g_strdup (src->checkout_key);
  dest->checkout_body = g_strdup (src->checkout_body);
  dest->checkout_expect = g_strdup (src->checkout_expect);
  dest->checkout_variant = g_strdup (src->checkout_variant);
}

DdPreflight *
dd_preflight_new (const DdPreflightOptions *options)
{
  DdPreflight *self = g_object_new (DD_TYPE_PREFLIGHT, NULL);

  g_return_val_if_fail (options != NULL, NULL);

  dd_preflight_options_copy (&self->options, options);
  return self;
}

gboolean
dd_preflight_check (DdPreflight  *self,
                    GError      **error)
{
  const DdPreflightOptions *options;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (DD_IS_PREFLIGHT (self), FALSE);
  options = &self->options;

  if (options->chat_url == NULL && options->overlay_url == NULL && options->checkout_url == NULL)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Preflight needs at least one target: the chat server, the offer overlay or the checkout"));
      return FALSE;
    }
  if (options->viewers < 1 || options->viewers > 100000)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("The number of viewers must be between 1 and 100,000, not %u"), options->viewers);
      return FALSE;
    }
  if (!(options->ramp_s >= 0 && options->ramp_s <= 3600 && options->duration_s > 0 && options->duration_s <= 3600))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("The ramp-up must be 0 to 3,600 seconds and the duration more than 0 and at most 3,600"));
      return FALSE;
    }
  if (!(options->chat_interval_s >= 0.05 && options->overlay_interval_s >= 0.05 && options->checkout_interval_s >= 0.05))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Each interval must be at least 0.05 seconds"));
      return FALSE;
    }
  if (!(options->checkout_fraction >= 0 && options->checkout_fraction <= 1))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("The checkout fraction must be between 0 and 1, not %g"), options->checkout_fraction);
      return FALSE;
    }
  if (options->chat_url != NULL
      && (!g_str_has_prefix (options->chat_url, "ws://") && !g_str_has_prefix (options->chat_url, "wss://")))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("The chat server “%s” must be a NATS WebSocket address (ws:// or wss://)"), options->chat_url);
      return FALSE;
    }
  if (options->chat_url != NULL && !dd_nats_transport_check_url (options->chat_url, FALSE, &local))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD, "%s", local->message);
      return FALSE;
    }
  if (!check_http_url (options->overlay_url, _("offer overlay"), error)
      || !check_http_url (options->checkout_url, _("checkout"), error))
    return FALSE;
  if (options->checkout_flow == DD_PREFLIGHT_CHECKOUT_MEDUSA
      && (options->checkout_body != NULL || options->checkout_expect != NULL))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("A whole Medusa checkout builds its own requests: a checkout body or expected member "
                     "belongs to the single-POST probe only"));
      return FALSE;
    }
  if (options->checkout_body != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, options->checkout_body, -1, &local))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                       _("The checkout body is not JSON: %s"), local->message);
          return FALSE;
        }
    }
  return TRUE;
}

void
dd_preflight_run_async (DdPreflight         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  Run *run;

  g_return_if_fail (DD_IS_PREFLIGHT (self));
  g_return_if_fail (!self->running);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_preflight_run_async);
  /* A cancelled run still returns what it measured. */
  g_task_set_check_cancellable (task, FALSE);

  g_ptr_array_set_size (self->notes, 0);
  if (!dd_preflight_check (self, &error) || !raise_file_limit (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->running = TRUE;
  self->cancelled = 0;
  g_clear_pointer (&self->caller_context, g_main_context_unref);
  self->caller_context = g_main_context_ref_thread_default ();
  if (cancellable != NULL)
    {
      self->cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);
    }

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->task = g_steal_pointer (&task);
  thread = g_thread_new ("dd-preflight", run_thread, run);
}

JsonObject *
dd_preflight_run_finish (DdPreflight   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
dd_preflight_is_running (DdPreflight *self)
{
  g_return_val_if_fail (DD_IS_PREFLIGHT (self), FALSE);

  return self->running;
}

gboolean
dd_preflight_report_passed (JsonObject *report)
{
  return json_object_get_boolean_member_with_default (report, "passed", FALSE)
         && !json_object_get_boolean_member_with_default (report, "cancelled", FALSE);
}

static void
append_kind (GString    *text,
             JsonObject *report,
             const char *kind,
             const char *label)
{
  JsonObject *stats;

  if (!json_object_has_member (report, kind))
    return;
  stats = json_object_get_object_member (report, kind);
  /* Translators: one kind of traffic in the preflight evidence,
   * "chat p95 12.3 ms, p99 30.1 ms, 0.00 % errors (SLO met)" */
  g_string_append_printf (text, _("%s p95 %.1f ms, p99 %.1f ms, %.2f %% errors (%s)"),
                          label,
                          json_object_get_double_member_with_default (stats, "p95_ms", 0),
                          json_object_get_double_member_with_default (stats, "p99_ms", 0),
                          100 * json_object_get_double_member_with_default (stats, "error_rate", 0),
                          json_object_get_boolean_member_with_default (stats, "passed", FALSE)
                          ? _("SLO met") : _("SLO missed"));
  g_string_append (text, "; ");
}

char *
dd_preflight_report_summary (JsonObject *report)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  /* Translators: the start of the preflight evidence, "5000 viewers (4998 connected), 30 s ramp + 60 s: " */
  g_string_append_printf (text, _("%lld viewers (%lld connected), %.0f s ramp + %.0f s: "),
                          (long long) json_object_get_int_member_with_default (report, "viewers", 0),
                          (long long) json_object_get_int_member_with_default (report, "connected_at_end", 0),
                          json_object_get_double_member_with_default (report, "ramp_s", 0),
                          json_object_get_double_member_with_default (report, "duration_s", 0));
  append_kind (text, report, "chat", _("chat"));
  append_kind (text, report, "overlay", _("overlay reads"));
  if (json_object_has_member (report, "checkout_requests"))
    {
      JsonObject *checkout = json_object_get_object_member (report, "checkout");

      if (json_object_get_int_member_with_default (checkout, "count", 0)
          + json_object_get_int_member_with_default (checkout, "errors", 0) == 0)
        /* Translators: in the preflight evidence, no whole checkout ended in the run */
        g_string_append (text, _("checkouts: none finished in the run (SLO missed); "));
      else
        /* Translators: whole checkouts in the preflight evidence,
         * "checkouts 120 completed, 0 failed (100.00 % success, SLO met)" */
        g_string_append_printf (text, _("checkouts %lld completed, %lld failed (%.2f %% success, %s); "),
                                (long long) json_object_get_int_member_with_default (checkout, "count", 0),
                                (long long) json_object_get_int_member_with_default (checkout, "errors", 0),
                                100 * (1 - json_object_get_double_member_with_default (checkout, "error_rate", 0)),
                                json_object_get_boolean_member_with_default (checkout, "passed", FALSE)
                                ? _("SLO met") : _("SLO missed"));
      append_kind (text, report, "checkout_requests", _("checkout requests"));
    }
  else
    append_kind (text, report, "checkout", _("checkout"));
  if (json_object_get_boolean_member_with_default (report, "cancelled", FALSE))
    g_string_append (text, _("cancelled: partial results"));
  else
    g_string_append (text, dd_preflight_report_passed (report) ? _("PASSED") : _("FAILED"));
  return g_string_free (text, FALSE);
}

char *
dd_preflight_report_to_json (JsonObject *report,
                             gboolean    pretty)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), report);

  return json_to_string (node, pretty);
}
