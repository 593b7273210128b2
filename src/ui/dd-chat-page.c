/* dd-chat-page.c — the Chat page: the live audience chat wall
 *
 * The wall follows the newest message until the reader scrolls up, hovers
 * it or picks a message; "N new messages" brings them back. Filters (All,
 * Buyer intent, Flagged, Squad, Cues) keep their own unread counts, and a
 * search reads the whole drop's archive. Moderation is in
 * dd-chat-page-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dd-application.h"
#include "dd-chat-page-private.h"
#include "dd-chat-row.h"

#define MIN_RATE         1.0
#define MAX_RATE      5000.0
#define BOTTOM_SLACK_PX  8.0
#define SEARCH_LIMIT     500
#define TAIL_ROWS         36  /* shown while following: a screenful and a little */

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

  /* An empty list has no bottom: GtkListView would warn. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;

  self->scrolling = TRUE;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  self->scrolling = FALSE;
}

/* The reader sees new messages as they come. */
static gboolean
reading_newest (DdChatPage *self)
{
  return self->following && !self->hovering && !self->searching;
}

static void
update_counts (DdChatPage *self)
{
  guint unread = self->unread.counts[self->shown];
  g_autofree char *label = NULL;

  for (guint f = 0; f < DD_CHAT_FILTER_N; f++)
    {
      guint64 n = self->unread.counts[f];
      g_autofree char *text = NULL;
      g_autofree char *accessible = NULL;

      gtk_widget_set_visible (GTK_WIDGET (self->filter_counts[f]), n > 0 && f != DD_CHAT_FILTER_ALL);
      if (n == 0)
        continue;
      text = n > 999 ? g_strdup ("999+") : g_strdup_printf ("%" G_GUINT64_FORMAT, n);
      gtk_label_set_text (self->filter_counts[f], text);
      /* Translators: a chat filter and its unread messages: "Flagged, 12 unread" */
      accessible = g_strdup_printf (_("%s, %s unread"), dd_chat_filter_get_label (f), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_buttons[f]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    }

  gtk_revealer_set_reveal_child (self->jump_revealer, !reading_newest (self) && !self->searching && unread > 0);
  if (unread == 0)
    return;
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new message", "%u new messages", unread), unread);
  gtk_button_set_label (self->jump_button, label);
}

void
_dd_chat_page_set_following (DdChatPage *self,
                             gboolean    following)
{
  following = !!following;
  if (self->following == following)
    return;

  self->following = following;
  if (following)
    dd_chat_unread_seen (&self->unread, self->shown);
  update_counts (self);
  _dd_chat_page_update_view (self);
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

  if (reading_newest (self) || self->bottom_once)
    scroll_to_bottom (self);
  self->bottom_once = FALSE;

  /* Keep going while the list still grows below the view. */
  if (reading_newest (self) && !is_at_bottom (self))
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
  g_autoptr(GPtrArray) batch = g_ptr_array_new_full (added, g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (batch, g_list_model_get_item (model, position + i));
  dd_chat_unread_add (&self->unread, batch, self->shown, reading_newest (self));
  update_counts (self);

  if (reading_newest (self))
    queue_scroll_to_bottom (self);
}

static void
upper_changed_cb (GtkAdjustment *adjustment,
                  GParamSpec    *pspec,
                  DdChatPage    *self)
{
  if (reading_newest (self))
    queue_scroll_to_bottom (self);
}

static void
value_changed_cb (GtkAdjustment *adjustment,
                  DdChatPage    *self)
{
  if (self->scrolling || self->searching)
    return;

  /* Back at the bottom with nothing picked: follow again. Moving up is told
   * by the input controllers, since the list also moves by itself as rows
   * come and go. */
  if (!self->following && is_at_bottom (self) && _dd_chat_page_get_selected (self) == NULL)
    _dd_chat_page_set_following (self, TRUE);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           DdChatPage               *self)
{
  /* The reader scrolls up: stop following until they come back down. */
  if (dy < 0)
    _dd_chat_page_set_following (self, FALSE);

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
      _dd_chat_page_set_following (self, FALSE);
      return GDK_EVENT_PROPAGATE;
    default:
      return _dd_chat_page_handle_key (self, keyval, state);
    }
}

/* Hovering pauses the wall so a reader can finish a line; only a pointer
 * that really moved counts, not one the wall slid under. */
static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           DdChatPage               *self)
{
  if (self->hovering)
    return;
  self->hovering = TRUE;
  update_counts (self);
  _dd_chat_page_update_view (self);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          DdChatPage               *self)
{
  if (!self->hovering)
    return;
  self->hovering = FALSE;
  if (self->following)
    {
      dd_chat_unread_seen (&self->unread, self->shown);
      queue_scroll_to_bottom (self);
    }
  update_counts (self);
  _dd_chat_page_update_view (self);
}

