/* dd-offers-page.c — the Offers page: the drop's catalog as a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-offers-page.h"

typedef enum
{
  COLUMN_TITLE,
  COLUMN_STATE,
  COLUMN_PRICE,
  COLUMN_COMPARE_AT,
  COLUMN_STOCK,
  COLUMN_LATENCY,
  COLUMN_SYNC,
  N_COLUMNS
} Column;

struct _DdOffersPage
{
  DdPage              parent_instance;

  /* Template widgets */
  GtkLabel           *summary_label;
  GtkButton          *go_live_button;
  GtkColumnView      *column_view;
  GtkListItemFactory *factories[N_COLUMNS];

  GListModel         *offers;
  GtkSingleSelection *selection;
};

G_DEFINE_FINAL_TYPE (DdOffersPage, dd_offers_page, DD_TYPE_PAGE)

static const char *
sync_state_display_name (DdSyncState state)
{
  switch (state)
    {
    case DD_SYNC_STATE_SYNCED:
      return _("Synced");
    case DD_SYNC_STATE_PENDING:
      return _("Pending");
    case DD_SYNC_STATE_CONFLICTED:
      return _("Conflict");
    case DD_SYNC_STATE_REJECTED:
      return _("Rejected");
    default:
      return "";
    }
}

static gboolean
state_can_go_live (DdOfferState state)
{
  return state == DD_OFFER_STATE_DRAFT
         || state == DD_OFFER_STATE_SCHEDULED
         || state == DD_OFFER_STATE_PAUSED;
}

static Column
column_for_factory (DdOffersPage       *self,
                    GtkListItemFactory *factory)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    if (self->factories[i] == factory)
      return i;

  g_assert_not_reached ();
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
                                 dd_offers_page_can_go_live (self));

  if (!dd_offers_page_can_go_live (self))
    {
      g_autofree char *roles = dup_lifecycle_roles ();

      /* Translators: %s lists roles, e.g. "Producer, Ops lead" */
      tooltip = g_strdup_printf (_("Only these roles put offers live: %s"), roles);
    }
  else if (offer == NULL)
    tooltip = g_strdup (_("Select an offer to put it live"));
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
show_cell (GtkLabel *label)
{
  DdOffer *offer = g_object_get_data (G_OBJECT (label), "dd-offer");
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), "dd-column"));
  g_autofree char *text = NULL;

  if (offer == NULL)
    {
      gtk_label_set_text (label, "");
      return;
    }

  text = dd_offers_page_dup_cell_text (offer, column);
  gtk_label_set_text (label, text);

  if (column == COLUMN_SYNC)
    {
      DdSyncState state = dd_offer_get_sync_state (offer);

      if (state == DD_SYNC_STATE_CONFLICTED || state == DD_SYNC_STATE_REJECTED)
        gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
    }
}

static void
offer_notify_cb (DdOffer    *offer,
                 GParamSpec *pspec,
                 GtkLabel   *label)
{
  show_cell (label);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               DdOffersPage             *self)
{
  Column column = column_for_factory (self, GTK_LIST_ITEM_FACTORY (factory));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Titles may shorten; figures never do (the table scrolls instead). */
  if (column == COLUMN_TITLE)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
    }
  if (column == COLUMN_PRICE || column == COLUMN_COMPARE_AT || column == COLUMN_STOCK)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  if (column == COLUMN_COMPARE_AT)
    gtk_widget_add_css_class (label, "dim-label");
  g_object_set_data (G_OBJECT (label), "dd-column", GUINT_TO_POINTER (column));
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              DdOffersPage             *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  DdOffer *offer = gtk_list_item_get_item (item);

  g_object_set_data_full (G_OBJECT (label), "dd-offer", g_object_ref (offer), g_object_unref);
  g_signal_connect_object (offer, "notify", G_CALLBACK (offer_notify_cb), label, 0);
  show_cell (GTK_LABEL (label));
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                DdOffersPage             *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  DdOffer *offer = g_object_get_data (G_OBJECT (label), "dd-offer");

  if (offer != NULL)
    g_signal_handlers_disconnect_by_func (offer, offer_notify_cb, label);
  g_object_set_data (G_OBJECT (label), "dd-offer", NULL);
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
  update_go_live (self);
}

static void
go_live_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DdOffersPage *self = DD_OFFERS_PAGE (widget);
  DdOffer *offer = get_selected_offer (self);
  g_autofree char *message = NULL;

  if (!dd_offers_page_can_go_live (self))
    return;

  if (offer == NULL || !state_can_go_live (dd_offer_get_state (offer)))
    {
      dd_page_show_toast (DD_PAGE (self), _("Select a draft, scheduled or paused offer to put it live"));
      return;
    }

  /* The lifecycle change goes through the offer editor and its ledger,
   * which a later release brings; until then say so plainly. */
  message = g_strdup_printf (_("“%s” goes live from the offer editor, which is not available yet"),
                             dd_offer_get_title (offer));
  dd_page_show_toast (DD_PAGE (self), message);
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
    }

  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  update_summary (self);
  update_go_live (self);
}

static void
dd_offers_page_role_changed (DdPage *page)
{
  update_go_live (DD_OFFERS_PAGE (page));
}

static void
dd_offers_page_dispose (GObject *object)
{
  DdOffersPage *self = DD_OFFERS_PAGE (object);

  disconnect_offers (self);
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
  gtk_widget_class_bind_template_callback (widget_class, cell_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_unbind_cb);

  gtk_widget_class_install_action (widget_class, "offers.go-live", NULL, go_live_activated);
}

static void
dd_offers_page_init (DdOffersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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

char *
dd_offers_page_dup_cell_text (DdOffer *offer,
                              guint    column)
{
  const DdMoney *money;

  g_return_val_if_fail (DD_IS_OFFER (offer), NULL);

  switch ((Column) column)
    {
    case COLUMN_TITLE:
      if (dd_offer_is_bundle (offer))
        /* Translators: an offer title marked as a bundle */
        return g_strdup_printf (_("%s (bundle)"), dd_offer_get_title (offer));
      return g_strdup (dd_offer_get_title (offer));

    case COLUMN_STATE:
      return g_strdup (dd_offer_state_get_display_name (dd_offer_get_state (offer)));

    case COLUMN_PRICE:
      money = dd_offer_get_price (offer);
      return money != NULL ? dd_money_format (money) : g_strdup ("—");

    case COLUMN_COMPARE_AT:
      money = dd_offer_get_compare_at_price (offer);
      return money != NULL ? dd_money_format (money) : g_strdup ("—");

    case COLUMN_STOCK:
      {
        guint allocated = dd_offer_get_stock_allocated (offer);
        guint sold = dd_offer_get_units_sold (offer);

        /* Translators: units left of the units allocated to an offer */
        return g_strdup_printf (_("%u of %u left"), allocated > sold ? allocated - sold : 0, allocated);
      }

    case COLUMN_LATENCY:
      return g_strdup (dd_latency_bucket_get_display_name (dd_offer_get_latency_bucket (offer)));

    case COLUMN_SYNC:
      return g_strdup (sync_state_display_name (dd_offer_get_sync_state (offer)));

    case N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}
