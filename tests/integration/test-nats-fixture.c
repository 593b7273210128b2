/* test-nats-fixture.c — a private nats-server for one integration test
 *
 * Included by the tests/integration/test-nats-*.c programs. Starts Debian's
 * nats-server through build-aux/nats.sh on free loopback ports with its data
 * in a fresh temporary folder, and stops it by the PID the script recorded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <unistd.h>

typedef struct
{
  char *dir;
  int port;
  int ws_port;
  char *tcp_url;
  char *ws_url;
  GStrv extra;
} NatsServer;

static int
nats_free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
nats_script (const char * const *args)
{
  const char *root = g_getenv ("DD_SOURCE_ROOT");
  g_autofree char *nats_sh = g_build_filename (root != NULL ? root : ".", "build-aux", "nats.sh", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_ptr_array_add (argv, nats_sh);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     NULL, &err, &status, &error))
    g_error ("Cannot run %s: %s", nats_sh, error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s %s failed: %s\n%s", nats_sh, args[0], error->message, err);
}

static void
nats_server_start_again (NatsServer *server)
{
  g_autofree char *port = g_strdup_printf ("%d", server->port);
  g_autofree char *ws_port = g_strdup_printf ("%d", server->ws_port);
  g_autofree char *watch = g_strdup_printf ("%d", (int) getpid ());
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) "start");
  g_ptr_array_add (args, server->dir);
  g_ptr_array_add (args, port);
  g_ptr_array_add (args, ws_port);
  /* A test that aborts leaves no server behind. */
  g_ptr_array_add (args, (char *) "--watch-pid");
  g_ptr_array_add (args, watch);
  for (guint i = 0; server->extra != NULL && server->extra[i] != NULL; i++)
    g_ptr_array_add (args, server->extra[i]);
  g_ptr_array_add (args, NULL);
  nats_script ((const char * const *) args->pdata);
}

/* `extra`: more arguments for nats.sh start (NULL-terminated), or NULL. */
static NatsServer *
nats_server_start (const char * const *extra)
{
  NatsServer *server = g_new0 (NatsServer, 1);
  g_autoptr(GError) error = NULL;

  server->dir = g_dir_make_tmp ("dropdeck-nats-XXXXXX", &error);
  g_assert_no_error (error);
  server->port = nats_free_port ();
  do
    server->ws_port = nats_free_port ();
  while (server->ws_port == server->port);
  server->tcp_url = g_strdup_printf ("nats://127.0.0.1:%d", server->port);
  server->ws_url = g_strdup_printf ("ws://127.0.0.1:%d", server->ws_port);
  server->extra = g_strdupv ((char **) extra);
  nats_server_start_again (server);
  return server;
}

/* Stops the server by its recorded PID; the data folder stays. */
static void
nats_server_stop (NatsServer *server)
{
  const char *args[] = { "stop", server->dir, NULL };

  nats_script (args);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
nats_server_free (NatsServer *server)
{
  nats_server_stop (server);
  remove_tree (server->dir);
  g_free (server->dir);
  g_free (server->tcp_url);
  g_free (server->ws_url);
  g_strfreev (server->extra);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NatsServer, nats_server_free)

/* Runs the thread-default main context until *flag is set; FALSE after
 * `timeout_ms`. */
G_GNUC_UNUSED static gboolean
wait_for_flag (const gboolean *flag,
               guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!*flag)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      if (!*flag)
        g_usleep (200);
    }
  return TRUE;
}

/* A program that includes another fixture with the same callback defines
 * DD_TEST_HAVE_STORE_RESULT_CB first. */
#ifndef DD_TEST_HAVE_STORE_RESULT_CB
static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}
#endif

/* Waits for an async call started with store_result_cb. */
static GAsyncResult *
wait_for_result (GAsyncResult **slot,
                 guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (*slot == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u ms", timeout_ms);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

G_GNUC_UNUSED static DdNatsClient *
nats_connect (const char *url,
              const char *user,
              const char *password,
              GError    **error)
{
  const char *servers[] = { url, NULL };
  g_autoptr(DdNatsClient) client = dd_nats_client_new (servers);
  g_autoptr(GAsyncResult) result = NULL;

  dd_nats_client_set_name (client, "dropdeck-test");
  dd_nats_client_set_reconnect_delay (client, 20, 200);
  if (user != NULL)
    dd_nats_client_set_credentials (client, user, password);
  dd_nats_client_connect_async (client, NULL, store_result_cb, &result);
  wait_for_result (&result, 10000);
  if (!dd_nats_client_connect_finish (client, result, error))
    return NULL;
  return g_steal_pointer (&client);
}

G_GNUC_UNUSED static void
nats_flush (DdNatsClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dd_nats_client_flush_async (client, NULL, store_result_cb, &result);
  wait_for_result (&result, 10000);
  g_assert_true (dd_nats_client_flush_finish (client, result, &error));
  g_assert_no_error (error);
}
