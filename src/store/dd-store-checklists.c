/* dd-store-checklists.c — checklists, their items and sign-offs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dd-store-private.h"

static char *
dependencies_to_json (DdChecklistItem *item)
{
  const char * const *depends_on = dd_checklist_item_get_depends_on (item);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; depends_on != NULL && depends_on[i] != NULL; i++)
    json_builder_add_string_value (builder, depends_on[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static const char upsert_checklist_sql[] =
  "INSERT INTO checklists (id, title, phase) VALUES (?1, ?2, ?3)"
  " ON CONFLICT (id) DO UPDATE SET title = excluded.title, phase = excluded.phase";

static const char delete_items_sql[] =
  "DELETE FROM checklist_items WHERE checklist_id = ?1";

static const char insert_item_sql[] =
  "INSERT INTO checklist_items (checklist_id, id, position, title, description,"
  "  owner, kind, due_offset, depends_on, state, signed_by, signed_at, note,"
  "  blocking, probe_id, evidence)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";

static GVariant *
item_to_params (const char      *checklist_id,
                guint            position,
                DdChecklistItem *item)
{
  g_autofree char *depends_on = dependencies_to_json (item);

  return g_variant_new ("(msmsxmsmsmsmsxmsmsmsxmsxmsms)",
                        checklist_id,
                        dd_checklist_item_get_id (item),
                        (gint64) position,
                        dd_checklist_item_get_title (item),
                        dd_checklist_item_get_description (item),
                        _dd_store_enum_to_nick (DD_TYPE_ROLE, dd_checklist_item_get_owner (item)),
                        _dd_store_enum_to_nick (DD_TYPE_CHECKLIST_ITEM_KIND, dd_checklist_item_get_kind (item)),
                        dd_checklist_item_get_due_offset (item),
                        depends_on,
                        _dd_store_enum_to_nick (DD_TYPE_CHECKLIST_ITEM_STATE, dd_checklist_item_get_state (item)),
                        dd_checklist_item_get_signed_by (item),
                        dd_checklist_item_get_signed_at (item),
                        dd_checklist_item_get_note (item),
                        (gint64) dd_checklist_item_get_blocking (item),
                        dd_checklist_item_get_probe_id (item),
                        dd_checklist_item_get_evidence (item));
}

/* A checklist's row, then its items replaced in order. */
GPtrArray *
_dd_store_checklists_to_batch (GPtrArray *checklists)
{
  GPtrArray *batch = _dd_store_batch_new ();

  for (guint i = 0; i < checklists->len; i++)
    {
      DdChecklist *checklist = g_ptr_array_index (checklists, i);
      const char *id = dd_checklist_get_id (checklist);
      guint n_items = g_list_model_get_n_items (G_LIST_MODEL (checklist));

      _dd_store_batch_add (batch, upsert_checklist_sql,
                           g_variant_new ("(msmsms)", id, dd_checklist_get_title (checklist),
                                          _dd_store_enum_to_nick (DD_TYPE_CHECKLIST_PHASE,
                                                                  dd_checklist_get_phase (checklist))));
      _dd_store_batch_add (batch, delete_items_sql, g_variant_new ("(ms)", id));
      for (guint position = 0; position < n_items; position++)
        {
          g_autoptr(DdChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (checklist), position);

          _dd_store_batch_add (batch, insert_item_sql, item_to_params (id, position, item));
        }
    }

  return batch;
}

static gboolean
add_dependencies (DdChecklistItem  *item,
                  const char       *json,
                  GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, json != NULL ? json : "[]", -1, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                           _("the dependencies are not a list"));
      return FALSE;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *dependency = json_array_get_string_element (array, i);

      if (dependency != NULL)
        dd_checklist_item_add_dependency (item, dependency);
    }
  return TRUE;
}

