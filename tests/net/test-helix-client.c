/* test-helix-client.c — DdHelixClient against a loopback Helix server
 *
 * Twitch's API cannot run here, so the server below implements the two
 * endpoints as Twitch's published Helix reference documents them ("Ban
 * User": POST /helix/moderation/bans; "Delete Chat Messages": DELETE
 * /helix/moderation/chat): it checks the method, path, query parameters,
 * the Authorization: Bearer and Client-Id headers and the JSON body's
 * shape ({"data": {"user_id", "duration"?, "reason"?}}), and answers with
 * the documented bodies and status codes: 200 with {"data": [...]} for a
 * ban, 204 for a delete, and {"error", "status", "message"} for 400, 401,
 * 403, 404, 409 and 429 (with Ratelimit-Limit, -Remaining and -Reset, the
 * reset in Unix seconds).
 *
 * The last test puts DdIrcClient on "Twitch": a small loopback server
 * speaks the Twitch IRC lines Twitch documents (CAP ACK of twitch.tv/tags
 * and twitch.tv/commands, ROOMSTATE with room-id, tagged PRIVMSG, and the
 * CLEARCHAT / CLEARMSG it echoes after a Helix ban or delete), so the
 * client's moderation must go through the Helix server above.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dd-helix-client.h"
#include "dd-irc-client.h"
#include "dd-net-error.h"

#define CLIENT_ID     "t214nt8z1rdtbj69hyarjvh5mi6fh"
#define TOKEN         "4a4x78f5wqvkybms7mxfist3jmzul"
#define BROADCASTER   "1234"
#define MODERATOR     "5678"

typedef struct
{
  SoupServer   *server;
  char         *base_url;
  DdHelixClient *client;
  GHashTable   *banned;         /* user id -> "ban" or "timeout" */
  GHashTable   *messages;       /* message ids in the chat -> author kind */
  guint         rate_limited;   /* answer this many requests with 429 */
  gint64        reset_in_s;     /* their Ratelimit-Reset, from now */
  guint         requests;
  char         *last_method;
  char         *last_path;
  GHashTable   *last_query;
  char         *last_body;
  GAsyncResult *result;
  GAsyncQueue  *twitch_out;     /* lines the fake Twitch IRC sends next */
} Fixture;

/* The Helix server ---------------------------------------------------------- */

static void
answer (SoupServerMessage *message,
        guint              status,
        const char        *json)
{
  soup_server_message_set_status (message, status, NULL);
  if (json != NULL)
    soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                      json, strlen (json));
}

static void
answer_error (SoupServerMessage *message,
              guint              status,
              const char        *text)
{
  g_autofree char *json = g_strdup_printf ("{\"error\":\"%s\",\"status\":%u,\"message\":\"%s\"}",
                                           soup_status_get_phrase (status), status, text);

  answer (message, status, json);
}

/* Checks what every Helix request must carry; FALSE once it answered. */
static gboolean
check_common (Fixture           *fixture,
              SoupServerMessage *message,
              GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *client_id = soup_message_headers_get_one (headers, "Client-Id");
  const char *broadcaster = query != NULL ? g_hash_table_lookup (query, "broadcaster_id") : NULL;
  const char *moderator = query != NULL ? g_hash_table_lookup (query, "moderator_id") : NULL;

  if (g_strcmp0 (authorization, "Bearer " TOKEN) != 0)
    {
      answer_error (message, 401, "Invalid OAuth token");
      return FALSE;
    }
  if (g_strcmp0 (client_id, CLIENT_ID) != 0)
    {
      answer_error (message, 401, "Client ID and OAuth token do not match");
      return FALSE;
    }
  if (broadcaster == NULL)
    {
      answer_error (message, 400, "Missing required parameter \\\"broadcaster_id\\\"");
      return FALSE;
    }
  if (moderator == NULL)
    {
      answer_error (message, 400, "Missing required parameter \\\"moderator_id\\\"");
      return FALSE;
    }
  if (g_strcmp0 (moderator, MODERATOR) != 0 || g_strcmp0 (broadcaster, BROADCASTER) != 0)
    {
      answer_error (message, 403, "The user in moderator_id is not one of the broadcaster's moderators");
      return FALSE;
    }
  if (fixture->rate_limited > 0)
    {
      SoupMessageHeaders *out = soup_server_message_get_response_headers (message);
      g_autofree char *reset = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                g_get_real_time () / G_USEC_PER_SEC + fixture->reset_in_s);

      fixture->rate_limited--;
      soup_message_headers_replace (out, "Ratelimit-Limit", "800");
      soup_message_headers_replace (out, "Ratelimit-Remaining", "0");
      soup_message_headers_replace (out, "Ratelimit-Reset", reset);
      answer_error (message, 429, "Too Many Requests");
      return FALSE;
    }
  return TRUE;
}

