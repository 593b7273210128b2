/* dd-ctl-db.c — `dropdeckctl db check`: integrity and schema version of a database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dd-ctl.h"
#include "dd-store-sync.h"

static int
db_check (const char *path)
{
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *report = NULL;
  g_autofree char *json = NULL;

  /* Opening would create a missing database: refuse instead. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("dropdeckctl: there is no database at %s\n"), path);
      return DD_CTL_EXIT_FAILED;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr (_("dropdeckctl: %s is not a regular file\n"), path);
      return DD_CTL_EXIT_FAILED;
    }

  store = dd_store_open_sync (path, NULL, &error);
  if (store == NULL)
    return dd_ctl_report_error (error);

  report = dd_store_check_sync (store, &error);
  if (report == NULL)
    {
      dd_store_close (store);
      return dd_ctl_report_error (error);
    }

  if (!g_str_equal (report, "ok"))
    {
      g_printerr (_("dropdeckctl: %s failed the integrity check:\n%s\n"), path, report);
      dd_store_close (store);
      return DD_CTL_EXIT_CORRUPT;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, dd_store_get_schema_version (store));
  json_builder_set_member_name (builder, "integrity");
  json_builder_add_string_value (builder, report);
  json_builder_end_object (builder);

  dd_store_close (store);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  g_print ("%s\n", json);

  return DD_CTL_EXIT_OK;
}

int
dd_ctl_db_main (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const GOptionEntry entries[] = {
    { "path", 'p', 0, G_OPTION_ARG_FILENAME, &path,
      N_("The database to check (default: the user data folder’s dropdeck/dropdeck.db)"), N_("FILE") },
    { NULL }
  };

  g_set_prgname ("dropdeckctl db");
  context = g_option_context_new (_("check — check a Dropdeck database"));
  g_option_context_set_summary (context,
                                _("Runs SQLite’s integrity check and reads the schema version. "
                                  "Prints one JSON object and exits 0 when the database is sound; "
                                  "exits 2 for a corrupt file, 3 for one written by a newer Dropdeck, "
                                  "4 for a locked one and 1 for any other problem. The file is never "
                                  "replaced."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return dd_ctl_report_error (error);

  if (argc != 2 || !g_str_equal (argv[1], "check"))
    {
      g_printerr (_("dropdeckctl: usage: dropdeckctl db check [--path FILE]\n"));
      return DD_CTL_EXIT_FAILED;
    }

  if (path == NULL)
    path = dd_ctl_default_data_path ("dropdeck.db");

  return db_check (path);
}
