/* dd-drop-session-fulfilment.c — a running drop's stock moves and oversell guard
 *
 * Predictive allocation: the planner (dd-allocation-planner.h) reads the
 * hubs, the stock, the orders of the last DEMAND_WINDOW_MINUTES and the
 * buyers who asked about an offer in the chat, and suggests moves; the Ops
 * lead accepts (one store transaction: both ends of the move, each with an
 * outbox entry and a ledger entry) or rejects them.
 *
 * Oversell guard: after each order of a live offer (and every few seconds
 * for every live offer), the offer's remaining
 * units (allocated to it and not yet sold) at the hubs that can keep its
 * delivery promise go through dd_oversell_guard_decide(); a cap lowers the
 * offer's stock and a pause stops it, both through DdOfferEditing (the
 * lifecycle table and the ledger, whose entry names the reason), and the
 * Ops lead gets an alert.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-drop-session-private.h"
#include "dd-offer-editing.h"
#include "dd-offer-match.h"
#include "dd-store-sync-outbox.h"

#define DEMAND_WINDOW_MINUTES  10
#define DEMAND_HORIZON_MINUTES 30
#define GUARD_ACTOR            N_("Oversell guard")
#define GUARD_SWEEP_SECONDS    5

static gboolean
order_is_waiting (DdOrder *order)
{
  DdOrderStatus status = dd_order_get_status (order);

  return status == DD_ORDER_STATUS_PLACED || status == DD_ORDER_STATUS_PICKING;
}

/* Orders waiting to be picked at a hub. */
static guint
hub_backlog (DdDropSession *self,
             const char    *hub_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->orders));
  guint backlog = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdOrder) order = g_list_model_get_item (G_LIST_MODEL (self->orders), i);

      if (order_is_waiting (order) && g_strcmp0 (dd_order_get_hub_id (order), hub_id) == 0)
        backlog++;
    }

  return backlog;
}

/* ---------- predictive allocation ---------- */

static char *
region_id (const char *hub_id)
{
  return g_strconcat ("near-", hub_id, NULL);
}

/* Buyers who asked about each live offer's SKU (size, availability or a
 * purchase) in the chat since `since_us`: sku -> count. */
static GHashTable *
count_intent (DdDropSession *self,
              gint64         since_us)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  GListModel *chat = G_LIST_MODEL (self->chat);
  guint n = g_list_model_get_n_items (chat);

  if (self->intent_classifier == NULL)
    self->intent_classifier = dd_classifier_new ();

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(DdChatMessage) message = g_list_model_get_item (chat, i - 1);
      DdIntent intent = dd_chat_message_get_intent (message);
      DdClassification c;
      DdOffer *offer;

      if (dd_chat_message_get_timestamp (message) < since_us)
        break;
      if (intent != DD_INTENT_SIZE && intent != DD_INTENT_AVAILABILITY && intent != DD_INTENT_PURCHASE)
        continue;

      dd_classifier_classify (self->intent_classifier, dd_chat_message_get_text (message), -1, &c);
      offer = dd_offer_match_text (G_LIST_MODEL (self->offers), dd_chat_message_get_text (message), &c);
      if (offer != NULL && dd_offer_get_state (offer) == DD_OFFER_STATE_LIVE)
        {
          const char *sku = dd_offer_get_sku (offer);

          g_hash_table_insert (counts, (gpointer) sku,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, sku)) + 1));
        }
    }

  return counts;
}

/* Fills the planner: every hub (with its backlog), one region around each
 * hub (orders carry no buyer address yet: they count where they were
 * placed), the live offers' SKUs with their stock, and the demand. */
