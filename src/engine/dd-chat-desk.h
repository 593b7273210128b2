/* dd-chat-desk.h — the moderators' desk: actions, claims, pins, the moderation log, learning
 *
 * One per drop session, on the main context. Moderation actions go through
 * the chat pipeline to the provider (IRC, Twitch, the demo); what the server
 * confirms, and what other moderators did, comes back as DdChatModEvent.
 * Every action lands in the moderation log; deletes, timeouts and bans teach
 * the on-device classifier (undoable), saved per squad in the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-chat-claims.h"
#include "dd-chat-mod-log-entry.h"
#include "dd-chat-pipeline.h"
#include "dd-classifier.h"
#include "dd-store.h"

G_BEGIN_DECLS

/* At most this many unclaimed buyer questions are remembered. */
#define DD_CHAT_DESK_MAX_QUESTIONS 1000

#define DD_TYPE_CHAT_DESK (dd_chat_desk_get_type ())

G_DECLARE_FINAL_TYPE (DdChatDesk, dd_chat_desk, DD, CHAT_DESK, GObject)

DdChatDesk    *dd_chat_desk_new               (void);
/* Any of them may be NULL: without a pipeline actions fail with a clear
 * message, without a classifier nothing is learned, without a store nothing
 * learned is kept. Loads what the squad taught before into the classifier. */
void           dd_chat_desk_attach            (DdChatDesk     *self,
                                               DdChatPipeline *pipeline,
                                               DdClassifier   *classifier,
                                               DdStore        *store,
                                               const char     *squad);
void           dd_chat_desk_detach            (DdChatDesk     *self);
/* Who acts from this laptop. */
void           dd_chat_desk_set_actor         (DdChatDesk     *self,
                                               const char     *member,
                                               DdRole          role);
DdClassifier  *dd_chat_desk_get_classifier    (DdChatDesk     *self);

/* Fed with every batch the wall receives. */
void           dd_chat_desk_add_messages      (DdChatDesk     *self,
                                               GPtrArray      *messages);
/* What the server reported: a deleted message, a timeout, a ban, a clear. */
void           dd_chat_desk_apply_event       (DdChatDesk     *self,
                                               DdChatModEvent *event);

/* TRUE when a moderator removed the message (deleted it, or timed out or
 * banned its author after it was sent, or cleared the chat). */
gboolean       dd_chat_desk_is_removed        (DdChatDesk     *self,
                                               DdChatMessage  *message);
/* TRUE when a moderator said a flagged message is fine. */
gboolean       dd_chat_desk_is_marked_ok      (DdChatDesk     *self,
                                               DdChatMessage  *message);
/* The squad member who claimed the question, or NULL. */
const char    *dd_chat_desk_get_claimer       (DdChatDesk     *self,
                                               DdChatMessage  *message);

void           dd_chat_desk_moderate_async    (DdChatDesk          *self,
                                               DdChatModAction      action,
                                               DdChatMessage       *message,
                                               guint                duration_s,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       dd_chat_desk_moderate_finish   (DdChatDesk     *self,
                                               GAsyncResult   *result,
                                               GError        **error);
/* "Not spam": teaches the classifier that the message is fine. */
void           dd_chat_desk_mark_ok           (DdChatDesk     *self,
                                               DdChatMessage  *message);
/* Claims a buyer question for the actor so nobody answers twice; refused,
 * naming the claimer, when someone else holds it. Claiming one's own claim
 * again lets it go. */
gboolean       dd_chat_desk_toggle_claim      (DdChatDesk     *self,
                                               DdChatMessage  *message,
                                               GError        **error);
/* Where the squad keeps claims (NULL: this laptop only). The desk shows a
 * claim at once, asks `claims` to record it, and puts the holder back when
 * the squad says someone else was first; claims made on other laptops
 * arrive through "claim-changed". */
void           dd_chat_desk_set_claims        (DdChatDesk     *self,
                                               DdChatClaims   *claims);
DdChatClaims  *dd_chat_desk_get_claims        (DdChatDesk     *self);
/* Pins the message as the creator cue; returns the cue (transfer none). */
DdChatMessage *dd_chat_desk_pin_cue           (DdChatDesk     *self,
                                               DdChatMessage  *message);
/* A cue from the squad channel. */
void           dd_chat_desk_set_cue           (DdChatDesk     *self,
                                               DdChatMessage  *cue);
DdChatMessage *dd_chat_desk_get_cue           (DdChatDesk     *self);
/* Takes back what the classifier learned from a log entry. */
gboolean       dd_chat_desk_undo_learning     (DdChatDesk         *self,
                                               DdChatModLogEntry  *entry,
                                               GError            **error);

/* DdChatModLogEntry, newest first. */
GListModel    *dd_chat_desk_get_log           (DdChatDesk     *self);
/* Unclaimed buyer questions sent at or before `now_us - waited_us`, oldest
 * first, at most `max` (DdChatMessage, transfer container). */
GPtrArray     *dd_chat_desk_dup_waiting       (DdChatDesk     *self,
                                               gint64          now_us,
                                               gint64          waited_us,
                                               guint           max);

/* Signals:
 *  "changed" (const char *message_id, const char *login): marks changed
 *      for one message, for every message of one author (message_id NULL),
 *      or for all (both NULL).
 *  "cue-pinned" (DdChatMessage *cue): a moderator pinned a cue here.
 * Property "cue" (DdChatMessage): the current creator cue. */

G_END_DECLS
