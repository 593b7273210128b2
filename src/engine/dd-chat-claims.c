/* dd-chat-claims.c — where a squad keeps who answers which buyer question
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-chat-claims.h"

G_DEFINE_INTERFACE (DdChatClaims, dd_chat_claims, G_TYPE_OBJECT)

enum {
  CLAIM_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
dd_chat_claims_default_init (DdChatClaimsInterface *iface)
{
  signals[CLAIM_CHANGED] =
    g_signal_new ("claim-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

void
dd_chat_claims_claim_async (DdChatClaims        *self,
                            const char          *message_id,
                            const char          *member,
                            const char          *expected,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (DD_IS_CHAT_CLAIMS (self));
  g_return_if_fail (message_id != NULL);

  DD_CHAT_CLAIMS_GET_IFACE (self)->claim_async (self, message_id, member, expected,
                                                cancellable, callback, user_data);
}

gboolean
dd_chat_claims_claim_finish (DdChatClaims  *self,
                             GAsyncResult  *result,
                             char         **holder,
                             GError       **error)
{
  g_return_val_if_fail (DD_IS_CHAT_CLAIMS (self), FALSE);

  if (holder != NULL)
    *holder = NULL;
  return DD_CHAT_CLAIMS_GET_IFACE (self)->claim_finish (self, result, holder, error);
}

void
dd_chat_claims_changed (DdChatClaims *self,
                        const char   *message_id,
                        const char   *member)
{
  g_return_if_fail (DD_IS_CHAT_CLAIMS (self));
  g_return_if_fail (message_id != NULL);

  g_signal_emit (self, signals[CLAIM_CHANGED], 0, message_id, member);
}
