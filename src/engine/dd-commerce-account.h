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

#include "dd-medusa-client.h"

G_BEGIN_DECLS

void            dd_commerce_account_connect_async  (GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/* G_IO_ERROR_NOT_FOUND when no commerce account is set. */
DdMedusaClient *dd_commerce_account_connect_finish (GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
