/* dd-store-connection.c — opening the SQLite file safely, and SQL helpers
 *
 * Runs on the store's worker thread only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dd-store-private.h"

#define BUSY_TIMEOUT_MS 1500

typedef enum
{
  CHECK_OK,
  CHECK_CORRUPT,
  CHECK_FAILED,
} CheckStatus;

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static gboolean
ensure_folder (const char  *path,
               GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    return TRUE;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_UNWRITABLE,
                   _("Dropdeck cannot create its data folder %s: %s"),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* Copies a damaged file to `<path>.corrupt-<time>` (and its WAL beside the
 * copy) without touching the original. Returns the copy's path. */
static char *
copy_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *copy_path = g_strdup_printf ("%s.corrupt-%s", path, stamp);
  g_autofree char *wal_path = g_strdup_printf ("%s-wal", path);
  g_autoptr(GFile) source = g_file_new_for_path (path);
  g_autoptr(GFile) destination = NULL;

  for (guint i = 2; g_file_test (copy_path, G_FILE_TEST_EXISTS); i++)
    {
      g_free (copy_path);
      copy_path = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, i);
    }

  destination = g_file_new_for_path (copy_path);
  if (!g_file_copy (source, destination, G_FILE_COPY_NONE, NULL, NULL, NULL, error))
    return NULL;

  if (g_file_test (wal_path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *copy_wal_path = g_strdup_printf ("%s-wal", copy_path);
      g_autoptr(GFile) wal = g_file_new_for_path (wal_path);
      g_autoptr(GFile) copy_wal = g_file_new_for_path (copy_wal_path);

      g_file_copy (wal, copy_wal, G_FILE_COPY_NONE, NULL, NULL, NULL, NULL);
    }

  return g_steal_pointer (&copy_path);
}

static gboolean
is_corruption (int rc)
{
  return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

/* Reads the schema version and runs `PRAGMA quick_check` without writing. */
static CheckStatus
check_database (sqlite3     *db,
                const char  *path,
                char       **corruption,
                GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) problems = NULL;
  int version = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (rc != SQLITE_ROW)
    {
      if (is_corruption (rc))
        {
          *corruption = g_strdup (sqlite3_errmsg (db));
          return CHECK_CORRUPT;
        }
      _dd_store_set_sqlite_error (error, db, rc, path);
      return CHECK_FAILED;
    }

  if (version > dd_store_get_latest_version ())
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_TOO_NEW,
                   _("The database %s was written by a newer version of Dropdeck (schema %d; this version reads up to %d). Update Dropdeck to open it; the file was left as it is."),
                   path, version, dd_store_get_latest_version ());
      return CHECK_FAILED;
    }

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(20)", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      rc = SQLITE_OK;
      if (g_strcmp0 (line, "ok") == 0)
        continue;
      if (problems == NULL)
        problems = g_string_new (NULL);
      else
        g_string_append (problems, "; ");
      g_string_append (problems, line != NULL ? line : "?");
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      if (is_corruption (rc))
        {
          *corruption = g_strdup (sqlite3_errmsg (db));
          return CHECK_CORRUPT;
        }
      _dd_store_set_sqlite_error (error, db, rc, path);
      return CHECK_FAILED;
    }

  if (problems != NULL)
    {
      *corruption = g_string_free (g_steal_pointer (&problems), FALSE);
      return CHECK_CORRUPT;
    }

  return CHECK_OK;
}

static gboolean
fail_corrupt (const char  *path,
              const char  *detail,
              GError     **error)
{
  g_autoptr(GError) copy_error = NULL;
  g_autofree char *copy_path = copy_aside (path, &copy_error);

  if (copy_path == NULL)
    g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_CORRUPT,
                 _("The database %s is damaged (%s). It was left as it is, but a copy could not be made beside it: %s"),
                 path, detail, copy_error->message);
  else
    g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_CORRUPT,
                 _("The database %s is damaged (%s). It was left as it is and a copy was saved as %s."),
                 path, detail, copy_path);
  return FALSE;
}

/* Checks an existing file through a read-only connection, so that a file
 * Dropdeck must refuse is never written. Returns TRUE when the read-write
 * open may go ahead; *checked tells whether the checks could run. */
static gboolean
check_existing_file (const char  *path,
                     gboolean    *checked,
                     GError     **error)
{
  g_autofree char *corruption = NULL;
  sqlite3 *db = NULL;
  CheckStatus status;
  int rc;

  *checked = FALSE;
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      /* Some WAL files cannot be read without write access to the folder:
       * the read-write connection runs the same checks before writing. */
      sqlite3_close (db);
      return TRUE;
    }

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  status = check_database (db, path, &corruption, error);
  sqlite3_close (db);

  if (status == CHECK_CORRUPT)
    return fail_corrupt (path, corruption, error);

  *checked = TRUE;
  return status == CHECK_OK;
}

static gboolean
exec_pragmas (DdStoreConnection  *conn,
              GError            **error)
{
  return _dd_store_exec (conn, "PRAGMA journal_mode = WAL", error)
         && _dd_store_exec (conn, "PRAGMA foreign_keys = ON", error)
         && _dd_store_exec (conn, "PRAGMA synchronous = NORMAL", error);
}

