/* test-medusa-fixture.c — one real Medusa v2 for a whole integration test
 *
 * Included by the tests/integration/test-medusa-*.c programs. build-aux/
 * medusa.sh installs Medusa (npm ci from the committed lock) and starts it
 * with its own PostgreSQL cluster in a temporary folder on 127.0.0.1, once
 * per test program (bring-up costs about 20 s), and seeds the catalog of
 * build-aux/medusa/admin.mjs. Medusa and PostgreSQL are stopped by the PIDs
 * the script recorded, also when a check fails or the test is killed. When
 * the package registry cannot be reached, the test prints SKIPPED and why,
 * and exits 77.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

static char *script;
static char *server_dir;
static char *stop_argv[5];

/* From a signal handler: only fork, execv, waitpid and _exit. */
static void
stop_on_signal (int signum)
{
  pid_t pid = fork ();

  if (pid == 0)
    {
      execv (stop_argv[0], stop_argv);
      _exit (127);
    }
  if (pid > 0)
    waitpid (pid, NULL, 0);
  _exit (128 + signum);
}

static int
run_script (const char *command,
            const char *dir,
            const char *port,
            char      **standard_output)
{
  const char *argv[] = { "/bin/bash", script, command, dir, port, NULL };
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     standard_output, NULL, &wait_status, &error))
    g_error ("could not run %s: %s", script, error->message);

  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128;
}

static void
stop_server (void)
{
  if (server_dir == NULL)
    return;
  run_script ("stop", server_dir, NULL, NULL);
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static char *
read_server_file (const char *name)
{
  g_autofree char *path = g_build_filename (server_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);

  return g_strstrip (text);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* Installs, starts and seeds Medusa: 0, or 77 when it cannot be had
 * (the caller returns that as its exit status). */
static int
medusa_fixture_begin (void)
{
  const char *source_root = g_getenv ("DD_SOURCE_ROOT");
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *seeded = NULL;
  struct sigaction action = { .sa_handler = stop_on_signal };
  gint64 start;
  int status;

  if (source_root == NULL)
    g_error ("DD_SOURCE_ROOT is not set: run this test with meson test");
  script = g_build_filename (source_root, "build-aux", "medusa.sh", NULL);

  start = g_get_monotonic_time ();
  status = run_script ("install", NULL, NULL, NULL);
  if (status == 3)
    {
      g_print ("SKIPPED: the npm package registry could not be reached, so Medusa "
               "could not be installed (build-aux/medusa.sh install)\n");
      return 77;
    }
  if (status != 0)
    g_error ("build-aux/medusa.sh install failed (exit %d)", status);
  g_test_message ("npm ci: %.1f s", (g_get_monotonic_time () - start) / 1e6);

  server_dir = g_dir_make_tmp ("dropdeck-medusa-XXXXXX", &error);
  g_assert_no_error (error);
  stop_argv[0] = "/bin/bash";
  stop_argv[1] = script;
  stop_argv[2] = "stop";
  stop_argv[3] = server_dir;
  stop_argv[4] = NULL;
  /* SIGTRAP: a fatal critical (G_DEBUG=fatal-criticals) ends a test so. */
  sigaction (SIGTERM, &action, NULL);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGABRT, &action, NULL);
  sigaction (SIGTRAP, &action, NULL);
  sigaction (SIGSEGV, &action, NULL);
  sigaction (SIGBUS, &action, NULL);

  port = g_strdup_printf ("%u", free_port ());
  start = g_get_monotonic_time ();
  status = run_script ("start", server_dir, port, NULL);
  if (status != 0)
    {
      stop_server ();
      g_error ("build-aux/medusa.sh start %s %s failed (exit %d)", server_dir, port, status);
    }
  g_test_message ("Medusa bring-up (PostgreSQL, schema, admin, server, API key): %.1f s",
                  (g_get_monotonic_time () - start) / 1e6);

  start = g_get_monotonic_time ();
  status = run_script ("seed", server_dir, NULL, &seeded);
  g_test_message ("seed: %.1f s", (g_get_monotonic_time () - start) / 1e6);
  if (status != 0)
    {
      stop_server ();
      g_error ("build-aux/medusa.sh seed failed (exit %d)", status);
    }
  return 0;
}

/* Stops Medusa and removes its folder (kept with DD_KEEP_MEDUSA_DIR set);
 * returns `result`, or 1 when something was left running. */
static int
medusa_fixture_end (int result)
{
  g_autofree char *pid_file = g_build_filename (server_dir, "medusa.pid", NULL);

  stop_server ();
  if (g_file_test (pid_file, G_FILE_TEST_EXISTS))
    {
      g_printerr ("build-aux/medusa.sh stop left %s behind\n", pid_file);
      result = 1;
    }
  if (g_getenv ("DD_KEEP_MEDUSA_DIR") == NULL)
    {
      const char *rm_argv[] = { "rm", "-rf", server_dir, NULL };

      g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  return result;
}
