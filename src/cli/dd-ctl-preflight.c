/* dd-ctl-preflight.c — `dropdeckctl preflight`: the synthetic load of N
 * viewers against the drop's chat server and commerce store, without a
 * window
 *
 * Progress goes to standard error once a second, the JSON report to
 * standard output. Ctrl-C (SIGINT) or SIGTERM ends the run cleanly and the
 * report of what ran is still printed, marked cancelled. With --record the
 * run is the pre-drop checklist's "preflight-load" item and its evidence is
 * stored in the database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "dd-checklist-desk.h"
#include "dd-ctl.h"
#include "dd-preflight.h"

typedef struct
{
  GCancellable *cancellable;
  GAsyncResult *result;
  gboolean quiet;
  gint64 last_print_us;
} Run;

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;

  run->result = g_object_ref (result);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  Run *run = user_data;

  if (!g_cancellable_is_cancelled (run->cancellable))
    g_printerr (_("dropdeckctl: cancelling the preflight; the report keeps what ran\n"));
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
progress_cb (DdPreflight               *preflight,
             const DdPreflightProgress *progress,
             gpointer                   user_data)
{
  Run *run = user_data;
  gint64 now = g_get_monotonic_time ();

  if (run->quiet || now - run->last_print_us < G_USEC_PER_SEC)
    return;
  run->last_print_us = now;
  /* Translators: a progress line of dropdeckctl preflight */
  g_printerr (_("%5.1f/%.0f s  %u/%u viewers connected  chat p95 %.1f ms  overlay p95 %.1f ms  "
                "checkout p95 %.1f ms  %llu done, %llu errors\n"),
              progress->elapsed_s, progress->total_s, progress->connected, progress->viewers,
              progress->chat_p95_ms, progress->overlay_p95_ms, progress->checkout_p95_ms,
              (unsigned long long) progress->completed, (unsigned long long) progress->errors);
}

static void
desk_preflight_cb (GObject    *desk,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  DdPreflight *preflight = dd_checklist_desk_get_preflight (DD_CHECKLIST_DESK (desk));

  if (preflight != NULL)
    g_signal_connect (preflight, "progress", G_CALLBACK (progress_cb), user_data);
}

static int
print_report (JsonObject *report)
{
  g_autofree char *json = dd_preflight_report_to_json (report, TRUE);
  g_autofree char *summary = dd_preflight_report_summary (report);

  g_print ("%s\n", json);
  g_printerr ("%s\n", summary);
  return dd_preflight_report_passed (report) ? DD_CTL_EXIT_OK : DD_CTL_EXIT_FAILED;
}

