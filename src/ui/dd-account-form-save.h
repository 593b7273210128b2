/* dd-account-form-save.h — what the account forms of the preferences share:
 * saying how it went under the rows, and saving an account (its secret in
 * the keyring, the rest in the accounts file)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dd-credentials.h"

G_BEGIN_DECLS

/* Called once the account is written. */
typedef void (*DdAccountSavedFunc) (gpointer user_data);

/* `text` under the rows: dimmed, or as an error. */
void dd_account_form_say  (GtkLabel           *status,
                           const char         *text,
                           gboolean            is_error);
/* Keeps `secret` in the keyring (NULL or empty: the stored one stays),
 * then writes `account` to the accounts file and says `saved_text`, or
 * what went wrong. `button` is insensitive meanwhile; `secret_row` is
 * emptied once the keyring kept the secret. */
void dd_account_form_save (const DdAccount    *account,
                           const char         *secret,
                           const char         *saved_text,
                           GtkLabel           *status,
                           GtkButton          *button,
                           GtkEditable        *secret_row,
                           GCancellable       *cancellable,
                           DdAccountSavedFunc  saved,
                           gpointer            saved_data);

G_END_DECLS
