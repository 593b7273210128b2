/* dd-store-commerce.c — promotions, the returns policy and remote deletions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-commerce.h"
#include "dd-store-private.h"

#define SERVICE "commerce"

/* Promotions */

static const char insert_promotion_sql[] =
  "INSERT INTO promotions (id, code, status, kind, value, currency, target,"
  "  campaign_id, campaign_name, starts_at, ends_at, updated_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

/* Campaign windows pulled back into the offers they belong to. */
static const char campaign_windows_sql[] =
  "UPDATE offers SET window_start = p.starts_at, window_end = p.ends_at"
  " FROM (SELECT campaign_id, starts_at, ends_at FROM promotions"
  "       WHERE campaign_id IS NOT NULL GROUP BY campaign_id) p"
  " WHERE offers.campaign_id = p.campaign_id"
  "   AND (offers.window_start != p.starts_at OR offers.window_end != p.ends_at)"
  "   AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'campaign'"
  "     AND o.entity_id = offers.id AND o.state IN ('pending', 'conflicted'))";

void
dd_store_save_promotions_async (DdStore             *self,
                                GPtrArray           *promotions,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GPtrArray *batch;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (promotions != NULL);

  batch = _dd_store_batch_new ();
  _dd_store_batch_add (batch, "DELETE FROM promotions", g_variant_new ("()"));
  for (guint i = 0; i < promotions->len; i++)
    {
      const DdPromotion *p = g_ptr_array_index (promotions, i);

      _dd_store_batch_add (batch, insert_promotion_sql,
                           g_variant_new ("(msmsmsmsmsmsmsmsmsxxx)",
                                          p->id, p->code, p->status, p->kind,
                                          p->value, p->currency, p->target,
                                          p->campaign_id, p->campaign_name,
                                          p->starts_at_us, p->ends_at_us, p->updated_at_us));
    }
  _dd_store_batch_add (batch, campaign_windows_sql, g_variant_new ("()"));
  _dd_store_queue_job (self, _dd_store_job_write_batch, batch, (GDestroyNotify) g_ptr_array_unref,
                       DD_STORE_RESULT_BOOLEAN, cancellable, callback, user_data,
                       dd_store_save_promotions_async);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           index)
{
  return g_strdup (_dd_store_column_text (stmt, index));
}

/* Ends a list job: the rows, or the error that stopped the reading. */
static gboolean
list_done (DdStoreConnection  *conn,
           sqlite3_stmt       *stmt,
           int                 rc,
           GPtrArray          *rows,
           DdStoreResult      *result,
           GError            **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (rows);
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }
  result->pointer = rows;
  result->pointer_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

static gboolean
job_load_promotions (DdStoreConnection  *conn,
                     gpointer            data,
                     DdStoreResult      *result,
                     GError            **error)
{
  GPtrArray *promotions = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_promotion_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT p.id, p.code, p.status, p.kind, p.value, p.currency, p.target,"
                            " p.campaign_id, p.campaign_name, p.starts_at, p.ends_at, p.updated_at,"
                            " (SELECT o.id FROM offers o WHERE o.campaign_id = p.campaign_id"
                            "   ORDER BY o.id LIMIT 1)"
                            " FROM promotions p ORDER BY p.starts_at, p.code",
                            error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (promotions);
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdPromotion *p = g_new0 (DdPromotion, 1);

      p->id = column_dup (stmt, 0);
      p->code = column_dup (stmt, 1);
      p->status = column_dup (stmt, 2);
      p->kind = column_dup (stmt, 3);
      p->value = column_dup (stmt, 4);
      p->currency = column_dup (stmt, 5);
      p->target = column_dup (stmt, 6);
      p->campaign_id = column_dup (stmt, 7);
      p->campaign_name = column_dup (stmt, 8);
      p->starts_at_us = sqlite3_column_int64 (stmt, 9);
      p->ends_at_us = sqlite3_column_int64 (stmt, 10);
      p->updated_at_us = sqlite3_column_int64 (stmt, 11);
      p->offer_id = column_dup (stmt, 12);
      g_ptr_array_add (promotions, p);
    }
  return list_done (conn, stmt, rc, promotions, result, error);
}

void
dd_store_load_promotions_async (DdStore             *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));

  _dd_store_queue_job (self, job_load_promotions, NULL, NULL, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_load_promotions_async);
}

/* The returns policy */

#define RETURNS_OPEN_KEY "commerce.returns-open"

