/* dd-store-sync-outbox.c — the sync engine's side of the outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-store-private.h"
#include "dd-store-sync-outbox.h"

G_DEFINE_BOXED_TYPE (DdOutboxEntry, dd_outbox_entry, dd_outbox_entry_copy, dd_outbox_entry_free)
G_DEFINE_BOXED_TYPE (DdSyncConflict, dd_sync_conflict, dd_sync_conflict_copy, dd_sync_conflict_free)

static const char * const state_nicks[] = { "pending", "done", "conflicted", "rejected" };

typedef struct
{
  char   *service;
  guint   limit;
  DdConflictResolution resolution;
  gint64  seq;
  char   *progress;
  DdOutboxState state;
  char   *message;
  char   *remote_id;
  char   *base;
  char   *local;
  char   *remote;
} OutboxJob;

static void
outbox_job_free (gpointer data)
{
  OutboxJob *job = data;

  g_free (job->service);
  g_free (job->progress);
  g_free (job->message);
  g_free (job->remote_id);
  g_free (job->base);
  g_free (job->local);
  g_free (job->remote);
  g_free (job);
}

const char *
dd_outbox_state_to_nick (DdOutboxState state)
{
  g_return_val_if_fail (state <= DD_OUTBOX_STATE_REJECTED, NULL);

  return state_nicks[state];
}

static DdOutboxState
state_from_nick (const char *nick)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_nicks); i++)
    if (g_strcmp0 (nick, state_nicks[i]) == 0)
      return i;
  return DD_OUTBOX_STATE_PENDING;
}

/* The string members of the boxed types, copied and freed together. */
static const gsize entry_strings[] = {
  G_STRUCT_OFFSET (DdOutboxEntry, idempotency_key), G_STRUCT_OFFSET (DdOutboxEntry, service),
  G_STRUCT_OFFSET (DdOutboxEntry, entity), G_STRUCT_OFFSET (DdOutboxEntry, entity_id),
  G_STRUCT_OFFSET (DdOutboxEntry, operation), G_STRUCT_OFFSET (DdOutboxEntry, payload),
  G_STRUCT_OFFSET (DdOutboxEntry, base), G_STRUCT_OFFSET (DdOutboxEntry, progress),
  G_STRUCT_OFFSET (DdOutboxEntry, remote_id), G_STRUCT_OFFSET (DdOutboxEntry, last_error),
};
static const gsize conflict_strings[] = {
  G_STRUCT_OFFSET (DdSyncConflict, entity), G_STRUCT_OFFSET (DdSyncConflict, entity_id),
  G_STRUCT_OFFSET (DdSyncConflict, base), G_STRUCT_OFFSET (DdSyncConflict, local),
  G_STRUCT_OFFSET (DdSyncConflict, remote),
};

#define STRING_AT(base, offset) (*(char **) ((guint8 *) (base) + (offset)))

static gpointer
copy_with_strings (gconstpointer  self,
                   gsize          size,
                   const gsize   *offsets,
                   guint          n_offsets)
{
  gpointer copy = g_memdup2 (self, size);

  for (guint i = 0; i < n_offsets; i++)
    STRING_AT (copy, offsets[i]) = g_strdup (STRING_AT (self, offsets[i]));
  return copy;
}

static void
free_with_strings (gpointer     self,
                   const gsize *offsets,
                   guint        n_offsets)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < n_offsets; i++)
    g_free (STRING_AT (self, offsets[i]));
  g_free (self);
}

DdOutboxEntry *
dd_outbox_entry_copy (const DdOutboxEntry *self)
{
  return copy_with_strings (self, sizeof *self, entry_strings, G_N_ELEMENTS (entry_strings));
}

void
dd_outbox_entry_free (DdOutboxEntry *self)
{
  free_with_strings (self, entry_strings, G_N_ELEMENTS (entry_strings));
}

DdSyncConflict *
dd_sync_conflict_copy (const DdSyncConflict *self)
{
  return copy_with_strings (self, sizeof *self, conflict_strings, G_N_ELEMENTS (conflict_strings));
}

void
dd_sync_conflict_free (DdSyncConflict *self)
{
  free_with_strings (self, conflict_strings, G_N_ELEMENTS (conflict_strings));
}

void
dd_outbox_summary_free (DdOutboxSummary *self)
{
  if (self == NULL)
    return;

  g_free (self->last_error);
  g_free (self);
}

static gboolean
step_error (DdStoreConnection  *conn,
            sqlite3_stmt       *stmt,
            int                 rc,
            GError            **error)
{
  _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
  sqlite3_reset (stmt);
  return FALSE;
}

