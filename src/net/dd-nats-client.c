/* dd-nats-client.c — a NATS connection on the GLib main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dd-nats-client-internal.h"
#include "dd-nats-encoder.h"
#include "dd-nats-parser.h"
#include "dd-nats-transport.h"

G_DEFINE_FINAL_TYPE (DdNatsClient, dd_nats_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

guint _dd_nats_client_signals[_DD_NATS_CLIENT_N_SIGNALS];

static void
subscription_free (Subscription *sub)
{
  if (sub->destroy != NULL)
    sub->destroy (sub->user_data);
  g_free (sub->subject);
  g_free (sub->queue_group);
  g_free (sub);
}

void
_dd_nats_client_set_state (DdNatsClient *self,
                           DdNatsState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

GSource *
_dd_nats_client_add_timeout (DdNatsClient *self,
                             guint         ms,
                             GSourceFunc   func)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, self->context);
  return source;
}

void
_dd_nats_client_clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* Writing */

void
_dd_nats_client_write_out (DdNatsClient *self)
{
  _dd_nats_client_clear_source (&self->write_source);
  if (self->state != DD_NATS_STATE_CONNECTED || self->transport == NULL || self->out->len == 0)
    return;
  dd_nats_transport_send (self->transport, self->out->str, self->out->len);
  g_string_truncate (self->out, 0);
}

static gboolean
write_cb (gpointer user_data)
{
  DdNatsClient *self = user_data;

  g_clear_pointer (&self->write_source, g_source_unref);
  _dd_nats_client_write_out (self);
  return G_SOURCE_REMOVE;
}

/* After appending to self->out. */
static void
schedule_write (DdNatsClient *self)
{
  if (self->state != DD_NATS_STATE_CONNECTED)
    return;
  if (self->out->len >= WRITE_THRESHOLD)
    {
      _dd_nats_client_write_out (self);
      return;
    }
  if (self->write_source == NULL)
    {
      self->write_source = g_idle_source_new ();
      g_source_set_priority (self->write_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->write_source, write_cb, self, NULL);
      g_source_attach (self->write_source, self->context);
    }
}

void
_dd_nats_client_send_ping (DdNatsClient *self,
                           PongWaiter    waiter)
{
  dd_nats_encode_ping (self->out);
  g_queue_push_tail (&self->pong_waiters, GINT_TO_POINTER (waiter));
}

static void
handle_info (DdNatsClient   *self,
             const DdNatsOp *op)
{
  g_autoptr(JsonNode) node = json_from_string (op->text, NULL);
  JsonObject *info = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  DdNatsConnectOptions options = {
    .name = self->name,
    .user = self->user,
    .pass = self->password,
    .token = self->token,
  };
  g_autoptr(GString) hello = g_string_new (NULL);

  if (info != NULL && json_object_has_member (info, "max_payload"))
    {
      gint64 max = json_object_get_int_member (info, "max_payload");

      if (max > 0)
        {
          self->max_payload = (gsize) max;
          dd_nats_parser_set_max_payload (self->parser, self->max_payload);
        }
    }
  if (info != NULL && json_object_has_member (info, "version") &&
      json_node_get_value_type (json_object_get_member (info, "version")) == G_TYPE_STRING)
    {
      g_free (self->server_version);
      self->server_version = g_strdup (json_object_get_string_member (info, "version"));
    }
  if (self->got_info)
    return; /* a later INFO only updates the cluster's details */
  self->got_info = TRUE;

  dd_nats_encode_connect (hello, &options);
  dd_nats_encode_ping (hello);
  g_queue_push_tail (&self->pong_waiters, GINT_TO_POINTER (PONG_FOR_HANDSHAKE));
  dd_nats_transport_send (self->transport, hello->str, hello->len);
}

