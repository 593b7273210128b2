/* dd-store-offers.c — offers, their bundle components and price history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-store-private.h"

/* A stored offer's sync state follows its outbox entries (an edit, the
 * sync engine's outcome, a resolved conflict), never a copy in memory
 * written back later: a save keeps it. */
static const char upsert_offer_sql[] =
  "INSERT INTO offers (id, remote_id, title, sku, price_minor, compare_at_minor,"
  "  currency, state, window_start, window_end, per_buyer_cap, stock_allocated,"
  "  units_sold, latency_bucket, sync_state, updated_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
  " ON CONFLICT (id) DO UPDATE SET remote_id = excluded.remote_id,"
  "  title = excluded.title, sku = excluded.sku, price_minor = excluded.price_minor,"
  "  compare_at_minor = excluded.compare_at_minor, currency = excluded.currency,"
  "  state = excluded.state, window_start = excluded.window_start,"
  "  window_end = excluded.window_end, per_buyer_cap = excluded.per_buyer_cap,"
  "  stock_allocated = excluded.stock_allocated, units_sold = excluded.units_sold,"
  "  latency_bucket = excluded.latency_bucket, updated_at = excluded.updated_at";

static const char latest_price_sql[] =
  "SELECT price_minor FROM price_history"
  " WHERE offer_id = ?1 AND sku = ?2 AND currency = ?3"
  " ORDER BY valid_from DESC, id DESC LIMIT 1";

static gboolean
write_price_history (DdStoreConnection  *conn,
                     DdOffer            *offer,
                     gint64              now,
                     GError            **error)
{
  const DdMoney *price = dd_offer_get_price (offer);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn, latest_price_sql, error);
  if (stmt == NULL)
    return FALSE;
  _dd_store_bind_text (stmt, 1, dd_offer_get_id (offer));
  _dd_store_bind_text (stmt, 2, dd_offer_get_sku (offer));
  _dd_store_bind_text (stmt, 3, price->currency);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) == price->minor)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }

  stmt = _dd_store_prepare (conn,
                            "INSERT INTO price_history (offer_id, sku, currency, price_minor, valid_from)"
                            " VALUES (?1, ?2, ?3, ?4, ?5)",
                            error);
  if (stmt == NULL)
    return FALSE;
  _dd_store_bind_text (stmt, 1, dd_offer_get_id (offer));
  _dd_store_bind_text (stmt, 2, dd_offer_get_sku (offer));
  _dd_store_bind_text (stmt, 3, price->currency);
  sqlite3_bind_int64 (stmt, 4, price->minor);
  sqlite3_bind_int64 (stmt, 5, now);
  return _dd_store_step_done (conn, stmt, error);
}

