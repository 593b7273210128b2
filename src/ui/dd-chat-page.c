/* dd-chat-page.c — the Chat page: the live audience chat wall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dd-application.h"
#include "dd-chat-page.h"
#include "dd-chat-row.h"

#define MIN_RATE         1.0
#define MAX_RATE      5000.0
#define BOTTOM_SLACK_PX  8.0

struct _DdChatPage
{
  DdPage             parent_instance;

  /* Template widgets */
  GtkWidget         *rate_bar;
  GtkAdjustment     *rate_adjustment;
  GtkLabel          *rate_label;
  GtkScrolledWindow *scrolled_window;
  GtkListView       *list_view;
  GtkRevealer       *jump_revealer;
  GtkButton         *jump_button;

  GSettings         *settings;
  GListModel        *chat;
  GtkAdjustment     *vadjustment;
  guint              unread;
  guint              scroll_tick_id;
  guint              following : 1;
  guint              scrolling : 1;
};

G_DEFINE_FINAL_TYPE (DdChatPage, dd_chat_page, DD_TYPE_PAGE)

static double
rate_from_position (double position)
{
  return CLAMP (round (pow (10.0, position)), MIN_RATE, MAX_RATE);
}

static double
position_from_rate (double rate)
{
  return log10 (CLAMP (rate, MIN_RATE, MAX_RATE));
}

static gboolean
is_at_bottom (DdChatPage *self)
{
  GtkAdjustment *adj = self->vadjustment;

  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj)
         >= gtk_adjustment_get_upper (adj) - BOTTOM_SLACK_PX;
}

static void
scroll_to_bottom (DdChatPage *self)
{
  GtkAdjustment *adj = self->vadjustment;

  self->scrolling = TRUE;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  self->scrolling = FALSE;
}

static void
update_jump_button (DdChatPage *self)
{
  g_autofree char *label = NULL;

  gtk_revealer_set_reveal_child (self->jump_revealer, !self->following && self->unread > 0);
  if (self->unread == 0)
    return;

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new message", "%u new messages", self->unread),
                           self->unread);
  gtk_button_set_label (self->jump_button, label);
}

static void
set_following (DdChatPage *self,
               gboolean    following)
{
  following = !!following;
  if (self->following == following)
    return;

  self->following = following;
  if (following)
    self->unread = 0;
  update_jump_button (self);
}

static void
update_rate_label (DdChatPage *self)
{
  g_autofree char *text = NULL;

  /* Translators: the simulated audience's chat rate */
  text = g_strdup_printf (_("%.0f msg/s"),
                          rate_from_position (gtk_adjustment_get_value (self->rate_adjustment)));
  gtk_label_set_text (self->rate_label, text);
}

static void
rate_changed_cb (GtkAdjustment *adjustment,
                 DdChatPage    *self)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  double rate = rate_from_position (gtk_adjustment_get_value (adjustment));

  update_rate_label (self);

  if (session == NULL || !dd_drop_session_is_demo (session))
    return;

  dd_drop_session_set_chat_rate (session, rate);
  g_settings_set_double (self->settings, "demo-chat-rate", rate);
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  DdChatPage *self = DD_CHAT_PAGE (widget);

  if (self->following)
    scroll_to_bottom (self);

  /* Keep going while the list still grows below the view. */
  if (self->following && !is_at_bottom (self))
    return G_SOURCE_CONTINUE;

  self->scroll_tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* Scrolls on the next frames, after the list measured the new rows;
 * scrolling from inside the list's size allocation confuses it. */
static void
queue_scroll_to_bottom (DdChatPage *self)
{
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick_cb, NULL, NULL);
}

static void
chat_items_changed_cb (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       DdChatPage *self)
{
  if (self->following)
    {
      queue_scroll_to_bottom (self);
      return;
    }

  self->unread += added;
  update_jump_button (self);
}

static void
upper_changed_cb (GtkAdjustment *adjustment,
                  GParamSpec    *pspec,
                  DdChatPage    *self)
{
  if (self->following)
    queue_scroll_to_bottom (self);
}

static void
value_changed_cb (GtkAdjustment *adjustment,
                  DdChatPage    *self)
{
  if (self->scrolling)
    return;

  /* Back at the bottom: follow again. Moving up is told by the input
   * controllers, since the list also moves by itself as rows come and go. */
  if (!self->following && is_at_bottom (self))
    set_following (self, TRUE);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           DdChatPage               *self)
{
  /* The reader scrolls up: stop following until they come back down. */
  if (dy < 0)
    set_following (self, FALSE);

  return GDK_EVENT_PROPAGATE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DdChatPage            *self)
{
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      set_following (self, FALSE);
      break;
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
scrollbar_drag_begin_cb (GtkGestureDrag *gesture,
                         double          x,
                         double          y,
                         DdChatPage     *self)
{
  set_following (self, FALSE);
}

static void
jump_clicked_cb (DdChatPage *self,
                 GtkButton  *button)
{
  dd_chat_page_jump_to_newest (self);
}

static void
chat_item_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    DdChatPage               *self)
{
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, dd_chat_row_new ());
}