static void
handle_pong (DdNatsClient *self)
{
  PongWaiter waiter = GPOINTER_TO_INT (g_queue_pop_head (&self->pong_waiters));

  switch (waiter)
    {
    case PONG_FOR_HANDSHAKE:
      _dd_nats_client_on_connected (self);
      break;
    case PONG_FOR_KEEPALIVE:
      if (self->pings_outstanding > 0)
        self->pings_outstanding--;
      break;
    case PONG_FOR_FLUSH:
      {
        GTask *task = g_queue_pop_head (&self->flush_tasks);

        if (task != NULL)
          {
            g_task_return_boolean (task, TRUE);
            g_object_unref (task);
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
handle_server_error (DdNatsClient   *self,
                     const DdNatsOp *op)
{
  g_autoptr(GError) error = NULL;

  switch (op->error_kind)
    {
    case DD_NATS_SERVER_ERROR_PERMISSION:
      error = g_error_new (DD_NET_ERROR, DD_NATS_ERROR_PERMISSION_DENIED,
                           _("The squad server refused an action for this role: %s"), op->text);
      break;
    case DD_NATS_SERVER_ERROR_AUTHORIZATION:
      error = g_error_new (DD_NET_ERROR, DD_NATS_ERROR_AUTHORIZATION,
                           _("The squad server refused the user name, password or token: %s"),
                           op->text);
      break;
    case DD_NATS_SERVER_ERROR_OTHER:
    default:
      error = g_error_new (DD_NET_ERROR, DD_NET_ERROR_FAILED,
                           _("The squad server reported an error: %s"), op->text);
      break;
    }
  if (op->error_kind != DD_NATS_SERVER_ERROR_PERMISSION)
    {
      g_clear_error (&self->last_error);
      self->last_error = g_error_copy (error);
    }
  g_signal_emit (self, _dd_nats_client_signals[SERVER_ERROR], 0, error);
}

static void
handle_message (DdNatsClient   *self,
                const DdNatsOp *op)
{
  g_autoptr(DdNatsHeaders) headers = NULL;
  DdNatsMsg msg = {
    .subject = op->subject,
    .reply = op->reply,
    .sid = op->sid,
    .data = op->payload,
    .len = op->payload_len,
  };
  Subscription *sub;

  if (op->kind == DD_NATS_OP_HMSG)
    {
      g_autoptr(GError) error = NULL;

      headers = dd_nats_headers_parse (op->headers, op->headers_len, &error);
      if (headers == NULL)
        {
          g_warning ("Dropped a message on %s: %s", op->subject, error->message);
          return;
        }
      msg.headers = headers;
    }

  if (op->sid == self->inbox_sid && self->inbox_sid != 0)
    {
      dd_nats_inbox_dispatch (self->inbox, &msg);
      return;
    }
  sub = g_hash_table_lookup (self->subscriptions, &op->sid);
  if (sub != NULL)
    sub->func (self, &msg, sub->user_data);
}

static gboolean
op_cb (const DdNatsOp *op,
       gpointer        user_data)
{
  DdNatsClient *self = user_data;
  DdNatsTransport *transport = self->transport;

  switch (op->kind)
    {
    case DD_NATS_OP_INFO:
      handle_info (self, op);
      break;
    case DD_NATS_OP_MSG:
    case DD_NATS_OP_HMSG:
      handle_message (self, op);
      break;
    case DD_NATS_OP_PING:
      {
        static const char pong[] = "PONG\r\n";

        dd_nats_transport_send (self->transport, pong, sizeof pong - 1);
      }
      break;
    case DD_NATS_OP_PONG:
      handle_pong (self);
      break;
    case DD_NATS_OP_OK:
      break;
    case DD_NATS_OP_ERR:
      handle_server_error (self, op);
      break;
    default:
      g_assert_not_reached ();
    }
  /* Stop when a callback ended or replaced the connection. */
  return self->transport == transport && transport != NULL;
}

void
_dd_nats_client_transport_data_cb (const char *data,
                                   gsize       len,
                                   gpointer    user_data)
{
  g_autoptr(DdNatsClient) self = g_object_ref (user_data);
  g_autoptr(GError) error = NULL;

  if (!self->got_info && len > 0 && data[0] != 'I' && data[0] != 'i')
    {
      g_set_error (&error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("%s is not a NATS server"), dd_nats_transport_get_url (self->transport));
      _dd_nats_client_lose_connection (self, error);
      return;
    }
  if (!dd_nats_parser_feed (self->parser, data, len, op_cb, self, &error))
    _dd_nats_client_lose_connection (self, error);
}

char *
_dd_nats_client_add_inbox_handler (DdNatsClient    *self,
                                   DdNatsInboxFunc  func,
                                   gpointer         user_data,
                                   GDestroyNotify   destroy)
{
  g_return_val_if_fail (DD_IS_NATS_CLIENT (self), NULL);

  /* One subscription for every reply, renewed by reconnects like any
   * other; its messages are routed by sid before the table is consulted. */
  if (self->inbox_sid == 0)
    {
      Subscription *sub = g_new0 (Subscription, 1);

      sub->sid = self->inbox_sid = ++self->next_sid;
      sub->subject = g_strdup (dd_nats_inbox_get_wildcard (self->inbox));
      g_hash_table_insert (self->subscriptions, &sub->sid, sub);
      if (self->state == DD_NATS_STATE_CONNECTED)
        {
          dd_nats_encode_sub (self->out, sub->subject, NULL, sub->sid, NULL);
          schedule_write (self);
        }
    }
  return dd_nats_inbox_add (self->inbox, func, user_data, destroy);
}

void
_dd_nats_client_remove_inbox_handler (DdNatsClient *self,
                                      const char   *reply)
{
  g_return_if_fail (DD_IS_NATS_CLIENT (self));
  if (self->inbox != NULL)
    dd_nats_inbox_remove (self->inbox, reply);
}

/* GObject */

static void
dd_nats_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DdNatsClient *self = DD_NATS_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_nats_client_dispose (GObject *object)
{
  DdNatsClient *self = DD_NATS_CLIENT (object);

  dd_nats_client_close (self);
  g_clear_pointer (&self->subscriptions, g_hash_table_unref);
  g_clear_pointer (&self->inbox, dd_nats_inbox_free);
  g_clear_object (&self->tls_database);

  G_OBJECT_CLASS (dd_nats_client_parent_class)->dispose (object);
}

static void
dd_nats_client_finalize (GObject *object)
{
  DdNatsClient *self = DD_NATS_CLIENT (object);

  g_ptr_array_unref (self->servers);
  g_free (self->user);
  g_free (self->password);
  g_free (self->token);
  g_free (self->name);
  g_free (self->server_version);
  g_clear_error (&self->last_error);
  g_string_free (self->out, TRUE);
  g_clear_pointer (&self->connect_tasks, g_ptr_array_unref);
  dd_nats_parser_free (self->parser);
  dd_backoff_free (self->backoff);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (dd_nats_client_parent_class)->finalize (object);
}

static void
dd_nats_client_class_init (DdNatsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dd_nats_client_get_property;
  object_class->dispose = dd_nats_client_dispose;
  object_class->finalize = dd_nats_client_finalize;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       DD_TYPE_NATS_STATE, DD_NATS_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An -ERR from the server; permission errors keep the connection. */
  _dd_nats_client_signals[SERVER_ERROR] =
    g_signal_new ("server-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* Connected again after a loss, subscriptions renewed. */
  _dd_nats_client_signals[RECONNECTED] =
    g_signal_new ("reconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dd_nats_client_init (DdNatsClient *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->servers = g_ptr_array_new_with_free_func (g_free);
  self->ping_interval_ms = DEFAULT_PING_INTERVAL_MS;
  self->parser = dd_nats_parser_new ();
  self->max_payload = DD_NATS_DEFAULT_MAX_PAYLOAD;
  self->backoff = dd_backoff_new (100, 2000, 2.0, 0.5);
  self->out = g_string_sized_new (WRITE_THRESHOLD * 2);
  self->connect_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->subscriptions = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                               (GDestroyNotify) subscription_free);
  self->inbox = dd_nats_inbox_new ();
  g_queue_init (&self->pong_waiters);
  g_queue_init (&self->flush_tasks);

}

/* Public API */

DdNatsClient *
dd_nats_client_new (const char * const *servers)
{
  DdNatsClient *self;

  g_return_val_if_fail (servers != NULL && servers[0] != NULL, NULL);

  self = g_object_new (DD_TYPE_NATS_CLIENT, NULL);
  for (guint i = 0; servers[i] != NULL; i++)
    g_ptr_array_add (self->servers, g_strdup (servers[i]));
  return self;
}

void
dd_nats_client_set_credentials (DdNatsClient *self,
                                const char   *user,
                                const char   *password)
{
  g_return_if_fail (DD_IS_NATS_CLIENT (self));
  g_free (self->user);
  self->user = g_strdup (user);
  g_free (self->password);
  self->password = g_strdup (password);
}

void
dd_nats_client_set_token (DdNatsClient *self,
                          const char   *token)
{
  g_return_if_fail (DD_IS_NATS_CLIENT (self));
  g_free (self->token);
  self->token = g_strdup (token);
}

void
dd_nats_client_set_name (DdNatsClient *self,
                         const char   *name)
{
  g_return_if_fail (DD_IS_NATS_CLIENT (self));
  g_free (self->name);
  self->name = g_strdup (name);
}

void
dd_nats_client_set_allow_insecure (DdNatsClient *self,
                                   gboolean      allow_insecure)
{
  g_return_if_fail (DD_IS_NATS_CLIENT (self));
  self->allow_insecure = allow_insecure;
}

void
dd_nats_client_set_tls_database (DdNatsClient *self,
                                 GTlsDatabase *database)
{
  g_return_if_fail (DD_IS_NATS_CLIENT (self));
  g_set_object (&self->tls_database, database);
}

void
dd_nats_client_set_ping_interval (DdNatsClient *self,
                                  guint         interval_ms)
{
  g_return_if_fail (DD_IS_NATS_CLIENT (self));
  g_return_if_fail (interval_ms > 0);
  self->ping_interval_ms = interval_ms;
}

void
dd_nats_client_set_reconnect_delay (DdNatsClient *self,
                                    guint         initial_ms,
                                    guint         max_ms)
{
  g_return_if_fail (DD_IS_NATS_CLIENT (self));
  dd_backoff_free (self->backoff);
  self->backoff = dd_backoff_new (initial_ms, MAX (initial_ms, max_ms), 2.0, 0.5);
}

void
dd_nats_client_connect_async (DdNatsClient        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DD_IS_NATS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_nats_client_connect_async);

  for (guint i = 0; i < self->servers->len; i++)
    if (!dd_nats_transport_check_url (g_ptr_array_index (self->servers, i),
                                      self->allow_insecure, &error))
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }

  switch (self->state)
    {
    case DD_NATS_STATE_CONNECTED:
      g_task_return_boolean (task, TRUE);
      return;
    case DD_NATS_STATE_CLOSED:
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("The squad connection was closed"));
      return;
    case DD_NATS_STATE_DISCONNECTED:
      g_ptr_array_add (self->connect_tasks, g_steal_pointer (&task));
      _dd_nats_client_set_state (self, DD_NATS_STATE_CONNECTING);
      _dd_nats_client_connect_next (self);
      return;
    case DD_NATS_STATE_CONNECTING:
    case DD_NATS_STATE_RECONNECTING:
    default:
      g_ptr_array_add (self->connect_tasks, g_steal_pointer (&task));
      return;
    }
}

gboolean
dd_nats_client_connect_finish (DdNatsClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dd_nats_client_close (DdNatsClient *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DD_IS_NATS_CLIENT (self));

  if (self->state == DD_NATS_STATE_CLOSED)
    return;
  _dd_nats_client_write_out (self);
  error = g_error_new (DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                       _("The squad connection was closed"));
  _dd_nats_client_set_state (self, DD_NATS_STATE_CLOSED);
  if (self->transport != NULL)
    {
      dd_nats_transport_close (self->transport);
      g_clear_object (&self->transport);
    }
  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  _dd_nats_client_clear_source (&self->reconnect_source);
  _dd_nats_client_clear_source (&self->ping_source);
  _dd_nats_client_clear_source (&self->write_source);
  _dd_nats_client_fail_flushes (self, error);
  _dd_nats_client_complete_connect_tasks (self, error);
  if (self->inbox != NULL)
    dd_nats_inbox_clear (self->inbox);
}

DdNatsState
dd_nats_client_get_state (DdNatsClient *self)
{
  g_return_val_if_fail (DD_IS_NATS_CLIENT (self), DD_NATS_STATE_DISCONNECTED);
  return self->state;
}

const char *
dd_nats_client_get_server_url (DdNatsClient *self)
{
  g_return_val_if_fail (DD_IS_NATS_CLIENT (self), NULL);
  return self->transport != NULL ? dd_nats_transport_get_url (self->transport) : NULL;
}

const char *
dd_nats_client_get_server_version (DdNatsClient *self)
{
  g_return_val_if_fail (DD_IS_NATS_CLIENT (self), NULL);
  return self->server_version;
}

gsize
dd_nats_client_get_max_payload (DdNatsClient *self)
{
  g_return_val_if_fail (DD_IS_NATS_CLIENT (self), 0);
  return self->max_payload;
}

guint
dd_nats_client_get_reconnects (DdNatsClient *self)
{
  g_return_val_if_fail (DD_IS_NATS_CLIENT (self), 0);
  return self->reconnects;
}

guint64
dd_nats_client_subscribe (DdNatsClient   *self,
                          const char     *subject,
                          const char     *queue_group,
                          DdNatsMsgFunc   func,
                          gpointer        user_data,
                          GDestroyNotify  destroy,
                          GError        **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  Subscription *sub;

  g_return_val_if_fail (DD_IS_NATS_CLIENT (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  if (!dd_nats_encode_sub (line, subject, queue_group, self->next_sid + 1, error))
    return 0;

  sub = g_new0 (Subscription, 1);
  sub->sid = ++self->next_sid;
  sub->subject = g_strdup (subject);
  sub->queue_group = g_strdup (queue_group);
  sub->func = func;
  sub->user_data = user_data;
  sub->destroy = destroy;
  g_hash_table_insert (self->subscriptions, &sub->sid, sub);

  /* While away, the reconnect sends every subscription. */
  if (self->state == DD_NATS_STATE_CONNECTED)
    {
      g_string_append_len (self->out, line->str, (gssize) line->len);
      schedule_write (self);
    }
  return sub->sid;
}

void
dd_nats_client_unsubscribe (DdNatsClient *self,
                            guint64       sid)
{
  g_return_if_fail (DD_IS_NATS_CLIENT (self));

  if (sid == self->inbox_sid || !g_hash_table_remove (self->subscriptions, &sid))
    return;
  if (self->state == DD_NATS_STATE_CONNECTED)
    {
      dd_nats_encode_unsub (self->out, sid, 0);
      schedule_write (self);
    }
}

gboolean
dd_nats_client_publish (DdNatsClient  *self,
                        const char    *subject,
                        const char    *reply,
                        DdNatsHeaders *headers,
                        const void    *data,
                        gsize          len,
                        GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (DD_IS_NATS_CLIENT (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (self->state == DD_NATS_STATE_CLOSED)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                   _("The squad connection was closed"));
      return FALSE;
    }
  if (len > self->max_payload)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("The message is %" G_GSIZE_FORMAT " bytes: the squad server takes at most %"
                     G_GSIZE_FORMAT), len, self->max_payload);
      return FALSE;
    }
  if (self->state != DD_NATS_STATE_CONNECTED && self->out->len + len > MAX_BUFFERED)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                   _("The squad server is unreachable and the send buffer is full"));
      return FALSE;
    }

  if (headers != NULL)
    ok = dd_nats_encode_hpub (self->out, subject, reply, headers, data, len, error);
  else
    ok = dd_nats_encode_pub (self->out, subject, reply, data, len, error);
  if (ok)
    schedule_write (self);
  return ok;
}

void
dd_nats_client_flush_async (DdNatsClient        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DD_IS_NATS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_nats_client_flush_async);
  if (self->state != DD_NATS_STATE_CONNECTED)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("Not connected to the squad server"));
      g_object_unref (task);
      return;
    }
  _dd_nats_client_send_ping (self, PONG_FOR_FLUSH);
  g_queue_push_tail (&self->flush_tasks, task);
  _dd_nats_client_write_out (self);
}

gboolean
dd_nats_client_flush_finish (DdNatsClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
