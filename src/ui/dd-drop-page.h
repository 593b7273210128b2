/* dd-drop-page.h — the Drop page: countdown, key figures, chat rate and alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-page.h"

G_BEGIN_DECLS

#define DD_TYPE_DROP_PAGE (dd_drop_page_get_type ())

G_DECLARE_FINAL_TYPE (DdDropPage, dd_drop_page, DD, DROP_PAGE, DdPage)

GtkWidget *dd_drop_page_new              (void);
/* "Drop starts in 04:59" before `start_us`, "Live for 12:03" after it. */
char      *dd_drop_page_format_countdown (gint64 now_us,
                                          gint64 start_us);
/* The countdown text the page shows now. */
const char *dd_drop_page_get_countdown   (DdDropPage *self);
/* The pre-drop checklist card: "9 of 13 done" and the open item due first. */
const char *dd_drop_page_get_checklist_summary (DdDropPage *self);
const char *dd_drop_page_get_next_item_title   (DdDropPage *self);
/* Rows in the Squad card, one per member. */
guint       dd_drop_page_count_squad_rows      (DdDropPage *self);

G_END_DECLS
