/* dd-test-ctl.c — running the built dropdeckctl from the engine tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-test-ctl.h"

GPtrArray *
dd_test_ctl_argv (const char *subcommand,
                  va_list     args)
{
  GPtrArray *argv = g_ptr_array_new ();
  const char *ctl = g_getenv ("DROPDECKCTL");
  const char *arg;

  g_assert_nonnull (ctl);
  g_ptr_array_add (argv, (gpointer) ctl);
  if (subcommand != NULL)
    g_ptr_array_add (argv, (gpointer) subcommand);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  return argv;
}

static GSubprocess *
spawn_ctl (const char       *home,
           GPtrArray        *argv,
           GSubprocessFlags  flags)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  return process;
}

int
dd_test_ctl_run (const char  *home,
                 GPtrArray   *argv,
                 char       **stdout_text,
                 char       **stderr_text)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (stdout_text, g_free);
  g_clear_pointer (stderr_text, g_free);

  process = spawn_ctl (home, argv, G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_communicate_utf8 (process, NULL, NULL, stdout_text, stderr_text, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

int
dd_test_ctl_run_with_input (const char  *home,
                            GPtrArray   *argv,
                            GBytes      *input,
                            GBytes     **stdout_bytes,
                            GBytes     **stderr_bytes)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = spawn_ctl (home, argv, G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_communicate (process, input, NULL, stdout_bytes, stderr_bytes, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

JsonObject *
dd_test_parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}
