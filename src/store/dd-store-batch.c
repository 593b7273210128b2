/* dd-store-batch.c — statements with their parameters, captured on the
 * caller's thread and written by the worker in one transaction
 *
 * Objects the caller may keep changing are never read on the worker: a
 * save turns them into parameter rows (GVariant tuples) first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-private.h"

typedef struct
{
  const char *sql;     /* static text */
  GVariant   *params;  /* a tuple: child i binds parameter ?i+1 */
} Statement;

static void
statement_free (gpointer data)
{
  Statement *statement = data;

  g_variant_unref (statement->params);
  g_free (statement);
}

GPtrArray *
_dd_store_batch_new (void)
{
  return g_ptr_array_new_with_free_func (statement_free);
}

void
_dd_store_batch_add (GPtrArray  *batch,
                     const char *sql,
                     GVariant   *params)
{
  Statement *statement = g_new0 (Statement, 1);

  g_return_if_fail (g_variant_is_of_type (params, G_VARIANT_TYPE_TUPLE));

  statement->sql = sql;
  statement->params = g_variant_ref_sink (params);
  g_ptr_array_add (batch, statement);
}

static void
bind_value (sqlite3_stmt *stmt,
            int           index,
            GVariant     *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_MAYBE))
    {
      g_autoptr(GVariant) inner = g_variant_get_maybe (value);

      if (inner == NULL)
        sqlite3_bind_null (stmt, index);
      else
        bind_value (stmt, index, inner);
      return;
    }

  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_STRING:
      sqlite3_bind_text (stmt, index, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
      break;

    case G_VARIANT_CLASS_INT64:
      sqlite3_bind_int64 (stmt, index, g_variant_get_int64 (value));
      break;

    case G_VARIANT_CLASS_DOUBLE:
      sqlite3_bind_double (stmt, index, g_variant_get_double (value));
      break;

    case G_VARIANT_CLASS_BOOLEAN:
      sqlite3_bind_int (stmt, index, g_variant_get_boolean (value) ? 1 : 0);
      break;

    default:
      g_assert_not_reached ();
    }
}

gboolean
_dd_store_batch_run (DdStoreConnection  *conn,
                     GPtrArray          *batch,
                     GError            **error)
{
  for (guint i = 0; i < batch->len; i++)
    {
      Statement *statement = g_ptr_array_index (batch, i);
      sqlite3_stmt *stmt = _dd_store_prepare (conn, statement->sql, error);
      gsize n_params;

      if (stmt == NULL)
        return FALSE;

      n_params = g_variant_n_children (statement->params);
      for (gsize p = 0; p < n_params; p++)
        {
          g_autoptr(GVariant) value = g_variant_get_child_value (statement->params, p);

          bind_value (stmt, (int) p + 1, value);
        }

      if (!_dd_store_step_done (conn, stmt, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_dd_store_job_write_batch (DdStoreConnection  *conn,
                           gpointer            data,
                           DdStoreResult      *result,
                           GError            **error)
{
  GPtrArray *batch = data;

  if (!_dd_store_begin (conn, error))
    return FALSE;

  if (!_dd_store_batch_run (conn, batch, error))
    {
      _dd_store_rollback (conn);
      return FALSE;
    }

  return _dd_store_commit (conn, error);
}
