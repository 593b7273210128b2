/* dd-chat-desk.c — the moderators' desk: actions, claims, pins, the moderation log, learning
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-chat-desk.h"
#include "dd-chat-filter.h"
#include "dd-core-error.h"

struct _DdChatDesk
{
  GObject         parent_instance;

  DdChatPipeline *pipeline;
  DdClassifier   *classifier;
  DdStore        *store;
  char           *squad;
  char           *actor;
  DdRole          role;

  GHashTable     *deleted;        /* message id set */
  GHashTable     *marked_ok;      /* message id set */
  GHashTable     *removed_until;  /* login -> gint64 *: messages sent up to then are gone */
  gint64          cleared_until;  /* the whole chat, up to then */
  GHashTable     *claims;         /* message id -> member, as this laptop knows them */
  DdChatClaims   *squad_claims;   /* where the squad keeps them, or NULL */
  GQueue          questions;      /* DdChatMessage, unclaimed buyer questions, oldest first */
  GListStore     *log;            /* DdChatModLogEntry, newest first */
  DdChatMessage  *cue;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (DdChatDesk, dd_chat_desk, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CUE,
  N_PROPS
};

enum {
  CHANGED,
  CUE_PINNED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
dd_chat_desk_dispose (GObject *object)
{
  DdChatDesk *self = DD_CHAT_DESK (object);

  dd_chat_desk_detach (self);
  dd_chat_desk_set_claims (self, NULL);
  g_queue_clear_full (&self->questions, g_object_unref);
  g_clear_object (&self->cue);

  G_OBJECT_CLASS (dd_chat_desk_parent_class)->dispose (object);
}

static void
dd_chat_desk_finalize (GObject *object)
{
  DdChatDesk *self = DD_CHAT_DESK (object);

  g_hash_table_unref (self->deleted);
  g_hash_table_unref (self->marked_ok);
  g_hash_table_unref (self->removed_until);
  g_hash_table_unref (self->claims);
  g_object_unref (self->log);
  g_free (self->squad);
  g_free (self->actor);

  G_OBJECT_CLASS (dd_chat_desk_parent_class)->finalize (object);
}

static void
dd_chat_desk_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DdChatDesk *self = DD_CHAT_DESK (object);

