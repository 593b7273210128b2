/* dd-offers-page-gone.c — the Offers page keeps "Removed in Medusa" current
 *
 * A sync (Sync Now, or dropdeckctl beside the app) may find products
 * deleted in the commerce engine while the drop is open: every few seconds
 * the page reads which offers the store has marked gone and marks (or
 * unmarks) them in the list, so the sync column and the editor follow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-offers-page-private.h"
#include "dd-store-commerce.h"

#define GONE_POLL_SECONDS 5

static void
gone_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DdOffersPage) self = user_data;
  g_autoptr(GPtrArray) gone = dd_store_load_finish (DD_STORE (object), result, NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint n;

  if (gone == NULL || self->offers == NULL)
    return;
  for (guint i = 0; i < gone->len; i++)
    g_hash_table_add (ids, g_ptr_array_index (gone, i));

  n = g_list_model_get_n_items (self->offers);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (self->offers, i);

      dd_offer_set_remote_gone (offer, g_hash_table_contains (ids, dd_offer_get_id (offer)));
    }
}

static gboolean
gone_poll_cb (gpointer user_data)
{
  _dd_offers_page_refresh_gone (user_data);
  return G_SOURCE_CONTINUE;
}

void
_dd_offers_page_refresh_gone (DdOffersPage *self)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  DdStore *store = session != NULL ? dd_drop_session_get_store (session) : NULL;

  if (store == NULL || self->offers == NULL)
    return;
  if (self->gone_cancellable == NULL)
    self->gone_cancellable = g_cancellable_new ();
  dd_store_list_gone_offers_async (store, self->gone_cancellable, gone_listed_cb, g_object_ref (self));
}

void
_dd_offers_page_watch_gone (DdOffersPage *self,
                            gboolean      watch)
{
  g_cancellable_cancel (self->gone_cancellable);
  g_clear_object (&self->gone_cancellable);
  g_clear_handle_id (&self->gone_source, g_source_remove);
  if (watch)
    self->gone_source = g_timeout_add_seconds (GONE_POLL_SECONDS, gone_poll_cb, self);
}
