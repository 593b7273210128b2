/* dd-chat-row.c — one chat message in the chat wall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dd-chat-row.h"

struct _DdChatRow
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkWidget     *box;
  GtkLabel      *time_label;
  GtkLabel      *badge_label;
  GtkLabel      *text_label;

  DdChatMessage *message;
};

G_DEFINE_FINAL_TYPE (DdChatRow, dd_chat_row, GTK_TYPE_WIDGET)

static const char * const badge_classes[] = {
  "warning", "error", "accent", "success", "intent",
};

static const char *
badge_for_message (DdChatMessage *message,
                   const char   **css_class)
{
  switch (dd_chat_message_get_moderation (message))
    {
    case DD_MODERATION_SPAM:
      *css_class = "warning";
      return _("Spam");
    case DD_MODERATION_SCAM:
      *css_class = "error";
      return _("Scam");
    case DD_MODERATION_TOXIC:
      *css_class = "error";
      return _("Abuse");
    case DD_MODERATION_OK:
    default:
      break;
    }

  switch (dd_chat_message_get_source (message))
    {
    case DD_CHAT_SOURCE_SQUAD:
      *css_class = "accent";
      return _("Squad");
    case DD_CHAT_SOURCE_CUE:
      *css_class = "accent";
      return _("Cue");
    case DD_CHAT_SOURCE_ALERT:
      *css_class = "warning";
      return _("Alert");
    case DD_CHAT_SOURCE_AUDIENCE:
    default:
      break;
    }

  switch (dd_chat_message_get_intent (message))
    {
    case DD_INTENT_PURCHASE:
      *css_class = "success";
      return _("Bought");
    case DD_INTENT_SIZE:
      *css_class = "intent";
      return _("Size");
    case DD_INTENT_PRICE:
      *css_class = "intent";
      return _("Price");
    case DD_INTENT_AVAILABILITY:
      *css_class = "intent";
      return _("Stock");
    case DD_INTENT_SHIPPING:
      *css_class = "intent";
      return _("Shipping");
    case DD_INTENT_NONE:
    default:
      break;
    }

  return NULL;
}

/* Keeps author colours legible on light and dark backgrounds by pulling
 * very dark or very light colours towards the middle. */
static void
author_color (gint32  rgb,
              guint16 out[3])
{
  guint r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
  guint luma = (r * 299 + g * 587 + b * 114) / 1000;

  if (luma < 70)
    {
      r = (r + 140) / 2; g = (g + 140) / 2; b = (b + 140) / 2;
    }
  else if (luma > 200)
    {
      r = r * 3 / 4; g = g * 3 / 4; b = b * 3 / 4;
    }

  out[0] = r * 257;
  out[1] = g * 257;
  out[2] = b * 257;
}

static void
show_message (DdChatRow *self)
{
  DdChatMessage *message = self->message;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *line = NULL;
  PangoAttrList *attrs;
  PangoAttribute *attr;
  const char *author;
  const char *css_class = NULL;
  const char *badge;
  gint32 rgb;

  gtk_widget_remove_css_class (self->box, "flagged");
  for (guint i = 0; i < G_N_ELEMENTS (badge_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), badge_classes[i]);

  if (message == NULL)
    {
      gtk_label_set_text (self->time_label, "");
      gtk_label_set_text (self->text_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->badge_label), FALSE);
      return;
    }

  when = g_date_time_new_from_unix_local (dd_chat_message_get_timestamp (message) / G_USEC_PER_SEC);
  time_text = g_date_time_format (when, "%H:%M:%S");
  gtk_label_set_text (self->time_label, time_text != NULL ? time_text : "");

  badge = badge_for_message (message, &css_class);
  gtk_widget_set_visible (GTK_WIDGET (self->badge_label), badge != NULL);
  if (badge != NULL)
    {
      gtk_label_set_text (self->badge_label, badge);
      gtk_widget_add_css_class (GTK_WIDGET (self->badge_label), css_class);
    }
  if (dd_chat_message_get_moderation (message) != DD_MODERATION_OK)
    gtk_widget_add_css_class (self->box, "flagged");

  /* Author and text in one label, so that long lines wrap under the
   * author; the author is styled through attributes, never markup. */
  author = dd_chat_message_get_display_name (message);
  if (author == NULL)
    author = dd_chat_message_get_author_login (message);
  if (author == NULL)
    author = "";
  line = g_strconcat (author, "  ", dd_chat_message_get_text (message), NULL);
  gtk_label_set_text (self->text_label, line);

  attrs = pango_attr_list_new ();
  attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
  attr->start_index = 0;
  attr->end_index = strlen (author);
  pango_attr_list_insert (attrs, attr);

  rgb = dd_chat_message_get_color_rgb (message);
  if (rgb >= 0)
    {
      guint16 color[3];

      author_color (rgb, color);
      attr = pango_attr_foreground_new (color[0], color[1], color[2]);
      attr->start_index = 0;
      attr->end_index = strlen (author);
      pango_attr_list_insert (attrs, attr);
    }
  gtk_label_set_attributes (self->text_label, attrs);
  pango_attr_list_unref (attrs);
}

static void
dd_chat_row_dispose (GObject *object)
{
  DdChatRow *self = DD_CHAT_ROW (object);

  g_clear_object (&self->message);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_CHAT_ROW);

  G_OBJECT_CLASS (dd_chat_row_parent_class)->dispose (object);
}

static void
dd_chat_row_class_init (DdChatRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_chat_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-chat-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DdChatRow, box);
  gtk_widget_class_bind_template_child (widget_class, DdChatRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, DdChatRow, badge_label);
  gtk_widget_class_bind_template_child (widget_class, DdChatRow, text_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chatrow");
}

static void
dd_chat_row_init (DdChatRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dd_chat_row_new (void)
{
  return g_object_new (DD_TYPE_CHAT_ROW, NULL);
}

void
dd_chat_row_set_message (DdChatRow     *self,
                         DdChatMessage *message)
{
  g_return_if_fail (DD_IS_CHAT_ROW (self));
  g_return_if_fail (message == NULL || DD_IS_CHAT_MESSAGE (message));

  if (!g_set_object (&self->message, message))
    return;

  show_message (self);
}

DdChatMessage *
dd_chat_row_get_message (DdChatRow *self)
{
  g_return_val_if_fail (DD_IS_CHAT_ROW (self), NULL);

  return self->message;
}

char *
dd_chat_row_dup_text (DdChatRow *self)
{
  g_return_val_if_fail (DD_IS_CHAT_ROW (self), NULL);

  return g_strdup (gtk_label_get_text (self->text_label));
}