static void
chat_item_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   DdChatPage               *self)
{
  dd_chat_row_set_message (DD_CHAT_ROW (gtk_list_item_get_child (item)),
                           gtk_list_item_get_item (item));
}

static void
chat_item_unbind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     DdChatPage               *self)
{
  dd_chat_row_set_message (DD_CHAT_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
disconnect_chat (DdChatPage *self)
{
  if (self->chat != NULL)
    g_signal_handlers_disconnect_by_data (self->chat, self);
  g_clear_object (&self->chat);
}

static void
dd_chat_page_session_changed (DdPage *page)
{
  DdChatPage *self = DD_CHAT_PAGE (page);
  DdDropSession *session = dd_page_get_session (page);
  g_autoptr(GtkNoSelection) selection = NULL;
  gboolean demo;

  disconnect_chat (self);
  self->unread = 0;
  self->following = TRUE;
  update_jump_button (self);

  if (session == NULL)
    {
      gtk_list_view_set_model (self->list_view, NULL);
      gtk_widget_set_visible (self->rate_bar, FALSE);
      return;
    }

  self->chat = g_object_ref (dd_drop_session_get_chat (session));
  g_signal_connect_object (self->chat, "items-changed",
                           G_CALLBACK (chat_items_changed_cb), self, 0);
  selection = gtk_no_selection_new (g_object_ref (self->chat));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  demo = dd_drop_session_is_demo (session);
  gtk_widget_set_visible (self->rate_bar, demo);
  if (demo)
    {
      double rate = g_settings_get_double (self->settings, "demo-chat-rate");

      g_signal_handlers_block_by_func (self->rate_adjustment, rate_changed_cb, self);
      gtk_adjustment_set_value (self->rate_adjustment, position_from_rate (rate));
      g_signal_handlers_unblock_by_func (self->rate_adjustment, rate_changed_cb, self);
      update_rate_label (self);
      dd_drop_session_set_chat_rate (session, rate_from_position (gtk_adjustment_get_value (self->rate_adjustment)));
    }
}

static void
dd_chat_page_dispose (GObject *object)
{
  DdChatPage *self = DD_CHAT_PAGE (object);

  disconnect_chat (self);
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
  self->scroll_tick_id = 0;
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_CHAT_PAGE);

  G_OBJECT_CLASS (dd_chat_page_parent_class)->dispose (object);
}

static void
dd_chat_page_class_init (DdChatPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DdPageClass *page_class = DD_PAGE_CLASS (klass);

  object_class->dispose = dd_chat_page_dispose;
  page_class->session_changed = dd_chat_page_session_changed;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-chat-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, rate_bar);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, rate_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, rate_label);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, jump_revealer);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, jump_button);
  gtk_widget_class_bind_template_callback (widget_class, chat_item_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, chat_item_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, chat_item_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, jump_clicked_cb);
}

static void
dd_chat_page_init (DdChatPage *self)
{
  GtkEventController *scroll;
  GtkEventController *keys;
  GtkGesture *drag;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (DD_SETTINGS_SCHEMA_ID);
  self->following = TRUE;
  self->vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  g_signal_connect_object (self->vadjustment, "notify::upper",
                           G_CALLBACK (upper_changed_cb), self, 0);
  g_signal_connect_object (self->vadjustment, "notify::page-size",
                           G_CALLBACK (upper_changed_cb), self, 0);
  g_signal_connect_object (self->vadjustment, "value-changed",
                           G_CALLBACK (value_changed_cb), self, 0);
  g_signal_connect_object (self->rate_adjustment, "value-changed",
                           G_CALLBACK (rate_changed_cb), self, 0);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (scroll_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled_window), scroll);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled_window), keys);

  drag = gtk_gesture_drag_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (scrollbar_drag_begin_cb), self, 0);
  gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->scrolled_window),
                             GTK_EVENT_CONTROLLER (drag));

  update_rate_label (self);
}

GtkWidget *
dd_chat_page_new (void)
{
  return g_object_new (DD_TYPE_CHAT_PAGE, NULL);
}

gboolean
dd_chat_page_get_following (DdChatPage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_PAGE (self), FALSE);

  return self->following;
}

guint
dd_chat_page_get_unread_count (DdChatPage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_PAGE (self), 0);

  return self->unread;
}

void
dd_chat_page_jump_to_newest (DdChatPage *self)
{
  g_return_if_fail (DD_IS_CHAT_PAGE (self));

  set_following (self, TRUE);
  scroll_to_bottom (self);
  queue_scroll_to_bottom (self);
}
