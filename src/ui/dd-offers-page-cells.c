/* dd-offers-page-cells.c — the cells of the Offers page's table: what each
 * column says of an offer, kept up to date while its row is shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-offer-format.h"
#include "dd-offers-page-private.h"

static Column
column_for_factory (DdOffersPage       *self,
                    GtkListItemFactory *factory)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    if (self->factories[i] == factory)
      return i;

  g_assert_not_reached ();
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
  if (column == COLUMN_STATE)
    {
      DdOfferEditing *editing = g_object_get_data (G_OBJECT (label), "dd-editing");
      gboolean pending = editing != NULL && dd_offer_editing_get_approval (editing, dd_offer_get_id (offer)) != NULL;

      if (pending)
        {
          /* Translators: an offer's state with a price drop waiting for a second member */
          char *marked = g_strdup_printf (_("%s · approval pending"), text);

          g_free (text);
          text = marked;
          gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
        }
      else
        gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
    }
  gtk_label_set_text (label, text);

  if (column == COLUMN_SYNC)
    {
      DdSyncState state = dd_offer_get_sync_state (offer);

      if (state == DD_SYNC_STATE_CONFLICTED || state == DD_SYNC_STATE_REJECTED ||
          dd_offer_get_remote_gone (offer))
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

void
_dd_offers_page_cell_setup_cb (GtkSignalListItemFactory *factory,
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

void
_dd_offers_page_cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              DdOffersPage             *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  DdOffer *offer = gtk_list_item_get_item (item);

  g_object_set_data_full (G_OBJECT (label), "dd-offer", g_object_ref (offer), g_object_unref);
  g_signal_connect_object (offer, "notify", G_CALLBACK (offer_notify_cb), label, 0);
  /* The state cell also tells of a price drop waiting for approval. */
  if (column_for_factory (self, GTK_LIST_ITEM_FACTORY (factory)) == COLUMN_STATE && self->editing != NULL)
    {
      g_object_set_data_full (G_OBJECT (label), "dd-editing", g_object_ref (self->editing), g_object_unref);
      g_signal_connect_object (self->editing, "changed", G_CALLBACK (show_cell), label, G_CONNECT_SWAPPED);
    }
  show_cell (GTK_LABEL (label));
}

void
_dd_offers_page_cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                DdOffersPage             *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  DdOffer *offer = g_object_get_data (G_OBJECT (label), "dd-offer");
  DdOfferEditing *editing = g_object_get_data (G_OBJECT (label), "dd-editing");

  if (offer != NULL)
    g_signal_handlers_disconnect_by_func (offer, offer_notify_cb, label);
  if (editing != NULL)
    g_signal_handlers_disconnect_by_func (editing, show_cell, label);
  g_object_set_data (G_OBJECT (label), "dd-offer", NULL);
  g_object_set_data (G_OBJECT (label), "dd-editing", NULL);
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
      return g_strdup (dd_offer_format_sync (offer));

    case N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}
