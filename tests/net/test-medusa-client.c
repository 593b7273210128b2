/* test-medusa-client.c — DdMedusaClient against a loopback SoupServer:
 * authentication headers, pagination and the errors a person reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "dd-medusa-client.h"
#include "dd-net-error.h"

#include "test-medusa-register.h"

typedef struct
{
  SoupServer *server;
  char *url;
  char *last_authorization;
  guint n_requests;
  guint stall_ms;       /* the answer is held back this long */
} Fixture;

static gboolean
unpause_cb (gpointer user_data)
{
  SoupServerMessage *message = user_data;

  soup_server_message_unpause (message);
  g_object_unref (message);
  return G_SOURCE_REMOVE;
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *fixture = user_data;
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                            "Authorization");
  const char *offset_text = query != NULL ? g_hash_table_lookup (query, "offset") : NULL;
  const char *limit_text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  const char *fields = query != NULL ? g_hash_table_lookup (query, "fields") : NULL;

  fixture->n_requests++;
  g_free (fixture->last_authorization);
  fixture->last_authorization = g_strdup (authorization);

  if (g_str_equal (path, "/admin/products"))
    {
      /* 250 products, served in pages of at most `limit`. */
      int offset = offset_text != NULL ? atoi (offset_text) : 0;
      int limit = limit_text != NULL ? atoi (limit_text) : 50;
      GString *body = g_string_new ("{\"products\":[");

      if (limit_text != NULL)
        g_assert_cmpstr (fields, ==, "id,*variants");
      for (int i = offset; i < MIN (offset + limit, 250); i++)
        g_string_append_printf (body, "%s{\"id\":\"prod_%d\"}", i > offset ? "," : "", i);
      g_string_append_printf (body, "],\"count\":250,\"offset\":%d,\"limit\":%d}", offset, limit);
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE,
                                        body->str, body->len);
      g_string_free (body, FALSE);
    }
  else if (g_str_equal (path, "/admin/shrinking"))
    {
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"items\":[],\"count\":5}", 22);
    }
  else if (g_str_equal (path, "/admin/bad-request"))
    {
      const char *body = "{\"type\":\"invalid_data\",\"message\":\"Invalid request: Unrecognized fields: 'colour'\"}";

      soup_server_message_set_status (message, 400, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
    }
  else if (g_str_equal (path, "/admin/crash"))
    {
      soup_server_message_set_status (message, 500, NULL);
      soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC,
                                        "<h1>Internal\nServer Error</h1>", 30);
    }
  else if (g_str_equal (path, "/admin/truncated"))
    {
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"products\":[{\"id\":", 19);
    }
  else if (g_str_equal (path, "/auth/user/emailpass"))
    {
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"token\":\"jwt.token.here\"}", 26);
    }
  else
    {
      soup_server_message_set_status (message, 404, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"type\":\"not_found\",\"message\":\"Route not found\"}", 48);
    }

  if (fixture->stall_ms > 0)
    {
      soup_server_message_pause (message);
      g_timeout_add (fixture->stall_ms, unpause_cb, g_object_ref (message));
    }
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, handler_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->url, g_free);
  g_clear_pointer (&fixture->last_authorization, g_free);
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

static JsonNode *
get (DdMedusaClient  *client,
     const char      *path,
     GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dd_medusa_client_get_async (client, path, NULL, NULL, store_result_cb, &result);
  return dd_medusa_client_get_finish (client, wait_for (&result), error);
}

static void
test_requires_tls_off_loopback (void)
{
  const char *refused[] = { "http://shop.example.com", "http://10.0.0.5:9000", "ftp://127.0.0.1", "not a url" };
  const char *allowed[] = { "https://shop.example.com/", "http://127.0.0.1:9000", "http://localhost:9000", "http://[::1]:9000" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DdMedusaClient) client = dd_medusa_client_new (refused[i], &error);

      g_assert_null (client);
      g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED);
    }
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DdMedusaClient) client = dd_medusa_client_new (allowed[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (client);
    }
}

static void
test_api_key_and_pagination (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(DdMedusaClient) client = dd_medusa_client_new (fixture->url, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = NULL;

  dd_medusa_client_set_api_key (client, "sk_123");
  dd_medusa_client_list_all_async (client, "/admin/products", "products", "id,*variants",
                                   NULL, store_result_cb, &result);
  items = dd_medusa_client_list_all_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (items);
  g_assert_cmpuint (json_array_get_length (items), ==, 250);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 249), "id"), ==, "prod_249");
  g_assert_cmpuint (fixture->n_requests, ==, 3);
  /* base64 ("sk_123:") */
  g_assert_cmpstr (fixture->last_authorization, ==, "Basic c2tfMTIzOg==");
}

