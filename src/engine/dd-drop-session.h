/* dd-drop-session.h — one drop: its store, providers, pipeline and live models
 *
 * The UI and dropdeckctl both drive a drop through this object; the demo and
 * a real drop differ only in the providers behind it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dd-chat-desk.h"
#include "dd-chat-pipeline.h"
#include "dd-rollback-desk.h"
#include "dd-connectivity.h"
#include "dd-core.h"
#include "dd-squad-channel.h"
#include "dd-store-squad-ledger.h"
#include "dd-move-suggestion.h"
#include "dd-store.h"

G_BEGIN_DECLS

#define DD_TYPE_DROP_SESSION (dd_drop_session_get_type ())

G_DECLARE_FINAL_TYPE (DdDropSession, dd_drop_session, DD, DROP_SESSION, GObject)

/* A simulated live drop in `profile_dir` (its own database, never mixed with
 * real data). The catalog, hubs, stock and checklists are seeded on first
 * start; each start moves the drop start (and the offer windows) to two
 * minutes from now, so the demo always counts down to a drop. */
DdDropSession  *dd_drop_session_new_demo          (const char *profile_dir);

/* Before start: the audience chat comes from `provider` (a real chat
 * server, e.g. a DdIrcClient) instead of the simulated audience. */
void            dd_drop_session_set_chat_provider (DdDropSession  *self,
                                                   DdChatProvider *provider);
/* Before start: the squad is `channel` (a real squad, e.g. a
 * DdNatsSquadChannel, whose stream cursor is then kept in the drop's store)
 * instead of the five simulated members. */
void            dd_drop_session_set_squad_channel (DdDropSession  *self,
                                                   DdSquadChannel *channel);
DdSquadChannel *dd_drop_session_get_squad_channel (DdDropSession  *self);
/* TRUE while the squad is the simulated one. */
gboolean        dd_drop_session_has_simulated_squad (DdDropSession *self);
/* TRUE while the audience is the simulated one (its rate can be set). */
gboolean        dd_drop_session_has_simulated_chat (DdDropSession *self);

/* Before start: replaces the classify stage of the chat pipeline (run on its
 * thread for every message). By default the on-device classifier labels
 * every audience message; NULL makes messages pass unlabelled. */
void            dd_drop_session_set_classifier    (DdDropSession       *self,
                                                   DdChatClassifyFunc   func,
                                                   gpointer             user_data,
                                                   GDestroyNotify       destroy);

/* Opens the store, seeds or loads the drop, connects the providers and
 * starts the chat pipeline. Errors are DD_STORE_ERROR from opening. */