static DdChecklistItem *
item_from_row (sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr(DdChecklistItem) item = NULL;

  item = dd_checklist_item_new (_dd_store_column_text (stmt, 1),
                                _dd_store_column_text (stmt, 2),
                                _dd_store_enum_from_nick (DD_TYPE_ROLE, _dd_store_column_text (stmt, 4),
                                                          DD_ROLE_PRODUCER),
                                _dd_store_enum_from_nick (DD_TYPE_CHECKLIST_ITEM_KIND,
                                                          _dd_store_column_text (stmt, 5),
                                                          DD_CHECKLIST_ITEM_MANUAL));
  dd_checklist_item_set_description (item, _dd_store_column_text (stmt, 3));
  dd_checklist_item_set_due_offset (item, sqlite3_column_int64 (stmt, 6));
  if (!add_dependencies (item, _dd_store_column_text (stmt, 7), error))
    return NULL;
  dd_checklist_item_restore_state (item,
                                   _dd_store_enum_from_nick (DD_TYPE_CHECKLIST_ITEM_STATE,
                                                             _dd_store_column_text (stmt, 8),
                                                             DD_CHECKLIST_ITEM_OPEN),
                                   _dd_store_column_text (stmt, 9),
                                   sqlite3_column_int64 (stmt, 10),
                                   _dd_store_column_text (stmt, 11));
  dd_checklist_item_set_blocking (item, sqlite3_column_int64 (stmt, 12) != 0);
  dd_checklist_item_set_probe_id (item, _dd_store_column_text (stmt, 13));
  dd_checklist_item_restore_evidence (item, _dd_store_column_text (stmt, 14));
  return g_steal_pointer (&item);
}

gboolean
_dd_store_job_load_checklists (DdStoreConnection  *conn,
                               gpointer            data,
                               DdStoreResult      *result,
                               GError            **error)
{
  g_autoptr(GPtrArray) checklists = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn, "SELECT id, title, phase FROM checklists ORDER BY rowid", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdChecklist *checklist;

      checklist = dd_checklist_new (_dd_store_column_text (stmt, 0),
                                    _dd_store_column_text (stmt, 1),
                                    _dd_store_enum_from_nick (DD_TYPE_CHECKLIST_PHASE,
                                                              _dd_store_column_text (stmt, 2),
                                                              DD_CHECKLIST_PHASE_PRE_DROP));
      g_ptr_array_add (checklists, checklist);
      g_hash_table_insert (by_id, (gpointer) dd_checklist_get_id (checklist), checklist);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }

  stmt = _dd_store_prepare (conn,
                            "SELECT checklist_id, id, title, description, owner, kind, due_offset,"
                            " depends_on, state, signed_by, signed_at, note, blocking, probe_id, evidence"
                            " FROM checklist_items ORDER BY checklist_id, position",
                            error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdChecklist *checklist = g_hash_table_lookup (by_id, _dd_store_column_text (stmt, 0));
      g_autoptr(DdChecklistItem) item = NULL;
      g_autoptr(GError) invalid = NULL;

      if (checklist == NULL)
        continue;
      item = item_from_row (stmt, &invalid);
      if (item == NULL || !dd_checklist_add_item (checklist, item, &invalid))
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                       _("Checklist %s in %s cannot be used: %s"),
                       dd_checklist_get_id (checklist), conn->path, invalid->message);
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

  result->pointer = g_steal_pointer (&checklists);
  result->pointer_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

/* Templates: one JSON document each, the templates-file format holding just
 * that template, so a document loads with dd_checklist_templates_from_json(). */

static const char delete_templates_sql[] = "DELETE FROM checklist_templates";

static const char insert_template_sql[] =
  "INSERT INTO checklist_templates (id, position, document) VALUES (?1, ?2, ?3)";

static gboolean
job_load_templates (DdStoreConnection  *conn,
                    gpointer            data,
                    DdStoreResult      *result,
                    GError            **error)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn, "SELECT id, document FROM checklist_templates ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *name = g_strdup_printf (_("Template %s in %s"),
                                               _dd_store_column_text (stmt, 0), conn->path);
      g_autoptr(GPtrArray) loaded = NULL;

      loaded = dd_checklist_templates_from_json (_dd_store_column_text (stmt, 1), -1, name, error);
      if (loaded == NULL)
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      g_ptr_array_extend_and_steal (templates, g_steal_pointer (&loaded));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }

  result->pointer = g_steal_pointer (&templates);
  result->pointer_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

