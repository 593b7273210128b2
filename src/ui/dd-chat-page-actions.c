/* dd-chat-page-actions.c — moderating the wall from the keyboard
 *
 * J and K move through the messages (the wall holds still), D deletes,
 * T times the chatter out (a menu of presets), B bans, P pins the message as
 * a creator cue, C claims a buyer question, N says a flagged message is
 * fine, O opens the offer the message is about; Escape lets go and follows the newest message again. The action bar
 * under the wall offers the same to the pointer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-chat-page-private.h"
#include "dd-offer-match.h"

#define WAITING_SHOWN      3
#define WAITING_REFRESH_S  2

static const char *
author_of (DdChatMessage *message)
{
  const char *author = dd_chat_message_get_display_name (message);

  if (author == NULL)
    author = dd_chat_message_get_author_login (message);
  return author != NULL ? author : "";
}

typedef struct
{
  DdChatPage      *page;
  DdChatModAction  action;
  char            *author;
  guint            duration_s;
} ModerateCall;

static void
moderate_call_free (ModerateCall *call)
{
  g_object_unref (call->page);
  g_free (call->author);
  g_free (call);
}

static void
moderated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ModerateCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *toast = NULL;

  if (!dd_chat_desk_moderate_finish (DD_CHAT_DESK (source), result, &error))
    {
      dd_page_show_toast (DD_PAGE (call->page), error->message);
      moderate_call_free (call);
      return;
    }

  switch (call->action)
    {
    case DD_CHAT_MOD_DELETE_MESSAGE:
      toast = g_strdup_printf (_("Deleted the message from %s"), call->author);
      break;
    case DD_CHAT_MOD_TIMEOUT:
      toast = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Timed out %s for %u minute",
                                            "Timed out %s for %u minutes", call->duration_s / 60),
                               call->author, call->duration_s / 60);
      break;
    case DD_CHAT_MOD_BAN:
      toast = g_strdup_printf (_("Banned %s"), call->author);
      break;
    case DD_CHAT_MOD_KICK:
    default:
      toast = g_strdup_printf (_("Removed %s from the channel"), call->author);
      break;
    }
  dd_page_show_toast (DD_PAGE (call->page), toast);
  moderate_call_free (call);
}

static void
moderate (DdChatPage      *self,
          DdChatModAction  action,
          guint            duration_s)
{
  DdChatMessage *message = _dd_chat_page_get_selected (self);
  ModerateCall *call;

  if (message == NULL || self->desk == NULL)
    return;

  call = g_new0 (ModerateCall, 1);
  call->page = g_object_ref (self);
  call->action = action;
  call->author = g_strdup (author_of (message));
  call->duration_s = duration_s;
  dd_chat_desk_moderate_async (self->desk, action, message, duration_s, NULL, moderated_cb, call);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  moderate (DD_CHAT_PAGE (widget), DD_CHAT_MOD_DELETE_MESSAGE, 0);
}

static void
timeout_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  moderate (DD_CHAT_PAGE (widget), DD_CHAT_MOD_TIMEOUT, g_variant_get_uint32 (parameter));
}

static void
ban_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  moderate (DD_CHAT_PAGE (widget), DD_CHAT_MOD_BAN, 0);
}

static void
not_spam_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DdChatPage *self = DD_CHAT_PAGE (widget);
  DdChatMessage *message = _dd_chat_page_get_selected (self);
  g_autofree char *toast = NULL;

  if (message == NULL || self->desk == NULL)
    return;
  dd_chat_desk_mark_ok (self->desk, message);
  toast = g_strdup_printf (_("Noted: messages like this from %s are fine"), author_of (message));
  dd_page_show_toast (DD_PAGE (self), toast);
}

static void
pin_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DdChatPage *self = DD_CHAT_PAGE (widget);
  DdChatMessage *message = _dd_chat_page_get_selected (self);

  if (message == NULL || self->desk == NULL)
    return;
  dd_chat_desk_pin_cue (self->desk, message);
  dd_page_show_toast (DD_PAGE (self), _("Pinned as the creator cue"));
}

static void
claim (DdChatPage    *self,
       DdChatMessage *message)
{
  g_autoptr(GError) error = NULL;

  if (message == NULL || self->desk == NULL)
    return;
  if (!dd_chat_desk_toggle_claim (self->desk, message, &error))
    dd_page_show_toast (DD_PAGE (self), error->message);
}

static void
claim_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DdChatPage *self = DD_CHAT_PAGE (widget);

  claim (self, _dd_chat_page_get_selected (self));
}

/* The offer the picked message is about, opened in the Offers page with
 * the message linked (its changes then carry the message into the ledger). */
