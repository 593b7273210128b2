/* test-irc.c — DdIrcClient against a real inspircd on loopback
 *
 * Each test starts its own server with build-aux/inspircd.sh in a fresh
 * temporary folder on free ports, and stops it by the PID the script
 * recorded, in teardown, or from a signal handler when an assertion aborts
 * the test. "Raw" clients are plain blocking sockets that speak IRC by
 * hand, as another audience member or the host would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dd-chat-pipeline.h"
#include "dd-irc-client.h"
#include "dd-net-error.h"

#define WAIT_TIMEOUT_S 15

/* The running server's PID and PID file, for the abort handler. */
static volatile pid_t server_pid;
static char server_pid_file[4096];

typedef struct
{
  char        *dir;
  guint16      port;
  guint16      ws_port;
  guint16      tls_port;     /* 0: no TLS listener */
  guint16      wss_port;     /* 0: no WebSocket-over-TLS listener */
  GTlsDatabase *tls_database; /* given to clients, if set */
  DdIrcClient *client;
  gboolean     started;
  GPtrArray   *received;   /* DdChatMessage */
  guint        joined;
  guint        registered;
  GPtrArray   *notices;    /* "channel|text" */
  GAsyncResult *result;
  DdChatPipeline *pipeline;  /* runs the client on its own thread */
  gint         pipeline_joined; /* atomic: "joined" comes on that thread */
  GPtrArray   *events;     /* DdChatModEvent, from the pipeline */
} Fixture;

/* Server ------------------------------------------------------------------ */

/* Async-signal-safe: open, read and kill only. The PID file covers a
 * signal that arrives while a restart is starting the server. */
