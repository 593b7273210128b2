/* dd-checklist-report.h — the signed checklist report, as CSV
 *
 * One row a checklist item (who signed it off and when, the note, a
 * probe's evidence), then one row a go/no-go answer and a row for the
 * poll's outcome. RFC 4180: a header row, CRLF line ends, fields quoted
 * when needed; times in ISO 8601 UTC. Columns:
 *
 *   record      "item", "poll-answer" or "poll-outcome"
 *   checklist   the checklist id (the poll id for poll rows)
 *   item        the item id (the answer's position for answers)
 *   title       the item title (GO or NO-GO for poll rows)
 *   role        the owner role nick (the answering role)
 *   member      who signed off or answered
 *   kind        manual or automated
 *   blocking    yes or no
 *   due         the due time (empty when the drop start is not known)
 *   state       open, done or failed
 *   time        when it was signed off, answered or decided
 *   note        the sign-off note (the answer's reason, the poll summary)
 *   evidence    what an automated probe reported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-go-no-go-poll.h"

G_BEGIN_DECLS

/* `checklists`: DdChecklist; `poll` may be NULL. */
char *dd_checklist_report_to_csv (GPtrArray    *checklists,
                                  DdGoNoGoPoll *poll,
                                  gint64        drop_start_us);

G_END_DECLS