static void
open_offer_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DdChatPage *self = DD_CHAT_PAGE (widget);
  DdChatMessage *message = _dd_chat_page_get_selected (self);
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  g_autoptr(DdClassifier) own = NULL;
  DdClassifier *classifier;
  DdClassification c;
  DdOffer *offer;

  if (message == NULL || session == NULL)
    return;

  classifier = self->desk != NULL ? dd_chat_desk_get_classifier (self->desk) : NULL;
  if (classifier == NULL)
    classifier = own = dd_classifier_new ();
  dd_classifier_classify (classifier, dd_chat_message_get_text (message), -1, &c);
  offer = dd_offer_match_text (dd_drop_session_get_offers (session), dd_chat_message_get_text (message), &c);
  if (offer == NULL)
    {
      dd_page_show_toast (DD_PAGE (self), _("This message names no offer of the drop"));
      return;
    }
  gtk_widget_activate_action (widget, "win.open-offer", "(sss)", dd_offer_get_id (offer),
                              dd_chat_message_get_id (message), dd_chat_message_get_text (message));
}

void
_dd_chat_page_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "chat.open-offer", NULL, open_offer_activated);
  gtk_widget_class_install_action (widget_class, "chat.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "chat.timeout", "u", timeout_activated);
  gtk_widget_class_install_action (widget_class, "chat.ban", NULL, ban_activated);
  gtk_widget_class_install_action (widget_class, "chat.not-spam", NULL, not_spam_activated);
  gtk_widget_class_install_action (widget_class, "chat.pin", NULL, pin_activated);
  gtk_widget_class_install_action (widget_class, "chat.claim", NULL, claim_activated);
}

static gboolean
waiting_tick_cb (gpointer user_data)
{
  _dd_chat_page_update_waiting (user_data);
  return G_SOURCE_CONTINUE;
}

void
_dd_chat_page_init_actions (DdChatPage *self)
{
  self->waiting_timer_id = g_timeout_add_seconds (WAITING_REFRESH_S, waiting_tick_cb, self);
  _dd_chat_page_update_actions (self);
}

void
_dd_chat_page_update_actions (DdChatPage *self)
{
  DdChatMessage *message = _dd_chat_page_get_selected (self);
  gboolean audience = message != NULL && dd_chat_message_get_source (message) == DD_CHAT_SOURCE_AUDIENCE;
  gboolean flagged = audience && dd_chat_message_get_moderation (message) != DD_MODERATION_OK
                     && !dd_chat_desk_is_marked_ok (self->desk, message);
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_action_bar_set_revealed (self->action_bar, message != NULL);
  gtk_widget_action_set_enabled (widget, "chat.delete", audience);
  gtk_widget_action_set_enabled (widget, "chat.timeout", audience);
  gtk_widget_action_set_enabled (widget, "chat.ban", audience);
  gtk_widget_action_set_enabled (widget, "chat.not-spam", flagged);
  gtk_widget_action_set_enabled (widget, "chat.pin", audience);
  gtk_widget_action_set_enabled (widget, "chat.claim", audience);
  gtk_widget_action_set_enabled (widget, "chat.open-offer", audience);
  gtk_widget_set_sensitive (GTK_WIDGET (self->timeout_button), audience);
}

/* Moves the pick by `step` (-1 up, +1 down); from no pick, starts at the
 * newest message. */
static void
move_selection (DdChatPage *self,
                int         step)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint position = gtk_single_selection_get_selected (self->selection);

  if (n == 0)
    return;
  if (position == GTK_INVALID_LIST_POSITION)
    position = n - 1;
  else if (step < 0 && position > 0)
    position--;
  else if (step > 0 && position + 1 < n)
    position++;

  gtk_single_selection_set_selected (self->selection, position);
  /* Picking may have swapped the tail for the whole window: ask again. */
  position = gtk_single_selection_get_selected (self->selection);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

