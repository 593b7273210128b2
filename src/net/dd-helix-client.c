/* dd-helix-client.c — Twitch's Helix moderation API: ban, timeout, delete a message
 *
 * One request per call, built as Twitch's Helix reference documents it;
 * the answer's status maps to a DD_NET_ERROR code and a sentence that
 * quotes Twitch's own "message". A 429 is retried once, after the time its
 * Ratelimit-Reset header names, when that is near enough.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dd-credentials.h"
#include "dd-helix-client.h"
#include "dd-net-error.h"

#define MAX_ANSWER_SIZE (64 * 1024)
#define MAX_REASON_CHARS 500

struct _DdHelixClient
{
  GObject      parent_instance;

  SoupSession *session;        /* made on first use, on the caller's thread */
  char        *base_url;       /* without a trailing slash */
  char        *client_id;
  char        *authorization;  /* "Bearer <token>" */
  char        *moderator_id;
};

G_DEFINE_FINAL_TYPE (DdHelixClient, dd_helix_client, G_TYPE_OBJECT)

typedef enum
{
  CALL_BAN,
  CALL_DELETE_MESSAGE,
} CallKind;

typedef struct
{
  CallKind  kind;
  char     *method;
  char     *url;
  GBytes   *body;      /* JSON, or NULL */
  gboolean  retried;   /* after a 429 */
  GSource  *retry_source;
} Call;

static void
call_free (Call *call)
{
  if (call->retry_source != NULL)
    {
      g_source_destroy (call->retry_source);
      g_source_unref (call->retry_source);
    }
  g_free (call->method);
  g_free (call->url);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call);
}

static void send_call (GTask *task);

/* The "message" of Twitch's error body {"error","status","message"}, or
 * the HTTP reason phrase when the body is not that. */
static char *
twitch_message (SoupMessage *message,
                GBytes      *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  JsonNode *root;

  if (data != NULL && len > 0 && json_parser_load_from_data (parser, data, (gssize) len, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *text = json_object_get_member (object, "message");

      if (text != NULL && JSON_NODE_HOLDS_VALUE (text) &&
          json_node_get_value_type (text) == G_TYPE_STRING &&
          g_utf8_validate (json_node_get_string (text), -1, NULL))
        return g_strdup (json_node_get_string (text));
    }
  return g_strdup (soup_message_get_reason_phrase (message) != NULL
                   ? soup_message_get_reason_phrase (message) : "");
}

static const char *
action_name (CallKind kind)
{
  return kind == CALL_BAN ? _("the ban or timeout") : _("deleting the message");
}

static GError *
error_for_status (Call        *call,
                  SoupMessage *message,
                  GBytes      *body)
{
  guint status = soup_message_get_status (message);
  g_autofree char *said = twitch_message (message, body);

  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
      return g_error_new (DD_NET_ERROR, DD_NET_ERROR_REJECTED,
                          _("Twitch refused %s: “%s”"), action_name (call->kind), said);
    case SOUP_STATUS_UNAUTHORIZED:
      return g_error_new (DD_NET_ERROR, DD_NET_ERROR_AUTH,
                          _("Twitch did not accept Dropdeck's sign-in (“%s”): sign in to Twitch "
                            "again and allow Dropdeck to moderate chat"), said);
    case SOUP_STATUS_FORBIDDEN:
      return g_error_new (DD_NET_ERROR, DD_NET_ERROR_PERMISSION,
                          _("Twitch says this account is not a moderator of the channel (“%s”)"),
                          said);
    case SOUP_STATUS_NOT_FOUND:
      return g_error_new (DD_NET_ERROR, DD_NET_ERROR_NOT_FOUND,
                          _("Twitch could not find the message: it may be older than six hours "
                            "or already deleted (“%s”)"), said);
    case SOUP_STATUS_CONFLICT:
      return g_error_new (DD_NET_ERROR, DD_NET_ERROR_CONFLICT,
                          _("Another moderator is changing this viewer's ban right now; "
                            "try again in a moment (“%s”)"), said);
    default:
      return g_error_new (DD_NET_ERROR, DD_NET_ERROR_FAILED,
                          _("Twitch answered %u to %s: “%s”"), status,
                          action_name (call->kind), said);
    }
}

/* Seconds until the Ratelimit-Reset time (Unix seconds), or -1. */
static gint64
seconds_until_reset (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *reset = soup_message_headers_get_one (headers, "Ratelimit-Reset");
  guint64 reset_s;

  if (reset == NULL || !g_ascii_string_to_unsigned (reset, 10, 0, G_MAXINT64, &reset_s, NULL))
    return -1;
  return MAX ((gint64) reset_s - g_get_real_time () / G_USEC_PER_SEC, 0);
}

