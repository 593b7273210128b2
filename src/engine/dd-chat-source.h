/* dd-chat-source.h — a real audience chat for a drop, from an address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-chat-provider.h"

G_BEGIN_DECLS

typedef struct
{
  const char *url;            /* irc://, ircs://, ws:// or wss:// */
  const char *channel;        /* "#drop"; required */
  const char *nick;           /* NULL: a guest nick, read-only on Twitch */
  const char *oper_name;      /* server operator account, or NULL */
  const char *oper_password;  /* never from the command line */
} DdChatSourceConfig;

/* An IRCv3 chat provider for `config`, not yet connected (no I/O happens
 * here). Errors say what is wrong with the address, the channel or the
 * transport's security, as sentences for people. */
DdChatProvider *dd_chat_source_new (const DdChatSourceConfig  *config,
                                    GError                   **error);

/* Moderation on Twitch goes through its Helix API. When a "twitch" account
 * is saved (in the accounts file at `accounts_path`, NULL: the default one;
 * its token in the keyring), gives `provider` its Helix client and returns
 * TRUE. FALSE without an error when no Twitch account is saved; FALSE with a
 * sentence when it cannot be used. Waits for the keyring by turning the
 * thread-default main context: call it before the chat starts. */
gboolean        dd_chat_source_use_twitch_account (DdChatProvider  *provider,
                                                   const char      *accounts_path,
                                                   GError         **error);

G_END_DECLS
