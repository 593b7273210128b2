/* dd-offer-editor.c — the editor pane of the Offers page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-offer-editor.h"
#include "dd-promise-label.h"
#include "dd-offer-format.h"

#define HISTORY_ENTRIES 8

/* The editable fields, in the order shown. */
static const struct
{
  DdOfferField  field;
  const char   *title;
} field_rows[] = {
  { DD_OFFER_FIELD_TITLE, N_("Title") },
  { DD_OFFER_FIELD_PRICE, N_("Price") },
  { DD_OFFER_FIELD_COMPARE_AT_PRICE, N_("“Was” Price (empty for none)") },
  { DD_OFFER_FIELD_WINDOW, N_("Window (from – to, local time)") },
  { DD_OFFER_FIELD_PER_BUYER_CAP, N_("Per-Buyer Cap") },
  { DD_OFFER_FIELD_STOCK, N_("Stock Allocated") },
  { DD_OFFER_FIELD_COMPONENTS, N_("Bundle Components (SKU × n)") },
};

#define N_FIELD_ROWS G_N_ELEMENTS (field_rows)

typedef struct
{
  AdwEntryRow *row;
  GtkLabel    *currency;  /* money fields only */
  GtkLabel    *error;
  char        *shown;     /* the text last put in the row */
} FieldWidgets;

struct _DdOfferEditor
{
  AdwBin              parent_instance;

  /* Template widgets */
  GtkLabel           *heading_label;
  GtkLabel           *status_label;
  GtkLabel           *removed_label;
  GtkBox             *chat_link_box;
  GtkLabel           *chat_link_label;
  GtkBox             *approval_box;
  GtkLabel           *approval_label;
  GtkBox             *approval_buttons;
  GtkLabel           *approval_error_label;
  GtkBox             *fields_box;
  GtkFlowBox         *lifecycle_box;
  GtkLabel           *lifecycle_note;
  AdwActionRow       *window_row;
  AdwActionRow       *delivery_row;
  AdwActionRow       *gate_row;
  GtkSwitch          *gate_switch;
  AdwPreferencesGroup *history_group;

  FieldWidgets        fields[N_FIELD_ROWS];
  GPtrArray          *history_rows;

  DdOfferEditing     *editing;
  DdOffer            *offer;
  char               *actor;
  DdRole              role;
  char               *chat_message_id;  /* changes are made from this message */
  GCancellable       *cancellable;  /* history loads of the offer shown */
  gboolean            has_fulfilment;  /* a bundle's stock was looked at */
  DdBundleFulfilment  fulfilment;
};

G_DEFINE_FINAL_TYPE (DdOfferEditor, dd_offer_editor, ADW_TYPE_BIN)

enum {
  SIGNAL_APPLIED,
  SIGNAL_GO_LIVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload_history (DdOfferEditor *self);
static void gate_switch_notify_cb (DdOfferEditor *self);
static void fulfilment_loaded_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data);
static void update_lifecycle (DdOfferEditor *self);

static FieldWidgets *
field_widgets (DdOfferEditor *self,
               DdOfferField   field)
{
  for (guint i = 0; i < N_FIELD_ROWS; i++)
    if (field_rows[i].field == field)
      return &self->fields[i];

  return NULL;
}

/* What a field's entry shows: the ledger's value, money without its
 * currency code ("35.00"; the code is beside the entry). */
static char *
field_text (DdOffer      *offer,
            DdOfferField  field)
{
  char *text;
  char *space;

  if (field == DD_OFFER_FIELD_WINDOW)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      if (dd_offer_get_window_start (offer) == 0 || dd_offer_get_window_end (offer) == 0)
        return g_strdup ("");
      from = dd_offer_format_clock (dd_offer_get_window_start (offer));
      to = dd_offer_format_clock (dd_offer_get_window_end (offer));
      return g_strdup_printf ("%s – %s", from, to);
    }

  text = dd_offer_editing_dup_value (offer, field);
  if (text == NULL)
    return g_strdup ("");
  if ((field == DD_OFFER_FIELD_PRICE || field == DD_OFFER_FIELD_COMPARE_AT_PRICE)
      && (space = strrchr (text, ' ')) != NULL)
    *space = '\0';
  return text;
}

