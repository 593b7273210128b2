/* dd-credentials.h — account secrets in the keyring, account settings in a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

/* The non-secret part of an account: one per service ("commerce", "squad", "twitch",
 * "audience"). The secret (API key or password) is never part of it. */
typedef struct
{
  char *service;
  char *url;
  char *user;   /* NULL when the service needs none */
  /* commerce only, both public (kept in the accounts file, not the
   * keyring), NULL when not set: the store API's publishable key the
   * preflight's checkout probes send, and the variant they buy */
  char *publishable_key;
  char *probe_variant;
} DdAccount;

DdAccount           *dd_account_new                       (const char           *service,
                                                           const char           *url,
                                                           const char           *user);
DdAccount           *dd_account_copy                      (const DdAccount      *account);
void                 dd_account_free                      (DdAccount            *account);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdAccount, dd_account_free)

/* Schema io.github.dropdeck.Dropdeck.Account: service, url, user. */
const SecretSchema  *dd_credentials_get_schema            (void);

gboolean             dd_credentials_is_known_service      (const char           *service);

/* TLS is required (https, wss, ircs, tls); plain http, ws, irc and nats only
 * for a loopback host (127.0.0.0/8, ::1, localhost). A user or password
 * inside the URL is refused: the secret belongs in the keyring. */
gboolean             dd_credentials_check_url             (const char           *url,
                                                           GError              **error);
/* The same for each of "URL,URL,...": a squad account lists its primary
 * server first and the others it moves to when one fails. */
gboolean             dd_credentials_check_url_list        (const char           *urls,
                                                           GError              **error);

/* Replaces any secret stored for the service with this one. */
void                 dd_credentials_store_async           (const DdAccount      *account,
                                                           const char           *secret,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean             dd_credentials_store_finish          (GAsyncResult         *result,
                                                           GError              **error);

/* Returns NULL without an error when no secret is stored for the account.
 * Free the secret with dd_credentials_free_secret(), which wipes it. */
void                 dd_credentials_lookup_async          (const DdAccount      *account,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
char                *dd_credentials_lookup_finish         (GAsyncResult         *result,
                                                           GError              **error);

/* Removes every secret stored for the service. */
void                 dd_credentials_clear_async           (const char           *service,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean             dd_credentials_clear_finish          (GAsyncResult         *result,
                                                           GError              **error);

void                 dd_credentials_free_secret           (char                 *secret);

/* g_get_user_config_dir()/dropdeck/accounts.json */
char                *dd_credentials_default_accounts_path (void);
/* The accounts in the file, in the order commerce, squad, audience; an
 * empty array when the file does not exist yet. */
GPtrArray           *dd_credentials_load_accounts         (const char           *path,
                                                           GError              **error);
/* A copy of the account of `service` in `path` (NULL: the default file),
 * or NULL: with no error when there is none. */
DdAccount           *dd_credentials_find_account          (const char           *path,
                                                           const char           *service,
                                                           GError              **error);
/* Adds or replaces the account of account->service; written atomically. */
gboolean             dd_credentials_save_account          (const char           *path,
                                                           const DdAccount      *account,
                                                           GError              **error);
gboolean             dd_credentials_remove_account        (const char           *path,
                                                           const char           *service,
                                                           GError              **error);

G_END_DECLS
