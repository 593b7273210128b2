/* dd-chat-claims.h — where a squad keeps who answers which buyer question
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DD_TYPE_CHAT_CLAIMS (dd_chat_claims_get_type ())

G_DECLARE_INTERFACE (DdChatClaims, dd_chat_claims, DD, CHAT_CLAIMS, GObject)

/* The hook DdChatDesk claims through, so that the whole squad sees one
 * answer per question. DdChatLocalClaims keeps them in memory (one laptop,
 * or desks in one process); a squad channel keeps them in its shared state
 * (for NATS: a KV key per message, written with compare-and-swap).
 *
 * claim_async: sets the claim on `message_id` to `member` (NULL: lets it
 *     go) if it is still `expected` (NULL: nobody's). Finishes TRUE once the
 *     squad holds the change. When someone else's claim was there first,
 *     fails with DD_CORE_ERROR_REFUSED and gives their name in `holder`;
 *     other errors (offline, no permission) leave `holder` NULL.
 * Signal "claim-changed" (const char *message_id, const char *member or
 *     NULL): a claim was made or let go, here or on another laptop. Emitted
 *     on the main context. */
struct _DdChatClaimsInterface
{
  GTypeInterface parent_iface;

  void     (*claim_async)  (DdChatClaims         *self,
                            const char           *message_id,
                            const char           *member,
                            const char           *expected,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data);
  gboolean (*claim_finish) (DdChatClaims         *self,
                            GAsyncResult         *result,
                            char                **holder,
                            GError              **error);
};

void     dd_chat_claims_claim_async  (DdChatClaims         *self,
                                      const char           *message_id,
                                      const char           *member,
                                      const char           *expected,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean dd_chat_claims_claim_finish (DdChatClaims         *self,
                                      GAsyncResult         *result,
                                      char                **holder,
                                      GError              **error);
/* For implementations whose claim tasks (GTask) carry the holder as task
 * data: fails `task` with the refusal naming `holder` (NULL: the claim went
 * away meanwhile), and finishes such a task. */
void     dd_chat_claims_task_refuse  (GTask                *task,
                                      const char           *holder);
gboolean dd_chat_claims_task_finish  (DdChatClaims         *self,
                                      GAsyncResult         *result,
                                      char                **holder,
                                      GError              **error);
/* For implementations: says that a claim changed. */
void     dd_chat_claims_changed      (DdChatClaims         *self,
                                      const char           *message_id,
                                      const char           *member);

G_END_DECLS
