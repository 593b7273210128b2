/* dd-nats-request.c — request/reply over the client's wildcard inbox
 *
 * Each request gets its own reply subject under the inbox, a timeout on the
 * task's main context, and ends exactly once: with the reply, with
 * DD_NATS_ERROR_NO_RESPONDERS when the server answers 503, with a timeout,
 * or cancelled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dd-nats-client-private.h"
#include "dd-nats-encoder.h"

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

typedef struct
{
  DdNatsClient *client;
  char *subject;
  char *reply;
  GSource *timeout;
  gulong cancelled_id;
} Request;

static void
request_free (Request *request)
{
  clear_source (&request->timeout);
  g_free (request->subject);
  g_free (request->reply);
  g_free (request);
}

/* Ends the request once: the task then no longer sits in the inbox. */
static void
request_finish_with (GTask     *task,
                     DdNatsMsg *reply,
                     GError    *error)
{
  Request *request = g_task_get_task_data (task);

  clear_source (&request->timeout);
  if (request->cancelled_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), request->cancelled_id);
      request->cancelled_id = 0;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reply, (GDestroyNotify) dd_nats_msg_free);
}

static gboolean
request_reply_cb (const DdNatsMsg *msg,
                  gpointer         user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  if (g_task_get_completed (task))
    return FALSE;
  if (dd_nats_msg_get_status (msg) == 503)
    request_finish_with (task, NULL,
                         g_error_new (DD_NET_ERROR, DD_NATS_ERROR_NO_RESPONDERS,
                                      _("Nothing on the squad server answers on “%s”"),
                                      request->subject));
  else
    request_finish_with (task, dd_nats_msg_copy (msg), NULL);
  return FALSE;
}

static gboolean
request_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GTask) keep = g_object_ref (task);

  g_clear_pointer (&request->timeout, g_source_unref);
  request_finish_with (task, NULL,
                       g_error_new (DD_NET_ERROR, DD_NET_ERROR_TIMEOUT,
                                    _("The squad server did not answer on “%s” in time"),
                                    request->subject));
  _dd_nats_client_remove_inbox_handler (request->client, request->reply);
  return G_SOURCE_REMOVE;
}

static gboolean
request_cancelled_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  if (!g_task_get_completed (task))
    {
      request->cancelled_id = 0;
      clear_source (&request->timeout);
      g_task_return_error_if_cancelled (task);
      _dd_nats_client_remove_inbox_handler (request->client, request->reply);
    }
  return G_SOURCE_REMOVE;
}

static void
request_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  GTask *task = user_data;
  GSource *idle = g_idle_source_new ();

  g_source_set_callback (idle, request_cancelled_idle_cb, g_object_ref (task), g_object_unref);
  g_source_attach (idle, g_task_get_context (task));
  g_source_unref (idle);
}

void
dd_nats_client_request_async (DdNatsClient        *self,
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
  Request *request;

  g_return_if_fail (DD_IS_NATS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_nats_client_request_async);
  request = g_new0 (Request, 1);
  request->client = self;
  request->subject = g_strdup (subject);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (!dd_nats_check_subject (subject, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  request->reply = _dd_nats_client_add_inbox_handler (self, request_reply_cb,
                                                      g_object_ref (task), g_object_unref);
  if (!dd_nats_client_publish (self, subject, request->reply, headers, data, len, &error))
    {
      _dd_nats_client_remove_inbox_handler (self, request->reply);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  request->timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (request->timeout, request_timeout_cb, task, NULL);
  g_source_attach (request->timeout, g_task_get_context (task));
  if (cancellable != NULL)
    request->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (request_cancelled_cb),
                                                   task, NULL);
}

DdNatsMsg *
dd_nats_client_request_finish (DdNatsClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