static void
kill_server_on_signal (int signum)
{
  pid_t pid = 0;
  char buf[32];
  int fd;

  if (server_pid_file[0] != '\0' && (fd = open (server_pid_file, O_RDONLY)) >= 0)
    {
      ssize_t n = read (fd, buf, sizeof buf - 1);

      close (fd);
      for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
        pid = pid * 10 + (buf[i] - '0');
    }
  if (pid > 0)
    kill (pid, SIGTERM);
  if (server_pid > 0 && server_pid != pid)
    kill (server_pid, SIGTERM);
  signal (signum, SIG_DFL);
  raise (signum);
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
script_path (void)
{
  const char *root = g_getenv ("DD_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "build-aux", "inspircd.sh", NULL);
}

static void
server_start (Fixture *fixture)
{
  g_autofree char *script = script_path ();
  g_autofree char *port = g_strdup_printf ("%u", fixture->port);
  g_autofree char *ws_port = g_strdup_printf ("%u", fixture->ws_port);
  g_autofree char *pid_file = g_build_filename (fixture->dir, "inspircd.pid", NULL);
  g_autofree char *pid_text = NULL;
  g_autofree char *test_pid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *tls_port = g_strdup_printf ("%u", fixture->tls_port);
  g_autofree char *wss_port = g_strdup_printf ("%u", fixture->wss_port);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { script, "start", fixture->dir, port, ws_port, "--watch-pid", test_pid,
                         fixture->tls_port != 0 ? "--tls-port" : NULL, tls_port,
                         fixture->wss_port != 0 ? "--wss-port" : NULL, wss_port, NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (pid_file, &pid_text, NULL, NULL));
  server_pid = (pid_t) g_ascii_strtoll (pid_text, NULL, 10);
  g_assert_cmpint (server_pid, >, 0);
}

static void
server_stop (Fixture *fixture)
{
  g_autofree char *script = script_path ();
  const char *argv[] = { script, "stop", fixture->dir, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                NULL, NULL, NULL, NULL);
  server_pid = 0;
}

/* Raw clients ------------------------------------------------------------- */

typedef struct
{
  GSocketConnection *connection;
  GDataInputStream  *input;
  GOutputStream     *output;
} Raw;

static void
raw_free (Raw *raw)
{
  g_clear_object (&raw->input);
  if (raw->connection != NULL)
    g_io_stream_close (G_IO_STREAM (raw->connection), NULL, NULL);
  g_clear_object (&raw->connection);
  g_free (raw);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Raw, raw_free)

static void
raw_send (Raw        *raw,
          const char *line)
{
  g_autofree char *full = g_strconcat (line, "\r\n", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (raw->output, full, strlen (full), NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Reads lines until one contains `needle`; returns it. The test's main
 * context (where the DdIrcClient runs) keeps turning while it waits. */
static char *
raw_wait_for (Raw        *raw,
              const char *needle)
{
  GSocket *socket = g_socket_connection_get_socket (raw->connection);
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = NULL;

      if (g_buffered_input_stream_get_available (G_BUFFERED_INPUT_STREAM (raw->input)) == 0 &&
          g_socket_condition_check (socket, G_IO_IN) == 0)
        {
          if (g_get_monotonic_time () > deadline)
            g_error ("timed out waiting for a line with “%s”", needle);
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
          continue;
        }
      line = g_data_input_stream_read_line (raw->input, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (strstr (line, needle) != NULL)
        return g_steal_pointer (&line);
    }
}

static Raw *
raw_connect (Fixture    *fixture,
             const char *nick)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *nick_line = g_strdup_printf ("NICK %s", nick);
  g_autofree char *user_line = g_strdup_printf ("USER %s 0 * :%s", nick, nick);
  g_autofree char *welcome = NULL;
  Raw *raw = g_new0 (Raw, 1);

  g_socket_client_set_timeout (client, WAIT_TIMEOUT_S);
  raw->connection = g_socket_client_connect_to_host (client, "127.0.0.1", fixture->port, NULL, &error);
  g_assert_no_error (error);
  raw->input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (raw->connection)));
  g_data_input_stream_set_newline_type (raw->input, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  raw->output = g_io_stream_get_output_stream (G_IO_STREAM (raw->connection));

  raw_send (raw, "CAP REQ :message-tags");
  raw_send (raw, "CAP END");
  raw_send (raw, nick_line);
  raw_send (raw, user_line);
  welcome = raw_wait_for (raw, " 001 ");
  return raw;
}

static void
raw_join (Raw        *raw,
          const char *channel)
{
  g_autofree char *line = g_strdup_printf ("JOIN %s", channel);
  g_autofree char *names = NULL;

  raw_send (raw, line);
  names = raw_wait_for (raw, " 366 ");
}

/* The DdIrcClient on the test's main context ---------------------------- */

static void
sink_cb (GPtrArray *messages,
         gpointer   user_data)
{
  Fixture *fixture = user_data;

  for (guint i = 0; i < messages->len; i++)
    g_ptr_array_add (fixture->received, g_object_ref (g_ptr_array_index (messages, i)));
  g_ptr_array_unref (messages);
}

static void
joined_cb (DdIrcClient *client,
           const char  *channel,
           Fixture     *fixture)
{
  fixture->joined++;
}

static void
notice_cb (DdIrcClient *client,
           const char  *channel,
           const char  *msg_id,
           const char  *text,
           Fixture     *fixture)
{
  g_ptr_array_add (fixture->notices, g_strdup_printf ("%s|%s", channel != NULL ? channel : "", text));
}

static gboolean
noticed (Fixture       *fixture,
         gconstpointer  data)
{
  for (guint i = 0; i < fixture->notices->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->notices, i), data))
      return TRUE;
  return FALSE;
}

static void
registered_cb (DdIrcClient *client,
               Fixture     *fixture)
{
  fixture->registered++;
}

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

static void
wait_until (Fixture      *fixture,
            Condition     condition,
            gconstpointer data,
            const char   *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;

  while (!condition (fixture, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static gboolean
joined_at_least (Fixture       *fixture,
                 gconstpointer  data)
{
  return fixture->joined >= GPOINTER_TO_UINT (data);
}

static gboolean
received_at_least (Fixture       *fixture,
                   gconstpointer  data)
{
  return fixture->received->len >= GPOINTER_TO_UINT (data);
}

static gboolean
has_result (Fixture       *fixture,
            gconstpointer  data)
{
  return fixture->result != NULL;
}

static void
client_start (Fixture    *fixture,
              const char *url,
              const char *channel)
{
  g_autoptr(GError) error = NULL;

  fixture->client = dd_irc_client_new (url, "dropdeck", &error);
  g_assert_no_error (error);
  dd_irc_client_add_channel (fixture->client, channel);
  dd_irc_client_set_reconnect_delays (fixture->client, 100, 1000);
  if (fixture->tls_database != NULL)
    dd_irc_client_set_tls_database (fixture->client, fixture->tls_database);
  g_signal_connect (fixture->client, "joined", G_CALLBACK (joined_cb), fixture);
  g_signal_connect (fixture->client, "registered", G_CALLBACK (registered_cb), fixture);
  g_signal_connect (fixture->client, "notice", G_CALLBACK (notice_cb), fixture);
  dd_chat_provider_start (DD_CHAT_PROVIDER (fixture->client), g_main_context_default (),
                          sink_cb, fixture);
  fixture->started = TRUE;
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->result = g_object_ref (result);
}

static gboolean
moderate_finish (Fixture  *fixture,
                 GError  **error)
{
  gboolean ok;

  wait_until (fixture, has_result, NULL, "the moderation result");
  ok = dd_irc_client_moderate_finish (fixture->client, fixture->result, error);
  g_clear_object (&fixture->result);
  return ok;
}

/* Texts of the received messages, in order, joined with '|'. */
static char *
received_texts (Fixture *fixture)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < fixture->received->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, dd_chat_message_get_text (g_ptr_array_index (fixture->received, i)));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dropdeck-inspircd-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->port = free_port ();
  do
    fixture->ws_port = free_port ();
  while (fixture->ws_port == fixture->port);
  fixture->received = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->notices = g_ptr_array_new_with_free_func (g_free);
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_chat_mod_event_unref);
  g_snprintf (server_pid_file, sizeof server_pid_file, "%s/inspircd.pid", fixture->dir);
  server_start (fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->pipeline != NULL)
    dd_chat_pipeline_stop (fixture->pipeline);
  g_clear_object (&fixture->pipeline);
  if (fixture->started)
    dd_chat_provider_stop (DD_CHAT_PROVIDER (fixture->client));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->client);
  server_stop (fixture);
  server_pid_file[0] = '\0';
  g_ptr_array_unref (fixture->received);
  g_ptr_array_unref (fixture->notices);
  g_ptr_array_unref (fixture->events);
  g_clear_object (&fixture->result);
  g_clear_object (&fixture->tls_database);

  if (g_getenv ("DD_KEEP_TEST_DIRS") == NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (fixture->dir);
      g_autoptr(GFileEnumerator) children =
        g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, NULL);
      GFileInfo *info;

      while (children != NULL &&
             (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

          g_file_delete (child, NULL, NULL);
          g_object_unref (info);
        }
      g_file_delete (dir, NULL, NULL);
    }
  g_free (fixture->dir);
}