static gboolean
fill_planner (DdDropSession       *self,
              DdAllocationPlanner *planner,
              gint64               now_us,
              GError             **error)
{
  gint64 since = now_us - (gint64) DEMAND_WINDOW_MINUTES * 60 * G_USEC_PER_SEC;
  g_autoptr(GHashTable) recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) recent_per_sku = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) skus = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) intent = count_intent (self, since);
  guint n_hubs = g_list_model_get_n_items (G_LIST_MODEL (self->hubs));
  guint n_offers = g_list_model_get_n_items (G_LIST_MODEL (self->offers));
  guint n_orders = g_list_model_get_n_items (G_LIST_MODEL (self->orders));
  guint n_stock = g_list_model_get_n_items (G_LIST_MODEL (self->stock));
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < n_hubs; i++)
    {
      g_autoptr(DdHub) hub = g_list_model_get_item (G_LIST_MODEL (self->hubs), i);
      g_autofree char *region = region_id (dd_hub_get_id (hub));

      if (!dd_allocation_planner_add_hub (planner, dd_hub_get_id (hub),
                                          dd_hub_get_latitude (hub), dd_hub_get_longitude (hub),
                                          dd_hub_get_capacity_per_hour (hub), dd_hub_get_couriers (hub),
                                          hub_backlog (self, dd_hub_get_id (hub)), dd_hub_get_open (hub),
                                          error) ||
          !dd_allocation_planner_add_region (planner, region,
                                             dd_hub_get_latitude (hub), dd_hub_get_longitude (hub),
                                             error))
        return FALSE;
    }

  for (guint i = 0; i < n_offers; i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (G_LIST_MODEL (self->offers), i);
      const char *sku = dd_offer_get_sku (offer);

      if (dd_offer_get_state (offer) != DD_OFFER_STATE_LIVE || dd_offer_get_n_components (offer) > 0 ||
          g_hash_table_contains (skus, sku))
        continue;
      if (!dd_allocation_planner_add_sku (planner, sku, error))
        return FALSE;
      g_hash_table_add (skus, (gpointer) sku);
    }

  for (guint i = 0; i < n_stock; i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (G_LIST_MODEL (self->stock), i);

      if (!g_hash_table_contains (skus, dd_stock_level_get_sku (level)))
        continue;
      if (!dd_allocation_planner_set_stock (planner, dd_stock_level_get_hub_id (level),
                                            dd_stock_level_get_sku (level),
                                            dd_stock_level_get_on_hand (level),
                                            dd_stock_level_get_reserved (level), error))
        return FALSE;
    }

  /* Orders are newest first: stop at the first one before the window. */
  for (guint i = 0; i < n_orders; i++)
    {
      g_autoptr(DdOrder) order = g_list_model_get_item (G_LIST_MODEL (self->orders), i);
      const char *sku = dd_order_get_sku (order);
      char *pair;
      guint count;

      if (dd_order_get_created_at (order) < since)
        break;
      if (!g_hash_table_contains (skus, sku))
        continue;
      pair = _dd_drop_session_level_key (dd_order_get_hub_id (order), sku);
      count = GPOINTER_TO_UINT (g_hash_table_lookup (recent, pair)) + dd_order_get_quantity (order);
      g_hash_table_replace (recent, pair, GUINT_TO_POINTER (count));
      count = GPOINTER_TO_UINT (g_hash_table_lookup (recent_per_sku, sku)) + dd_order_get_quantity (order);
      g_hash_table_replace (recent_per_sku, g_strdup (sku), GUINT_TO_POINTER (count));
    }

  /* Demand per SKU and region: the order rate, plus the SKU's chat intent
   * shared among the regions in proportion to their orders. */
  g_hash_table_iter_init (&iter, recent);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\x1f", 2);
      g_autofree char *region = region_id (parts[0]);
      guint orders = GPOINTER_TO_UINT (value);
      guint sku_orders = GPOINTER_TO_UINT (g_hash_table_lookup (recent_per_sku, parts[1]));
      guint asked = GPOINTER_TO_UINT (g_hash_table_lookup (intent, parts[1]));
      guint share = sku_orders > 0 ? (guint) (((guint64) asked * orders + sku_orders / 2) / sku_orders) : 0;
      gint64 units = dd_demand_forecast (orders, DEMAND_WINDOW_MINUTES, share, DEMAND_HORIZON_MINUTES,
                                         DD_ALLOCATION_PLANNER_DEFAULT_INTENT_WEIGHT);

      if (units > 0 && !dd_allocation_planner_add_demand (planner, parts[1], region, units, error))
        return FALSE;
    }

  return TRUE;
}

