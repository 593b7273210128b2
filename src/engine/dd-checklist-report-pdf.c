/* dd-checklist-report-pdf.c — the signed checklist report, as a PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-checklist-report-pdf.h"
#include "dd-pdf-pen.h"

/* A4 landscape: room for whole titles, names and times. */
#define PAGE_WIDTH   DD_PDF_A4_LONG
#define PAGE_HEIGHT  DD_PDF_A4_SHORT
#define MARGIN       40.0
#define TEXT_WIDTH   (PAGE_WIDTH - 2 * MARGIN)
#define DETAIL_FONT  "Sans Italic 7"
#define DETAIL_LINE  9.0

static const DdPdfColumn item_columns[] = {
  { 0, 258, N_("Item") },
  { 262, 88, N_("Owner") },
  { 354, 42, N_("Blocks") },
  { 400, 40, N_("State") },
  { 444, 178, N_("Signed off by") },
  { 626, 136, N_("When") },
};

static const DdPdfTable item_table = {
  item_columns, G_N_ELEMENTS (item_columns), "Sans Bold 7.5", "Sans 7.5", 12,
};

static const DdPdfColumn vote_columns[] = {
  { 0, 14, N_("#") },
  { 18, 100, N_("Role") },
  { 122, 120, N_("Member") },
  { 246, 50, N_("Answer") },
  { 300, 126, N_("Time") },
  { 430, 332, N_("Reason") },
};

static const DdPdfTable vote_table = {
  vote_columns, G_N_ELEMENTS (vote_columns), "Sans Bold 7.5", "Sans 7.5", 12,
};

static const char *
phase_name (DdChecklistPhase phase)
{
  switch (phase)
    {
    case DD_CHECKLIST_PHASE_PRE_DROP:
      return _("Pre-drop");
    case DD_CHECKLIST_PHASE_LIVE:
      return _("Live");
    case DD_CHECKLIST_PHASE_POST_DROP:
    default:
      return _("Post-drop");
    }
}

static const char *
state_name (DdChecklistItemState state)
{
  switch (state)
    {
    case DD_CHECKLIST_ITEM_DONE:
      return _("Done");
    case DD_CHECKLIST_ITEM_FAILED:
      return _("Failed");
    case DD_CHECKLIST_ITEM_OPEN:
    default:
      return _("Open");
    }
}

static void
draw_heading (DdPdfPen   *pen,
              const char *font,
              double      space_after,
              const char *text)
{
  dd_pdf_pen_new_page_if_needed (pen, 48);
  pen->y += dd_pdf_pen_draw_text (pen, font, MARGIN, TEXT_WIDTH, text) + space_after;
}

/* A bar `fraction` full at the right of the current line. */
static void
draw_progress_bar (DdPdfPen *pen,
                   double    fraction,
                   gboolean  failed)
{
  double width = 110, height = 6, x = PAGE_WIDTH - MARGIN - width, y = pen->y + 3;

  cairo_set_source_rgb (pen->cr, 0.87, 0.87, 0.87);
  cairo_rectangle (pen->cr, x, y, width, height);
  cairo_fill (pen->cr);
  if (failed)
    cairo_set_source_rgb (pen->cr, 0.75, 0.11, 0.16);
  else
    cairo_set_source_rgb (pen->cr, 0.15, 0.64, 0.41);
  cairo_rectangle (pen->cr, x, y, width * CLAMP (fraction, 0.0, 1.0), height);
  cairo_fill (pen->cr);
  cairo_set_source_rgb (pen->cr, 0, 0, 0);
}

static void
draw_progress (DdPdfPen  *pen,
               GPtrArray *checklists,
               gint64     drop_start_us,
               gint64     now_us)
{
  draw_heading (pen, "Sans Bold 11", 4, _("Progress"));
  for (guint i = 0; i < checklists->len; i++)
    {
      DdChecklist *checklist = g_ptr_array_index (checklists, i);
      DdChecklistSummary summary;
      g_autofree char *counts = NULL;
      g_autofree char *line = NULL;

      dd_checklist_summarize (checklist, DD_CHECKLIST_ANY_ROLE, drop_start_us, now_us, &summary);
      /* Translators: a checklist's progress in the report, "7 of 10 done, 1 failed, 2 blocking items open" */
      counts = g_strdup_printf (_("%u of %u done, %u failed, %u blocking open"),
                                summary.done, summary.total, summary.failed, summary.blocking_open);
      /* Translators: "Pre-drop — Pre-drop playbook: 7 of 10 done, …" */
      line = g_strdup_printf (_("%s — %s: %s"), phase_name (dd_checklist_get_phase (checklist)),
                              dd_checklist_get_title (checklist), counts);
      dd_pdf_pen_new_page_if_needed (pen, 14);
      dd_pdf_pen_draw_text (pen, "Sans 8.5", MARGIN, TEXT_WIDTH - 130, line);
      draw_progress_bar (pen, summary.total > 0 ? (double) summary.done / summary.total : 1.0,
                         summary.failed > 0);
      pen->y += 14;
    }
  pen->y += 10;
}

