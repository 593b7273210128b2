/* dd-drop-session-rollback.c — the rollback triggers of a running drop
 *
 * Every SAMPLE_SECONDS while the drop runs, the session measures the live
 * signals it has a source for (the flagged share of the chat since the
 * last sample, the pick backlog of the busiest hub, the age of the oldest
 * unsent edit in the outbox when edits are synced, the error rate of the
 * latest checkout probes) and feeds them to its DdRollbackDesk, which writes firings to the ledger and carries out their
 * actions. The desk's alerts (a firing, an offer it paused, the Engineer
 * on-call paged, checkout recovered) go into the wall (the Squad filter)
 * and the Drop page's alerts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-drop-session-private.h"
#include "dd-store-sync-outbox.h"

#define SAMPLE_SECONDS 2
/* How long a preflight's checkout error rate stays the live reading. */
#define CHECKOUT_READING_US (10 * 60 * G_USEC_PER_SEC)

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

static void
outbox_summarized_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DdDropSession) self = user_data;
  g_autoptr(DdOutboxSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  self->sync_lag_asked = FALSE;
  summary = dd_store_summarize_outbox_finish (DD_STORE (source), result, &error);
  if (summary == NULL)
    {
      g_debug ("No sync-lag reading: %s", error->message);
      return;
    }
  if (!self->running || !self->measures_sync_lag || self->rollback == NULL)
    return;
  dd_rollback_desk_observe (self->rollback, DD_LIVE_SIGNAL_SYNC_LAG, now,
                            summary->oldest_pending_at > 0
                            ? MAX (0, now - summary->oldest_pending_at) / (double) G_USEC_PER_SEC : 0);
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
  if (self->checkout_reading_until > now)
    dd_rollback_desk_observe (self->rollback, DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE, now, self->checkout_error_rate);
  if (self->measures_sync_lag && !self->sync_lag_asked && self->store != NULL)
    {
      self->sync_lag_asked = TRUE;
      dd_store_summarize_outbox_async (self->store, NULL, outbox_summarized_cb, g_object_ref (self));
    }
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

void
dd_drop_session_set_measures_sync_lag (DdDropSession *self,
                                       gboolean       measures)
{
  g_return_if_fail (DD_IS_DROP_SESSION (self));

  self->measures_sync_lag = !!measures;
}

void
dd_drop_session_observe_checkout_probes (DdDropSession *self,
                                         JsonObject    *preflight_report)
{
  JsonObject *checkout;
  gint64 now = g_get_real_time ();

  g_return_if_fail (DD_IS_DROP_SESSION (self));
  g_return_if_fail (preflight_report != NULL);

  if (!json_object_has_member (preflight_report, "checkout"))
    return;
  checkout = json_object_get_object_member (preflight_report, "checkout");
  if (checkout == NULL
      || json_object_get_int_member_with_default (checkout, "count", 0)
         + json_object_get_int_member_with_default (checkout, "errors", 0) == 0)
    return;
  self->checkout_error_rate = json_object_get_double_member_with_default (checkout, "error_rate", 0);
  self->checkout_reading_until = now + CHECKOUT_READING_US;
  if (self->running && self->rollback != NULL)
    dd_rollback_desk_observe (self->rollback, DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE, now, self->checkout_error_rate);
}