static char *
move_key (const char *from,
          const char *to,
          const char *sku)
{
  return g_strjoin ("\x1f", from, to, sku, NULL);
}

static const char *
hub_name (DdDropSession *self,
          const char    *hub_id)
{
  DdHub *hub = g_hash_table_lookup (self->hubs_by_id, hub_id);

  return hub != NULL ? dd_hub_get_name (hub) : hub_id;
}

static const char *
sku_title (DdDropSession *self,
           const char    *sku)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->offers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (G_LIST_MODEL (self->offers), i);

      if (g_strcmp0 (dd_offer_get_sku (offer), sku) == 0)
        return dd_offer_get_title (offer);
    }

  return sku;
}

guint
dd_drop_session_suggest_moves (DdDropSession *self,
                               GError       **error)
{
  g_autoptr(DdAllocationPlanner) planner = NULL;
  g_autoptr(GPtrArray) moves = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n_kept = 0;

  g_return_val_if_fail (DD_IS_DROP_SESSION (self), 0);

  planner = dd_allocation_planner_new (0, 0);
  if (!fill_planner (self, planner, g_get_real_time (), error))
    return 0;
  moves = dd_allocation_planner_suggest (planner, NULL);

  /* Suggestions being applied stay; pending ones are replaced. */
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->moves)); i++)
    {
      g_autoptr(DdMoveSuggestion) old = g_list_model_get_item (G_LIST_MODEL (self->moves), i);

      if (dd_move_suggestion_get_state (old) == DD_MOVE_SUGGESTION_APPLYING)
        g_ptr_array_add (items, g_steal_pointer (&old));
    }
  n_kept = items->len;

  for (guint i = 0; i < moves->len; i++)
    {
      DdStockMove *move = g_ptr_array_index (moves, i);
      g_autofree char *key = move_key (move->from_hub_id, move->to_hub_id, move->sku);

      if (g_hash_table_contains (self->rejected_moves, key))
        continue;
      g_ptr_array_add (items, dd_move_suggestion_new (move->from_hub_id, hub_name (self, move->from_hub_id),
                                                      move->to_hub_id, hub_name (self, move->to_hub_id),
                                                      move->sku, sku_title (self, move->sku),
                                                      move->quantity, move->improvement));
    }

  g_list_store_splice (self->moves, 0, g_list_model_get_n_items (G_LIST_MODEL (self->moves)),
                       items->pdata, items->len);
  return items->len - n_kept;
}

GListModel *
dd_drop_session_get_move_suggestions (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return G_LIST_MODEL (self->moves);
}

static void
remove_suggestion (DdDropSession    *self,
                   DdMoveSuggestion *move)
{
  guint position;

  if (g_list_store_find (self->moves, move, &position))
    g_list_store_remove (self->moves, position);
}

static void
rejection_logged_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DdLedgerEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = dd_store_append_ledger_finish (DD_STORE (source), result, &error);
  if (entry == NULL && !g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_CLOSED))
    g_warning ("A rejected stock move is not in the ledger: %s", error->message);
}

void
dd_drop_session_reject_move (DdDropSession    *self,
                             DdMoveSuggestion *move,
                             const char       *actor,
                             DdRole            role)
{
  g_autofree char *entity_id = NULL;
  g_autofree char *before = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(DdLedgerEntry) draft = NULL;

  g_return_if_fail (DD_IS_DROP_SESSION (self));
  g_return_if_fail (DD_IS_MOVE_SUGGESTION (move));
  g_return_if_fail (actor != NULL);

  if (dd_move_suggestion_get_state (move) != DD_MOVE_SUGGESTION_PENDING)
    return;
  g_hash_table_add (self->rejected_moves,
                    move_key (dd_move_suggestion_get_from_hub_id (move), dd_move_suggestion_get_to_hub_id (move),
                              dd_move_suggestion_get_sku (move)));
  dd_move_suggestion_set_state (move, DD_MOVE_SUGGESTION_REJECTED, NULL);
  remove_suggestion (self, move);

  if (self->store == NULL)
    return;

  /* The decision is the squad's record too: a ledger entry. */
  entity_id = g_strjoin ("/", dd_move_suggestion_get_from_hub_id (move), dd_move_suggestion_get_to_hub_id (move),
                         dd_move_suggestion_get_sku (move), NULL);
  before = g_strdup_printf ("suggested %" G_GINT64_FORMAT, dd_move_suggestion_get_quantity (move));
  uuid = g_uuid_string_random ();
  summary = dd_move_suggestion_dup_summary (move);
  {
    DdLedgerFields fields = {
      .entry_id = uuid,
      .time_us = g_get_real_time (),
      .actor = actor,
      .role = dd_role_to_nick (role),
      .entity = "stock_move",
      .entity_id = entity_id,
      .field = "suggestion",
      .before = before,
      .after = "rejected",
      .reason = summary,
    };

    draft = dd_ledger_entry_new (&fields);
  }
  dd_store_append_ledger_async (self->store, draft, NULL, rejection_logged_cb, NULL);
}