/* After a SELECT's last row: hands the rows read to the result, or the
 * error that stopped the reading. */
static gboolean
rows_done (DdStoreConnection  *conn,
           sqlite3_stmt       *stmt,
           int                 rc,
           DdStoreResult      *result,
           GPtrArray          *rows,
           GError            **error)
{
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (rows);
      return step_error (conn, stmt, rc, error);
    }
  sqlite3_reset (stmt);
  result->pointer = rows;
  result->pointer_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

static gboolean
job_list_outbox (DdStoreConnection  *conn,
                 gpointer            data,
                 DdStoreResult      *result,
                 GError            **error)
{
  OutboxJob *job = data;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_outbox_entry_free);
  sqlite3_stmt *stmt;
  int rc;

#define ENTRY_COLUMNS \
  "SELECT o.seq, o.idempotency_key, o.service, o.entity, o.entity_id," \
  "  o.operation, o.payload, o.base_version, o.progress, o.state," \
  "  o.attempts, o.last_error, o.created_at," \
  "  (SELECT CASE o.entity WHEN 'offer' THEN remote_id WHEN 'campaign' THEN campaign_id END" \
  "     FROM offers WHERE id = o.entity_id)" \
  " FROM outbox o"

  /* Without a service: the sync log, every entry newest first. */
  if (job->service == NULL)
    stmt = _dd_store_prepare (conn, ENTRY_COLUMNS " WHERE ?1 IS NULL ORDER BY o.seq DESC LIMIT ?2", error);
  else
    stmt = _dd_store_prepare (conn,
                              ENTRY_COLUMNS
                              " WHERE o.state = 'pending' AND o.service = ?1"
                              "  AND NOT EXISTS (SELECT 1 FROM outbox c"
                              "    WHERE c.service = o.service AND c.entity = o.entity"
                              "      AND c.entity_id = o.entity_id AND c.state = 'conflicted' AND c.seq < o.seq)"
                              " ORDER BY o.seq LIMIT ?2",
                              error);
  if (stmt == NULL)
    return FALSE;
  _dd_store_bind_text (stmt, 1, job->service);
  sqlite3_bind_int64 (stmt, 2, job->limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdOutboxEntry *entry = g_new0 (DdOutboxEntry, 1);

      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->idempotency_key = g_strdup (_dd_store_column_text (stmt, 1));
      entry->service = g_strdup (_dd_store_column_text (stmt, 2));
      entry->entity = g_strdup (_dd_store_column_text (stmt, 3));
      entry->entity_id = g_strdup (_dd_store_column_text (stmt, 4));
      entry->operation = g_strdup (_dd_store_column_text (stmt, 5));
      entry->payload = g_strdup (_dd_store_column_text (stmt, 6));
      entry->base = g_strdup (_dd_store_column_text (stmt, 7));
      entry->progress = g_strdup (_dd_store_column_text (stmt, 8));
      entry->state = state_from_nick (_dd_store_column_text (stmt, 9));
      entry->attempts = sqlite3_column_int (stmt, 10);
      entry->last_error = g_strdup (_dd_store_column_text (stmt, 11));
      entry->created_at = sqlite3_column_int64 (stmt, 12);
      entry->remote_id = g_strdup (_dd_store_column_text (stmt, 13));
      g_ptr_array_add (entries, entry);
    }
  return rows_done (conn, stmt, rc, result, g_steal_pointer (&entries), error);
}

static gboolean
job_begin_attempt (DdStoreConnection  *conn,
                   gpointer            data,
                   DdStoreResult      *result,
                   GError            **error)
{
  OutboxJob *job = data;
  sqlite3_stmt *stmt;
  gboolean ok;

  /* What a push learned must survive a crash before the request that
   * depends on it leaves (a stock delta's reading). The count alone need
   * not: creates and updates are checked against the remote anyway. */
  if (job->progress != NULL && !_dd_store_exec (conn, "PRAGMA synchronous = FULL", error))
    return FALSE;

  stmt = _dd_store_prepare (conn,
                            "UPDATE outbox SET attempts = attempts + 1,"
                            "  progress = coalesce (?2, progress)"
                            " WHERE seq = ?1 AND state = 'pending'",
                            error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, job->seq);
      _dd_store_bind_text (stmt, 2, job->progress);
      ok = _dd_store_step_done (conn, stmt, error);
    }

  if (job->progress != NULL)
    sqlite3_exec (conn->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  return ok;
}

