/* test-store-bad-input.c — corrupt, too new, locked and unwritable databases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "dd-store-private.h"
#include "store-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = store_test_make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  store_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Creates a store with a few offers and closes it. */
static void
create_store (Fixture *fixture)
{
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = dd_store_open_sync (fixture->path, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *id = g_strdup_printf ("offer-%u", i);

      g_ptr_array_add (offers, store_test_offer_new (id, "A fairly long title to fill some pages", 100 + i));
    }
  g_assert_true (store_test_save (store, dd_store_save_offers_async, offers, &error));
  g_assert_no_error (error);
  dd_store_close (store);
}

/* The `<path>.corrupt-*` copies beside the database. */
static GPtrArray *
find_copies (Fixture *fixture)
{
  GPtrArray *copies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "dropdeck.db.corrupt-") && !g_str_has_suffix (name, "-wal"))
      g_ptr_array_add (copies, g_build_filename (fixture->dir, name, NULL));
  return copies;
}

static void
assert_refused_as_corrupt (Fixture *fixture)
{
  g_autofree char *before = store_test_checksum (fixture->path);
  g_autofree char *after = NULL;
  g_autofree char *copy_sum = NULL;
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;

  store = dd_store_open_sync (fixture->path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_CORRUPT);

  /* The original is untouched, and a copy sits beside it. */
  after = store_test_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);
  copies = find_copies (fixture);
  g_assert_cmpuint (copies->len, ==, 1);
  copy_sum = store_test_checksum (g_ptr_array_index (copies, 0));
  g_assert_cmpstr (copy_sum, ==, before);

  /* The message names both files. */
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, g_ptr_array_index (copies, 0)));

  /* Trying again keeps refusing: the file is never recreated. */
  g_clear_error (&error);
  store = dd_store_open_sync (fixture->path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_CORRUPT);
  g_free (after);
  after = store_test_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_random_bytes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint8 bytes[8192];
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (fixture->path, (const char *) bytes, sizeof bytes, &error);
  g_assert_no_error (error);

  assert_refused_as_corrupt (fixture);
}

static void
test_damaged_page (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *root = NULL;
  g_autofree char *page_size = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  gsize offset;
  gsize size;

  create_store (fixture);
  root = store_test_sql (fixture->path, "SELECT rootpage FROM sqlite_schema WHERE name = 'offers'");
  page_size = store_test_sql (fixture->path, "PRAGMA page_size");
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, &error));
  g_assert_no_error (error);

  size = (gsize) g_ascii_strtoull (page_size, NULL, 10);
  offset = ((gsize) g_ascii_strtoull (root, NULL, 10) - 1) * size;
  g_assert_cmpuint (offset, >, 0);
  g_assert_cmpuint (offset + size, <=, length);
  for (gsize i = 0; i < size; i++)
    contents[offset + i] = (char) (0xA5 ^ (i * 31));
  g_file_set_contents (fixture->path, contents, length, &error);
  g_assert_no_error (error);

  assert_refused_as_corrupt (fixture);
}

static void
test_too_new (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autofree char *newer = g_strdup_printf ("PRAGMA user_version = %d", dd_store_get_latest_version () + 1);
  g_autofree char *names = g_strdup_printf ("schema %d", dd_store_get_latest_version () + 1);

  create_store (fixture);
  g_free (store_test_sql (fixture->path, newer));
  before = store_test_checksum (fixture->path);

  store = dd_store_open_sync (fixture->path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, names));
  g_assert_nonnull (strstr (error->message, fixture->path));

  after = store_test_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);
  copies = find_copies (fixture);
  g_assert_cmpuint (copies->len, ==, 0);
}

static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  sqlite3 *other = NULL;
  gint64 start;
  gint64 elapsed;

  create_store (fixture);
  g_assert_cmpint (sqlite3_open (fixture->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);

  start = g_get_monotonic_time ();
  store = dd_store_open_sync (fixture->path, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_null (store);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);

  /* Once the other program lets go, the same file opens. */
  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  g_clear_error (&error);
  store = dd_store_open_sync (fixture->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
}

static void
test_unwritable_folder (Fixture       *fixture,
                        gconstpointer  data)
{
  /* Tests may run as root, where permissions do not stop writes: a folder
   * below a regular file can never be created. */
  g_autofree char *blocker = g_build_filename (fixture->dir, "not-a-folder", NULL);
  g_autofree char *path = g_build_filename (blocker, "profile", "dropdeck.db", NULL);
  const char *proc_path = "/proc/dropdeck-test/dropdeck.db";
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;

  g_file_set_contents (blocker, "x", 1, &error);
  g_assert_no_error (error);

  store = dd_store_open_sync (path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_UNWRITABLE);
  g_assert_nonnull (strstr (error->message, blocker));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_clear_error (&error);
  store = dd_store_open_sync (proc_path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_UNWRITABLE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dropdeck/store/bad-input/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("corrupt-random-bytes", test_random_bytes);
  ADD ("corrupt-damaged-page", test_damaged_page);
  ADD ("too-new", test_too_new);
  ADD ("locked", test_locked);
  ADD ("unwritable-folder", test_unwritable_folder);

#undef ADD

  return g_test_run ();
}
