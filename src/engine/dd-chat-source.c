/* dd-chat-source.c — a real audience chat for a drop, from an address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dd-chat-source.h"
#include "dd-irc-client.h"
#include "dd-net-error.h"

DdChatProvider *
dd_chat_source_new (const DdChatSourceConfig  *config,
                    GError                   **error)
{
  g_autoptr(DdIrcClient) client = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  if (config->url == NULL || config->url[0] == '\0')
    {
      g_set_error_literal (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                           _("No chat address was given."));
      return NULL;
    }
  if (config->channel == NULL || (config->channel[0] != '#' && config->channel[0] != '&')
      || config->channel[1] == '\0' || strpbrk (config->channel, " ,\a\r\n") != NULL)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                   _("“%s” is not a chat channel: channels start with # and have no spaces or commas."),
                   config->channel != NULL ? config->channel : "");
      return NULL;
    }

  client = dd_irc_client_new (config->url, config->nick, error);
  if (client == NULL || !dd_irc_client_check_security (client, error))
    return NULL;

  dd_irc_client_add_channel (client, config->channel);
  if (config->oper_name != NULL)
    {
      dd_irc_client_set_oper (client, config->oper_name, config->oper_password);
      /* An operator moderates: the faster send window applies. */
      dd_irc_client_set_moderator (client, TRUE);
    }

  return DD_CHAT_PROVIDER (g_steal_pointer (&client));
}
