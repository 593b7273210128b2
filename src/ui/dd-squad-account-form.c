/* dd-squad-account-form.c — the squad account in the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-account-form-save.h"
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
  dd_account_form_say (form->status_label, text, is_error);
}

static void
saved_cb (gpointer user_data)
{
  DdSquadAccountForm *form = user_data;

  form->has_account = TRUE;
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
  /* Nothing typed: the password in the keyring stays. */
  if (*secret == '\0' && !form->has_account)
    {
      say (form, _("Give the password the squad’s server knows you by"), TRUE);
      return;
    }
  dd_account_form_save (account, secret, _("Saved. The demo drop joins the squad when it opens next."),
                        form->status_label, form->save_button, GTK_EDITABLE (form->secret_row),
                        form->cancellable, saved_cb, form);
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