  switch (prop_id)
    {
    case PROP_CUE:
      g_value_set_object (value, self->cue);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_chat_desk_class_init (DdChatDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_chat_desk_dispose;
  object_class->finalize = dd_chat_desk_finalize;
  object_class->get_property = dd_chat_desk_get_property;

  properties[PROP_CUE] =
    g_param_spec_object ("cue", NULL, NULL, DD_TYPE_CHAT_MESSAGE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[CUE_PINNED] =
    g_signal_new ("cue-pinned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, DD_TYPE_CHAT_MESSAGE);
}

static void
dd_chat_desk_init (DdChatDesk *self)
{
  self->deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->marked_ok = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->removed_until = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->log = g_list_store_new (DD_TYPE_CHAT_MOD_LOG_ENTRY);
  self->actor = g_strdup (g_get_real_name ());
  self->role = DD_ROLE_MOD_TRUST_LEAD;
  self->cleared_until = G_MININT64;
}

DdChatDesk *
dd_chat_desk_new (void)
{
  return g_object_new (DD_TYPE_CHAT_DESK, NULL);
}

static void
weights_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DdChatDesk) self = user_data;
  g_autoptr(GBytes) weights = NULL;
  g_autoptr(GError) error = NULL;

  weights = dd_store_load_classifier_weights_finish (DD_STORE (source), result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The squad's moderation lessons could not be read: %s", error->message);
      return;
    }
  if (weights != NULL && self->classifier != NULL
      && !dd_classifier_import_weights (self->classifier, weights, &error))
    g_warning ("The squad's moderation lessons are unreadable and were ignored: %s", error->message);
}

void
dd_chat_desk_attach (DdChatDesk     *self,
                     DdChatPipeline *pipeline,
                     DdClassifier   *classifier,
                     DdStore        *store,
                     const char     *squad)
{
  g_return_if_fail (DD_IS_CHAT_DESK (self));

  dd_chat_desk_detach (self);
  g_set_object (&self->pipeline, pipeline);
  g_set_object (&self->classifier, classifier);
  g_set_object (&self->store, store);
  g_free (self->squad);
  self->squad = g_strdup (squad != NULL ? squad : "default");
  self->cancellable = g_cancellable_new ();

  if (self->store != NULL && self->classifier != NULL)
    dd_store_load_classifier_weights_async (self->store, self->squad, self->cancellable,
                                            weights_loaded_cb, g_object_ref (self));
}

void
dd_chat_desk_detach (DdChatDesk *self)
{
  g_return_if_fail (DD_IS_CHAT_DESK (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->classifier);
  g_clear_object (&self->store);
}

void
dd_chat_desk_set_actor (DdChatDesk *self,
                        const char *member,
                        DdRole      role)
{
  g_return_if_fail (DD_IS_CHAT_DESK (self));
  g_return_if_fail (member != NULL);

  g_free (self->actor);
  self->actor = g_strdup (member);
  self->role = role;
}

DdClassifier *
dd_chat_desk_get_classifier (DdChatDesk *self)
{
  g_return_val_if_fail (DD_IS_CHAT_DESK (self), NULL);

  return self->classifier;
}

void
dd_chat_desk_add_messages (DdChatDesk *self,
                           GPtrArray  *messages)
{
  g_return_if_fail (DD_IS_CHAT_DESK (self));
  g_return_if_fail (messages != NULL);

  for (guint i = 0; i < messages->len; i++)
    {
      DdChatMessage *message = g_ptr_array_index (messages, i);

      if (dd_chat_filter_matches (DD_CHAT_FILTER_INTENT, message)
          && dd_chat_message_get_intent (message) != DD_INTENT_PURCHASE)
        g_queue_push_tail (&self->questions, g_object_ref (message));
    }

  while (self->questions.length > DD_CHAT_DESK_MAX_QUESTIONS)
    g_object_unref (g_queue_pop_head (&self->questions));
}

static void
remove_author (DdChatDesk *self,
               const char *login,
               gint64      until_us)
{
  gint64 *until = g_hash_table_lookup (self->removed_until, login);

  if (until == NULL)
    {
      until = g_new (gint64, 1);
      *until = until_us;
      g_hash_table_insert (self->removed_until, g_ascii_strdown (login, -1), until);
    }
  else
    *until = MAX (*until, until_us);

  g_signal_emit (self, signals[CHANGED], 0, NULL, login);
}

static void
delete_message (DdChatDesk *self,
                const char *message_id)
{
  if (!g_hash_table_add (self->deleted, g_strdup (message_id)))
    return;
  g_signal_emit (self, signals[CHANGED], 0, message_id, NULL);
}

void
dd_chat_desk_apply_event (DdChatDesk     *self,
                          DdChatModEvent *event)
{
  const char *login;
  gint64 when;

  g_return_if_fail (DD_IS_CHAT_DESK (self));
  g_return_if_fail (event != NULL);

  login = dd_chat_mod_event_get_target_login (event);
  /* Everything the server sent before it acted, and a little slack for
   * clocks, since Twitch clears what a banned chatter said before. */
  when = MAX (dd_chat_mod_event_get_timestamp (event), g_get_real_time ());

  switch (dd_chat_mod_event_get_kind (event))
    {
    case DD_CHAT_MOD_EVENT_DELETE_MESSAGE:
      if (dd_chat_mod_event_get_target_message_id (event) != NULL)
        delete_message (self, dd_chat_mod_event_get_target_message_id (event));
      break;
    case DD_CHAT_MOD_EVENT_TIMEOUT:
    case DD_CHAT_MOD_EVENT_BAN:
      if (login != NULL)
        remove_author (self, login, when);
      break;
    case DD_CHAT_MOD_EVENT_CLEAR_ALL:
      self->cleared_until = MAX (self->cleared_until, when);
      g_signal_emit (self, signals[CHANGED], 0, NULL, NULL);
      break;
    default:
      break;
    }
}

gboolean
dd_chat_desk_is_removed (DdChatDesk    *self,
                         DdChatMessage *message)
{
  const char *login;
  gint64 sent;

  g_return_val_if_fail (DD_IS_CHAT_DESK (self), FALSE);
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (message), FALSE);

  if (dd_chat_message_get_source (message) != DD_CHAT_SOURCE_AUDIENCE)
    return FALSE;

  sent = dd_chat_message_get_timestamp (message);
  if (sent <= self->cleared_until)
    return TRUE;
  if (g_hash_table_contains (self->deleted, dd_chat_message_get_id (message)))
    return TRUE;

  login = dd_chat_message_get_author_login (message);
  if (login != NULL && g_hash_table_size (self->removed_until) > 0)
    {
      g_autofree char *folded = g_ascii_strdown (login, -1);
      gint64 *until = g_hash_table_lookup (self->removed_until, folded);

      if (until != NULL && sent <= *until)
        return TRUE;
    }

  return FALSE;
}

gboolean
dd_chat_desk_is_marked_ok (DdChatDesk    *self,
                           DdChatMessage *message)
{
  g_return_val_if_fail (DD_IS_CHAT_DESK (self), FALSE);
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (message), FALSE);

  return g_hash_table_contains (self->marked_ok, dd_chat_message_get_id (message));
}

const char *
dd_chat_desk_get_claimer (DdChatDesk    *self,
                          DdChatMessage *message)
{
  g_return_val_if_fail (DD_IS_CHAT_DESK (self), NULL);
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (message), NULL);