static void
test_login_sends_bearer (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(DdMedusaClient) client = dd_medusa_client_new (fixture->url, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  dd_medusa_client_login_async (client, "a@b.test", "pw", NULL, store_result_cb, &result);
  g_assert_true (dd_medusa_client_login_finish (client, wait_for (&result), &error));
  g_assert_no_error (error);

  node = get (client, "/admin/products", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fixture->last_authorization, ==, "Bearer jwt.token.here");
}

static void
assert_get_fails (Fixture    *fixture,
                  const char *path,
                  int         code,
                  const char *in_message)
{
  g_autoptr(DdMedusaClient) client = dd_medusa_client_new (fixture->url, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  dd_medusa_client_set_timeout (client, 1);
  node = get (client, path, &error);
  g_assert_null (node);
  g_assert_error (error, DD_NET_ERROR, code);
  g_test_message ("%s: %s", path, error->message);
  g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_errors_read_well (Fixture       *fixture,
                       gconstpointer  data)
{
  assert_get_fails (fixture, "/admin/bad-request", DD_NET_ERROR_REJECTED,
                    "Medusa rejected GET /admin/bad-request (HTTP 400): Invalid request: Unrecognized fields: 'colour'");
  assert_get_fails (fixture, "/admin/crash", DD_NET_ERROR_FAILED,
                    "Medusa failed while answering GET /admin/crash (HTTP 500): <h1>Internal Server Error</h1>");
  assert_get_fails (fixture, "/admin/nowhere", DD_NET_ERROR_REJECTED, "(HTTP 404): Route not found");
  assert_get_fails (fixture, "/admin/truncated", DD_NET_ERROR_PROTOCOL, "not valid JSON");

  fixture->stall_ms = 3000;
  assert_get_fails (fixture, "/admin/products", DD_NET_ERROR_TIMEOUT, "did not answer GET /admin/products in time");
}

static void
test_huge_answers_are_refused (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(DdMedusaClient) client = dd_medusa_client_new (fixture->url, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = NULL;

  /* A page of 100 products is about 1.8 kB here. */
  dd_medusa_client_set_max_answer_size (client, 1000);
  dd_medusa_client_list_all_async (client, "/admin/products", "products", "id,*variants",
                                   NULL, store_result_cb, &result);
  items = dd_medusa_client_list_all_finish (client, wait_for (&result), &error);
  g_assert_null (items);
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Medusa sent more than 1.0"));
  g_assert_nonnull (strstr (error->message, "kB for GET /admin/products; Dropdeck stopped reading"));
}

static void
test_short_pages_are_an_error (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(DdMedusaClient) client = dd_medusa_client_new (fixture->url, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = NULL;

  dd_medusa_client_list_all_async (client, "/admin/shrinking", "items", NULL, NULL, store_result_cb, &result);
  items = dd_medusa_client_list_all_finish (client, wait_for (&result), &error);
  g_assert_null (items);
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "promised 5 items but stopped after 0"));
}

static void
test_unreachable (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(DdMedusaClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;

  /* A port that is bound but never listened on refuses connections. */
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  client = dd_medusa_client_new (url, NULL);

  node = get (client, "/admin/products", &error);
  g_assert_null (node);
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED);
  g_assert_nonnull (strstr (error->message, "Could not reach Medusa at http://127.0.0.1:"));
}

void
test_medusa_client_register (void)
{
  g_test_add_func ("/dropdeck/net/medusa-client/requires-tls-off-loopback", test_requires_tls_off_loopback);
  g_test_add ("/dropdeck/net/medusa-client/api-key-and-pagination", Fixture, NULL,
              fixture_setup, test_api_key_and_pagination, fixture_teardown);
  g_test_add ("/dropdeck/net/medusa-client/login-sends-bearer", Fixture, NULL,
              fixture_setup, test_login_sends_bearer, fixture_teardown);
  g_test_add ("/dropdeck/net/medusa-client/errors-read-well", Fixture, NULL,
              fixture_setup, test_errors_read_well, fixture_teardown);
  g_test_add ("/dropdeck/net/medusa-client/huge-answers-are-refused", Fixture, NULL,
              fixture_setup, test_huge_answers_are_refused, fixture_teardown);
  g_test_add ("/dropdeck/net/medusa-client/short-pages-are-an-error", Fixture, NULL,
              fixture_setup, test_short_pages_are_an_error, fixture_teardown);
  g_test_add_func ("/dropdeck/net/medusa-client/unreachable", test_unreachable);
}