static gboolean
run_bound (DdStoreConnection  *conn,
           const char         *sql,
           OutboxJob          *job,
           gint64              now,
           GError            **error)
{
  sqlite3_stmt *stmt = _dd_store_prepare (conn, sql, error);
  int n;

  if (stmt == NULL)
    return FALSE;

  /* Every statement below names its parameters from this one list. */
  n = sqlite3_bind_parameter_count (stmt);
  for (int i = 1; i <= n; i++)
    {
      const char *name = sqlite3_bind_parameter_name (stmt, i);

      if (g_strcmp0 (name, ":seq") == 0)
        sqlite3_bind_int64 (stmt, i, job->seq);
      else if (g_strcmp0 (name, ":now") == 0)
        sqlite3_bind_int64 (stmt, i, now);
      else if (g_strcmp0 (name, ":state") == 0)
        _dd_store_bind_text (stmt, i, state_nicks[job->state]);
      else if (g_strcmp0 (name, ":message") == 0)
        _dd_store_bind_text (stmt, i, job->message);
      else if (g_strcmp0 (name, ":remote_id") == 0)
        _dd_store_bind_text (stmt, i, job->remote_id);
      else if (g_strcmp0 (name, ":base") == 0)
        _dd_store_bind_text (stmt, i, job->base != NULL ? job->base : "{}");
      else if (g_strcmp0 (name, ":local") == 0)
        _dd_store_bind_text (stmt, i, job->local != NULL ? job->local : "{}");
      else if (g_strcmp0 (name, ":remote") == 0)
        _dd_store_bind_text (stmt, i, job->remote != NULL ? job->remote : "{}");
      else
        g_assert_not_reached ();
    }
  return _dd_store_step_done (conn, stmt, error);
}

/* The offer shows the worst state of its unfinished entries, its
 * campaign's (its incentive window) among them. */
#define OFFER_SYNC_STATE_SQL \
  "UPDATE offers SET sync_state = coalesce (" \
  "  (SELECT CASE WHEN sum (state = 'conflicted') > 0 THEN 'conflicted'" \
  "               WHEN sum (state = 'pending') > 0 THEN 'pending' END" \
  "     FROM outbox WHERE entity IN ('offer', 'campaign') AND entity_id = offers.id)," \
  "  CASE WHEN :state = 'rejected' THEN 'rejected' ELSE 'synced' END)" \
  " WHERE id = (SELECT entity_id FROM outbox WHERE seq = :seq AND entity IN ('offer', 'campaign'))"

static gboolean
job_end_entry (DdStoreConnection  *conn,
               gpointer            data,
               DdStoreResult      *result,
               GError            **error)
{
  OutboxJob *job = data;
  gint64 now = g_get_real_time ();
  gboolean ok;

  if (job->state == DD_OUTBOX_STATE_PENDING)
    return run_bound (conn, "UPDATE outbox SET last_error = :message WHERE seq = :seq", job, now, error);

  if (!_dd_store_begin (conn, error))
    return FALSE;

  ok = run_bound (conn,
                  "UPDATE outbox SET state = :state, last_error = :message,"
                  "  done_at = CASE WHEN :state = 'done' THEN :now END"
                  " WHERE seq = :seq",
                  job, now, error);
  if (ok && job->state == DD_OUTBOX_STATE_DONE && job->remote_id != NULL)
    ok = run_bound (conn,
                    "UPDATE offers SET remote_id = :remote_id"
                    " WHERE remote_id IS NULL AND id = (SELECT entity_id FROM outbox"
                    "   WHERE seq = :seq AND entity = 'offer')",
                    job, now, error);
  if (ok && job->state == DD_OUTBOX_STATE_DONE && job->remote_id != NULL)
    ok = run_bound (conn,
                    "UPDATE offers SET campaign_id = :remote_id"
                    " WHERE id = (SELECT entity_id FROM outbox"
                    "   WHERE seq = :seq AND entity = 'campaign')",
                    job, now, error);
  if (ok && job->state == DD_OUTBOX_STATE_CONFLICTED)
    ok = run_bound (conn,
                    "INSERT INTO sync_conflicts (outbox_seq, service, entity, entity_id,"
                    "  base, local, remote, detected_at)"
                    " SELECT seq, service, entity, entity_id, :base, :local, :remote, :now"
                    " FROM outbox WHERE seq = :seq",
                    job, now, error);
  if (ok)
    ok = run_bound (conn, OFFER_SYNC_STATE_SQL, job, now, error);

  if (ok)
    ok = _dd_store_commit (conn, error);
  else
    _dd_store_rollback (conn);
  return ok;
}