static void
scrollbar_drag_begin_cb (GtkGestureDrag *gesture,
                         double          x,
                         double          y,
                         DdChatPage     *self)
{
  _dd_chat_page_set_following (self, FALSE);
}

static void
jump_clicked_cb (DdChatPage *self,
                 GtkButton  *button)
{
  dd_chat_page_jump_to_newest (self);
}

/* Rows live as long as the list keeps them; the page only looks at them. */
static void
row_gone_cb (gpointer  user_data,
             GObject  *row)
{
  DdChatPage *self = user_data;

  g_ptr_array_remove_fast (self->rows, row);
}

static void
forget_rows (DdChatPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    g_object_weak_unref (g_ptr_array_index (self->rows, i), row_gone_cb, self);
  g_ptr_array_set_size (self->rows, 0);
}

static void
chat_item_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    DdChatPage               *self)
{
  GtkWidget *row = dd_chat_row_new ();

  dd_chat_row_set_desk (DD_CHAT_ROW (row), self->desk);
  if (self->rows != NULL)
    {
      g_ptr_array_add (self->rows, row);
      g_object_weak_ref (G_OBJECT (row), row_gone_cb, self);
    }
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, row);
}

/* The wall's items are the tail's slots (what a slot shows changes as the
 * chat moves on, and the row with it) or, while searching, messages. */
static DdChatMessage *
message_of (gpointer item)
{
  return DD_IS_LIST_SLOT (item) ? dd_list_slot_get_item (item) : item;
}

static void
slot_item_cb (DdListSlot *slot,
              GParamSpec *pspec,
              DdChatRow  *row)
{
  dd_chat_row_set_message (row, dd_list_slot_get_item (slot));
}

static void
chat_item_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   DdChatPage               *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  gpointer shown = gtk_list_item_get_item (item);

  if (DD_IS_LIST_SLOT (shown))
    g_signal_connect_object (shown, "notify::item", G_CALLBACK (slot_item_cb), row, 0);
  dd_chat_row_set_message (DD_CHAT_ROW (row), message_of (shown));
}

static void
chat_item_unbind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     DdChatPage               *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  gpointer shown = gtk_list_item_get_item (item);

  if (DD_IS_LIST_SLOT (shown))
    g_signal_handlers_disconnect_by_func (shown, slot_item_cb, row);
  dd_chat_row_set_message (DD_CHAT_ROW (row), NULL);
}

static void
chat_item_teardown_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       DdChatPage               *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  if (row != NULL && g_ptr_array_remove_fast (self->rows, row))
    g_object_weak_unref (G_OBJECT (row), row_gone_cb, self);
}

/* A moderator acted: the rows showing that message or author change. */
static void
desk_changed_cb (DdChatDesk *desk,
                 const char *message_id,
                 const char *login,
                 DdChatPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      DdChatRow *row = g_ptr_array_index (self->rows, i);
      DdChatMessage *message = dd_chat_row_get_message (row);

      if (message == NULL)
        continue;
      if ((message_id == NULL && login == NULL)
          || g_strcmp0 (message_id, dd_chat_message_get_id (message)) == 0
          || (login != NULL && g_ascii_strcasecmp (login, dd_chat_message_get_author_login (message) ?: "") == 0))
        dd_chat_row_refresh (row);
    }

  if (self->shown == DD_CHAT_FILTER_FLAGGED && self->filter != NULL)
    gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_MORE_STRICT);
  _dd_chat_page_update_waiting (self);
  _dd_chat_page_update_actions (self);
}

static gboolean
filter_match_cb (gpointer item,
                 gpointer user_data)
{
  DdChatPage *self = user_data;

  if (!dd_chat_filter_matches (self->shown, item))
    return FALSE;
  /* A message a moderator called fine leaves "Flagged". */
  return self->shown != DD_CHAT_FILTER_FLAGGED || self->desk == NULL
         || !dd_chat_desk_is_marked_ok (self->desk, item);
}