static gboolean
retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  g_clear_pointer (&call->retry_source, g_source_unref);
  send_call (task);
  return G_SOURCE_REMOVE;
}

/* A 429: retry once after Ratelimit-Reset, or give up with the wait. */
static void
handle_rate_limit (GTask       *task,
                   SoupMessage *message)
{
  Call *call = g_task_get_task_data (task);
  gint64 wait_s = seconds_until_reset (message);

  if (!call->retried && wait_s >= 0 && wait_s <= DD_HELIX_MAX_RETRY_WAIT_S)
    {
      call->retried = TRUE;
      /* Reset is in whole seconds: wait into the second it names. */
      call->retry_source = g_timeout_source_new ((guint) (wait_s * 1000 + 250));
      g_source_set_name (call->retry_source, "[dropdeck] helix retry");
      g_source_set_callback (call->retry_source, retry_cb, g_object_ref (task), g_object_unref);
      g_source_attach (call->retry_source, g_task_get_context (task));
      return;
    }

  if (wait_s >= 0)
    g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_RATE_LIMITED,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "Twitch is limiting Dropdeck's requests for this channel; "
                                          "try again in %d second",
                                          "Twitch is limiting Dropdeck's requests for this channel; "
                                          "try again in %d seconds",
                                          (gulong) MAX (wait_s, 1)),
                             (int) MAX (wait_s, 1));
  else
    g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_RATE_LIMITED,
                             _("Twitch is limiting Dropdeck's requests for this channel; "
                               "try again in a minute"));
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint status;

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                                 _("Could not reach Twitch for %s: %s"),
                                 action_name (call->kind), error->message);
      return;
    }

  status = soup_message_get_status (message);
  if (g_bytes_get_size (body) > MAX_ANSWER_SIZE)
    g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                             _("Twitch's answer to %s was too large to read"),
                             action_name (call->kind));
  else if (status == 429) /* Too Many Requests: libsoup 3.2 has no name for it */
    handle_rate_limit (task, message);
  else if (SOUP_STATUS_IS_SUCCESSFUL (status))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error_for_status (call, message, body));
}

static void
send_call (GTask *task)
{
  DdHelixClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = soup_message_new (call->method, call->url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  if (self->session == NULL)
    self->session = soup_session_new_with_options ("timeout", 30, "user-agent", "Dropdeck", NULL);

  soup_message_headers_replace (headers, "Authorization", self->authorization);
  soup_message_headers_replace (headers, "Client-Id", self->client_id);
  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json", call->body);

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), sent_cb, g_object_ref (task));
}

static char *
build_url (DdHelixClient *self,
           const char    *path,
           const char    *broadcaster_id,
           const char    *message_id)
{
  g_autofree char *broadcaster = g_uri_escape_string (broadcaster_id, NULL, FALSE);
  g_autofree char *moderator = g_uri_escape_string (self->moderator_id, NULL, FALSE);
  g_autofree char *message = message_id != NULL ? g_uri_escape_string (message_id, NULL, FALSE) : NULL;

  return g_strdup_printf ("%s%s?broadcaster_id=%s&moderator_id=%s%s%s", self->base_url, path,
                          broadcaster, moderator, message != NULL ? "&message_id=" : "",
                          message != NULL ? message : "");
}

static GBytes *
build_ban_body (const char *user_id,
                guint       duration_s,
                const char *reason)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize len;
  char *json;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_string_value (builder, user_id);
  if (duration_s > 0)
    {
      json_builder_set_member_name (builder, "duration");
      json_builder_add_int_value (builder, duration_s);
    }
  if (reason != NULL)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, reason);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &len);
  return g_bytes_new_take (json, len);
}

