/* dd-checklist.h — role-owned checklist items and the checklists that hold them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-role.h"

G_BEGIN_DECLS

typedef enum
{
  DD_CHECKLIST_PHASE_PRE_DROP,
  DD_CHECKLIST_PHASE_LIVE,
  DD_CHECKLIST_PHASE_POST_DROP,
} DdChecklistPhase;

typedef enum
{
  DD_CHECKLIST_ITEM_MANUAL,     /* a person signs it off */
  DD_CHECKLIST_ITEM_AUTOMATED,  /* a probe runs and stores its evidence */
} DdChecklistItemKind;

typedef enum
{
  DD_CHECKLIST_ITEM_OPEN,
  DD_CHECKLIST_ITEM_DONE,
  DD_CHECKLIST_ITEM_FAILED,
} DdChecklistItemState;

#define DD_TYPE_CHECKLIST_ITEM (dd_checklist_item_get_type ())
G_DECLARE_FINAL_TYPE (DdChecklistItem, dd_checklist_item, DD, CHECKLIST_ITEM, GObject)

#define DD_TYPE_CHECKLIST (dd_checklist_get_type ())
G_DECLARE_FINAL_TYPE (DdChecklist, dd_checklist, DD, CHECKLIST, GObject)

DdChecklistItem     *dd_checklist_item_new               (const char          *id,
                                                          const char          *title,
                                                          DdRole               owner,
                                                          DdChecklistItemKind  kind);
const char          *dd_checklist_item_get_id            (DdChecklistItem *self);
const char          *dd_checklist_item_get_title         (DdChecklistItem *self);
const char          *dd_checklist_item_get_description   (DdChecklistItem *self);
void                 dd_checklist_item_set_description   (DdChecklistItem *self,
                                                          const char      *description);
DdRole               dd_checklist_item_get_owner         (DdChecklistItem *self);
DdChecklistItemKind  dd_checklist_item_get_kind          (DdChecklistItem *self);
DdChecklistItemState dd_checklist_item_get_state         (DdChecklistItem *self);
/* Seconds relative to the drop start (negative: before it). */
gint64               dd_checklist_item_get_due_offset    (DdChecklistItem *self);
void                 dd_checklist_item_set_due_offset    (DdChecklistItem *self,
                                                          gint64           seconds);
/* Ids of items that must be done first (NULL-terminated, may be empty). */
const char * const  *dd_checklist_item_get_depends_on    (DdChecklistItem *self);
void                 dd_checklist_item_add_dependency    (DdChecklistItem *self,
                                                          const char      *item_id);
/* Who signed it off (role nick + member name), when (µs, UTC) and why. */
const char          *dd_checklist_item_get_signed_by     (DdChecklistItem *self);
gint64               dd_checklist_item_get_signed_at     (DdChecklistItem *self);
const char          *dd_checklist_item_get_note          (DdChecklistItem *self);
/* The signer for people: "Ben (Ops lead)", or NULL when nobody signed. */
char                *dd_checklist_item_dup_signer_label  (DdChecklistItem *self);
/* Restores a stored state without the checks of dd_checklist_sign_off(). */
void                 dd_checklist_item_restore_state     (DdChecklistItem      *self,
                                                          DdChecklistItemState  state,
                                                          const char           *signed_by,
                                                          gint64                signed_at,
                                                          const char           *note);
/* Blocking items (the default) must be done before the go/no-go poll can
 * say GO. */
gboolean             dd_checklist_item_get_blocking      (DdChecklistItem *self);
void                 dd_checklist_item_set_blocking      (DdChecklistItem *self,
                                                          gboolean         blocking);
/* The probe an automated item runs ("preflight-load", ...), or NULL. */
const char          *dd_checklist_item_get_probe_id      (DdChecklistItem *self);
void                 dd_checklist_item_set_probe_id      (DdChecklistItem *self,
                                                          const char      *probe_id);
/* What an automated probe reported, kept with its pass or fail. */
const char          *dd_checklist_item_get_evidence      (DdChecklistItem *self);
void                 dd_checklist_item_restore_evidence  (DdChecklistItem *self,
                                                          const char      *evidence);