static void
show_field_error (FieldWidgets *widgets,
                  const char   *message)
{
  gtk_label_set_text (widgets->error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (widgets->error), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (widgets->row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (widgets->row), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (widgets->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message != NULL ? message : "",
                                  -1);
}

/* Puts the offer's value in a row, unless the person is typing there
 * (the row no longer holds what was last shown). */
static void
show_field (DdOfferEditor *self,
            guint          index,
            gboolean       force)
{
  FieldWidgets *widgets = &self->fields[index];
  g_autofree char *text = field_text (self->offer, field_rows[index].field);
  const char *current = gtk_editable_get_text (GTK_EDITABLE (widgets->row));

  if (!force && g_strcmp0 (current, widgets->shown) != 0)
    return;

  /* Text set while the row has the focus counts as typed and shows its
   * apply button: the row lets go of the focus first. */
  if (g_strcmp0 (current, text) != 0)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (widgets->row));

      if (root != NULL && (gtk_widget_get_state_flags (GTK_WIDGET (widgets->row)) & GTK_STATE_FLAG_FOCUS_WITHIN))
        gtk_root_set_focus (root, NULL);
      gtk_editable_set_text (GTK_EDITABLE (widgets->row), text);
    }
  g_free (widgets->shown);
  widgets->shown = g_steal_pointer (&text);
  if (widgets->currency != NULL)
    gtk_label_set_text (widgets->currency, dd_offer_get_price (self->offer)->currency);
}

/* The promise, whether a bundle needs a cross-hub pick, and its gate. */
static void
update_delivery (DdOfferEditor *self)
{
  DdLatencyBucket bucket = dd_offer_get_latency_bucket (self->offer);
  gboolean cross_hub = self->has_fulfilment && self->fulfilment.cross_hub;
  g_autofree char *subtitle = NULL;

  if (cross_hub)
    /* Translators: a delivery promise, e.g. "Same day" */
    subtitle = g_strdup_printf (_("%s · cross-hub pick: the components are split between hubs"),
                                dd_latency_bucket_get_display_name (bucket));
  else
    subtitle = g_strdup (dd_latency_bucket_get_display_name (bucket));
  adw_action_row_set_subtitle (self->delivery_row, subtitle);

  gtk_widget_set_visible (GTK_WIDGET (self->gate_row), cross_hub);
  g_signal_handlers_block_by_func (self->gate_switch, gate_switch_notify_cb, self);
  gtk_switch_set_active (self->gate_switch, bucket == DD_LATENCY_BUCKET_POST_DROP);
  g_signal_handlers_unblock_by_func (self->gate_switch, gate_switch_notify_cb, self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->gate_switch),
                            self->editing != NULL && dd_role_can (self->role, DD_PERMISSION_EDIT_OFFERS) &&
                            !dd_offer_get_remote_gone (self->offer));
}

static void
update_summary (DdOfferEditor *self)
{
  g_autofree char *status = NULL;
  g_autofree char *window = dd_offer_format_window (self->offer, g_get_real_time ());

  gtk_label_set_text (self->heading_label, dd_offer_get_title (self->offer));
  /* Translators: an offer's state, then its sync state: "Live · Synced" */
  status = g_strdup_printf (_("%s · %s"), dd_offer_state_get_display_name (dd_offer_get_state (self->offer)),
                            dd_offer_format_sync (self->offer));
  gtk_label_set_text (self->status_label, status);
  gtk_widget_set_visible (GTK_WIDGET (self->removed_label), dd_offer_get_remote_gone (self->offer));
  adw_action_row_set_subtitle (self->window_row, window);
  update_delivery (self);
}

static void
update_approval (DdOfferEditor *self)
{
  DdPriceApproval *approval = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;

  if (self->editing != NULL && self->offer != NULL)
    approval = dd_offer_editing_get_approval (self->editing, dd_offer_get_id (self->offer));

  gtk_widget_set_visible (GTK_WIDGET (self->approval_box), approval != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.approve", approval != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.decline", approval != NULL);
  if (approval == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->approval_error_label), FALSE);
      return;
    }

  from = dd_money_format (dd_price_approval_get_old_price (approval));
  to = dd_money_format (dd_price_approval_get_new_price (approval));
  /* Translators: two prices, then a squad member's name */
  text = g_strdup_printf (_("Pending approval: a drop from %s to %s, asked by %s. A second squad member (Producer or Ops lead) must approve it; until then buyers see %s."),
                          from, to, dd_price_approval_get_requested_by (approval), from);
  gtk_label_set_text (self->approval_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->approval_buttons),
                          dd_role_can (self->role, DD_PERMISSION_APPROVE_PRICE));
}