typedef struct
{
  DdDropSession    *self;
  DdMoveSuggestion *move;
  DdStockLevel     *from;
  DdStockLevel     *to;
  gint64            deallocated;   /* units the move took from the offer's allocation */
} AcceptData;

static void
accept_data_free (AcceptData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->move);
  g_object_unref (data->from);
  g_object_unref (data->to);
  g_free (data);
}

static void
move_applied_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcceptData *data = g_task_get_task_data (task);
  gint64 quantity = dd_move_suggestion_get_quantity (data->move);
  g_autoptr(GError) error = NULL;

  if (!dd_store_save_finish (DD_STORE (source), result, &error))
    {
      g_autoptr(GError) undo_error = NULL;

      /* Put the stock back as it was. */
      if ((data->deallocated > 0 && !dd_stock_level_deallocate (data->to, data->deallocated, &undo_error)) ||
          !dd_stock_level_set_on_hand (data->to, dd_stock_level_get_on_hand (data->to) - quantity, &undo_error) ||
          !dd_stock_level_set_on_hand (data->from, dd_stock_level_get_on_hand (data->from) + quantity, &undo_error) ||
          (data->deallocated > 0 && !dd_stock_level_allocate (data->from, data->deallocated, &undo_error)))
        g_warning ("A refused stock move could not be undone in memory: %s", undo_error->message);
      data->self->stock_dirty = TRUE;
      dd_move_suggestion_set_state (data->move, DD_MOVE_SUGGESTION_FAILED, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  dd_move_suggestion_set_state (data->move, DD_MOVE_SUGGESTION_ACCEPTED, NULL);
  g_task_return_boolean (task, TRUE);
}

void
dd_drop_session_accept_move_async (DdDropSession       *self,
                                   DdMoveSuggestion    *move,
                                   const char          *actor,
                                   DdRole               role,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *from_key = NULL;
  g_autofree char *to_key = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *reason = NULL;
  DdStockLevel *from, *to;
  AcceptData *data;
  gint64 quantity, free_units, unallocated, deallocate;
  GError *error = NULL;

  g_return_if_fail (DD_IS_DROP_SESSION (self));
  g_return_if_fail (DD_IS_MOVE_SUGGESTION (move));
  g_return_if_fail (actor != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_drop_session_accept_move_async);

  if (self->store == NULL || dd_move_suggestion_get_state (move) != DD_MOVE_SUGGESTION_PENDING)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("This move is no longer open"));
      return;
    }
  if (!dd_role_can (role, DD_PERMISSION_MOVE_STOCK))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                               _("%s may not move stock between hubs"), dd_role_get_display_name (role));
      return;
    }

  quantity = dd_move_suggestion_get_quantity (move);
  from_key = _dd_drop_session_level_key (dd_move_suggestion_get_from_hub_id (move), dd_move_suggestion_get_sku (move));
  to_key = _dd_drop_session_level_key (dd_move_suggestion_get_to_hub_id (move), dd_move_suggestion_get_sku (move));
  from = g_hash_table_lookup (self->levels, from_key);
  to = g_hash_table_lookup (self->levels, to_key);
  if (from == NULL || to == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s keeps no stock of %s"),
                               from == NULL ? dd_move_suggestion_get_from_name (move)
                                            : dd_move_suggestion_get_to_name (move),
                               dd_move_suggestion_get_title (move));
      return;
    }

  /* Orders since the suggestion may have taken the units. */
  free_units = dd_stock_level_get_on_hand (from) - dd_stock_level_get_reserved (from);
  if (quantity > free_units)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("%s has only %lld units of %s left to move"),
                               dd_move_suggestion_get_from_name (move), (long long) free_units,
                               dd_move_suggestion_get_title (move));
      return;
    }

  /* Units allocated to the offer move with it: they leave the allocation
   * at `from` and join it at `to`. The store is saved first with the
   * allocation taken off, so that its own check (on hand never below
   * reserved and allocated) sees the same numbers. */
  unallocated = free_units - dd_stock_level_get_allocated (from);
  deallocate = MAX (0, quantity - unallocated);
  if (deallocate > 0 && !dd_stock_level_deallocate (from, deallocate, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  self->stock_dirty = TRUE;
  _dd_drop_session_save_dirty (self, FALSE);

  if (!dd_stock_level_set_on_hand (from, dd_stock_level_get_on_hand (from) - quantity, &error) ||
      !dd_stock_level_set_on_hand (to, dd_stock_level_get_on_hand (to) + quantity, &error) ||
      (deallocate > 0 && !dd_stock_level_allocate (to, deallocate, &error)))
    g_assert_not_reached ();
  self->stock_dirty = TRUE;

  summary = dd_move_suggestion_dup_summary (move);
  /* Translators: "Move 4 × Crew Socks from Mitte to Kreuzberg, accepted from the planner: 3 more units of demand within 2 h" */
  reason = g_strdup_printf (_("%s, accepted from the planner: %lld more units of demand within 2 h"),
                            summary, (long long) dd_move_suggestion_get_improvement (move));
  {
    DdStockEdit edits[2] = {
      { dd_move_suggestion_get_from_hub_id (move), dd_move_suggestion_get_sku (move), -quantity, actor, role, reason },
      { dd_move_suggestion_get_to_hub_id (move), dd_move_suggestion_get_sku (move), quantity, actor, role, reason },
    };

    data = g_new0 (AcceptData, 1);
    data->self = g_object_ref (self);
    data->move = g_object_ref (move);
    data->from = g_object_ref (from);
    data->to = g_object_ref (to);
    data->deallocated = deallocate;
    g_task_set_task_data (task, data, (GDestroyNotify) accept_data_free);
    dd_move_suggestion_set_state (move, DD_MOVE_SUGGESTION_APPLYING, NULL);
    dd_store_apply_stock_edits_async (self->store, edits, G_N_ELEMENTS (edits), cancellable,
                                      move_applied_cb, g_steal_pointer (&task));
  }
}

gboolean
dd_drop_session_accept_move_finish (DdDropSession  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------- delivery promise ---------- */

void
dd_drop_session_count_promises (DdDropSession *self,
                                DdOffer       *offer,
                                guint          counts[DD_N_LATENCY_BUCKETS])
{
  guint n_hubs, n_stock, minute = dd_delivery_promise_minute_now ();
  g_autofree DdHubSnapshot *snapshots = NULL;
  g_autoptr(GPtrArray) per_hub = NULL;

  g_return_if_fail (DD_IS_DROP_SESSION (self));
  g_return_if_fail (DD_IS_OFFER (offer));
  g_return_if_fail (counts != NULL);

  memset (counts, 0, sizeof (guint) * DD_N_LATENCY_BUCKETS);
  n_hubs = g_list_model_get_n_items (G_LIST_MODEL (self->hubs));
  n_stock = g_list_model_get_n_items (G_LIST_MODEL (self->stock));
  snapshots = g_new0 (DdHubSnapshot, MAX (n_hubs, 1));
  per_hub = g_ptr_array_new_full (n_hubs, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < n_hubs; i++)
    {
      DdHub *hub = g_list_model_get_item (G_LIST_MODEL (self->hubs), i);
      GPtrArray *levels = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint j = 0; j < n_stock; j++)
        {
          DdStockLevel *level = g_list_model_get_item (G_LIST_MODEL (self->stock), j);

          if (g_strcmp0 (dd_stock_level_get_hub_id (level), dd_hub_get_id (hub)) == 0)
            g_ptr_array_add (levels, level);
          else
            g_object_unref (level);
        }
      g_ptr_array_add (per_hub, levels);
      snapshots[i].hub = hub;
      snapshots[i].levels = (DdStockLevel **) levels->pdata;
      snapshots[i].n_levels = levels->len;
      snapshots[i].backlog = hub_backlog (self, dd_hub_get_id (hub));
    }

  /* Buyers near each hub: orders carry no address yet. */
  for (guint i = 0; i < n_hubs; i++)
    {
      DdDeliveryPromise promise = { 0 };
      g_autoptr(GError) error = NULL;

      if (dd_delivery_promise_compute (offer, dd_hub_get_latitude (snapshots[i].hub),
                                       dd_hub_get_longitude (snapshots[i].hub), minute,
                                       snapshots, n_hubs, NULL, &promise, &error))
        counts[promise.bucket]++;
      else
        g_debug ("No delivery promise near %s: %s", dd_hub_get_id (snapshots[i].hub), error->message);
    }

  for (guint i = 0; i < n_hubs; i++)
    g_object_unref (snapshots[i].hub);
}

/* ---------- oversell guard ---------- */

void
dd_drop_session_set_guard_threshold (DdDropSession *self,
                                     gint64         units)
{
  g_return_if_fail (DD_IS_DROP_SESSION (self));

  self->guard_threshold = MAX (units, 0);
}

typedef struct
{
  DdDropSession *self;
  DdOffer       *offer;
  char          *reason;
  char          *alert;
  gboolean       oversell;  /* a cap or a pause: the "oversell" signal too */
} GuardCall;

static GuardCall *
guard_call_new (DdDropSession *self,
                DdOffer       *offer,
                const char    *reason,
                gboolean       oversell)
{
  GuardCall *call = g_new0 (GuardCall, 1);

  call->self = g_object_ref (self);
  call->offer = g_object_ref (offer);
  call->reason = g_strdup (reason);
  /* Translators: "Heavyweight Box Tee, White, M — Paused: no units of HT01-WHT-M left at Mitte" */
  call->alert = g_strdup_printf (_("%s — %s"), dd_offer_get_title (offer), reason);
  call->oversell = oversell;
  return call;
}

static void
guard_applied_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GuardCall *call = user_data;
  g_autoptr(GError) error = NULL;

  if (dd_offer_editing_finish (DD_OFFER_EDITING (source), result, NULL, &error))
    {
      _dd_drop_session_emit_alert (call->self, call->alert);
      if (call->oversell)
        _dd_drop_session_emit_oversell (call->self, call->offer, call->reason);
    }
  else if (!g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_CLOSED))
    g_warning ("The oversell guard could not act on %s: %s", dd_offer_get_id (call->offer), error->message);

  g_object_unref (call->self);
  g_object_unref (call->offer);
  g_free (call->reason);
  g_free (call->alert);
  g_free (call);
}

