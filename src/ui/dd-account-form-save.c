/* dd-account-form-save.c — saving an account from the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-account-form-save.h"

typedef struct
{
  DdAccount          *account;
  char               *saved_text;
  GtkLabel           *status;
  GtkButton          *button;
  GtkEditable        *secret_row;
  DdAccountSavedFunc  saved;
  gpointer            saved_data;
} Saving;

static void
saving_free (Saving *saving)
{
  dd_account_free (saving->account);
  g_free (saving->saved_text);
  g_free (saving);
}

void
dd_account_form_say (GtkLabel   *status,
                     const char *text,
                     gboolean    is_error)
{
  gtk_label_set_text (status, text);
  gtk_widget_remove_css_class (GTK_WIDGET (status), is_error ? "dim-label" : "error");
  gtk_widget_add_css_class (GTK_WIDGET (status), is_error ? "error" : "dim-label");
}

static void
write_account (Saving *saving)
{
  g_autofree char *path = dd_credentials_default_accounts_path ();
  g_autoptr(GError) error = NULL;

  if (!dd_credentials_save_account (path, saving->account, &error))
    {
      dd_account_form_say (saving->status, error->message, TRUE);
      return;
    }
  dd_account_form_say (saving->status, saving->saved_text, FALSE);
  if (saving->saved != NULL)
    saving->saved (saving->saved_data);
}

static void
secret_stored_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Saving *saving = user_data;
  g_autoptr(GError) error = NULL;
  gboolean stored = dd_credentials_store_finish (result, &error);

  if (!stored && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The form is gone: touch nothing of it. */
      saving_free (saving);
      return;
    }
  if (stored)
    {
      gtk_editable_set_text (saving->secret_row, "");
      write_account (saving);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("The keyring did not keep the secret: %s"), error->message);

      dd_account_form_say (saving->status, text, TRUE);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (saving->button), TRUE);
  saving_free (saving);
}

void
dd_account_form_save (const DdAccount    *account,
                      const char         *secret,
                      const char         *saved_text,
                      GtkLabel           *status,
                      GtkButton          *button,
                      GtkEditable        *secret_row,
                      GCancellable       *cancellable,
                      DdAccountSavedFunc  saved,
                      gpointer            saved_data)
{
  Saving *saving = g_new0 (Saving, 1);

  saving->account = dd_account_copy (account);
  saving->saved_text = g_strdup (saved_text);
  saving->status = status;
  saving->button = button;
  saving->secret_row = secret_row;
  saving->saved = saved;
  saving->saved_data = saved_data;
  if (secret == NULL || *secret == '\0')
    {
      write_account (saving);
      saving_free (saving);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  dd_account_form_say (status, _("Keeping the secret in the keyring…"), FALSE);
  dd_credentials_store_async (saving->account, secret, cancellable, secret_stored_cb, saving);
}