static void
update_fields (DdOfferEditor *self,
               gboolean       force)
{
  gboolean can_edit = self->editing != NULL && dd_role_can (self->role, DD_PERMISSION_EDIT_OFFERS) &&
                      (self->offer == NULL || !dd_offer_get_remote_gone (self->offer));

  for (guint i = 0; i < N_FIELD_ROWS; i++)
    {
      show_field (self, i, force);
      gtk_widget_set_sensitive (GTK_WIDGET (self->fields[i].row), can_edit);
    }
}

static void
show_offer (DdOfferEditor *self,
            gboolean       force)
{
  if (self->offer == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (adw_bin_get_child (ADW_BIN (self))), "empty");
      return;
    }

  gtk_stack_set_visible_child_name (GTK_STACK (adw_bin_get_child (ADW_BIN (self))), "offer");
  update_summary (self);
  update_fields (self, force);
  update_approval (self);
  update_lifecycle (self);
}

static DdOfferEditContext
context_for (DdOfferEditor *self)
{
  DdOfferEditContext context = { self->actor, self->role, NULL, self->chat_message_id, 0 };

  return context;
}

typedef struct
{
  DdOfferEditor *self;
  DdOffer       *offer;
  int            field;  /* a DdOfferField, or -1 for a lifecycle change or decision */
  char          *done;   /* what to say once applied */
} EditCall;

static void
edit_call_free (EditCall *call)
{
  g_object_unref (call->self);
  g_object_unref (call->offer);
  g_free (call->done);
  g_free (call);
}

static EditCall *
edit_call_new (DdOfferEditor *self,
               int            field,
               char          *done)
{
  EditCall *call = g_new0 (EditCall, 1);

  call->self = g_object_ref (self);
  call->offer = g_object_ref (self->offer);
  call->field = field;
  call->done = done;
  return call;
}

static void
edit_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  EditCall *call = user_data;
  DdOfferEditor *self = call->self;
  g_autoptr(GError) error = NULL;
  DdOfferEditOutcome outcome = DD_OFFER_EDIT_APPLIED;
  gboolean ok = dd_offer_editing_finish (DD_OFFER_EDITING (object), result, &outcome, &error);
  gboolean current = self->offer == call->offer;
  FieldWidgets *widgets = call->field >= 0 ? field_widgets (self, call->field) : NULL;

  if (!ok)
    {
      if (current && widgets != NULL)
        show_field_error (widgets, error->message);
      else if (current && call->field == -2)
        {
          gtk_label_set_text (self->approval_error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->approval_error_label), TRUE);
        }
      else if (current)
        gtk_label_set_text (self->lifecycle_note, error->message);
      else
        g_signal_emit (self, signals[SIGNAL_APPLIED], 0, error->message, FALSE);
      edit_call_free (call);
      return;
    }

  if (current && widgets != NULL)
    show_field_error (widgets, NULL);

  if (outcome == DD_OFFER_EDIT_AWAITS_APPROVAL)
    {
      if (current && widgets != NULL)
        show_field (self, (guint) (widgets - self->fields), TRUE);
      g_signal_emit (self, signals[SIGNAL_APPLIED], 0,
                     _("The price drop waits for approval by a second squad member"), FALSE);
    }
  else
    g_signal_emit (self, signals[SIGNAL_APPLIED], 0, call->done, TRUE);

  if (current)
    {
      show_offer (self, widgets != NULL);
      reload_history (self);
    }
  edit_call_free (call);
}

static void
field_apply_cb (AdwEntryRow   *row,
                DdOfferEditor *self)
{
  DdOfferField field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "dd-field"));
  FieldWidgets *widgets = field_widgets (self, field);
  DdOfferEditContext context = context_for (self);
  g_autofree char *done = NULL;

  if (self->editing == NULL || self->offer == NULL)
    return;

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), widgets->shown) == 0)
    {
      show_field_error (widgets, NULL);
      return;
    }

  /* Translators: a field name and an offer's title: "Price of “Blue tee” changed" */
  done = g_strdup_printf (_("%s of “%s” changed"), dd_offer_field_get_display_name (field),
                          dd_offer_get_title (self->offer));
  dd_offer_editing_set_field_async (self->editing, self->offer, field,
                                    gtk_editable_get_text (GTK_EDITABLE (row)), &context, NULL,
                                    edit_done_cb, edit_call_new (self, field, g_steal_pointer (&done)));
}

