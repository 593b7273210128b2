/* dd-chat-local-claims.c — claims kept in memory: one laptop, or desks in one process
 *
 * The same contract a squad channel keeps across laptops (compare the
 * holder, then set), answered at once. Desks that share one of these see
 * each other's claims, as laptops sharing a squad channel would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-chat-local-claims.h"

struct _DdChatLocalClaims
{
  GObject     parent_instance;

  GHashTable *holders;  /* message id -> member */
};

static void dd_chat_local_claims_claims_init (DdChatClaimsInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdChatLocalClaims, dd_chat_local_claims, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DD_TYPE_CHAT_CLAIMS, dd_chat_local_claims_claims_init))

static void
dd_chat_local_claims_claim_async (DdChatClaims        *claims,
                                  const char          *message_id,
                                  const char          *member,
                                  const char          *expected,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  DdChatLocalClaims *self = DD_CHAT_LOCAL_CLAIMS (claims);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  const char *holder = g_hash_table_lookup (self->holders, message_id);

  g_task_set_source_tag (task, dd_chat_local_claims_claim_async);
  if (g_strcmp0 (holder, expected) != 0)
    {
      /* Someone else's claim got there first (or went away meanwhile). */
      dd_chat_claims_task_refuse (task, holder);
      return;
    }

  if (member != NULL)
    g_hash_table_insert (self->holders, g_strdup (message_id), g_strdup (member));
  else
    g_hash_table_remove (self->holders, message_id);
  dd_chat_claims_changed (claims, message_id, member);
  g_task_return_boolean (task, TRUE);
}

static void
dd_chat_local_claims_claims_init (DdChatClaimsInterface *iface)
{
  iface->claim_async = dd_chat_local_claims_claim_async;
  iface->claim_finish = dd_chat_claims_task_finish;
}

static void
dd_chat_local_claims_finalize (GObject *object)
{
  g_hash_table_unref (DD_CHAT_LOCAL_CLAIMS (object)->holders);

  G_OBJECT_CLASS (dd_chat_local_claims_parent_class)->finalize (object);
}

static void
dd_chat_local_claims_class_init (DdChatLocalClaimsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dd_chat_local_claims_finalize;
}

static void
dd_chat_local_claims_init (DdChatLocalClaims *self)
{
  self->holders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

DdChatLocalClaims *
dd_chat_local_claims_new (void)
{
  return g_object_new (DD_TYPE_CHAT_LOCAL_CLAIMS, NULL);
}
