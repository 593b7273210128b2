/* dd-test-util.c — temporary folders for the engine tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dd-test-util.h"

char *
dd_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("dropdeck-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);

  return path;
}

void
dd_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      dd_test_remove_tree (child);
    }
  g_rmdir (path);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
dd_test_wait_for (gboolean *flag,
                  guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return *flag;
}

void
dd_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

char *
dd_test_pdftotext (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error))
    return NULL;
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

guint
dd_test_count_pdf_pages (GBytes *pdf)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (pdf, &size);
  const char *end = data + size;
  static const char marker[] = "/Type /Page";
  guint pages = 0;

  g_assert_cmpuint (size, >, 5);
  g_assert_true (memcmp (data, "%PDF-", 5) == 0);
  /* Byte by byte: the streams hold NUL bytes. */
  for (const char *p = data; p + sizeof marker < end; p++)
    {
      /* Not "/Type /Pages", the page tree. */
      if (memcmp (p, marker, sizeof marker - 1) == 0 && p[sizeof marker - 1] != 's')
        pages++;
    }
  return pages;
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot,
                 guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }
  g_assert_nonnull (*slot);
  return *slot;
}

void
dd_test_start_session (DdDropSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dd_drop_session_start_async (session, NULL, result_cb, &result);
  g_assert_true (dd_drop_session_start_finish (session, wait_for_result (&result, 10000), &error));
  g_assert_no_error (error);
}

GPtrArray *
dd_test_load_ledger (DdStore    *store,
                     const char *entity,
                     const char *entity_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  dd_store_load_ledger_async (store, entity, entity_id, 0, NULL, result_cb, &result);
  entries = dd_store_load_finish (store, wait_for_result (&result, 5000), &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}
