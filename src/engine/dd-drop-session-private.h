/* dd-drop-session-private.h — what the files of DdDropSession share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-chat-desk.h"
#include "dd-chat-log.h"
#include "dd-chat-pipeline.h"
#include "dd-demo-chat-provider.h"
#include "dd-demo-commerce-provider.h"
#include "dd-demo-squad-channel.h"
#include "dd-drop-session.h"
#include "dd-offer-editing.h"
#include "dd-rollback-desk.h"

G_BEGIN_DECLS

#define DEMO_DEFAULT_CHAT_RATE   50.0
#define DEMO_CHAT_SEED           20261125u
#define DEMO_COMMERCE_SEED       4242u
#define DEMO_SQUAD_SEED          5u
#define DEMO_SQUAD_ID            "default" /* whose moderation lessons the demo keeps */
#define PUBLISH_INTERVAL_MS      250   /* counters notify at most 4 times a second */
#define RATE_SAMPLES             5     /* 5 x 250 ms: the rate over the last ~second */
#define LOW_STOCK_UNITS          3

struct _DdDropSession
{
  GObject                  parent_instance;

  char                    *profile_dir;
  gboolean                 is_demo;
  gboolean                 starting;
  gboolean                 running;

  DdStore                 *store;
  char                    *title;
  gint64                   start_time;

  GListStore              *offers;
  GListStore              *hubs;
  GListStore              *stock;
  GListStore              *orders;
  GListStore              *checklists;
  DdChatLog               *chat;
  DdChatDesk              *desk;            /* moderation, claims, cues */
  DdRollbackDesk          *rollback;        /* the rollback triggers and their actions */
  guint                    rollback_sample_id;
  guint64                  rollback_received; /* chat counters at the last sample */
  guint64                  rollback_flagged;
  gboolean                 measures_sync_lag; /* edits are synced: the outbox's age is the sync lag */
  gboolean                 sync_lag_asked;    /* a summary of the outbox is on its way */
  double                   checkout_error_rate; /* of the latest checkout probes */
  gint64                   checkout_reading_until; /* fed until then (µs, real time); 0: no probes */
  GHashTable              *levels;          /* "hub\x1fsku" -> DdStockLevel */
  GHashTable              *offers_by_id;    /* id -> DdOffer */
  GHashTable              *hubs_by_id;      /* id -> DdHub */
  GHashTable              *alerted;         /* keys already warned about */

  DdConnectivity          *connectivity[DD_N_SERVICES];

  DdChatProvider          *chat_provider;
  DdDemoChatProvider      *demo_chat;       /* the simulated audience, unless replaced */
  DdDemoCommerceProvider  *commerce;
  DdSquadChannel          *squad;           /* the demo's, or a real one (NATS) */
  GHashTable              *shared_states;   /* squad key -> state nick last shared or agreed */
  GPtrArray               *squad_archive;   /* squad messages waiting for the chat archive */
  guint                    squad_archive_id;
  DdChatPipeline          *pipeline;
  DdChatClassifyFunc       classify;
  gpointer                 classify_data;
  GDestroyNotify           classify_destroy;
  gboolean                 classify_set;   /* set_classifier() was called, even with NULL */
  double                   chat_rate;

  guint64                  messages_received;
  guint64                  messages_flagged;
  guint64                  order_count;
  guint64                  units_sold;
  DdMoney                  revenue;
  double                   measured_rate;

  /* What was last notified, to notify only on change. */
  guint64                  published_received;
  guint64                  published_flagged;
  guint64                  published_orders;
  guint64                  published_units;
  double                   published_rate;
  gint64                   rate_sample_time[RATE_SAMPLES];
  guint64                  rate_sample_count[RATE_SAMPLES];
  guint                    rate_sample_next;
  guint                    publish_id;

  /* Predictive allocation and the oversell guard (dd-drop-session-fulfilment.c) */
  GListStore              *moves;           /* DdMoveSuggestion */
  GHashTable              *rejected_moves;  /* "from\x1fto\x1fsku" */
  DdClassifier            *intent_classifier;
  DdOfferEditing          *guard_editing;
  GHashTable              *guarded;         /* offer id -> DdOversellAction taken */
  gint64                   guard_threshold;
  gint64                   guard_swept_at;  /* monotonic µs */

  /* The squad's ledgers (dd-drop-session-squad-ledger.c) */
  gint64                   ledger_published;      /* last local seq the squad stream acknowledged */
  gint64                   ledger_retry_at;       /* monotonic µs */
  gboolean                 ledger_cursor_loaded;
  gboolean                 ledger_busy;
  gboolean                 ledger_window;         /* read only the newest entries */
  guint                    ledger_pump_id;
  GPtrArray               *squad_ledger;          /* DdSquadLedgerItem, oldest first */
  GHashTable              *squad_ledger_ids;      /* "member\x1fentry id" */