static void
transition_clicked_cb (GtkButton     *button,
                       DdOfferEditor *self)
{
  DdOfferState to = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "dd-state"));
  DdOfferEditContext context = context_for (self);
  char *done;

  if (self->editing == NULL || self->offer == NULL)
    return;

  if (to == DD_OFFER_STATE_LIVE)
    {
      g_signal_emit (self, signals[SIGNAL_GO_LIVE], 0, self->offer);
      return;
    }

  /* Translators: an offer's title and its new state: "“Blue tee” is now Paused" */
  done = g_strdup_printf (_("“%s” is now %s"), dd_offer_get_title (self->offer),
                          dd_offer_state_get_display_name (to));
  dd_offer_editing_transition_async (self->editing, self->offer, to, &context, NULL,
                                     edit_done_cb, edit_call_new (self, -1, done));
}

static void
clear_flow_box (GtkFlowBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);
}

/* Buttons for the transitions the role may take; a guard's refusal is
 * shown under them. */
static void
update_lifecycle (DdOfferEditor *self)
{
  g_autoptr(GString) notes = g_string_new (NULL);
  DdOfferState from = dd_offer_get_state (self->offer);
  gint64 now = g_get_real_time ();
  guint n_buttons = 0;
  gboolean has_any = FALSE;

  clear_flow_box (self->lifecycle_box);

  for (DdOfferState to = DD_OFFER_STATE_DRAFT; to <= DD_OFFER_STATE_CANCELLED; to++)
    {
      g_autoptr(GError) refusal = NULL;
      GtkWidget *button;
      gboolean allowed;

      if (!dd_offer_machine_has_transition (from, to) || dd_offer_get_remote_gone (self->offer))
        continue;
      has_any = TRUE;
      allowed = dd_offer_machine_can_transition (self->offer, to, self->role, now, &refusal);
      if (!allowed && g_error_matches (refusal, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED))
        continue;

      button = gtk_button_new_with_label (dd_offer_machine_get_action_label (from, to));
      g_object_set_data (G_OBJECT (button), "dd-state", GINT_TO_POINTER (to));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      dd_offer_machine_get_action_label (from, to), -1);
      if (to == DD_OFFER_STATE_LIVE)
        gtk_widget_add_css_class (button, "suggested-action");
      else if (to == DD_OFFER_STATE_CANCELLED)
        gtk_widget_add_css_class (button, "destructive-action");
      /* Going live opens the confirmation, which lists every guard. */
      gtk_widget_set_sensitive (button, allowed || to == DD_OFFER_STATE_LIVE);
      if (!allowed)
        {
          gtk_widget_set_tooltip_text (button, refusal->message);
          if (notes->len > 0)
            g_string_append_c (notes, '\n');
          g_string_append (notes, refusal->message);
        }
      g_signal_connect_object (button, "clicked", G_CALLBACK (transition_clicked_cb), self, 0);
      gtk_flow_box_append (self->lifecycle_box, button);
      n_buttons++;
    }

  if (n_buttons == 0 && has_any)
    /* Translators: %s is a role, e.g. "Mod & trust lead" */
    g_string_printf (notes, _("As %s you cannot move this offer through its lifecycle; a Producer or an Ops lead can"),
                     dd_role_get_display_name (self->role));
  else if (dd_offer_get_remote_gone (self->offer))
    g_string_assign (notes, _("Removed in Medusa: its lifecycle can no longer change"));
  else if (!has_any)
    g_string_assign (notes, _("This offer has reached the end of its lifecycle"));
  gtk_widget_set_visible (GTK_WIDGET (self->lifecycle_box), n_buttons > 0);
  gtk_label_set_text (self->lifecycle_note, notes->str);
  gtk_widget_set_visible (GTK_WIDGET (self->lifecycle_note), notes->len > 0);
}