void
_dd_drop_session_guard_offer (DdDropSession *self,
                              DdOffer       *offer)
{
  g_autoptr(GPtrArray) levels = g_ptr_array_new_with_free_func (g_object_unref);
  guint minute = dd_delivery_promise_minute_now ();
  DdLatencyBucket bucket = dd_offer_get_latency_bucket (offer);
  const char *sku = dd_offer_get_sku (offer);
  DdOversellDecision decision = { 0 };
  DdOfferEditContext context = { 0 };
  GuardCall *call;
  gpointer done;
  guint n_hubs;

  if (self->store == NULL || self->guard_threshold == 0 ||
      dd_offer_get_state (offer) != DD_OFFER_STATE_LIVE || dd_offer_get_n_components (offer) > 0)
    return;

  /* The offer's remaining units at each hub that can keep its promise: a
   * copy whose on-hand is what is allocated to the offer and unsold. */
  n_hubs = g_list_model_get_n_items (G_LIST_MODEL (self->hubs));
  for (guint i = 0; i < n_hubs; i++)
    {
      g_autoptr(DdHub) hub = g_list_model_get_item (G_LIST_MODEL (self->hubs), i);
      g_autofree char *key = _dd_drop_session_level_key (dd_hub_get_id (hub), sku);
      DdStockLevel *level = g_hash_table_lookup (self->levels, key);
      DdStockLevel *remaining;

      if (level == NULL ||
          !dd_delivery_promise_hub_keeps (hub, bucket, hub_backlog (self, dd_hub_get_id (hub)), minute, NULL))
        continue;
      remaining = dd_stock_level_new (dd_hub_get_name (hub), sku);
      if (!dd_stock_level_set_on_hand (remaining, dd_stock_level_get_allocated (level), NULL))
        g_assert_not_reached ();
      g_ptr_array_add (levels, remaining);
    }

  dd_oversell_guard_decide (sku, (DdStockLevel *const *) levels->pdata, levels->len,
                            self->guard_threshold, &decision);

  /* Act once per offer and action; a recovered offer is watched again. */
  done = g_hash_table_lookup (self->guarded, dd_offer_get_id (offer));
  if (decision.action == DD_OVERSELL_ACTION_NONE)
    {
      g_hash_table_remove (self->guarded, dd_offer_get_id (offer));
      dd_oversell_decision_clear (&decision);
      return;
    }
  /* A cap that would not lower the offer's stock is no cap. */
  if ((done != NULL && GPOINTER_TO_INT (done) >= (int) decision.action) ||
      (decision.action == DD_OVERSELL_ACTION_CAP &&
       (gint64) dd_offer_get_units_sold (offer) + decision.cap >= (gint64) dd_offer_get_stock_allocated (offer)))
    {
      dd_oversell_decision_clear (&decision);
      return;
    }
  g_hash_table_insert (self->guarded, g_strdup (dd_offer_get_id (offer)), GINT_TO_POINTER (decision.action));

  if (self->guard_editing == NULL)
    self->guard_editing = dd_offer_editing_new (self->store);

  context.actor = _(GUARD_ACTOR);
  context.role = DD_ROLE_OPS_LEAD;
  context.reason = decision.reason;
  call = guard_call_new (self, offer, decision.reason, TRUE);

  if (decision.action == DD_OVERSELL_ACTION_PAUSE)
    dd_offer_editing_transition_async (self->guard_editing, offer, DD_OFFER_STATE_PAUSED, &context,
                                       NULL, guard_applied_cb, call);
  else
    {
      g_autofree char *cap = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              (gint64) dd_offer_get_units_sold (offer) + decision.cap);

      dd_offer_editing_set_field_async (self->guard_editing, offer, DD_OFFER_FIELD_STOCK, cap, &context,
                                        NULL, guard_applied_cb, call);
    }
  dd_oversell_decision_clear (&decision);
}

