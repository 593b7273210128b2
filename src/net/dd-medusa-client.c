/* dd-medusa-client.c — a Medusa v2 Admin API client over libsoup 3
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "dd-medusa-catalog.h"
#include "dd-medusa-client.h"
#include "dd-medusa-json.h"
#include "dd-net-error.h"

/* More pages than this means the server keeps moving the goal posts. */
#define MAX_PAGES 100000
#define READ_CHUNK (64 * 1024)

struct _DdMedusaClient
{
  GObject parent_instance;

  SoupSession *session;
  char *base_url;        /* without a trailing slash */
  char *authorization;   /* the Authorization header, or NULL */
  gsize max_answer_size;
  GHashTable *etags;     /* URL -> ETag of an answer that may be revalidated */
};

G_DEFINE_FINAL_TYPE (DdMedusaClient, dd_medusa_client, G_TYPE_OBJECT)

enum {
  PAGE_READ,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *method_and_path;  /* "GET /admin/products", for messages */
  char *url;
  gboolean revalidate;    /* sends If-None-Match; a 304 returns NULL without an error */
  SoupMessage *message;
  GInputStream *stream;
  GByteArray *body;
} Request;

typedef struct
{
  char *path;
  char *member;
  char *fields;
  char *query;            /* more of the query, or NULL */
  gboolean revalidate;
  gint64 offset;
  guint pages;
  JsonArray *items;
} ListAll;

static void
request_free (Request *request)
{
  g_free (request->method_and_path);
  g_free (request->url);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request);
}

static void
list_all_free (ListAll *list)
{
  g_free (list->path);
  g_free (list->member);
  g_free (list->fields);
  g_free (list->query);
  g_clear_pointer (&list->items, json_array_unref);
  g_free (list);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Medusa's error body is {"type": "...", "message": "..."}; anything else
 * is shown as its first line, shortened. */
static char *
server_message (GBytes *body)
{
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (len == 0)
    return g_strdup (_("no explanation given"));

  root = dd_medusa_json_parse (data, len, "an error", NULL);
  if (root != NULL)
    {
      JsonNode *message = json_object_get_member (json_node_get_object (root), "message");

      if (message != NULL && JSON_NODE_HOLDS_VALUE (message) &&
          json_node_get_value_type (message) == G_TYPE_STRING)
        return g_utf8_make_valid (json_node_get_string (message), -1);
    }

  text = g_utf8_make_valid (data, MIN (len, 200));
  g_strdelimit (text, "\r\n", ' ');
  return g_steal_pointer (&text);
}

static void
set_status_error (GError      **error,
                  const char   *what,
                  guint         status,
                  GBytes       *body)
{
  g_autofree char *message = server_message (body);

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                 _("Medusa refused the credentials for %s (HTTP %u): %s"), what, status, message);
  else if (status == SOUP_STATUS_NOT_FOUND)
    g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_REJECTED,
                 _("Medusa does not know %s (HTTP 404): %s"), what, message);
  else if (status == SOUP_STATUS_BAD_REQUEST || status == SOUP_STATUS_CONFLICT ||
           status == SOUP_STATUS_UNPROCESSABLE_ENTITY)
    g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_REJECTED,
                 _("Medusa rejected %s (HTTP %u): %s"), what, status, message);
  else if (status >= 400 && status < 500)
    g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                 _("Medusa rejected %s (HTTP %u): %s"), what, status, message);
  else if (status >= 500)
    g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                 _("Medusa failed while answering %s (HTTP %u): %s"), what, status, message);
  else
    g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                 _("Medusa answered %s with an unexpected HTTP status %u"), what, status);
}

static void
set_transport_error (DdMedusaClient  *self,
                     GError         **error,
                     const char      *what,
                     GError          *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (cause));
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_TIMEOUT,
                 _("Medusa at %s did not answer %s in time"), self->base_url, what);
  else
    g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                 _("Could not reach Medusa at %s for %s: %s"), self->base_url, what, cause->message);
}