gboolean
_dd_store_connection_open (DdStoreConnection  *conn,
                           const char         *path,
                           GError            **error)
{
  gboolean exists;
  gboolean checked = FALSE;
  int version = 0;
  int rc;

  g_assert (conn->db == NULL);

  g_free (conn->path);
  conn->path = g_strdup (path);
  if (conn->statements == NULL)
    conn->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              finalize_statement);

  if (!ensure_folder (path, error))
    return FALSE;

  exists = g_file_test (path, G_FILE_TEST_EXISTS);
  if (exists && !check_existing_file (path, &checked, error))
    return FALSE;

  rc = sqlite3_open_v2 (path, &conn->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, path);
      _dd_store_connection_close (conn);
      return FALSE;
    }
  sqlite3_busy_timeout (conn->db, BUSY_TIMEOUT_MS);

  /* SQLite quietly opens a write-protected file read-only. */
  if (sqlite3_db_readonly (conn->db, "main") == 1)
    {
      _dd_store_set_sqlite_error (error, conn->db, SQLITE_READONLY, path);
      _dd_store_connection_close (conn);
      return FALSE;
    }

  if (exists && !checked)
    {
      g_autofree char *corruption = NULL;
      CheckStatus status = check_database (conn->db, path, &corruption, error);

      if (status != CHECK_OK)
        {
          _dd_store_connection_close (conn);
          if (status == CHECK_CORRUPT)
            return fail_corrupt (path, corruption, error);
          return FALSE;
        }
    }

  if (!exec_pragmas (conn, error)
      || !_dd_store_get_user_version (conn->db, &version, error))
    {
      _dd_store_connection_close (conn);
      return FALSE;
    }

  if (version < dd_store_get_latest_version ())
    {
      if (!_dd_store_migrate (conn->db, dd_store_get_latest_version (), error))
        {
          _dd_store_connection_close (conn);
          return FALSE;
        }
    }
  else
    {
      /* Nothing to migrate: make sure this process can write at all, so a
       * second running copy is refused now and not at the first save. */
      if (!_dd_store_begin (conn, error))
        {
          _dd_store_connection_close (conn);
          return FALSE;
        }
      _dd_store_rollback (conn);
    }

  conn->schema_version = dd_store_get_latest_version ();
  return TRUE;
}

void
_dd_store_connection_close (DdStoreConnection *conn)
{
  g_clear_pointer (&conn->statements, g_hash_table_unref);
  if (conn->db != NULL)
    {
      sqlite3_close_v2 (conn->db);
      conn->db = NULL;
    }
}

sqlite3_stmt *
_dd_store_prepare (DdStoreConnection  *conn,
                   const char         *sql,
                   GError            **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = g_hash_table_lookup (conn->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      sqlite3_finalize (stmt);
      return NULL;
    }

  g_hash_table_insert (conn->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_dd_store_exec (DdStoreConnection  *conn,
                const char         *sql,
                GError            **error)
{
  int rc = sqlite3_exec (conn->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }
  return TRUE;
}

gboolean
_dd_store_step_done (DdStoreConnection  *conn,
                     sqlite3_stmt       *stmt,
                     GError            **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
_dd_store_begin (DdStoreConnection  *conn,
                 GError            **error)
{
  return _dd_store_exec (conn, "BEGIN IMMEDIATE", error);
}

gboolean
_dd_store_commit (DdStoreConnection  *conn,
                  GError            **error)
{
  if (!_dd_store_exec (conn, "COMMIT", error))
    {
      _dd_store_rollback (conn);
      return FALSE;
    }
  return TRUE;
}

void
_dd_store_rollback (DdStoreConnection *conn)
{
  if (!sqlite3_get_autocommit (conn->db))
    sqlite3_exec (conn->db, "ROLLBACK", NULL, NULL, NULL);
}

const char *
_dd_store_enum_to_nick (GType type,
                        int   value)
{
  /* Peeking takes no lock (a ref and unref took two a call, three times a
   * chat row). Enum classes of static types are never freed: the one
   * reference taken the first time keeps the class, and the nick, valid. */
  GEnumClass *klass = g_type_class_peek (type);
  GEnumValue *enum_value;

  if (klass == NULL)
    klass = g_type_class_ref (type);
  enum_value = g_enum_get_value (klass, value);
  return enum_value != NULL ? enum_value->value_nick : "";
}

int
_dd_store_enum_from_nick (GType       type,
                          const char *nick,
                          int         fallback)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *enum_value = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;
  int value = enum_value != NULL ? enum_value->value : fallback;

  g_type_class_unref (klass);
  return value;
}

void
_dd_store_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

const char *
_dd_store_column_text (sqlite3_stmt *stmt,
                       int           index)
{
  return (const char *) sqlite3_column_text (stmt, index);
}

gboolean
_dd_store_step_text_row (DdStoreConnection  *conn,
                         sqlite3_stmt       *stmt,
                         DdStoreResult      *result,
                         GError            **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      result->pointer = g_strdup (_dd_store_column_text (stmt, 0));
      result->pointer_free = g_free;
    }
  else if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}