void
dd_store_save_refund_policy_async (DdStore              *self,
                                   const DdRefundPolicy *policy,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  GPtrArray *batch;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (policy != NULL);

  batch = _dd_store_batch_new ();
  _dd_store_batch_add (batch, "DELETE FROM refund_limits", g_variant_new ("()"));
  for (guint i = 0; i < policy->limits->len; i++)
    {
      const DdRefundLimit *limit = &g_array_index (policy->limits, DdRefundLimit, i);

      _dd_store_batch_add (batch,
                           "INSERT INTO refund_limits (role, max_minor, currency) VALUES (?1, ?2, ?3)",
                           g_variant_new ("(sxs)", dd_role_to_nick (limit->role),
                                          limit->max.minor, limit->max.currency));
    }
  _dd_store_batch_add (batch,
                       "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       g_variant_new ("(ss)", RETURNS_OPEN_KEY, policy->returns_open ? "true" : "false"));
  _dd_store_queue_job (self, _dd_store_job_write_batch, batch, (GDestroyNotify) g_ptr_array_unref,
                       DD_STORE_RESULT_BOOLEAN, cancellable, callback, user_data,
                       dd_store_save_refund_policy_async);
}

static gboolean
job_load_refund_policy (DdStoreConnection  *conn,
                        gpointer            data,
                        DdStoreResult      *result,
                        GError            **error)
{
  g_autoptr(DdRefundPolicy) policy = NULL;
  DdStoreResult open = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn, "SELECT value FROM meta WHERE key = '" RETURNS_OPEN_KEY "'", error);
  if (stmt == NULL || !_dd_store_step_text_row (conn, stmt, &open, error))
    return FALSE;
  if (open.pointer == NULL)
    return TRUE;  /* never pulled */
  policy = dd_refund_policy_new (g_str_equal (open.pointer, "true"));
  g_free (open.pointer);

  stmt = _dd_store_prepare (conn, "SELECT role, max_minor, currency FROM refund_limits ORDER BY role", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdRefundLimit limit;

      if (!dd_role_from_nick (_dd_store_column_text (stmt, 0), &limit.role))
        continue;  /* a role of a newer version */
      limit.max = dd_money_init (sqlite3_column_int64 (stmt, 1), _dd_store_column_text (stmt, 2));
      g_array_append_val (policy->limits, limit);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }
  result->pointer = g_steal_pointer (&policy);
  result->pointer_free = (GDestroyNotify) dd_refund_policy_free;
  return TRUE;
}

void
dd_store_load_refund_policy_async (DdStore             *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));

  _dd_store_queue_job (self, job_load_refund_policy, NULL, NULL, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_load_refund_policy_async);
}

