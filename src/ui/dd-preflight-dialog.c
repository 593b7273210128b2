/* dd-preflight-dialog.c — a preflight run as it happens: progress, viewers
 * connected, the latency chart, Cancel; then the result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-latency-chart.h"
#include "dd-preflight-dialog.h"

struct _DdPreflightDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  GtkLabel       *status_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *detail_label;
  DdLatencyChart *chart;
  GtkLabel       *result_label;
  GtkButton      *cancel_button;
  GtkButton      *close_button;

  DdPreflight    *preflight;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (DdPreflightDialog, dd_preflight_dialog, ADW_TYPE_WINDOW)

static void
progress_cb (DdPreflight               *preflight,
             const DdPreflightProgress *progress,
             DdPreflightDialog         *self)
{
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  double fraction = progress->total_s > 0 ? progress->elapsed_s / progress->total_s : 0;

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
  /* Translators: the preflight's progress bar, "42 of 90 s" */
  text = g_strdup_printf (_("%.0f of %.0f s"), MIN (progress->elapsed_s, progress->total_s), progress->total_s);
  gtk_progress_bar_set_text (self->progress_bar, text);
  /* Translators: under the progress bar */
  detail = g_strdup_printf (_("%u of %u viewers connected · %llu requests done · %llu errors"),
                            progress->connected, progress->viewers,
                            (unsigned long long) progress->completed, (unsigned long long) progress->errors);
  gtk_label_set_text (self->detail_label, detail);
  if (progress->connected >= progress->viewers && progress->viewers > 0)
    gtk_label_set_text (self->status_label, _("Every viewer is connected: holding the load"));
  dd_latency_chart_set_total (self->chart, progress->total_s);
  dd_latency_chart_push (self->chart, progress->elapsed_s, progress->chat_p95_ms, progress->overlay_p95_ms,
                         progress->checkout_p95_ms);
}

static void
cancel_clicked_cb (DdPreflightDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_label_set_text (self->status_label, _("Cancelling: the partial results are kept"));
}

static void
dd_preflight_dialog_dispose (GObject *object)
{
  DdPreflightDialog *self = DD_PREFLIGHT_DIALOG (object);

  if (self->preflight != NULL)
    g_signal_handlers_disconnect_by_data (self->preflight, self);
  g_clear_object (&self->preflight);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_PREFLIGHT_DIALOG);
  G_OBJECT_CLASS (dd_preflight_dialog_parent_class)->dispose (object);
}

static void
dd_preflight_dialog_class_init (DdPreflightDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_preflight_dialog_dispose;

  g_type_ensure (DD_TYPE_LATENCY_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-preflight-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DdPreflightDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, DdPreflightDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DdPreflightDialog, detail_label);
  gtk_widget_class_bind_template_child (widget_class, DdPreflightDialog, chart);
  gtk_widget_class_bind_template_child (widget_class, DdPreflightDialog, result_label);
  gtk_widget_class_bind_template_child (widget_class, DdPreflightDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DdPreflightDialog, close_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, gtk_window_destroy);
}

static void
dd_preflight_dialog_init (DdPreflightDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dd_preflight_dialog_new (DdPreflight  *preflight,
                         GCancellable *cancellable)
{
  DdPreflightDialog *self = g_object_new (DD_TYPE_PREFLIGHT_DIALOG, NULL);

  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  if (preflight != NULL)
    {
      self->preflight = g_object_ref (preflight);
      g_signal_connect (preflight, "progress", G_CALLBACK (progress_cb), self);
    }
  return GTK_WIDGET (self);
}

void
dd_preflight_dialog_show_result (DdPreflightDialog *self,
                                 gboolean           passed,
                                 const char        *evidence)
{
  g_return_if_fail (DD_IS_PREFLIGHT_DIALOG (self));

  gtk_label_set_text (self->status_label, passed ? _("Preflight passed: every service level was met")
                                                 : _("Preflight failed"));
  gtk_label_set_text (self->result_label, evidence != NULL ? evidence : "");
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->close_button));
}
