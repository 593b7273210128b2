/* standalone-driver.c — runs LLVMFuzzerTestOneInput over corpus files
 *
 * Without libFuzzer (gcc builds), a fuzz target links this main(): every
 * argument is a file, or a folder whose files are each one input. A crash
 * or an abort fails the run, so the corpus works as a unit test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "fuzz-target.h"

static guint
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("Cannot read %s: %s", path, error->message);

  LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
  return 1;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static guint
run_folder (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint count = 0;

  if (dir == NULL)
    g_error ("Cannot open %s: %s", path, error->message);

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  /* The same order on every machine. */
  g_ptr_array_sort (names, compare_paths);

  for (guint i = 0; i < names->len; i++)
    if (g_file_test (g_ptr_array_index (names, i), G_FILE_TEST_IS_REGULAR))
      count += run_file (g_ptr_array_index (names, i));
  return count;
}

int
main (int   argc,
      char *argv[])
{
  guint count = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s CORPUS-FOLDER-OR-FILE...\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        count += run_folder (argv[i]);
      else
        count += run_file (argv[i]);
    }

  if (count == 0)
    {
      g_printerr ("No inputs found\n");
      return 1;
    }

  g_print ("%u inputs ran without a crash\n", count);
  return 0;
}