static gboolean
answer_too_large (DdMedusaClient  *self,
                  Request         *request,
                  GError         **error)
{
  g_autofree char *limit = g_format_size (self->max_answer_size);

  g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
               _("Medusa sent more than %s for %s; Dropdeck stopped reading"),
               limit, request->method_and_path);
  return FALSE;
}

/* The whole answer is in request->body: status, then JSON. */
static void
finish_answer (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
  JsonNode *root;
  guint status;
  gsize len = 0;
  const char *data;

  status = soup_message_get_status (request->message);
  if (status == SOUP_STATUS_NOT_MODIFIED && request->revalidate)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (status < 200 || status >= 300)
    {
      GError *mapped = NULL;

      set_status_error (&mapped, request->method_and_path, status, body);
      g_task_return_error (task, mapped);
      return;
    }

  data = g_bytes_get_data (body, &len);
  root = dd_medusa_json_parse (data, len, request->method_and_path, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (request->revalidate)
    {
      DdMedusaClient *self = g_task_get_source_object (task);
      const char *etag = soup_message_headers_get_one (soup_message_get_response_headers (request->message), "ETag");

      if (etag != NULL)
        g_hash_table_insert (self->etags, g_strdup (request->url), g_strdup (etag));
      else
        g_hash_table_remove (self->etags, request->url);
    }

  g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
read_more (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdMedusaClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;
  GError *mapped = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      set_transport_error (self, &mapped, request->method_and_path, error);
      g_task_return_error (task, mapped);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      finish_answer (task);
      return;
    }

  if (request->body->len + g_bytes_get_size (chunk) > self->max_answer_size)
    {
      answer_too_large (self, request, &mapped);
      g_task_return_error (task, mapped);
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_more (g_steal_pointer (&task));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdMedusaClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GError *mapped = NULL;
  goffset announced;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      set_transport_error (self, &mapped, request->method_and_path, error);
      g_task_return_error (task, mapped);
      return;
    }

  announced = soup_message_headers_get_content_length (soup_message_get_response_headers (request->message));
  if (announced > 0 && (guint64) announced > self->max_answer_size)
    {
      answer_too_large (self, request, &mapped);
      g_task_return_error (task, mapped);
      return;
    }

  request->body = g_byte_array_new ();
  read_more (g_steal_pointer (&task));
}

/* Sends one request; the task returns the answer's JSON object. */
static void
send_request (DdMedusaClient      *self,
              const char          *method,
              const char          *path,
              const char          *query,
              JsonNode            *body,
              gboolean             revalidate,
              GCancellable        *cancellable,
              gpointer             source_tag,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = NULL;
  Request *request;

  g_task_set_source_tag (task, source_tag);

  url = g_strconcat (self->base_url, path, query != NULL ? "?" : NULL, query, NULL);
  request = g_new0 (Request, 1);
  request->method_and_path = g_strdup_printf ("%s %s", method, path);
  request->message = soup_message_new (method, url);
  request->url = g_strdup (url);
  request->revalidate = revalidate;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (request->message == NULL)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                               _("Dropdeck could not build a request for %s"), path);
      return;
    }

  soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                "Accept", "application/json");
  if (self->authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                  "Authorization", self->authorization);
  if (revalidate && g_hash_table_contains (self->etags, url))
    soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                  "If-None-Match", g_hash_table_lookup (self->etags, url));
  if (body != NULL)
    {
      g_autofree char *text = dd_medusa_json_to_string (body);
      gsize len = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

      soup_message_set_request_body_from_bytes (request->message, "application/json", bytes);
    }

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           cancellable, send_cb, g_steal_pointer (&task));
}

static void
dd_medusa_client_finalize (GObject *object)
{
  DdMedusaClient *self = DD_MEDUSA_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->etags, g_hash_table_unref);
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);

  G_OBJECT_CLASS (dd_medusa_client_parent_class)->finalize (object);
}

