/* test-crash-consistency.c — SIGKILL a writer mid-stream, then check that
 * every acknowledged edit survived and the file is intact
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-test-util.h"

#define N_RUNS 25

/* Reads everything the (dead) writer printed and returns how many edits it
 * acknowledged, checking they came in order. */
static guint
read_acks (GSubprocess *writer)
{
  GInputStream *stream = g_subprocess_get_stdout_pipe (writer);
  g_autoptr(GByteArray) output = g_byte_array_new ();
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint acked = 0;
  guint8 buffer[4096];
  gssize n;

  while ((n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (output, buffer, (guint) n);
  g_assert_no_error (error);
  g_byte_array_append (output, (const guint8 *) "", 1);

  lines = g_strsplit ((const char *) output->data, "\n", -1);
  /* The last piece is either empty or a line cut by the kill: not an ack. */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_autofree char *expected = g_strdup_printf ("ack %u", acked);

      g_assert_cmpstr (lines[i], ==, expected);
      acked++;
    }
  return acked;
}

static GHashTable *
query_set (const char *path,
           const char *sql)
{
  g_autofree char *joined = store_test_sql (path, sql);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) values = g_strsplit (joined != NULL ? joined : "", "|", -1);

  for (guint i = 0; values[i] != NULL; i++)
    g_hash_table_add (set, g_strdup (values[i]));
  return set;
}

static void
check_acked (const char *path,
             guint       run,
             guint       acked)
{
  g_autofree char *pattern = g_strdup_printf ("r%u-e%%", run);
  g_autofree char *ledger_sql = g_strdup_printf ("SELECT group_concat (after, '|') FROM ledger"
                                                 " WHERE after LIKE '%s'", pattern);
  g_autofree char *outbox_sql = g_strdup_printf ("SELECT group_concat (json_extract (payload, '$.after'), '|')"
                                                 " FROM outbox WHERE json_extract (payload, '$.after') LIKE '%s'",
                                                 pattern);
  g_autoptr(GHashTable) ledger = query_set (path, ledger_sql);
  g_autoptr(GHashTable) outbox = query_set (path, outbox_sql);

  for (guint n = 0; n < acked; n++)
    {
      g_autofree char *after = g_strdup_printf ("r%u-e%u", run, n);

      if (!g_hash_table_contains (ledger, after) || !g_hash_table_contains (outbox, after))
        g_error ("run %u: acknowledged edit %s is missing (ledger %s, outbox %s)", run, after,
                 g_hash_table_contains (ledger, after) ? "yes" : "no",
                 g_hash_table_contains (outbox, after) ? "yes" : "no");
    }
}

static void
test_kill_during_writes (void)
{
  const char *writer_path = g_getenv ("DD_STORE_CRASH_WRITER");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint total_acked = 0;

  if (writer_path == NULL)
    {
      g_test_skip ("DD_STORE_CRASH_WRITER is not set");
      return;
    }

  dir = store_test_make_tmp_dir ();
  path = g_build_filename (dir, "dropdeck.db", NULL);

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(GSubprocess) writer = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(DdStore) store = NULL;
      g_autofree char *run_label = g_strdup_printf ("%u", run);
      g_autofree char *report = NULL;
      guint acked;

      writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                 writer_path, path, run_label, NULL);
      g_assert_no_error (error);
      g_usleep (g_test_rand_int_range (20, 201) * 1000);
      g_subprocess_force_exit (writer);
      g_subprocess_wait (writer, NULL, &error);
      g_assert_no_error (error);

      acked = read_acks (writer);
      total_acked += acked;
      g_test_message ("run %u: %u edits acknowledged before the kill", run, acked);

      store = dd_store_open_sync (path, NULL, &error);
      g_assert_no_error (error);
      report = store_test_check (store);
      g_assert_cmpstr (report, ==, "ok");
      dd_store_close (store);

      check_acked (path, run, acked);
    }

  /* The writer got far enough to make the test mean something. */
  g_assert_cmpuint (total_acked, >, N_RUNS);
  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/store/crash/acknowledged-edits-survive-sigkill",
                   test_kill_during_writes);

  return g_test_run ();
}
