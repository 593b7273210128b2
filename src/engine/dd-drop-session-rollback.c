/* dd-drop-session-rollback.c — the rollback triggers of a running drop
 *
 * Every SAMPLE_SECONDS while the drop runs, the session measures the live
 * signals it has a source for (the flagged share of the chat since the
 * last sample, the pick backlog of the busiest hub) and feeds them to its
 * DdRollbackDesk, which writes firings to the ledger and carries out their
 * actions. The desk's alerts (a firing, an offer it paused, the Engineer
 * on-call paged, checkout recovered) go into the wall (the Squad filter)
 * and the Drop page's alerts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-drop-session-private.h"

#define SAMPLE_SECONDS 2

/* The units waiting to be picked at the busiest hub. */
static gint64
busiest_hub_backlog (GListModel *levels)
{
  g_autoptr(GHashTable) by_hub = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (levels);
  gint64 busiest = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (levels, i);
      const char *hub = dd_stock_level_get_hub_id (level);
      gint64 backlog = GPOINTER_TO_SIZE (g_hash_table_lookup (by_hub, hub))
                       + dd_stock_level_get_reserved (level);

      g_hash_table_insert (by_hub, (gpointer) hub, GSIZE_TO_POINTER (backlog));
      busiest = MAX (busiest, backlog);
    }
  return busiest;
}

static gboolean
sample_cb (gpointer user_data)
{
  DdDropSession *self = user_data;
  gint64 now = g_get_real_time ();

  if (!self->running)
    {
      self->rollback_received = self->messages_received;
      self->rollback_flagged = self->messages_flagged;
      return G_SOURCE_CONTINUE;
    }

  if (self->messages_received > self->rollback_received)
    dd_rollback_desk_observe (self->rollback, DD_LIVE_SIGNAL_FLAGGED_CHAT_RATE, now,
                              (double) (self->messages_flagged - self->rollback_flagged)
                              / (self->messages_received - self->rollback_received));
  if (g_list_model_get_n_items (G_LIST_MODEL (self->stock)) > 0)
    dd_rollback_desk_observe (self->rollback, DD_LIVE_SIGNAL_HUB_BACKLOG, now,
                              busiest_hub_backlog (G_LIST_MODEL (self->stock)));
  self->rollback_received = self->messages_received;
  self->rollback_flagged = self->messages_flagged;

  return G_SOURCE_CONTINUE;
}

static void
rollback_alert_cb (DdRollbackDesk *desk,
                   const char     *text,
                   DdDropSession  *self)
{
  _dd_drop_session_wall_alert (self, text);
}

void
_dd_drop_session_attach_rollback (DdDropSession *self)
{
  self->rollback = dd_rollback_desk_new (G_LIST_MODEL (self->offers));
  g_signal_connect_object (self->rollback, "alert", G_CALLBACK (rollback_alert_cb), self, 0);
  self->rollback_sample_id = g_timeout_add_seconds (SAMPLE_SECONDS, sample_cb, self);
}

DdRollbackDesk *
dd_drop_session_get_rollback_desk (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return self->rollback;
}