/* The note and the evidence, in grey under the item. */
static void
draw_item_details (DdPdfPen        *pen,
                   DdChecklistItem *item)
{
  const char *note = dd_checklist_item_get_note (item);
  const char *evidence = dd_checklist_item_get_evidence (item);

  cairo_set_source_rgb (pen->cr, 0.33, 0.33, 0.33);
  if (note != NULL && *note != '\0')
    {
      /* Translators: a sign-off note under an item of the report */
      g_autofree char *text = g_strdup_printf (_("Note: %s"), note);

      pen->y += dd_pdf_pen_draw_paragraph (pen, DETAIL_FONT, MARGIN + 10, TEXT_WIDTH - 10, 2, text);
    }
  if (evidence != NULL && *evidence != '\0')
    {
      /* Translators: an automated check's evidence under an item of the report */
      g_autofree char *text = g_strdup_printf (_("Evidence: %s"), evidence);

      pen->y += dd_pdf_pen_draw_paragraph (pen, DETAIL_FONT, MARGIN + 10, TEXT_WIDTH - 10, 3, text);
    }
  cairo_set_source_rgb (pen->cr, 0, 0, 0);
  pen->y += 3;
}

static void
draw_checklist (DdPdfPen    *pen,
                DdChecklist *checklist)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (checklist));
  g_autofree char *heading = g_strdup_printf (_("%s — %s"), phase_name (dd_checklist_get_phase (checklist)),
                                              dd_checklist_get_title (checklist));

  draw_heading (pen, "Sans Bold 11", 6, heading);
  dd_pdf_pen_draw_table_header (pen, &item_table);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (checklist), i);
      g_autofree char *signer = dd_checklist_item_dup_signer_label (item);
      g_autofree char *when = dd_pdf_format_time (dd_checklist_item_get_signed_at (item));
      const char *cells[] = {
        dd_checklist_item_get_title (item), dd_role_get_display_name (dd_checklist_item_get_owner (item)),
        /* Translators: whether an item blocks a GO, in the report's table */
        dd_checklist_item_get_blocking (item) ? _("Yes") : _("No"),
        state_name (dd_checklist_item_get_state (item)), signer, when,
      };
      gboolean has_details = dd_checklist_item_get_note (item) != NULL
                             || dd_checklist_item_get_evidence (item) != NULL;

      /* The item and what is written under it stay on one page. */
      if (pen->y + item_table.row_height + (has_details ? 5 * DETAIL_LINE : 0) > PAGE_HEIGHT - MARGIN)
        {
          dd_pdf_pen_new_page_if_needed (pen, PAGE_HEIGHT);
          dd_pdf_pen_draw_table_header (pen, &item_table);
        }
      if (dd_checklist_item_get_state (item) == DD_CHECKLIST_ITEM_FAILED)
        cairo_set_source_rgb (pen->cr, 0.75, 0.11, 0.16);
      dd_pdf_pen_draw_table_row (pen, &item_table, cells);
      cairo_set_source_rgb (pen->cr, 0, 0, 0);
      if (has_details)
        draw_item_details (pen, item);
    }
  pen->y += 14;
}