/* Tests ------------------------------------------------------------------- */

static void
check_tagged_messages_arrive (Fixture    *fixture,
                              const char *url)
{
  g_autoptr(Raw) viewer = NULL;
  gint64 now = g_get_real_time ();

  client_start (fixture, url, "#drop");
  wait_until (fixture, joined_at_least, GUINT_TO_POINTER (1), "the client to join #drop");
  g_assert_true (dd_irc_client_has_cap (fixture->client, "message-tags"));
  g_assert_true (dd_irc_client_has_cap (fixture->client, "server-time"));
  g_assert_true (dd_irc_client_has_cap (fixture->client, "echo-message"));
  g_assert_true (dd_irc_client_has_cap (fixture->client, "batch"));

  viewer = raw_connect (fixture, "viewer");
  raw_join (viewer, "#drop");
  raw_send (viewer, "@+draft/reply=abc PRIVMSG #drop :size M in white?");
  raw_send (viewer, "PRIVMSG #drop :SOLD 2 black L");
  wait_until (fixture, received_at_least, GUINT_TO_POINTER (2), "two chat messages");

  for (guint i = 0; i < 2; i++)
    {
      DdChatMessage *message = g_ptr_array_index (fixture->received, i);

      g_assert_cmpstr (dd_chat_message_get_channel (message), ==, "#drop");
      g_assert_cmpstr (dd_chat_message_get_author_login (message), ==, "viewer");
      /* The server's msgid (InspIRCd: "server~boot~counter"), not one we made. */
      g_assert_nonnull (strchr (dd_chat_message_get_id (message), '~'));
      /* server-time: within a few seconds of now. */
      g_assert_cmpint (ABS (dd_chat_message_get_timestamp (message) - now), <, 10 * G_USEC_PER_SEC);
    }
  g_assert_cmpstr (dd_chat_message_get_text (g_ptr_array_index (fixture->received, 0)), ==, "size M in white?");
  g_assert_cmpstr (dd_chat_message_get_text (g_ptr_array_index (fixture->received, 1)), ==, "SOLD 2 black L");
  g_assert_cmpint (dd_connectivity_get_state (dd_chat_provider_get_connectivity (DD_CHAT_PROVIDER (fixture->client))),
                   ==, DD_CONNECTIVITY_ONLINE);

  /* A NOTICE is a typed event, not chat. */
  raw_send (viewer, "NOTICE #drop :Doors open at 8");
  wait_until (fixture, noticed, "#drop|Doors open at 8", "the notice");
  g_assert_cmpuint (fixture->received->len, ==, 2);
}

static void
test_tcp (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("irc://127.0.0.1:%u", fixture->port);

  check_tagged_messages_arrive (fixture, url);
}

static void
test_websocket (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u", fixture->ws_port);

  check_tagged_messages_arrive (fixture, url);
  g_assert_cmpint (dd_irc_client_get_transport (fixture->client), ==, DD_IRC_TRANSPORT_WEBSOCKET);
}

static gboolean
has_last_error (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *last_error = dd_irc_client_dup_last_error ((DdIrcClient *) data);

  return last_error != NULL;
}

/* Restarts the server with TLS (and WebSocket over TLS) listeners; clients
 * of the fixture trust exactly its test CA. */
static void
server_restart_with_tls (Fixture *fixture)
{
  g_autofree char *ca = g_build_filename (fixture->dir, "tls-ca.pem", NULL);
  g_autoptr(GError) error = NULL;

  server_stop (fixture);
  fixture->tls_port = free_port ();
  do
    fixture->wss_port = free_port ();
  while (fixture->wss_port == fixture->tls_port);
  server_start (fixture);
  fixture->tls_database = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);
}

