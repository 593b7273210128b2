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
#include "dd-move-row.h"

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
  GtkListBox *moves_list;
  GtkLabel   *moves_placeholder;
  GtkRevealer *guard_revealer;
  GtkLabel   *guard_label;
  GtkWidget  *cache_button;
  GtkProgressBar *cache_progress;
  GtkLabel   *cache_status;
  GtkWidget  *cache_cancel_button;
  GCancellable *cache_cancellable;

  GListModel *hubs;
  GListModel *stock;
  GListModel *orders;
  guint       refresh_id;
  DdDropSession *session;   /* whose "oversell" signal is connected */
};

G_DEFINE_FINAL_TYPE (DdHubsPage, dd_hubs_page, DD_TYPE_PAGE)

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  return dd_hub_row_new (DD_HUB (item));
}

static DdStockLevel *
find_level (DdHubsPage *self,
            const char *hub_id,
            const char *sku)
{
  guint n = self->stock != NULL ? g_list_model_get_n_items (self->stock) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (self->stock, i);

      if (g_strcmp0 (dd_stock_level_get_hub_id (level), hub_id) == 0 &&
          g_strcmp0 (dd_stock_level_get_sku (level), sku) == 0)
        return level;  /* the model keeps it */
    }

  return NULL;
}

static void
move_accepted_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DdHubsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_drop_session_accept_move_finish (DD_DROP_SESSION (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The move was not made: %s"), error->message);

      dd_page_show_toast (DD_PAGE (self), text);
    }
}

/* The Accept and Reject buttons of a suggested move. */
static void
move_decided (DdHubsPage *self,
              DdMoveRow  *row,
              gboolean    accept)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  DdRole role = dd_page_get_role (DD_PAGE (self));
  g_autofree char *actor = NULL;

  if (session == NULL)
    return;
  actor = dd_page_dup_actor (DD_PAGE (self));
  if (accept)
    dd_drop_session_accept_move_async (session, dd_move_row_get_move (row), actor, role, NULL,
                                       move_accepted_cb, g_object_ref (self));
  else
    dd_drop_session_reject_move (session, dd_move_row_get_move (row), actor, role);
}

static void
move_accept_cb (DdMoveRow  *row,
                DdHubsPage *self)
{
  move_decided (self, row, TRUE);
}

static void
move_reject_cb (DdMoveRow  *row,
                DdHubsPage *self)
{
  move_decided (self, row, FALSE);
}

static GtkWidget *
create_move_row_cb (gpointer item,
                    gpointer user_data)
{
  DdHubsPage *self = user_data;
  DdMoveSuggestion *move = DD_MOVE_SUGGESTION (item);
  GtkWidget *row;

  row = dd_move_row_new (move,
                         find_level (self, dd_move_suggestion_get_from_hub_id (move), dd_move_suggestion_get_sku (move)),
                         find_level (self, dd_move_suggestion_get_to_hub_id (move), dd_move_suggestion_get_sku (move)));
  g_signal_connect_object (row, "accept", G_CALLBACK (move_accept_cb), self, 0);
  g_signal_connect_object (row, "reject", G_CALLBACK (move_reject_cb), self, 0);

  return row;
}

static void
suggest_clicked_cb (DdHubsPage *self)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  g_autoptr(GError) error = NULL;

  if (session == NULL)
    return;
  if (dd_drop_session_suggest_moves (session, &error) == 0)
    gtk_label_set_text (self->moves_placeholder,
                        error != NULL ? error->message
                                      : _("No move would help now: every hub holds what its area is forecast to order"));
}

static void
guard_dismiss_clicked_cb (DdHubsPage *self)
{
  gtk_revealer_set_reveal_child (self->guard_revealer, FALSE);
}

/* The guard capped or paused an offer: a banner here and a desktop
 * notification for the Ops lead, who may be on another page or app. */
static void
oversell_cb (DdDropSession *session,
             DdOffer       *offer,
             const char    *reason,
             DdHubsPage    *self)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *text = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  /* Translators: "Heavyweight Box Tee, White, M: Paused: no units of HT01-WHT-M left at Mitte" */
  text = g_strdup_printf (_("%s: %s"), dd_offer_get_title (offer), reason);
  gtk_label_set_text (self->guard_label, text);
  gtk_revealer_set_reveal_child (self->guard_revealer, TRUE);

  if (app != NULL)
    {
      notification = g_notification_new (dd_offer_get_state (offer) == DD_OFFER_STATE_PAUSED
                                         ? _("Offer paused by the oversell guard")
                                         : _("Offer capped by the oversell guard"));
      g_notification_set_body (notification, text);
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
      g_application_send_notification (G_APPLICATION (app), "oversell-guard", notification);
    }
}

