/* dd-checklist-row.h — one checklist item: who owns it, when it is due, why it is locked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dd-core.h"

G_BEGIN_DECLS

#define DD_TYPE_CHECKLIST_ROW (dd_checklist_row_get_type ())

G_DECLARE_FINAL_TYPE (DdChecklistRow, dd_checklist_row, DD, CHECKLIST_ROW, AdwActionRow)

/* Signal "sign-off-requested": the person ticked the item. */
GtkWidget       *dd_checklist_row_new            (DdChecklist     *checklist,
                                                  DdChecklistItem *item);
DdChecklist     *dd_checklist_row_get_checklist  (DdChecklistRow *self);
DdChecklistItem *dd_checklist_row_get_item       (DdChecklistRow *self);
/* Shows the item's state for `role` at `now_us`, the drop starting at
 * `start_us`: ticked, sensitive only for its owner with its dependencies
 * done, the reason in the tooltip, overdue highlighted. The subtitle says
 * who signed a done item off and when, or when an open one is due. */
void             dd_checklist_row_update         (DdChecklistRow *self,
                                                  DdRole          role,
                                                  gint64          now_us,
                                                  gint64          start_us);
/* While a sign-off is on its way the check is insensitive. */
void             dd_checklist_row_set_busy       (DdChecklistRow *self,
                                                  gboolean        busy);
gboolean         dd_checklist_row_can_sign_off   (DdChecklistRow *self);
/* An automated item with a probe that the row's role may run now. */
gboolean         dd_checklist_row_can_run_probe  (DdChecklistRow *self);
gboolean         dd_checklist_row_is_overdue     (DdChecklistRow *self);
/* Why the item cannot be signed off, or NULL when it can. */
const char      *dd_checklist_row_get_reason     (DdChecklistRow *self);
/* When an item is due, relative to now: "due in 3 minutes", "due now",
 * "due 5 minutes ago"; further than an hour and a half: "due at 17:40". */
char            *dd_checklist_row_format_due     (gint64 due_us,
                                                  gint64 now_us);

G_END_DECLS