static gboolean
write_components (DdStoreConnection  *conn,
                  DdOffer            *offer,
                  GError            **error)
{
  sqlite3_stmt *stmt;

  stmt = _dd_store_prepare (conn, "DELETE FROM offer_components WHERE offer_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _dd_store_bind_text (stmt, 1, dd_offer_get_id (offer));
  if (!_dd_store_step_done (conn, stmt, error))
    return FALSE;

  for (guint i = 0; i < dd_offer_get_n_components (offer); i++)
    {
      const DdBundleComponent *component = dd_offer_get_component (offer, i);

      stmt = _dd_store_prepare (conn,
                                "INSERT INTO offer_components (offer_id, position, sku, quantity)"
                                " VALUES (?1, ?2, ?3, ?4)",
                                error);
      if (stmt == NULL)
        return FALSE;
      _dd_store_bind_text (stmt, 1, dd_offer_get_id (offer));
      sqlite3_bind_int (stmt, 2, (int) i);
      _dd_store_bind_text (stmt, 3, component->sku);
      sqlite3_bind_int64 (stmt, 4, component->quantity);
      if (!_dd_store_step_done (conn, stmt, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_dd_store_write_offer (DdStoreConnection  *conn,
                       DdOffer            *offer,
                       GError            **error)
{
  g_autoptr(GError) invalid = NULL;
  const DdMoney *price = dd_offer_get_price (offer);
  const DdMoney *compare_at = dd_offer_get_compare_at_price (offer);
  gint64 now = g_get_real_time ();
  sqlite3_stmt *stmt;

  if (!dd_offer_validate (offer, &invalid))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                   _("Offer “%s” was not saved: %s"),
                   dd_offer_get_title (offer) != NULL ? dd_offer_get_title (offer) : dd_offer_get_id (offer),
                   invalid->message);
      return FALSE;
    }

  stmt = _dd_store_prepare (conn, upsert_offer_sql, error);
  if (stmt == NULL)
    return FALSE;

  _dd_store_bind_text (stmt, 1, dd_offer_get_id (offer));
  _dd_store_bind_text (stmt, 2, dd_offer_get_remote_id (offer));
  _dd_store_bind_text (stmt, 3, dd_offer_get_title (offer));
  _dd_store_bind_text (stmt, 4, dd_offer_get_sku (offer));
  sqlite3_bind_int64 (stmt, 5, price->minor);
  if (compare_at != NULL)
    sqlite3_bind_int64 (stmt, 6, compare_at->minor);
  else
    sqlite3_bind_null (stmt, 6);
  _dd_store_bind_text (stmt, 7, price->currency);
  _dd_store_bind_text (stmt, 8, _dd_store_enum_to_nick (DD_TYPE_OFFER_STATE, dd_offer_get_state (offer)));
  sqlite3_bind_int64 (stmt, 9, dd_offer_get_window_start (offer));
  sqlite3_bind_int64 (stmt, 10, dd_offer_get_window_end (offer));
  sqlite3_bind_int64 (stmt, 11, dd_offer_get_per_buyer_cap (offer));
  sqlite3_bind_int64 (stmt, 12, dd_offer_get_stock_allocated (offer));
  sqlite3_bind_int64 (stmt, 13, dd_offer_get_units_sold (offer));
  _dd_store_bind_text (stmt, 14, _dd_store_enum_to_nick (DD_TYPE_LATENCY_BUCKET, dd_offer_get_latency_bucket (offer)));
  _dd_store_bind_text (stmt, 15, _dd_store_enum_to_nick (DD_TYPE_SYNC_STATE, dd_offer_get_sync_state (offer)));
  sqlite3_bind_int64 (stmt, 16, now);

  return _dd_store_step_done (conn, stmt, error)
         && write_components (conn, offer, error)
         && write_price_history (conn, offer, now, error);
}

gboolean
_dd_store_job_save_offers (DdStoreConnection  *conn,
                           gpointer            data,
                           DdStoreResult      *result,
                           GError            **error)
{
  GPtrArray *offers = data;

  if (!_dd_store_begin (conn, error))
    return FALSE;

  for (guint i = 0; i < offers->len; i++)
    {
      if (!_dd_store_write_offer (conn, g_ptr_array_index (offers, i), error))
        {
          _dd_store_rollback (conn);
          return FALSE;
        }
    }

  return _dd_store_commit (conn, error);
}

static gboolean
job_save_price_history (DdStoreConnection  *conn,
                        gpointer            data,
                        DdStoreResult      *result,
                        GError            **error)
{
  GPtrArray *records = data;

  if (!_dd_store_begin (conn, error))
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      const DdPriceRecord *record = g_ptr_array_index (records, i);
      sqlite3_stmt *stmt;

      stmt = _dd_store_prepare (conn,
                                "INSERT INTO price_history (offer_id, sku, currency, price_minor, valid_from)"
                                " VALUES (?1, ?2, ?3, ?4, ?5)",
                                error);
      if (stmt == NULL)
        {
          _dd_store_rollback (conn);
          return FALSE;
        }
      _dd_store_bind_text (stmt, 1, record->offer_id);
      _dd_store_bind_text (stmt, 2, record->sku);
      _dd_store_bind_text (stmt, 3, record->point.price.currency);
      sqlite3_bind_int64 (stmt, 4, record->point.price.minor);
      sqlite3_bind_int64 (stmt, 5, record->point.valid_from);
      if (!_dd_store_step_done (conn, stmt, error))
        {
          _dd_store_rollback (conn);
          return FALSE;
        }
    }

  return _dd_store_commit (conn, error);
}

void
dd_store_save_price_history_async (DdStore             *self,
                                   GPtrArray           *records,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GPtrArray *copy;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (records != NULL);

  copy = g_ptr_array_copy (records, (GCopyFunc) (void (*) (void)) dd_price_record_copy, NULL);
  g_ptr_array_set_free_func (copy, (GDestroyNotify) dd_price_record_free);
  _dd_store_queue_job (self, job_save_price_history, copy, (GDestroyNotify) g_ptr_array_unref,
                       DD_STORE_RESULT_BOOLEAN, cancellable, callback, user_data,
                       dd_store_save_price_history_async);
}

static DdOffer *
offer_from_row (sqlite3_stmt *stmt)
{
  DdOffer *offer = dd_offer_new (_dd_store_column_text (stmt, 0),
                                 _dd_store_column_text (stmt, 2),
                                 _dd_store_column_text (stmt, 3));
  const char *currency = _dd_store_column_text (stmt, 6);
  DdMoney price = dd_money_init (sqlite3_column_int64 (stmt, 4), currency);

  dd_offer_set_remote_id (offer, _dd_store_column_text (stmt, 1));
  dd_offer_set_price (offer, &price);
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    {
      DdMoney compare_at = dd_money_init (sqlite3_column_int64 (stmt, 5), currency);

      dd_offer_set_compare_at_price (offer, &compare_at);
    }
  dd_offer_set_state (offer, _dd_store_enum_from_nick (DD_TYPE_OFFER_STATE,
                                                       _dd_store_column_text (stmt, 7),
                                                       DD_OFFER_STATE_DRAFT));
  dd_offer_set_window (offer, sqlite3_column_int64 (stmt, 8), sqlite3_column_int64 (stmt, 9));
  dd_offer_set_per_buyer_cap (offer, (guint) sqlite3_column_int64 (stmt, 10));
  dd_offer_set_stock_allocated (offer, (guint) sqlite3_column_int64 (stmt, 11));
  dd_offer_set_units_sold (offer, (guint) sqlite3_column_int64 (stmt, 12));
  dd_offer_set_latency_bucket (offer, _dd_store_enum_from_nick (DD_TYPE_LATENCY_BUCKET,
                                                                _dd_store_column_text (stmt, 13),
                                                                DD_LATENCY_BUCKET_SAME_DAY));
  dd_offer_set_sync_state (offer, _dd_store_enum_from_nick (DD_TYPE_SYNC_STATE,
                                                            _dd_store_column_text (stmt, 14),
                                                            DD_SYNC_STATE_SYNCED));
  dd_offer_set_remote_gone (offer, sqlite3_column_int (stmt, 15) != 0);
  return offer;
}

gboolean
_dd_store_job_load_offers (DdStoreConnection  *conn,
                           gpointer            data,
                           DdStoreResult      *result,
                           GError            **error)
{
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT id, remote_id, title, sku, price_minor, compare_at_minor,"
                            " currency, state, window_start, window_end, per_buyer_cap,"
                            " stock_allocated, units_sold, latency_bucket, sync_state,"
                            " EXISTS (SELECT 1 FROM remote_gone g WHERE g.service = 'commerce'"
                            "   AND g.entity = 'offer' AND g.entity_id = offers.id)"
                            " FROM offers ORDER BY rowid",
                            error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdOffer *offer = offer_from_row (stmt);

      g_ptr_array_add (offers, offer);
      g_hash_table_insert (by_id, (gpointer) dd_offer_get_id (offer), offer);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }

  stmt = _dd_store_prepare (conn,
                            "SELECT offer_id, sku, quantity FROM offer_components"
                            " ORDER BY offer_id, position",
                            error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) invalid = NULL;
      DdOffer *offer = g_hash_table_lookup (by_id, _dd_store_column_text (stmt, 0));

      if (offer == NULL)
        continue;
      if (!dd_offer_add_component (offer, _dd_store_column_text (stmt, 1),
                                   (guint) sqlite3_column_int64 (stmt, 2), &invalid))
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                       _("Offer %s in %s has a component Dropdeck cannot use: %s"),
                       dd_offer_get_id (offer), conn->path, invalid->message);
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }

  result->pointer = g_steal_pointer (&offers);
  result->pointer_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

