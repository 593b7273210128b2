/* dropdeckctl.c — the headless command line over the engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "dd-ctl.h"
#include "dd-store.h"

DdCtlExit
dd_ctl_report_error (const GError *error)
{
  g_printerr ("dropdeckctl: %s\n", error->message);

  if (error->domain == DD_STORE_ERROR)
    {
      switch ((DdStoreError) error->code)
        {
        case DD_STORE_ERROR_CORRUPT:
          return DD_CTL_EXIT_CORRUPT;
        case DD_STORE_ERROR_TOO_NEW:
          return DD_CTL_EXIT_TOO_NEW;
        case DD_STORE_ERROR_LOCKED:
          return DD_CTL_EXIT_LOCKED;
        case DD_STORE_ERROR_FAILED:
        case DD_STORE_ERROR_UNWRITABLE:
        case DD_STORE_ERROR_CLOSED:
        default:
          return DD_CTL_EXIT_FAILED;
        }
    }

  return DD_CTL_EXIT_FAILED;
}

char *
dd_ctl_default_data_path (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), "dropdeck", name, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Subcommands parse their own options. */
  if (argc >= 2 && g_str_equal (argv[1], "account"))
    return dd_ctl_account_main (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "chat"))
    return dd_ctl_chat_main (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "checklist"))
    return dd_ctl_checklist_main (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "classify"))
    return dd_ctl_classify_main (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "db"))
    return dd_ctl_db_main (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "demo"))
    return dd_ctl_demo_main (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "ledger"))
    return dd_ctl_ledger_main (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "sync"))
    return dd_ctl_sync_main (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "squad"))
    return dd_ctl_squad_main (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "preflight"))
    return dd_ctl_preflight_main (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "poll"))
    return dd_ctl_poll_main (argc - 1, argv + 1);

  context = g_option_context_new (_("COMMAND — run Dropdeck without a window"));
  g_option_context_set_summary (context,
                                _("Commands:\n"
                                  "  account     Set, show or clear the account of a service\n"
                                  "  chat tail   Print a chat channel as JSON lines\n"
                                  "  checklist   List checklists, export the signed report, import or export templates\n"
                                  "  classify    Label messages from standard input as JSON lines\n"
                                  "  db check    Check the integrity and schema version of a database\n"
                                  "  demo        Run the simulated demo drop without a window\n"
                                  "  ledger      Verify or export the tamper-evident ledger of changes\n"
                                  "  sync        Pull from and push to the commerce engine, or show the outbox\n"
                                  "  squad       Squad channel: nats-config, tail, send\n"
                                  "  poll        Open, answer or show the go/no-go poll\n"
                                  "  preflight   Run the synthetic load of N viewers against chat and checkout\n"
                                  "\n"
                                  "Run “dropdeckctl COMMAND --help” for the options of a command."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return dd_ctl_report_error (error);

  if (version)
    {
      g_print ("dropdeckctl %s\n", PACKAGE_VERSION);
      return DD_CTL_EXIT_OK;
    }

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
      return DD_CTL_EXIT_FAILED;
    }

  g_printerr (_("dropdeckctl: unknown command “%s”; see dropdeckctl --help\n"), argv[1]);
  return DD_CTL_EXIT_FAILED;
}
