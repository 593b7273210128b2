/* dd-nats-jetstream.c — JetStream over a DdNatsClient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dd-nats-client-private.h"
#include "dd-nats-jetstream.h"

#define ERR_CODE_WRONG_LAST_SEQUENCE 10071
#define ERR_CODE_STREAM_NOT_FOUND 10059
#define ERR_CODE_CONSUMER_NOT_FOUND 10014
#define ERR_CODE_NO_MESSAGE_FOUND 10037
#define ERR_CODE_REPLICAS_NOT_CLUSTERED 10074
/* The fetch gives the server this long past `expires` to say 408. */
#define FETCH_GRACE_MS 2000

/* Pure parsing */

JsonObject *
dd_nats_js_parse_api_reply (const char *json,
                            gsize       len,
                            GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object, *err;

  if (!json_parser_load_from_data (parser, json, (gssize) len, &local_error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("The squad server's JetStream sent an answer this app cannot read"));
      return NULL;
    }
  object = json_node_get_object (root);
  err = json_object_has_member (object, "error") ? json_object_get_object_member (object, "error") : NULL;
  if (err != NULL)
    {
      gint64 code = json_object_get_int_member_with_default (err, "code", 0);
      gint64 err_code = json_object_get_int_member_with_default (err, "err_code", 0);
      const char *description = json_object_get_string_member_with_default (err, "description", "");
      int mapped = DD_NATS_ERROR_JETSTREAM;

      if (err_code == ERR_CODE_WRONG_LAST_SEQUENCE)
        mapped = DD_NATS_ERROR_CONFLICT;
      else if (err_code == ERR_CODE_REPLICAS_NOT_CLUSTERED)
        mapped = DD_NATS_ERROR_NOT_CLUSTERED;
      else if (code == 404 || err_code == ERR_CODE_STREAM_NOT_FOUND ||
               err_code == ERR_CODE_CONSUMER_NOT_FOUND || err_code == ERR_CODE_NO_MESSAGE_FOUND)
        mapped = DD_NATS_ERROR_NOT_FOUND;

      if (mapped == DD_NATS_ERROR_CONFLICT)
        g_set_error (error, DD_NET_ERROR, mapped,
                     _("Someone else changed this first (%s)"), description);
      else
        g_set_error (error, DD_NET_ERROR, mapped,
                     _("The squad server's JetStream refused: %s (error %" G_GINT64_FORMAT ")"),
                     description, err_code);
      return NULL;
    }
  return json_object_ref (object);
}

gboolean
dd_nats_js_parse_pub_ack (const char *json,
                          gsize       len,
                          guint64    *seq,
                          gboolean   *duplicate,
                          char      **stream,
                          GError    **error)
{
  g_autoptr(JsonObject) ack = dd_nats_js_parse_api_reply (json, len, error);
  JsonNode *seq_node;

  if (ack == NULL)
    return FALSE;
  seq_node = json_object_get_member (ack, "seq");
  if (seq_node == NULL || json_node_get_value_type (seq_node) != G_TYPE_INT64 ||
      json_node_get_int (seq_node) <= 0 || !json_object_has_member (ack, "stream"))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("The squad server's JetStream acknowledged without a sequence"));
      return FALSE;
    }
  if (seq != NULL)
    *seq = (guint64) json_node_get_int (seq_node);
  if (duplicate != NULL)
    *duplicate = json_object_get_boolean_member_with_default (ack, "duplicate", FALSE);
  if (stream != NULL)
    *stream = g_strdup (json_object_get_string_member_with_default (ack, "stream", ""));
  return TRUE;
}

static gboolean
parse_number (const char *text,
              gsize       len,
              guint64    *out)
{
  guint64 value = 0;

  if (len == 0 || len > 20)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]) || value > (G_MAXUINT64 - 9) / 10)
        return FALSE;
      value = value * 10 + (guint64) (text[i] - '0');
    }
  *out = value;
  return TRUE;
}

