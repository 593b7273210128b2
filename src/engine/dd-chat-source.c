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

typedef struct
{
  gboolean  done;
  char     *token;
  GError   *error;
} TokenLookup;

static void
token_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  TokenLookup *lookup = user_data;

  lookup->token = dd_credentials_lookup_finish (result, &lookup->error);
  lookup->done = TRUE;
}

gboolean
dd_chat_source_use_twitch_account (DdChatProvider  *provider,
                                   const char      *accounts_path,
                                   GError         **error)
{
  g_autofree char *default_path = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(DdHelixClient) helix = NULL;
  g_autoptr(GMainContext) context = NULL;
  const DdAccount *twitch = NULL;
  TokenLookup lookup = { 0 };

  g_return_val_if_fail (DD_IS_IRC_CLIENT (provider), FALSE);

  if (accounts_path == NULL)
    accounts_path = default_path = dd_credentials_default_accounts_path ();
  accounts = dd_credentials_load_accounts (accounts_path, error);
  if (accounts == NULL)
    return FALSE;
  for (guint i = 0; i < accounts->len && twitch == NULL; i++)
    if (g_strcmp0 (((const DdAccount *) g_ptr_array_index (accounts, i))->service, "twitch") == 0)
      twitch = g_ptr_array_index (accounts, i);
  if (twitch == NULL)
    return FALSE;

  context = g_main_context_ref_thread_default ();
  dd_credentials_lookup_async (twitch, NULL, token_cb, &lookup);
  while (!lookup.done)
    g_main_context_iteration (context, TRUE);
  if (lookup.token == NULL)
    {
      if (lookup.error != NULL)
        g_propagate_error (error, lookup.error);
      else
        g_set_error_literal (error, DD_NET_ERROR, DD_NET_ERROR_AUTH,
                             _("The Twitch account has no access token in the keyring: set it again."));
      return FALSE;
    }

  helix = dd_helix_client_new_for_account (twitch, lookup.token, error);
  dd_credentials_free_secret (lookup.token);
  if (helix == NULL)
    return FALSE;
  dd_irc_client_set_helix (DD_IRC_CLIENT (provider), helix);
  return TRUE;
}