static void
wait_for (Run *run)
{
  guint sigint = g_unix_signal_add (SIGINT, interrupted_cb, run);
  guint sigterm = g_unix_signal_add (SIGTERM, interrupted_cb, run);

  while (run->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (sigint);
  g_source_remove (sigterm);
}

int
dd_ctl_preflight_main (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = NULL;
  DdPreflightOptions options;
  gboolean record = FALSE;
  g_autofree char *flow = NULL;
  int viewers;
  Run run = { NULL };
  const GOptionEntry entries[] = {
    { "viewers", 'n', 0, G_OPTION_ARG_INT, &viewers, N_("Simulated viewers (default 5000)"), N_("N") },
    { "ramp", 0, 0, G_OPTION_ARG_DOUBLE, &options.ramp_s, N_("Seconds over which viewers join (default 30)"), N_("S") },
    { "duration", 'd', 0, G_OPTION_ARG_DOUBLE, &options.duration_s,
      N_("Seconds the full load holds after the ramp (default 60)"), N_("S") },
    { "chat-url", 0, 0, G_OPTION_ARG_STRING, &options.chat_url,
      N_("The chat server: a NATS WebSocket address (ws://127.0.0.1:PORT or wss://…)"), N_("URL") },
    { "chat-interval", 0, 0, G_OPTION_ARG_DOUBLE, &options.chat_interval_s,
      N_("Seconds between a viewer’s chat messages (default 5)"), N_("S") },
    { "overlay-url", 0, 0, G_OPTION_ARG_STRING, &options.overlay_url,
      N_("The offer overlay each viewer reads (HTTP GET)"), N_("URL") },
    { "overlay-interval", 0, 0, G_OPTION_ARG_DOUBLE, &options.overlay_interval_s,
      N_("Seconds between a viewer’s overlay reads (default 10)"), N_("S") },
    { "checkout-url", 0, 0, G_OPTION_ARG_STRING, &options.checkout_url,
      N_("The checkout probe’s target (HTTP POST), e.g. Medusa’s …/store/carts"), N_("URL") },
    { "checkout-key", 0, 0, G_OPTION_ARG_STRING, &options.checkout_key,
      N_("The store’s publishable API key, sent as x-publishable-api-key"), N_("KEY") },
    { "checkout-flow", 0, 0, G_OPTION_ARG_STRING, &flow,
      N_("post (default: one POST to --checkout-url) or medusa (a whole guest checkout through the Medusa "
         "store API whose base address is --checkout-url)"), N_("FLOW") },
    { "checkout-variant", 0, 0, G_OPTION_ARG_STRING, &options.checkout_variant,
      N_("With --checkout-flow medusa: the variant the probe buys (default: the first the store lists)"), N_("ID") },
    { "checkout-body", 0, 0, G_OPTION_ARG_STRING, &options.checkout_body,
      N_("The JSON body of the probe (default: metadata tagging it synthetic)"), N_("JSON") },
    { "checkout-expect", 0, 0, G_OPTION_ARG_STRING, &options.checkout_expect,
      N_("A member the answer must have to count as success (Medusa: cart)"), N_("NAME") },
    { "checkout-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &options.checkout_fraction,
      N_("Share of viewers running the checkout probe (default 0.02)"), N_("F") },
    { "checkout-interval", 0, 0, G_OPTION_ARG_DOUBLE, &options.checkout_interval_s,
      N_("Seconds between a probing viewer’s checkouts (default 20)"), N_("S") },
    { "record", 0, 0, G_OPTION_ARG_NONE, &record,
      N_("Store the result as the pre-drop checklist’s “preflight-load” evidence"), NULL },
    { "path", 'p', 0, G_OPTION_ARG_FILENAME, &path,
      N_("With --record: the database (default: the user data folder’s dropdeck/dropdeck.db)"), N_("FILE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &run.quiet, N_("No progress lines"), NULL },
    { NULL }
  };

  dd_preflight_options_init (&options);
  viewers = (int) options.viewers;
  g_set_prgname ("dropdeckctl preflight");
  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Simulated viewers each hold a chat connection and publish on it, read the "
                                  "offer overlay, and a share of them run a checkout probe. The traffic is tagged "
                                  "synthetic (subjects dropdeck.preflight.RUN.*, header X-Dropdeck-Synthetic). "
                                  "Prints progress to standard error and the JSON report (p50/p95/p99 and error "
                                  "rate per kind against the service levels) to standard output. Ctrl-C ends the "
                                  "run and keeps its partial results. Exits 0 when every service level was met."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      dd_preflight_options_clear (&options);
      return dd_ctl_report_error (error);
    }
  if (argc != 1)
    {
      dd_preflight_options_clear (&options);
      g_printerr (_("dropdeckctl: preflight takes no arguments, only options (see --help)\n"));
      return DD_CTL_EXIT_FAILED;
    }
  if (viewers < 1)
    {
      dd_preflight_options_clear (&options);
      g_printerr (_("dropdeckctl: --viewers must be at least 1\n"));
      return DD_CTL_EXIT_FAILED;
    }
  options.viewers = (guint) viewers;
  if (flow != NULL && g_str_equal (flow, "medusa"))
    options.checkout_flow = DD_PREFLIGHT_CHECKOUT_MEDUSA;
  else if (flow != NULL && !g_str_equal (flow, "post"))
    {
      dd_preflight_options_clear (&options);
      g_printerr (_("dropdeckctl: --checkout-flow is post or medusa, not “%s”\n"), flow);
      return DD_CTL_EXIT_FAILED;
    }
  run.cancellable = cancellable;

  if (record)
    {
      DdCtlChecklists *checklists;
      DdChecklistDesk *desk;
      JsonObject *report;
      int status;

      if (path == NULL)
        path = dd_ctl_default_data_path ("dropdeck.db");
      checklists = dd_ctl_checklists_open (path, &error);
      if (checklists == NULL)
        {
          dd_preflight_options_clear (&options);
          return dd_ctl_report_error (error);
        }
      desk = dd_ctl_checklists_get_desk (checklists);
      dd_checklist_desk_set_preflight_options (desk, &options);
      dd_preflight_options_clear (&options);
      g_signal_connect (desk, "notify::preflight", G_CALLBACK (desk_preflight_cb), &run);
      dd_checklist_desk_run_probe_async (desk, "pre-drop", DD_CHECKLIST_PROBE_PREFLIGHT_LOAD, cancellable,
                                         result_cb, &run);
      wait_for (&run);
      g_signal_handlers_disconnect_by_data (desk, &run);
      if (!dd_checklist_desk_finish (desk, run.result, &error))
        status = dd_ctl_report_error (error);
      else if ((report = dd_checklist_desk_get_preflight_report (desk)) != NULL)
        status = print_report (report);
      else
        status = DD_CTL_EXIT_FAILED;
      g_clear_object (&run.result);
      dd_ctl_checklists_free (checklists);
      return status;
    }
  else
    {
      g_autoptr(DdPreflight) preflight = dd_preflight_new (&options);
      g_autoptr(JsonObject) report = NULL;

      dd_preflight_options_clear (&options);
      g_signal_connect (preflight, "progress", G_CALLBACK (progress_cb), &run);
      dd_preflight_run_async (preflight, cancellable, result_cb, &run);
      wait_for (&run);
      report = dd_preflight_run_finish (preflight, run.result, &error);
      g_clear_object (&run.result);
      if (report == NULL)
        return dd_ctl_report_error (error);
      return print_report (report);
    }
}