static void
decide (DdOfferEditor *self,
        gboolean       approve)
{
  DdOfferEditContext context = context_for (self);
  char *done;

  if (self->editing == NULL || self->offer == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->approval_error_label), FALSE);
  done = g_strdup_printf (approve ? _("Price drop of “%s” approved") : _("Price drop of “%s” declined"),
                          dd_offer_get_title (self->offer));
  dd_offer_editing_decide_async (self->editing, self->offer, approve, &context, NULL,
                                 edit_done_cb, edit_call_new (self, -2, done));
}

static void
approve_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  decide (DD_OFFER_EDITOR (widget), TRUE);
}

static void
decline_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  decide (DD_OFFER_EDITOR (widget), FALSE);
}

static void
unlink_chat_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  dd_offer_editor_link_chat_message (DD_OFFER_EDITOR (widget), NULL, NULL);
}

static void
clear_history (DdOfferEditor *self)
{
  for (guint i = 0; i < self->history_rows->len; i++)
    adw_preferences_group_remove (self->history_group, g_ptr_array_index (self->history_rows, i));
  g_ptr_array_set_size (self->history_rows, 0);
}

/* "Price: 35.00 EUR → 33.00 EUR" */
static char *
describe_entry (DdLedgerEntry *entry)
{
  const char *before = dd_ledger_entry_get_before (entry);
  const char *after = dd_ledger_entry_get_after (entry);

  /* Translators: a ledger field, the value before and after: "price: 35.00 EUR → 33.00 EUR" */
  return g_strdup_printf (_("%s: %s → %s"), dd_ledger_entry_get_field (entry),
                          before != NULL ? before : "—", after != NULL ? after : "—");
}

