/* dd-store-chat.c — the chat archive: batched appends and full-text search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-store-private.h"

static const char insert_message_sql[] =
  "INSERT OR IGNORE INTO chat_messages (id, source, channel, author_login, display_name,"
  "  color, text, ts, flags, moderation, moderation_score, intent, author_user_id, badges,"
  "  reply_parent_id, reply_parent_login, reply_parent_text, bits)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";

/* NULL stays NULL: "no badges" is not "". */
static void
bind_static_or_null (sqlite3_stmt *stmt,
                     int           index,
                     const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_static (sqlite3_stmt *stmt,
             int           index,
             const char   *text)
{
  /* The message outlives the step: no copy needed. */
  sqlite3_bind_text (stmt, index, text != NULL ? text : "", -1, SQLITE_STATIC);
}

/* Indexes the rows appended since the last call (inside a transaction). */
static gboolean
index_new_rows (DdStoreConnection  *conn,
                GError            **error)
{
  sqlite3_stmt *stmt;

  stmt = _dd_store_prepare (conn,
                            "INSERT INTO chat_fts (rowid, text, display_name)"
                            " SELECT rowid, text, display_name FROM chat_messages"
                            " WHERE rowid > (SELECT indexed_rowid FROM chat_fts_state WHERE id = 1)"
                            " ORDER BY rowid",
                            error);
  if (stmt == NULL || !_dd_store_step_done (conn, stmt, error))
    return FALSE;

  stmt = _dd_store_prepare (conn,
                            "UPDATE chat_fts_state"
                            " SET indexed_rowid = (SELECT coalesce (max (rowid), 0) FROM chat_messages)"
                            " WHERE id = 1",
                            error);
  return stmt != NULL && _dd_store_step_done (conn, stmt, error);
}

/* Whether rows wait for the index (written other than by an append). */
static gboolean
has_unindexed_rows (DdStoreConnection  *conn,
                    gboolean           *pending,
                    GError            **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT (SELECT coalesce (max (rowid), 0) FROM chat_messages)"
                            " > (SELECT indexed_rowid FROM chat_fts_state WHERE id = 1)",
                            error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *pending = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }
  return TRUE;
}

/* A bulk replay leaves the WAL uncheckpointed (a checkpoint every 1,000
 * pages copied each page twice and waited for the disk: a third of the
 * replay's time); the next indexed append or index job ends the bulk and
 * checkpoints once. */
static void
set_bulk (DdStoreConnection *conn,
          gboolean           bulk)
{
  if (conn->bulk == bulk)
    return;
  conn->bulk = bulk;
  if (bulk)
    sqlite3_exec (conn->db, "PRAGMA wal_autocheckpoint = 0", NULL, NULL, NULL);
  else
    sqlite3_exec (conn->db, "PRAGMA wal_autocheckpoint = 1000; PRAGMA wal_checkpoint(PASSIVE)",
                  NULL, NULL, NULL);
}

