/* dd-store-squad-ledger.c — other members' ledger entries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-private.h"
#include "dd-store-squad-ledger.h"

DdSquadLedgerItem *
dd_squad_ledger_item_new (const char    *member,
                          DdLedgerEntry *entry)
{
  DdSquadLedgerItem *item = g_new0 (DdSquadLedgerItem, 1);

  item->member = g_strdup (member);
  item->entry = dd_ledger_entry_ref (entry);
  return item;
}

void
dd_squad_ledger_item_free (DdSquadLedgerItem *item)
{
  if (item == NULL)
    return;
  g_free (item->member);
  dd_ledger_entry_unref (item->entry);
  g_free (item);
}

typedef struct
{
  char          *member;
  DdLedgerEntry *entry;
  guint          limit;
} SquadLedgerJob;

static void
squad_ledger_job_free (gpointer data)
{
  SquadLedgerJob *job = data;

  g_free (job->member);
  g_clear_pointer (&job->entry, dd_ledger_entry_unref);
  g_free (job);
}

static gboolean
job_add (DdStoreConnection  *conn,
         gpointer            data,
         DdStoreResult      *result,
         GError            **error)
{
  SquadLedgerJob *job = data;
  const DdLedgerFields *fields = dd_ledger_entry_get_fields (job->entry);
  sqlite3_stmt *stmt;

  stmt = _dd_store_prepare (conn,
                            "INSERT OR IGNORE INTO squad_ledger (member, entry_id, seq, time, actor, role,"
                            "  entity, entity_id, field, before, after, reason, chat_message_id, prev_hash,"
                            "  hash, received_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                            error);
  if (stmt == NULL)
    return FALSE;
  _dd_store_bind_text (stmt, 1, job->member);
  _dd_store_bind_text (stmt, 2, fields->entry_id);
  sqlite3_bind_int64 (stmt, 3, fields->seq);
  sqlite3_bind_int64 (stmt, 4, fields->time_us);
  _dd_store_bind_text (stmt, 5, fields->actor);
  _dd_store_bind_text (stmt, 6, fields->role);
  _dd_store_bind_text (stmt, 7, fields->entity);
  _dd_store_bind_text (stmt, 8, fields->entity_id);
  _dd_store_bind_text (stmt, 9, fields->field);
  _dd_store_bind_text (stmt, 10, fields->before);
  _dd_store_bind_text (stmt, 11, fields->after);
  _dd_store_bind_text (stmt, 12, fields->reason);
  _dd_store_bind_text (stmt, 13, fields->chat_message_id);
  _dd_store_bind_text (stmt, 14, fields->prev_hash);
  _dd_store_bind_text (stmt, 15, fields->hash);
  sqlite3_bind_int64 (stmt, 16, g_get_real_time ());
  if (!_dd_store_step_done (conn, stmt, error))
    return FALSE;
  result->number = sqlite3_changes (conn->db) > 0 ? 1 : 0;
  return TRUE;
}

static gboolean
job_load (DdStoreConnection  *conn,
          gpointer            data,
          DdStoreResult      *result,
          GError            **error)
{
  SquadLedgerJob *job = data;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_squad_ledger_item_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT * FROM ("
                            " SELECT seq, entry_id, time, actor, role, entity, entity_id, field, before, after,"
                            "  reason, chat_message_id, prev_hash, hash, member, rowid FROM squad_ledger"
                            "  ORDER BY rowid DESC LIMIT ?1"
                            ") ORDER BY rowid",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->limit > 0 ? (gint64) job->limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(DdLedgerEntry) entry = NULL;
      DdLedgerFields row;

      _dd_store_ledger_fields_from_row (stmt, &row);
      entry = dd_ledger_entry_new (&row);
      g_ptr_array_add (items, dd_squad_ledger_item_new (_dd_store_column_text (stmt, 14), entry));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }
  result->pointer = g_steal_pointer (&items);
  result->pointer_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

void
dd_store_add_squad_ledger_async (DdStore             *self,
                                 const char          *member,
                                 DdLedgerEntry       *entry,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  SquadLedgerJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (member != NULL && entry != NULL && dd_ledger_entry_get_hash (entry) != NULL);

  job = g_new0 (SquadLedgerJob, 1);
  job->member = g_strdup (member);
  job->entry = dd_ledger_entry_ref (entry);
  _dd_store_queue_job (self, job_add, job, squad_ledger_job_free, DD_STORE_RESULT_INT,
                       cancellable, callback, user_data, dd_store_add_squad_ledger_async);
}

gint64
dd_store_add_squad_ledger_finish (DdStore       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

void
dd_store_load_squad_ledger_async (DdStore             *self,
                                  guint                limit,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  SquadLedgerJob *job;

  g_return_if_fail (DD_IS_STORE (self));

  job = g_new0 (SquadLedgerJob, 1);
  job->limit = limit;
  _dd_store_queue_job (self, job_load, job, squad_ledger_job_free, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_load_squad_ledger_async);
}
