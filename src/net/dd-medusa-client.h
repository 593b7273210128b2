/* dd-medusa-client.h — a Medusa v2 Admin API client over libsoup 3
 *
 * Runs on the thread-default main context it was created on. The base URL
 * must be https://, or http:// on a loopback address. Authentication is a
 * secret API key (sent as HTTP Basic, the key as user and an empty
 * password; the caller reads it from libsecret) or an admin's email and
 * password exchanged for a JWT. Answers become DD_NET_ERROR errors a
 * person can read: a 4xx carries Medusa's own message, timeouts are
 * DD_NET_ERROR_TIMEOUT, an unreachable server DD_NET_ERROR_NOT_CONNECTED,
 * invalid JSON DD_NET_ERROR_PROTOCOL; a request Medusa refuses for good
 * (HTTP 400, 404, 409, 422) is DD_NET_ERROR_REJECTED. "page-read" (path,
 * items read, items counted) follows each page of a paginated list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DD_TYPE_MEDUSA_CLIENT (dd_medusa_client_get_type ())

G_DECLARE_FINAL_TYPE (DdMedusaClient, dd_medusa_client, DD, MEDUSA_CLIENT, GObject)

/* Items per page of a list request. */
#define DD_MEDUSA_CLIENT_PAGE_SIZE 100
/* The largest answer read for one request (a page of 100 products with
 * their variants and prices is well under 1 MiB). */
#define DD_MEDUSA_CLIENT_DEFAULT_MAX_ANSWER_SIZE (64 * 1024 * 1024)

/* Fails with DD_NET_ERROR_NOT_SUPPORTED for a URL that is not https:// (or
 * http:// on 127.0.0.1, ::1 or localhost). */
DdMedusaClient *dd_medusa_client_new             (const char      *base_url,
                                                  GError         **error);
const char     *dd_medusa_client_get_base_url    (DdMedusaClient  *self);
/* Seconds to wait for an answer; 0 waits for ever. Default 30. */
void            dd_medusa_client_set_timeout     (DdMedusaClient  *self,
                                                  guint            seconds);
/* Answers longer than this fail with DD_NET_ERROR_PROTOCOL. */
void            dd_medusa_client_set_max_answer_size (DdMedusaClient *self,
                                                      gsize           max_bytes);
void            dd_medusa_client_set_api_key     (DdMedusaClient  *self,
                                                  const char      *api_key);

/* POST /auth/user/emailpass; the JWT is then sent with every request. */
void            dd_medusa_client_login_async     (DdMedusaClient      *self,
                                                  const char          *email,
                                                  const char          *password,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        dd_medusa_client_login_finish    (DdMedusaClient      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* GET path?query (query already escaped, or NULL): the answer's JSON object. */
void            dd_medusa_client_get_async       (DdMedusaClient      *self,
                                                  const char          *path,
                                                  const char          *query,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
JsonNode       *dd_medusa_client_get_finish      (DdMedusaClient      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* POST path with a JSON body (written with dd_medusa_json_to_string(), so
 * amounts go out without drift): the answer's JSON object. */
void            dd_medusa_client_post_async      (DdMedusaClient      *self,
                                                  const char          *path,
                                                  JsonNode            *body,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
JsonNode       *dd_medusa_client_post_finish     (DdMedusaClient      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Every item of a paginated list (GET path?fields=..&limit=..&offset=..),
 * page after page until "count" is reached: an array of the `member`
 * entries of all pages. */
void            dd_medusa_client_list_all_async  (DdMedusaClient      *self,
                                                  const char          *path,
                                                  const char          *member,
                                                  const char          *fields,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* The same, with more of the query (already escaped: "updated_at[$gte]=..."),
 * or NULL; with `revalidate`, a list that fit on one page last time is
 * asked for with If-None-Match, and when Medusa answers 304 the finish
 * returns NULL without an error: nothing changed, nothing was parsed.
 * Finish with dd_medusa_client_list_all_finish(). */
void            dd_medusa_client_list_changed_async (DdMedusaClient      *self,
                                                     const char          *path,
                                                     const char          *member,
                                                     const char          *fields,
                                                     const char          *query,
                                                     gboolean             revalidate,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
JsonArray      *dd_medusa_client_list_all_finish (DdMedusaClient      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