void
dd_store_save_checklist_templates_async (DdStore             *self,
                                         GPtrArray           *templates,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GPtrArray *batch;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (templates != NULL);

  batch = _dd_store_batch_new ();
  _dd_store_batch_add (batch, delete_templates_sql, g_variant_new ("()"));
  for (guint i = 0; i < templates->len; i++)
    {
      DdChecklist *tmpl = g_ptr_array_index (templates, i);
      GPtrArray one = { .pdata = (gpointer *) &tmpl, .len = 1 };
      g_autofree char *document = dd_checklist_templates_to_json (&one);

      _dd_store_batch_add (batch, insert_template_sql,
                           g_variant_new ("(msxms)", dd_checklist_get_id (tmpl), (gint64) i, document));
    }

  _dd_store_queue_job (self, _dd_store_job_write_batch, batch, (GDestroyNotify) g_ptr_array_unref,
                       DD_STORE_RESULT_BOOLEAN, cancellable, callback, user_data,
                       dd_store_save_checklist_templates_async);
}

void
dd_store_load_checklist_templates_async (DdStore             *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));

  _dd_store_queue_job (self, job_load_templates, NULL, NULL, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_load_checklist_templates_async);
}

/* Polls */

typedef struct
{
  GPtrArray *batch;        /* the poll row and its answers */
  char *poll_id;
  DdLedgerEntry *decision; /* the ledger draft of a decided poll, or NULL */
} PollSave;

static void
poll_save_free (gpointer data)
{
  PollSave *save = data;

  g_clear_pointer (&save->batch, g_ptr_array_unref);
  g_clear_pointer (&save->poll_id, g_free);
  g_clear_pointer (&save->decision, dd_ledger_entry_unref);
  g_free (save);
}

static const char upsert_poll_sql[] =
  "INSERT INTO go_no_go_polls (id, opened_by, opener, opened_at, decided_at, outcome, summary)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
  " ON CONFLICT (id) DO UPDATE SET decided_at = excluded.decided_at,"
  "  outcome = excluded.outcome, summary = excluded.summary";

static const char insert_answer_sql[] =
  "INSERT OR IGNORE INTO go_no_go_answers (poll_id, position, role, member, answer, reason, time)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/* TRUE when the stored poll is decided already: its entry is in the ledger. */