/* The lowest price of a variant over the prior 30 days, for the prior-price rule */

typedef struct
{
  char     *sku;
  char     *currency;
  gint64    now;
  gboolean  prior;        /* the 30 days before the reduction to price_minor */
  gint64    price_minor;
} LowestJob;

static void
lowest_job_free (gpointer data)
{
  LowestJob *job = data;

  g_free (job->sku);
  g_free (job->currency);
  g_free (job);
}

gboolean
_dd_store_find_lowest_price (DdStoreConnection  *conn,
                             const char         *sku,
                             const char         *currency,
                             gint64              now,
                             gboolean           *found,
                             DdPricePoint       *out,
                             GError            **error)
{
  /* Both are seeks on price_history_variant (sku, currency, valid_from,
   * price_minor): the price in effect when the period began, and the
   * lowest set within it (SQLite takes the bare column from the min row). */
  static const char carried_in_sql[] =
    "SELECT price_minor, valid_from FROM price_history"
    " WHERE sku = ?1 AND currency = ?2 AND valid_from < ?3"
    " ORDER BY valid_from DESC LIMIT 1";
  static const char lowest_sql[] =
    "SELECT min (price_minor), valid_from FROM price_history"
    " WHERE sku = ?1 AND currency = ?2 AND valid_from >= ?3 AND valid_from < ?4";
  DdPricePoint points[2];
  gsize n_points = 0;
  gint64 period_start = now - DD_PRIOR_PRICE_PERIOD;
  sqlite3_stmt *stmt;
  int rc;

  *found = FALSE;
  for (int q = 0; q < 2; q++)
    {
      stmt = _dd_store_prepare (conn, q == 0 ? carried_in_sql : lowest_sql, error);
      if (stmt == NULL)
        return FALSE;
      _dd_store_bind_text (stmt, 1, sku);
      _dd_store_bind_text (stmt, 2, currency);
      sqlite3_bind_int64 (stmt, 3, period_start);
      if (q == 1)
        sqlite3_bind_int64 (stmt, 4, now);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        {
          points[n_points].price = dd_money_init (sqlite3_column_int64 (stmt, 0), currency);
          points[n_points].valid_from = sqlite3_column_int64 (stmt, 1);
          n_points++;
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
          return FALSE;
        }
    }

  *found = dd_price_history_find_lowest (points, n_points, currency, now, out);
  return TRUE;
}

