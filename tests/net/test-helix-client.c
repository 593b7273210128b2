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
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dd-helix-client.h"
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

static gboolean
finish (Fixture  *fixture,
        GError  **error)
{
  gboolean ok;

  while (fixture->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = dd_helix_client_finish (fixture->client, fixture->result, error);
  g_clear_object (&fixture->result);
  return ok;
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
  ADD ("delete-message", test_delete_message);
  ADD ("auth-and-permission", test_auth_and_permission);
  ADD ("rate-limit-retried-once", test_rate_limit);
#undef ADD
  g_test_add_func ("/dropdeck/net/helix/base-url", test_base_url);

  return g_test_run ();
}
