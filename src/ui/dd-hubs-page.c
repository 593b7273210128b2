/* dd-hubs-page.c — the Hubs page: micro-hubs with capacity and stock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-burn-down-chart.h"
#include "dd-hub-map.h"
#include "dd-hub-row.h"
#include "dd-hubs-page.h"

#define REFRESH_SECONDS 1

typedef struct
{
  gint64 on_hand;
  gint64 reserved;
} StockSum;

struct _DdHubsPage
{
  DdPage      parent_instance;

  /* Template widgets */
  GtkLabel   *summary_label;
  DdHubMap   *hub_map;
  DdBurnDownChart *burn_down_chart;
  GtkListBox *hubs_list;

  GListModel *hubs;
  GListModel *stock;
  GListModel *orders;
  guint       refresh_id;
};

G_DEFINE_FINAL_TYPE (DdHubsPage, dd_hubs_page, DD_TYPE_PAGE)

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  return dd_hub_row_new (DD_HUB (item));
}

static void
update_summary (DdHubsPage *self)
{
  guint n = self->hubs != NULL ? g_list_model_get_n_items (self->hubs) : 0;
  guint open = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdHub) hub = g_list_model_get_item (self->hubs, i);

      if (dd_hub_get_open (hub))
        open++;
    }

  /* Translators: "5 hubs, 4 open" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hub, %u open", "%u hubs, %u open", n),
                          n, open);
  gtk_label_set_text (self->summary_label, text);
}

static void
models_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   DdHubsPage *self)
{
  dd_hubs_page_refresh_stock (self);
  update_summary (self);
}

static gboolean
refresh_cb (gpointer user_data)
{
  dd_hubs_page_refresh_stock (user_data);

  return G_SOURCE_CONTINUE;
}

static void
disconnect_models (DdHubsPage *self)
{
  GListModel **models[] = { &self->hubs, &self->stock, &self->orders };

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      if (*models[i] != NULL)
        g_signal_handlers_disconnect_by_data (*models[i], self);
      g_clear_object (models[i]);
    }
}

static void
dd_hubs_page_session_changed (DdPage *page)
{
  DdHubsPage *self = DD_HUBS_PAGE (page);
  DdDropSession *session = dd_page_get_session (page);

  disconnect_models (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (session != NULL)
    {
      self->hubs = g_object_ref (dd_drop_session_get_hubs (session));
      self->stock = g_object_ref (dd_drop_session_get_stock (session));
      self->orders = g_object_ref (dd_drop_session_get_orders (session));
      g_signal_connect_object (self->hubs, "items-changed", G_CALLBACK (models_changed_cb), self, 0);
      g_signal_connect_object (self->stock, "items-changed", G_CALLBACK (models_changed_cb), self, 0);
      g_signal_connect_object (self->orders, "items-changed", G_CALLBACK (models_changed_cb), self, 0);
      /* Stock levels may change in place as orders land. */
      self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
    }

  gtk_list_box_bind_model (self->hubs_list, self->hubs, create_row_cb, self, NULL);
  dd_hub_map_set_models (self->hub_map, self->hubs, self->orders);
  dd_burn_down_chart_set_session (self->burn_down_chart, session);
  dd_hubs_page_refresh_stock (self);
  update_summary (self);
}

static void
dd_hubs_page_dispose (GObject *object)
{
  DdHubsPage *self = DD_HUBS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->hubs_list != NULL)
    gtk_list_box_bind_model (self->hubs_list, NULL, NULL, NULL, NULL);
  if (self->hub_map != NULL)
    dd_hub_map_set_models (self->hub_map, NULL, NULL);
  if (self->burn_down_chart != NULL)
    dd_burn_down_chart_set_session (self->burn_down_chart, NULL);
  disconnect_models (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_HUBS_PAGE);

  G_OBJECT_CLASS (dd_hubs_page_parent_class)->dispose (object);
}

static void
dd_hubs_page_class_init (DdHubsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DdPageClass *page_class = DD_PAGE_CLASS (klass);

  object_class->dispose = dd_hubs_page_dispose;
  page_class->session_changed = dd_hubs_page_session_changed;

  g_type_ensure (DD_TYPE_HUB_MAP);
  g_type_ensure (DD_TYPE_BURN_DOWN_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-hubs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdHubsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DdHubsPage, hub_map);
  gtk_widget_class_bind_template_child (widget_class, DdHubsPage, burn_down_chart);
  gtk_widget_class_bind_template_child (widget_class, DdHubsPage, hubs_list);
}

static void
dd_hubs_page_init (DdHubsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_summary (self);
}

GtkWidget *
dd_hubs_page_new (void)
{
  return g_object_new (DD_TYPE_HUBS_PAGE, NULL);
}

void
dd_hubs_page_refresh_stock (DdHubsPage *self)
{
  g_autoptr(GHashTable) sums = NULL;
  GtkListBoxRow *row;
  guint n;

  g_return_if_fail (DD_IS_HUBS_PAGE (self));

  sums = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  n = self->stock != NULL ? g_list_model_get_n_items (self->stock) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (self->stock, i);
      const char *hub_id = dd_stock_level_get_hub_id (level);
      StockSum *sum = g_hash_table_lookup (sums, hub_id);

      if (sum == NULL)
        {
          sum = g_new0 (StockSum, 1);
          g_hash_table_insert (sums, (gpointer) hub_id, sum);
        }
      sum->on_hand += dd_stock_level_get_on_hand (level);
      sum->reserved += dd_stock_level_get_reserved (level);
    }

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->hubs_list, i)) != NULL; i++)
    {
      DdHub *hub;
      StockSum *sum;

      if (!DD_IS_HUB_ROW (row))
        continue;

      hub = dd_hub_row_get_hub (DD_HUB_ROW (row));
      sum = g_hash_table_lookup (sums, dd_hub_get_id (hub));
      dd_hub_row_set_stock (DD_HUB_ROW (row),
                            sum != NULL ? sum->on_hand : 0,
                            sum != NULL ? sum->reserved : 0);
    }

  if (self->hubs != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (self->hubs); i++)
      {
        g_autoptr(DdHub) hub = g_list_model_get_item (self->hubs, i);
        StockSum *sum = g_hash_table_lookup (sums, dd_hub_get_id (hub));
        gint64 on_hand = sum != NULL ? MAX (sum->on_hand, 0) : 0;
        gint64 reserved = sum != NULL ? CLAMP (sum->reserved, 0, on_hand) : 0;

        dd_hub_map_set_stock (self->hub_map, dd_hub_get_id (hub), on_hand - reserved, on_hand);
      }
}
