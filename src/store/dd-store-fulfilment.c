/* dd-store-fulfilment.c — hubs, stock levels and order summaries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-store-private.h"

/* Saves never read the caller's objects on the worker thread: each object
 * becomes a parameter tuple here, on the caller's thread. */
static GPtrArray *
to_batch (GPtrArray   *objects,
          const char  *sql,
          GVariant  *(*to_params) (gpointer object))
{
  GPtrArray *batch = _dd_store_batch_new ();

  for (guint i = 0; i < objects->len; i++)
    _dd_store_batch_add (batch, sql, to_params (g_ptr_array_index (objects, i)));
  return batch;
}

static gboolean
finish_rows (DdStoreConnection  *conn,
             sqlite3_stmt       *stmt,
             int                 rc,
             GPtrArray         **objects,
             DdStoreResult      *result,
             GError            **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }
  result->pointer = g_steal_pointer (objects);
  result->pointer_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

/* Hubs */

/* An upsert, never INSERT OR REPLACE: replacing would delete the row and
 * cascade to the hub's stock levels. */
static const char upsert_hub_sql[] =
  "INSERT INTO hubs (id, name, address, latitude, longitude,"
  "  capacity_per_hour, couriers, cutoff_minute, open)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
  " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
  "  address = excluded.address, latitude = excluded.latitude,"
  "  longitude = excluded.longitude,"
  "  capacity_per_hour = excluded.capacity_per_hour,"
  "  couriers = excluded.couriers,"
  "  cutoff_minute = excluded.cutoff_minute, open = excluded.open";

static GVariant *
hub_to_params (gpointer object)
{
  DdHub *hub = object;

  return g_variant_new ("(msmsmsddxxxb)",
                        dd_hub_get_id (hub),
                        dd_hub_get_name (hub),
                        dd_hub_get_address (hub),
                        dd_hub_get_latitude (hub),
                        dd_hub_get_longitude (hub),
                        (gint64) dd_hub_get_capacity_per_hour (hub),
                        (gint64) dd_hub_get_couriers (hub),
                        (gint64) dd_hub_get_cutoff_minute (hub),
                        dd_hub_get_open (hub));
}

GPtrArray *
_dd_store_hubs_to_batch (GPtrArray *hubs)
{
  return to_batch (hubs, upsert_hub_sql, hub_to_params);
}

gboolean
_dd_store_job_load_hubs (DdStoreConnection  *conn,
                         gpointer            data,
                         DdStoreResult      *result,
                         GError            **error)
{
  g_autoptr(GPtrArray) hubs = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT id, name, address, latitude, longitude, capacity_per_hour,"
                            " couriers, cutoff_minute, open FROM hubs ORDER BY rowid",
                            error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(DdHub) hub = dd_hub_new (_dd_store_column_text (stmt, 0),
                                         _dd_store_column_text (stmt, 1));
      g_autoptr(GError) invalid = NULL;
      guint capacity = (guint) sqlite3_column_int64 (stmt, 5);

      dd_hub_set_address (hub, _dd_store_column_text (stmt, 2));
      if (!dd_hub_set_location (hub, sqlite3_column_double (stmt, 3),
                                sqlite3_column_double (stmt, 4), &invalid)
          || (capacity > 0 && !dd_hub_set_capacity_per_hour (hub, capacity, &invalid)))
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                       _("Hub %s in %s cannot be used: %s"),
                       dd_hub_get_id (hub), conn->path, invalid->message);
          sqlite3_reset (stmt);
          return FALSE;
        }
      dd_hub_set_couriers (hub, (guint) sqlite3_column_int64 (stmt, 6));
      dd_hub_set_cutoff_minute (hub, (guint) sqlite3_column_int64 (stmt, 7));
      dd_hub_set_open (hub, sqlite3_column_int (stmt, 8) != 0);
      g_ptr_array_add (hubs, g_steal_pointer (&hub));
    }

  return finish_rows (conn, stmt, rc, &hubs, result, error);
}

/* Stock levels */

static const char upsert_stock_sql[] =
  "INSERT INTO stock_levels (hub_id, sku, on_hand, reserved, allocated)"
  " VALUES (?1, ?2, ?3, ?4, ?5)"
  " ON CONFLICT (hub_id, sku) DO UPDATE SET on_hand = excluded.on_hand,"
  "  reserved = excluded.reserved, allocated = excluded.allocated";

