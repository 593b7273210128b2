/* dd-chat-provider.c — the extension point for audience chat sources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-chat-provider.h"
#include "dd-net-error.h"

G_DEFINE_INTERFACE (DdChatProvider, dd_chat_provider, G_TYPE_OBJECT)

enum {
  MODERATION_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
dd_chat_provider_real_send_message (DdChatProvider  *self,
                                    const char      *channel,
                                    const char      *text,
                                    GError         **error)
{
  g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
               _("This chat source cannot send messages"));
  return FALSE;
}

static void
dd_chat_provider_real_moderate_async (DdChatProvider      *self,
                                      DdChatModAction      action,
                                      DdChatMessage       *target,
                                      guint                duration_s,
                                      const char          *reason,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dd_chat_provider_real_moderate_async);
  g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                           _("This chat source does not support moderation"));
}

static gboolean
dd_chat_provider_real_moderate_finish (DdChatProvider  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
dd_chat_provider_default_init (DdChatProviderInterface *iface)
{
  iface->send_message = dd_chat_provider_real_send_message;
  iface->moderate_async = dd_chat_provider_real_moderate_async;
  iface->moderate_finish = dd_chat_provider_real_moderate_finish;

  /**
   * DdChatProvider::moderation-event:
   * @event: the action, as the service reported it
   */
  signals[MODERATION_EVENT] =
    g_signal_new ("moderation-event",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_CHAT_MOD_EVENT);
}

void
dd_chat_provider_start (DdChatProvider *self,
                        GMainContext   *pipeline_context,
                        DdChatSink      sink,
                        gpointer        sink_data)
{
  g_return_if_fail (DD_IS_CHAT_PROVIDER (self));
  g_return_if_fail (pipeline_context != NULL);
  g_return_if_fail (sink != NULL);

  DD_CHAT_PROVIDER_GET_IFACE (self)->start (self, pipeline_context, sink, sink_data);
}

void
dd_chat_provider_stop (DdChatProvider *self)
{
  g_return_if_fail (DD_IS_CHAT_PROVIDER (self));

  DD_CHAT_PROVIDER_GET_IFACE (self)->stop (self);
}

gboolean
dd_chat_provider_send_message (DdChatProvider  *self,
                               const char      *channel,
                               const char      *text,
                               GError         **error)
{
  g_return_val_if_fail (DD_IS_CHAT_PROVIDER (self), FALSE);
  g_return_val_if_fail (channel != NULL, FALSE);

  if (!dd_chat_text_check_outgoing (text, -1, error))
    return FALSE;

  return DD_CHAT_PROVIDER_GET_IFACE (self)->send_message (self, channel, text, error);
}

DdConnectivity *
dd_chat_provider_get_connectivity (DdChatProvider *self)
{
  g_return_val_if_fail (DD_IS_CHAT_PROVIDER (self), NULL);

  return DD_CHAT_PROVIDER_GET_IFACE (self)->get_connectivity (self);
}

void
dd_chat_provider_moderate_async (DdChatProvider      *self,
                                 DdChatModAction      action,
                                 DdChatMessage       *target,
                                 guint                duration_s,
                                 const char          *reason,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (DD_IS_CHAT_PROVIDER (self));
  g_return_if_fail (action <= DD_CHAT_MOD_KICK);
  g_return_if_fail (DD_IS_CHAT_MESSAGE (target));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (action == DD_CHAT_MOD_TIMEOUT && duration_s == 0)
    duration_s = DD_CHAT_MOD_DEFAULT_TIMEOUT_S;
  if (reason != NULL && reason[0] != '\0')
    {
      GError *error = NULL;

      if (!dd_chat_text_check_outgoing (reason, -1, &error))
        {
          g_task_report_error (self, callback, user_data,
                               dd_chat_provider_moderate_async, error);
          return;
        }
    }
  else
    reason = NULL;

  DD_CHAT_PROVIDER_GET_IFACE (self)->moderate_async (self, action, target, duration_s, reason,
                                                     cancellable, callback, user_data);
}

gboolean
dd_chat_provider_moderate_finish (DdChatProvider  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (DD_IS_CHAT_PROVIDER (self), FALSE);

  if (g_async_result_is_tagged (result, dd_chat_provider_moderate_async))
    return g_task_propagate_boolean (G_TASK (result), error);

  return DD_CHAT_PROVIDER_GET_IFACE (self)->moderate_finish (self, result, error);
}

void
dd_chat_provider_report_mod_event (DdChatProvider *self,
                                   DdChatModEvent *event)
{
  g_return_if_fail (DD_IS_CHAT_PROVIDER (self));
  g_return_if_fail (event != NULL);

  g_signal_emit (self, signals[MODERATION_EVENT], 0, event);
}

gboolean
dd_chat_text_check_outgoing (const char  *text,
                             gssize       length,
                             GError     **error)
{
  gsize len;

  if (text == NULL)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("The message is empty"));
      return FALSE;
    }

  len = length < 0 ? strlen (text) : (gsize) length;

  if (len == 0)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("The message is empty"));
      return FALSE;
    }

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\r' || text[i] == '\n')
        {
          g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                       _("The message contains a line break at byte %u; chat messages must be a single line"),
                       (guint) i);
          return FALSE;
        }
      if (text[i] == '\0')
        {
          g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                       _("The message contains a NUL character at byte %u"),
                       (guint) i);
          return FALSE;
        }
    }

  if (!g_utf8_validate (text, len, NULL))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("The message is not valid UTF-8 text"));
      return FALSE;
    }

  return TRUE;
}