static gboolean
poll_was_decided (DdStoreConnection  *conn,
                  const char         *poll_id,
                  gboolean           *decided,
                  GError            **error)
{
  sqlite3_stmt *stmt = _dd_store_prepare (conn, "SELECT decided_at FROM go_no_go_polls WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _dd_store_bind_text (stmt, 1, poll_id);
  rc = sqlite3_step (stmt);
  *decided = rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
job_save_poll (DdStoreConnection  *conn,
               gpointer            data,
               DdStoreResult      *result,
               GError            **error)
{
  PollSave *save = data;
  g_autoptr(DdLedgerEntry) entry = NULL;
  gboolean decided = FALSE;

  if (!_dd_store_begin (conn, error))
    return FALSE;

  if (!poll_was_decided (conn, save->poll_id, &decided, error)
      || !_dd_store_batch_run (conn, save->batch, error))
    {
      _dd_store_rollback (conn);
      return FALSE;
    }

  if (save->decision != NULL && !decided)
    {
      entry = _dd_store_ledger_append (conn, dd_ledger_entry_get_fields (save->decision), error);
      if (entry == NULL)
        {
          _dd_store_rollback (conn);
          return FALSE;
        }
    }

  return _dd_store_commit (conn, error);
}

void
dd_store_save_poll_async (DdStore             *self,
                          DdGoNoGoPoll        *poll,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  PollSave *save;
  gboolean decided;
  g_autofree char *summary = NULL;
  const char *id;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (DD_IS_GO_NO_GO_POLL (poll));
  g_return_if_fail (dd_go_no_go_poll_get_state (poll) != DD_POLL_STATE_NOT_OPEN);

  id = dd_go_no_go_poll_get_id (poll);
  decided = dd_go_no_go_poll_get_state (poll) == DD_POLL_STATE_DECIDED;
  summary = decided ? dd_go_no_go_poll_dup_summary (poll) : NULL;

  save = g_new0 (PollSave, 1);
  save->poll_id = g_strdup (id);
  save->batch = _dd_store_batch_new ();
  _dd_store_batch_add (save->batch, upsert_poll_sql,
                       g_variant_new ("(msmsmsxxmsms)", id,
                                      dd_role_to_nick (dd_go_no_go_poll_get_opened_by (poll)),
                                      dd_go_no_go_poll_get_opener (poll),
                                      dd_go_no_go_poll_get_opened_at (poll),
                                      dd_go_no_go_poll_get_decided_at (poll),
                                      decided ? dd_poll_answer_to_nick (dd_go_no_go_poll_get_outcome (poll)) : NULL,
                                      summary));
  for (guint i = 0; i < dd_go_no_go_poll_get_n_votes (poll); i++)
    {
      const DdPollVote *vote = dd_go_no_go_poll_get_vote (poll, i);

      _dd_store_batch_add (save->batch, insert_answer_sql,
                           g_variant_new ("(msxmsmsmsmsx)", id, (gint64) i,
                                          dd_role_to_nick (vote->role), vote->member,
                                          dd_poll_answer_to_nick (vote->answer), vote->reason,
                                          vote->time_us));
    }
  if (decided)
    save->decision = dd_go_no_go_poll_to_ledger_entry (poll);

  _dd_store_queue_job (self, job_save_poll, save, poll_save_free, DD_STORE_RESULT_BOOLEAN,
                       cancellable, callback, user_data, dd_store_save_poll_async);
}

static gboolean
read_answers (DdStoreConnection  *conn,
              DdGoNoGoPoll       *poll,
              GError            **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT role, member, answer, reason, time FROM go_no_go_answers"
                            " WHERE poll_id = ?1 ORDER BY position",
                            error);
  if (stmt == NULL)
    return FALSE;
  _dd_store_bind_text (stmt, 1, dd_go_no_go_poll_get_id (poll));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdRole role;
      DdPollAnswer answer;

      if (!dd_role_from_nick (_dd_store_column_text (stmt, 0), &role)
          || !dd_poll_answer_from_nick (_dd_store_column_text (stmt, 2), &answer))
        continue;
      dd_go_no_go_poll_restore_vote (poll, role, _dd_store_column_text (stmt, 1), answer,
                                     _dd_store_column_text (stmt, 3), sqlite3_column_int64 (stmt, 4));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
job_load_latest_poll (DdStoreConnection  *conn,
                      gpointer            data,
                      DdStoreResult      *result,
                      GError            **error)
{
  g_autoptr(DdGoNoGoPoll) poll = NULL;
  sqlite3_stmt *stmt;
  DdPollAnswer outcome;
  DdRole opened_by;
  gint64 decided_at = 0;
  g_autofree char *summary = NULL;
  gboolean has_outcome = FALSE;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT id, opened_by, opener, opened_at, decided_at, outcome, summary"
                            " FROM go_no_go_polls ORDER BY opened_at DESC, rowid DESC LIMIT 1",
                            error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (!dd_role_from_nick (_dd_store_column_text (stmt, 1), &opened_by))
        opened_by = DD_ROLE_PRODUCER;
      poll = dd_go_no_go_poll_new_restored (_dd_store_column_text (stmt, 0), opened_by,
                                            _dd_store_column_text (stmt, 2),
                                            sqlite3_column_int64 (stmt, 3), NULL);
      decided_at = sqlite3_column_int64 (stmt, 4);
      has_outcome = dd_poll_answer_from_nick (_dd_store_column_text (stmt, 5), &outcome);
      summary = g_strdup (_dd_store_column_text (stmt, 6));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }

  if (poll != NULL)
    {
      if (!read_answers (conn, poll, error))
        return FALSE;
      if (has_outcome && decided_at != 0)
        dd_go_no_go_poll_restore_decision (poll, outcome, decided_at, summary);
    }

  result->pointer = g_steal_pointer (&poll);
  result->pointer_free = g_object_unref;
  return TRUE;
}

void
dd_store_load_latest_poll_async (DdStore             *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (DD_IS_STORE (self));

  _dd_store_queue_job (self, job_load_latest_poll, NULL, NULL, DD_STORE_RESULT_POINTER,
                       cancellable, callback, user_data, dd_store_load_latest_poll_async);
}

DdGoNoGoPoll *
dd_store_load_latest_poll_finish (DdStore       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