static void
handle_ban (Fixture           *fixture,
            SoupServerMessage *message,
            const char        *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *data;
  const char *user_id;
  gint64 duration = 0;
  g_autofree char *json = NULL;

  if (g_strcmp0 (soup_message_headers_get_content_type (headers, NULL), "application/json") != 0 ||
      !json_parser_load_from_data (parser, body, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      !json_object_has_member (json_node_get_object (json_parser_get_root (parser)), "data") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "data")))
    {
      answer_error (message, 400, "The request body is not valid");
      return;
    }
  data = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "data");
  user_id = json_object_get_string_member_with_default (data, "user_id", NULL);
  if (user_id == NULL)
    {
      answer_error (message, 400, "Missing required parameter \\\"user_id\\\"");
      return;
    }
  if (json_object_has_member (data, "duration"))
    {
      duration = json_object_get_int_member (data, "duration");
      if (duration < 1 || duration > 1209600)
        {
          answer_error (message, 400, "The value in the duration field is not valid");
          return;
        }
    }
  if (json_object_has_member (data, "reason") &&
      g_utf8_strlen (json_object_get_string_member (data, "reason"), -1) > 500)
    {
      answer_error (message, 400, "The text in the reason field is too long");
      return;
    }
  if (g_str_equal (user_id, "busy"))
    {
      answer_error (message, 409, "You may not update the user's ban state while someone else is updating the state");
      return;
    }
  /* A banned user cannot be moved into a timeout, nor banned again. */
  if (g_strcmp0 (g_hash_table_lookup (fixture->banned, user_id), "ban") == 0)
    {
      answer_error (message, 400, "user is already banned");
      return;
    }

  g_hash_table_insert (fixture->banned, g_strdup (user_id), duration > 0 ? "timeout" : "ban");
  /* What Twitch's IRC then tells everyone in the channel. */
  if (fixture->twitch_out != NULL)
    g_async_queue_push (fixture->twitch_out,
                        duration > 0
                        ? g_strdup_printf ("@ban-duration=%" G_GINT64_FORMAT ";room-id=" BROADCASTER
                                           ";target-user-id=%s;tmi-sent-ts=1764092400999 "
                                           ":tmi.twitch.tv CLEARCHAT #dropdeck_live :troll",
                                           duration, user_id)
                        : g_strdup_printf ("@room-id=" BROADCASTER ";target-user-id=%s;"
                                           "tmi-sent-ts=1764092400999 "
                                           ":tmi.twitch.tv CLEARCHAT #dropdeck_live :troll",
                                           user_id));
  if (duration > 0)
    json = g_strdup_printf ("{\"data\":[{\"broadcaster_id\":\"" BROADCASTER "\",\"moderator_id\":\"" MODERATOR
                            "\",\"user_id\":\"%s\",\"created_at\":\"2021-09-28T19:27:31Z\","
                            "\"end_time\":\"2021-09-28T19:32:31Z\"}]}", user_id);
  else
    json = g_strdup_printf ("{\"data\":[{\"broadcaster_id\":\"" BROADCASTER "\",\"moderator_id\":\"" MODERATOR
                            "\",\"user_id\":\"%s\",\"created_at\":\"2021-09-28T18:22:31Z\","
                            "\"end_time\":null}]}", user_id);
  answer (message, 200, json);
}

