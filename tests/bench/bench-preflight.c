/* bench-preflight.c — the preflight load generator holding 5,000 WebSocket
 * viewers against a local nats-server
 *
 * Starts Debian's nats-server (build-aux/nats.sh, loopback, a temporary
 * folder; stopped by its PID), runs DdPreflight with N chat viewers (default
 * 5,000) each publishing a message every interval (default 5 s: 1,000
 * msg/s in all) for the ramp and the hold, and prints:
 *   - the requested and delivered message rate in the hold, and the ratio
 *     (target >= 0.99);
 *   - the CPU the generator used (all its threads, getrusage) over the
 *     run's wall time, in cores (target <= 1), and its peak RSS (target
 *     <= 300 MB), sampled every quarter second, with the RSS before the run
 *     as the baseline;
 *   - chat round-trip p50/p95/p99 and connect p95, with the machine and its
 *     load. A benchmark, not a test: nothing is asserted.
 *
 * Usage: bench-preflight [--viewers N] [--ramp S] [--duration S] [--interval S]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/resource.h>

#include "dd-nats-client.h"
#include "dd-preflight.h"

#include "dd-bench-machine.h"
#include "test-nats-fixture.c"

typedef struct
{
  JsonObject *report;
  gboolean done;
  gint64 peak_rss_kb;
} Bench;

static void
progress_cb (DdPreflight               *preflight,
             const DdPreflightProgress *progress,
             gpointer                   user_data)
{
  Bench *bench = user_data;

  bench->peak_rss_kb = MAX (bench->peak_rss_kb, dd_bench_rss_kb ());
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;

  bench->report = dd_preflight_run_finish (DD_PREFLIGHT (source), result, &error);
  if (bench->report == NULL)
    g_error ("The preflight did not run: %s", error->message);
  bench->done = TRUE;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static double
member (JsonObject *report,
        const char *object,
        const char *name)
{
  return json_object_get_double_member (json_object_get_object_member (report, object), name);
}

int
main (int   argc,
      char *argv[])
{
  int viewers = 5000;
  double ramp = 5, duration = 20, interval = 5;
  const GOptionEntry entries[] = {
    { "viewers", 0, 0, G_OPTION_ARG_INT, &viewers, "Simulated viewers", "N" },
    { "ramp", 0, 0, G_OPTION_ARG_DOUBLE, &ramp, "Ramp-up seconds", "S" },
    { "duration", 0, 0, G_OPTION_ARG_DOUBLE, &duration, "Hold seconds", "S" },
    { "interval", 0, 0, G_OPTION_ARG_DOUBLE, &interval, "Seconds between a viewer's messages", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *machine = dd_bench_describe_machine ();
  g_autofree char *load_before = dd_bench_describe_load ();
  g_autofree char *load_after = NULL;
  g_autoptr(NatsServer) server = NULL;
  g_autoptr(DdPreflight) preflight = NULL;
  DdPreflightOptions options;
  Bench bench = { NULL };
  gint64 baseline_kb, start_us, wall_us;
  double cpu_start, cpu, cores;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_setenv ("DD_SOURCE_ROOT", DD_SOURCE_DIR, FALSE);
  server = nats_server_start (NULL);

  dd_preflight_options_init (&options);
  options.viewers = viewers;
  options.ramp_s = ramp;
  options.duration_s = duration;
  options.chat_interval_s = interval;
  options.chat_url = g_strdup (server->ws_url);
  preflight = dd_preflight_new (&options);
  dd_preflight_options_clear (&options);
  g_signal_connect (preflight, "progress", G_CALLBACK (progress_cb), &bench);

  baseline_kb = dd_bench_rss_kb ();
  bench.peak_rss_kb = baseline_kb;
  cpu_start = cpu_seconds ();
  start_us = g_get_monotonic_time ();
  dd_preflight_run_async (preflight, NULL, done_cb, &bench);
  while (!bench.done)
    g_main_context_iteration (NULL, TRUE);
  wall_us = g_get_monotonic_time () - start_us;
  cpu = cpu_seconds () - cpu_start;
  cores = cpu / (wall_us / 1e6);
  load_after = dd_bench_describe_load ();

  g_print ("bench-preflight: %s\n", machine);
  g_print ("load before %s, after %s\n", load_before, load_after);
  g_print ("viewers %d (connected at the end %lld, dropped %lld), ramp %.0f s, hold %.0f s, one message per viewer every %.1f s\n",
           viewers, (long long) json_object_get_int_member (bench.report, "connected_at_end"),
           (long long) json_object_get_int_member (bench.report, "dropped"), ramp, duration, interval);
  g_print ("message rate: requested %.1f msg/s, delivered %.1f msg/s, ratio %.4f (target >= 0.99: %s)\n",
           member (bench.report, "chat_rate", "requested_per_s"), member (bench.report, "chat_rate", "delivered_per_s"),
           member (bench.report, "chat_rate", "ratio"),
           member (bench.report, "chat_rate", "ratio") >= 0.99 ? "met" : "NOT met");
  g_print ("CPU %.2f s over %.2f s wall = %.3f cores (target <= 1: %s)\n", cpu, wall_us / 1e6, cores,
           cores <= 1 ? "met" : "NOT met");
  g_print ("RSS before %.1f MB, peak %.1f MB (target <= 300 MB: %s)\n", baseline_kb / 1024.0,
           bench.peak_rss_kb / 1024.0, bench.peak_rss_kb <= 300 * 1024 ? "met" : "NOT met");
  g_print ("chat round trip p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, errors %lld; connect p95 %.1f ms\n",
           member (bench.report, "chat", "p50_ms"), member (bench.report, "chat", "p95_ms"),
           member (bench.report, "chat", "p99_ms"),
           (long long) json_object_get_int_member (json_object_get_object_member (bench.report, "chat"), "errors"),
           member (bench.report, "connect", "p95_ms"));
  json_object_unref (bench.report);
  return 0;
}
