/* dd-credentials.c — account secrets in the keyring, account settings in a file
 *
 * The secret (API key or password) of an account goes to the Secret Service
 * through libsecret and nowhere else; the URL and user name go to a small JSON
 * file in the user configuration folder, which never holds a secret.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dd-credentials.h"
#include "dd-net-error.h"

static const char * const known_services[] = { "commerce", "squad", "audience", "twitch", NULL };

typedef struct
{
  char *service;
  char *url;
  char *user;
  char *secret;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_free (data->service);
  g_free (data->url);
  g_free (data->user);
  g_clear_pointer (&data->secret, secret_password_free);
  g_free (data);
}

static const char *
user_attribute (const char *user)
{
  /* libsecret refuses a NULL attribute: an account without a user has "". */
  return user != NULL ? user : "";
}

/* Errors from the bus mean that no Secret Service answers; anything else is
 * the keyring's own refusal. Cancellation stays G_IO_ERROR_CANCELLED. */
static GError *
map_secret_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR)
    return g_error_new (DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                        _("No keyring is available to keep the password: %s"),
                        error->message);

  return g_error_new (DD_NET_ERROR, DD_NET_ERROR_FAILED,
                      _("The keyring refused the password: %s"), error->message);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static void
store_cb (GObject      *source G_GNUC_UNUSED,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, map_secret_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
clear_before_store_cb (GObject      *source G_GNUC_UNUSED,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  StoreData *data = g_task_get_task_data (task);
  g_autofree char *label = NULL;

  /* FALSE without an error: there was nothing to remove. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      g_task_return_error (task, map_secret_error (error));
      return;
    }

  label = g_strdup_printf (_("Dropdeck %s account at %s"), data->service, data->url);
  secret_password_store (dd_credentials_get_schema (), SECRET_COLLECTION_DEFAULT, label,
                         data->secret, g_task_get_cancellable (task),
                         store_cb, g_object_ref (task),
                         "service", data->service,
                         "url", data->url,
                         "user", user_attribute (data->user),
                         NULL);
}

static void
lookup_cb (GObject      *source G_GNUC_UNUSED,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, map_secret_error (error));
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
}

static void
clear_cb (GObject      *source G_GNUC_UNUSED,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_task_return_error (task, map_secret_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

DdAccount *
dd_account_new (const char *service,
                const char *url,
                const char *user)
{
  DdAccount *account;

  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  account = g_new0 (DdAccount, 1);
  account->service = g_strdup (service);
  account->url = g_strdup (url);
  account->user = (user != NULL && *user != '\0') ? g_strdup (user) : NULL;
  return account;
}

DdAccount *
dd_account_copy (const DdAccount *account)
{
  DdAccount *copy;

  g_return_val_if_fail (account != NULL, NULL);

  copy = dd_account_new (account->service, account->url, account->user);
  copy->publishable_key = g_strdup (account->publishable_key);
  copy->probe_variant = g_strdup (account->probe_variant);
  return copy;
}

void
dd_account_free (DdAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->service);
  g_free (account->url);
  g_free (account->user);
  g_free (account->publishable_key);
  g_free (account->probe_variant);
  g_free (account);
}

/* A member of the accounts file that is absent, or empty, reads as NULL. */
static char *
optional_member (JsonObject *entry,
                 const char *name)
{
  const char *value = json_object_get_string_member_with_default (entry, name, NULL);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

static void
add_optional_member (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

const SecretSchema *
dd_credentials_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.dropdeck.Dropdeck.Account", SECRET_SCHEMA_NONE,
    {
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

gboolean
dd_credentials_is_known_service (const char *service)
{
  g_return_val_if_fail (service != NULL, FALSE);

  return g_strv_contains (known_services, service);
}

gboolean
dd_credentials_check_url (const char  *url,
                          GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;
  gboolean secure;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                   _("“%s” is not a valid URL: %s"), url, local_error->message);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  /* tls:// and nats:// are the NATS protocol over TCP (the squad server). */
  if (g_ascii_strcasecmp (scheme, "https") == 0 ||
      g_ascii_strcasecmp (scheme, "wss") == 0 ||
      g_ascii_strcasecmp (scheme, "ircs") == 0 ||
      g_ascii_strcasecmp (scheme, "tls") == 0)
    secure = TRUE;
  else if (g_ascii_strcasecmp (scheme, "http") == 0 ||
           g_ascii_strcasecmp (scheme, "ws") == 0 ||
           g_ascii_strcasecmp (scheme, "irc") == 0 ||
           g_ascii_strcasecmp (scheme, "nats") == 0)
    secure = FALSE;
  else
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                   _("“%s” uses the scheme “%s”; use https, wss, tls or ircs"), url, scheme);
      return FALSE;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                   _("“%s” names no host"), url);
      return FALSE;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                   _("The URL must not contain a user or password; give the user with "
                     "--user and the secret on standard input, so that it is kept in "
                     "the keyring"));
      return FALSE;
    }

  if (!secure && !host_is_loopback (host))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                   _("“%s” is not encrypted and %s is not this computer: use https, wss, "
                     "tls or ircs (plain %s is allowed only for 127.0.0.1, ::1 or localhost)"),
                   url, host, scheme);
      return FALSE;
    }

  return TRUE;
}

gboolean
dd_credentials_check_url_list (const char  *urls,
                               GError     **error)
{
  g_auto(GStrv) list = NULL;

  g_return_val_if_fail (urls != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  list = g_strsplit (urls, ",", -1);
  for (guint i = 0; list[i] != NULL; i++)
    {
      if (*g_strstrip (list[i]) == '\0')
        {
          g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                       _("“%s” has an empty server address; separate servers with one comma"), urls);
          return FALSE;
        }
      if (!dd_credentials_check_url (list[i], error))
        return FALSE;
    }
  return TRUE;
}

