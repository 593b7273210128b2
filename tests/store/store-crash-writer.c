/* store-crash-writer.c — applies offer edits forever, printing each ack
 *
 * Usage: store-crash-writer DATABASE RUN
 * Prints "ack N" once edit N ("rRUN-eN") is acknowledged by the store.
 * test-crash-consistency kills it at a random moment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "store-test-util.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdOffer) offer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s DATABASE RUN\n", argv[0]);
      return 2;
    }

  store = dd_store_open_sync (argv[1], NULL, &error);
  if (store == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  offer = store_test_offer_new ("crash-offer", "Crash offer", 1000);
  before = g_strdup ("Crash offer");
  for (guint64 n = 0; ; n++)
    {
      g_autofree char *after = g_strdup_printf ("r%s-e%" G_GUINT64_FORMAT, argv[2], n);
      DdStoreEdit edit = { "title", before, after, "crash-writer", DD_ROLE_PRODUCER, NULL };

      dd_offer_set_title (offer, after);
      if (!store_test_apply_edit (store, offer, &edit, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      printf ("ack %" G_GUINT64_FORMAT "\n", n);
      fflush (stdout);
      g_free (before);
      before = g_steal_pointer (&after);
    }

  return 0;
}
