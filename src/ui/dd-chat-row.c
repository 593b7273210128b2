/* dd-chat-row.c — one chat message in the chat wall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <adwaita.h>

#include "dd-chat-row.h"
#include "dd-chat-text.h"
#include "dd-chat-links.h"
#include "dd-readable-color.h"

struct _DdChatRow
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkWidget     *box;
  GtkLabel      *time_label;
  GtkLabel      *badge_label;
  GtkLabel      *reply_label;
  DdChatText    *text_label;
  GtkWidget     *extras_box;
  GtkWidget     *removed_label;
  GtkLabel      *link_label;
  GtkLabel      *claim_label;

  DdChatMessage *message;
  DdChatDesk    *desk;
  const char    *badge_class;  /* the badge's style class now, or NULL */
};

G_DEFINE_FINAL_TYPE (DdChatRow, dd_chat_row, GTK_TYPE_WIDGET)


static void
set_class (GtkWidget  *widget,
           const char *css_class,
           gboolean    on)
{
  if (on == gtk_widget_has_css_class (widget, css_class))
    return;
  if (on)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

/* "21:24:07", local time. Rows bound in the same second share one text. */
static const char *
format_time (gint64 timestamp_us)
{
  static gint64 second = G_MININT64;
  static char text[16];
  gint64 now_second = timestamp_us / G_USEC_PER_SEC;

  if (now_second != second)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (now_second);
      g_autofree char *formatted = when != NULL ? g_date_time_format (when, "%H:%M:%S") : NULL;

      g_strlcpy (text, formatted != NULL ? formatted : "", sizeof text);
      second = now_second;
    }
  return text;
}

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

/* The wall's background in each style (libadwaita 1.2's view colours);
 * names must reach 4.5:1 against it. */
#define LIGHT_BACKGROUND 0xffffff
#define DARK_BACKGROUND  0x1e1e1e
#define MIN_CONTRAST     4.5

static void
author_color (gint32  rgb,
              guint16 out[3])
{
  /* Chatters keep their colour: remember the last few answers (the main
   * thread only), since every bound row asks. */
  static struct { guint32 key; guint32 shown; } cache[64];
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  guint32 key = ((guint32) rgb & 0xffffff) | (dark ? 0x1000000u : 0) | 0x2000000u;
  guint slot = (key ^ (key >> 7) ^ (key >> 15)) % G_N_ELEMENTS (cache);
  guint32 shown;

  if (cache[slot].key != key)
    {
      cache[slot].key = key;
      cache[slot].shown = dd_color_readable ((guint32) rgb, dark ? DARK_BACKGROUND : LIGHT_BACKGROUND, MIN_CONTRAST);
    }
  shown = cache[slot].shown;

  out[0] = ((shown >> 16) & 0xff) * 257;
  out[1] = ((shown >> 8) & 0xff) * 257;
  out[2] = (shown & 0xff) * 257;
}

/* Short role marks before the name, as words so screen readers say them. */
static const char *
role_mark (DdChatFlags flags)
{
  if (flags & DD_CHAT_FLAG_BROADCASTER)
    /* Translators: a short mark before the name of the channel's host */
    return C_("chat role", "HOST");
  if (flags & DD_CHAT_FLAG_MODERATOR)
    /* Translators: a short mark before a moderator's name */
    return C_("chat role", "MOD");
  if (flags & DD_CHAT_FLAG_VIP)
    return C_("chat role", "VIP");
  if (flags & DD_CHAT_FLAG_SUBSCRIBER)
    /* Translators: a short mark before a subscriber's name */
    return C_("chat role", "SUB");
  return NULL;
}

static void
show_reply (DdChatRow     *self,
            DdChatMessage *message)
{
  const char *parent_login = dd_chat_message_get_reply_parent_login (message);
  const char *parent_text = dd_chat_message_get_reply_parent_text (message);
  g_autofree char *reply = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->reply_label), parent_login != NULL);
  if (parent_login == NULL)
    return;

  /* Translators: the message a chat line answers: "↪ @viewer: is M in stock?" */
  reply = g_strdup_printf (_("↪ @%s: %s"), parent_login, parent_text != NULL ? parent_text : "");
  gtk_label_set_text (self->reply_label, reply);
}

