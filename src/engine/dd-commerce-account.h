/* dd-commerce-account.h — the commerce account of this profile, signed in
 *
 * Reads the account that `dropdeckctl account set commerce --url URL` (or
 * the app) wrote, looks its secret up in the keyring, and gives a Medusa
 * client using it: the secret API key, or, with a user, an admin's
 * password exchanged for a JWT. Runs on the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-credentials.h"
#include "dd-medusa-client.h"
#include "dd-preflight.h"

G_BEGIN_DECLS

/* The commerce account in `accounts_path` (NULL: the default file), or
 * NULL with no error when there is none. */
DdAccount      *dd_commerce_account_load           (const char           *accounts_path,
                                                    GError              **error);
/* Points the preflight's checkout probes at the account's store: whole
 * guest checkouts through its store API (Medusa), with its publishable key
 * and probe variant. FALSE, the options untouched, when the account has
 * no publishable key. */
gboolean        dd_commerce_account_apply_to_preflight (const DdAccount    *account,
                                                        DdPreflightOptions *options);

void            dd_commerce_account_connect_async  (GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/* G_IO_ERROR_NOT_FOUND when no commerce account is set. */
DdMedusaClient *dd_commerce_account_connect_finish (GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