/* A client without the test CA is refused by the same server, with a reason. */
static void
check_untrusted_refused (Fixture    *fixture,
                         const char *url)
{
  g_autofree char *last_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIrcClient) stranger = NULL;

  stranger = dd_irc_client_new (url, "stranger", &error);
  g_assert_no_error (error);
  dd_irc_client_add_channel (stranger, "#drop");
  dd_chat_provider_start (DD_CHAT_PROVIDER (stranger), g_main_context_default (), sink_cb, fixture);
  wait_until (fixture, has_last_error, stranger, "the untrusted connection to fail");
  last_error = dd_irc_client_dup_last_error (stranger);
  g_test_message ("untrusted: %s", last_error);
  g_assert_nonnull (strstr (last_error, "secure connection to 127.0.0.1 failed"));
  g_assert_cmpint (dd_connectivity_get_state (dd_chat_provider_get_connectivity (DD_CHAT_PROVIDER (stranger))),
                   !=, DD_CONNECTIVITY_ONLINE);
  dd_chat_provider_stop (DD_CHAT_PROVIDER (stranger));
  g_assert_cmpuint (fixture->received->len, ==, 2);
}

/* IRC over TLS, trusting exactly the server's test CA. */
static void
test_tls (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *url = NULL;

  server_restart_with_tls (fixture);
  url = g_strdup_printf ("ircs://127.0.0.1:%u", fixture->tls_port);
  check_tagged_messages_arrive (fixture, url);
  g_assert_cmpint (dd_irc_client_get_transport (fixture->client), ==, DD_IRC_TRANSPORT_TLS);
  check_untrusted_refused (fixture, url);
}

/* The same over wss:// (libsoup's TLS). */
static void
test_wss (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *url = NULL;

  server_restart_with_tls (fixture);
  url = g_strdup_printf ("wss://127.0.0.1:%u", fixture->wss_port);
  check_tagged_messages_arrive (fixture, url);
  g_assert_cmpint (dd_irc_client_get_transport (fixture->client), ==, DD_IRC_TRANSPORT_WEBSOCKET_TLS);
  check_untrusted_refused (fixture, url);
}

