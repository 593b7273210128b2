/* dd-offers-page.c — the Offers page: the drop's catalog as a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-application.h"
#include "dd-offer-editor.h"
#include "dd-offer-format.h"
#include "dd-offer-go-live-dialog.h"
#include "dd-offers-page-private.h"
#include "dd-squad-member.h"

G_DEFINE_FINAL_TYPE (DdOffersPage, dd_offers_page, DD_TYPE_PAGE)

static gboolean
state_can_go_live (DdOfferState state)
{
  return dd_offer_machine_has_transition (state, DD_OFFER_STATE_LIVE);
}

static DdOffer *
get_selected_offer (DdOffersPage *self)
{
  if (self->selection == NULL)
    return NULL;

  return gtk_single_selection_get_selected_item (self->selection);
}

/* Roles that may put offers live, for the button's tooltip. */
static char *
dup_lifecycle_roles (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < DD_N_ROLES; i++)
    if (dd_role_can (i, DD_PERMISSION_CHANGE_LIFECYCLE))
      g_ptr_array_add (names, (gpointer) dd_role_get_display_name (i));
  g_ptr_array_add (names, NULL);

  return g_strjoinv (_(", "), (char **) names->pdata);
}

static void
update_go_live (DdOffersPage *self)
{
  DdOffer *offer = get_selected_offer (self);
  g_autofree char *tooltip = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "offers.go-live",
                                 dd_offers_page_can_go_live (self) &&
                                 (offer == NULL || !dd_offer_get_remote_gone (offer)));

  if (!dd_offers_page_can_go_live (self))
    {
      g_autofree char *roles = dup_lifecycle_roles ();

      /* Translators: %s lists roles, e.g. "Producer, Ops lead" */
      tooltip = g_strdup_printf (_("Only these roles put offers live: %s"), roles);
    }
  else if (offer == NULL)
    tooltip = g_strdup (_("Select an offer to put it live"));
  else if (dd_offer_get_remote_gone (offer))
    /* Translators: an offer's title */
    tooltip = g_strdup_printf (_("“%s” was removed in Medusa"), dd_offer_get_title (offer));
  else if (!state_can_go_live (dd_offer_get_state (offer)))
    /* Translators: an offer's title and its state, e.g. "“Blue tee” is Live" */
    tooltip = g_strdup_printf (_("“%s” is %s"), dd_offer_get_title (offer),
                               dd_offer_state_get_display_name (dd_offer_get_state (offer)));
  else
    tooltip = g_strdup_printf (_("Put “%s” live"), dd_offer_get_title (offer));

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->go_live_button), tooltip);
}

static void
update_summary (DdOffersPage *self)
{
  guint n = self->offers != NULL ? g_list_model_get_n_items (self->offers) : 0;
  guint live = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (self->offers, i);

      if (dd_offer_get_state (offer) == DD_OFFER_STATE_LIVE)
        live++;
    }

  /* Translators: "24 offers, 3 live" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u offer, %u live", "%u offers, %u live", n),
                          n, live);
  gtk_label_set_text (self->summary_label, text);
}

static void
offers_changed_cb (GListModel   *model,
                   guint         position,
                   guint         removed,
                   guint         added,
                   DdOffersPage *self)
{
  update_summary (self);
  update_go_live (self);
}

static void
selection_changed_cb (DdOffersPage *self)
{
  dd_offer_editor_set_offer (self->editor, get_selected_offer (self));
  update_go_live (self);
}

static void
go_live_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DdOffersPage *self = DD_OFFERS_PAGE (widget);
  DdOffer *offer = get_selected_offer (self);

  if (!dd_offers_page_can_go_live (self))
    return;

  if (offer == NULL || !state_can_go_live (dd_offer_get_state (offer)))
    {
      dd_page_show_toast (DD_PAGE (self), _("Select a scheduled or paused offer to put it live"));
      return;
    }

  dd_offers_page_confirm_go_live (self, offer);
}


/* The name the ledger records: in a drop with a squad, the member who
 * holds the chosen role; otherwise the person logged in. */
