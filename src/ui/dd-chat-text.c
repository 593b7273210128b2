/* dd-chat-text.c — a chat line's text, wrapped, measured in one layout
 *
 * A wrapping GtkLabel in GTK 4.8 lays its text out several times to find its
 * minimum and natural widths; in a list that binds a row for every incoming
 * message that cost about a millisecond a row, and a flood of 2,000
 * messages a second brought the wall down to a few frames a second. This
 * widget asks for a fixed minimum width, takes whatever width the row gives
 * it and wraps there, so each new text costs one line-breaking pass. It is
 * only text: no selection, no links, no markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-chat-text.h"

#define MIN_WIDTH_CHARS 12

struct _DdChatText
{
  GtkWidget    parent_instance;

  PangoLayout *layout;
  char        *text;
  int          layout_width;  /* the width the layout was wrapped at, or -1 */
};

G_DEFINE_FINAL_TYPE (DdChatText, dd_chat_text, GTK_TYPE_WIDGET)

static void
wrap_at (DdChatText *self,
         int         width)
{
  if (self->layout_width == width)
    return;
  self->layout_width = width;
  pango_layout_set_width (self->layout, width < 0 ? -1 : width * PANGO_SCALE);
}

static void
dd_chat_text_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  DdChatText *self = DD_CHAT_TEXT (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      PangoContext *context = gtk_widget_get_pango_context (widget);
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
      int char_width = pango_font_metrics_get_approximate_char_width (metrics);

      pango_font_metrics_unref (metrics);
      /* The row gives the text all the width there is; asking for little
       * keeps the measuring to no layout at all. */
      *minimum = *natural = PANGO_PIXELS_CEIL (char_width * MIN_WIDTH_CHARS);
      return;
    }

  {
    int height;

    wrap_at (self, for_size);
    pango_layout_get_pixel_size (self->layout, NULL, &height);
    *minimum = *natural = height;
    *minimum_baseline = *natural_baseline = -1;
  }
}

static void
dd_chat_text_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  wrap_at (DD_CHAT_TEXT (widget), width);
}

static void
dd_chat_text_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  DdChatText *self = DD_CHAT_TEXT (widget);
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  wrap_at (self, gtk_widget_get_width (widget));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
}

static void
dd_chat_text_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  DdChatText *self = DD_CHAT_TEXT (widget);

  GTK_WIDGET_CLASS (dd_chat_text_parent_class)->css_changed (widget, change);
  /* Fonts may have changed: lay out again. */
  pango_layout_context_changed (self->layout);
  self->layout_width = -2;
  gtk_widget_queue_resize (widget);
}

static void
dd_chat_text_finalize (GObject *object)
{
  DdChatText *self = DD_CHAT_TEXT (object);

  g_clear_object (&self->layout);
  g_free (self->text);

  G_OBJECT_CLASS (dd_chat_text_parent_class)->finalize (object);
}

static void
dd_chat_text_class_init (DdChatTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dd_chat_text_finalize;
  widget_class->measure = dd_chat_text_measure;
  widget_class->size_allocate = dd_chat_text_size_allocate;
  widget_class->snapshot = dd_chat_text_snapshot;
  widget_class->css_changed = dd_chat_text_css_changed;

  gtk_widget_class_set_css_name (widget_class, "chattext");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
dd_chat_text_init (DdChatText *self)
{
  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
  self->layout_width = -2;
}

GtkWidget *
dd_chat_text_new (void)
{
  return g_object_new (DD_TYPE_CHAT_TEXT, NULL);
}

void
dd_chat_text_set_text (DdChatText    *self,
                       const char    *text,
                       PangoAttrList *attrs)
{
  g_return_if_fail (DD_IS_CHAT_TEXT (self));

  g_free (self->text);
  self->text = g_strdup (text != NULL ? text : "");
  pango_layout_set_text (self->layout, self->text, -1);
  pango_layout_set_attributes (self->layout, attrs);
  self->layout_width = -2;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->text, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
dd_chat_text_get_text (DdChatText *self)
{
  g_return_val_if_fail (DD_IS_CHAT_TEXT (self), NULL);

  return self->text != NULL ? self->text : "";
}