/* Keeping the local values sends the entry again with the remote's values
 * as its base; taking the remote's ends it and writes them into the offer. */
static gboolean
job_resolve_conflict (DdStoreConnection  *conn,
                      gpointer            data,
                      DdStoreResult      *result,
                      GError            **error)
{
  OutboxJob *job = data;
  gint64 now = g_get_real_time ();
  gboolean ok;

  if (!_dd_store_begin (conn, error))
    return FALSE;

  /* job->seq is the conflict's id until the entry's seq is known. */
  ok = run_bound (conn,
                  "UPDATE sync_conflicts SET resolved_at = :now"
                  " WHERE id = :seq AND resolved_at IS NULL",
                  job, now, error);
  if (ok && sqlite3_changes (conn->db) != 1)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                   _("There is no open conflict %" G_GINT64_FORMAT), job->seq);
      ok = FALSE;
    }
  if (ok && job->resolution == DD_CONFLICT_KEEP_LOCAL)
    ok = run_bound (conn,
                    "UPDATE outbox SET state = 'pending', last_error = NULL,"
                    "  base_version = json_patch (coalesce (base_version, '{}'),"
                    "    (SELECT remote FROM sync_conflicts WHERE id = :seq))"
                    " WHERE seq = (SELECT outbox_seq FROM sync_conflicts WHERE id = :seq)",
                    job, now, error);
  else if (ok)
    {
      job->message = g_strdup (_("Discarded: the value in the commerce engine was kept"));
      ok = run_bound (conn,
                      "UPDATE outbox SET state = 'rejected', last_error = :message"
                      " WHERE seq = (SELECT outbox_seq FROM sync_conflicts WHERE id = :seq)",
                      job, now, error)
           && run_bound (conn,
                         "UPDATE offers SET"
                         "  title = coalesce (json_extract (c.remote, '$.title'), title),"
                         "  price_minor = coalesce (json_extract (c.remote, '$.price_minor'), price_minor),"
                         "  state = coalesce (json_extract (c.remote, '$.state'), state),"
                         "  window_start = coalesce (json_extract (c.remote, '$.window_start'), window_start),"
                         "  window_end = coalesce (json_extract (c.remote, '$.window_end'), window_end)"
                         " FROM sync_conflicts c WHERE c.id = :seq AND c.entity IN ('offer', 'campaign')"
                         "  AND offers.id = c.entity_id",
                         job, now, error);
    }
  if (ok)
    {
      /* The offer's state follows its remaining entries. */
      ok = run_bound (conn,
                      "UPDATE offers SET sync_state = coalesce ("
                      "  (SELECT CASE WHEN sum (state = 'conflicted') > 0 THEN 'conflicted'"
                      "               WHEN sum (state = 'pending') > 0 THEN 'pending' END"
                      "     FROM outbox WHERE entity IN ('offer', 'campaign') AND entity_id = offers.id), 'synced')"
                      " WHERE id = (SELECT entity_id FROM sync_conflicts WHERE id = :seq"
                      "   AND entity IN ('offer', 'campaign'))",
                      job, now, error);
    }

  if (ok)
    ok = _dd_store_commit (conn, error);
  else
    _dd_store_rollback (conn);
  return ok;
}

static gboolean
job_list_conflicts (DdStoreConnection  *conn,
                    gpointer            data,
                    DdStoreResult      *result,
                    GError            **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_sync_conflict_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT id, outbox_seq, entity, entity_id, base, local, remote, detected_at"
                            " FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY id",
                            error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdSyncConflict *conflict = g_new0 (DdSyncConflict, 1);

      conflict->id = sqlite3_column_int64 (stmt, 0);
      conflict->outbox_seq = sqlite3_column_int64 (stmt, 1);
      conflict->entity = g_strdup (_dd_store_column_text (stmt, 2));
      conflict->entity_id = g_strdup (_dd_store_column_text (stmt, 3));
      conflict->base = g_strdup (_dd_store_column_text (stmt, 4));
      conflict->local = g_strdup (_dd_store_column_text (stmt, 5));
      conflict->remote = g_strdup (_dd_store_column_text (stmt, 6));
      conflict->detected_at = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (conflicts, conflict);
    }
  return rows_done (conn, stmt, rc, result, g_steal_pointer (&conflicts), error);
}