static void
handle_delete (Fixture           *fixture,
               SoupServerMessage *message,
               GHashTable        *query)
{
  const char *message_id = g_hash_table_lookup (query, "message_id");
  const char *author;

  if (message_id == NULL)
    {
      /* Documented: no message_id clears the whole chat. The client must
       * never send that; fail loudly if it does. */
      answer_error (message, 500, "test server: refusing to clear the whole chat");
      return;
    }
  author = g_hash_table_lookup (fixture->messages, message_id);
  if (author == NULL)
    answer_error (message, 404, "The ID in message_id was not found");
  else if (g_str_equal (author, "moderator"))
    answer_error (message, 400, "You may not delete another moderator's messages");
  else
    {
      if (fixture->twitch_out != NULL)
        g_async_queue_push (fixture->twitch_out,
                            g_strdup_printf ("@login=troll;room-id=;target-msg-id=%s;"
                                             "tmi-sent-ts=1764092401000 :tmi.twitch.tv "
                                             "CLEARMSG #dropdeck_live :free pairs here", message_id));
      g_hash_table_remove (fixture->messages, message_id);
      answer (message, 204, NULL);
    }
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;
  const char *method = soup_server_message_get_method (message);
  SoupMessageBody *body = soup_server_message_get_request_body (message);

  fixture->requests++;
  g_free (fixture->last_method);
  fixture->last_method = g_strdup (method);
  g_free (fixture->last_path);
  fixture->last_path = g_strdup (path);
  g_clear_pointer (&fixture->last_query, g_hash_table_unref);
  fixture->last_query = query != NULL ? g_hash_table_ref (query) : NULL;
  g_free (fixture->last_body);
  fixture->last_body = g_strndup (body->data, body->length);

  if (g_str_equal (path, "/helix/moderation/bans") && g_str_equal (method, "POST"))
    {
      if (check_common (fixture, message, query))
        handle_ban (fixture, message, fixture->last_body);
    }
  else if (g_str_equal (path, "/helix/moderation/chat") && g_str_equal (method, "DELETE"))
    {
      if (check_common (fixture, message, query))
        handle_delete (fixture, message, query);
    }
  else
    answer_error (message, 404, "Not Found");
}

