/* dd-helix-client.h — Twitch's Helix moderation API: ban, timeout, delete a message
 *
 * Follows Twitch's published Helix reference: "Ban User"
 * (POST /helix/moderation/bans?broadcaster_id=&moderator_id= with
 * {"data":{"user_id","duration","reason"}}; no duration: a ban) and
 * "Delete Chat Messages" (DELETE /helix/moderation/chat?broadcaster_id=
 * &moderator_id=&message_id=), with a user access token (Authorization:
 * Bearer) and the app's Client-Id. The token needs the scopes
 * moderator:manage:banned_users and moderator:manage:chat_messages.
 *
 * Use a client from one thread: its calls run on that thread's
 * thread-default GMainContext.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-credentials.h"

G_BEGIN_DECLS

#define DD_HELIX_DEFAULT_BASE_URL "https://api.twitch.tv/helix"
/* Twitch's longest timeout (two weeks). */
#define DD_HELIX_MAX_TIMEOUT_S 1209600
/* A 429 whose Ratelimit-Reset is at most this far off is retried once. */
#define DD_HELIX_MAX_RETRY_WAIT_S 60

#define DD_TYPE_HELIX_CLIENT (dd_helix_client_get_type ())

G_DECLARE_FINAL_TYPE (DdHelixClient, dd_helix_client, DD, HELIX_CLIENT, GObject)

/* `moderator_id`: the Twitch user id the token belongs to. */
DdHelixClient *dd_helix_client_new                 (const char           *client_id,
                                                    const char           *access_token,
                                                    const char           *moderator_id);
/* The client of the saved "twitch" account (`dropdeckctl account set twitch
 * --url URL --user CLIENT_ID:USER_ID`, the token on standard input, kept in
 * the keyring): the URL is the Helix base URL (DD_HELIX_DEFAULT_BASE_URL for
 * Twitch itself), the user the app's client id and the Twitch user id the
 * token belongs to. NULL with a sentence when the account is not one. */
DdHelixClient *dd_helix_client_new_for_account     (const DdAccount      *account,
                                                    const char           *access_token,
                                                    GError              **error);
/* Default DD_HELIX_DEFAULT_BASE_URL; https only, or http on loopback
 * (tests). FALSE with a reason otherwise. */
gboolean       dd_helix_client_set_base_url        (DdHelixClient        *self,
                                                    const char           *base_url,
                                                    GError              **error);
const char    *dd_helix_client_get_moderator_id    (DdHelixClient        *self);

/* `duration_s` 0: a ban; otherwise a timeout of 1 s to two weeks. The
 * reason may be NULL (Twitch limits it to 500 characters). Errors are
 * DD_NET_ERROR with a sentence: REJECTED (400: e.g. already banned),
 * AUTH (401), PERMISSION (403: not a moderator), CONFLICT (409),
 * RATE_LIMITED (429 that lasts), FAILED or NOT_CONNECTED. */
void           dd_helix_client_ban_async           (DdHelixClient        *self,
                                                    const char           *broadcaster_id,
                                                    const char           *user_id,
                                                    guint                 duration_s,
                                                    const char           *reason,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/* The same errors, and NOT_FOUND (404: unknown or older than 6 hours). */
void           dd_helix_client_delete_message_async (DdHelixClient       *self,
                                                    const char           *broadcaster_id,
                                                    const char           *message_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean       dd_helix_client_finish              (DdHelixClient        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
