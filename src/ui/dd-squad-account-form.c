/* dd-squad-account-form.c — the squad account in the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-credentials.h"
#include "dd-squad-account-form.h"
#include "dd-squad-account.h"

struct _DdSquadAccountForm
{
  GSettings    *settings;
  AdwEntryRow  *url_row;
  AdwEntryRow  *user_row;
  AdwEntryRow  *secret_row;
  GtkButton    *save_button;
  GtkLabel     *status_label;
  GCancellable *cancellable;
  gboolean      has_account;
};

static void
say (DdSquadAccountForm *form,
     const char         *text,
     gboolean            is_error)
{
  gtk_label_set_text (form->status_label, text);
  if (is_error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (form->status_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (form->status_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (form->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (form->status_label), "dim-label");
    }
}

static gboolean
save_account (DdSquadAccountForm *form,
              const DdAccount    *account)
{
  g_autofree char *path = dd_credentials_default_accounts_path ();
  g_autoptr(GError) error = NULL;

  if (!dd_credentials_save_account (path, account, &error))
    {
      say (form, error->message, TRUE);
      return FALSE;
    }
  form->has_account = TRUE;
  say (form, _("Saved. The demo drop joins the squad when it opens next."), FALSE);
  return TRUE;
}

typedef struct
{
  DdSquadAccountForm *form;
  DdAccount          *account;
} Saving;

static void
secret_stored_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Saving *saving = user_data;
  g_autoptr(GError) error = NULL;

  if (dd_credentials_store_finish (result, &error))
    {
      gtk_editable_set_text (GTK_EDITABLE (saving->form->secret_row), "");
      save_account (saving->form, saving->account);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("The keyring did not keep the password: %s"), error->message);

      say (saving->form, text, TRUE);
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_widget_set_sensitive (GTK_WIDGET (saving->form->save_button), TRUE);
  dd_account_free (saving->account);
  g_free (saving);
}

static void
save_clicked_cb (GtkButton          *button,
                 DdSquadAccountForm *form)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->url_row))));
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->user_row))));
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (form->secret_row));
  g_autoptr(DdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  Saving *saving;

  if (*url == '\0')
    {
      say (form, _("Give the squad server’s address, e.g. tls://nats.example.org:4222"), TRUE);
      return;
    }
  if (!dd_credentials_check_url_list (url, &error))
    {
      say (form, error->message, TRUE);
      return;
    }
  if (*user == '\0')
    {
      say (form, _("Give your user name: your login in the squad roster"), TRUE);
      return;
    }
  account = dd_account_new ("squad", url, user);
  if (*secret == '\0')
    {
      /* Nothing typed: the password in the keyring stays. */
      if (!form->has_account)
        {
          say (form, _("Give the password the squad’s server knows you by"), TRUE);
          return;
        }
      save_account (form, account);
      return;
    }
  saving = g_new0 (Saving, 1);
  saving->form = form;
  saving->account = g_steal_pointer (&account);
  gtk_widget_set_sensitive (GTK_WIDGET (form->save_button), FALSE);
  say (form, _("Keeping the password in the keyring…"), FALSE);
  dd_credentials_store_async (saving->account, secret, form->cancellable, secret_stored_cb, saving);
}

DdSquadAccountForm *
dd_squad_account_form_new (GSettings   *settings,
                           AdwEntryRow *name_row,
                           AdwEntryRow *url_row,
                           AdwEntryRow *user_row,
                           AdwEntryRow *secret_row,
                           GtkButton   *save_button,
                           GtkLabel    *status_label)
{
  DdSquadAccountForm *form = g_new0 (DdSquadAccountForm, 1);
  g_autoptr(DdAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  form->settings = g_object_ref (settings);
  form->url_row = url_row;
  form->user_row = user_row;
  form->secret_row = secret_row;
  form->save_button = save_button;
  form->status_label = status_label;
  form->cancellable = g_cancellable_new ();

  g_settings_bind (settings, "squad-name", name_row, "text", G_SETTINGS_BIND_DEFAULT);
  account = dd_squad_account_load (NULL, &error);
  if (error != NULL)
    say (form, error->message, TRUE);
  if (account != NULL)
    {
      form->has_account = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (url_row), account->url);
      gtk_editable_set_text (GTK_EDITABLE (user_row), account->user != NULL ? account->user : "");
    }
  g_signal_connect (save_button, "clicked", G_CALLBACK (save_clicked_cb), form);
  return form;
}

void
dd_squad_account_form_free (DdSquadAccountForm *form)
{
  if (form == NULL)
    return;
  g_cancellable_cancel (form->cancellable);
  g_signal_handlers_disconnect_by_data (form->save_button, form);
  g_clear_object (&form->cancellable);
  g_clear_object (&form->settings);
  g_free (form);
}