void            dd_drop_session_start_async       (DdDropSession       *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        dd_drop_session_start_finish      (DdDropSession  *self,
                                                   GAsyncResult   *result,
                                                   GError        **error);
/* Stops providers and the pipeline, flushes the archive, closes the store. */
void            dd_drop_session_stop              (DdDropSession *self);

gboolean        dd_drop_session_is_demo           (DdDropSession *self);
DdStore        *dd_drop_session_get_store         (DdDropSession *self);
const char     *dd_drop_session_get_title         (DdDropSession *self);
/* Drop start, µs since the epoch (UTC). */
gint64          dd_drop_session_get_start_time    (DdDropSession *self);

/* Live models, updated on the main context in batches:
 * offers: DdOffer; hubs: DdHub; stock: DdStockLevel; orders: DdOrder (newest
 * first); checklists: DdChecklist; chat: DdChatMessage (a bounded window of
 * the newest messages, default 5,000; older ones stay in the archive). */
GListModel     *dd_drop_session_get_offers        (DdDropSession *self);
GListModel     *dd_drop_session_get_hubs          (DdDropSession *self);
GListModel     *dd_drop_session_get_stock         (DdDropSession *self);
GListModel     *dd_drop_session_get_orders        (DdDropSession *self);
GListModel     *dd_drop_session_get_checklists    (DdDropSession *self);
GListModel     *dd_drop_session_get_chat          (DdDropSession *self);
/* How many of the newest messages the chat model keeps (the setting
 * "chat-window-size"); older ones stay in the archive. */
void            dd_drop_session_set_chat_window   (DdDropSession *self,
                                                   guint          messages);
/* Moderation actions, claims, cues and the moderation log of the wall. */
DdChatDesk     *dd_drop_session_get_chat_desk     (DdDropSession *self);
/* The rollback triggers, fed with the live signals; their firings go to
 * the ledger and their actions are carried out (dd-rollback-desk.h). */
DdRollbackDesk *dd_drop_session_get_rollback_desk (DdDropSession *self);
/* TRUE when the drop's edits are synced with a commerce service (a
 * commerce account is set): every sample then feeds the sync-lag trigger
 * the age of the oldest unsent edit in the outbox (0 when none waits).
 * FALSE (the default): no reading, as nothing is meant to be sent. */
void            dd_drop_session_set_measures_sync_lag (DdDropSession *self,
                                                       gboolean       measures);
/* The checkout error rate of a preflight report's checkout probes (whole
 * checkouts or single probes; nothing when the run had none) becomes the
 * checkout-errors trigger's reading, fed at every sample for the next
 * ten minutes of the drop. */
void            dd_drop_session_observe_checkout_probes (DdDropSession *self,
                                                         JsonObject    *preflight_report);

DdConnectivity *dd_drop_session_get_connectivity  (DdDropSession *self,
                                                   DdServiceKind  service);
/* Other squad members' ledger entries as they arrived (a real squad only;
 * NULL before start): DdSquadLedgerItem, oldest first, each once.
 * ::squad-ledger-entry (DdSquadLedgerItem *item) says one arrived (NULL:
 * the list was read again from the store). This laptop's own entries are
 * replicated to the squad as it seals them. */
GPtrArray      *dd_drop_session_get_squad_ledger  (DdDropSession *self);
/* The squad's presence list: DdSquadMember (dd-squad-member.h). */
GListModel     *dd_drop_session_get_squad_members (DdDropSession *self);

/* Simulated audience rate, 1 to 5,000 messages a second (demo only). */
double          dd_drop_session_get_chat_rate     (DdDropSession *self);
void            dd_drop_session_set_chat_rate     (DdDropSession *self,
                                                   double         messages_per_second);

/* Running totals since start (also GObject properties that notify at most a
 * few times a second): messages received, messages flagged (not ok), orders,
 * units sold, revenue, and the chat rate measured over the last second. */
guint64         dd_drop_session_get_messages_received (DdDropSession *self);
guint64         dd_drop_session_get_messages_flagged  (DdDropSession *self);
/* Messages the archive has committed (any thread may have sent them). */
guint64         dd_drop_session_get_messages_archived (DdDropSession *self);
guint64         dd_drop_session_get_order_count   (DdDropSession *self);
guint64         dd_drop_session_get_units_sold    (DdDropSession *self);
DdMoney         dd_drop_session_get_revenue       (DdDropSession *self);
double          dd_drop_session_get_measured_chat_rate (DdDropSession *self);

/* Signs a checklist item off and stores it. */
void            dd_drop_session_sign_off_async    (DdDropSession       *self,
                                                   const char          *checklist_id,
                                                   const char          *item_id,
                                                   DdRole               role,
                                                   const char          *member,
                                                   const char          *note,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        dd_drop_session_sign_off_finish   (DdDropSession  *self,
                                                   GAsyncResult   *result,
                                                   GError        **error);

/* Predictive allocation: runs the planner over the hubs, the stock, the
 * orders of the last ten minutes and the chat's buyer intent, and replaces
 * the pending suggestions (DdMoveSuggestion) with its moves, leaving out
 * moves rejected before. Returns how many it suggests. */
guint           dd_drop_session_suggest_moves     (DdDropSession  *self,
                                                   GError        **error);
GListModel     *dd_drop_session_get_move_suggestions (DdDropSession *self);
/* Accepting moves the units at once (the allocation to the offer moves
 * with them) and stores both ends in one transaction: a ledger entry and an
 * outbox entry ("stock" "adjust") per hub, the reason naming the move. The
 * suggestion stays in the list, ACCEPTED, until the next suggestion run.
 * Needs DD_PERMISSION_MOVE_STOCK; fails, changing nothing, when the units
 * were sold meanwhile or the store refuses. */
void            dd_drop_session_accept_move_async  (DdDropSession       *self,
                                                    DdMoveSuggestion    *move,
                                                    const char          *actor,
                                                    DdRole               role,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean        dd_drop_session_accept_move_finish (DdDropSession  *self,
                                                    GAsyncResult   *result,
                                                    GError        **error);
/* A rejected move leaves the list, is not suggested again this drop, and
 * is a ledger entry (entity "stock_move", id "FROM/TO/SKU", field
 * "suggestion", after "rejected"). */
void            dd_drop_session_reject_move        (DdDropSession    *self,
                                                    DdMoveSuggestion *move,
                                                    const char       *actor,
                                                    DdRole            role);

/* The delivery promise of `offer` for buyers near each hub (orders carry
 * no address yet), as it stands now: counts[bucket] of the hubs' areas. */
#define DD_N_LATENCY_BUCKETS (DD_LATENCY_BUCKET_POST_DROP + 1)
void            dd_drop_session_count_promises    (DdDropSession *self,
                                                   DdOffer       *offer,
                                                   guint          counts[DD_N_LATENCY_BUCKETS]);

/* The oversell guard: after each order of a live offer, when its units
 * left at the hubs that can keep its delivery promise fall below `units`
 * (default DD_DROP_SESSION_DEFAULT_GUARD_THRESHOLD; 0 turns the guard off)
 * the offer is capped to them, and paused when none are left; each is a
 * ledger entry with the reason and an "alert". */
#define DD_DROP_SESSION_DEFAULT_GUARD_THRESHOLD 5
void            dd_drop_session_set_guard_threshold (DdDropSession *self,
                                                     gint64         units);

/* Signals:
 *  "alert" (DdChatMessage *alert): an ops alert for the toast overlay and
 *          the Drop page (e.g. "Kreuzberg hub: 3 units left of Blue tee M").
 *  "oversell" (DdOffer *offer, const char *reason): the oversell guard
 *          capped or paused the offer (after the "alert" naming it), for
 *          the Ops lead's banner and desktop notification.
 *  "chat-batch" (guint n_added): after a batch was spliced into the chat
 *          model, at most once per frame (~60 Hz). */

G_END_DECLS
