/* dd-squad-account-form.h — the squad account in the preferences
 *
 * Fills the rows from the squad account and the "squad-name" setting;
 * Save checks every server address (primary, secondary; TLS unless on this
 * computer), keeps the password in the keyring (an empty password keeps
 * the stored one) and writes the account where dropdeckctl keeps it. What
 * went wrong is said under the rows, and nothing is saved then.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _DdSquadAccountForm DdSquadAccountForm;

DdSquadAccountForm *dd_squad_account_form_new  (GSettings           *settings,
                                                AdwEntryRow         *name_row,
                                                AdwEntryRow         *url_row,
                                                AdwEntryRow         *user_row,
                                                AdwEntryRow         *secret_row,
                                                GtkButton           *save_button,
                                                GtkLabel            *status_label);
void                dd_squad_account_form_free (DdSquadAccountForm  *form);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdSquadAccountForm, dd_squad_account_form_free)

G_END_DECLS