  return g_hash_table_lookup (self->claims, dd_chat_message_get_id (message));
}

static void
weights_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dd_store_save_classifier_weights_finish (DD_STORE (source), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The squad's moderation lessons could not be saved: %s", error->message);
}

static void
save_weights (DdChatDesk *self)
{
  g_autoptr(GBytes) weights = NULL;

  if (self->store == NULL || self->classifier == NULL)
    return;

  weights = dd_classifier_export_weights (self->classifier);
  dd_store_save_classifier_weights_async (self->store, self->squad, weights,
                                          self->cancellable, weights_saved_cb, NULL);
}

/* What a moderator's action teaches: the label the classifier gave, or spam
 * when it had let the message through. -1: nothing. */
static int
learn_from (DdChatDesk      *self,
            DdChatDeskAction action,
            DdChatMessage   *message)
{
  DdModeration label;

  if (self->classifier == NULL || dd_chat_message_get_source (message) != DD_CHAT_SOURCE_AUDIENCE)
    return -1;

  switch (action)
    {
    case DD_CHAT_DESK_DELETE:
    case DD_CHAT_DESK_TIMEOUT:
    case DD_CHAT_DESK_BAN:
      label = dd_chat_message_get_moderation (message);
      if (label == DD_MODERATION_OK)
        label = DD_MODERATION_SPAM;
      break;
    case DD_CHAT_DESK_NOT_SPAM:
      label = DD_MODERATION_OK;
      break;
    case DD_CHAT_DESK_KICK:
    case DD_CHAT_DESK_CLAIM:
    case DD_CHAT_DESK_PIN:
    default:
      return -1;
    }

  dd_classifier_learn (self->classifier, dd_chat_message_get_text (message), label);
  save_weights (self);

  return (int) label;
}

static void
log_action (DdChatDesk       *self,
            DdChatDeskAction  action,
            DdChatMessage    *message,
            guint             duration_s,
            int               learned,
            const char       *error_message)
{
  g_autoptr(DdChatModLogEntry) entry = NULL;

  entry = dd_chat_mod_log_entry_new (action, message, self->actor, self->role,
                                     duration_s, learned, error_message);
  g_list_store_insert (self->log, 0, entry);
}