static void
show_caching (DdHubsPage *self,
              gboolean    running)
{
  gtk_widget_set_sensitive (self->cache_button, !running);
  gtk_widget_set_visible (GTK_WIDGET (self->cache_progress), running);
  gtk_widget_set_visible (self->cache_cancel_button, running);
  gtk_widget_set_visible (GTK_WIDGET (self->cache_status), !running);
}

static void
cache_progress_cb (guint    done,
                   guint    total,
                   guint    failed,
                   gpointer user_data)
{
  DdHubsPage *self = user_data;
  g_autofree char *text = NULL;

  /* Translators: progress of caching the venue's map tiles: "120 of 540 tiles" */
  text = g_strdup_printf (_("%u of %u tiles"), done, total);
  gtk_progress_bar_set_fraction (self->cache_progress, total > 0 ? (double) done / total : 1.0);
  gtk_progress_bar_set_text (self->cache_progress, text);
}

static void
cached_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DdHubsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint fetched = 0, failed = 0;

  if (dd_tile_prefetch_finish (DD_TILE_DOWNLOADER (source), result, &fetched, &failed, &error))
    {
      if (failed == 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u map tile of the venue area is cached for offline use",
                                             "%u map tiles of the venue area are cached for offline use", fetched),
                                fetched);
      else
        /* Translators: "480 map tiles cached, 60 could not be loaded" */
        text = g_strdup_printf (_("%u map tiles cached, %u could not be loaded"), fetched, failed);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    text = g_strdup_printf (_("Stopped: %u map tiles cached"), fetched);
  else
    text = g_strdup (error->message);

  g_clear_object (&self->cache_cancellable);
  if (self->cache_status == NULL)
    return;   /* disposed meanwhile */
  gtk_label_set_text (self->cache_status, text);
  show_caching (self, FALSE);
}

static void
cache_clicked_cb (DdHubsPage *self)
{
  DdTileDownloader *downloader = dd_hub_map_get_downloader (self->hub_map);
  DdGeoBox box;

  if (downloader == NULL || !dd_hub_map_get_venue_area (self->hub_map, &box))
    {
      gtk_label_set_text (self->cache_status, downloader == NULL
                          ? _("The map is set to draw schematically: there are no tiles to cache")
                          : _("This drop has no hubs: there is no area to cache"));
      return;
    }

  self->cache_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->cache_progress, 0);
  show_caching (self, TRUE);
  dd_tile_prefetch_async (downloader, &box, DD_TILE_PREFETCH_MIN_ZOOM, DD_TILE_PREFETCH_MAX_ZOOM,
                          DD_TILE_PREFETCH_MAX_TILES, cache_progress_cb, self, self->cache_cancellable,
                          cached_cb, g_object_ref (self));
}

static void
heat_toggled_cb (DdHubsPage      *self,
                 GtkToggleButton *button)
{
  dd_hub_map_set_order_heat (self->hub_map, gtk_toggle_button_get_active (button));
}

static void
cache_cancel_clicked_cb (DdHubsPage *self)
{
  g_cancellable_cancel (self->cache_cancellable);
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
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  gtk_revealer_set_reveal_child (self->guard_revealer, FALSE);

  if (session != NULL)
    {
      g_signal_connect_object (session, "oversell", G_CALLBACK (oversell_cb), self, 0);
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
  gtk_list_box_bind_model (self->moves_list,
                           session != NULL ? dd_drop_session_get_move_suggestions (session) : NULL,
                           create_move_row_cb, self, NULL);
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
  g_cancellable_cancel (self->cache_cancellable);
  if (self->hubs_list != NULL)
    gtk_list_box_bind_model (self->hubs_list, NULL, NULL, NULL, NULL);
  if (self->moves_list != NULL)
    gtk_list_box_bind_model (self->moves_list, NULL, NULL, NULL, NULL);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
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
  gtk_widget_class_bind_template_child (widget_class, DdHubsPage, moves_list);
  gtk_widget_class_bind_template_child (widget_class, DdHubsPage, moves_placeholder);
  gtk_widget_class_bind_template_child (widget_class, DdHubsPage, guard_revealer);
  gtk_widget_class_bind_template_child (widget_class, DdHubsPage, guard_label);
  gtk_widget_class_bind_template_child (widget_class, DdHubsPage, cache_button);
  gtk_widget_class_bind_template_child (widget_class, DdHubsPage, cache_progress);
  gtk_widget_class_bind_template_child (widget_class, DdHubsPage, cache_status);
  gtk_widget_class_bind_template_child (widget_class, DdHubsPage, cache_cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, suggest_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cache_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cache_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, heat_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, guard_dismiss_clicked_cb);
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
