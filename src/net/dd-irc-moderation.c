/* dd-irc-moderation.c — kick and ban calls of DdIrcClient
 *
 * As a DdChatProvider, a kick is a KICK, a ban a MODE +b on the author's
 * nick (nick!*@*) and a timeout InspIRCd's TBAN on the same mask; plain
 * IRC has no way to delete one message. On Twitch, which takes no
 * moderation over IRC any more, the Helix client does the work.
 *
 * Moderation calls come from any thread: they build and check the line
 * there, then hop to the pipeline context, write it and wait for the
 * server to echo the KICK or MODE +b (or an error numeric) back; a call
 * gets no answer within MODERATION_TIMEOUT_S fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "dd-irc-client-private.h"

/* Moderation ------------------------------------------------------------- */

static void
mod_op_free (ModOp *op)
{
  if (op->timeout != NULL)
    {
      g_source_destroy (op->timeout);
      g_source_unref (op->timeout);
    }
  g_clear_object (&op->task);
  g_clear_object (&op->self);
  g_free (op->channel);
  g_free (op->target);
  g_free (op->line);
  g_free (op);
}

void
_dd_irc_client_mod_op_complete (ModOp  *op,
                                GError *error)
{
  g_queue_remove (&op->self->pending_ops, op);
  if (error != NULL)
    g_task_return_error (op->task, error);
  else
    g_task_return_boolean (op->task, TRUE);
  mod_op_free (op);
}

void
_dd_irc_client_fail_pending_ops (DdIrcClient *self)
{
  ModOp *op;

  while ((op = g_queue_peek_head (&self->pending_ops)) != NULL)
    _dd_irc_client_mod_op_complete (op, g_error_new (DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                                                     _("The connection to %s was lost before the "
                                                       "server confirmed the moderation action"),
                                                     self->host));
}

static gboolean
mod_op_timeout_cb (gpointer user_data)
{
  ModOp *op = user_data;

  g_clear_pointer (&op->timeout, g_source_unref);
  _dd_irc_client_mod_op_complete (op, g_error_new (DD_NET_ERROR, DD_NET_ERROR_TIMEOUT,
                                                   _("%s did not confirm the moderation action "
                                                     "within %d seconds"),
                                                   op->self->host, MODERATION_TIMEOUT_S));
  return G_SOURCE_REMOVE;
}

/* On the pipeline context. */
static gboolean
mod_op_send_cb (gpointer user_data)
{
  ModOp *op = user_data;
  DdIrcClient *self = op->self;

  if (!self->running || !self->registered)
    {
      g_task_return_new_error (op->task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("Not connected to %s: the moderation action was not sent"),
                               self->host);
      mod_op_free (op);
      return G_SOURCE_REMOVE;
    }

  g_queue_push_tail (&self->pending_ops, op);
  op->timeout = g_timeout_source_new_seconds (MODERATION_TIMEOUT_S);
  g_source_set_name (op->timeout, "[dropdeck] irc moderation timeout");
  g_source_set_callback (op->timeout, mod_op_timeout_cb, op, NULL);
  g_source_attach (op->timeout, self->context);
  _dd_irc_client_send_line (self, op->line);

  return G_SOURCE_REMOVE;
}

ModOp *
_dd_irc_client_find_pending_op (DdIrcClient *self,
                                ModKind      kind,
                                const char  *channel,
                                const char  *target)
{
  ModOp *fallback = NULL;

  for (GList *l = self->pending_ops.head; l != NULL; l = l->next)
    {
      ModOp *op = l->data;

      if (op->kind != kind || channel == NULL || g_ascii_strcasecmp (op->channel, channel) != 0)
        continue;
      if (target != NULL && g_ascii_strcasecmp (op->target, target) == 0)
        return op;
      if (fallback == NULL && kind == MOD_BAN)
        fallback = op; /* the server may have normalised the mask */
    }
  return fallback;
}

static void
queue_mod_op (DdIrcClient         *self,
              ModKind              kind,
              const char          *channel,
              const char          *target,
              guint                seconds,
              char                *line,
              GError              *build_error,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GMainContext) context = NULL;
  ModOp *op;

  g_task_set_source_tag (task, source_tag);

  if (line == NULL)
    {
      g_task_return_error (task, build_error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      g_free (line);
      return;
    }

  g_mutex_lock (&self->mutex);
  if (self->context != NULL && self->connected)
    context = g_main_context_ref (self->context);
  g_mutex_unlock (&self->mutex);

  if (context == NULL)
    {
      g_free (line);
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("Not connected to %s: the moderation action was not sent"),
                               self->host);
      return;
    }

  op = g_new0 (ModOp, 1);
  op->self = g_object_ref (self);
  op->task = g_steal_pointer (&task);
  op->kind = kind;
  op->channel = g_strdup (channel);
  op->target = g_strdup (target);
  op->seconds = seconds;
  op->line = line;
  g_main_context_invoke (context, mod_op_send_cb, op);
}

/* Public ------------------------------------------------------------------- */