static DdChatDeskAction
desk_action (DdChatModAction action)
{
  switch (action)
    {
    case DD_CHAT_MOD_TIMEOUT:
      return DD_CHAT_DESK_TIMEOUT;
    case DD_CHAT_MOD_BAN:
      return DD_CHAT_DESK_BAN;
    case DD_CHAT_MOD_KICK:
      return DD_CHAT_DESK_KICK;
    case DD_CHAT_MOD_DELETE_MESSAGE:
    default:
      return DD_CHAT_DESK_DELETE;
    }
}

typedef struct
{
  DdChatModAction  action;
  DdChatMessage   *message;
  guint            duration_s;
} ModerateData;

static void
moderate_data_free (ModerateData *data)
{
  g_clear_object (&data->message);
  g_free (data);
}

static void
moderated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdChatDesk *self = g_task_get_source_object (task);
  ModerateData *data = g_task_get_task_data (task);
  DdChatDeskAction action = desk_action (data->action);
  g_autoptr(GError) error = NULL;
  const char *login;
  int learned;

  if (!dd_chat_pipeline_moderate_finish (DD_CHAT_PIPELINE (source), result, &error))
    {
      log_action (self, action, data->message, data->duration_s, -1, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Shown at once; the server's own report of it changes nothing more. */
  login = dd_chat_message_get_author_login (data->message);
  if (data->action == DD_CHAT_MOD_DELETE_MESSAGE)
    delete_message (self, dd_chat_message_get_id (data->message));
  else if (login != NULL)
    remove_author (self, login, MAX (g_get_real_time (), dd_chat_message_get_timestamp (data->message)));

  learned = learn_from (self, action, data->message);
  log_action (self, action, data->message, data->duration_s, learned, NULL);
  g_task_return_boolean (task, TRUE);
}

void
dd_chat_desk_moderate_async (DdChatDesk          *self,
                             DdChatModAction      action,
                             DdChatMessage       *message,
                             guint                duration_s,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ModerateData *data;

  g_return_if_fail (DD_IS_CHAT_DESK (self));
  g_return_if_fail (DD_IS_CHAT_MESSAGE (message));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_chat_desk_moderate_async);
  data = g_new0 (ModerateData, 1);
  data->action = action;
  data->message = g_object_ref (message);
  data->duration_s = duration_s;
  g_task_set_task_data (task, data, (GDestroyNotify) moderate_data_free);

  if (dd_chat_message_get_source (message) != DD_CHAT_SOURCE_AUDIENCE)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED,
                               _("Only audience messages can be moderated."));
      return;
    }
  if (self->pipeline == NULL)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED,
                               _("The chat is not connected; nothing was done."));
      return;
    }

  dd_chat_pipeline_moderate_async (self->pipeline, action, message, duration_s, NULL,
                                   cancellable, moderated_cb, g_steal_pointer (&task));
}