static void
dd_medusa_client_class_init (DdMedusaClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_medusa_client_finalize;

  /**
   * DdMedusaClient::page-read:
   * @path: the list's path ("/admin/products")
   * @done: items of the list read so far
   * @total: items Medusa counts in the list
   *
   * Emitted after each page of a paginated list.
   */
  signals[PAGE_READ] =
    g_signal_new ("page-read",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
dd_medusa_client_init (DdMedusaClient *self)
{
  self->session = soup_session_new_with_options ("timeout", 30,
                                                 "user-agent", "Dropdeck ",
                                                 NULL);
  self->max_answer_size = DD_MEDUSA_CLIENT_DEFAULT_MAX_ANSWER_SIZE;
  self->etags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

DdMedusaClient *
dd_medusa_client_new (const char  *base_url,
                      GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) parse_error = NULL;
  DdMedusaClient *self;
  const char *scheme;
  gsize len;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, &parse_error);
  if (uri == NULL)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a web address: %s"), base_url, parse_error->message);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 &&
      !(g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (g_uri_get_host (uri))))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                   _("Medusa at “%s” must be reached over https:// (plain http:// is only allowed on this computer)"),
                   base_url);
      return NULL;
    }
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                   _("The Medusa address “%s” must not have a query or fragment"), base_url);
      return NULL;
    }

  self = g_object_new (DD_TYPE_MEDUSA_CLIENT, NULL);
  self->base_url = g_strdup (base_url);
  len = strlen (self->base_url);
  while (len > 0 && self->base_url[len - 1] == '/')
    self->base_url[--len] = '\0';

  return self;
}

const char *
dd_medusa_client_get_base_url (DdMedusaClient *self)
{
  g_return_val_if_fail (DD_IS_MEDUSA_CLIENT (self), NULL);

  return self->base_url;
}

void
dd_medusa_client_set_timeout (DdMedusaClient *self,
                              guint           seconds)
{
  g_return_if_fail (DD_IS_MEDUSA_CLIENT (self));

  soup_session_set_timeout (self->session, seconds);
}

void
dd_medusa_client_set_max_answer_size (DdMedusaClient *self,
                                      gsize           max_bytes)
{
  g_return_if_fail (DD_IS_MEDUSA_CLIENT (self));
  g_return_if_fail (max_bytes > 0);

  self->max_answer_size = max_bytes;
}

void
dd_medusa_client_set_api_key (DdMedusaClient *self,
                              const char     *api_key)
{
  g_autofree char *user_pass = NULL;
  g_autofree char *encoded = NULL;

  g_return_if_fail (DD_IS_MEDUSA_CLIENT (self));
  g_return_if_fail (api_key != NULL);

  user_pass = g_strconcat (api_key, ":", NULL);
  encoded = g_base64_encode ((const guchar *) user_pass, strlen (user_pass));
  g_free (self->authorization);
  self->authorization = g_strconcat ("Basic ", encoded, NULL);
  memset (user_pass, 0, strlen (user_pass));
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  DdMedusaClient *self = DD_MEDUSA_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *token = NULL;

  root = g_task_propagate_pointer (G_TASK (result), &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!dd_medusa_json_get_string (json_node_get_object (root), "token", _("the login answer"),
                                  &token, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (token == NULL || *token == '\0' || strpbrk (token, "\r\n") != NULL)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                               _("Medusa answered the login without a token"));
      return;
    }

  g_free (self->authorization);
  self->authorization = g_strconcat ("Bearer ", token, NULL);
  g_task_return_boolean (task, TRUE);
}

void
dd_medusa_client_login_async (DdMedusaClient      *self,
                              const char          *email,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (DD_IS_MEDUSA_CLIENT (self));
  g_return_if_fail (email != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_medusa_client_login_async);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  send_request (self, "POST", "/auth/user/emailpass", NULL, body, FALSE, cancellable,
                login_cb, login_cb, g_steal_pointer (&task));
}

