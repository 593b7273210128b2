/* dd-promise-label.c — the delivery promise an offer can keep right now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-offer-editor.h"
#include "dd-page.h"
#include "dd-promise-label.h"

#define REFRESH_SECONDS 2

struct _DdPromiseLabel
{
  AdwBin    parent_instance;

  GtkLabel *label;
  guint     refresh_id;
};

G_DEFINE_FINAL_TYPE (DdPromiseLabel, dd_promise_label, ADW_TYPE_BIN)

static gboolean
refresh_cb (gpointer user_data)
{
  dd_promise_label_refresh (user_data);

  return G_SOURCE_CONTINUE;
}

static void
dd_promise_label_map (GtkWidget *widget)
{
  DdPromiseLabel *self = DD_PROMISE_LABEL (widget);

  GTK_WIDGET_CLASS (dd_promise_label_parent_class)->map (widget);
  dd_promise_label_refresh (self);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
}

static void
dd_promise_label_unmap (GtkWidget *widget)
{
  DdPromiseLabel *self = DD_PROMISE_LABEL (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  GTK_WIDGET_CLASS (dd_promise_label_parent_class)->unmap (widget);
}

static void
dd_promise_label_dispose (GObject *object)
{
  DdPromiseLabel *self = DD_PROMISE_LABEL (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  G_OBJECT_CLASS (dd_promise_label_parent_class)->dispose (object);
}

static void
dd_promise_label_class_init (DdPromiseLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_promise_label_dispose;
  widget_class->map = dd_promise_label_map;
  widget_class->unmap = dd_promise_label_unmap;
}

static void
dd_promise_label_init (DdPromiseLabel *self)
{
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 1);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_max_width_chars (self->label, 28);
  gtk_label_set_justify (self->label, GTK_JUSTIFY_RIGHT);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "dim-label");
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->label));
}

GtkWidget *
dd_promise_label_new (void)
{
  return g_object_new (DD_TYPE_PROMISE_LABEL, NULL);
}

char *
dd_promise_label_format (const guint counts[DD_N_LATENCY_BUCKETS])
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint total = 0;

  for (guint b = 0; b < DD_N_LATENCY_BUCKETS; b++)
    total += counts[b];
  if (total == 0)
    return g_string_free (g_steal_pointer (&text), FALSE);

  for (guint b = 0; b < DD_N_LATENCY_BUCKETS; b++)
    {
      const char *bucket = dd_latency_bucket_get_display_name ((DdLatencyBucket) b);

      if (counts[b] == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, " · ");
      if (text->len == 0)
        /* Translators: the first part of the delivery promise summary:
         * "Within 2 hours in 5 of 7 hub areas" */
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s in %u of %u hub area",
                                                   "%s in %u of %u hub areas", total),
                                bucket, counts[b], total);
      else
        /* Translators: a further part of the summary: "Next day in 2" */
        g_string_append_printf (text, _("%s in %u"), bucket, counts[b]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
dd_promise_label_refresh (DdPromiseLabel *self)
{
  GtkWidget *editor, *page;
  DdDropSession *session;
  DdOffer *offer;
  guint counts[DD_N_LATENCY_BUCKETS];
  g_autofree char *text = NULL;

  g_return_if_fail (DD_IS_PROMISE_LABEL (self));

  editor = gtk_widget_get_ancestor (GTK_WIDGET (self), DD_TYPE_OFFER_EDITOR);
  page = gtk_widget_get_ancestor (GTK_WIDGET (self), DD_TYPE_PAGE);
  offer = editor != NULL ? dd_offer_editor_get_offer (DD_OFFER_EDITOR (editor)) : NULL;
  session = page != NULL ? dd_page_get_session (DD_PAGE (page)) : NULL;

  if (offer != NULL && session != NULL)
    {
      dd_drop_session_count_promises (session, offer, counts);
      text = dd_promise_label_format (counts);
    }
  if (g_strcmp0 (gtk_label_get_text (self->label), text != NULL ? text : "") != 0)
    gtk_label_set_text (self->label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->label), text != NULL && *text != '\0');
}

const char *
dd_promise_label_get_text (DdPromiseLabel *self)
{
  g_return_val_if_fail (DD_IS_PROMISE_LABEL (self), NULL);

  return gtk_label_get_text (self->label);
}
