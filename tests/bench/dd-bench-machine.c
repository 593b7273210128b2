/* dd-bench-machine.c — the machine context every benchmark prints with its figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "dd-bench-machine.h"

/* The text after "KEY:" on the first line of `path` that starts with KEY. */
static char *
read_proc_field (const char *path,
                 const char *key)
{
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  line = strstr (contents, key);
  if (line == NULL || (line = strchr (line, ':')) == NULL)
    return NULL;
  line++;

  return g_strstrip (g_strndup (line, strcspn (line, "\n")));
}

char *
dd_bench_describe_machine (void)
{
  g_autofree char *model = read_proc_field ("/proc/cpuinfo", "model name");
  g_autofree char *mem = read_proc_field ("/proc/meminfo", "MemTotal");
  struct utsname uts;
  const char *build =
#ifdef __OPTIMIZE__
    "optimised";
#else
    "unoptimised";
#endif

  if (uname (&uts) != 0)
    {
      strcpy (uts.sysname, "?");
      strcpy (uts.release, "?");
    }

  return g_strdup_printf ("%s, %u logical CPUs, %.1f GiB RAM, %s %s, GLib %u.%u.%u, %s build",
                          model != NULL ? model : "unknown CPU",
                          g_get_num_processors (),
                          mem != NULL ? g_ascii_strtoull (mem, NULL, 10) / 1048576.0 : 0.0,
                          uts.sysname, uts.release,
                          glib_major_version, glib_minor_version, glib_micro_version,
                          build);
}

char *
dd_bench_describe_load (void)
{
  g_autofree char *loadavg = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    return g_strdup ("?");
  fields = g_strsplit (loadavg, " ", 4);
  if (g_strv_length (fields) < 3)
    return g_strdup ("?");

  return g_strdup_printf ("%s %s %s", fields[0], fields[1], fields[2]);
}

gint64
dd_bench_rss_kb (void)
{
  g_autofree char *rss = read_proc_field ("/proc/self/status", "VmRSS");

  return rss != NULL ? g_ascii_strtoll (rss, NULL, 10) : -1;
}

void
dd_bench_threads_cpu (const char *name,
                      double     *named_s,
                      double     *others_s)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  g_autofree char *main_tid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *wanted = name != NULL ? g_strdup_printf ("(%s)", name) : NULL;
  double tick = sysconf (_SC_CLK_TCK);
  const char *tid;

  *named_s = *others_s = 0;
  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "stat", NULL);
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *close;
      double used;

      if (!g_file_get_contents (path, &stat, NULL, NULL) || (close = strrchr (stat, ')')) == NULL)
        continue;
      /* After "tid (comm) ": state is field 3, utime 14, stime 15. */
      fields = g_strsplit (close + 2, " ", 14);
      if (g_strv_length (fields) < 14)
        continue;
      used = (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / tick;
      if (wanted != NULL ? strstr (stat, wanted) != NULL : g_str_equal (tid, main_tid))
        *named_s += used;
      else
        *others_s += used;
    }
}

void
dd_bench_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        dd_bench_remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

GArray *
dd_bench_frame_intervals (GArray *frame_times)
{
  GArray *intervals = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 1; i < frame_times->len; i++)
    {
      gint64 gap = g_array_index (frame_times, gint64, i) - g_array_index (frame_times, gint64, i - 1);

      g_array_append_val (intervals, gap);
    }
  g_array_sort (intervals, compare_gint64);

  return intervals;
}

double
dd_bench_percentile_ms (GArray *sorted,
                        double  p)
{
  if (sorted->len == 0)
    return 0;

  return g_array_index (sorted, gint64, (guint) (p * (sorted->len - 1) + 0.5)) / 1000.0;
}

static gboolean
set_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
dd_bench_run_for (double seconds)
{
  gboolean done = FALSE;

  g_timeout_add ((guint) (seconds * 1000), set_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}
