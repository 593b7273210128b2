/* dd-commerce-account.c — the commerce account of this profile, signed in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-commerce-account.h"

DdAccount *
dd_commerce_account_load (const char  *accounts_path,
                          GError     **error)
{
  return dd_credentials_find_account (accounts_path, "commerce", error);
}

gboolean
dd_commerce_account_apply_to_preflight (const DdAccount    *account,
                                        DdPreflightOptions *options)
{
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  if (account->publishable_key == NULL)
    return FALSE;
  g_free (options->checkout_url);
  options->checkout_url = g_strdup (account->url);
  g_free (options->checkout_key);
  options->checkout_key = g_strdup (account->publishable_key);
  g_free (options->checkout_variant);
  options->checkout_variant = g_strdup (account->probe_variant);
  g_clear_pointer (&options->checkout_body, g_free);
  g_clear_pointer (&options->checkout_expect, g_free);
  options->checkout_flow = DD_PREFLIGHT_CHECKOUT_MEDUSA;
  return TRUE;
}

typedef struct
{
  DdAccount *account;
  DdMedusaClient *client;
} Connect;

static void
connect_free (Connect *connect)
{
  g_clear_pointer (&connect->account, dd_account_free);
  g_clear_object (&connect->client);
  g_free (connect);
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Connect *connect = g_task_get_task_data (task);
  GError *error = NULL;

  if (!dd_medusa_client_login_finish (DD_MEDUSA_CLIENT (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&connect->client), g_object_unref);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Connect *connect = g_task_get_task_data (task);
  GError *error = NULL;
  char *secret;

  secret = dd_credentials_lookup_finish (result, &error);
  if (secret == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  connect->client = dd_medusa_client_new (connect->account->url, &error);
  if (connect->client == NULL)
    {
      dd_credentials_free_secret (secret);
      g_task_return_error (task, error);
      return;
    }
  if (connect->account->user != NULL)
    {
      dd_medusa_client_login_async (connect->client, connect->account->user, secret,
                                    g_task_get_cancellable (task), login_cb, g_object_ref (task));
      dd_credentials_free_secret (secret);
      return;
    }
  dd_medusa_client_set_api_key (connect->client, secret);
  dd_credentials_free_secret (secret);
  g_task_return_pointer (task, g_steal_pointer (&connect->client), g_object_unref);
}

void
dd_commerce_account_connect_async (GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;
  Connect *connect;

  g_task_set_source_tag (task, dd_commerce_account_connect_async);
  connect = g_new0 (Connect, 1);
  g_task_set_task_data (task, connect, (GDestroyNotify) connect_free);

  connect->account = dd_commerce_account_load (NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (connect->account == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("No commerce account is set; run “dropdeckctl account set commerce --url URL” first"));
      return;
    }
  dd_credentials_lookup_async (connect->account, cancellable, lookup_cb, g_object_ref (task));
}

DdMedusaClient *
dd_commerce_account_connect_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_commerce_account_connect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
