/* dd-ctl-ledger.c — `dropdeckctl ledger verify|export`: the tamper-evident ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixoutputstream.h>
#include <json-glib/json-glib.h>

#include "dd-ctl.h"
#include "dd-store.h"

/* Waits for one store call on a private context. */
typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} Waiter;

static void
waiter_begin (Waiter *waiter)
{
  waiter->context = g_main_context_new ();
  waiter->result = NULL;
  g_main_context_push_thread_default (waiter->context);
}

static void
waiter_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static GAsyncResult *
waiter_end (Waiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (waiter->context, TRUE);

  g_main_context_pop_thread_default (waiter->context);
  g_clear_pointer (&waiter->context, g_main_context_unref);
  return g_steal_pointer (&waiter->result);
}

/* Opens an existing database: a missing one is never created. */
static DdStore *
open_existing (const char *path,
               int        *status)
{
  g_autoptr(GError) error = NULL;
  DdStore *store;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("dropdeckctl: there is no database at %s\n"), path);
      *status = DD_CTL_EXIT_FAILED;
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr (_("dropdeckctl: %s is not a regular file\n"), path);
      *status = DD_CTL_EXIT_FAILED;
      return NULL;
    }

  store = dd_store_open_sync (path, NULL, &error);
  if (store == NULL)
    *status = dd_ctl_report_error (error);
  return store;
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *json = NULL;

  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  g_print ("%s\n", json);
}

static int
ledger_verify (const char *path)
{
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DdLedgerReport) report = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter;
  int status = DD_CTL_EXIT_OK;

  store = open_existing (path, &status);
  if (store == NULL)
    return status;

  waiter_begin (&waiter);
  dd_store_verify_ledger_async (store, NULL, waiter_cb, &waiter);
  result = waiter_end (&waiter);
  report = dd_store_verify_ledger_finish (store, result, &error);
  dd_store_close (store);
  if (report == NULL)
    return dd_ctl_report_error (error);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entries");
  json_builder_add_int_value (builder, report->n_checked);
  json_builder_set_member_name (builder, "intact");
  json_builder_add_boolean_value (builder, dd_ledger_report_is_intact (report));
  if (!dd_ledger_report_is_intact (report))
    {
      json_builder_set_member_name (builder, "first_broken_seq");
      json_builder_add_int_value (builder, report->first_broken_seq);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, report->message);
    }
  json_builder_end_object (builder);
  print_json (builder);

  if (!dd_ledger_report_is_intact (report))
    {
      g_printerr (_("dropdeckctl: the ledger of %s is broken at entry %lld: %s\n"),
                  path, (long long) report->first_broken_seq, report->message);
      return DD_CTL_EXIT_FAILED;
    }

  return DD_CTL_EXIT_OK;
}

static int
ledger_export (const char *path,
               gboolean    pdf,
               const char *output_path)
{
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter;
  int status = DD_CTL_EXIT_OK;
  gint64 n_rows;

  store = open_existing (path, &status);
  if (store == NULL)
    return status;

  waiter_begin (&waiter);
  if (pdf)
    dd_store_export_ledger_pdf_async (store, output_path, NULL, waiter_cb, &waiter);
  else if (output_path != NULL)
    dd_store_export_ledger_to_path_async (store, output_path, NULL, waiter_cb, &waiter);
  else
    {
      output = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
      dd_store_export_ledger_async (store, output, NULL, waiter_cb, &waiter);
    }
  result = waiter_end (&waiter);
  n_rows = dd_store_export_ledger_finish (store, result, &error);
  dd_store_close (store);
  if (n_rows < 0)
    return dd_ctl_report_error (error);

  if (output_path != NULL)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "dropdeckctl: exported %lld ledger entry to %s\n",
                             "dropdeckctl: exported %lld ledger entries to %s\n",
                             (gulong) n_rows),
                (long long) n_rows, output_path);

  return DD_CTL_EXIT_OK;
}

int
dd_ctl_ledger_main (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *format = NULL;
  const GOptionEntry entries[] = {
    { "path", 'p', 0, G_OPTION_ARG_FILENAME, &path,
      N_("The database (default: the user data folder’s dropdeck/dropdeck.db)"), N_("FILE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("Export format: csv (the default) or pdf"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the export to FILE, replaced only once complete (default: standard output)"), N_("FILE") },
    { NULL }
  };

  g_set_prgname ("dropdeckctl ledger");
  context = g_option_context_new (_("verify|export — check or export the ledger of changes"));
  g_option_context_set_summary (context,
                                _("verify: reads every ledger entry in order and checks its hash and "
                                  "its link to the entry before. Prints {\"entries\": N, \"intact\": true} "
                                  "and exits 0 when the chain is intact; exits 1 naming the first "
                                  "broken entry (changed, missing or moved) otherwise.\n"
                                  "export: writes every entry as CSV (RFC 4180, with a header row), "
                                  "or with --format pdf a PDF with a price timeline per offer and "
                                  "every entry (--output is needed for a PDF).\n"
                                  "Both exit 2 for a corrupt file, 3 for one written by a newer "
                                  "Dropdeck, 4 for a locked one and 1 for any other problem."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return dd_ctl_report_error (error);

  if (argc != 2 || (!g_str_equal (argv[1], "verify") && !g_str_equal (argv[1], "export")))
    {
      g_printerr (_("dropdeckctl: usage: dropdeckctl ledger verify [--path FILE]\n"
                    "       dropdeckctl ledger export [--format csv|pdf] [--path FILE] [--output FILE]\n"));
      return DD_CTL_EXIT_FAILED;
    }

  if (path == NULL)
    path = dd_ctl_default_data_path ("dropdeck.db");

  if (g_str_equal (argv[1], "verify"))
    {
      if (format != NULL || output != NULL)
        {
          g_printerr (_("dropdeckctl: --format and --output are options of “ledger export”\n"));
          return DD_CTL_EXIT_FAILED;
        }
      return ledger_verify (path);
    }

  if (format != NULL && !g_str_equal (format, "csv") && !g_str_equal (format, "pdf"))
    {
      g_printerr (_("dropdeckctl: “%s” is not an export format this version writes; use csv or pdf\n"), format);
      return DD_CTL_EXIT_FAILED;
    }

  if (g_strcmp0 (format, "pdf") == 0 && output == NULL)
    {
      g_printerr (_("dropdeckctl: --format pdf needs --output FILE\n"));
      return DD_CTL_EXIT_FAILED;
    }

  return ledger_export (path, g_strcmp0 (format, "pdf") == 0, output);
}