/* One int64 column of the first row of a statement bound with (sku,
 * currency, a, b): `*found` FALSE on no row or NULL. */
static gboolean
step_one_int64 (DdStoreConnection  *conn,
                const char         *sql,
                const char         *sku,
                const char         *currency,
                gint64              a,
                gint64              b,
                gboolean           *found,
                gint64             *out_column0,
                gint64             *out_column1,
                GError            **error)
{
  sqlite3_stmt *stmt = _dd_store_prepare (conn, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _dd_store_bind_text (stmt, 1, sku);
  _dd_store_bind_text (stmt, 2, currency);
  sqlite3_bind_int64 (stmt, 3, a);
  sqlite3_bind_int64 (stmt, 4, b);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL;
  if (*found)
    {
      *out_column0 = sqlite3_column_int64 (stmt, 0);
      if (out_column1 != NULL)
        *out_column1 = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }
  return TRUE;
}

gboolean
_dd_store_find_reduction_start (DdStoreConnection  *conn,
                                const char         *sku,
                                const DdMoney      *price,
                                gint64              now,
                                gint64             *out,
                                GError            **error)
{
  /* The same answer as dd_price_history_find_reduction_start(), in seeks
   * on price_history_variant: the price in effect at `now`; when it is
   * `price`, the last different price before it (a backward scan over the
   * current run only), then the run's first point. */
  static const char in_effect_sql[] =
    "SELECT price_minor, valid_from FROM price_history"
    " WHERE sku = ?1 AND currency = ?2 AND valid_from <= ?3"
    " ORDER BY valid_from DESC LIMIT 1";
  static const char last_other_sql[] =
    "SELECT valid_from FROM price_history"
    " WHERE sku = ?1 AND currency = ?2 AND valid_from <= ?3 AND price_minor != ?4"
    " ORDER BY valid_from DESC LIMIT 1";
  static const char run_start_sql[] =
    "SELECT valid_from FROM price_history"
    " WHERE sku = ?1 AND currency = ?2 AND valid_from > ?3 AND valid_from <= ?4"
    " ORDER BY valid_from ASC LIMIT 1";
  gboolean found;
  gint64 in_effect_minor = 0, in_effect_from = 0, last_other = G_MININT64, start;

  *out = now;
  if (!step_one_int64 (conn, in_effect_sql, sku, price->currency, now, 0, &found,
                       &in_effect_minor, &in_effect_from, error))
    return FALSE;
  if (!found || in_effect_minor != price->minor)
    return TRUE;

  if (!step_one_int64 (conn, last_other_sql, sku, price->currency, now, price->minor, &found,
                       &last_other, NULL, error))
    return FALSE;
  if (!found)
    last_other = G_MININT64;

  if (!step_one_int64 (conn, run_start_sql, sku, price->currency, last_other, now, &found,
                       &start, NULL, error))
    return FALSE;
  if (found)
    *out = start;
  return TRUE;
}

static gboolean
job_lowest_price (DdStoreConnection  *conn,
                  gpointer            data,
                  DdStoreResult      *result,
                  GError            **error)
{
  LowestJob *job = data;
  DdPricePoint lowest;
  gboolean found;
  gint64 period_end = job->now;

  if (job->prior)
    {
      DdMoney price = dd_money_init (job->price_minor, job->currency);

      if (!_dd_store_find_reduction_start (conn, job->sku, &price, job->now, &period_end, error))
        return FALSE;
    }

  if (!_dd_store_find_lowest_price (conn, job->sku, job->currency, period_end, &found, &lowest, error))
    return FALSE;

  if (found)
    {
      result->pointer = g_memdup2 (&lowest, sizeof lowest);
      result->pointer_free = g_free;
    }
  return TRUE;
}

static void
queue_lowest_job (DdStore             *self,
                  const char          *sku,
                  const char          *currency,
                  gint64               now,
                  const DdMoney       *price,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  LowestJob *job = g_new0 (LowestJob, 1);

  job->sku = g_strdup (sku);
  job->currency = g_strdup (currency);
  job->now = now;
  job->prior = price != NULL;
  job->price_minor = price != NULL ? price->minor : 0;
  _dd_store_queue_job (self, job_lowest_price, job, lowest_job_free, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, source_tag);
}

void
dd_store_lookup_lowest_price_async (DdStore             *self,
                                    const char          *sku,
                                    const char          *currency,
                                    gint64               now,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (sku != NULL && currency != NULL);

  queue_lowest_job (self, sku, currency, now, NULL, cancellable, callback, user_data,
                    dd_store_lookup_lowest_price_async);
}

void
dd_store_lookup_prior_price_async (DdStore             *self,
                                   const char          *sku,
                                   const DdMoney       *price,
                                   gint64               now,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (sku != NULL && price != NULL);

  queue_lowest_job (self, sku, price->currency, now, price, cancellable, callback, user_data,
                    dd_store_lookup_prior_price_async);
}

DdPricePoint *
dd_store_lookup_prior_price_finish (DdStore       *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

DdPricePoint *
dd_store_lookup_lowest_price_finish (DdStore       *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