static gboolean
append_chat (DdStoreConnection  *conn,
             GPtrArray          *messages,
             gboolean            index,
             GError            **error)
{
  sqlite3_stmt *stmt;

  if (!index)
    set_bulk (conn, TRUE);
  if (messages->len == 0)
    return TRUE;

  if (!_dd_store_begin (conn, error))
    return FALSE;

  stmt = _dd_store_prepare (conn, insert_message_sql, error);
  if (stmt == NULL)
    {
      _dd_store_rollback (conn);
      return FALSE;
    }

  for (guint i = 0; i < messages->len; i++)
    {
      DdChatMessage *message = g_ptr_array_index (messages, i);
      int rc;

      bind_static (stmt, 1, dd_chat_message_get_id (message));
      bind_static (stmt, 2, _dd_store_enum_to_nick (DD_TYPE_CHAT_SOURCE, dd_chat_message_get_source (message)));
      bind_static (stmt, 3, dd_chat_message_get_channel (message));
      bind_static (stmt, 4, dd_chat_message_get_author_login (message));
      bind_static (stmt, 5, dd_chat_message_get_display_name (message));
      sqlite3_bind_int (stmt, 6, dd_chat_message_get_color_rgb (message));
      bind_static (stmt, 7, dd_chat_message_get_text (message));
      sqlite3_bind_int64 (stmt, 8, dd_chat_message_get_timestamp (message));
      sqlite3_bind_int (stmt, 9, (int) dd_chat_message_get_flags (message));
      bind_static (stmt, 10, _dd_store_enum_to_nick (DD_TYPE_MODERATION, dd_chat_message_get_moderation (message)));
      sqlite3_bind_double (stmt, 11, dd_chat_message_get_moderation_score (message));
      bind_static (stmt, 12, _dd_store_enum_to_nick (DD_TYPE_INTENT, dd_chat_message_get_intent (message)));
      bind_static_or_null (stmt, 13, dd_chat_message_get_author_user_id (message));
      bind_static_or_null (stmt, 14, dd_chat_message_get_badges (message));
      bind_static_or_null (stmt, 15, dd_chat_message_get_reply_parent_id (message));
      bind_static_or_null (stmt, 16, dd_chat_message_get_reply_parent_login (message));
      bind_static_or_null (stmt, 17, dd_chat_message_get_reply_parent_text (message));
      sqlite3_bind_int64 (stmt, 18, dd_chat_message_get_bits (message));

      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
          sqlite3_clear_bindings (stmt);
          _dd_store_rollback (conn);
          return FALSE;
        }
    }
  sqlite3_clear_bindings (stmt);

  if (index && !index_new_rows (conn, error))
    {
      _dd_store_rollback (conn);
      return FALSE;
    }

  if (!_dd_store_commit (conn, error))
    return FALSE;
  if (index)
    set_bulk (conn, FALSE);
  return TRUE;
}

gboolean
_dd_store_job_append_chat (DdStoreConnection  *conn,
                           gpointer            data,
                           DdStoreResult      *result,
                           GError            **error)
{
  return append_chat (conn, data, TRUE, error);
}

/* A bulk replay: the full-text index follows later (dd_store_index_chat_async
 * or the next indexed append or search), in bigger and cheaper steps. */
gboolean
_dd_store_job_append_chat_unindexed (DdStoreConnection  *conn,
                                     gpointer            data,
                                     DdStoreResult      *result,
                                     GError            **error)
{
  return append_chat (conn, data, FALSE, error);
}

gboolean
_dd_store_job_index_chat (DdStoreConnection  *conn,
                          gpointer            data,
                          DdStoreResult      *result,
                          GError            **error)
{
  gboolean pending = FALSE;

  if (!has_unindexed_rows (conn, &pending, error))
    return FALSE;
  if (pending)
    {
      if (!_dd_store_begin (conn, error))
        return FALSE;
      if (!index_new_rows (conn, error))
        {
          _dd_store_rollback (conn);
          return FALSE;
        }
      if (!_dd_store_commit (conn, error))
        return FALSE;
    }
  set_bulk (conn, FALSE);
  return TRUE;
}

gboolean
_dd_store_job_count_chat (DdStoreConnection  *conn,
                          gpointer            data,
                          DdStoreResult      *result,
                          GError            **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn, "SELECT count(*) FROM chat_messages", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      sqlite3_reset (stmt);
      return FALSE;
    }
  result->number = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

void
_dd_store_chat_search_free (gpointer data)
{
  DdStoreChatSearch *search = data;

  g_free (search->query);
  g_free (search);
}