static GTask *
new_task (DdHelixClient       *self,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

/* Takes `url` and `body`. */
static void
start_call (GTask      *task,
            CallKind    kind,
            const char *method,
            char       *url,
            GBytes     *body)
{
  Call *call = g_new0 (Call, 1);

  call->kind = kind;
  call->method = g_strdup (method);
  call->url = url;
  call->body = body;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  send_call (task);
}

static void
dd_helix_client_finalize (GObject *object)
{
  DdHelixClient *self = DD_HELIX_CLIENT (object);

  g_clear_object (&self->session);
  g_free (self->base_url);
  g_free (self->client_id);
  g_free (self->authorization);
  g_free (self->moderator_id);

  G_OBJECT_CLASS (dd_helix_client_parent_class)->finalize (object);
}

static void
dd_helix_client_class_init (DdHelixClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dd_helix_client_finalize;
}

static void
dd_helix_client_init (DdHelixClient *self)
{
  self->base_url = g_strdup (DD_HELIX_DEFAULT_BASE_URL);
}

DdHelixClient *
dd_helix_client_new (const char *client_id,
                     const char *access_token,
                     const char *moderator_id)
{
  DdHelixClient *self;

  g_return_val_if_fail (client_id != NULL && access_token != NULL && moderator_id != NULL, NULL);

  self = g_object_new (DD_TYPE_HELIX_CLIENT, NULL);
  self->client_id = g_strdup (client_id);
  self->authorization = g_strconcat ("Bearer ", access_token, NULL);
  self->moderator_id = g_strdup (moderator_id);

  return self;
}

DdHelixClient *
dd_helix_client_new_for_account (const DdAccount  *account,
                                 const char       *access_token,
                                 GError          **error)
{
  g_autoptr(DdHelixClient) self = NULL;
  g_auto(GStrv) ids = NULL;

  g_return_val_if_fail (account != NULL, NULL);

  if (g_strcmp0 (account->service, "twitch") != 0)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                   _("The %s account is not a Twitch account."), account->service);
      return NULL;
    }
  ids = account->user != NULL ? g_strsplit (account->user, ":", 2) : NULL;
  if (ids == NULL || g_strv_length (ids) != 2 || ids[0][0] == '\0' || ids[1][0] == '\0'
      || strspn (ids[1], "0123456789") != strlen (ids[1]))
    {
      g_set_error_literal (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                           _("The Twitch account’s user must be the app’s client id and your Twitch user id, "
                             "as CLIENT_ID:USER_ID (the user id is a number)."));
      return NULL;
    }
  if (access_token == NULL || access_token[0] == '\0')
    {
      g_set_error_literal (error, DD_NET_ERROR, DD_NET_ERROR_AUTH,
                           _("The Twitch account has no access token in the keyring: set it again."));
      return NULL;
    }

  self = dd_helix_client_new (ids[0], access_token, ids[1]);
  if (!dd_helix_client_set_base_url (self, account->url != NULL ? account->url : DD_HELIX_DEFAULT_BASE_URL, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
dd_helix_client_set_base_url (DdHelixClient  *self,
                              const char     *base_url,
                              GError        **error)
{
  gsize len;

  g_return_val_if_fail (DD_IS_HELIX_CLIENT (self), FALSE);
  g_return_val_if_fail (base_url != NULL, FALSE);

  if (!dd_credentials_check_url (base_url, error))
    return FALSE;

  len = strlen (base_url);
  while (len > 0 && base_url[len - 1] == '/')
    len--;
  g_free (self->base_url);
  self->base_url = g_strndup (base_url, len);
  return TRUE;
}

const char *
dd_helix_client_get_moderator_id (DdHelixClient *self)
{
  g_return_val_if_fail (DD_IS_HELIX_CLIENT (self), NULL);

  return self->moderator_id;
}

void
dd_helix_client_ban_async (DdHelixClient       *self,
                           const char          *broadcaster_id,
                           const char          *user_id,
                           guint                duration_s,
                           const char          *reason,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DD_IS_HELIX_CLIENT (self));
  g_return_if_fail (broadcaster_id != NULL && user_id != NULL);

  task = new_task (self, cancellable, callback, user_data, dd_helix_client_ban_async);
  if (duration_s > DD_HELIX_MAX_TIMEOUT_S)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_REJECTED,
                               _("A Twitch timeout lasts at most two weeks (%u seconds)"),
                               (guint) DD_HELIX_MAX_TIMEOUT_S);
      return;
    }
  if (reason != NULL && (!g_utf8_validate (reason, -1, NULL) ||
                         g_utf8_strlen (reason, -1) > MAX_REASON_CHARS))
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                               _("The reason is too long: Twitch takes at most %d characters"),
                               MAX_REASON_CHARS);
      return;
    }

  start_call (task, CALL_BAN, SOUP_METHOD_POST,
              build_url (self, "/moderation/bans", broadcaster_id, NULL),
              build_ban_body (user_id, duration_s, reason));
}

void
dd_helix_client_delete_message_async (DdHelixClient       *self,
                                      const char          *broadcaster_id,
                                      const char          *message_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DD_IS_HELIX_CLIENT (self));
  /* Without message_id the endpoint clears the whole chat: never by accident. */
  g_return_if_fail (broadcaster_id != NULL && message_id != NULL && message_id[0] != '\0');

  task = new_task (self, cancellable, callback, user_data, dd_helix_client_delete_message_async);
  start_call (task, CALL_DELETE_MESSAGE, SOUP_METHOD_DELETE,
              build_url (self, "/moderation/chat", broadcaster_id, message_id), NULL);
}

gboolean
dd_helix_client_finish (DdHelixClient  *self,
                        GAsyncResult   *result,
                        GError        **error)
{
  g_return_val_if_fail (DD_IS_HELIX_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
