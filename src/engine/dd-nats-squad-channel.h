/* dd-nats-squad-channel.h — the squad channel over NATS JetStream
 *
 * Implements DdSquadChannel for a real drop (see dd-squad-subjects.h for
 * the subjects, stream and buckets):
 * - presence: heartbeats in a KV bucket, with away and gone for laptops
 *   that vanish (dd-nats-squad-presence.h);
 * - squad chat, creator cues and ops alerts: one JetStream stream per squad,
 *   read with an ordered consumer from the sequence after the last one
 *   handled, which is kept in the store's sync_cursors, so a restart or a
 *   reconnect misses nothing and shows nothing twice; what this laptop sends
 *   comes back through the stream like everyone else's;
 * - shared state: "offer.*", "checklist.*" and "policy.*" keys in their own
 *   buckets, written with compare-and-swap: a conflict is an error naming
 *   the key, never a silent overwrite;
 * - the server's refusals (a role that may not send alerts) fail the call
 *   with a message naming the role and the action.
 * Creates the stream and buckets when missing (if the server lets this
 * member). Runs on the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-nats-client.h"
#include "dd-squad-channel.h"
#include "dd-store.h"

G_BEGIN_DECLS

#define DD_TYPE_NATS_SQUAD_CHANNEL (dd_nats_squad_channel_get_type ())

G_DECLARE_FINAL_TYPE (DdNatsSquadChannel, dd_nats_squad_channel, DD, NATS_SQUAD_CHANNEL, GObject)

/* NULL with DD_CORE_ERROR_INVALID_FIELD for a bad squad name or login.
 *
 * Signals (besides DdSquadChannel's):
 *   ::caught-up ()   the stream's stored events have all been emitted
 *   ::state-changed (const char *key, const char *value, guint64 revision)
 *                    a shared-state key changed (value NULL: deleted)
 *   ::ledger-entry (DdLedgerEntry *, const char *member)
 *                    a member's ledger entry arrived (its hash checked),
 *                    this laptop's own included
 *   ::failed (GError *)  setting up the squad failed (tried again), or the
 *                    stream carried a ledger entry that does not match its
 *                    hash */
DdNatsSquadChannel *dd_nats_squad_channel_new             (DdNatsClient        *client,
                                                           const char          *squad,
                                                           const char          *login,
                                                           const char          *display_name,
                                                           DdRole               role,
                                                           const char          *device,
                                                           GError             **error);
/* Where the stream cursor is kept (NULL: only in memory). Set before start. */
void                dd_nats_squad_channel_set_store       (DdNatsSquadChannel  *self,
                                                           DdStore             *store);
void                dd_nats_squad_channel_set_presence_timing (DdNatsSquadChannel *self,
                                                               guint               heartbeat_ms,
                                                               guint               away_ms,
                                                               guint               gone_ms);
/* On how many servers of a JetStream cluster the stream and buckets are
 * kept when this member creates them (default 3, so that a cluster
 * survives a server failing; a single server keeps one copy). */
void                dd_nats_squad_channel_set_replicas    (DdNatsSquadChannel  *self,
                                                           guint                replicas);
/* Reads the stream after `cursor` (instead of after the stored cursor).
 * Set before start. */
void                dd_nats_squad_channel_set_cursor      (DdNatsSquadChannel  *self,
                                                           guint64              cursor);
/* The stream sequence of the last event emitted. */
guint64             dd_nats_squad_channel_get_cursor      (DdNatsSquadChannel  *self);
gboolean            dd_nats_squad_channel_get_caught_up   (DdNatsSquadChannel  *self);
const char         *dd_nats_squad_channel_get_squad       (DdNatsSquadChannel  *self);
const char         *dd_nats_squad_channel_get_login       (DdNatsSquadChannel  *self);
DdRole              dd_nats_squad_channel_get_role        (DdNatsSquadChannel  *self);

/* A message, cue or alert (by `source`); finishes with its stream sequence. */
void                dd_nats_squad_channel_send_async      (DdNatsSquadChannel  *self,
                                                           DdChatSource         source,
                                                           const char          *text,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
guint64             dd_nats_squad_channel_send_finish     (DdNatsSquadChannel  *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* Replicates a sealed ledger entry to the squad; finishes with
 * dd_nats_squad_channel_send_finish() (a retry is stored once). */
void                dd_nats_squad_channel_publish_ledger_async (DdNatsSquadChannel  *self,
                                                                DdLedgerEntry       *entry,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);

/* The value of a shared-state key as last seen, or NULL. */
const char         *dd_nats_squad_channel_get_state       (DdNatsSquadChannel  *self,
                                                           const char          *key,
                                                           guint64             *revision);
/* Writes `value` (NULL: deletes) if the key is still at
 * `expected_revision` (0: only if it does not exist; < 0: no guard);
 * finishes with the new revision, or DD_NATS_ERROR_CONFLICT. */
void                dd_nats_squad_channel_set_state_async (DdNatsSquadChannel  *self,
                                                           const char          *key,
                                                           const char          *value,
                                                           gint64               expected_revision,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
guint64             dd_nats_squad_channel_set_state_finish (DdNatsSquadChannel *self,
                                                            GAsyncResult       *result,
                                                            GError            **error);

G_END_DECLS
