/* dd-nats-reconnect.c — the connection life of DdNatsClient
 *
 * Connecting to the servers in turn, keepalive PINGs, and after a lost
 * connection the next server at once, then DdBackoff delays; the
 * subscriptions are renewed before anything published while away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dd-nats-client-internal.h"
#include "dd-nats-encoder.h"
#include "dd-nats-parser.h"
#include "dd-nats-transport.h"

void
_dd_nats_client_fail_flushes (DdNatsClient *self,
                              const GError *error)
{
  GTask *task;

  while ((task = g_queue_pop_head (&self->flush_tasks)) != NULL)
    {
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
  g_queue_clear (&self->pong_waiters);
}

void
_dd_nats_client_complete_connect_tasks (DdNatsClient *self,
                                        const GError *error)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->connect_tasks);

  self->connect_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    {
      if (error != NULL)
        g_task_return_error (g_ptr_array_index (tasks, i), g_error_copy (error));
      else
        g_task_return_boolean (g_ptr_array_index (tasks, i), TRUE);
    }
}

static gboolean
ping_timer_cb (gpointer user_data)
{
  DdNatsClient *self = user_data;

  if (self->pings_outstanding >= MAX_PINGS_OUTSTANDING)
    {
      g_autoptr(GError) error = g_error_new (DD_NET_ERROR, DD_NET_ERROR_TIMEOUT,
                                             _("The squad server stopped answering"));

      _dd_nats_client_lose_connection (self, error);
      return G_SOURCE_REMOVE;
    }
  self->pings_outstanding++;
  _dd_nats_client_send_ping (self, PONG_FOR_KEEPALIVE);
  _dd_nats_client_write_out (self);
  return G_SOURCE_CONTINUE;
}

static void
resubscribe (DdNatsClient *self)
{
  g_autoptr(GString) subs = g_string_new (NULL);
  GHashTableIter iter;
  Subscription *sub;

  g_hash_table_iter_init (&iter, self->subscriptions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &sub))
    dd_nats_encode_sub (subs, sub->subject, sub->queue_group, sub->sid, NULL);
  /* Subscriptions go before whatever was published while away. */
  g_string_prepend_len (self->out, subs->str, (gssize) subs->len);
}

void
_dd_nats_client_on_connected (DdNatsClient *self)
{
  gboolean again = self->reconnects > 0 || self->failures_this_round > 0;

  dd_backoff_reset (self->backoff);
  self->failures_this_round = 0;
  self->pings_outstanding = 0;
  g_clear_error (&self->last_error);
  _dd_nats_client_set_state (self, DD_NATS_STATE_CONNECTED);

  resubscribe (self);
  _dd_nats_client_write_out (self);

  _dd_nats_client_clear_source (&self->ping_source);
  self->ping_source = _dd_nats_client_add_timeout (self, self->ping_interval_ms, ping_timer_cb);

  _dd_nats_client_complete_connect_tasks (self, NULL);
  if (again)
    g_signal_emit (self, _dd_nats_client_signals[RECONNECTED], 0);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  DdNatsClient *self = user_data;

  g_clear_pointer (&self->reconnect_source, g_source_unref);
  _dd_nats_client_connect_next (self);
  return G_SOURCE_REMOVE;
}

/* Drops the transport and schedules the next attempt. */
void
_dd_nats_client_lose_connection (DdNatsClient *self,
                                 const GError *error)
{
  g_autoptr(GError) lost = NULL;
  guint delay;

  if (self->state == DD_NATS_STATE_CLOSED)
    return;

  if (self->transport != NULL)
    {
      dd_nats_transport_close (self->transport);
      g_clear_object (&self->transport);
    }
  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  _dd_nats_client_clear_source (&self->ping_source);
  _dd_nats_client_clear_source (&self->write_source);
  dd_nats_parser_reset (self->parser);

  if (error != NULL && self->last_error == NULL)
    self->last_error = g_error_copy (error);
  lost = g_error_new (DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                      _("The connection to the squad server was lost"));
  _dd_nats_client_fail_flushes (self, lost);

  if (self->state == DD_NATS_STATE_CONNECTED)
    {
      self->failures_this_round = 0;
      self->reconnects++;
    }
  else
    {
      self->failures_this_round++;
    }

  if (self->failures_this_round >= self->servers->len && self->connect_tasks->len > 0)
    _dd_nats_client_complete_connect_tasks (self, self->last_error != NULL ? self->last_error : lost);

  _dd_nats_client_set_state (self, self->state == DD_NATS_STATE_CONNECTING && self->reconnects == 0
                                   ? DD_NATS_STATE_CONNECTING : DD_NATS_STATE_RECONNECTING);
  self->server_index = (self->server_index + 1) % self->servers->len;
  /* The first try after a loss goes to the next server at once. */
  delay = self->failures_this_round == 0 ? 0 : dd_backoff_next_delay_ms (self->backoff);
  _dd_nats_client_clear_source (&self->reconnect_source);
  self->reconnect_source = _dd_nats_client_add_timeout (self, delay, reconnect_cb);
}

static void
transport_closed_cb (const GError *error,
                     gpointer      user_data)
{
  g_autoptr(DdNatsClient) self = g_object_ref (user_data);

  _dd_nats_client_lose_connection (self, error);
}

static void
transport_connect_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DdNatsClient) self = user_data;
  g_autoptr(GError) error = NULL;
  DdNatsTransport *transport;

  transport = dd_nats_transport_connect_finish (result, &error);
  if (transport == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&self->last_error);
          _dd_nats_client_lose_connection (self, error);
        }
      return;
    }
  if (self->state == DD_NATS_STATE_CLOSED)
    {
      dd_nats_transport_close (transport);
      g_object_unref (transport);
      return;
    }
  self->transport = transport;
  self->got_info = FALSE;
  dd_nats_transport_start (transport, _dd_nats_client_transport_data_cb, transport_closed_cb, self);
}

void
_dd_nats_client_connect_next (DdNatsClient *self)
{
  const char *url = g_ptr_array_index (self->servers, self->server_index);

  g_clear_object (&self->connect_cancellable);
  self->connect_cancellable = g_cancellable_new ();
  dd_nats_transport_connect_async (url, self->allow_insecure, self->tls_database,
                                   self->connect_cancellable,
                                   transport_connect_cb, g_object_ref (self));
}

/* Inbox */