static void
test_send_and_echo (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("irc://127.0.0.1:%u", fixture->port);
  g_autoptr(Raw) viewer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  client_start (fixture, url, "#drop");
  wait_until (fixture, joined_at_least, GUINT_TO_POINTER (1), "the client to join #drop");
  viewer = raw_connect (fixture, "viewer");
  raw_join (viewer, "#drop");

  /* CR, LF and NUL never reach the wire. */
  g_assert_false (dd_chat_provider_send_message (DD_CHAT_PROVIDER (fixture->client), "#drop",
                                                 "hi\r\nQUIT :bye", &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
  g_clear_error (&error);

  g_assert_true (dd_chat_provider_send_message (DD_CHAT_PROVIDER (fixture->client), "#drop",
                                                "Blue M restocked", &error));
  g_assert_no_error (error);
  line = raw_wait_for (viewer, "PRIVMSG #drop :Blue M restocked");
  /* echo-message: our own line comes back with the server's msgid. */
  wait_until (fixture, received_at_least, GUINT_TO_POINTER (1), "our message echoed");
  g_assert_cmpstr (dd_chat_message_get_author_login (g_ptr_array_index (fixture->received, 0)), ==, "dropdeck");

  /* The viewer's limit: 20 per 30 s, the 21st is refused with a reason. */
  for (guint i = 1; i < 20; i++)
    g_assert_true (dd_chat_provider_send_message (DD_CHAT_PROVIDER (fixture->client), "#drop", "ok", NULL));
  g_assert_false (dd_chat_provider_send_message (DD_CHAT_PROVIDER (fixture->client), "#drop", "one more", &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "20 messages in 30 seconds"));
}

static void
test_moderation (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("irc://127.0.0.1:%u", fixture->port);
  g_autoptr(Raw) troll = NULL;
  g_autoptr(Raw) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  /* The client creates #drop, so it is its channel operator. */
  client_start (fixture, url, "#drop");
  wait_until (fixture, joined_at_least, GUINT_TO_POINTER (1), "the client to join #drop");
  troll = raw_connect (fixture, "troll");
  raw_join (troll, "#drop");

  dd_irc_client_kick_async (fixture->client, "#drop", "troll", "fake checkout links", NULL, result_cb, fixture);
  g_assert_true (moderate_finish (fixture, &error));
  g_assert_no_error (error);
  g_free (raw_wait_for (troll, "KICK #drop troll :fake checkout links"));

  /* A timed ban (TBAN): the server confirms with MODE +b and refuses the rejoin. */
  dd_irc_client_ban_async (fixture->client, "#drop", "troll!*@*", 60, NULL, result_cb, fixture);
  g_assert_true (moderate_finish (fixture, &error));
  g_assert_no_error (error);
  raw_send (troll, "JOIN #drop");
  line = raw_wait_for (troll, " 474 ");
  g_assert_nonnull (strstr (line, "#drop"));

  /* A permanent MODE +b on another mask. */
  dd_irc_client_ban_async (fixture->client, "#drop", "spammer!*@*", 0, NULL, result_cb, fixture);
  g_assert_true (moderate_finish (fixture, &error));
  g_assert_no_error (error);

  /* Where we are not a channel operator, the server's refusal comes back
   * as the error, in its own words. */
  host = raw_connect (fixture, "host");
  raw_join (host, "#backstage");
  dd_irc_client_add_channel (fixture->client, "#backstage");
  dd_irc_client_reconnect (fixture->client);
  wait_until (fixture, joined_at_least, GUINT_TO_POINTER (3), "the client to rejoin both channels");
  dd_irc_client_kick_async (fixture->client, "#backstage", "host", NULL, NULL, result_cb, fixture);
  g_assert_false (moderate_finish (fixture, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "channel op"));
  g_clear_error (&error);

  /* Bad input is refused before anything is sent. */
  dd_irc_client_kick_async (fixture->client, "#drop", "troll\r\nQUIT", NULL, NULL, result_cb, fixture);
  g_assert_false (moderate_finish (fixture, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
}

/* Moderation through the chat pipeline, as the wall does it --------------- */

static void
pipeline_joined_cb (DdIrcClient *client,
                    const char  *channel,
                    Fixture     *fixture)
{
  g_atomic_int_inc (&fixture->pipeline_joined);
}

static gboolean
pipeline_joined (Fixture       *fixture,
                 gconstpointer  data)
{
  return g_atomic_int_get (&fixture->pipeline_joined) >= GPOINTER_TO_INT (data);
}

static void
pipeline_messages_cb (DdChatPipeline *pipeline,
                      GPtrArray      *messages,
                      Fixture        *fixture)
{
  for (guint i = 0; i < messages->len; i++)
    g_ptr_array_add (fixture->received, g_object_ref (g_ptr_array_index (messages, i)));
}

static void
pipeline_event_cb (DdChatPipeline *pipeline,
                   DdChatModEvent *event,
                   Fixture        *fixture)
{
  g_ptr_array_add (fixture->events, dd_chat_mod_event_ref (event));
}

static gboolean
events_at_least (Fixture       *fixture,
                 gconstpointer  data)
{
  return fixture->events->len >= GPOINTER_TO_UINT (data);
}

static gboolean
pipeline_moderate (Fixture          *fixture,
                   DdChatModAction   action,
                   DdChatMessage    *target,
                   guint             duration_s,
                   const char       *reason,
                   GError          **error)
{
  gboolean ok;

  dd_chat_pipeline_moderate_async (fixture->pipeline, action, target, duration_s, reason, NULL,
                                   result_cb, fixture);
  wait_until (fixture, has_result, NULL, "the moderation result");
  ok = dd_chat_pipeline_moderate_finish (fixture->pipeline, fixture->result, error);
  g_clear_object (&fixture->result);
  return ok;
}

static DdChatMessage *
raw_say (Fixture    *fixture,
         Raw        *raw,
         const char *text)
{
  g_autofree char *line = g_strdup_printf ("PRIVMSG #drop :%s", text);
  guint before = fixture->received->len;

  raw_send (raw, line);
  wait_until (fixture, received_at_least, GUINT_TO_POINTER (before + 1), "a viewer's message");
  return g_ptr_array_index (fixture->received, fixture->received->len - 1);
}

static void
assert_event (Fixture            *fixture,
              guint               index,
              DdChatModEventKind  kind,
              const char         *channel,
              const char         *login,
              guint               duration_s)
{
  DdChatModEvent *event;

  wait_until (fixture, events_at_least, GUINT_TO_POINTER (index + 1), "a moderation event");
  event = g_ptr_array_index (fixture->events, index);
  g_assert_cmpint (dd_chat_mod_event_get_kind (event), ==, kind);
  g_assert_cmpstr (dd_chat_mod_event_get_channel (event), ==, channel);
  g_assert_cmpstr (dd_chat_mod_event_get_target_login (event), ==, login);
  g_assert_cmpuint (dd_chat_mod_event_get_duration_s (event), ==, duration_s);
  g_assert_cmpint (dd_chat_mod_event_get_timestamp (event), >, 0);
}

static void
test_moderation_via_pipeline (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("irc://127.0.0.1:%u", fixture->port);
  g_autoptr(GError) error = NULL;
  g_autoptr(Raw) troll = NULL;
  g_autoptr(Raw) spammer = NULL;
  g_autoptr(Raw) host = NULL;
  g_autoptr(DdChatMessage) scam = NULL;
  DdChatMessage *target;

  /* The host runs #stage (it made it, so it is its operator). */
  host = raw_connect (fixture, "host");
  raw_join (host, "#stage");

  fixture->client = dd_irc_client_new (url, "dropdeck", &error);
  g_assert_no_error (error);
  dd_irc_client_add_channel (fixture->client, "#drop");
  dd_irc_client_add_channel (fixture->client, "#stage");
  g_signal_connect (fixture->client, "joined", G_CALLBACK (pipeline_joined_cb), fixture);
  fixture->pipeline = dd_chat_pipeline_new (DD_CHAT_PROVIDER (fixture->client), NULL);
  g_signal_connect (fixture->pipeline, "messages-ready", G_CALLBACK (pipeline_messages_cb), fixture);
  g_signal_connect (fixture->pipeline, "moderation-event", G_CALLBACK (pipeline_event_cb), fixture);
  g_assert_true (dd_chat_pipeline_start (fixture->pipeline, &error));
  wait_until (fixture, pipeline_joined, GINT_TO_POINTER (2), "the client to join #drop and #stage");

  troll = raw_connect (fixture, "troll");
  raw_join (troll, "#drop");
  scam = g_object_ref (raw_say (fixture, troll, "free pair at hxxps://nike-giveaway.shop"));
  g_assert_cmpstr (dd_chat_message_get_author_login (scam), ==, "troll");

  /* Plain IRC cannot delete one message: said so, nothing sent. */
  g_assert_false (pipeline_moderate (fixture, DD_CHAT_MOD_DELETE_MESSAGE, scam, 0, NULL, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "cannot delete a single message"));
  g_clear_error (&error);

  /* Kick: the server confirms, the troll sees the reason, and the wall
   * gets a timeout of 0 (out of the channel, free to come back). */
  g_assert_true (pipeline_moderate (fixture, DD_CHAT_MOD_KICK, scam, 0, "fake checkout links", &error));
  g_assert_no_error (error);
  g_free (raw_wait_for (troll, "KICK #drop troll :fake checkout links"));
  assert_event (fixture, 0, DD_CHAT_MOD_EVENT_TIMEOUT, "#drop", "troll", 0);

  /* Back again; a timeout is InspIRCd's timed ban: it can no longer speak. */
  raw_join (troll, "#drop");
  target = raw_say (fixture, troll, "still here lol");
  g_assert_true (pipeline_moderate (fixture, DD_CHAT_MOD_TIMEOUT, target, 60, NULL, &error));
  g_assert_no_error (error);
  assert_event (fixture, 1, DD_CHAT_MOD_EVENT_TIMEOUT, "#drop", "troll", 60);
  raw_send (troll, "PRIVMSG #drop :can you hear me");
  g_free (raw_wait_for (troll, " 404 "));

  /* A ban, on someone else. */
  spammer = raw_connect (fixture, "spammer");
  raw_join (spammer, "#drop");
  target = raw_say (fixture, spammer, "follow me for daily sneaker news!!");
  g_assert_true (pipeline_moderate (fixture, DD_CHAT_MOD_BAN, target, 0, NULL, &error));
  g_assert_no_error (error);
  assert_event (fixture, 2, DD_CHAT_MOD_EVENT_BAN, "#drop", "spammer", 0);
  raw_send (spammer, "PART #drop");
  raw_send (spammer, "JOIN #drop");
  g_free (raw_wait_for (spammer, " 474 "));

  /* Another moderator's ban reaches the wall too; a mask that names no
   * nick (a host ban) does not. */
  raw_send (host, "MODE #stage +b *!*@evil.example");
  raw_send (host, "MODE #stage +b lurker!*@*");
  assert_event (fixture, 3, DD_CHAT_MOD_EVENT_BAN, "#stage", "lurker", 0);

  /* A reason that would break the line is refused before anything is sent. */
  g_assert_false (pipeline_moderate (fixture, DD_CHAT_MOD_KICK, target, 0, "bye\r\nQUIT", &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->events->len, ==, 4);

  /* Once the pipeline has stopped, moderation is refused with a reason. */
  dd_chat_pipeline_stop (fixture->pipeline);
  g_assert_false (pipeline_moderate (fixture, DD_CHAT_MOD_BAN, target, 0, NULL, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED);
}

static void
test_server_restart (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("irc://127.0.0.1:%u", fixture->port);
  g_autofree char *texts = NULL;
  DdIrcClientStats stats;

  client_start (fixture, url, "#drop");
  wait_until (fixture, joined_at_least, GUINT_TO_POINTER (1), "the client to join #drop");

  {
    g_autoptr(Raw) viewer = raw_connect (fixture, "viewer");

    raw_join (viewer, "#drop");
    raw_send (viewer, "PRIVMSG #drop :before one");
    raw_send (viewer, "PRIVMSG #drop :before two");
    wait_until (fixture, received_at_least, GUINT_TO_POINTER (2), "messages before the restart");
  }

  /* Stop the server by its PID, start it again on the same ports. */
  server_stop (fixture);
  server_start (fixture);
  wait_until (fixture, joined_at_least, GUINT_TO_POINTER (2), "the client to rejoin after the restart");
  g_assert_cmpuint (fixture->registered, ==, 2);

  {
    g_autoptr(Raw) viewer = raw_connect (fixture, "viewer");

    raw_join (viewer, "#drop");
    raw_send (viewer, "PRIVMSG #drop :after");
    wait_until (fixture, received_at_least, GUINT_TO_POINTER (3), "a message after the restart");
  }

  /* Give a stray duplicate the chance to show up. */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  texts = received_texts (fixture);
  g_assert_cmpstr (texts, ==, "before one|before two|after");
  dd_irc_client_get_stats (fixture->client, &stats);
  g_assert_cmpuint (stats.reconnects, >=, 1);
  g_assert_cmpuint (stats.connects, ==, 2);
  g_assert_cmpint (dd_connectivity_get_state (dd_chat_provider_get_connectivity (DD_CHAT_PROVIDER (fixture->client))),
                   ==, DD_CONNECTIVITY_ONLINE);
}

static gboolean
connectivity_is (Fixture       *fixture,
                 gconstpointer  data)
{
  DdConnectivity *connectivity = dd_chat_provider_get_connectivity (DD_CHAT_PROVIDER (fixture->client));

  return dd_connectivity_get_state (connectivity) == (DdConnectivityState) GPOINTER_TO_INT (data);
}

static void
test_connectivity_while_server_away (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("irc://127.0.0.1:%u", fixture->port);
  DdConnectivity *connectivity;
  g_autoptr(GError) error = NULL;

  client_start (fixture, url, "#drop");
  connectivity = dd_chat_provider_get_connectivity (DD_CHAT_PROVIDER (fixture->client));
  g_assert_cmpint (dd_connectivity_get_state (connectivity), ==, DD_CONNECTIVITY_DEGRADED);
  wait_until (fixture, joined_at_least, GUINT_TO_POINTER (1), "the client to join #drop");
  g_assert_cmpint (dd_connectivity_get_state (connectivity), ==, DD_CONNECTIVITY_ONLINE);

  /* Server gone: degraded at once, offline after a few failed attempts,
   * with the reason in the detail; sending is refused meanwhile. */
  server_stop (fixture);
  wait_until (fixture, connectivity_is, GINT_TO_POINTER (DD_CONNECTIVITY_DEGRADED), "degraded");
  wait_until (fixture, connectivity_is, GINT_TO_POINTER (DD_CONNECTIVITY_OFFLINE), "offline");
  g_assert_nonnull (strstr (dd_connectivity_get_detail (connectivity), "127.0.0.1"));
  g_assert_false (dd_chat_provider_send_message (DD_CHAT_PROVIDER (fixture->client), "#drop", "hello", &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED);

  /* Back: online and joined again without anyone asking. */
  server_start (fixture);
  wait_until (fixture, joined_at_least, GUINT_TO_POINTER (2), "the client to rejoin");
  g_assert_cmpint (dd_connectivity_get_state (connectivity), ==, DD_CONNECTIVITY_ONLINE);
}

static void
test_history_without_duplicates (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("irc://127.0.0.1:%u", fixture->port);
  g_autofree char *texts = NULL;
  g_autoptr(Raw) host = NULL;
  DdIrcClientStats stats;

  /* The host opens the channel (chanhistory on: +H) and talks first. */
  host = raw_connect (fixture, "host");
  raw_join (host, "#hist");
  raw_send (host, "PRIVMSG #hist :one");
  raw_send (host, "PRIVMSG #hist :two");
  raw_send (host, "PRIVMSG #hist :three");
  raw_send (host, "OPER dropdeck dropdeck-oper");
  g_free (raw_wait_for (host, " 381 "));

  /* Joining replays the history. */
  client_start (fixture, url, "#hist");
  wait_until (fixture, received_at_least, GUINT_TO_POINTER (3), "the history replayed on join");
  texts = received_texts (fixture);
  g_assert_cmpstr (texts, ==, "one|two|three");
  g_clear_pointer (&texts, g_free);

  /* The server drops the client (KILL); while it is away the host says
   * more. On rejoin the server replays all four: only "four" is new. */
  raw_send (host, "KILL dropdeck :testing reconnect");
  raw_send (host, "PRIVMSG #hist :four");
  wait_until (fixture, joined_at_least, GUINT_TO_POINTER (2), "the client to rejoin after the KILL");
  wait_until (fixture, received_at_least, GUINT_TO_POINTER (4), "the fourth message");
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  texts = received_texts (fixture);
  g_assert_cmpstr (texts, ==, "one|two|three|four");
  dd_irc_client_get_stats (fixture->client, &stats);
  g_assert_cmpuint (stats.duplicates, >=, 3);
}

static void
test_ctl_chat_tail (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("irc://127.0.0.1:%u", fixture->port);
  g_autofree char *ctl = g_build_filename (g_getenv ("DD_BUILD_ROOT"), "src", "cli", "dropdeckctl", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(Raw) host = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { ctl, "chat", "tail", url, "#tail", "--seconds", "3", "--nick", "tailer", NULL };
  int status = 0;
  guint n = 0;

  /* Said before the tail joins: it reads them from the history replay. */
  host = raw_connect (fixture, "host");
  raw_join (host, "#tail");
  raw_send (host, "PRIVMSG #tail :SOLD 3 blue M");
  raw_send (host, "@+draft/reply=abc PRIVMSG #tail :how much is the white one?");

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("dropdeckctl chat tail failed: %s", err);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = NULL;
      JsonObject *object;

      if (lines[i][0] == '\0')
        continue;
      parser = json_parser_new ();
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (object, "channel"), ==, "#tail");
      g_assert_cmpstr (json_object_get_string_member (object, "author"), ==, "host");
      g_assert_cmpstr (json_object_get_string_member (object, "display_name"), ==, "host");
      g_assert_nonnull (strchr (json_object_get_string_member (object, "id"), '~'));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "time"), "Z"));
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "flags")));
      g_assert_cmpstr (json_object_get_string_member (object, "moderation"), ==, "ok");
      if (n == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "SOLD 3 blue M");
          g_assert_cmpstr (json_object_get_string_member (object, "intent"), ==, "purchase");
          g_assert_false (json_object_has_member (object, "reply_to"));
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "how much is the white one?");
          g_assert_cmpstr (json_object_get_string_member (object, "intent"), ==, "price");
          /* The IRCv3 reply tag names the message it answers. */
          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "reply_to"), "id"),
                           ==, "abc");
        }
      n++;
    }
  g_assert_cmpuint (n, ==, 2);
}

