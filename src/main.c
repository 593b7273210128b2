/* main.c — starts the Dropdeck application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dd-application.h"

int
main (int   argc,
      char *argv[])
{
  gint64 start_time_us = g_get_monotonic_time ();
  g_autoptr(DdApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Dropdeck"));

  application = dd_application_new (start_time_us);

  return g_application_run (G_APPLICATION (application), argc, argv);
}