#define MAX_ACK_TOKENS 12

gboolean
dd_nats_js_parse_ack_subject (const char      *reply,
                              DdNatsJsMsgInfo *info)
{
  const char *tokens[MAX_ACK_TOKENS];
  gsize lengths[MAX_ACK_TOKENS];
  guint n = 0, first;
  guint64 ts;

  g_return_val_if_fail (info != NULL, FALSE);
  memset (info, 0, sizeof *info);
  if (reply == NULL || !g_str_has_prefix (reply, "$JS.ACK."))
    return FALSE;

  /* Split in place: called for every replayed message. */
  for (const char *p = reply;; p++)
    {
      const char *dot = strchr (p, '.');

      if (n == MAX_ACK_TOKENS)
        return FALSE;
      tokens[n] = p;
      lengths[n++] = dot != NULL ? (gsize) (dot - p) : strlen (p);
      if (dot == NULL)
        break;
      p = dot;
    }
  /* 2.9: $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>
   * newer: $JS.ACK.<domain>.<account>.<stream>... with an optional token. */
  if (n == 9)
    first = 2;
  else if (n == 11 || n == 12)
    first = 4;
  else
    return FALSE;

  if (lengths[first] == 0 ||
      !parse_number (tokens[first + 2], lengths[first + 2], &info->delivered) ||
      !parse_number (tokens[first + 3], lengths[first + 3], &info->stream_seq) ||
      !parse_number (tokens[first + 4], lengths[first + 4], &info->consumer_seq) ||
      !parse_number (tokens[first + 5], lengths[first + 5], &ts) ||
      !parse_number (tokens[first + 6], lengths[first + 6], &info->pending))
    return FALSE;
  info->timestamp_ns = (gint64) ts;
  info->stream = g_strndup (tokens[first], lengths[first]);
  return TRUE;
}

void
dd_nats_js_msg_info_clear (DdNatsJsMsgInfo *info)
{
  g_clear_pointer (&info->stream, g_free);
}

/* API calls */

static void
api_reply_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(DdNatsMsg) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  reply = dd_nats_client_request_finish (DD_NATS_CLIENT (source), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, DD_NET_ERROR, DD_NATS_ERROR_NO_RESPONDERS))
        g_task_return_new_error (task, DD_NET_ERROR, DD_NATS_ERROR_JETSTREAM,
                                 _("JetStream is not enabled on the squad server"));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  object = dd_nats_js_parse_api_reply (reply->data, reply->len, &error);
  if (object == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, object, (GDestroyNotify) json_object_unref);
}

void
dd_nats_js_api_async (DdNatsClient        *client,
                      const char          *api,
                      JsonObject          *body,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  dd_nats_js_api_timeout_async (client, api, body, DD_NATS_JS_DEFAULT_TIMEOUT_MS, cancellable,
                                callback, user_data);
}

void
dd_nats_js_api_timeout_async (DdNatsClient        *client,
                              const char          *api,
                              JsonObject          *body,
                              guint                timeout_ms,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *json = NULL;

  g_return_if_fail (DD_IS_NATS_CLIENT (client));
  g_return_if_fail (api != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_nats_js_api_async);
  subject = g_strconcat ("$JS.API.", api, NULL);
  if (body != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);

      json = json_to_string (node, FALSE);
    }
  dd_nats_client_request_async (client, subject, NULL, json != NULL ? json : "",
                                json != NULL ? strlen (json) : 0,
                                timeout_ms, cancellable,
                                api_reply_cb, g_steal_pointer (&task));
}

JsonObject *
dd_nats_js_api_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dd_nats_js_stream_create_async (DdNatsClient        *client,
                                JsonObject          *config,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *api = NULL;
  const char *name;

  g_return_if_fail (config != NULL);
  name = json_object_get_string_member_with_default (config, "name", "");
  api = g_strconcat ("STREAM.CREATE.", name, NULL);
  dd_nats_js_api_async (client, api, config, cancellable, callback, user_data);
}