/* Fixture -------------------------------------------------------------------- */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, "/helix", server_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base_url = g_strdup_printf ("http://127.0.0.1:%d/helix", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fixture->banned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (fixture->messages, g_strdup ("abc-123-def"), "viewer");
  g_hash_table_insert (fixture->messages, g_strdup ("mod-msg"), "moderator");
  fixture->reset_in_s = 1;

  fixture->client = dd_helix_client_new (CLIENT_ID, TOKEN, MODERATOR);
  g_assert_true (dd_helix_client_set_base_url (fixture->client, fixture->base_url, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->client);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_free (fixture->base_url);
  g_hash_table_unref (fixture->banned);
  g_hash_table_unref (fixture->messages);
  g_free (fixture->last_method);
  g_free (fixture->last_path);
  g_clear_pointer (&fixture->last_query, g_hash_table_unref);
  g_free (fixture->last_body);
  g_clear_object (&fixture->result);
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->result = g_object_ref (result);
}

/* Turns the main context until the call in flight has its result. */
static GAsyncResult *
wait_result (Fixture *fixture)
{
  while (fixture->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (&fixture->result);
}

static gboolean
finish (Fixture  *fixture,
        GError  **error)
{
  g_autoptr(GAsyncResult) result = wait_result (fixture);

  return dd_helix_client_finish (fixture->client, result, error);
}

static gboolean
ban (Fixture     *fixture,
     const char  *user_id,
     guint        duration_s,
     const char  *reason,
     GError     **error)
{
  dd_helix_client_ban_async (fixture->client, BROADCASTER, user_id, duration_s, reason, NULL,
                             result_cb, fixture);
  return finish (fixture, error);
}

static gboolean
delete_message (Fixture     *fixture,
                const char  *message_id,
                GError     **error)
{
  dd_helix_client_delete_message_async (fixture->client, BROADCASTER, message_id, NULL,
                                        result_cb, fixture);
  return finish (fixture, error);
}

static JsonObject *
last_data (Fixture    *fixture,
           JsonParser *parser)
{
  g_assert_true (json_parser_load_from_data (parser, fixture->last_body, -1, NULL));
  return json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "data");
}

/* Tests ------------------------------------------------------------------------ */

static void
test_ban_and_timeout (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body;

  /* A ban: no duration in the body. */
  g_assert_true (ban (fixture, "9876", 0, "fake checkout links", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fixture->last_method, ==, "POST");
  g_assert_cmpstr (fixture->last_path, ==, "/helix/moderation/bans");
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_query, "broadcaster_id"), ==, BROADCASTER);
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_query, "moderator_id"), ==, MODERATOR);
  body = last_data (fixture, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "user_id"), ==, "9876");
  g_assert_cmpstr (json_object_get_string_member (body, "reason"), ==, "fake checkout links");
  g_assert_false (json_object_has_member (body, "duration"));
  g_assert_cmpstr (g_hash_table_lookup (fixture->banned, "9876"), ==, "ban");

  /* A timeout: the duration in seconds; no reason, no reason member. */
  g_assert_true (ban (fixture, "4242", 300, NULL, &error));
  g_assert_no_error (error);
  body = last_data (fixture, parser);
  g_assert_cmpint (json_object_get_int_member (body, "duration"), ==, 300);
  g_assert_false (json_object_has_member (body, "reason"));
  g_assert_cmpstr (g_hash_table_lookup (fixture->banned, "4242"), ==, "timeout");

  /* Twitch's own words come back in the error. */
  g_assert_false (ban (fixture, "9876", 60, NULL, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "user is already banned"));
  g_clear_error (&error);

  /* Someone else is changing the same ban. */
  g_assert_false (ban (fixture, "busy", 0, NULL, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Checked before anything is sent. */
  fixture->requests = 0;
  g_assert_false (ban (fixture, "4243", DD_HELIX_MAX_TIMEOUT_S + 1, NULL, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_REJECTED);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->requests, ==, 0);
}

static void
test_delete_message (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (delete_message (fixture, "abc-123-def", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fixture->last_method, ==, "DELETE");
  g_assert_cmpstr (fixture->last_path, ==, "/helix/moderation/chat");
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_query, "message_id"), ==, "abc-123-def");
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_query, "moderator_id"), ==, MODERATOR);
  g_assert_cmpstr (fixture->last_body, ==, "");
  g_assert_false (g_hash_table_contains (fixture->messages, "abc-123-def"));

  /* Gone (or older than six hours): 404. */
  g_assert_false (delete_message (fixture, "abc-123-def", &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (delete_message (fixture, "mod-msg", &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "another moderator's messages"));
}

/* The Twitch account as `dropdeckctl account set twitch` saves it makes a
 * client that moderates; accounts that are not one say what is wrong. */
static void
test_from_account (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = g_strdup_printf ("%s:%s", CLIENT_ID, MODERATOR);
  g_autoptr(DdAccount) account = dd_account_new ("twitch", fixture->base_url, user);
  g_autoptr(DdAccount) no_ids = dd_account_new ("twitch", fixture->base_url, CLIENT_ID);
  g_autoptr(DdAccount) named = dd_account_new ("twitch", fixture->base_url, "app:moderator-name");
  g_autoptr(DdAccount) squad = dd_account_new ("squad", fixture->base_url, user);
  g_autoptr(DdAccount) plain = dd_account_new ("twitch", "http://api.twitch.tv/helix", user);
  g_autoptr(DdHelixClient) bad = NULL;

  g_clear_object (&fixture->client);
  fixture->client = dd_helix_client_new_for_account (account, TOKEN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dd_helix_client_get_moderator_id (fixture->client), ==, MODERATOR);
  g_assert_true (ban (fixture, "9876", 600, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_query, "moderator_id"), ==, MODERATOR);
  g_assert_cmpstr (g_hash_table_lookup (fixture->banned, "9876"), ==, "timeout");

  bad = dd_helix_client_new_for_account (no_ids, TOKEN, &error);
  g_assert_null (bad);
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "CLIENT_ID:USER_ID"));
  g_clear_error (&error);
  g_assert_null (dd_helix_client_new_for_account (named, TOKEN, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_null (dd_helix_client_new_for_account (squad, TOKEN, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_null (dd_helix_client_new_for_account (account, "", &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_AUTH);
  g_clear_error (&error);
  /* Tokens go over TLS only (plain http on loopback for tests). */
  g_assert_null (dd_helix_client_new_for_account (plain, TOKEN, &error));
  g_assert_nonnull (error);
}

static void
test_auth_and_permission (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdHelixClient) stranger = NULL;

  /* An expired token. */
  g_clear_object (&fixture->client);
  fixture->client = dd_helix_client_new (CLIENT_ID, "expired", MODERATOR);
  g_assert_true (dd_helix_client_set_base_url (fixture->client, fixture->base_url, NULL));
  g_assert_false (ban (fixture, "9876", 0, NULL, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Invalid OAuth token"));
  g_clear_error (&error);

  /* Signed in, but not a moderator of this channel. */
  g_clear_object (&fixture->client);
  fixture->client = dd_helix_client_new (CLIENT_ID, TOKEN, "1111");
  g_assert_true (dd_helix_client_set_base_url (fixture->client, fixture->base_url, NULL));
  g_assert_false (delete_message (fixture, "abc-123-def", &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (g_hash_table_contains (fixture->messages, "abc-123-def"));
}

static void
test_rate_limit (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 started;

  /* One 429: retried once, after Ratelimit-Reset. */
  fixture->rate_limited = 1;
  fixture->requests = 0;
  started = g_get_monotonic_time ();
  g_assert_true (ban (fixture, "9876", 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->requests, ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 250 * 1000);

  /* Two in a row: reported, with the wait. */
  fixture->rate_limited = 2;
  fixture->requests = 0;
  g_assert_false (ban (fixture, "4242", 60, NULL, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "try again in"));
  g_assert_cmpuint (fixture->requests, ==, 2);
  g_clear_error (&error);

  /* A reset too far off is not waited for. */
  fixture->rate_limited = 1;
  fixture->reset_in_s = 3600;
  fixture->requests = 0;
  g_assert_false (delete_message (fixture, "abc-123-def", &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_RATE_LIMITED);
  g_assert_cmpuint (fixture->requests, ==, 1);
}

/* A fake Twitch IRC, on its own thread ------------------------------------------ */

typedef struct
{
  GSocketListener *listener;
  guint16          port;
  GAsyncQueue     *out;
  gint             stop;   /* atomic */
} FakeTwitch;

static void
twitch_write (GOutputStream *output,
              const char    *line)
{
  g_autofree char *full = g_strconcat (line, "\r\n", NULL);

  g_output_stream_write_all (output, full, strlen (full), NULL, NULL, NULL);
}

static gpointer
fake_twitch_thread (gpointer user_data)
{
  FakeTwitch *twitch = user_data;
  g_autoptr(GSocketConnection) connection =
    g_socket_listener_accept (twitch->listener, NULL, NULL, NULL);
  g_autoptr(GDataInputStream) input = NULL;
  GOutputStream *output;
  GSocket *socket;

  g_assert_nonnull (connection);
  socket = g_socket_connection_get_socket (connection);
  input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (input, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  while (!g_atomic_int_get (&twitch->stop))
    {
      char *queued;

      while ((queued = g_async_queue_try_pop (twitch->out)) != NULL)
        {
          twitch_write (output, queued);
          g_free (queued);
        }
      if (g_buffered_input_stream_get_available (G_BUFFERED_INPUT_STREAM (input)) == 0 &&
          !g_socket_condition_timed_wait (socket, G_IO_IN, 10000, NULL, NULL))
        continue;
      {
        g_autofree char *line = g_data_input_stream_read_line (input, NULL, NULL, NULL);

        if (line == NULL)
          break;
        if (g_str_has_prefix (line, "CAP LS"))
          twitch_write (output, ":tmi.twitch.tv CAP * LS :twitch.tv/membership twitch.tv/tags twitch.tv/commands");
        else if (g_str_has_prefix (line, "CAP REQ"))
          twitch_write (output, ":tmi.twitch.tv CAP * ACK :twitch.tv/tags twitch.tv/commands twitch.tv/membership");
        else if (g_str_has_prefix (line, "CAP END"))
          twitch_write (output, ":tmi.twitch.tv 001 justinfan12345 :Welcome, GLHF!");
        else if (g_str_has_prefix (line, "JOIN "))
          {
            twitch_write (output, ":justinfan12345!justinfan12345@justinfan12345.tmi.twitch.tv JOIN #dropdeck_live");
            twitch_write (output, "@emote-only=0;followers-only=-1;r9k=0;room-id=" BROADCASTER
                                  ";slow=0;subs-only=0 :tmi.twitch.tv ROOMSTATE #dropdeck_live");
            twitch_write (output, "@badges=;display-name=Troll;id=abc-123-def;room-id=" BROADCASTER
                                  ";tmi-sent-ts=1764092400123;user-id=9876 "
                                  ":troll!troll@troll.tmi.twitch.tv PRIVMSG #dropdeck_live :free pairs here");
          }
      }
    }
  return NULL;
}

static void
twitch_sink (GPtrArray *messages,
             gpointer   user_data)
{
  GPtrArray *received = user_data;

  for (guint i = 0; i < messages->len; i++)
    g_ptr_array_add (received, g_object_ref (g_ptr_array_index (messages, i)));
  g_ptr_array_unref (messages);
}

static void
twitch_event_cb (DdChatProvider *provider,
                 DdChatModEvent *event,
                 GPtrArray      *events)
{
  g_ptr_array_add (events, dd_chat_mod_event_ref (event));
}

static gboolean
provider_moderate (Fixture          *fixture,
                   DdChatProvider   *provider,
                   DdChatModAction   action,
                   DdChatMessage    *target,
                   guint             duration_s,
                   GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dd_chat_provider_moderate_async (provider, action, target, duration_s, "scam links", NULL,
                                   result_cb, fixture);
  result = wait_result (fixture);
  return dd_chat_provider_moderate_finish (provider, result, error);
}

static void
wait_for_len (GPtrArray *array,
              guint      n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (array->len < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_irc_on_twitch_uses_helix (Fixture       *fixture,
                               gconstpointer  data)
{
  FakeTwitch twitch = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  g_autoptr(DdIrcClient) client = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_chat_mod_event_unref);
  DdChatProvider *provider;
  DdChatMessage *troll;
  DdChatModEvent *event;

  twitch.listener = g_socket_listener_new ();
  twitch.port = g_socket_listener_add_any_inet_port (twitch.listener, NULL, &error);
  g_assert_no_error (error);
  twitch.out = fixture->twitch_out = g_async_queue_new_full (g_free);
  thread = g_thread_new ("fake-twitch", fake_twitch_thread, &twitch);

  url = g_strdup_printf ("irc://127.0.0.1:%u", twitch.port);
  client = dd_irc_client_new (url, NULL, &error);
  g_assert_no_error (error);
  dd_irc_client_add_channel (client, "#dropdeck_live");
  dd_irc_client_set_helix (client, fixture->client);
  provider = DD_CHAT_PROVIDER (client);
  g_signal_connect (provider, "moderation-event", G_CALLBACK (twitch_event_cb), events);
  dd_chat_provider_start (provider, g_main_context_default (), twitch_sink, received);
  wait_for_len (received, 1);
  troll = g_ptr_array_index (received, 0);
  g_assert_true (dd_irc_client_has_cap (client, "twitch.tv/commands"));
  g_assert_cmpstr (dd_chat_message_get_author_user_id (troll), ==, "9876");

  /* A timeout: Helix bans user 9876 in room 1234 for 300 s; Twitch's
   * CLEARCHAT echo becomes the event. */
  g_assert_true (provider_moderate (fixture, provider, DD_CHAT_MOD_TIMEOUT, troll, 300, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fixture->last_path, ==, "/helix/moderation/bans");
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_query, "broadcaster_id"), ==, BROADCASTER);
  g_assert_cmpstr (g_hash_table_lookup (fixture->banned, "9876"), ==, "timeout");
  wait_for_len (events, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (dd_chat_mod_event_get_kind (event), ==, DD_CHAT_MOD_EVENT_TIMEOUT);
  g_assert_cmpuint (dd_chat_mod_event_get_duration_s (event), ==, 300);
  g_assert_cmpstr (dd_chat_mod_event_get_target_login (event), ==, "troll");

  /* A delete: Helix deletes the message id; CLEARMSG comes back. */
  g_assert_true (provider_moderate (fixture, provider, DD_CHAT_MOD_DELETE_MESSAGE, troll, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (fixture->last_query, "message_id"), ==, "abc-123-def");
  wait_for_len (events, 2);
  event = g_ptr_array_index (events, 1);
  g_assert_cmpint (dd_chat_mod_event_get_kind (event), ==, DD_CHAT_MOD_EVENT_DELETE_MESSAGE);
  g_assert_cmpstr (dd_chat_mod_event_get_target_message_id (event), ==, "abc-123-def");

  /* A ban, then Twitch's refusals reach the caller in Twitch's words. */
  g_assert_true (provider_moderate (fixture, provider, DD_CHAT_MOD_BAN, troll, 0, &error));
  g_assert_false (provider_moderate (fixture, provider, DD_CHAT_MOD_BAN, troll, 0, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "user is already banned"));
  g_clear_error (&error);

  /* Twitch has no kick. */
  g_assert_false (provider_moderate (fixture, provider, DD_CHAT_MOD_KICK, troll, 0, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED);

  dd_chat_provider_stop (provider);
  g_atomic_int_set (&twitch.stop, TRUE);
  g_thread_join (g_steal_pointer (&thread));
  g_socket_listener_close (twitch.listener);
  g_object_unref (twitch.listener);
  g_clear_pointer (&fixture->twitch_out, g_async_queue_unref);
}

static void
test_base_url (void)
{
  g_autoptr(DdHelixClient) client = dd_helix_client_new (CLIENT_ID, TOKEN, MODERATOR);
  g_autoptr(GError) error = NULL;

  /* The token never travels in plain text, except to loopback (tests). */
  g_assert_false (dd_helix_client_set_base_url (client, "http://api.twitch.tv/helix", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (dd_helix_client_set_base_url (client, "https://api.twitch.tv/helix/", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dd_helix_client_get_moderator_id (client), ==, MODERATOR);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dropdeck/net/helix/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("ban-and-timeout", test_ban_and_timeout);
  ADD ("from-account", test_from_account);
  ADD ("delete-message", test_delete_message);
  ADD ("auth-and-permission", test_auth_and_permission);
  ADD ("rate-limit-retried-once", test_rate_limit);
  ADD ("irc-on-twitch-moderates-through-helix", test_irc_on_twitch_uses_helix);
#undef ADD
  g_test_add_func ("/dropdeck/net/helix/base-url", test_base_url);

  return g_test_run ();
}
