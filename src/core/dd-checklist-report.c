/* dd-checklist-report.c — the signed checklist report, as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-checklist-report.h"
#include "dd-core-enums.h"

enum {
  COL_RECORD,
  COL_CHECKLIST,
  COL_ITEM,
  COL_TITLE,
  COL_ROLE,
  COL_MEMBER,
  COL_KIND,
  COL_BLOCKING,
  COL_DUE,
  COL_STATE,
  COL_TIME,
  COL_NOTE,
  COL_EVIDENCE,
  N_COLUMNS
};

static const char * const header[N_COLUMNS] = {
  "record", "checklist", "item", "title", "role", "member", "kind", "blocking",
  "due", "state", "time", "note", "evidence",
};

static void
append_field (GString    *csv,
              const char *value)
{
  if (value == NULL)
    return;

  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (csv, value);
      return;
    }

  g_string_append_c (csv, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

/* Appends one row and frees its fields. */
static void
append_row (GString *csv,
            char    *fields[N_COLUMNS])
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      if (i > 0)
        g_string_append_c (csv, ',');
      append_field (csv, fields[i]);
      g_clear_pointer (&fields[i], g_free);
    }
  g_string_append (csv, "\r\n");
}

static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) time = NULL;

  if (time_us == 0)
    return NULL;
  time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static char *
enum_nick (GType  type,
           int    value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  return g_strdup (enum_value != NULL ? enum_value->value_nick : NULL);
}

static void
append_checklist (GString     *csv,
                  DdChecklist *checklist,
                  gint64       drop_start_us)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (checklist));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (checklist), i);
      char *fields[N_COLUMNS] = { NULL };

      fields[COL_RECORD] = g_strdup ("item");
      fields[COL_CHECKLIST] = g_strdup (dd_checklist_get_id (checklist));
      fields[COL_ITEM] = g_strdup (dd_checklist_item_get_id (item));
      fields[COL_TITLE] = g_strdup (dd_checklist_item_get_title (item));
      fields[COL_ROLE] = g_strdup (dd_role_to_nick (dd_checklist_item_get_owner (item)));
      fields[COL_MEMBER] = dd_checklist_item_dup_signer_label (item);
      fields[COL_KIND] = enum_nick (DD_TYPE_CHECKLIST_ITEM_KIND, dd_checklist_item_get_kind (item));
      fields[COL_BLOCKING] = g_strdup (dd_checklist_item_get_blocking (item) ? "yes" : "no");
      fields[COL_DUE] = drop_start_us != 0 ? format_time (dd_checklist_item_get_due_time (item, drop_start_us)) : NULL;
      fields[COL_STATE] = enum_nick (DD_TYPE_CHECKLIST_ITEM_STATE, dd_checklist_item_get_state (item));
      fields[COL_TIME] = format_time (dd_checklist_item_get_signed_at (item));
      fields[COL_NOTE] = g_strdup (dd_checklist_item_get_note (item));
      fields[COL_EVIDENCE] = g_strdup (dd_checklist_item_get_evidence (item));
      append_row (csv, fields);
    }
}

static void
append_poll (GString      *csv,
             DdGoNoGoPoll *poll)
{
  guint n = dd_go_no_go_poll_get_n_votes (poll);
  char *fields[N_COLUMNS] = { NULL };

  for (guint i = 0; i < n; i++)
    {
      const DdPollVote *vote = dd_go_no_go_poll_get_vote (poll, i);

      fields[COL_RECORD] = g_strdup ("poll-answer");
      fields[COL_CHECKLIST] = g_strdup (dd_go_no_go_poll_get_id (poll));
      fields[COL_ITEM] = g_strdup_printf ("%u", i + 1);
      fields[COL_TITLE] = g_strdup (vote->answer == DD_POLL_ANSWER_GO ? "GO" : "NO-GO");
      fields[COL_ROLE] = g_strdup (dd_role_to_nick (vote->role));
      fields[COL_MEMBER] = g_strdup (vote->member);
      fields[COL_TIME] = format_time (vote->time_us);
      fields[COL_NOTE] = g_strdup (vote->reason);
      append_row (csv, fields);
    }

  if (dd_go_no_go_poll_get_state (poll) != DD_POLL_STATE_DECIDED)
    return;

  fields[COL_RECORD] = g_strdup ("poll-outcome");
  fields[COL_CHECKLIST] = g_strdup (dd_go_no_go_poll_get_id (poll));
  fields[COL_TITLE] = g_strdup (dd_go_no_go_poll_get_outcome (poll) == DD_POLL_ANSWER_GO ? "GO" : "NO-GO");
  fields[COL_ROLE] = g_strdup (dd_role_to_nick (dd_go_no_go_poll_get_opened_by (poll)));
  fields[COL_MEMBER] = g_strdup (dd_go_no_go_poll_get_opener (poll));
  fields[COL_TIME] = format_time (dd_go_no_go_poll_get_decided_at (poll));
  fields[COL_NOTE] = dd_go_no_go_poll_dup_summary (poll);
  append_row (csv, fields);
}

char *
dd_checklist_report_to_csv (GPtrArray    *checklists,
                            DdGoNoGoPoll *poll,
                            gint64        drop_start_us)
{
  GString *csv = g_string_new (NULL);
  char *fields[N_COLUMNS];

  g_return_val_if_fail (checklists != NULL, NULL);

  for (guint i = 0; i < N_COLUMNS; i++)
    fields[i] = g_strdup (header[i]);
  append_row (csv, fields);

  for (guint i = 0; i < checklists->len; i++)
    append_checklist (csv, g_ptr_array_index (checklists, i), drop_start_us);
  if (poll != NULL)
    append_poll (csv, poll);

  return g_string_free (csv, FALSE);
}
