/* dd-cue-strip.c — the current creator cue, large, on the Chat and Drop pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-cue-strip.h"

struct _DdCueStrip
{
  GtkWidget    parent_instance;

  /* Template widgets */
  GtkRevealer *revealer;
  GtkLabel    *meta_label;
  GtkLabel    *text_label;

  DdChatDesk  *desk;
};

G_DEFINE_FINAL_TYPE (DdCueStrip, dd_cue_strip, GTK_TYPE_WIDGET)

static void
show_cue (DdCueStrip *self)
{
  DdChatMessage *cue = self->desk != NULL ? dd_chat_desk_get_cue (self->desk) : NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *meta = NULL;
  const char *from;

  gtk_revealer_set_reveal_child (self->revealer, cue != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), cue != NULL);
  if (cue == NULL)
    return;

  from = dd_chat_message_get_display_name (cue);
  if (from == NULL)
    from = dd_chat_message_get_author_login (cue);
  when = g_date_time_new_from_unix_local (dd_chat_message_get_timestamp (cue) / G_USEC_PER_SEC);
  time_text = g_date_time_format (when, "%H:%M");
  /* Translators: above a creator cue: "Creator cue · from Ana · 20:41" */
  meta = g_strdup_printf (_("Creator cue · from %s · %s"), from != NULL ? from : "", time_text != NULL ? time_text : "");
  gtk_label_set_text (self->meta_label, meta);
  gtk_label_set_text (self->text_label, dd_chat_message_get_text (cue));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->revealer),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, dd_chat_message_get_text (cue),
                                  -1);
}

static void
cue_changed_cb (DdChatDesk *desk,
                GParamSpec *pspec,
                DdCueStrip *self)
{
  show_cue (self);
}

static void
done_clicked_cb (DdCueStrip *self,
                 GtkButton  *button)
{
  if (self->desk != NULL)
    dd_chat_desk_set_cue (self->desk, NULL);
}

static void
dd_cue_strip_dispose (GObject *object)
{
  DdCueStrip *self = DD_CUE_STRIP (object);

  dd_cue_strip_set_desk (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_CUE_STRIP);

  G_OBJECT_CLASS (dd_cue_strip_parent_class)->dispose (object);
}

static void
dd_cue_strip_class_init (DdCueStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_cue_strip_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-cue-strip.ui");
  gtk_widget_class_bind_template_child (widget_class, DdCueStrip, revealer);
  gtk_widget_class_bind_template_child (widget_class, DdCueStrip, meta_label);
  gtk_widget_class_bind_template_child (widget_class, DdCueStrip, text_label);
  gtk_widget_class_bind_template_callback (widget_class, done_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cuestrip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dd_cue_strip_init (DdCueStrip *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_cue (self);
}

GtkWidget *
dd_cue_strip_new (void)
{
  return g_object_new (DD_TYPE_CUE_STRIP, NULL);
}

void
dd_cue_strip_set_desk (DdCueStrip *self,
                       DdChatDesk *desk)
{
  g_return_if_fail (DD_IS_CUE_STRIP (self));
  g_return_if_fail (desk == NULL || DD_IS_CHAT_DESK (desk));

  if (self->desk == desk)
    return;

  if (self->desk != NULL)
    g_signal_handlers_disconnect_by_data (self->desk, self);
  g_set_object (&self->desk, desk);
  if (desk != NULL)
    g_signal_connect_object (desk, "notify::cue", G_CALLBACK (cue_changed_cb), self, 0);
  show_cue (self);
}

const char *
dd_cue_strip_get_text (DdCueStrip *self)
{
  g_return_val_if_fail (DD_IS_CUE_STRIP (self), NULL);

  if (self->desk == NULL || dd_chat_desk_get_cue (self->desk) == NULL)
    return NULL;
  return gtk_label_get_text (self->text_label);
}
