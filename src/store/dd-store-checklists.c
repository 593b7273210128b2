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
  "  owner, kind, due_offset, depends_on, state, signed_by, signed_at, note)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

static GVariant *
item_to_params (const char      *checklist_id,
                guint            position,
                DdChecklistItem *item)
{
  g_autofree char *depends_on = dependencies_to_json (item);

  return g_variant_new ("(msmsxmsmsmsmsxmsmsmsxms)",
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
                        dd_checklist_item_get_note (item));
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
                            " depends_on, state, signed_by, signed_at, note"
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
