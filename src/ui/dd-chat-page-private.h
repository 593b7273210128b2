/* dd-chat-page-private.h — what the Chat page's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dd-chat-page.h"
#include "dd-chat-desk.h"
#include "dd-cue-strip.h"
#include "dd-chat-mod-log-view.h"
#include "dd-list-tail.h"

G_BEGIN_DECLS

struct _DdChatPage
{
  DdPage              parent_instance;

  /* Template widgets */
  GtkWidget          *rate_bar;
  GtkAdjustment      *rate_adjustment;
  GtkLabel           *rate_label;
  DdCueStrip         *cue_strip;
  GtkWidget          *filter_box;
  GtkToggleButton    *search_button;
  GtkToggleButton    *log_button;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkLabel           *search_status;
  GtkWidget          *waiting_box;
  GtkLabel           *waiting_title;
  GtkListBox         *waiting_list;
  GtkScrolledWindow  *scrolled_window;
  GtkListView        *list_view;
  GtkRevealer        *jump_revealer;
  GtkButton          *jump_button;
  DdChatModLogView   *mod_log;
  GtkActionBar       *action_bar;
  GtkMenuButton      *timeout_button;

  GSettings          *settings;
  GListModel         *chat;
  DdChatDesk         *desk;
  GtkFilterListModel *filtered;
  DdListTail         *tail;
  GtkFilter          *filter;
  GtkSingleSelection *selection;
  GListStore         *search_results;
  GCancellable       *search_cancellable;
  GtkAdjustment      *vadjustment;
  GPtrArray          *rows;               /* DdChatRow, alive in the list */
  GtkToggleButton    *filter_buttons[DD_CHAT_FILTER_N];
  GtkLabel           *filter_counts[DD_CHAT_FILTER_N];
  DdChatUnread        unread;
  DdChatFilter        shown;
  guint               scroll_tick_id;
  guint               waiting_timer_id;
  char               *waiting_ids;        /* what the waiting list shows */
  guint               following : 1;
  guint               scrolling : 1;
  guint               hovering : 1;
  guint               searching : 1;
  guint               swapping : 1;
  guint               bottom_once : 1;        /* scroll down on the next frame */
};

/* dd-chat-page.c */
void           _dd_chat_page_set_following      (DdChatPage *self,
                                                 gboolean    following);
DdChatMessage *_dd_chat_page_get_selected       (DdChatPage *self);
/* Shows the model the reader needs now (see wanted_model()). */
void           _dd_chat_page_update_view        (DdChatPage *self);

/* dd-chat-page-actions.c: moderation from the keyboard and the action bar */
void           _dd_chat_page_class_init_actions (GtkWidgetClass *widget_class);
void           _dd_chat_page_init_actions       (DdChatPage *self);
void           _dd_chat_page_update_actions     (DdChatPage *self);
gboolean       _dd_chat_page_handle_key         (DdChatPage      *self,
                                                 guint            keyval,
                                                 GdkModifierType  state);
/* The Buyer intent filter's "waiting for an answer" strip. */
void           _dd_chat_page_update_waiting     (DdChatPage *self);

G_END_DECLS