void
dd_nats_js_stream_info_async (DdNatsClient        *client,
                              const char          *stream,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *api = g_strconcat ("STREAM.INFO.", stream, NULL);

  dd_nats_js_api_async (client, api, NULL, cancellable, callback, user_data);
}

void
dd_nats_js_consumer_create_async (DdNatsClient        *client,
                                  const char          *stream,
                                  const char          *durable,
                                  const char          *filter_subject,
                                  JsonObject          *extra,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *config = json_object_new ();
  g_autofree char *api = g_strdup_printf ("CONSUMER.DURABLE.CREATE.%s.%s", stream, durable);

  json_object_set_string_member (config, "durable_name", durable);
  json_object_set_string_member (config, "ack_policy", "explicit");
  /* Singular: nats-server 2.9 ignores "filter_subjects". */
  if (filter_subject != NULL)
    json_object_set_string_member (config, "filter_subject", filter_subject);
  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init (&iter, extra);
      while (json_object_iter_next (&iter, &member, &value))
        json_object_set_member (config, member, json_node_copy (value));
    }
  json_object_set_string_member (body, "stream_name", stream);
  json_object_set_object_member (body, "config", config);
  dd_nats_js_api_async (client, api, body, cancellable, callback, user_data);
}

/* Publishing
 *
 * Straight on the client's inbox rather than through a request task: with
 * hundreds of acks in flight, one task and one timer a publish is what the
 * main loop can afford.
 */

typedef struct
{
  DdNatsClient *client;
  char *subject;
  char *reply;
  GSource *timeout;
  gboolean duplicate;
} Publish;

static void
publish_free (Publish *publish)
{
  if (publish->timeout != NULL)
    {
      g_source_destroy (publish->timeout);
      g_source_unref (publish->timeout);
    }
  g_clear_object (&publish->client);
  g_free (publish->subject);
  g_free (publish->reply);
  g_free (publish);
}

static void
publish_stop_timer (Publish *publish)
{
  if (publish->timeout != NULL)
    {
      g_source_destroy (publish->timeout);
      g_clear_pointer (&publish->timeout, g_source_unref);
    }
}

