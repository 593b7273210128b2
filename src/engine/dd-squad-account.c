/* dd-squad-account.c — the squad channel of this laptop's squad account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-comms-probe.h"
#include "dd-credentials.h"
#include "dd-net-error.h"
#include "dd-squad-account.h"

typedef struct
{
  DdAccount *account;
  char      *squad;
  DdRole     role;
} Opening;

static void
opening_free (Opening *opening)
{
  g_clear_pointer (&opening->account, dd_account_free);
  g_free (opening->squad);
  g_free (opening);
}

DdAccount *
dd_squad_account_load (const char  *accounts_path,
                       GError     **error)
{
  return dd_credentials_find_account (accounts_path, "squad", error);
}

static void
password_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Opening *opening = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdNatsClient) client = NULL;
  g_auto(GStrv) servers = NULL;
  DdNatsSquadChannel *channel;
  char *password;

  password = dd_credentials_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (password == NULL)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                               _("The keyring holds no password for %s at %s: set it in Preferences, "
                                 "Accounts, or with “dropdeckctl account set squad”"),
                               opening->account->user, opening->account->url);
      return;
    }

  /* "primary,secondary": the client moves on down the list when one fails. */
  servers = g_strsplit (opening->account->url, ",", -1);
  client = dd_nats_client_new ((const char * const *) servers);
  dd_nats_client_set_name (client, "Dropdeck");
  dd_nats_client_set_credentials (client, opening->account->user, password);
  dd_credentials_free_secret (password);
  channel = dd_nats_squad_channel_new (client, opening->squad, opening->account->user, NULL,
                                       opening->role, NULL, &error);
  if (channel == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, channel, g_object_unref);
}

void
dd_squad_account_open_async (const char          *accounts_path,
                             const char          *squad,
                             DdRole               role,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  Opening *opening;
  DdAccount *account;

  g_return_if_fail (squad != NULL);

  g_task_set_source_tag (task, dd_squad_account_open_async);
  account = dd_squad_account_load (accounts_path, &error);
  if (account == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (DD_NET_ERROR, DD_NET_ERROR_FAILED,
                                     _("No squad account: set the squad server in Preferences, Accounts, "
                                       "or with “dropdeckctl account set squad --url URL --user NAME”"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (account->user == NULL)
    {
      dd_account_free (account);
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                               _("The squad account needs a user: your login in the squad roster"));
      return;
    }
  opening = g_new0 (Opening, 1);
  opening->account = account;
  opening->squad = g_strdup (squad);
  opening->role = role;
  g_task_set_task_data (task, opening, (GDestroyNotify) opening_free);
  dd_credentials_lookup_async (account, cancellable, password_cb, g_steal_pointer (&task));
}

DdNatsSquadChannel *
dd_squad_account_open_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  DdAccount *account;
  char      *secondary;
} Secondary;

static void
secondary_free (Secondary *secondary)
{
  g_clear_pointer (&secondary->account, dd_account_free);
  g_free (secondary->secondary);
  g_free (secondary);
}

static void
secondary_password_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password = dd_credentials_lookup_finish (result, &error);

  /* A keyring that cannot be read: the probe goes on without a password,
   * and the server says whether it needed one. */
  if (error != NULL)
    g_debug ("No password for the comms probe: %s", error->message);
  g_task_return_pointer (task, password, (GDestroyNotify) dd_credentials_free_secret);
}

void
dd_squad_account_lookup_secondary_async (const char          *accounts_path,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  Secondary *secondary = g_new0 (Secondary, 1);

  g_task_set_source_tag (task, dd_squad_account_lookup_secondary_async);
  g_task_set_task_data (task, secondary, (GDestroyNotify) secondary_free);
  secondary->account = dd_squad_account_load (accounts_path, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (secondary->account != NULL)
    secondary->secondary = dd_comms_probe_dup_secondary_url (secondary->account->url);
  if (secondary->secondary == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  dd_credentials_lookup_async (secondary->account, cancellable, secondary_password_cb, g_steal_pointer (&task));
}

gboolean
dd_squad_account_lookup_secondary_finish (GAsyncResult  *result,
                                          char         **url,
                                          char         **user,
                                          char         **password,
                                          GError       **error)
{
  Secondary *secondary;
  g_autoptr(GError) local_error = NULL;
  char *secret;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  secondary = g_task_get_task_data (G_TASK (result));
  secret = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (secondary->secondary == NULL)
    {
      dd_credentials_free_secret (secret);
      return FALSE;
    }
  *url = g_strdup (secondary->secondary);
  *user = g_strdup (secondary->account->user);
  *password = secret;
  return TRUE;
}