static void
update_actor (DdOffersPage *self)
{
  g_free (self->actor);
  self->actor = dd_page_dup_actor (DD_PAGE (self));
  dd_offer_editor_set_actor (self->editor, self->actor, dd_page_get_role (DD_PAGE (self)));
}

static DdOfferEditContext
edit_context (DdOffersPage *self)
{
  DdOfferEditContext context = { self->actor, dd_page_get_role (DD_PAGE (self)), NULL, NULL, 0 };

  return context;
}

static void undo_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter);

static void
toast_undo_cb (AdwToast     *toast,
               DdOffersPage *self)
{
  undo_activated (GTK_WIDGET (self), "offers.undo", NULL);
}

/* A toast in the window; with an Undo button for a stored change. */
void
_dd_offers_page_show_toast (DdOffersPage *self,
                            const char   *message,
                            gboolean      undoable)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  gboolean can_undo = self->editing != NULL && dd_offer_editing_can_undo (self->editing);
  AdwToast *toast;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "offers.undo", can_undo);
  if (can_undo)
    {
      /* Translators: what the undo button reverts, e.g. "Undo: Price of “Blue tee”" */
      g_autofree char *tooltip = g_strdup_printf (_("Undo: %s (Ctrl+Z)"),
                                                  dd_offer_editing_get_undo_label (self->editing));

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->undo_button), tooltip);
    }
  if (overlay == NULL)
    return;

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  /* The answer to what the person just did comes before drop alerts. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  if (undoable)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_undo_cb), self, 0);
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
editor_applied_cb (DdOfferEditor *editor,
                   const char    *message,
                   gboolean       undoable,
                   DdOffersPage  *self)
{
  /* A read begun just before the edit may have brought the old state. */
  dd_offers_page_refresh_sync (self);
  _dd_offers_page_show_toast (self, message, undoable);
}

typedef struct
{
  DdOffersPage *self;
  char         *done;  /* what to say once stored */
} PageCall;

static void
go_live_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PageCall *call = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_offer_editing_finish (DD_OFFER_EDITING (object), result, NULL, &error))
    _dd_offers_page_show_toast (call->self, error->message, FALSE);
  else
    {
      dd_offer_editor_reload (call->self->editor);
      dd_offers_page_refresh_sync (call->self);
      _dd_offers_page_show_toast (call->self, call->done, TRUE);
    }

  g_object_unref (call->self);
  g_free (call->done);
  g_free (call);
}

static void
undo_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DdOffersPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_offer_editing_finish (DD_OFFER_EDITING (object), result, NULL, &error))
    {
      /* Translators: why the last change could not be undone */
      g_autofree char *message = g_strdup_printf (_("Not undone: %s"), error->message);

      _dd_offers_page_show_toast (self, message, FALSE);
      return;
    }

  dd_offer_editor_reload (self->editor);
  dd_offers_page_refresh_sync (self);
  _dd_offers_page_show_toast (self, _("The last change was undone; the undo is in the ledger"), FALSE);
}

static void
undo_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DdOffersPage *self = DD_OFFERS_PAGE (widget);
  DdOfferEditContext context = edit_context (self);

  if (self->editing == NULL || !dd_offer_editing_can_undo (self->editing))
    return;

  dd_offer_editing_undo_async (self->editing, &context, NULL, undo_done_cb, g_object_ref (self));
}

static void
go_live_response_cb (DdOfferGoLiveDialog *dialog,
                     const char          *response,
                     DdOffersPage        *self)
{
  DdOffer *offer = dd_offer_go_live_dialog_get_offer (dialog);
  DdOfferEditContext context = edit_context (self);
  PageCall *call;

  if (g_strcmp0 (response, "go-live") != 0 || self->editing == NULL)
    return;

  call = g_new0 (PageCall, 1);
  call->self = g_object_ref (self);
  /* Translators: an offer's title */
  call->done = g_strdup_printf (_("“%s” is live"), dd_offer_get_title (offer));
  dd_offer_editing_transition_async (self->editing, offer, DD_OFFER_STATE_LIVE, &context, NULL,
                                     go_live_done_cb, call);
}

