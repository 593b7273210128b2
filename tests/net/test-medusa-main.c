/* test-medusa-main.c — runs the Medusa unit tests: money, catalog mapping, client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "test-medusa-register.h"

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  test_medusa_money_register ();
  test_medusa_catalog_register ();
  test_medusa_client_register ();
  test_medusa_provider_register ();
  test_medusa_feed_register ();
  test_medusa_store_api_register ();

  return g_test_run ();
}
