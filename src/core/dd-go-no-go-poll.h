/* dd-go-no-go-poll.h — the squad's go/no-go poll before a drop goes live
 *
 * The Producer opens the poll; then each role answers GO or NO-GO, in turn
 * (Ops lead, Creator liaison, Mod & trust lead, Engineer on-call, and the
 * Producer last), once. A NO-GO needs a reason. The poll is decided with the
 * last answer: GO only when every answer is GO and no blocking item of the
 * pre-drop checklists is open; an open blocking item forces NO-GO and the
 * result names it. The decided poll becomes a ledger entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-checklist.h"
#include "dd-ledger-entry.h"
#include "dd-role.h"

G_BEGIN_DECLS

typedef enum
{
  DD_POLL_ANSWER_GO,
  DD_POLL_ANSWER_NO_GO,
} DdPollAnswer;

typedef enum
{
  DD_POLL_STATE_NOT_OPEN,
  DD_POLL_STATE_OPEN,
  DD_POLL_STATE_DECIDED,
} DdPollState;

/* One answer, valid as long as the poll. */
typedef struct
{
  DdRole        role;
  const char   *member;   /* may be NULL */
  DdPollAnswer  answer;
  const char   *reason;   /* may be NULL for GO */
  gint64        time_us;
} DdPollVote;

#define DD_TYPE_GO_NO_GO_POLL (dd_go_no_go_poll_get_type ())
G_DECLARE_FINAL_TYPE (DdGoNoGoPoll, dd_go_no_go_poll, DD, GO_NO_GO_POLL, GObject)

/* `id` names the poll in the ledger; NULL gives a fresh UUID. */
DdGoNoGoPoll      *dd_go_no_go_poll_new                (const char *id);
const char        *dd_go_no_go_poll_get_id             (DdGoNoGoPoll *self);
DdPollState        dd_go_no_go_poll_get_state          (DdGoNoGoPoll *self);

/* Opens the poll: only a role that may (the Producer) does, once
 * (DD_CORE_ERROR_NOT_PERMITTED). `checklists` is a GListModel of
 * DdChecklist; the open blocking items of its pre-drop checklists are read
 * again at every answer. */
gboolean           dd_go_no_go_poll_open               (DdGoNoGoPoll  *self,
                                                        DdRole         role,
                                                        const char    *member,
                                                        GListModel    *checklists,
                                                        gint64         now_us,
                                                        GError       **error);
/* The role whose turn it is while the poll is open. */
DdRole             dd_go_no_go_poll_get_turn           (DdGoNoGoPoll *self);
/* Records `role`'s answer. Refused, with a message, when the poll is not
 * open, the role has answered already, it is not its turn, or a NO-GO has
 * no reason. */
gboolean           dd_go_no_go_poll_answer             (DdGoNoGoPoll  *self,
                                                        DdRole         role,
                                                        const char    *member,
                                                        DdPollAnswer   answer,
                                                        const char    *reason,
                                                        gint64         now_us,
                                                        GError       **error);
guint              dd_go_no_go_poll_get_n_votes        (DdGoNoGoPoll *self);
const DdPollVote  *dd_go_no_go_poll_get_vote           (DdGoNoGoPoll *self,
                                                        guint         index);
/* Blocking pre-drop items that are open now (borrowed DdChecklistItem). */
GPtrArray         *dd_go_no_go_poll_dup_open_blocking  (DdGoNoGoPoll *self);
/* Once decided: GO or NO-GO (forced or answered). */
DdPollAnswer       dd_go_no_go_poll_get_outcome        (DdGoNoGoPoll *self);
/* For people: the outcome and why ("NO-GO, forced: 1 blocking item is
 * open: “Check stock allocation per hub” (Ops lead)"). */
char              *dd_go_no_go_poll_dup_summary        (DdGoNoGoPoll *self);
gint64             dd_go_no_go_poll_get_opened_at      (DdGoNoGoPoll *self);
gint64             dd_go_no_go_poll_get_decided_at     (DdGoNoGoPoll *self);
/* The decided poll as a ledger draft (entity "go-no-go-poll", field
 * "outcome"; `after` holds every answer with its time as JSON; `reason`
 * the summary), for dd_store_append_ledger_async(). */
DdLedgerEntry     *dd_go_no_go_poll_to_ledger_entry    (DdGoNoGoPoll *self);

/* Rebuilding a stored poll: a new poll opened by `opened_by` at
 * `opened_at`, then its answers in order, then (when it was decided) the
 * decision with the summary it had. */
DdGoNoGoPoll      *dd_go_no_go_poll_new_restored       (const char   *id,
                                                        DdRole        opened_by,
                                                        const char   *opener,
                                                        gint64        opened_at,
                                                        GListModel   *checklists);
void               dd_go_no_go_poll_restore_vote       (DdGoNoGoPoll *self,
                                                        DdRole        role,
                                                        const char   *member,
                                                        DdPollAnswer  answer,
                                                        const char   *reason,
                                                        gint64        time_us);
void               dd_go_no_go_poll_restore_decision   (DdGoNoGoPoll *self,
                                                        DdPollAnswer  outcome,
                                                        gint64        decided_at,
                                                        const char   *summary);
/* The checklists whose open blocking items force NO-GO, for a restored
 * poll. */
void               dd_go_no_go_poll_set_checklists     (DdGoNoGoPoll *self,
                                                        GListModel   *checklists);
DdRole             dd_go_no_go_poll_get_opened_by      (DdGoNoGoPoll *self);
const char        *dd_go_no_go_poll_get_opener         (DdGoNoGoPoll *self);

/* "go" or "no-go". */
const char        *dd_poll_answer_to_nick              (DdPollAnswer answer);
gboolean           dd_poll_answer_from_nick            (const char   *nick,
                                                        DdPollAnswer *out);

G_END_DECLS
