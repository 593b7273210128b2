/* dd-offers-page-private.h — what the Offers page's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-offer-editor.h"
#include "dd-offers-page.h"

G_BEGIN_DECLS

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
  GtkButton          *undo_button;
  GtkWidget          *ledger_warning;
  GtkLabel           *ledger_warning_label;
  GtkColumnView      *column_view;
  DdOfferEditor      *editor;
  GtkListItemFactory *factories[N_COLUMNS];

  GListModel         *offers;
  GtkSingleSelection *selection;
  DdOfferEditing     *editing;
  GSettings          *settings;
  char               *actor;
  GCancellable       *verify_cancellable;
  guint               verify_source;
  gboolean            ledger_checked;
  GCancellable       *sync_cancellable;
  guint               sync_source;
  gboolean            sync_reading;
  gboolean            sync_again;
};

/* A toast on the page; `undoable` offers Undo (dd-offers-page.c). */
void _dd_offers_page_show_toast         (DdOffersPage             *self,
                                         const char               *message,
                                         gboolean                  undoable);

/* The table's cells, one label each (dd-offers-page-cells.c). */
void _dd_offers_page_cell_setup_cb      (GtkSignalListItemFactory *factory,
                                         GtkListItem              *item,
                                         DdOffersPage             *self);
void _dd_offers_page_cell_bind_cb       (GtkSignalListItemFactory *factory,
                                         GtkListItem              *item,
                                         DdOffersPage             *self);
void _dd_offers_page_cell_unbind_cb     (GtkSignalListItemFactory *factory,
                                         GtkListItem              *item,
                                         DdOffersPage             *self);

/* The ledger: its check when a drop opens, and its export
 * (dd-offers-page-ledger.c). */
void _dd_offers_page_verify_ledger      (DdOffersPage             *self);
void _dd_offers_page_export_activated   (GtkWidget                *widget,
                                         const char               *action_name,
                                         GVariant                 *parameter);

/* The sync column: each offer's sync state and gone mark, read again from
 * the store by dd_offers_page_refresh_sync() and every few seconds while
 * `watch` (dd-offers-page-sync.c). */
void _dd_offers_page_watch_sync         (DdOffersPage             *self,
                                         gboolean                  watch);

G_END_DECLS