  /* Waiting to be saved. */
  GPtrArray               *dirty_orders;
  gboolean                 stock_dirty;
  gboolean                 offers_dirty;
};

/* dd-drop-session.c */
void   _dd_drop_session_emit_alert       (DdDropSession      *self,
                                          const char         *text);
/* An alert that also goes into the chat wall (the Squad filter). */
void   _dd_drop_session_wall_alert       (DdDropSession      *self,
                                          const char         *text);
/* dd-drop-session-rollback.c: creates self->rollback, its alerts into the
 * wall, and the live signals the session measures fed to it. */
void   _dd_drop_session_attach_rollback  (DdDropSession      *self);

/* dd-drop-session-squad.c: the squad channel in the drop */
void   _dd_drop_session_attach_squad     (DdDropSession      *self,
                                          DdSquadChannel     *channel);
void   _dd_drop_session_start_squad      (DdDropSession      *self);
/* Stops the channel and archives what it said last. */
void   _dd_drop_session_stop_squad       (DdDropSession      *self);
void   _dd_drop_session_squad_cue_pinned (DdDropSession      *self,
                                          DdChatMessage      *cue);
/* Called when a shared-state write failed (`agreed`: the squad's value, or
 * NULL when it holds none); `before`: the state the write replaced. */
typedef void (*DdSharedStateFailed) (DdDropSession *self,
                                     GObject       *target,
                                     const char    *key,
                                     int            before,
                                     const char    *agreed);
/* Writes `value` at `key` over the revision this laptop last saw (a real
 * squad only); `nick` is remembered as shared, so that applying it does not
 * write it again; failures are alerts prefixed with `label`. */
void   _dd_drop_session_share_state      (DdDropSession      *self,
                                          const char         *key,
                                          const char         *nick,
                                          const char         *value,
                                          const char         *label,
                                          GObject            *target,
                                          int                 before,
                                          DdSharedStateFailed failed);
const char *_dd_drop_session_shared_nick (DdDropSession      *self,
                                          const char         *key);
/* This member's login in a real squad, or NULL. */
const char *_dd_drop_session_squad_login (DdDropSession      *self);
/* dd-drop-session.c: ::squad-ledger-entry (`item` NULL: the list was reloaded) */
void   _dd_drop_session_emit_squad_ledger (DdDropSession     *self,
                                           DdSquadLedgerItem *item);
/* dd-drop-session-squad-ledger.c */
void   _dd_drop_session_attach_squad_ledger (DdDropSession   *self);
void   _dd_drop_session_start_squad_ledger  (DdDropSession   *self);
void   _dd_drop_session_stop_squad_ledger   (DdDropSession   *self);
void   _dd_drop_session_free_squad_ledger   (DdDropSession   *self);
/* dd-drop-session-squad-checklists.c */
void   _dd_drop_session_watch_checklists (DdDropSession      *self);
gboolean _dd_drop_session_apply_checklist_state (DdDropSession *self,
                                          const char         *key,
                                          const char         *value,
                                          gboolean            announce);
/* dd-drop-session.c: what the squad channel says */
void   _dd_drop_session_squad_message    (DdDropSession      *self,
                                          DdChatMessage      *message);
void   _dd_drop_session_squad_alert      (DdDropSession      *self,
                                          DdChatMessage      *message);
/* dd-drop-session.c */
void   _dd_drop_session_emit_oversell    (DdDropSession      *self,
                                          DdOffer            *offer,
                                          const char         *reason);

/* dd-drop-session-orders.c: orders, stock alerts and saving */
char  *_dd_drop_session_level_key        (const char         *hub_id,
                                          const char         *sku);
void   _dd_drop_session_save_dirty       (DdDropSession      *self,
                                          gboolean            blocking);
void   _dd_drop_session_order_placed_cb  (DdCommerceProvider *provider,
                                          DdOrder            *order,
                                          DdDropSession      *self);
void   _dd_drop_session_order_updated_cb (DdCommerceProvider *provider,
                                          DdOrder            *order,
                                          DdDropSession      *self);

/* dd-drop-session-fulfilment.c: after an order of `offer`; and every
 * GUARD_SWEEP_SECONDS for every live offer (hubs close, cut-offs pass and
 * picking queues grow without an order of that offer). */
void   _dd_drop_session_guard_offer      (DdDropSession      *self,
                                          DdOffer            *offer);
void   _dd_drop_session_guard_tick       (DdDropSession      *self,
                                          gint64              now_us);
/* When every unit of a live offer's stock is sold: sold out, through the
 * lifecycle table (a ledger entry gives the reason) and an alert. */
void   _dd_drop_session_sell_out         (DdDropSession      *self,
                                          DdOffer            *offer);

G_END_DECLS