static void
history_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DdOfferEditor) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = dd_store_load_finish (DD_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  clear_history (self);
  if (entries == NULL)
    {
      adw_preferences_group_set_description (self->history_group, error->message);
      return;
    }

  adw_preferences_group_set_description (self->history_group,
                                         entries->len == 0 ? _("No changes yet") : NULL);
  for (guint i = entries->len; i > 0; i--)
    {
      DdLedgerEntry *entry = g_ptr_array_index (entries, i - 1);
      g_autofree char *title = describe_entry (entry);
      g_autofree char *when = dd_offer_format_clock (dd_ledger_entry_get_time (entry));
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      DdRole role = DD_ROLE_PRODUCER;

      dd_role_from_nick (dd_ledger_entry_get_role (entry), &role);
      /* Translators: time, squad member, role and the reason of a ledger entry */
      subtitle = g_strdup_printf (_("%s · %s (%s)%s%s"), when, dd_ledger_entry_get_actor (entry),
                                  dd_role_get_display_name (role),
                                  dd_ledger_entry_get_reason (entry) != NULL ? " · " : "",
                                  dd_ledger_entry_get_reason (entry) != NULL ? dd_ledger_entry_get_reason (entry) : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (row, "ledger-entry");
      adw_preferences_group_add (self->history_group, row);
      g_ptr_array_add (self->history_rows, row);
    }
}

static void
reload_history (DdOfferEditor *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->has_fulfilment = FALSE;

  if (self->offer == NULL || self->editing == NULL)
    {
      clear_history (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  dd_store_load_ledger_async (dd_offer_editing_get_store (self->editing), "offer",
                              dd_offer_get_id (self->offer), HISTORY_ENTRIES, self->cancellable,
                              history_loaded_cb, g_object_ref (self));
  /* Only bundles can need a cross-hub pick. */
  if (dd_offer_is_bundle (self->offer))
    dd_offer_editing_describe_fulfilment_async (self->editing, self->offer, self->cancellable,
                                                fulfilment_loaded_cb, g_object_ref (self));
}

static void
offer_notify_cb (DdOfferEditor *self)
{
  show_offer (self, FALSE);
}

/* The post-drop gate of a cross-hub bundle: on holds it for a follow-up,
 * off gives it back the promise its stock allows. */
static void
gate_switch_notify_cb (DdOfferEditor *self)
{
  gboolean hold = gtk_switch_get_active (self->gate_switch);
  DdOfferEditContext context = context_for (self);
  const char *nick;

  if (self->editing == NULL || self->offer == NULL || !self->has_fulfilment)
    return;

  nick = dd_latency_bucket_to_nick (hold ? DD_LATENCY_BUCKET_POST_DROP : self->fulfilment.bucket);
  dd_offer_editing_set_field_async (self->editing, self->offer, DD_OFFER_FIELD_LATENCY_BUCKET, nick, &context, NULL,
                                    edit_done_cb,
                                    edit_call_new (self, DD_OFFER_FIELD_LATENCY_BUCKET,
                                                   g_strdup (hold ? _("The bundle ships after the drop")
                                                                  : _("The bundle ships with the drop again"))));
}

static void
fulfilment_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DdOfferEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree DdBundleFulfilment *fulfilment =
    dd_offer_editing_describe_fulfilment_finish (DD_OFFER_EDITING (object), result, &error);

  if (fulfilment == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot look at the bundle's stock: %s", error->message);
      return;
    }

  self->fulfilment = *fulfilment;
  self->has_fulfilment = TRUE;
  if (self->offer != NULL)
    update_delivery (self);
}

static void
editing_changed_cb (DdOfferEditor *self)
{
  if (self->offer != NULL)
    update_approval (self);
}

static void
build_fields (DdOfferEditor *self)
{
  for (guint i = 0; i < N_FIELD_ROWS; i++)
    {
      FieldWidgets *widgets = &self->fields[i];
      DdOfferField field = field_rows[i].field;
      GtkWidget *block = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *list = gtk_list_box_new ();
      GtkWidget *row = adw_entry_row_new ();
      GtkWidget *error = gtk_label_new (NULL);

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field_rows[i].title));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "dd-field", GINT_TO_POINTER (field));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      dd_offer_field_get_display_name (field), -1);
      if (field == DD_OFFER_FIELD_PRICE || field == DD_OFFER_FIELD_COMPARE_AT_PRICE)
        {
          GtkWidget *currency = gtk_label_new (NULL);

          gtk_widget_add_css_class (currency, "dim-label");
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), currency);
          widgets->currency = GTK_LABEL (currency);
        }
      if (field != DD_OFFER_FIELD_TITLE)
        gtk_editable_set_alignment (GTK_EDITABLE (row), 0);
      /* Enter applies too; without an edit by keyboard (text set by an
       * assistive technology) the row reports it as entry-activated. */
      g_signal_connect_object (row, "apply", G_CALLBACK (field_apply_cb), self, 0);
      g_signal_connect_object (row, "entry-activated", G_CALLBACK (field_apply_cb), self, 0);
      gtk_list_box_append (GTK_LIST_BOX (list), row);

      gtk_label_set_xalign (GTK_LABEL (error), 0);
      gtk_label_set_wrap (GTK_LABEL (error), TRUE);
      gtk_widget_set_margin_start (error, 12);
      gtk_widget_add_css_class (error, "error");
      gtk_widget_add_css_class (error, "caption");
      gtk_widget_set_visible (error, FALSE);

      gtk_box_append (GTK_BOX (block), list);
      gtk_box_append (GTK_BOX (block), error);
      gtk_box_append (self->fields_box, block);
      widgets->row = ADW_ENTRY_ROW (row);
      widgets->error = GTK_LABEL (error);
    }
}

static void
dd_offer_editor_dispose (GObject *object)
{
  DdOfferEditor *self = DD_OFFER_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  dd_offer_editor_set_offer (self, NULL);
  dd_offer_editor_set_editing (self, NULL);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  for (guint i = 0; i < N_FIELD_ROWS; i++)
    g_clear_pointer (&self->fields[i].shown, g_free);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->chat_message_id, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_OFFER_EDITOR);

  G_OBJECT_CLASS (dd_offer_editor_parent_class)->dispose (object);
}

static void
dd_offer_editor_class_init (DdOfferEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_offer_editor_dispose;

  signals[SIGNAL_APPLIED] =
    g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  signals[SIGNAL_GO_LIVE] =
    g_signal_new ("go-live", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_OFFER);

  g_type_ensure (DD_TYPE_PROMISE_LABEL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-offer-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, heading_label);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, removed_label);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, chat_link_box);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, chat_link_label);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, approval_box);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, approval_label);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, approval_buttons);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, approval_error_label);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, fields_box);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, lifecycle_box);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, lifecycle_note);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, window_row);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, delivery_row);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, gate_row);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, gate_switch);
  gtk_widget_class_bind_template_callback (widget_class, gate_switch_notify_cb);
  gtk_widget_class_bind_template_child (widget_class, DdOfferEditor, history_group);

  gtk_widget_class_install_action (widget_class, "editor.approve", NULL, approve_activated);
  gtk_widget_class_install_action (widget_class, "editor.unlink-chat", NULL, unlink_chat_activated);
  gtk_widget_class_install_action (widget_class, "editor.decline", NULL, decline_activated);
}