gboolean
dd_chat_desk_moderate_finish (DdChatDesk    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dd_chat_desk_mark_ok (DdChatDesk    *self,
                      DdChatMessage *message)
{
  const char *id;
  int learned;

  g_return_if_fail (DD_IS_CHAT_DESK (self));
  g_return_if_fail (DD_IS_CHAT_MESSAGE (message));

  id = dd_chat_message_get_id (message);
  if (!g_hash_table_add (self->marked_ok, g_strdup (id)))
    return;

  learned = learn_from (self, DD_CHAT_DESK_NOT_SPAM, message);
  log_action (self, DD_CHAT_DESK_NOT_SPAM, message, 0, learned, NULL);
  g_signal_emit (self, signals[CHANGED], 0, id, NULL);
}

/* What this laptop knows of a claim changes. */
static void
set_claim (DdChatDesk *self,
           const char *message_id,
           const char *member)
{
  if (g_strcmp0 (g_hash_table_lookup (self->claims, message_id), member) == 0)
    return;
  if (member != NULL)
    g_hash_table_insert (self->claims, g_strdup (message_id), g_strdup (member));
  else
    g_hash_table_remove (self->claims, message_id);
  g_signal_emit (self, signals[CHANGED], 0, message_id, NULL);
}

typedef struct
{
  DdChatDesk    *self;
  DdChatMessage *message;
} ClaimCall;

static void
claim_call_free (ClaimCall *call)
{
  g_object_unref (call->self);
  g_object_unref (call->message);
  g_free (call);
}

/* The squad answered a claim made here: a refusal puts the holder's name
 * back on the question and says so in the log. */
static void
squad_claimed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ClaimCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *holder = NULL;

  if (!dd_chat_claims_claim_finish (DD_CHAT_CLAIMS (source), result, &holder, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (g_error_matches (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED))
        set_claim (call->self, dd_chat_message_get_id (call->message), holder);
      log_action (call->self, DD_CHAT_DESK_CLAIM, call->message, 0, -1, error->message);
    }
  claim_call_free (call);
}

static void
squad_claim_changed_cb (DdChatClaims *claims,
                        const char   *message_id,
                        const char   *member,
                        DdChatDesk   *self)
{
  set_claim (self, message_id, member);
}

gboolean
dd_chat_desk_toggle_claim (DdChatDesk     *self,
                           DdChatMessage  *message,
                           GError        **error)
{
  g_autofree char *claimer = NULL;
  const char *id;

  g_return_val_if_fail (DD_IS_CHAT_DESK (self), FALSE);
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (message), FALSE);

  id = dd_chat_message_get_id (message);
  claimer = g_strdup (g_hash_table_lookup (self->claims, id));
  if (claimer != NULL && g_strcmp0 (claimer, self->actor) != 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                   _("%s already answers this question."), claimer);
      return FALSE;
    }

  /* Shown at once; the squad may still say someone else was first. */
  set_claim (self, id, claimer != NULL ? NULL : self->actor);
  if (claimer == NULL)
    log_action (self, DD_CHAT_DESK_CLAIM, message, 0, -1, NULL);

  if (self->squad_claims != NULL)
    {
      ClaimCall *call = g_new0 (ClaimCall, 1);

      call->self = g_object_ref (self);
      call->message = g_object_ref (message);
      dd_chat_claims_claim_async (self->squad_claims, id, claimer != NULL ? NULL : self->actor, claimer,
                                  self->cancellable, squad_claimed_cb, call);
    }

  return TRUE;
}

void
dd_chat_desk_set_claims (DdChatDesk   *self,
                         DdChatClaims *claims)
{
  g_return_if_fail (DD_IS_CHAT_DESK (self));
  g_return_if_fail (claims == NULL || DD_IS_CHAT_CLAIMS (claims));

  if (self->squad_claims == claims)
    return;
  if (self->squad_claims != NULL)
    g_signal_handlers_disconnect_by_data (self->squad_claims, self);
  g_set_object (&self->squad_claims, claims);
  if (claims != NULL)
    g_signal_connect_object (claims, "claim-changed", G_CALLBACK (squad_claim_changed_cb), self, 0);
}

DdChatClaims *
dd_chat_desk_get_claims (DdChatDesk *self)
{
  g_return_val_if_fail (DD_IS_CHAT_DESK (self), NULL);

  return self->squad_claims;
}

static void
set_cue (DdChatDesk    *self,
         DdChatMessage *cue)
{
  if (g_set_object (&self->cue, cue))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUE]);
}