static gboolean
pub_ack_cb (const DdNatsMsg *msg,
            gpointer         user_data)
{
  GTask *task = user_data;
  Publish *publish = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint64 seq = 0;

  if (g_task_get_completed (task))
    return FALSE;
  publish_stop_timer (publish);
  if (dd_nats_msg_get_status (msg) == 503)
    g_task_return_new_error (task, DD_NET_ERROR, DD_NATS_ERROR_NOT_FOUND,
                             _("No JetStream stream on the squad server stores “%s”"),
                             publish->subject);
  else if (!dd_nats_js_parse_pub_ack (msg->data, msg->len, &seq, &publish->duplicate, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, (gssize) seq);
  return FALSE;
}

static gboolean
publish_timeout_cb (gpointer user_data)
{
  GTask *task = g_object_ref (user_data);
  Publish *publish = g_task_get_task_data (task);

  g_clear_pointer (&publish->timeout, g_source_unref);
  if (!g_task_get_completed (task))
    g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_TIMEOUT,
                             _("The squad server did not acknowledge “%s” in time"),
                             publish->subject);
  /* Drops the handler's reference; a late ack is then ignored. */
  _dd_nats_client_remove_inbox_handler (publish->client, publish->reply);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

void
dd_nats_js_publish_with_headers_async (DdNatsClient        *client,
                                       const char          *subject,
                                       DdNatsHeaders       *headers,
                                       const void          *data,
                                       gsize                len,
                                       guint                timeout_ms,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Publish *publish;

  g_return_if_fail (DD_IS_NATS_CLIENT (client));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_nats_js_publish_async);
  publish = g_new0 (Publish, 1);
  publish->client = g_object_ref (client);
  publish->subject = g_strdup (subject);
  g_task_set_task_data (task, publish, (GDestroyNotify) publish_free);

  publish->reply = _dd_nats_client_add_inbox_handler (client, pub_ack_cb, g_object_ref (task),
                                                      g_object_unref);
  if (!dd_nats_client_publish (client, subject, publish->reply, headers, data, len, &error))
    {
      _dd_nats_client_remove_inbox_handler (client, publish->reply);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  publish->timeout = g_timeout_source_new (timeout_ms > 0 ? timeout_ms : DD_NATS_JS_DEFAULT_TIMEOUT_MS);
  g_source_set_callback (publish->timeout, publish_timeout_cb, task, NULL);
  g_source_attach (publish->timeout, g_task_get_context (task));
}

void
dd_nats_js_publish_async (DdNatsClient        *client,
                          const char          *subject,
                          const char          *msg_id,
                          gint64               expected_last_subject_seq,
                          const void          *data,
                          gsize                len,
                          guint                timeout_ms,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(DdNatsHeaders) headers = NULL;
  g_autoptr(GError) error = NULL;

  if (msg_id != NULL || expected_last_subject_seq >= 0)
    {
      headers = dd_nats_headers_new ();
      if (msg_id != NULL && !dd_nats_headers_add (headers, "Nats-Msg-Id", msg_id, &error))
        {
          g_task_report_error (NULL, callback, user_data, dd_nats_js_publish_async,
                               g_steal_pointer (&error));
          return;
        }
      if (expected_last_subject_seq >= 0)
        dd_nats_js_headers_add_expected_sequence (headers, expected_last_subject_seq);
    }
  dd_nats_js_publish_with_headers_async (client, subject, headers, data, len, timeout_ms,
                                         cancellable, callback, user_data);
}

void
dd_nats_js_headers_add_expected_sequence (DdNatsHeaders *headers,
                                          gint64         expected_last_subject_seq)
{
  char number[24];

  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, expected_last_subject_seq);
  dd_nats_headers_add (headers, "Nats-Expected-Last-Subject-Sequence", number, NULL);
}

guint64
dd_nats_js_publish_finish (GAsyncResult  *result,
                           gboolean      *duplicate,
                           GError       **error)
{
  Publish *publish;
  gssize seq;

  g_return_val_if_fail (G_IS_TASK (result), 0);

  seq = g_task_propagate_int (G_TASK (result), error);
  if (seq <= 0)
    return 0;
  publish = g_task_get_task_data (G_TASK (result));
  if (duplicate != NULL)
    *duplicate = publish != NULL && publish->duplicate;
  return (guint64) seq;
}

/* Pull fetch
 *
 * Pulled messages keep their own subject and arrive on the subscription of
 * the request's reply subject, so each fetch subscribes to a fresh inbox of
 * its own (outside the client's request inbox) and ends the subscription
 * when done.
 */

typedef struct
{
  DdNatsClient *client;
  guint64 sid;
  guint batch;
  GPtrArray *messages;
  GSource *timeout;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  if (fetch->timeout != NULL)
    {
      g_source_destroy (fetch->timeout);
      g_source_unref (fetch->timeout);
    }
  g_clear_object (&fetch->client);
  g_ptr_array_unref (fetch->messages);
  g_free (fetch);
}

/* Returns the result and ends the subscription, once. */
static void
fetch_complete (GTask  *task,
                GError *error)
{
  Fetch *fetch = g_task_get_task_data (task);
  guint64 sid = fetch->sid;

  if (g_task_get_completed (task) || sid == 0)
    {
      g_clear_error (&error);
      return;
    }
  fetch->sid = 0;
  if (fetch->timeout != NULL)
    {
      g_source_destroy (fetch->timeout);
      g_clear_pointer (&fetch->timeout, g_source_unref);
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_ptr_array_ref (fetch->messages), (GDestroyNotify) g_ptr_array_unref);
  /* Drops the subscription's reference to the task: the last use of it. */
  dd_nats_client_unsubscribe (fetch->client, sid);
}

