/* dd-checklists-page.h — the Checklists page: role-aware pre-drop checklist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-checklist-desk.h"
#include "dd-page.h"

G_BEGIN_DECLS

#define DD_TYPE_CHECKLISTS_PAGE (dd_checklists_page_get_type ())

G_DECLARE_FINAL_TYPE (DdChecklistsPage, dd_checklists_page, DD, CHECKLISTS_PAGE, DdPage)

GtkWidget *dd_checklists_page_new          (void);
/* "My items": only the current role's items are shown. */
void       dd_checklists_page_set_my_items (DdChecklistsPage *self,
                                            gboolean          my_items);
/* Rows currently shown (after the "My items" filter). */
guint      dd_checklists_page_count_visible_rows (DdChecklistsPage *self);
/* The running drop's poll and probes (NULL before a drop runs). */
DdChecklistDesk *dd_checklists_page_get_desk (DdChecklistsPage *self);
/* Reads every item's state again. */
void       dd_checklists_page_refresh      (DdChecklistsPage *self);

G_END_DECLS