static GVariant *
stock_level_to_params (gpointer object)
{
  DdStockLevel *level = object;

  return g_variant_new ("(msmsxxx)",
                        dd_stock_level_get_hub_id (level),
                        dd_stock_level_get_sku (level),
                        dd_stock_level_get_on_hand (level),
                        dd_stock_level_get_reserved (level),
                        dd_stock_level_get_allocated (level));
}

GPtrArray *
_dd_store_stock_to_batch (GPtrArray *levels)
{
  return to_batch (levels, upsert_stock_sql, stock_level_to_params);
}

gboolean
_dd_store_job_load_stock (DdStoreConnection  *conn,
                          gpointer            data,
                          DdStoreResult      *result,
                          GError            **error)
{
  g_autoptr(GPtrArray) levels = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT hub_id, sku, on_hand, reserved, allocated"
                            " FROM stock_levels ORDER BY hub_id, sku",
                            error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(DdStockLevel) level = dd_stock_level_new (_dd_store_column_text (stmt, 0),
                                                          _dd_store_column_text (stmt, 1));
      g_autoptr(GError) invalid = NULL;
      gint64 reserved = sqlite3_column_int64 (stmt, 3);
      gint64 allocated = sqlite3_column_int64 (stmt, 4);

      if (!dd_stock_level_set_on_hand (level, sqlite3_column_int64 (stmt, 2), &invalid)
          || (reserved > 0 && !dd_stock_level_reserve (level, reserved, &invalid))
          || (allocated > 0 && !dd_stock_level_allocate (level, allocated, &invalid)))
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                       _("A stock level in %s cannot be used: %s"),
                       conn->path, invalid->message);
          sqlite3_reset (stmt);
          return FALSE;
        }
      g_ptr_array_add (levels, g_steal_pointer (&level));
    }

  return finish_rows (conn, stmt, rc, &levels, result, error);
}

/* Orders */

static const char upsert_order_sql[] =
  "INSERT INTO orders (id, offer_id, sku, hub_id, quantity,"
  "  total_minor, currency, created_at, status)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
  " ON CONFLICT (id) DO UPDATE SET offer_id = excluded.offer_id,"
  "  sku = excluded.sku, hub_id = excluded.hub_id,"
  "  quantity = excluded.quantity, total_minor = excluded.total_minor,"
  "  currency = excluded.currency, created_at = excluded.created_at,"
  "  status = excluded.status";

static GVariant *
order_to_params (gpointer object)
{
  DdOrder *order = object;
  const DdMoney *total = dd_order_get_total (order);

  return g_variant_new ("(msmsmsmsxxmsxms)",
                        dd_order_get_id (order),
                        dd_order_get_offer_id (order),
                        dd_order_get_sku (order),
                        dd_order_get_hub_id (order),
                        (gint64) dd_order_get_quantity (order),
                        total->minor,
                        total->currency,
                        dd_order_get_created_at (order),
                        _dd_store_enum_to_nick (DD_TYPE_ORDER_STATUS, dd_order_get_status (order)));
}

GPtrArray *
_dd_store_orders_to_batch (GPtrArray *orders)
{
  return to_batch (orders, upsert_order_sql, order_to_params);
}

gboolean
_dd_store_job_load_orders (DdStoreConnection  *conn,
                           gpointer            data,
                           DdStoreResult      *result,
                           GError            **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT id, offer_id, sku, hub_id, quantity, total_minor, currency,"
                            " created_at, status FROM orders ORDER BY created_at, rowid",
                            error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) invalid = NULL;
      DdMoney total = dd_money_init (sqlite3_column_int64 (stmt, 5),
                                     _dd_store_column_text (stmt, 6));
      DdOrder *order;

      order = dd_order_new (_dd_store_column_text (stmt, 0),
                            _dd_store_column_text (stmt, 1),
                            _dd_store_column_text (stmt, 2),
                            _dd_store_column_text (stmt, 3),
                            (guint) sqlite3_column_int64 (stmt, 4),
                            &total,
                            sqlite3_column_int64 (stmt, 7),
                            &invalid);
      if (order == NULL)
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                       _("An order in %s cannot be used: %s"), conn->path, invalid->message);
          sqlite3_reset (stmt);
          return FALSE;
        }
      dd_order_set_status (order, _dd_store_enum_from_nick (DD_TYPE_ORDER_STATUS,
                                                            _dd_store_column_text (stmt, 8),
                                                            DD_ORDER_STATUS_PLACED));
      g_ptr_array_add (orders, order);
    }

  return finish_rows (conn, stmt, rc, &orders, result, error);
}