void
dd_irc_client_kick_async (DdIrcClient         *self,
                          const char          *channel,
                          const char          *nick,
                          const char          *reason,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GError *error = NULL;
  char *line;

  g_return_if_fail (DD_IS_IRC_CLIENT (self));
  g_return_if_fail (channel != NULL && nick != NULL);

  line = dd_irc_build_kick (channel, nick, reason, &error);
  queue_mod_op (self, MOD_KICK, channel, nick, 0, line, error, cancellable,
                callback, user_data, dd_irc_client_kick_async);
}

void
dd_irc_client_ban_async (DdIrcClient         *self,
                         const char          *channel,
                         const char          *mask,
                         guint                seconds,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GError *error = NULL;
  char *line;

  g_return_if_fail (DD_IS_IRC_CLIENT (self));
  g_return_if_fail (channel != NULL && mask != NULL);

  if (seconds > 0)
    line = dd_irc_build_timed_ban (channel, seconds, mask, &error);
  else
    line = dd_irc_build_ban (channel, mask, &error);
  queue_mod_op (self, MOD_BAN, channel, mask, seconds, line, error, cancellable,
                callback, user_data, dd_irc_client_ban_async);
}

gboolean
dd_irc_client_moderate_finish (DdIrcClient   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (DD_IS_IRC_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Twitch, through Helix ----------------------------------------------------- */

static void
helix_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (dd_helix_client_finish (DD_HELIX_CLIENT (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
is_on_twitch (DdIrcClient *self)
{
  return dd_irc_client_has_cap (self, "twitch.tv/commands");
}

/* On the pipeline context. */
static void
moderate_on_twitch (DdIrcClient     *self,
                    GTask           *task,
                    DdChatModAction  action,
                    DdChatMessage   *target,
                    guint            duration_s,
                    const char      *reason)
{
  const char *channel = dd_chat_message_get_channel (target);
  g_autofree char *key = g_ascii_strdown (channel, -1);
  const char *room_id = g_hash_table_lookup (self->room_ids, key);
  const char *user_id = dd_chat_message_get_author_user_id (target);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (self->helix == NULL)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                               _("Twitch takes moderation only through its API: save the Twitch "
                                 "account of a moderator of %s (dropdeckctl account set twitch)"), channel);
      return;
    }
  if (room_id == NULL)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("Twitch has not yet said which channel id %s has; "
                                 "try again once the chat has joined"), channel);
      return;
    }

  switch (action)
    {
    case DD_CHAT_MOD_DELETE_MESSAGE:
      dd_helix_client_delete_message_async (self->helix, room_id, dd_chat_message_get_id (target),
                                            cancellable, helix_done_cb, g_object_ref (task));
      return;
    case DD_CHAT_MOD_TIMEOUT:
    case DD_CHAT_MOD_BAN:
      if (user_id == NULL)
        {
          g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                                   _("Twitch did not say who wrote this message, so Dropdeck "
                                     "cannot ban or time out %s"),
                                   dd_chat_message_get_author_login (target));
          return;
        }
      dd_helix_client_ban_async (self->helix, room_id, user_id,
                                 action == DD_CHAT_MOD_TIMEOUT ? duration_s : 0, reason,
                                 cancellable, helix_done_cb, g_object_ref (task));
      return;
    case DD_CHAT_MOD_KICK:
    default:
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                               _("Twitch has no kick: time %s out instead"),
                               dd_chat_message_get_author_login (target));
      return;
    }
}

/* DdChatProvider ------------------------------------------------------------ */

void
_dd_irc_client_moderate_async (DdChatProvider      *provider,
                               DdChatModAction      action,
                               DdChatMessage       *target,
                               guint                duration_s,
                               const char          *reason,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  DdIrcClient *self = DD_IRC_CLIENT (provider);
  const char *channel = dd_chat_message_get_channel (target);
  const char *nick = dd_chat_message_get_author_login (target);
  g_autofree char *mask = g_strdup_printf ("%s!*@*", nick);

  if (is_on_twitch (self))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, _dd_irc_client_moderate_async);
      moderate_on_twitch (self, task, action, target, duration_s, reason);
      return;
    }

  switch (action)
    {
    case DD_CHAT_MOD_KICK:
      dd_irc_client_kick_async (self, channel, nick, reason, cancellable, callback, user_data);
      break;
    case DD_CHAT_MOD_TIMEOUT:
      dd_irc_client_ban_async (self, channel, mask, duration_s, cancellable, callback, user_data);
      break;
    case DD_CHAT_MOD_BAN:
      dd_irc_client_ban_async (self, channel, mask, 0, cancellable, callback, user_data);
      break;
    case DD_CHAT_MOD_DELETE_MESSAGE:
    default:
      g_task_report_new_error (self, callback, user_data, dd_irc_client_ban_async,
                               DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                               _("%s cannot delete a single message (IRC has no such command): "
                                 "time %s out or ban them instead"),
                               self->host, nick);
      break;
    }
}

gboolean
_dd_irc_client_moderate_finish (DdChatProvider  *provider,
                                GAsyncResult    *result,
                                GError         **error)
{
  if (g_async_result_is_tagged (result, _dd_irc_client_moderate_async))
    return g_task_propagate_boolean (G_TASK (result), error);
  return dd_irc_client_moderate_finish (DD_IRC_CLIENT (provider), result, error);
}
