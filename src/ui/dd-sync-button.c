/* dd-sync-button.c — the header bar's sync state, opening the sync log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dd-store-sync-outbox.h"
#include "dd-sync-button.h"
#include "dd-sync-log-window.h"

#define POLL_SECONDS 2

struct _DdSyncButton
{
  GtkButton parent_instance;

  GtkWidget *icon;
  GtkWidget *label;
  DdStore *store;
  GCancellable *cancellable;
  guint poll_id;
  gboolean reading;
  char *state;
  gint64 counts[5];   /* the last summary's counts, to tell a change */
  gboolean counted;
};

G_DEFINE_FINAL_TYPE (DdSyncButton, dd_sync_button, GTK_TYPE_BUTTON)

enum {
  OUTBOX_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Tells listeners (the offers list) when an entry was added, sent, met a
 * conflict or was refused since the last read. */
static void
note_counts (DdSyncButton          *self,
             const DdOutboxSummary *summary)
{
  gint64 counts[G_N_ELEMENTS (self->counts)] = {
    summary->pending, summary->done, summary->conflicted, summary->rejected, summary->open_conflicts
  };

  if (self->counted && memcmp (counts, self->counts, sizeof counts) == 0)
    return;
  memcpy (self->counts, counts, sizeof counts);
  self->counted = TRUE;
  g_signal_emit (self, signals[OUTBOX_CHANGED], 0);
}

static void
show_summary (DdSyncButton          *self,
              const DdOutboxSummary *summary)
{
  g_autofree char *short_text = NULL;
  const char *icon = "emblem-ok-symbolic";

  g_clear_pointer (&self->state, g_free);
  gtk_widget_remove_css_class (GTK_WIDGET (self), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  if (summary == NULL)
    {
      self->state = g_strdup (_("Sync state unknown"));
      short_text = g_strdup ("");
    }
  else if (summary->open_conflicts > 0)
    {
      self->state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " conflict to resolve",
                                                  "%" G_GINT64_FORMAT " conflicts to resolve",
                                                  summary->open_conflicts), summary->open_conflicts);
      short_text = g_strdup_printf ("%" G_GINT64_FORMAT, summary->open_conflicts);
      icon = "dialog-warning-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self), "warning");
    }
  else if (summary->pending > 0)
    {
      self->state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " change to send",
                                                  "%" G_GINT64_FORMAT " changes to send",
                                                  summary->pending), summary->pending);
      short_text = g_strdup_printf ("%" G_GINT64_FORMAT, summary->pending);
      icon = "emblem-synchronizing-symbolic";
    }
  else if (summary->rejected > 0)
    {
      self->state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "All sent; %" G_GINT64_FORMAT " change rejected",
                                                  "All sent; %" G_GINT64_FORMAT " changes rejected",
                                                  summary->rejected), summary->rejected);
      short_text = g_strdup ("");
      icon = "action-unavailable-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
    }
  else
    {
      self->state = g_strdup (_("All changes sent"));
      short_text = g_strdup ("");
    }

  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon);
  gtk_label_set_text (GTK_LABEL (self->label), short_text);
  gtk_widget_set_visible (self->label, *short_text != '\0');
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->state, -1);
}

static void
summary_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DdSyncButton *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdOutboxSummary) summary = dd_store_summarize_outbox_finish (DD_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->reading = FALSE;
  show_summary (self, summary);
  if (summary != NULL)
    note_counts (self, summary);
}

static void
read_summary (DdSyncButton *self)
{
  if (self->store == NULL || self->reading)
    return;
  self->reading = TRUE;
  dd_store_summarize_outbox_async (self->store, self->cancellable, summary_cb, self);
}

static gboolean
poll_cb (gpointer user_data)
{
  read_summary (user_data);
  return G_SOURCE_CONTINUE;
}

static void
dd_sync_button_clicked (GtkButton *button)
{
  dd_sync_button_open_log (DD_SYNC_BUTTON (button));
}

static void
dd_sync_button_map (GtkWidget *widget)
{
  DdSyncButton *self = DD_SYNC_BUTTON (widget);

  GTK_WIDGET_CLASS (dd_sync_button_parent_class)->map (widget);
  read_summary (self);
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add_seconds (POLL_SECONDS, poll_cb, self);
}

static void
dd_sync_button_unmap (GtkWidget *widget)
{
  DdSyncButton *self = DD_SYNC_BUTTON (widget);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  GTK_WIDGET_CLASS (dd_sync_button_parent_class)->unmap (widget);
}

static void
dd_sync_button_dispose (GObject *object)
{
  DdSyncButton *self = DD_SYNC_BUTTON (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->state, g_free);

  G_OBJECT_CLASS (dd_sync_button_parent_class)->dispose (object);
}

static void
dd_sync_button_class_init (DdSyncButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkButtonClass *button_class = GTK_BUTTON_CLASS (klass);

  object_class->dispose = dd_sync_button_dispose;
  widget_class->map = dd_sync_button_map;
  widget_class->unmap = dd_sync_button_unmap;
  button_class->clicked = dd_sync_button_clicked;

  /**
   * DdSyncButton::outbox-changed:
   *
   * The outbox's counts changed since the last read (every two seconds
   * while mapped, and when the sync log has loaded).
   */
  signals[OUTBOX_CHANGED] = g_signal_new ("outbox-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dd_sync_button_init (DdSyncButton *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->cancellable = g_cancellable_new ();
  self->icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  self->label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->label, "numeric");
  gtk_box_append (GTK_BOX (box), self->icon);
  gtk_box_append (GTK_BOX (box), self->label);
  gtk_button_set_child (GTK_BUTTON (self), box);
  show_summary (self, NULL);
}

GtkWidget *
dd_sync_button_new (void)
{
  return g_object_new (DD_TYPE_SYNC_BUTTON, NULL);
}

void
dd_sync_button_set_store (DdSyncButton *self,
                          DdStore      *store)
{
  g_return_if_fail (DD_IS_SYNC_BUTTON (self));
  g_return_if_fail (store == NULL || DD_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->reading = FALSE;
  self->counted = FALSE;
  show_summary (self, NULL);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    read_summary (self);
}

const char *
dd_sync_button_get_state (DdSyncButton *self)
{
  g_return_val_if_fail (DD_IS_SYNC_BUTTON (self), NULL);

  return self->state;
}

GtkWidget *
dd_sync_button_open_log (DdSyncButton *self)
{
  GtkRoot *root;
  GtkWidget *window;

  g_return_val_if_fail (DD_IS_SYNC_BUTTON (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  window = dd_sync_log_window_new (self->store);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  g_signal_connect_object (window, "loaded", G_CALLBACK (read_summary), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}
