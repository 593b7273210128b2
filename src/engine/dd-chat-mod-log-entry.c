/* dd-chat-mod-log-entry.c — one line of the moderation log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-chat-mod-log-entry.h"

struct _DdChatModLogEntry
{
  GObject           parent_instance;

  DdChatDeskAction  action;
  DdChatMessage    *target;
  char             *actor;
  DdRole            role;
  guint             duration_s;
  gint64            time_us;
  int               learned;
  char             *error_message;
  gboolean          learning_undone;
};

G_DEFINE_FINAL_TYPE (DdChatModLogEntry, dd_chat_mod_log_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LEARNING_UNDONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dd_chat_mod_log_entry_finalize (GObject *object)
{
  DdChatModLogEntry *self = DD_CHAT_MOD_LOG_ENTRY (object);

  g_clear_object (&self->target);
  g_free (self->actor);
  g_free (self->error_message);

  G_OBJECT_CLASS (dd_chat_mod_log_entry_parent_class)->finalize (object);
}

static void
dd_chat_mod_log_entry_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DdChatModLogEntry *self = DD_CHAT_MOD_LOG_ENTRY (object);

  switch (prop_id)
    {
    case PROP_LEARNING_UNDONE:
      g_value_set_boolean (value, self->learning_undone);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_chat_mod_log_entry_class_init (DdChatModLogEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_chat_mod_log_entry_finalize;
  object_class->get_property = dd_chat_mod_log_entry_get_property;

  properties[PROP_LEARNING_UNDONE] =
    g_param_spec_boolean ("learning-undone", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_chat_mod_log_entry_init (DdChatModLogEntry *self)
{
  self->learned = -1;
}

DdChatModLogEntry *
dd_chat_mod_log_entry_new (DdChatDeskAction  action,
                           DdChatMessage    *target,
                           const char       *actor,
                           DdRole            role,
                           guint             duration_s,
                           int               learned,
                           const char       *error_message)
{
  DdChatModLogEntry *self;

  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (target), NULL);

  self = g_object_new (DD_TYPE_CHAT_MOD_LOG_ENTRY, NULL);
  self->action = action;
  self->target = g_object_ref (target);
  self->actor = g_strdup (actor != NULL ? actor : "");
  self->role = role;
  self->duration_s = duration_s;
  self->time_us = g_get_real_time ();
  self->learned = learned;
  self->error_message = g_strdup (error_message);

  return self;
}

DdChatDeskAction
dd_chat_mod_log_entry_get_action (DdChatModLogEntry *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MOD_LOG_ENTRY (self), DD_CHAT_DESK_DELETE);
  return self->action;
}

DdChatMessage *
dd_chat_mod_log_entry_get_target (DdChatModLogEntry *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MOD_LOG_ENTRY (self), NULL);
  return self->target;
}

const char *
dd_chat_mod_log_entry_get_actor (DdChatModLogEntry *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MOD_LOG_ENTRY (self), NULL);
  return self->actor;
}

DdRole
dd_chat_mod_log_entry_get_role (DdChatModLogEntry *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MOD_LOG_ENTRY (self), DD_ROLE_PRODUCER);
  return self->role;
}

guint
dd_chat_mod_log_entry_get_duration_s (DdChatModLogEntry *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MOD_LOG_ENTRY (self), 0);
  return self->duration_s;
}

gint64
dd_chat_mod_log_entry_get_time (DdChatModLogEntry *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MOD_LOG_ENTRY (self), 0);
  return self->time_us;
}

int
dd_chat_mod_log_entry_get_learned (DdChatModLogEntry *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MOD_LOG_ENTRY (self), -1);
  return self->learned;
}

const char *
dd_chat_mod_log_entry_get_error_message (DdChatModLogEntry *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MOD_LOG_ENTRY (self), NULL);
  return self->error_message;
}

gboolean
dd_chat_mod_log_entry_get_learning_undone (DdChatModLogEntry *self)
{
  g_return_val_if_fail (DD_IS_CHAT_MOD_LOG_ENTRY (self), FALSE);
  return self->learning_undone;
}

void
dd_chat_mod_log_entry_set_learning_undone (DdChatModLogEntry *self)
{
  g_return_if_fail (DD_IS_CHAT_MOD_LOG_ENTRY (self));

  if (self->learning_undone)
    return;
  self->learning_undone = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEARNING_UNDONE]);
}

static char *
format_duration (guint seconds)
{
  if (seconds % 3600 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", seconds / 3600), seconds / 3600);
  if (seconds % 60 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", seconds / 60), seconds / 60);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", seconds), seconds);
}

char *
dd_chat_mod_log_entry_dup_summary (DdChatModLogEntry *self)
{
  g_autofree char *who = NULL;
  g_autofree char *duration = NULL;
  const char *login;

  g_return_val_if_fail (DD_IS_CHAT_MOD_LOG_ENTRY (self), NULL);

  login = dd_chat_message_get_author_login (self->target);
  if (login == NULL)
    login = "";
  /* Translators: a squad member and their role, e.g. "Ana (Producer)" */
  who = g_strdup_printf (_("%s (%s)"), self->actor, dd_role_get_display_name (self->role));

  switch (self->action)
    {
    case DD_CHAT_DESK_DELETE:
      /* Translators: "Ana (Producer) deleted a message from @viewer" */
      return g_strdup_printf (_("%s deleted a message from @%s"), who, login);
    case DD_CHAT_DESK_TIMEOUT:
      duration = format_duration (self->duration_s);
      /* Translators: "Ana (Producer) timed out @viewer for 10 minutes" */
      return g_strdup_printf (_("%s timed out @%s for %s"), who, login, duration);
    case DD_CHAT_DESK_BAN:
      return g_strdup_printf (_("%s banned @%s"), who, login);
    case DD_CHAT_DESK_KICK:
      return g_strdup_printf (_("%s removed @%s from the channel"), who, login);
    case DD_CHAT_DESK_NOT_SPAM:
      return g_strdup_printf (_("%s marked a message from @%s as not spam"), who, login);
    case DD_CHAT_DESK_CLAIM:
      return g_strdup_printf (_("%s claimed the question from @%s"), who, login);
    case DD_CHAT_DESK_PIN:
      return g_strdup_printf (_("%s pinned a message from @%s as a creator cue"), who, login);
    default:
      g_return_val_if_reached (g_strdup (""));
    }
}
