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
dd_chat_provider_default_init (DdChatProviderInterface *iface)
{
  iface->send_message = dd_chat_provider_real_send_message;
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