static void
editor_go_live_cb (DdOfferEditor *editor,
                   DdOffer       *offer,
                   DdOffersPage  *self)
{
  dd_offers_page_confirm_go_live (self, offer);
}

static void
edit_price_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  dd_offer_editor_focus_field (DD_OFFERS_PAGE (widget)->editor, DD_OFFER_FIELD_PRICE);
}

static void
threshold_changed_cb (DdOffersPage *self)
{
  if (self->editing != NULL)
    dd_offer_editing_set_drop_threshold (self->editing,
                                         g_settings_get_uint (self->settings, "price-drop-threshold"));
}

static void
disconnect_offers (DdOffersPage *self)
{
  if (self->offers != NULL)
    g_signal_handlers_disconnect_by_data (self->offers, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->offers);
  g_clear_object (&self->selection);
  dd_offer_editor_set_offer (self->editor, NULL);
  dd_offer_editor_set_editing (self->editor, NULL);
  g_clear_object (&self->editing);
}

static void
dd_offers_page_session_changed (DdPage *page)
{
  DdOffersPage *self = DD_OFFERS_PAGE (page);
  DdDropSession *session = dd_page_get_session (page);

  disconnect_offers (self);

  if (session != NULL)
    {
      self->offers = g_object_ref (dd_drop_session_get_offers (session));
      self->selection = gtk_single_selection_new (g_object_ref (self->offers));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      g_signal_connect_object (self->offers, "items-changed",
                               G_CALLBACK (offers_changed_cb), self, 0);
      g_signal_connect_object (self->selection, "notify::selected",
                               G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
      if (dd_drop_session_get_store (session) != NULL)
        {
          self->editing = dd_offer_editing_new (dd_drop_session_get_store (session));
          threshold_changed_cb (self);
        }
    }

  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  _dd_offers_page_watch_sync (self, self->offers != NULL);
  dd_offer_editor_set_editing (self->editor, self->editing);
  _dd_offers_page_verify_ledger (self);
  update_actor (self);
  update_summary (self);
  update_go_live (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "offers.export-ledger", self->editing != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "offers.undo", FALSE);
}

static void
dd_offers_page_role_changed (DdPage *page)
{
  update_actor (DD_OFFERS_PAGE (page));
  update_go_live (DD_OFFERS_PAGE (page));
}

static void
dd_offers_page_dispose (GObject *object)
{
  DdOffersPage *self = DD_OFFERS_PAGE (object);

  g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->verify_cancellable);
  g_clear_handle_id (&self->verify_source, g_source_remove);
  _dd_offers_page_watch_sync (self, FALSE);
  if (self->editor != NULL)
    disconnect_offers (self);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->actor, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_OFFERS_PAGE);

  G_OBJECT_CLASS (dd_offers_page_parent_class)->dispose (object);
}

