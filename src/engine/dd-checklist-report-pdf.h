/* dd-checklist-report-pdf.h — the signed checklist report, as a PDF
 *
 * The same report as the CSV (dd-checklist-report.h), for people: A4
 * landscape with the drop's name and start, a progress summary a checklist,
 * the items grouped by phase (owner, state, who signed off and when, the
 * note or a probe's evidence under the item), then the go/no-go poll with
 * every answer, its role, reason and time, and the result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-go-no-go-poll.h"

G_BEGIN_DECLS

/* `checklists`: DdChecklist; `poll`, `drop_title` may be NULL;
 * `drop_start_us` 0 when not known. `n_pages` (may be NULL) receives the
 * number of pages. */
GBytes *dd_checklist_report_to_pdf (GPtrArray     *checklists,
                                    DdGoNoGoPoll  *poll,
                                    const char    *drop_title,
                                    gint64         drop_start_us,
                                    gint64         now_us,
                                    guint         *n_pages,
                                    GError       **error);

G_END_DECLS