/* What the list shows: the search's results, or the filter's messages
 * through the tail. While the reader follows the newest messages the tail
 * is the last screenful or two (a frame then binds at most that many new
 * rows, however fast the chat); otherwise it grows to the whole window, in
 * the same model, so that the view, the picked message and a scroll in
 * progress stay where they are. */
void
_dd_chat_page_update_view (DdChatPage *self)
{
  GListModel *want = self->chat == NULL ? NULL
                     : self->searching ? G_LIST_MODEL (self->search_results)
                     : G_LIST_MODEL (self->tail);

  dd_list_tail_set_size (self->tail, reading_newest (self) ? TAIL_ROWS : G_MAXUINT);

  if (want == gtk_single_selection_get_model (self->selection)
      && (want != NULL) == (gtk_list_view_get_model (self->list_view) != NULL))
    return;

  self->swapping = TRUE;
  gtk_single_selection_set_model (self->selection, want);
  gtk_list_view_set_model (self->list_view, want != NULL ? GTK_SELECTION_MODEL (self->selection) : NULL);
  self->swapping = FALSE;
  self->bottom_once = TRUE;
  queue_scroll_to_bottom (self);
  _dd_chat_page_update_actions (self);
}

static void
apply_filter (DdChatPage *self)
{
  /* "All" needs no filter: at thousands of messages a second, every check
   * saved counts. */
  g_clear_object (&self->filter);
  if (self->shown != DD_CHAT_FILTER_ALL)
    self->filter = GTK_FILTER (gtk_custom_filter_new (filter_match_cb, self, NULL));
  gtk_filter_list_model_set_filter (self->filtered, self->filter);
}

void
dd_chat_page_set_filter (DdChatPage   *self,
                         DdChatFilter  filter)
{
  g_return_if_fail (DD_IS_CHAT_PAGE (self));
  g_return_if_fail (filter < DD_CHAT_FILTER_N);

  if (!gtk_toggle_button_get_active (self->filter_buttons[filter]))
    {
      /* The button's handler comes back here. */
      gtk_toggle_button_set_active (self->filter_buttons[filter], TRUE);
      return;
    }
  if (self->shown == filter)
    return;

  self->shown = filter;
  apply_filter (self);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  dd_chat_unread_seen (&self->unread, filter);
  self->following = FALSE;
  dd_chat_page_jump_to_newest (self);
  _dd_chat_page_update_waiting (self);
}

DdChatFilter
dd_chat_page_get_filter (DdChatPage *self)
{
  g_return_val_if_fail (DD_IS_CHAT_PAGE (self), DD_CHAT_FILTER_ALL);

  return self->shown;
}

guint
dd_chat_page_get_filter_unread (DdChatPage   *self,
                                DdChatFilter  filter)
{
  g_return_val_if_fail (DD_IS_CHAT_PAGE (self), 0);
  g_return_val_if_fail (filter < DD_CHAT_FILTER_N, 0);

  return (guint) MIN (self->unread.counts[filter], G_MAXUINT);
}

static void
filter_toggled_cb (GtkToggleButton *button,
                   DdChatPage      *self)
{
  if (gtk_toggle_button_get_active (button))
    dd_chat_page_set_filter (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "filter")));
}