/* When the item is due, µs since the epoch, for a drop starting at
 * `drop_start_us`; overdue when it is not done by then. */
gint64               dd_checklist_item_get_due_time      (DdChecklistItem *self,
                                                          gint64           drop_start_us);
gboolean             dd_checklist_item_is_overdue        (DdChecklistItem *self,
                                                          gint64           drop_start_us,
                                                          gint64           now_us);
/* A new open item with the same definition (no sign-off, no evidence). */
DdChecklistItem     *dd_checklist_item_copy_definition   (DdChecklistItem *self);

/* A checklist is a GListModel of DdChecklistItem. */
DdChecklist         *dd_checklist_new                    (const char       *id,
                                                          const char       *title,
                                                          DdChecklistPhase  phase);
const char          *dd_checklist_get_id                 (DdChecklist *self);
const char          *dd_checklist_get_title              (DdChecklist *self);
DdChecklistPhase     dd_checklist_get_phase              (DdChecklist *self);
/* Refuses a duplicate id. */
gboolean             dd_checklist_add_item               (DdChecklist      *self,
                                                          DdChecklistItem  *item,
                                                          GError          **error);
DdChecklistItem     *dd_checklist_lookup                 (DdChecklist *self,
                                                          const char  *item_id);
/* Refuses unknown dependencies and dependency cycles (DD_CORE_ERROR_CYCLE
 * naming every item on the cycle, in order). */
gboolean             dd_checklist_validate               (DdChecklist  *self,
                                                          GError      **error);
/* Signs an item off: the role must own the item (DD_CORE_ERROR_NOT_PERMITTED)
 * and every dependency must be done (DD_CORE_ERROR_DEPENDENCY_OPEN). */
gboolean             dd_checklist_sign_off               (DdChecklist  *self,
                                                          const char   *item_id,
                                                          DdRole        role,
                                                          const char   *member,
                                                          gint64        now_us,
                                                          const char   *note,
                                                          GError      **error);
/* Stores an automated item's result: done when `passed`, failed otherwise,
 * with the probe's evidence. Refuses manual items. A failed item may be
 * run again. */
gboolean             dd_checklist_record_probe_result    (DdChecklist  *self,
                                                          const char   *item_id,
                                                          gboolean      passed,
                                                          const char   *evidence,
                                                          gint64        now_us,
                                                          GError      **error);
/* Ready to sign: open (or failed) with every dependency done. */
gboolean             dd_checklist_is_ready               (DdChecklist     *self,
                                                          DdChecklistItem *item);
/* The dependencies of `item` that are not done yet (borrowed items). */
GPtrArray           *dd_checklist_dup_waiting_for        (DdChecklist     *self,
                                                          DdChecklistItem *item);
guint                dd_checklist_count_done             (DdChecklist *self);
/* Fraction done, 0.0 to 1.0 (1.0 for an empty list). */
double               dd_checklist_get_progress           (DdChecklist *self);

/* Figures for one role's items ("My items") or, with DD_CHECKLIST_ANY_ROLE,
 * for the whole squad. */
#define DD_CHECKLIST_ANY_ROLE ((DdRole) -1)

typedef struct
{
  guint total;
  guint done;
  guint failed;
  guint overdue;   /* not done and past its due time */
  guint ready;     /* not done and every dependency done */
  guint blocking_open;
} DdChecklistSummary;

void                 dd_checklist_summarize              (DdChecklist        *self,
                                                          DdRole              role,
                                                          gint64              drop_start_us,
                                                          gint64              now_us,
                                                          DdChecklistSummary *out);
/* The items `role` owns, in order (borrowed); every item for
 * DD_CHECKLIST_ANY_ROLE. */
GPtrArray           *dd_checklist_dup_items_for_role     (DdChecklist *self,
                                                          DdRole       role);
/* Blocking items that are not done (borrowed), in order. */
GPtrArray           *dd_checklist_dup_open_blocking      (DdChecklist *self);
/* The same over the pre-drop checklists of a GListModel of DdChecklist:
 * what keeps the go/no-go poll from GO. */
GPtrArray           *dd_checklists_dup_open_pre_drop_blocking (GListModel *checklists);

G_END_DECLS
