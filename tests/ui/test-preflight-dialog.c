/* test-preflight-dialog.c — the preflight window on a real run: progress
 * bar, viewers connected, the latency chart filling, Cancel, the result
 *
 * The load runs against Debian's nats-server (build-aux/nats.sh, loopback,
 * a temporary folder, stopped by its PID): chat over WebSocket and the
 * server's monitoring endpoint as the overlay. With DD_SCREENSHOT_DIR set,
 * the finished window is saved there as preflight-dialog.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "dd-latency-chart.h"
#include "dd-nats-client.h"
#include "dd-preflight-dialog.h"

#include "test-nats-fixture.c"

typedef struct
{
  NatsServer *server;
  char *overlay_url;
} Fixture;

typedef struct
{
  JsonObject *report;
  gboolean done;
} Outcome;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *http_port = g_strdup_printf ("%d", nats_free_port ());
  const char *extra[] = { "--http-port", http_port, NULL };

  fixture->server = nats_server_start (extra);
  fixture->overlay_url = g_strdup_printf ("http://127.0.0.1:%s/varz", http_port);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, nats_server_free);
  g_free (fixture->overlay_url);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *outcome = user_data;
  g_autoptr(GError) error = NULL;

  outcome->report = dd_preflight_run_finish (DD_PREFLIGHT (source), result, &error);
  g_assert_no_error (error);
  outcome->done = TRUE;
}

static DdPreflight *
new_preflight (Fixture *fixture,
               double   duration_s)
{
  DdPreflightOptions options;
  DdPreflight *preflight;

  dd_preflight_options_init (&options);
  options.viewers = 200;
  options.ramp_s = 1;
  options.duration_s = duration_s;
  options.chat_url = g_strdup (fixture->server->ws_url);
  options.chat_interval_s = 0.5;
  options.overlay_url = g_strdup (fixture->overlay_url);
  options.overlay_interval_s = 1;
  preflight = dd_preflight_new (&options);
  dd_preflight_options_clear (&options);
  return preflight;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_type (child, type)) != NULL)
        return found;
    }
  return NULL;
}

static void
save_screenshot (GtkWidget *window)
{
  const char *dir = g_getenv ("DD_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (window), height = gtk_widget_get_height (window);

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (window);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, "preflight-dialog.png", NULL);
  gdk_texture_save_to_png (texture, path);
}

static void
test_live_run (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(DdPreflight) preflight = new_preflight (fixture, 2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GtkWidget *dialog = dd_preflight_dialog_new (preflight, cancellable);
  GtkWidget *chart = find_type (dialog, DD_TYPE_LATENCY_CHART);
  GtkWidget *bar = find_type (dialog, GTK_TYPE_PROGRESS_BAR);
  g_autofree char *summary = NULL;
  Outcome outcome = { NULL };

  gtk_window_present (GTK_WINDOW (dialog));
  dd_preflight_run_async (preflight, cancellable, done_cb, &outcome);
  g_assert_true (wait_for_flag (&outcome.done, 30000));

  /* The chart and the bar followed the run (a sample every quarter second). */
  g_assert_cmpuint (dd_latency_chart_get_n_samples (DD_LATENCY_CHART (chart)), >=, 8);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)), >=, 0.85);
  g_assert_cmpint (json_object_get_int_member (outcome.report, "connected_at_end"), ==, 200);

  summary = dd_preflight_report_summary (outcome.report);
  dd_preflight_dialog_show_result (DD_PREFLIGHT_DIALOG (dialog), dd_preflight_report_passed (outcome.report), summary);
  g_assert_true (gtk_widget_get_visible (find_button (dialog, "_Close")));
  g_assert_false (gtk_widget_get_visible (find_button (dialog, "_Cancel")));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  save_screenshot (dialog);

  json_object_unref (outcome.report);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_cancel_button (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DdPreflight) preflight = new_preflight (fixture, 60);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GtkWidget *dialog = dd_preflight_dialog_new (preflight, cancellable);
  GtkWidget *cancel = find_button (dialog, "_Cancel");
  gboolean never = FALSE;
  Outcome outcome = { NULL };
  gint64 started = g_get_monotonic_time ();

  gtk_window_present (GTK_WINDOW (dialog));
  dd_preflight_run_async (preflight, cancellable, done_cb, &outcome);
  wait_for_flag (&never, 1500);
  g_signal_emit_by_name (cancel, "clicked");
  g_assert_false (gtk_widget_get_sensitive (cancel));
  g_assert_true (wait_for_flag (&outcome.done, 10000));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 8 * G_USEC_PER_SEC);
  g_assert_true (json_object_get_boolean_member (outcome.report, "cancelled"));
  g_assert_false (dd_preflight_report_passed (outcome.report));
  /* The partial results are there. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (outcome.report, "chat"), "count"), >, 0);

  json_object_unref (outcome.report);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_setenv ("DD_SOURCE_ROOT", DD_SOURCE_DIR, FALSE);

  g_test_add ("/dropdeck/ui/preflight-dialog/live-run", Fixture, NULL, fixture_setup, test_live_run, fixture_teardown);
  g_test_add ("/dropdeck/ui/preflight-dialog/cancel", Fixture, NULL, fixture_setup, test_cancel_button, fixture_teardown);
  return g_test_run ();
}