static void
build_filter_buttons (DdChatPage *self)
{
  for (guint f = 0; f < DD_CHAT_FILTER_N; f++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *label = gtk_label_new (dd_chat_filter_get_label (f));
      GtkWidget *count = gtk_label_new (NULL);

      gtk_widget_add_css_class (count, "unread-count");
      gtk_widget_add_css_class (count, "numeric");
      gtk_widget_set_visible (count, FALSE);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), count);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      dd_chat_filter_get_label (f), -1);
      g_object_set_data (G_OBJECT (button), "filter", GUINT_TO_POINTER (f));
      if (f > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->filter_buttons[0]);
      gtk_box_append (GTK_BOX (self->filter_box), button);
      self->filter_buttons[f] = GTK_TOGGLE_BUTTON (button);
      self->filter_counts[f] = GTK_LABEL (count);
    }

  gtk_toggle_button_set_active (self->filter_buttons[DD_CHAT_FILTER_ALL], TRUE);
  for (guint f = 0; f < DD_CHAT_FILTER_N; f++)
    g_signal_connect_object (self->filter_buttons[f], "toggled", G_CALLBACK (filter_toggled_cb), self, 0);
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DdChatPage *self = user_data;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  found = dd_store_load_finish (DD_STORE (source), result, &error);
  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->search_status, error->message);
      g_object_unref (self);
      return;
    }

  /* The archive answers newest first; the wall reads oldest first. */
  g_list_store_remove_all (self->search_results);
  for (guint i = found->len; i > 0; i--)
    g_list_store_append (self->search_results, g_ptr_array_index (found, i - 1));

  if (found->len >= SEARCH_LIMIT)
    /* Translators: a chat search that found more than it shows */
    status = g_strdup_printf (_("The newest %u matches of the whole drop"), SEARCH_LIMIT);
  else
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match in the whole drop",
                                           "%u matches in the whole drop", found->len), found->len);
  gtk_label_set_text (self->search_status, status);
  scroll_to_bottom (self);
  g_object_unref (self);
}

static void
search_changed_cb (DdChatPage     *self,
                   GtkSearchEntry *entry)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  const char *query = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (query));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  self->searching = stripped[0] != '\0' && session != NULL;
  if (!self->searching)
    {
      gtk_label_set_text (self->search_status, "");
      g_list_store_remove_all (self->search_results);
      dd_chat_page_jump_to_newest (self);
      _dd_chat_page_update_view (self);
      return;
    }

  _dd_chat_page_update_view (self);
  self->search_cancellable = g_cancellable_new ();
  gtk_label_set_text (self->search_status, _("Searching…"));
  dd_store_search_chat_async (dd_drop_session_get_store (session), stripped, SEARCH_LIMIT,
                              self->search_cancellable, search_done_cb, g_object_ref (self));
  update_counts (self);
}

static void
window_size_changed_cb (GSettings  *settings,
                        const char *key,
                        DdChatPage *self)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));

  if (session != NULL)
    dd_drop_session_set_chat_window (session, g_settings_get_uint (settings, key));
}

static void
search_mode_cb (GtkSearchBar *bar,
                GParamSpec   *pspec,
                DdChatPage   *self)
{
  if (!gtk_search_bar_get_search_mode (bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
selection_changed_cb (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      DdChatPage        *self)
{
  if (self->swapping)
    return;
  /* Picking a message holds the wall still under it. */
  if (_dd_chat_page_get_selected (self) != NULL)
    _dd_chat_page_set_following (self, FALSE);
  _dd_chat_page_update_actions (self);
}

DdChatMessage *
_dd_chat_page_get_selected (DdChatPage *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->selection);

  return item != NULL ? message_of (item) : NULL;
}

static void
disconnect_session (DdChatPage *self)
{
  if (self->chat != NULL)
    g_signal_handlers_disconnect_by_data (self->chat, self);
  if (self->desk != NULL)
    g_signal_handlers_disconnect_by_data (self->desk, self);
  g_clear_object (&self->chat);
  g_clear_object (&self->desk);
  gtk_filter_list_model_set_model (self->filtered, NULL);
  g_list_store_remove_all (self->search_results);
}

static void
dd_chat_page_session_changed (DdPage *page)
{
  DdChatPage *self = DD_CHAT_PAGE (page);
  DdDropSession *session = dd_page_get_session (page);
  gboolean demo;

  disconnect_session (self);
  memset (&self->unread, 0, sizeof self->unread);
  self->following = TRUE;

  if (session != NULL)
    {
      self->chat = g_object_ref (dd_drop_session_get_chat (session));
      self->desk = g_object_ref (dd_drop_session_get_chat_desk (session));
      g_signal_connect_object (self->chat, "items-changed", G_CALLBACK (chat_items_changed_cb), self, 0);
      g_signal_connect_object (self->desk, "changed", G_CALLBACK (desk_changed_cb), self, 0);
    }
  for (guint i = 0; i < self->rows->len; i++)
    dd_chat_row_set_desk (g_ptr_array_index (self->rows, i), self->desk);
  dd_cue_strip_set_desk (self->cue_strip, self->desk);
  dd_chat_mod_log_view_set_desk (self->mod_log, self->desk);
  gtk_filter_list_model_set_model (self->filtered, self->chat);
  update_counts (self);
  _dd_chat_page_update_view (self);
  _dd_chat_page_update_waiting (self);

  if (session != NULL)
    dd_drop_session_set_chat_window (session, g_settings_get_uint (self->settings, "chat-window-size"));

  /* The rate is the simulated audience's; a real chat sets its own. */
  demo = session != NULL && dd_drop_session_has_simulated_chat (session);
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
dd_chat_page_role_changed (DdPage *page)
{
  DdChatPage *self = DD_CHAT_PAGE (page);

  if (self->desk != NULL)
    dd_chat_desk_set_actor (self->desk, g_get_real_name (), dd_page_get_role (page));
}

static void
dd_chat_page_dispose (GObject *object)
{
  DdChatPage *self = DD_CHAT_PAGE (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  disconnect_session (self);
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
  self->scroll_tick_id = 0;
  g_clear_handle_id (&self->waiting_timer_id, g_source_remove);
  g_clear_object (&self->settings);
  if (self->rows != NULL)
    forget_rows (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_CHAT_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->tail);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->search_results);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->waiting_ids, g_free);

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
  page_class->role_changed = dd_chat_page_role_changed;

  g_type_ensure (DD_TYPE_CUE_STRIP);
  g_type_ensure (DD_TYPE_CHAT_MOD_LOG_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-chat-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, rate_bar);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, rate_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, rate_label);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, cue_strip);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, search_button);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, log_button);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, search_status);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, waiting_box);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, waiting_title);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, waiting_list);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, jump_revealer);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, jump_button);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, mod_log);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, action_bar);
  gtk_widget_class_bind_template_child (widget_class, DdChatPage, timeout_button);
  gtk_widget_class_bind_template_callback (widget_class, chat_item_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, chat_item_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, chat_item_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, chat_item_teardown_cb);
  gtk_widget_class_bind_template_callback (widget_class, jump_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  _dd_chat_page_class_init_actions (widget_class);
}