static void
dd_offer_editor_init (DdOfferEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->history_rows = g_ptr_array_new ();
  build_fields (self);
  show_offer (self, TRUE);
}

GtkWidget *
dd_offer_editor_new (void)
{
  return g_object_new (DD_TYPE_OFFER_EDITOR, NULL);
}

void
dd_offer_editor_set_editing (DdOfferEditor  *self,
                             DdOfferEditing *editing)
{
  g_return_if_fail (DD_IS_OFFER_EDITOR (self));
  g_return_if_fail (editing == NULL || DD_IS_OFFER_EDITING (editing));

  if (self->editing == editing)
    return;
  if (self->editing != NULL)
    g_signal_handlers_disconnect_by_data (self->editing, self);
  g_set_object (&self->editing, editing);
  if (editing != NULL)
    g_signal_connect_object (editing, "changed", G_CALLBACK (editing_changed_cb), self, G_CONNECT_SWAPPED);
  dd_offer_editor_reload (self);
}

void
dd_offer_editor_set_actor (DdOfferEditor *self,
                           const char    *actor,
                           DdRole         role)
{
  g_return_if_fail (DD_IS_OFFER_EDITOR (self));

  g_free (self->actor);
  self->actor = g_strdup (actor != NULL ? actor : g_get_user_name ());
  self->role = role;
  if (self->offer != NULL)
    show_offer (self, FALSE);
}

void
dd_offer_editor_set_offer (DdOfferEditor *self,
                           DdOffer       *offer)
{
  g_return_if_fail (DD_IS_OFFER_EDITOR (self));
  g_return_if_fail (offer == NULL || DD_IS_OFFER (offer));

  if (self->offer == offer)
    return;
  if (self->offer != NULL)
    g_signal_handlers_disconnect_by_data (self->offer, self);
  g_set_object (&self->offer, offer);
  if (offer != NULL)
    g_signal_connect_object (offer, "notify", G_CALLBACK (offer_notify_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < N_FIELD_ROWS; i++)
    show_field_error (&self->fields[i], NULL);
  dd_offer_editor_link_chat_message (self, NULL, NULL);
  dd_offer_editor_reload (self);
}

DdOffer *
dd_offer_editor_get_offer (DdOfferEditor *self)
{
  g_return_val_if_fail (DD_IS_OFFER_EDITOR (self), NULL);
  return self->offer;
}

void
dd_offer_editor_reload (DdOfferEditor *self)
{
  g_return_if_fail (DD_IS_OFFER_EDITOR (self));

  show_offer (self, TRUE);
  reload_history (self);
}

void
dd_offer_editor_focus_field (DdOfferEditor *self,
                             DdOfferField   field)
{
  FieldWidgets *widgets;

  g_return_if_fail (DD_IS_OFFER_EDITOR (self));

  widgets = field_widgets (self, field);
  if (widgets != NULL && self->offer != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (widgets->row));
}

const char *
dd_offer_editor_get_field_error (DdOfferEditor *self,
                                 DdOfferField   field)
{
  FieldWidgets *widgets;

  g_return_val_if_fail (DD_IS_OFFER_EDITOR (self), NULL);

  widgets = field_widgets (self, field);
  if (widgets == NULL || !gtk_widget_get_visible (GTK_WIDGET (widgets->error)))
    return NULL;
  return gtk_label_get_text (widgets->error);
}

void
dd_offer_editor_link_chat_message (DdOfferEditor *self,
                                   const char    *message_id,
                                   const char    *text)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (DD_IS_OFFER_EDITOR (self));

  g_free (self->chat_message_id);
  self->chat_message_id = g_strdup (message_id);
  gtk_widget_set_visible (GTK_WIDGET (self->chat_link_box), message_id != NULL);
  if (message_id == NULL)
    return;

  /* Translators: a chat message the next changes are made from */
  shown = g_strdup_printf (_("Changes are linked to the chat message “%s”"), text != NULL ? text : message_id);
  gtk_label_set_text (self->chat_link_label, shown);
}