DdChatMessage *
dd_chat_desk_pin_cue (DdChatDesk    *self,
                      DdChatMessage *message)
{
  g_autoptr(DdChatMessage) cue = NULL;
  g_autofree char *text = NULL;
  const char *author;

  g_return_val_if_fail (DD_IS_CHAT_DESK (self), NULL);
  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (message), NULL);

  author = dd_chat_message_get_display_name (message);
  if (author == NULL)
    author = dd_chat_message_get_author_login (message);
  /* Translators: a creator cue made from a viewer's message:
   * "@viewer asks: is the blue one in M?" */
  text = g_strdup_printf (_("@%s asks: %s"), author != NULL ? author : "", dd_chat_message_get_text (message));
  cue = dd_chat_message_new (&(DdChatMessageInit) {
    .source = DD_CHAT_SOURCE_CUE,
    .channel = dd_chat_message_get_channel (message),
    .author_login = self->actor,
    .color_rgb = -1,
    .text = text,
    .timestamp_us = g_get_real_time (),
  });

  log_action (self, DD_CHAT_DESK_PIN, message, 0, -1, NULL);
  set_cue (self, cue);
  g_signal_emit (self, signals[CUE_PINNED], 0, cue);

  return self->cue;
}

void
dd_chat_desk_set_cue (DdChatDesk    *self,
                      DdChatMessage *cue)
{
  g_return_if_fail (DD_IS_CHAT_DESK (self));
  g_return_if_fail (cue == NULL || DD_IS_CHAT_MESSAGE (cue));

  set_cue (self, cue);
}

DdChatMessage *
dd_chat_desk_get_cue (DdChatDesk *self)
{
  g_return_val_if_fail (DD_IS_CHAT_DESK (self), NULL);

  return self->cue;
}

gboolean
dd_chat_desk_undo_learning (DdChatDesk         *self,
                            DdChatModLogEntry  *entry,
                            GError            **error)
{
  DdChatMessage *target;
  int learned;

  g_return_val_if_fail (DD_IS_CHAT_DESK (self), FALSE);
  g_return_val_if_fail (DD_IS_CHAT_MOD_LOG_ENTRY (entry), FALSE);

  learned = dd_chat_mod_log_entry_get_learned (entry);
  target = dd_chat_mod_log_entry_get_target (entry);
  if (learned < 0 || dd_chat_mod_log_entry_get_learning_undone (entry) || self->classifier == NULL
      || !dd_classifier_unlearn (self->classifier, dd_chat_message_get_text (target), (DdModeration) learned))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                   _("There is nothing to take back: the classifier did not learn from this action."));
      return FALSE;
    }

  dd_chat_mod_log_entry_set_learning_undone (entry);
  if (learned == DD_MODERATION_OK
      && g_hash_table_remove (self->marked_ok, dd_chat_message_get_id (target)))
    g_signal_emit (self, signals[CHANGED], 0, dd_chat_message_get_id (target), NULL);
  save_weights (self);

  return TRUE;
}

GListModel *
dd_chat_desk_get_log (DdChatDesk *self)
{
  g_return_val_if_fail (DD_IS_CHAT_DESK (self), NULL);

  return G_LIST_MODEL (self->log);
}

GPtrArray *
dd_chat_desk_dup_waiting (DdChatDesk *self,
                          gint64      now_us,
                          gint64      waited_us,
                          guint       max)
{
  GPtrArray *waiting = g_ptr_array_new ();
  GList *link = self->questions.head;

  g_return_val_if_fail (DD_IS_CHAT_DESK (self), waiting);

  while (link != NULL && waiting->len < max)
    {
      GList *next = link->next;
      DdChatMessage *message = link->data;

      if (dd_chat_message_get_timestamp (message) > now_us - waited_us)
        break;

      /* Answered or removed questions leave the queue for good. */
      if (g_hash_table_contains (self->claims, dd_chat_message_get_id (message))
          || dd_chat_desk_is_removed (self, message))
        {
          g_queue_delete_link (&self->questions, link);
          g_object_unref (message);
        }
      else
        g_ptr_array_add (waiting, message);

      link = next;
    }

  return waiting;
}