/* Shows the first link's real domain; a tricky one is flagged. */
static gboolean
show_links (DdChatRow     *self,
            DdChatMessage *message)
{
  DdChatLink links[DD_CHAT_LINKS_MAX];
  g_autofree char *text = NULL;
  guint n = dd_chat_links_find (dd_chat_message_get_text (message), -1, links);
  const DdChatLink *shown = NULL;

  set_class (GTK_WIDGET (self->link_label), "suspicious", FALSE);
  for (guint i = 0; i < n && shown == NULL; i++)
    if (dd_chat_link_is_suspicious (&links[i]))
      shown = &links[i];
  if (shown == NULL && n > 0)
    shown = &links[0];

  gtk_widget_set_visible (GTK_WIDGET (self->link_label), shown != NULL);
  if (shown == NULL)
    return FALSE;

  if (dd_chat_link_is_suspicious (shown))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->link_label), "suspicious");
      if (g_strcmp0 (shown->host, shown->shown) != 0)
        /* Translators: a link whose domain is written in a tricky way:
         * "⚠ goes to xn--pple-43d.com (shows as аpple.com)" */
        text = g_strdup_printf (_("⚠ goes to %s (shows as %s)"), shown->host, shown->shown);
      else
        /* Translators: a look-alike or hidden link: "⚠ goes to paypa1-secure.com" */
        text = g_strdup_printf (_("⚠ goes to %s"), shown->host);
    }
  else
    /* Translators: where a link in a chat message goes: "→ example.com" */
    text = g_strdup_printf (_("→ %s"), shown->shown);
  gtk_label_set_text (self->link_label, text);

  return TRUE;
}

/* What moderators did: removed, claimed. Returns whether anything shows. */
static gboolean
show_marks (DdChatRow     *self,
            DdChatMessage *message)
{
  const char *claimer = self->desk != NULL ? dd_chat_desk_get_claimer (self->desk, message) : NULL;
  gboolean removed = self->desk != NULL && dd_chat_desk_is_removed (self->desk, message);
  g_autofree char *claim = NULL;

  gtk_widget_set_visible (self->removed_label, removed);
  set_class (self->box, "removed", removed);

  gtk_widget_set_visible (GTK_WIDGET (self->claim_label), claimer != NULL);
  if (claimer != NULL)
    {
      /* Translators: a squad member answers this buyer's question: "Ana answers" */
      claim = g_strdup_printf (_("%s answers"), claimer);
      gtk_label_set_text (self->claim_label, claim);
    }

  return removed || claimer != NULL;
}

static void
show_message (DdChatRow *self)
{
  DdChatMessage *message = self->message;
  g_autofree char *line = NULL;
  g_autofree char *marks = NULL;
  PangoAttrList *attrs;
  PangoAttribute *attr;
  const char *author;
  const char *css_class = NULL;
  const char *badge;
  const char *mark;
  gboolean marked_ok;
  gboolean first;
  gboolean extras;
  gsize author_start;
  gint32 rgb;

  if (message == NULL)
    {
      set_class (self->box, "flagged", FALSE);
      set_class (self->box, "removed", FALSE);
      gtk_label_set_text (self->time_label, "");
      dd_chat_text_set_text (self->text_label, "", NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->badge_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->reply_label), FALSE);
      gtk_widget_set_visible (self->extras_box, FALSE);
      return;
    }

  gtk_label_set_text (self->time_label, format_time (dd_chat_message_get_timestamp (message)));

  marked_ok = self->desk != NULL && dd_chat_desk_is_marked_ok (self->desk, message);
  badge = marked_ok ? NULL : badge_for_message (message, &css_class);
  gtk_widget_set_visible (GTK_WIDGET (self->badge_label), badge != NULL);
  if (badge != NULL)
    {
      gtk_label_set_text (self->badge_label, badge);
      /* Style changes cost a restyle: only when the class really changes. */
      if (css_class != self->badge_class)
        {
          if (self->badge_class != NULL)
            gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), self->badge_class);
          gtk_widget_add_css_class (GTK_WIDGET (self->badge_label), css_class);
          self->badge_class = css_class;
        }
    }
  set_class (self->box, "flagged", !marked_ok && dd_chat_message_get_moderation (message) != DD_MODERATION_OK);

  show_reply (self, message);
  extras = show_links (self, message);
  extras = show_marks (self, message) || extras;
  gtk_widget_set_visible (self->extras_box, extras);

  /* Author and text in one label, so that long lines wrap under the
   * author; the author is styled through attributes, never markup. */
  author = dd_chat_message_get_display_name (message);
  if (author == NULL)
    author = dd_chat_message_get_author_login (message);
  if (author == NULL)
    author = "";
  first = (dd_chat_message_get_flags (message) & DD_CHAT_FLAG_FIRST_MSG) != 0;
  /* Translators: a short mark before the name of someone who writes in this
   * channel for the first time */
  marks = g_strjoin (" ", first ? C_("chat role", "NEW") : "", role_mark (dd_chat_message_get_flags (message)), NULL);
  g_strstrip (marks);
  mark = marks[0] != '\0' ? marks : NULL;
  line = g_strconcat (mark != NULL ? mark : "", mark != NULL ? " " : "",
                      author, "  ", dd_chat_message_get_text (message), NULL);
  author_start = mark != NULL ? strlen (mark) + 1 : 0;

  attrs = pango_attr_list_new ();
  if (mark != NULL)
    {
      attr = pango_attr_scale_new (0.72);
      attr->start_index = 0;
      attr->end_index = strlen (mark);
      pango_attr_list_insert (attrs, attr);
      attr = pango_attr_weight_new (PANGO_WEIGHT_HEAVY);
      attr->start_index = 0;
      attr->end_index = strlen (mark);
      pango_attr_list_insert (attrs, attr);
    }
  attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
  attr->start_index = author_start;
  attr->end_index = author_start + strlen (author);
  pango_attr_list_insert (attrs, attr);

  rgb = dd_chat_message_get_color_rgb (message);
  if (rgb >= 0)
    {
      guint16 color[3];

      author_color (rgb, color);
      attr = pango_attr_foreground_new (color[0], color[1], color[2]);
      attr->start_index = author_start;
      attr->end_index = author_start + strlen (author);
      pango_attr_list_insert (attrs, attr);
    }
  if (self->desk != NULL && dd_chat_desk_is_removed (self->desk, message))
    pango_attr_list_insert (attrs, pango_attr_strikethrough_new (TRUE));
  dd_chat_text_set_text (self->text_label, line, attrs);
  pango_attr_list_unref (attrs);
}

