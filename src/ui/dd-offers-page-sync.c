/* dd-offers-page-sync.c — the Offers page keeps its sync column current
 *
 * The sync engine (Sync Now, or dropdeckctl beside the app) sends edits,
 * meets conflicts and finds products deleted in the commerce engine while
 * the drop is open. The page reads the sync state and gone mark of the
 * offers that are not simply synced in one store query (on the store's
 * thread) whenever the outbox may have changed — the window calls
 * dd_offers_page_refresh_sync() when the header's outbox summary changes,
 * the page after each change of its own — and every few seconds for
 * deletions found by a reconciliation, which leave the outbox alone. Only
 * offers whose state differs are set, so only their rows redraw.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-offers-page-private.h"
#include "dd-store-commerce.h"

#define SYNC_POLL_SECONDS 5

static void read_sync (DdOffersPage *self);

static void
sync_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DdOffersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) marks = dd_store_load_finish (DD_STORE (object), result, &error);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->sync_reading = FALSE;
  if (error != NULL)
    g_debug ("Could not read the offers’ sync states: %s", error->message);
  if (marks != NULL && self->offers != NULL)
    {
      for (guint i = 0; i < marks->len; i++)
        {
          DdOfferSyncMark *mark = g_ptr_array_index (marks, i);

          g_hash_table_insert (by_id, mark->offer_id, mark);
        }

      /* The setters notify only on a change: other rows stay as they are. */
      n = g_list_model_get_n_items (self->offers);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(DdOffer) offer = g_list_model_get_item (self->offers, i);
          DdOfferSyncMark *mark = g_hash_table_lookup (by_id, dd_offer_get_id (offer));

          dd_offer_set_sync_state (offer, mark != NULL ? mark->sync_state : DD_SYNC_STATE_SYNCED);
          dd_offer_set_remote_gone (offer, mark != NULL && mark->gone);
        }
    }
  if (self->sync_again)
    read_sync (self);
}

static void
read_sync (DdOffersPage *self)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  DdStore *store = session != NULL ? dd_drop_session_get_store (session) : NULL;

  self->sync_again = FALSE;
  if (store == NULL || self->offers == NULL)
    return;
  if (self->sync_cancellable == NULL)
    self->sync_cancellable = g_cancellable_new ();
  self->sync_reading = TRUE;
  dd_store_list_offer_sync_async (store, self->sync_cancellable, sync_listed_cb, g_object_ref (self));
}

static gboolean
sync_poll_cb (gpointer user_data)
{
  dd_offers_page_refresh_sync (user_data);
  return G_SOURCE_CONTINUE;
}

/**
 * dd_offers_page_refresh_sync:
 * @self: the page
 *
 * Reads the offers' sync states again, for a change of the outbox made
 * elsewhere (a flush, a pull, a resolved conflict). A call while a read
 * runs reads once more after it, never twice at once.
 */
void
dd_offers_page_refresh_sync (DdOffersPage *self)
{
  g_return_if_fail (DD_IS_OFFERS_PAGE (self));

  if (self->sync_reading)
    self->sync_again = TRUE;
  else
    read_sync (self);
}

void
_dd_offers_page_watch_sync (DdOffersPage *self,
                            gboolean      watch)
{
  g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  g_clear_handle_id (&self->sync_source, g_source_remove);
  self->sync_reading = FALSE;
  self->sync_again = FALSE;
  if (watch)
    self->sync_source = g_timeout_add_seconds (SYNC_POLL_SECONDS, sync_poll_cb, self);
}
