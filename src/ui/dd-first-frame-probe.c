/* dd-first-frame-probe.c — prints start-up figures once the first full frame is painted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dd-first-frame-probe.h"

typedef struct
{
  GtkWidget *window;
  gint64     main_start_us;
  gulong     handler_id;
} Probe;

static gint64
read_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  line = strstr (status, "VmRSS:");
  if (line == NULL)
    return -1;

  return g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
}

static gboolean
quit_idle_cb (gpointer user_data)
{
  GApplication *application = g_application_get_default ();

  if (application != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                Probe         *probe)
{
  gint64 elapsed_us = g_get_monotonic_time () - probe->main_start_us;

  g_signal_handler_disconnect (frame_clock, probe->handler_id);

  g_print ("DROPDECK_FIRST_FRAME {\"since_main_ms\": %.1f, \"rss_kb\": %" G_GINT64_FORMAT "}\n",
           elapsed_us / 1000.0, read_rss_kb ());
  fflush (stdout);

  if (g_strcmp0 (g_getenv ("DROPDECK_EXIT_AFTER_FIRST_FRAME"), "1") == 0)
    g_idle_add (quit_idle_cb, NULL);

  g_object_unref (probe->window);
  g_free (probe);
}

gboolean
dd_first_frame_probe_enabled (void)
{
  return g_strcmp0 (g_getenv ("DROPDECK_FIRST_FRAME_PROBE"), "1") == 0;
}

static void
window_map_cb (GtkWidget *window,
               gpointer   user_data)
{
  gint64 *main_start_us = user_data;

  g_signal_handlers_disconnect_by_func (window, window_map_cb, user_data);
  dd_first_frame_probe_arm (window, *main_start_us);
  g_free (main_start_us);
}

void
dd_first_frame_probe_arm (GtkWidget *window,
                          gint64     main_start_us)
{
  GdkFrameClock *frame_clock;
  Probe *probe;

  g_return_if_fail (GTK_IS_WIDGET (window));

  frame_clock = gtk_widget_get_frame_clock (window);
  if (frame_clock == NULL)
    {
      /* Not on screen yet: arm once it is. */
      g_signal_connect_after (window, "map", G_CALLBACK (window_map_cb),
                              g_memdup2 (&main_start_us, sizeof main_start_us));
      return;
    }

  probe = g_new0 (Probe, 1);
  probe->window = g_object_ref (window);
  probe->main_start_us = main_start_us;
  probe->handler_id = g_signal_connect (frame_clock, "after-paint",
                                        G_CALLBACK (after_paint_cb), probe);
  gtk_widget_queue_draw (window);
}