static void
draw_poll (DdPdfPen     *pen,
           DdGoNoGoPoll *poll)
{
  DdPollState state = poll != NULL ? dd_go_no_go_poll_get_state (poll) : DD_POLL_STATE_NOT_OPEN;
  g_autofree char *opened = NULL;
  g_autofree char *result = NULL;
  g_autofree char *opened_at = NULL;

  draw_heading (pen, "Sans Bold 11", 4, _("Go/no-go poll"));
  if (state == DD_POLL_STATE_NOT_OPEN)
    {
      pen->y += dd_pdf_pen_draw_text (pen, "Sans 8.5", MARGIN, TEXT_WIDTH, _("No go/no-go poll was opened."));
      return;
    }

  opened_at = dd_pdf_format_time (dd_go_no_go_poll_get_opened_at (poll));
  /* Translators: "Opened by Dana (Producer) at 2026-11-26 02:40:00 UTC" */
  opened = g_strdup_printf (_("Opened by %s (%s) at %s"),
                            dd_go_no_go_poll_get_opener (poll) != NULL ? dd_go_no_go_poll_get_opener (poll) : "—",
                            dd_role_get_display_name (dd_go_no_go_poll_get_opened_by (poll)),
                            opened_at != NULL ? opened_at : "—");
  pen->y += dd_pdf_pen_draw_text (pen, "Sans 8.5", MARGIN, TEXT_WIDTH, opened) + 4;

  if (state == DD_POLL_STATE_DECIDED)
    {
      g_autofree char *summary = dd_go_no_go_poll_dup_summary (poll);

      /* Translators: the poll's result in the report, "Result: GO, every role answered GO" */
      result = g_strdup_printf (_("Result: %s"), summary);
    }
  else
    {
      /* Translators: an undecided poll in the report, "Still open: the Mod & trust lead answers next" */
      result = g_strdup_printf (_("Still open: the %s answers next"),
                                dd_role_get_display_name (dd_go_no_go_poll_get_turn (poll)));
    }
  pen->y += dd_pdf_pen_draw_paragraph (pen, "Sans Bold 10", MARGIN, TEXT_WIDTH, 3, result) + 8;

  dd_pdf_pen_draw_table_header (pen, &vote_table);
  for (guint i = 0; i < dd_go_no_go_poll_get_n_votes (poll); i++)
    {
      const DdPollVote *vote = dd_go_no_go_poll_get_vote (poll, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *time = dd_pdf_format_time (vote->time_us);
      const char *cells[] = {
        number, dd_role_get_display_name (vote->role), vote->member,
        vote->answer == DD_POLL_ANSWER_GO ? _("GO") : _("NO-GO"), time, vote->reason,
      };

      dd_pdf_pen_draw_table_row (pen, &vote_table, cells);
    }
}

GBytes *
dd_checklist_report_to_pdf (GPtrArray     *checklists,
                            DdGoNoGoPoll  *poll,
                            const char    *drop_title,
                            gint64         drop_start_us,
                            gint64         now_us,
                            guint         *n_pages,
                            GError       **error)
{
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autofree char *start = dd_pdf_format_time (drop_start_us);
  g_autofree char *now = dd_pdf_format_time (now_us);
  g_autofree char *when = NULL;
  cairo_status_t status;
  DdPdfPen pen;

  g_return_val_if_fail (checklists != NULL, NULL);
  g_return_val_if_fail (poll == NULL || DD_IS_GO_NO_GO_POLL (poll), NULL);

  dd_pdf_pen_begin (&pen, output, PAGE_WIDTH, PAGE_HEIGHT, MARGIN, "Dropdeck signed checklist report");
  pen.y += dd_pdf_pen_draw_text (&pen, "Sans Bold 18", MARGIN, TEXT_WIDTH, _("Signed Checklist Report")) + 4;
  pen.y += dd_pdf_pen_draw_text (&pen, "Sans Bold 11", MARGIN, TEXT_WIDTH,
                                 drop_title != NULL && *drop_title != '\0' ? drop_title : _("Untitled drop")) + 2;
  /* Translators: under the report's title, "Drop starts 2026-11-26 18:00:00 UTC · exported 2026-11-26 17:02:11 UTC" */
  when = g_strdup_printf (_("Drop starts %s · exported %s"), start != NULL ? start : _("at a time not set"),
                          now != NULL ? now : "—");
  cairo_set_source_rgb (pen.cr, 0.33, 0.33, 0.33);
  pen.y += dd_pdf_pen_draw_text (&pen, "Sans 8.5", MARGIN, TEXT_WIDTH, when) + 18;
  cairo_set_source_rgb (pen.cr, 0, 0, 0);

  draw_progress (&pen, checklists, drop_start_us, now_us);
  for (guint i = 0; i < checklists->len; i++)
    draw_checklist (&pen, g_ptr_array_index (checklists, i));
  draw_poll (&pen, poll);

  if (n_pages != NULL)
    *n_pages = pen.page;
  status = dd_pdf_pen_end (&pen);
  if (status == CAIRO_STATUS_SUCCESS)
    status = g_output_stream_close (output, NULL, NULL) ? status : CAIRO_STATUS_WRITE_ERROR;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The checklist report could not be drawn as a PDF: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (output));
}
