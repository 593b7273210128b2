/* dd-commerce-account-form.h — the commerce account in the preferences
 *
 * Fills the rows from the commerce account; Save checks the store address
 * (TLS unless on this computer), keeps the API key (or, with an admin
 * email, the password) in the keyring — an empty one keeps the stored
 * secret — and writes the address, the email and the store API's
 * publishable key and probe variant (both public) where dropdeckctl keeps
 * them. The preflight's checkout probes buy through the store API with
 * that key. What went wrong is said under the rows, and nothing is saved
 * then.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _DdCommerceAccountForm DdCommerceAccountForm;

typedef struct
{
  AdwEntryRow *url_row;
  AdwEntryRow *user_row;
  AdwEntryRow *secret_row;
  AdwEntryRow *publishable_key_row;
  AdwEntryRow *probe_variant_row;
  GtkButton   *save_button;
  GtkLabel    *status_label;
} DdCommerceAccountRows;

DdCommerceAccountForm *dd_commerce_account_form_new  (const DdCommerceAccountRows *rows);
void                   dd_commerce_account_form_free (DdCommerceAccountForm       *form);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdCommerceAccountForm, dd_commerce_account_form_free)

G_END_DECLS
