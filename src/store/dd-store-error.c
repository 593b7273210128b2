/* dd-store-error.c — the store's error domain and SQLite error messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-store-private.h"

G_DEFINE_QUARK (dd-store-error-quark, dd_store_error)

void
_dd_store_set_sqlite_error (GError     **error,
                            sqlite3     *db,
                            int          rc,
                            const char  *path)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  const char *file = path != NULL ? path : "";

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_LOCKED,
                   _("The database %s is in use by another program. Close the other copy of Dropdeck and try again."),
                   file);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_CORRUPT,
                   _("The database %s is damaged (%s)."), file, detail);
      break;

    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_FULL:
    case SQLITE_IOERR:
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_UNWRITABLE,
                   _("Dropdeck cannot write its database %s (%s). Check that the folder exists, is writable and the disk is not full."),
                   file, detail);
      break;

    case SQLITE_CONSTRAINT:
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                   _("The database refused the data because it breaks a rule (%s)."),
                   detail);
      break;

    default:
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                   _("Database error in %s: %s"), file, detail);
      break;
    }
}
