/* bench-chat-wall.c — the chat wall under a flood: frame intervals, CPU, memory
 *
 * The target: 2,000 messages/s into the visible wall for 60 s under
 * Xvfb with the cairo renderer, frame interval p99 <= 20 ms and the app's CPU
 * <= 50% of one core. This runs the demo drop (simulated audience at the
 * given rate -> pipeline thread: classifier, SQLite archive -> one hand-off a
 * frame -> the wall) with the real Chat page in a 1180x760 window, records
 * the time of every painted frame after a warm-up, and prints the figures.
 * CPU is the whole process (every thread: simulator, classifier, archive,
 * UI) over the measured time. Asserts nothing.
 *
 * Run under a display: build-aux/with-session.sh BUILDDIR/tests/bench/bench-chat-wall
 *   [--seconds 60] [--rate 2000] [--warmup 3] [--filter all|intent|flagged|squad|cues]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <sys/resource.h>

#include "dd-bench-frames.h"
#include "dd-bench-machine.h"
#include "dd-chat-page.h"

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

typedef struct
{
  gboolean  started;
  gboolean  done;
  GError   *error;
} Run;

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;

  dd_drop_session_start_finish (DD_DROP_SESSION (source), result, &run->error);
  run->started = TRUE;
}

static gboolean
stop_cb (gpointer user_data)
{
  Run *run = user_data;

  run->done = TRUE;
  return G_SOURCE_REMOVE;
}

/* Row widgets the wall's list view keeps alive (a healthy list view keeps
 * about a screenful). */
static guint
count_rows (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_LIST_VIEW (widget))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
        n++;
      return n;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);
  return n;
}

static void
run_main_loop_until (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *profile = NULL;
  g_autofree char *machine = NULL;
  g_autofree char *load = NULL;
  g_autoptr(DdDropSession) session = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  g_autoptr(GArray) intervals = NULL;
  g_autoptr(DdBenchFrames) frames = NULL;
  GtkWidget *window;
  GtkWidget *page;
  Run run = { 0 };
  double seconds = 60, rate = 2000, warmup = 3;
  DdChatFilter filter = DD_CHAT_FILTER_ALL;
  double cpu_start, cpu_end;
  double ui_start, ui_end, others_start, others_end;
  gint64 wall_start, wall_end;
  guint64 received_start, received_end;
  gint64 rss_mid = 0, rss_end;
  guint rows_mid;

  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--seconds") == 0)
        seconds = g_ascii_strtod (argv[i + 1], NULL);
      else if (strcmp (argv[i], "--rate") == 0)
        rate = g_ascii_strtod (argv[i + 1], NULL);
      else if (strcmp (argv[i], "--warmup") == 0)
        warmup = g_ascii_strtod (argv[i + 1], NULL);
      else if (strcmp (argv[i], "--filter") == 0 && !dd_chat_filter_from_nick (argv[i + 1], &filter))
        {
          g_printerr ("bench-chat-wall: no filter “%s” (all, intent, flagged, squad, cues)\n", argv[i + 1]);
          return 2;
        }
    }

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  adw_init ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/dropdeck/Dropdeck/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  profile = g_dir_make_tmp ("dropdeck-bench-wall-XXXXXX", NULL);
  session = dd_drop_session_new_demo (profile);
  dd_drop_session_start_async (session, NULL, started_cb, &run);
  run_main_loop_until (&run.started);
  if (run.error != NULL)
    {
      g_printerr ("bench-chat-wall: the demo drop did not start: %s\n", run.error->message);
      return 1;
    }

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  page = dd_chat_page_new ();
  dd_page_set_session (DD_PAGE (page), session);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  dd_chat_page_set_filter (DD_CHAT_PAGE (page), filter);
  /* The page restores the rate people last chose; the bench sets its own. */
  dd_drop_session_set_chat_rate (session, rate);

  frames = dd_bench_frames_new (window);

  g_timeout_add ((guint) (warmup * 1000), stop_cb, &run);
  run_main_loop_until (&run.done);

  run.done = FALSE;
  dd_bench_frames_set_measuring (frames, TRUE);
  cpu_start = cpu_seconds ();
  dd_bench_threads_cpu (NULL, &ui_start, &others_start);
  wall_start = g_get_monotonic_time ();
  received_start = dd_drop_session_get_messages_received (session);
  g_timeout_add ((guint) (seconds * 500), stop_cb, &run);
  run_main_loop_until (&run.done);
  rss_mid = dd_bench_rss_kb ();
  rows_mid = count_rows (page);
  run.done = FALSE;
  g_timeout_add ((guint) (seconds * 500), stop_cb, &run);
  run_main_loop_until (&run.done);
  dd_bench_frames_set_measuring (frames, FALSE);
  cpu_end = cpu_seconds ();
  dd_bench_threads_cpu (NULL, &ui_end, &others_end);
  wall_end = g_get_monotonic_time ();
  received_end = dd_drop_session_get_messages_received (session);
  rss_end = dd_bench_rss_kb ();

  intervals = dd_bench_frame_intervals (dd_bench_frames_get_times (frames));

  machine = dd_bench_describe_machine ();
  load = dd_bench_describe_load ();
  g_print ("bench-chat-wall: %s; load %s; GSK_RENDERER=%s\n", machine, load,
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "(default)");
  g_print ("  filter %s; asked %.0f msg/s for %.0f s (after %.0f s warm-up): received %.0f msg/s, %u frames (%.1f fps)\n",
           dd_chat_filter_to_nick (filter), rate, seconds, warmup,
           (received_end - received_start) / ((wall_end - wall_start) / 1e6),
           dd_bench_frames_get_times (frames)->len, dd_bench_frames_get_times (frames)->len / ((wall_end - wall_start) / 1e6));
  g_print ("  frame interval: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 <= 20 ms)\n",
           dd_bench_percentile_ms (intervals, 0.50), dd_bench_percentile_ms (intervals, 0.95), dd_bench_percentile_ms (intervals, 0.99),
           dd_bench_percentile_ms (intervals, 1.0));
  g_print ("  CPU, every thread of the app: %.0f%% of one core (target <= 50%%); "
           "of which the UI thread %.0f%%, the others (simulated audience, pipeline, archive) %.0f%%\n",
           100.0 * (cpu_end - cpu_start) / ((wall_end - wall_start) / 1e6),
           100.0 * (ui_end - ui_start) / ((wall_end - wall_start) / 1e6),
           100.0 * (others_end - others_start) / ((wall_end - wall_start) / 1e6));
  g_print ("  RSS: %.1f MB half-way, %.1f MB at the end; %u row widgets alive half-way\n",
           rss_mid / 1024.0, rss_end / 1024.0, rows_mid);

  gtk_window_destroy (GTK_WINDOW (window));
  dd_drop_session_stop (session);
  dd_bench_remove_tree (profile);

  return 0;
}