static void
dd_offers_page_class_init (DdOffersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DdPageClass *page_class = DD_PAGE_CLASS (klass);

  object_class->dispose = dd_offers_page_dispose;
  page_class->session_changed = dd_offers_page_session_changed;
  page_class->role_changed = dd_offers_page_role_changed;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-offers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdOffersPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DdOffersPage, go_live_button);
  gtk_widget_class_bind_template_child (widget_class, DdOffersPage, undo_button);
  gtk_widget_class_bind_template_child (widget_class, DdOffersPage, ledger_warning);
  gtk_widget_class_bind_template_child (widget_class, DdOffersPage, ledger_warning_label);
  gtk_widget_class_bind_template_child (widget_class, DdOffersPage, column_view);
  gtk_widget_class_bind_template_child_full (widget_class, "title_factory", FALSE,
                                             G_STRUCT_OFFSET (DdOffersPage, factories[COLUMN_TITLE]));
  gtk_widget_class_bind_template_child_full (widget_class, "state_factory", FALSE,
                                             G_STRUCT_OFFSET (DdOffersPage, factories[COLUMN_STATE]));
  gtk_widget_class_bind_template_child_full (widget_class, "price_factory", FALSE,
                                             G_STRUCT_OFFSET (DdOffersPage, factories[COLUMN_PRICE]));
  gtk_widget_class_bind_template_child_full (widget_class, "compare_factory", FALSE,
                                             G_STRUCT_OFFSET (DdOffersPage, factories[COLUMN_COMPARE_AT]));
  gtk_widget_class_bind_template_child_full (widget_class, "stock_factory", FALSE,
                                             G_STRUCT_OFFSET (DdOffersPage, factories[COLUMN_STOCK]));
  gtk_widget_class_bind_template_child_full (widget_class, "latency_factory", FALSE,
                                             G_STRUCT_OFFSET (DdOffersPage, factories[COLUMN_LATENCY]));
  gtk_widget_class_bind_template_child_full (widget_class, "sync_factory", FALSE,
                                             G_STRUCT_OFFSET (DdOffersPage, factories[COLUMN_SYNC]));
  gtk_widget_class_bind_template_callback_full (widget_class, "cell_setup_cb",
                                                G_CALLBACK (_dd_offers_page_cell_setup_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "cell_bind_cb",
                                                G_CALLBACK (_dd_offers_page_cell_bind_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "cell_unbind_cb",
                                                G_CALLBACK (_dd_offers_page_cell_unbind_cb));

  gtk_widget_class_bind_template_child (widget_class, DdOffersPage, editor);

  gtk_widget_class_install_action (widget_class, "offers.go-live", NULL, go_live_activated);
  gtk_widget_class_install_action (widget_class, "offers.undo", NULL, undo_activated);
  gtk_widget_class_install_action (widget_class, "offers.export-ledger", NULL,
                                   _dd_offers_page_export_activated);
  gtk_widget_class_install_action (widget_class, "offers.edit-price", NULL, edit_price_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "offers.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_L, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "offers.go-live", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "offers.edit-price", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "offers.export-ledger", NULL);
}

static void
dd_offers_page_init (DdOffersPage *self)
{
  g_type_ensure (DD_TYPE_OFFER_EDITOR);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (DD_SETTINGS_SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::price-drop-threshold",
                           G_CALLBACK (threshold_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "applied", G_CALLBACK (editor_applied_cb), self, 0);
  g_signal_connect_object (self->editor, "go-live", G_CALLBACK (editor_go_live_cb), self, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "offers.export-ledger", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "offers.undo", FALSE);
  update_actor (self);
  update_summary (self);
  update_go_live (self);
}

GtkWidget *
dd_offers_page_new (void)
{
  return g_object_new (DD_TYPE_OFFERS_PAGE, NULL);
}

gboolean
dd_offers_page_can_go_live (DdOffersPage *self)
{
  g_return_val_if_fail (DD_IS_OFFERS_PAGE (self), FALSE);

  return dd_role_can (dd_page_get_role (DD_PAGE (self)), DD_PERMISSION_CHANGE_LIFECYCLE);
}

void
dd_offers_page_confirm_go_live (DdOffersPage *self,
                                DdOffer      *offer)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (DD_IS_OFFERS_PAGE (self));
  g_return_if_fail (DD_IS_OFFER (offer));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = dd_offer_go_live_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, offer,
                                        self->editing, dd_page_get_role (DD_PAGE (self)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (go_live_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

DdOfferEditor *
dd_offers_page_get_editor (DdOffersPage *self)
{
  g_return_val_if_fail (DD_IS_OFFERS_PAGE (self), NULL);
  return self->editor;
}

gboolean
dd_offers_page_open_offer (DdOffersPage *self,
                           const char   *offer_id,
                           const char   *chat_message_id,
                           const char   *chat_text)
{
  guint n;

  g_return_val_if_fail (DD_IS_OFFERS_PAGE (self), FALSE);
  g_return_val_if_fail (offer_id != NULL, FALSE);

  n = self->offers != NULL ? g_list_model_get_n_items (self->offers) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (self->offers, i);

      if (g_strcmp0 (dd_offer_get_id (offer), offer_id) != 0)
        continue;
      gtk_single_selection_set_selected (self->selection, i);
      dd_offer_editor_link_chat_message (self->editor, chat_message_id, chat_text);
      return TRUE;
    }

  return FALSE;
}