gboolean
dd_medusa_client_login_finish (DdMedusaClient  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_medusa_client_login_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dd_medusa_client_get_async (DdMedusaClient      *self,
                            const char          *path,
                            const char          *query,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (DD_IS_MEDUSA_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  send_request (self, "GET", path, query, NULL, FALSE, cancellable,
                dd_medusa_client_get_async, callback, user_data);
}

JsonNode *
dd_medusa_client_get_finish (DdMedusaClient  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_medusa_client_get_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dd_medusa_client_post_async (DdMedusaClient      *self,
                             const char          *path,
                             JsonNode            *body,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (DD_IS_MEDUSA_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (body != NULL);

  send_request (self, "POST", path, NULL, body, FALSE, cancellable,
                dd_medusa_client_post_async, callback, user_data);
}

JsonNode *
dd_medusa_client_post_finish (DdMedusaClient  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_medusa_client_post_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void list_page_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
request_page (GTask *task)
{
  DdMedusaClient *self = g_task_get_source_object (task);
  ListAll *list = g_task_get_task_data (task);
  g_autofree char *fields = g_uri_escape_string (list->fields, ",*", TRUE);
  g_autofree char *query = NULL;

  query = g_strdup_printf ("fields=%s&limit=%d&offset=%" G_GINT64_FORMAT "%s%s",
                           fields, DD_MEDUSA_CLIENT_PAGE_SIZE, list->offset,
                           list->query != NULL ? "&" : "", list->query != NULL ? list->query : "");
  /* Only a list that fits on its first page can be revalidated whole. */
  send_request (self, "GET", list->path, query, NULL, list->revalidate && list->offset == 0,
                g_task_get_cancellable (task), dd_medusa_client_get_async, list_page_cb, g_object_ref (task));
}

static void
list_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListAll *list = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items = NULL;
  gint64 count = 0;
  guint n;

  root = dd_medusa_client_get_finish (DD_MEDUSA_CLIENT (object), result, &error);
  if (root == NULL && error == NULL)
    {
      /* 304: the list is as it was. */
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (root == NULL || !dd_medusa_page_parse (root, list->member, &items, &count, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (list->revalidate && count > DD_MEDUSA_CLIENT_PAGE_SIZE)
    {
      /* A change on a later page would not show on the first. */
      DdMedusaClient *self = DD_MEDUSA_CLIENT (object);
      GHashTableIter iter;
      const char *url;

      g_hash_table_iter_init (&iter, self->etags);
      while (g_hash_table_iter_next (&iter, (gpointer *) &url, NULL))
        if (strstr (url, list->path) != NULL)
          g_hash_table_iter_remove (&iter);
    }

  n = json_array_get_length (items);
  for (guint i = 0; i < n; i++)
    /* Shared, not copied: the page is dropped right after. */
    json_array_add_element (list->items, json_node_ref (json_array_get_element (items, i)));
  list->offset += n;
  list->pages++;
  g_signal_emit (object, signals[PAGE_READ], 0, list->path,
                 (guint64) list->offset, (guint64) MAX (count, list->offset));

  if (list->offset < count && n > 0 && list->pages < MAX_PAGES)
    {
      request_page (task);
      return;
    }
  if (list->offset < count)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                               _("Medusa promised %" G_GINT64_FORMAT " %s but stopped after %" G_GINT64_FORMAT),
                               count, list->member, list->offset);
      return;
    }

  g_task_return_pointer (task, json_array_ref (list->items), (GDestroyNotify) json_array_unref);
}

void
dd_medusa_client_list_all_async (DdMedusaClient      *self,
                                 const char          *path,
                                 const char          *member,
                                 const char          *fields,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  dd_medusa_client_list_changed_async (self, path, member, fields, NULL, FALSE,
                                       cancellable, callback, user_data);
}

void
dd_medusa_client_list_changed_async (DdMedusaClient      *self,
                                     const char          *path,
                                     const char          *member,
                                     const char          *fields,
                                     const char          *query,
                                     gboolean             revalidate,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListAll *list;

  g_return_if_fail (DD_IS_MEDUSA_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (member != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_medusa_client_list_all_async);

  list = g_new0 (ListAll, 1);
  list->path = g_strdup (path);
  list->member = g_strdup (member);
  list->fields = g_strdup (fields != NULL ? fields : "id");
  list->query = g_strdup (query);
  list->revalidate = revalidate;
  list->items = json_array_new ();
  g_task_set_task_data (task, list, (GDestroyNotify) list_all_free);

  request_page (task);
}

JsonArray *
dd_medusa_client_list_all_finish (DdMedusaClient  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_medusa_client_list_all_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