static gboolean
job_summarize (DdStoreConnection  *conn,
               gpointer            data,
               DdStoreResult      *result,
               GError            **error)
{
  g_autoptr(DdOutboxSummary) summary = g_new0 (DdOutboxSummary, 1);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT coalesce (sum (state = 'pending'), 0), coalesce (sum (state = 'done'), 0),"
                            "  coalesce (sum (state = 'conflicted'), 0), coalesce (sum (state = 'rejected'), 0),"
                            "  (SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL),"
                            "  (SELECT last_error FROM outbox WHERE last_error IS NOT NULL AND state != 'done'"
                            "     ORDER BY seq DESC LIMIT 1),"
                            "  (SELECT coalesce (min (created_at), 0) FROM outbox WHERE state = 'pending')"
                            " FROM outbox",
                            error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return step_error (conn, stmt, rc, error);
  summary->pending = sqlite3_column_int64 (stmt, 0);
  summary->done = sqlite3_column_int64 (stmt, 1);
  summary->conflicted = sqlite3_column_int64 (stmt, 2);
  summary->rejected = sqlite3_column_int64 (stmt, 3);
  summary->open_conflicts = sqlite3_column_int64 (stmt, 4);
  summary->last_error = g_strdup (_dd_store_column_text (stmt, 5));
  summary->oldest_pending_at = sqlite3_column_int64 (stmt, 6);
  sqlite3_reset (stmt);

  result->pointer = g_steal_pointer (&summary);
  result->pointer_free = (GDestroyNotify) dd_outbox_summary_free;
  return TRUE;
}

void
dd_store_list_sync_log_async (DdStore             *self,
                              guint                limit,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  OutboxJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (limit > 0);

  job = g_new0 (OutboxJob, 1);
  job->limit = limit;
  _dd_store_queue_job (self, job_list_outbox, job, outbox_job_free, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_list_sync_log_async);
}

void
dd_store_list_outbox_async (DdStore             *self,
                            const char          *service,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  OutboxJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (service != NULL);
  g_return_if_fail (limit > 0);

  job = g_new0 (OutboxJob, 1);
  job->service = g_strdup (service);
  job->limit = limit;
  _dd_store_queue_job (self, job_list_outbox, job, outbox_job_free, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_list_outbox_async);
}

void
dd_store_begin_outbox_attempt_async (DdStore             *self,
                                     gint64               seq,
                                     const char          *progress,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  OutboxJob *job;

  g_return_if_fail (DD_IS_STORE (self));

  job = g_new0 (OutboxJob, 1);
  job->seq = seq;
  job->progress = g_strdup (progress);
  _dd_store_queue_job (self, job_begin_attempt, job, outbox_job_free, DD_STORE_RESULT_BOOLEAN,
                       cancellable, callback, user_data, dd_store_begin_outbox_attempt_async);
}

void
dd_store_end_outbox_entry_async (DdStore               *self,
                                 const DdOutboxOutcome *outcome,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  OutboxJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (outcome != NULL && outcome->state <= DD_OUTBOX_STATE_REJECTED);

  job = g_new0 (OutboxJob, 1);
  job->seq = outcome->seq;
  job->state = outcome->state;
  job->message = g_strdup (outcome->message);
  job->remote_id = g_strdup (outcome->remote_id);
  job->base = g_strdup (outcome->base);
  job->local = g_strdup (outcome->local);
  job->remote = g_strdup (outcome->remote);
  _dd_store_queue_job (self, job_end_entry, job, outbox_job_free, DD_STORE_RESULT_BOOLEAN,
                       cancellable, callback, user_data, dd_store_end_outbox_entry_async);
}

void
dd_store_resolve_conflict_async (DdStore              *self,
                                 gint64                conflict_id,
                                 DdConflictResolution  resolution,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  OutboxJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (resolution == DD_CONFLICT_KEEP_LOCAL || resolution == DD_CONFLICT_TAKE_REMOTE);

  job = g_new0 (OutboxJob, 1);
  job->seq = conflict_id;
  job->resolution = resolution;
  _dd_store_queue_job (self, job_resolve_conflict, job, outbox_job_free, DD_STORE_RESULT_BOOLEAN,
                       cancellable, callback, user_data, dd_store_resolve_conflict_async);
}

void
dd_store_list_conflicts_async (DdStore             *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));

  _dd_store_queue_job (self, job_list_conflicts, NULL, NULL, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_list_conflicts_async);
}

void
dd_store_summarize_outbox_async (DdStore             *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));

  _dd_store_queue_job (self, job_summarize, NULL, NULL, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_summarize_outbox_async);
}

DdOutboxSummary *
dd_store_summarize_outbox_finish (DdStore       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