char *
_dd_store_chat_escape_query (const char *query)
{
  g_autoptr(GString) escaped = g_string_new (NULL);
  g_auto(GStrv) terms = NULL;

  if (query == NULL)
    return NULL;

  terms = g_strsplit_set (query, " \t\r\n", -1);
  for (guint i = 0; terms[i] != NULL; i++)
    {
      if (terms[i][0] == '\0')
        continue;
      if (escaped->len > 0)
        g_string_append_c (escaped, ' ');
      /* A quoted string is always a valid FTS5 phrase; quotes inside it
       * are doubled. */
      g_string_append_c (escaped, '"');
      for (const char *p = terms[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (escaped, '"');
          g_string_append_c (escaped, *p);
        }
      g_string_append_c (escaped, '"');
    }

  if (escaped->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&escaped), FALSE);
}

static DdChatMessage *
message_from_row (sqlite3_stmt *stmt)
{
  DdChatMessageInit init = { 0 };

  init.id = _dd_store_column_text (stmt, 0);
  init.source = _dd_store_enum_from_nick (DD_TYPE_CHAT_SOURCE, _dd_store_column_text (stmt, 1),
                                          DD_CHAT_SOURCE_AUDIENCE);
  init.channel = _dd_store_column_text (stmt, 2);
  init.author_login = _dd_store_column_text (stmt, 3);
  init.display_name = _dd_store_column_text (stmt, 4);
  init.color_rgb = sqlite3_column_int (stmt, 5);
  init.text = _dd_store_column_text (stmt, 6);
  init.timestamp_us = sqlite3_column_int64 (stmt, 7);
  init.flags = (DdChatFlags) sqlite3_column_int (stmt, 8);
  init.moderation = _dd_store_enum_from_nick (DD_TYPE_MODERATION, _dd_store_column_text (stmt, 9),
                                              DD_MODERATION_OK);
  init.moderation_score = (float) sqlite3_column_double (stmt, 10);
  init.intent = _dd_store_enum_from_nick (DD_TYPE_INTENT, _dd_store_column_text (stmt, 11),
                                          DD_INTENT_NONE);
  init.author_user_id = (const char *) sqlite3_column_text (stmt, 12);
  init.badges = (const char *) sqlite3_column_text (stmt, 13);
  init.reply_parent_id = (const char *) sqlite3_column_text (stmt, 14);
  init.reply_parent_login = (const char *) sqlite3_column_text (stmt, 15);
  init.reply_parent_text = (const char *) sqlite3_column_text (stmt, 16);
  init.bits = (guint) CLAMP (sqlite3_column_int64 (stmt, 17), 0, G_MAXUINT);
  return dd_chat_message_new (&init);
}

gboolean
_dd_store_job_search_chat (DdStoreConnection  *conn,
                           gpointer            data,
                           DdStoreResult      *result,
                           GError            **error)
{
  DdStoreChatSearch *search = data;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *match = _dd_store_chat_escape_query (search->query);
  sqlite3_stmt *stmt;
  int rc;

  if (!_dd_store_job_index_chat (conn, NULL, result, error))
    return FALSE;

  if (match != NULL)
    {
      stmt = _dd_store_prepare (conn,
                                "SELECT m.id, m.source, m.channel, m.author_login, m.display_name,"
                                " m.color, m.text, m.ts, m.flags, m.moderation, m.moderation_score,"
                                " m.intent, m.author_user_id, m.badges, m.reply_parent_id,"
                                " m.reply_parent_login, m.reply_parent_text, m.bits"
                                " FROM chat_fts JOIN chat_messages AS m ON m.rowid = chat_fts.rowid"
                                " WHERE chat_fts MATCH ?1"
                                " ORDER BY m.ts DESC, m.rowid DESC LIMIT ?2",
                                error);
      if (stmt == NULL)
        return FALSE;
      _dd_store_bind_text (stmt, 1, match);
      sqlite3_bind_int64 (stmt, 2, search->limit > 0 ? (gint64) search->limit : -1);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (messages, message_from_row (stmt));
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
          return FALSE;
        }
    }

  result->pointer = g_steal_pointer (&messages);
  result->pointer_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}