static void
fetch_msg_cb (DdNatsClient    *client,
              const DdNatsMsg *msg,
              gpointer         user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  guint status = dd_nats_msg_get_status (msg);

  if (fetch->sid == 0)
    return;
  switch (status)
    {
    case 0:
      g_ptr_array_add (fetch->messages, dd_nats_msg_copy (msg));
      if (fetch->messages->len >= fetch->batch)
        fetch_complete (task, NULL);
      return;
    case 100: /* idle heartbeat */
      return;
    case 404: /* no messages */
    case 408: /* request timeout: expired with fewer than asked */
      fetch_complete (task, NULL);
      return;
    default:
      fetch_complete (task, g_error_new (DD_NET_ERROR, DD_NATS_ERROR_JETSTREAM,
                                         _("The squad server's JetStream ended the fetch: %u %s"),
                                         status,
                                         dd_nats_headers_get_description (msg->headers) != NULL
                                         ? dd_nats_headers_get_description (msg->headers) : ""));
      return;
    }
}

static gboolean
fetch_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);

  g_clear_pointer (&fetch->timeout, g_source_unref);
  fetch_complete (task, NULL);
  return G_SOURCE_REMOVE;
}

void
dd_nats_js_fetch_async (DdNatsClient        *client,
                        const char          *stream,
                        const char          *consumer,
                        guint                batch,
                        guint                expires_ms,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *inbox = NULL;
  Fetch *fetch;

  g_return_if_fail (DD_IS_NATS_CLIENT (client));
  g_return_if_fail (batch > 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_nats_js_fetch_async);
  fetch = g_new0 (Fetch, 1);
  fetch->client = g_object_ref (client);
  fetch->batch = batch;
  fetch->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_nats_msg_free);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  subject = g_strdup_printf ("$JS.API.CONSUMER.MSG.NEXT.%s.%s", stream, consumer);
  if (expires_ms > 0)
    body = g_strdup_printf ("{\"batch\":%u,\"expires\":%" G_GUINT64_FORMAT "}",
                            batch, (guint64) expires_ms * 1000000);
  else
    body = g_strdup_printf ("{\"batch\":%u,\"no_wait\":true}", batch);

  inbox = g_strdup_printf ("_INBOX.%08x%08x%08x", g_random_int (), g_random_int (), g_random_int ());
  fetch->sid = dd_nats_client_subscribe (client, inbox, NULL, fetch_msg_cb, g_object_ref (task),
                                         g_object_unref, &error);
  if (fetch->sid == 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!dd_nats_client_publish (client, subject, inbox, NULL, body, strlen (body), &error))
    {
      fetch_complete (task, g_steal_pointer (&error));
      return;
    }
  fetch->timeout = g_timeout_source_new (expires_ms + FETCH_GRACE_MS);
  g_source_set_callback (fetch->timeout, fetch_timeout_cb, task, NULL);
  g_source_attach (fetch->timeout, g_task_get_context (task));
}

GPtrArray *
dd_nats_js_fetch_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
dd_nats_js_ack (DdNatsClient    *client,
                const DdNatsMsg *msg,
                GError         **error)
{
  g_return_val_if_fail (DD_IS_NATS_CLIENT (client), FALSE);
  g_return_val_if_fail (msg != NULL, FALSE);

  if (msg->reply == NULL || !g_str_has_prefix (msg->reply, "$JS.ACK."))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                   _("This message did not come from a JetStream consumer and cannot be acknowledged"));
      return FALSE;
    }
  return dd_nats_client_publish (client, msg->reply, NULL, NULL, "+ACK", 4, error);
}
