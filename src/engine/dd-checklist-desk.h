/* dd-checklist-desk.h — a drop's checklists at work: the go/no-go poll,
 * probe results and the signed report, kept in the store
 *
 * The Checklists page and dropdeckctl drive polls and probes through this
 * object; sign-offs go through dd_drop_session_sign_off_async().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-core.h"
#include "dd-preflight.h"
#include "dd-store.h"

G_BEGIN_DECLS

#define DD_TYPE_CHECKLIST_DESK (dd_checklist_desk_get_type ())
G_DECLARE_FINAL_TYPE (DdChecklistDesk, dd_checklist_desk, DD, CHECKLIST_DESK, GObject)

/* `checklists`: the drop's live GListModel of DdChecklist. */
DdChecklistDesk *dd_checklist_desk_new                (DdStore    *store,
                                                       GListModel *checklists);
GListModel      *dd_checklist_desk_get_checklists     (DdChecklistDesk *self);
/* The current poll (also the "poll" property), or NULL before any. */
DdGoNoGoPoll    *dd_checklist_desk_get_poll           (DdChecklistDesk *self);

/* Loads the poll opened last, so an open poll goes on after a restart. */
void             dd_checklist_desk_load_poll_async    (DdChecklistDesk     *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* Opens a new poll (only the Producer may) and stores it. */
void             dd_checklist_desk_open_poll_async    (DdChecklistDesk     *self,
                                                       DdRole               role,
                                                       const char          *member,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* Records an answer (see dd_go_no_go_poll_answer() for the rules) and
 * stores it; the answer that decides the poll also writes its ledger
 * entry. */
void             dd_checklist_desk_answer_poll_async  (DdChecklistDesk     *self,
                                                       DdRole               role,
                                                       const char          *member,
                                                       DdPollAnswer         answer,
                                                       const char          *reason,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* Stores an automated item's pass or fail with its evidence. */
void             dd_checklist_desk_record_probe_async (DdChecklistDesk     *self,
                                                       const char          *checklist_id,
                                                       const char          *item_id,
                                                       gboolean             passed,
                                                       const char          *evidence,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* Signs a manual item off (dd_checklist_sign_off() rules) and stores it,
 * for a drop that is not running (dropdeckctl); a running drop signs off
 * through dd_drop_session_sign_off_async(). */
void             dd_checklist_desk_sign_off_async     (DdChecklistDesk     *self,
                                                       const char          *checklist_id,
                                                       const char          *item_id,
                                                       DdRole               role,
                                                       const char          *member,
                                                       const char          *note,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* The drop's stock (GListModel of DdStockLevel), for the stock probe. */
void             dd_checklist_desk_set_stock          (DdChecklistDesk *self,
                                                       GListModel      *levels);
/* Runs the probe of an automated item (dd-checklist-probes.h) and stores
 * its result as dd_checklist_desk_record_probe_async() does. A probe this
 * version does not have is refused (DD_CORE_ERROR_REFUSED) and the item
 * stays as it was. */
void             dd_checklist_desk_run_probe_async    (DdChecklistDesk     *self,
                                                       const char          *checklist_id,
                                                       const char          *item_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* The targets of the "preflight-load" probe; NULL: it cannot run (it is
 * refused and the item stays open). The run is the "preflight" property
 * while it goes on (and after), for its "progress" signal; cancelling the
 * run_probe call ends it, and the partial results are stored as a failed
 * item's evidence. */
void             dd_checklist_desk_set_preflight_options (DdChecklistDesk          *self,
                                                          const DdPreflightOptions *options);
DdPreflight     *dd_checklist_desk_get_preflight      (DdChecklistDesk *self);
/* The secondary squad server for the "comms-reachable" probe (see
 * dd_comms_probe_dup_secondary_url()) and the login to CONNECT with; a
 * NULL `url`: it cannot run (refused, the item stays open). */
void             dd_checklist_desk_set_comms_target   (DdChecklistDesk *self,
                                                       const char      *url,
                                                       const char      *user,
                                                       const char      *password);
/* The last preflight's whole report, or NULL. */
JsonObject      *dd_checklist_desk_get_preflight_report (DdChecklistDesk *self);
/* TRUE when this version can run `probe_id`. */
gboolean         dd_checklist_desk_has_probe          (DdChecklistDesk *self,
                                                       const char      *probe_id);
/* Finishes any of the calls above. */
gboolean         dd_checklist_desk_finish             (DdChecklistDesk  *self,
                                                       GAsyncResult     *result,
                                                       GError          **error);

DdChecklist     *dd_checklist_desk_lookup             (DdChecklistDesk *self,
                                                       const char      *checklist_id);
/* The signed report as CSV (dd-checklist-report.h) with the current poll. */
char            *dd_checklist_desk_dup_report_csv     (DdChecklistDesk *self,
                                                       gint64           drop_start_us);
/* The same report as a PDF (dd-checklist-report-pdf.h). */
GBytes          *dd_checklist_desk_dup_report_pdf     (DdChecklistDesk  *self,
                                                       const char       *drop_title,
                                                       gint64            drop_start_us,
                                                       GError          **error);

G_END_DECLS