/* Why the classifier flagged the message, or what a buyer asked for, so
 * moderators can judge the label. Classifying again is a microsecond. */
static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  DdChatRow *self = DD_CHAT_ROW (widget);
  DdClassifier *classifier = self->desk != NULL ? dd_chat_desk_get_classifier (self->desk) : NULL;
  g_autoptr(GString) text = NULL;
  DdClassification c;

  if (self->message == NULL || classifier == NULL
      || dd_chat_message_get_source (self->message) != DD_CHAT_SOURCE_AUDIENCE)
    return FALSE;

  dd_classifier_classify (classifier, dd_chat_message_get_text (self->message), -1, &c);
  text = g_string_new (NULL);
  for (guint r = 0; r < DD_CLASSIFIER_N_REASONS; r++)
    {
      g_autofree char *label = NULL;

      if (!dd_classification_has_reason (&c, r))
        continue;
      label = dd_classification_reason_get_label (&c, r);
      g_string_append_printf (text, "%s• %s", text->len > 0 ? "\n" : "", label);
    }
  if (c.size[0] != '\0' || c.colour[0] != '\0' || c.variant[0] != '\0' || c.quantity > 0)
    {
      /* Translators: what a buyer asked for, e.g. "Asks for: size M, blue, AA12, 2" */
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", _("Asks for:"));
      if (c.size[0] != '\0')
        g_string_append_printf (text, _(" size %s"), c.size);
      if (c.colour[0] != '\0')
        g_string_append_printf (text, " %s", c.colour);
      if (c.variant[0] != '\0')
        g_string_append_printf (text, " %s", c.variant);
      if (c.quantity > 0)
        g_string_append_printf (text, _(" × %u"), c.quantity);
    }
  if (text->len == 0)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static void
dd_chat_row_dispose (GObject *object)
{
  DdChatRow *self = DD_CHAT_ROW (object);

  g_clear_object (&self->message);
  g_clear_object (&self->desk);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_CHAT_ROW);

  G_OBJECT_CLASS (dd_chat_row_parent_class)->dispose (object);
}

static void
dd_chat_row_class_init (DdChatRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_chat_row_dispose;

  g_type_ensure (DD_TYPE_CHAT_TEXT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-chat-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DdChatRow, box);
  gtk_widget_class_bind_template_child (widget_class, DdChatRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, DdChatRow, badge_label);
  gtk_widget_class_bind_template_child (widget_class, DdChatRow, reply_label);
  gtk_widget_class_bind_template_child (widget_class, DdChatRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, DdChatRow, extras_box);
  gtk_widget_class_bind_template_child (widget_class, DdChatRow, removed_label);
  gtk_widget_class_bind_template_child (widget_class, DdChatRow, link_label);
  gtk_widget_class_bind_template_child (widget_class, DdChatRow, claim_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chatrow");
}

static void
dark_changed_cb (AdwStyleManager *manager,
                 GParamSpec      *pspec,
                 DdChatRow       *self)
{
  show_message (self);
}

static void
dd_chat_row_init (DdChatRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, 0);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
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

void
dd_chat_row_set_desk (DdChatRow  *self,
                      DdChatDesk *desk)
{
  g_return_if_fail (DD_IS_CHAT_ROW (self));
  g_return_if_fail (desk == NULL || DD_IS_CHAT_DESK (desk));

  if (g_set_object (&self->desk, desk))
    show_message (self);
}

void
dd_chat_row_refresh (DdChatRow *self)
{
  g_return_if_fail (DD_IS_CHAT_ROW (self));

  show_message (self);
}

char *
dd_chat_row_dup_text (DdChatRow *self)
{
  g_return_val_if_fail (DD_IS_CHAT_ROW (self), NULL);

  return g_strdup (dd_chat_text_get_text (self->text_label));
}