static gboolean
find_activated (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  DdChatPage *self = DD_CHAT_PAGE (widget);

  gtk_toggle_button_set_active (self->search_button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return TRUE;
}

static void
add_controllers (DdChatPage *self)
{
  GtkEventController *shortcuts;
  GtkEventController *scroll;
  GtkEventController *keys;
  GtkEventController *motion;
  GtkGesture *drag;

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (find_activated, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (scroll_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled_window), scroll);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled_window), keys);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, 0);
  g_signal_connect_object (motion, "leave", G_CALLBACK (leave_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled_window), motion);

  drag = gtk_gesture_drag_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (scrollbar_drag_begin_cb), self, 0);
  gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->scrolled_window),
                             GTK_EVENT_CONTROLLER (drag));
}

static void
dd_chat_page_init (DdChatPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (DD_SETTINGS_SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::chat-window-size", G_CALLBACK (window_size_changed_cb), self, 0);
  self->following = TRUE;
  self->rows = g_ptr_array_new ();
  self->vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  self->search_results = g_list_store_new (DD_TYPE_CHAT_MESSAGE);
  self->filtered = gtk_filter_list_model_new (NULL, NULL);
  self->tail = dd_list_tail_new (G_LIST_MODEL (self->filtered), TAIL_ROWS);
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self, 0);

  g_signal_connect_object (self->vadjustment, "notify::upper", G_CALLBACK (upper_changed_cb), self, 0);
  g_signal_connect_object (self->vadjustment, "notify::page-size", G_CALLBACK (upper_changed_cb), self, 0);
  g_signal_connect_object (self->vadjustment, "value-changed", G_CALLBACK (value_changed_cb), self, 0);
  g_signal_connect_object (self->rate_adjustment, "value-changed", G_CALLBACK (rate_changed_cb), self, 0);
  g_object_bind_property (self->search_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb), self, 0);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  build_filter_buttons (self);
  add_controllers (self);
  _dd_chat_page_init_actions (self);
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

  return dd_chat_page_get_filter_unread (self, self->shown);
}

void
dd_chat_page_jump_to_newest (DdChatPage *self)
{
  g_return_if_fail (DD_IS_CHAT_PAGE (self));

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  _dd_chat_page_set_following (self, TRUE);
  /* On the next frame: the list may just have changed its model. */
  self->bottom_once = TRUE;
  queue_scroll_to_bottom (self);
}
