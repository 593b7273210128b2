/* dd-chat-claims.c — where a squad keeps who answers which buyer question
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-chat-claims.h"
#include "dd-core-error.h"

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

void
dd_chat_claims_task_refuse (GTask      *task,
                            const char *holder)
{
  g_return_if_fail (G_IS_TASK (task));

  g_task_set_task_data (task, g_strdup (holder), g_free);
  if (holder != NULL)
    g_task_return_new_error (task, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                             _("%s already answers this question."), holder);
  else
    g_task_return_new_error (task, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                             _("Nobody answers this question any more."));
}

gboolean
dd_chat_claims_task_finish (DdChatClaims  *self,
                            GAsyncResult  *result,
                            char         **holder,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (holder != NULL)
    *holder = g_strdup (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_boolean (G_TASK (result), error);
}
