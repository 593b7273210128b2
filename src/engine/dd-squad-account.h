/* dd-squad-account.h — the squad channel of this laptop's squad account
 *
 * The squad account is what `dropdeckctl account set squad --url URL --user
 * NAME` (or the preferences) saved: the servers ("primary,secondary"; nats,
 * tls, ws or wss) and the login in accounts.json, the password in the
 * keyring. The squad's name and this member's role come from the caller
 * (the settings "squad-name" and "role" in the app).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-credentials.h"
#include "dd-nats-squad-channel.h"

G_BEGIN_DECLS

/* The squad account in `accounts_path` (NULL: the default file), or NULL
 * with no error when there is none. */
DdAccount          *dd_squad_account_load         (const char           *accounts_path,
                                                   GError              **error);

/* Looks the password up and makes a channel (not yet started: the drop
 * session starts it, which connects). Fails with DD_NET_ERROR_FAILED and a
 * message saying what to do when there is no squad account or no password. */
void                dd_squad_account_open_async   (const char           *accounts_path,
                                                   const char           *squad,
                                                   DdRole                role,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
DdNatsSquadChannel *dd_squad_account_open_finish  (GAsyncResult         *result,
                                                   GError              **error);

/* The squad account's secondary server (the second of its list), its user
 * and password (NULL when the keyring holds none or cannot be read), for
 * the comms probe. Finishes FALSE without an error when there is no squad
 * account or it lists one server only. */
void                dd_squad_account_lookup_secondary_async  (const char          *accounts_path,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean            dd_squad_account_lookup_secondary_finish (GAsyncResult        *result,
                                                              char               **url,
                                                              char               **user,
                                                              char               **password,
                                                              GError             **error);

G_END_DECLS