void
_dd_drop_session_sell_out (DdDropSession *self,
                           DdOffer       *offer)
{
  DdOfferEditContext context = { 0 };
  g_autofree char *reason = NULL;
  guint sold = dd_offer_get_units_sold (offer);

  if (self->store == NULL || dd_offer_get_state (offer) != DD_OFFER_STATE_LIVE ||
      sold < dd_offer_get_stock_allocated (offer))
    return;

  if (self->guard_editing == NULL)
    self->guard_editing = dd_offer_editing_new (self->store);

  reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sold out: its %u unit is sold",
                                         "Sold out: all %u units are sold", sold),
                            sold);
  context.actor = _(GUARD_ACTOR);
  context.role = DD_ROLE_OPS_LEAD;
  context.reason = reason;
  dd_offer_editing_transition_async (self->guard_editing, offer, DD_OFFER_STATE_SOLD_OUT, &context, NULL,
                                     guard_applied_cb, guard_call_new (self, offer, reason, FALSE));
}

void
_dd_drop_session_guard_tick (DdDropSession *self,
                             gint64         now_us)
{
  guint n;

  if (now_us - self->guard_swept_at < GUARD_SWEEP_SECONDS * G_USEC_PER_SEC)
    return;
  self->guard_swept_at = now_us;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->offers));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (G_LIST_MODEL (self->offers), i);

      _dd_drop_session_guard_offer (self, offer);
    }
}