DdRefundPolicy *
dd_store_load_refund_policy_finish (DdStore       *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Remote deletions */

typedef struct
{
  GHashTable *remote_ids;
  gint64 now_us;
} Reconcile;

static void
reconcile_free (gpointer data)
{
  Reconcile *reconcile = data;

  g_hash_table_unref (reconcile->remote_ids);
  g_free (reconcile);
}

static gboolean
reconcile_rows (DdStoreConnection  *conn,
                Reconcile          *reconcile,
                DdReconcileSummary *summary,
                GError            **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) back = g_ptr_array_new_with_free_func (g_free);
  int rc;

  /* Read first, write after: one statement at a time. */
  stmt = _dd_store_prepare (conn,
                            "SELECT o.id, o.remote_id, o.sync_state, g.entity_id IS NOT NULL"
                            " FROM offers o LEFT JOIN remote_gone g ON g.service = '" SERVICE "'"
                            "  AND g.entity = 'offer' AND g.entity_id = o.id"
                            " WHERE o.remote_id IS NOT NULL ORDER BY o.rowid",
                            error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *remote_id = _dd_store_column_text (stmt, 1);
      gboolean marked = sqlite3_column_int (stmt, 3) != 0;
      gboolean there = g_hash_table_contains (reconcile->remote_ids, remote_id);

      if (!there && !marked)
        {
          gboolean kept = g_strcmp0 (_dd_store_column_text (stmt, 2), "synced") != 0;

          /* id, remote id and whether edits are kept, as one string each */
          g_ptr_array_add (gone, g_strdup (_dd_store_column_text (stmt, 0)));
          g_ptr_array_add (gone, g_strdup (remote_id));
          g_ptr_array_add (gone, g_strdup (kept ? "1" : "0"));
          summary->gone++;
          if (kept)
            summary->kept_local++;
        }
      else if (there && marked)
        {
          g_ptr_array_add (back, g_strdup (_dd_store_column_text (stmt, 0)));
          summary->back++;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }

  for (guint i = 0; i < gone->len; i += 3)
    {
      stmt = _dd_store_prepare (conn,
                                "INSERT INTO remote_gone (service, entity, entity_id, remote_id,"
                                "  gone_at, kept_local) VALUES ('" SERVICE "', 'offer', ?1, ?2, ?3, ?4)",
                                error);
      if (stmt == NULL)
        return FALSE;
      _dd_store_bind_text (stmt, 1, g_ptr_array_index (gone, i));
      _dd_store_bind_text (stmt, 2, g_ptr_array_index (gone, i + 1));
      sqlite3_bind_int64 (stmt, 3, reconcile->now_us);
      sqlite3_bind_int (stmt, 4, g_str_equal (g_ptr_array_index (gone, i + 2), "1"));
      if (!_dd_store_step_done (conn, stmt, error))
        return FALSE;
    }
  for (guint i = 0; i < back->len; i++)
    {
      stmt = _dd_store_prepare (conn,
                                "DELETE FROM remote_gone WHERE service = '" SERVICE "'"
                                " AND entity = 'offer' AND entity_id = ?1",
                                error);
      if (stmt == NULL)
        return FALSE;
      _dd_store_bind_text (stmt, 1, g_ptr_array_index (back, i));
      if (!_dd_store_step_done (conn, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
job_reconcile_offers (DdStoreConnection  *conn,
                      gpointer            data,
                      DdStoreResult      *result,
                      GError            **error)
{
  g_autofree DdReconcileSummary *summary = g_new0 (DdReconcileSummary, 1);

  if (!_dd_store_begin (conn, error))
    return FALSE;
  if (!reconcile_rows (conn, data, summary, error))
    {
      _dd_store_rollback (conn);
      return FALSE;
    }
  if (!_dd_store_commit (conn, error))
    return FALSE;
  result->pointer = g_steal_pointer (&summary);
  result->pointer_free = g_free;
  return TRUE;
}

void
dd_store_reconcile_offers_async (DdStore             *self,
                                 GPtrArray           *remote_ids,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Reconcile *reconcile;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (remote_ids != NULL);

  reconcile = g_new0 (Reconcile, 1);
  reconcile->remote_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reconcile->now_us = g_get_real_time ();
  for (guint i = 0; i < remote_ids->len; i++)
    g_hash_table_add (reconcile->remote_ids, g_strdup (g_ptr_array_index (remote_ids, i)));

  _dd_store_queue_job (self, job_reconcile_offers, reconcile, reconcile_free, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_reconcile_offers_async);
}

gboolean
dd_store_reconcile_offers_finish (DdStore             *self,
                                  GAsyncResult        *result,
                                  DdReconcileSummary  *summary,
                                  GError             **error)
{
  g_autofree DdReconcileSummary *found = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;
  if (summary != NULL)
    *summary = *found;
  return TRUE;
}

static gboolean
job_list_gone_offers (DdStoreConnection  *conn,
                      gpointer            data,
                      DdStoreResult      *result,
                      GError            **error)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT entity_id FROM remote_gone WHERE service = '" SERVICE "'"
                            " AND entity = 'offer' ORDER BY gone_at, entity_id",
                            error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (ids);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_dup (stmt, 0));
  return list_done (conn, stmt, rc, ids, result, error);
}

void
dd_store_list_gone_offers_async (DdStore             *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));

  _dd_store_queue_job (self, job_list_gone_offers, NULL, NULL, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_list_gone_offers_async);
}

void
dd_offer_sync_mark_free (DdOfferSyncMark *self)
{
  if (self == NULL)
    return;
  g_free (self->offer_id);
  g_free (self);
}

static gboolean
job_list_offer_sync (DdStoreConnection  *conn,
                     gpointer            data,
                     DdStoreResult      *result,
                     GError            **error)
{
  GPtrArray *marks = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_offer_sync_mark_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT o.id, o.sync_state, g.entity_id IS NOT NULL"
                            " FROM offers o LEFT JOIN remote_gone g ON g.service = '" SERVICE "'"
                            "  AND g.entity = 'offer' AND g.entity_id = o.id"
                            " WHERE o.sync_state != 'synced' OR g.entity_id IS NOT NULL",
                            error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (marks);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdOfferSyncMark *mark = g_new0 (DdOfferSyncMark, 1);

      mark->offer_id = column_dup (stmt, 0);
      mark->sync_state = _dd_store_enum_from_nick (DD_TYPE_SYNC_STATE, _dd_store_column_text (stmt, 1),
                                                   DD_SYNC_STATE_SYNCED);
      mark->gone = sqlite3_column_int (stmt, 2) != 0;
      g_ptr_array_add (marks, mark);
    }
  return list_done (conn, stmt, rc, marks, result, error);
}

void
dd_store_list_offer_sync_async (DdStore             *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));

  _dd_store_queue_job (self, job_list_offer_sync, NULL, NULL, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_list_offer_sync_async);
}
