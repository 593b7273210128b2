/* dd-commerce-account-form.c — the commerce account in the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-account-form-save.h"
#include "dd-commerce-account.h"
#include "dd-commerce-account-form.h"

struct _DdCommerceAccountForm
{
  DdCommerceAccountRows  rows;
  GCancellable          *cancellable;
  gboolean               has_account;
};

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
say (DdCommerceAccountForm *form,
     const char            *text,
     gboolean               is_error)
{
  dd_account_form_say (form->rows.status_label, text, is_error);
}

static void
saved_cb (gpointer user_data)
{
  DdCommerceAccountForm *form = user_data;

  form->has_account = TRUE;
}

/* Keys and ids are single words. */
static gboolean
is_one_word (const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    if (g_ascii_isspace (*c) || *c == '/' || *c == '?' || *c == '#')
      return FALSE;
  return TRUE;
}

static void
save_clicked_cb (GtkButton             *button,
                 DdCommerceAccountForm *form)
{
  g_autofree char *url = row_text (form->rows.url_row);
  g_autofree char *user = row_text (form->rows.user_row);
  g_autofree char *publishable_key = row_text (form->rows.publishable_key_row);
  g_autofree char *probe_variant = row_text (form->rows.probe_variant_row);
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (form->rows.secret_row));
  g_autoptr(DdAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (*url == '\0')
    {
      say (form, _("Give the store’s address, e.g. https://shop.example.com"), TRUE);
      return;
    }
  if (!dd_credentials_check_url (url, &error))
    {
      say (form, error->message, TRUE);
      return;
    }
  if (!is_one_word (publishable_key) || !is_one_word (probe_variant))
    {
      say (form, _("The publishable key and the probe variant are single words, as Medusa shows them "
                   "(pk_…, variant_…)"), TRUE);
      return;
    }
  if (*secret == '\0' && !form->has_account)
    {
      say (form, *user != '\0' ? _("Give the admin’s password") : _("Give the store’s secret API key"), TRUE);
      return;
    }
  account = dd_account_new ("commerce", url, user);
  account->publishable_key = *publishable_key != '\0' ? g_steal_pointer (&publishable_key) : NULL;
  account->probe_variant = *probe_variant != '\0' ? g_steal_pointer (&probe_variant) : NULL;
  dd_account_form_save (account, secret,
                        account->publishable_key != NULL
                        ? _("Saved. The preflight’s checkout probes buy through this store.")
                        : _("Saved. Add the publishable key for checkout probes in the preflight."),
                        form->rows.status_label, form->rows.save_button, GTK_EDITABLE (form->rows.secret_row),
                        form->cancellable, saved_cb, form);
}

DdCommerceAccountForm *
dd_commerce_account_form_new (const DdCommerceAccountRows *rows)
{
  DdCommerceAccountForm *form = g_new0 (DdCommerceAccountForm, 1);
  g_autoptr(DdAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  form->rows = *rows;
  form->cancellable = g_cancellable_new ();
  account = dd_commerce_account_load (NULL, &error);
  if (error != NULL)
    say (form, error->message, TRUE);
  if (account != NULL)
    {
      form->has_account = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (rows->url_row), account->url);
      gtk_editable_set_text (GTK_EDITABLE (rows->user_row), account->user != NULL ? account->user : "");
      gtk_editable_set_text (GTK_EDITABLE (rows->publishable_key_row),
                             account->publishable_key != NULL ? account->publishable_key : "");
      gtk_editable_set_text (GTK_EDITABLE (rows->probe_variant_row),
                             account->probe_variant != NULL ? account->probe_variant : "");
    }
  g_signal_connect (rows->save_button, "clicked", G_CALLBACK (save_clicked_cb), form);
  return form;
}

void
dd_commerce_account_form_free (DdCommerceAccountForm *form)
{
  if (form == NULL)
    return;
  g_cancellable_cancel (form->cancellable);
  g_signal_handlers_disconnect_by_data (form->rows.save_button, form);
  g_clear_object (&form->cancellable);
  g_free (form);
}