gboolean
_dd_chat_page_handle_key (DdChatPage      *self,
                          guint            keyval,
                          GdkModifierType  state)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
    return GDK_EVENT_PROPAGATE;

  switch (gdk_keyval_to_lower (keyval))
    {
    case GDK_KEY_j:
      move_selection (self, +1);
      return GDK_EVENT_STOP;
    case GDK_KEY_k:
      move_selection (self, -1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Escape:
      if (_dd_chat_page_get_selected (self) == NULL)
        return GDK_EVENT_PROPAGATE;
      dd_chat_page_jump_to_newest (self);
      return GDK_EVENT_STOP;
    case GDK_KEY_d:
      gtk_widget_activate_action (GTK_WIDGET (self), "chat.delete", NULL);
      return GDK_EVENT_STOP;
    case GDK_KEY_t:
      if (gtk_widget_get_sensitive (GTK_WIDGET (self->timeout_button)))
        gtk_menu_button_popup (self->timeout_button);
      return GDK_EVENT_STOP;
    case GDK_KEY_b:
      gtk_widget_activate_action (GTK_WIDGET (self), "chat.ban", NULL);
      return GDK_EVENT_STOP;
    case GDK_KEY_p:
      gtk_widget_activate_action (GTK_WIDGET (self), "chat.pin", NULL);
      return GDK_EVENT_STOP;
    case GDK_KEY_c:
      gtk_widget_activate_action (GTK_WIDGET (self), "chat.claim", NULL);
      return GDK_EVENT_STOP;
    case GDK_KEY_n:
      gtk_widget_activate_action (GTK_WIDGET (self), "chat.not-spam", NULL);
      return GDK_EVENT_STOP;
    case GDK_KEY_o:
      gtk_widget_activate_action (GTK_WIDGET (self), "chat.open-offer", NULL);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static void
waiting_claim_clicked_cb (GtkButton  *button,
                          DdChatPage *self)
{
  claim (self, g_object_get_data (G_OBJECT (button), "message"));
}

static GtkWidget *
waiting_row (DdChatPage    *self,
             DdChatMessage *message,
             gint64         now_us)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *label;
  GtkWidget *button;
  g_autofree char *age = NULL;
  g_autofree char *line = NULL;
  guint waited_s = (guint) MAX (0, (now_us - dd_chat_message_get_timestamp (message)) / G_USEC_PER_SEC);

  /* Translators: how long a buyer has waited: "2 min" */
  age = g_strdup_printf (_("%u min"), MAX (1u, waited_s / 60));
  label = gtk_label_new (age);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (row), label);

  /* Translators: a waiting buyer question: "Ana_K: is the blue tee in M?" */
  line = g_strdup_printf (_("%s: %s"), author_of (message), dd_chat_message_get_text (message));
  label = gtk_label_new (line);
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (row), label);

  button = gtk_button_new_with_label (_("Claim"));
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("I answer this question"));
  g_object_set_data_full (G_OBJECT (button), "message", g_object_ref (message), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (waiting_claim_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (row), button);

  return row;
}

/* Buyer questions nobody claimed for longer than the setting rise above the
 * Buyer intent wall, oldest first. */
void
_dd_chat_page_update_waiting (DdChatPage *self)
{
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *title = NULL;
  GtkWidget *child;
  gint64 now = g_get_real_time ();
  guint wait_s;

  if (self->desk == NULL || self->shown != DD_CHAT_FILTER_INTENT || self->searching)
    {
      gtk_widget_set_visible (self->waiting_box, FALSE);
      return;
    }

  wait_s = g_settings_get_uint (self->settings, "chat-question-wait");
  waiting = dd_chat_desk_dup_waiting (self->desk, now, (gint64) wait_s * G_USEC_PER_SEC, WAITING_SHOWN);
  gtk_widget_set_visible (self->waiting_box, waiting->len > 0);
  for (guint i = 0; i < waiting->len; i++)
    g_string_append_printf (ids, "%s\n", dd_chat_message_get_id (g_ptr_array_index (waiting, i)));
  if (g_strcmp0 (ids->str, self->waiting_ids) == 0)
    return;
  g_free (self->waiting_ids);
  self->waiting_ids = g_strdup (ids->str);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->waiting_list))) != NULL)
    gtk_list_box_remove (self->waiting_list, child);
  for (guint i = 0; i < waiting->len; i++)
    gtk_list_box_append (self->waiting_list, waiting_row (self, g_ptr_array_index (waiting, i), now));

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "Waiting for an answer for over %u second",
                                        "Waiting for an answer for over %u seconds", wait_s), wait_s);
  gtk_label_set_text (self->waiting_title, title);
}