void
dd_credentials_store_async (const DdAccount     *account,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StoreData *data;

  g_return_if_fail (account != NULL);
  g_return_if_fail (secret != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_credentials_store_async);

  data = g_new0 (StoreData, 1);
  data->service = g_strdup (account->service);
  data->url = g_strdup (account->url);
  data->user = g_strdup (account->user);
  data->secret = g_strdup (secret);
  g_task_set_task_data (task, data, (GDestroyNotify) store_data_free);

  /* One account per service: a secret kept for an older URL or user goes. */
  secret_password_clear (dd_credentials_get_schema (), cancellable,
                         clear_before_store_cb, g_steal_pointer (&task),
                         "service", account->service,
                         NULL);
}

gboolean
dd_credentials_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_credentials_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dd_credentials_lookup_async (const DdAccount     *account,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (account != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_credentials_lookup_async);

  secret_password_lookup (dd_credentials_get_schema (), cancellable,
                          lookup_cb, g_steal_pointer (&task),
                          "service", account->service,
                          "url", account->url,
                          "user", user_attribute (account->user),
                          NULL);
}

char *
dd_credentials_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_credentials_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dd_credentials_clear_async (const char          *service,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (service != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_credentials_clear_async);

  secret_password_clear (dd_credentials_get_schema (), cancellable,
                         clear_cb, g_steal_pointer (&task),
                         "service", service,
                         NULL);
}

gboolean
dd_credentials_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_credentials_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dd_credentials_free_secret (char *secret)
{
  if (secret != NULL)
    secret_password_free (secret);
}

char *
dd_credentials_default_accounts_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "dropdeck", "accounts.json", NULL);
}

GPtrArray *
dd_credentials_load_accounts (const char  *path,
                              GError     **error)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_account_free);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&accounts);

  parser = json_parser_new ();
  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                   _("Could not read the account settings in %s: %s"),
                   path, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "accounts") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "accounts")))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                   _("The account settings in %s are not in the expected form "
                     "(an object with an “accounts” object)"), path);
      return NULL;
    }
  object = json_object_get_object_member (json_node_get_object (root), "accounts");

  for (guint i = 0; known_services[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (object, known_services[i]);
      JsonObject *entry;
      DdAccount *account;
      const char *url;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = json_node_get_object (node);
      url = json_object_get_string_member_with_default (entry, "url", NULL);
      if (url == NULL)
        continue;

      account = dd_account_new (known_services[i], url, json_object_get_string_member_with_default (entry, "user", NULL));
      account->publishable_key = optional_member (entry, "publishable_key");
      account->probe_variant = optional_member (entry, "probe_variant");
      g_ptr_array_add (accounts, account);
    }

  return g_steal_pointer (&accounts);
}

static gboolean
write_accounts (const char  *path,
                GPtrArray   *accounts,
                GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < accounts->len; i++)
    {
      const DdAccount *account = g_ptr_array_index (accounts, i);

      json_builder_set_member_name (builder, account->service);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, account->url);
      add_optional_member (builder, "user", account->user);
      add_optional_member (builder, "publishable_key", account->publishable_key);
      add_optional_member (builder, "probe_variant", account->probe_variant);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                   _("Could not create the folder %s for the account settings: %s"),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }

  if (!g_file_set_contents_full (path, json, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                 0600, &local_error))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                   _("Could not write the account settings to %s: %s"),
                   path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

DdAccount *
dd_credentials_find_account (const char  *path,
                             const char  *service,
                             GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autoptr(GPtrArray) accounts = NULL;

  g_return_val_if_fail (service != NULL, NULL);

  if (path == NULL)
    path = default_path = dd_credentials_default_accounts_path ();
  accounts = dd_credentials_load_accounts (path, error);
  if (accounts == NULL)
    return NULL;
  for (guint i = 0; i < accounts->len; i++)
    {
      const DdAccount *account = g_ptr_array_index (accounts, i);

      if (g_str_equal (account->service, service))
        return dd_account_copy (account);
    }
  return NULL;
}

gboolean
dd_credentials_save_account (const char       *path,
                             const DdAccount  *account,
                             GError          **error)
{
  g_autoptr(GPtrArray) accounts = NULL;
  gboolean replaced = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (dd_credentials_is_known_service (account->service), FALSE);

  /* A file we cannot read is left for the user to look at, not overwritten. */
  accounts = dd_credentials_load_accounts (path, error);
  if (accounts == NULL)
    return FALSE;

  for (guint i = 0; i < accounts->len; i++)
    {
      DdAccount *existing = g_ptr_array_index (accounts, i);

      if (g_str_equal (existing->service, account->service))
        {
          dd_account_free (existing);
          accounts->pdata[i] = dd_account_copy (account);
          replaced = TRUE;
        }
    }
  if (!replaced)
    g_ptr_array_add (accounts, dd_account_copy (account));

  return write_accounts (path, accounts, error);
}

gboolean
dd_credentials_remove_account (const char  *path,
                               const char  *service,
                               GError     **error)
{
  g_autoptr(GPtrArray) accounts = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (service != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  accounts = dd_credentials_load_accounts (path, error);
  if (accounts == NULL)
    return FALSE;

  for (guint i = accounts->len; i > 0; i--)
    {
      const DdAccount *existing = g_ptr_array_index (accounts, i - 1);

      if (g_str_equal (existing->service, service))
        g_ptr_array_remove_index (accounts, i - 1);
    }

  return write_accounts (path, accounts, error);
}