static void
test_addresses_and_security (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIrcClient) client = NULL;

  client = dd_irc_client_new ("ftp://127.0.0.1", NULL, &error);
  g_assert_null (client);
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  client = dd_irc_client_new ("not an address", NULL, &error);
  g_assert_null (client);
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED);
  g_clear_error (&error);

  client = dd_irc_client_new ("irc://127.0.0.1", "bad nick", &error);
  g_assert_null (client);
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
  g_clear_error (&error);

  /* Plain transports: loopback only, unless allowed explicitly. */
  client = dd_irc_client_new ("irc://chat.example.org", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (dd_irc_client_check_security (client, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  dd_irc_client_set_allow_insecure (client, TRUE);
  g_assert_true (dd_irc_client_check_security (client, NULL));
  g_clear_object (&client);

  client = dd_irc_client_new ("ws://chat.example.org/irc", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (dd_irc_client_check_security (client, NULL));
  g_clear_object (&client);

  client = dd_irc_client_new ("ircs://irc.chat.twitch.tv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dd_irc_client_get_transport (client), ==, DD_IRC_TRANSPORT_TLS);
  g_assert_true (dd_irc_client_check_security (client, NULL));
  g_assert_true (g_str_has_prefix (dd_irc_client_get_nick (client), "justinfan"));
  g_clear_object (&client);

  client = dd_irc_client_new ("wss://irc-ws.chat.twitch.tv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dd_irc_client_get_transport (client), ==, DD_IRC_TRANSPORT_WEBSOCKET_TLS);
  g_assert_true (dd_irc_client_check_security (client, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/integration/irc/addresses-and-security", test_addresses_and_security);

  if (!g_file_test ("/usr/sbin/inspircd", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("inspircd is not installed (build-aux/deps.sh test)");
      return g_test_run ();
    }

  signal (SIGABRT, kill_server_on_signal);
  signal (SIGTERM, kill_server_on_signal);
  signal (SIGSEGV, kill_server_on_signal);
  signal (SIGTRAP, kill_server_on_signal);

#define ADD(path, func) \
  g_test_add ("/dropdeck/integration/irc/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("tcp-tags-server-time-msgid", test_tcp);
  ADD ("websocket", test_websocket);
  ADD ("tls-trusting-only-the-test-ca", test_tls);
  ADD ("wss-trusting-only-the-test-ca", test_wss);
  ADD ("send-echo-and-rate-limit", test_send_and_echo);
  ADD ("kick-and-bans-as-operator", test_moderation);
  ADD ("moderation-through-the-pipeline", test_moderation_via_pipeline);
  ADD ("server-restart-reconnects-without-duplicates", test_server_restart);
  ADD ("connectivity-while-server-away", test_connectivity_while_server_away);
  ADD ("history-on-join-without-duplicates", test_history_without_duplicates);
  ADD ("ctl-chat-tail-json-lines", test_ctl_chat_tail);
#undef ADD

  return g_test_run ();
}
