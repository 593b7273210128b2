/* test-checklist-report-pdf.c — the signed checklist report as a PDF:
 * valid, paginated, with every sign-off, evidence and poll answer
 *
 * The text checks read the PDF back with pdftotext (poppler-utils) and are
 * skipped when it is not installed; the page count is read from the PDF
 * itself either way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-checklist-report-pdf.h"
#include "dd-test-util.h"

/* 2026-11-26 18:00:00 UTC */
#define DROP_START (G_GINT64_CONSTANT (1795716000) * G_USEC_PER_SEC)

static const DdRole answer_order[] = {
  DD_ROLE_OPS_LEAD, DD_ROLE_CREATOR_LIAISON, DD_ROLE_MOD_TRUST_LEAD, DD_ROLE_ENGINEER_ON_CALL, DD_ROLE_PRODUCER,
};

static void
add_item (DdChecklist         *checklist,
          const char          *id,
          const char          *title,
          DdRole               owner,
          DdChecklistItemKind  kind,
          gboolean             blocking)
{
  g_autoptr(DdChecklistItem) item = dd_checklist_item_new (id, title, owner, kind);
  g_autoptr(GError) error = NULL;

  dd_checklist_item_set_blocking (item, blocking);
  g_assert_true (dd_checklist_add_item (checklist, item, &error));
  g_assert_no_error (error);
}

static char *
write_and_read_text (GBytes     *pdf,
                     const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);
  return dd_test_pdftotext (path);
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* A short pre-drop checklist signed off, a probe's evidence, and a poll
 * every role answered GO: one page that says all of it. */
static void
test_signed_and_go (void)
{
  g_autoptr(DdChecklist) checklist = dd_checklist_new ("pre-drop", "Pre-drop playbook", DD_CHECKLIST_PHASE_PRE_DROP);
  g_autoptr(GListStore) model = g_list_store_new (DD_TYPE_CHECKLIST);
  g_autoptr(GPtrArray) checklists = g_ptr_array_new ();
  g_autoptr(DdGoNoGoPoll) poll = dd_go_no_go_poll_new ("poll-1");
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dd_test_make_tmpdir ();
  g_autofree char *text = NULL;
  gint64 now = DROP_START - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  guint pages = 0;

  add_item (checklist, "refunds", "Pre-approve refunds", DD_ROLE_PRODUCER, DD_CHECKLIST_ITEM_MANUAL, TRUE);
  add_item (checklist, "preflight", "Run the synthetic load test", DD_ROLE_ENGINEER_ON_CALL,
            DD_CHECKLIST_ITEM_AUTOMATED, TRUE);
  add_item (checklist, "snacks", "Snacks for the creator", DD_ROLE_CREATOR_LIAISON, DD_CHECKLIST_ITEM_MANUAL, FALSE);
  g_assert_true (dd_checklist_sign_off (checklist, "refunds", DD_ROLE_PRODUCER, "Maya", now,
                                        "refunds up to 50 EUR by any role", &error));
  g_assert_true (dd_checklist_record_probe_result (checklist, "preflight", TRUE,
                                                   "200 viewers (200 connected), reads p95 12 ms", now, &error));
  g_assert_no_error (error);

  g_list_store_append (model, checklist);
  g_ptr_array_add (checklists, checklist);
  g_assert_true (dd_go_no_go_poll_open (poll, DD_ROLE_PRODUCER, "Maya", G_LIST_MODEL (model), now, &error));
  for (guint i = 0; i < G_N_ELEMENTS (answer_order); i++)
    g_assert_true (dd_go_no_go_poll_answer (poll, answer_order[i], NULL, DD_POLL_ANSWER_GO,
                                            i == 0 ? "stock and hubs ready" : NULL, now + i, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dd_go_no_go_poll_get_outcome (poll), ==, DD_POLL_ANSWER_GO);

  pdf = dd_checklist_report_to_pdf (checklists, poll, "Autumn Sneaker Drop", DROP_START, now, &pages, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_cmpuint (pages, ==, 1);
  g_assert_cmpuint (dd_test_count_pdf_pages (pdf), ==, 1);

  text = write_and_read_text (pdf, dir);
  dd_test_remove_tree (dir);
  if (text == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  g_assert_nonnull (strstr (text, "Signed Checklist Report"));
  g_assert_nonnull (strstr (text, "Autumn Sneaker Drop"));
  g_assert_nonnull (strstr (text, "Drop starts 2026-11-26 18:00:00 UTC"));
  g_assert_nonnull (strstr (text, "2 of 3 done, 0 failed, 0 blocking open"));
  g_assert_nonnull (strstr (text, "Pre-approve refunds"));
  g_assert_nonnull (strstr (text, "Maya (Producer)"));
  g_assert_nonnull (strstr (text, "Note: refunds up to 50 EUR by any role"));
  g_assert_nonnull (strstr (text, "Evidence: 200 viewers (200 connected), reads p95 12 ms"));
  g_assert_nonnull (strstr (text, "Snacks for the creator"));
  g_assert_nonnull (strstr (text, "Opened by Maya (Producer)"));
  g_assert_nonnull (strstr (text, "Result: GO"));
  g_assert_nonnull (strstr (text, "stock and hubs ready"));
  /* Every answer is a row with its role. */
  g_assert_cmpuint (count (text, " GO "), >=, G_N_ELEMENTS (answer_order));
  g_assert_nonnull (strstr (text, "Mod & trust lead"));
  g_assert_nonnull (strstr (text, "Engineer on-call"));
}

/* 300 items, a third of them signed off with a note: the table goes on
 * over pages with its header on each, and the last item is on the last. */
static void
test_long_checklist_pages (void)
{
  g_autoptr(DdChecklist) checklist = dd_checklist_new ("pre-drop", "Long playbook", DD_CHECKLIST_PHASE_PRE_DROP);
  g_autoptr(GPtrArray) checklists = g_ptr_array_new ();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dd_test_make_tmpdir ();
  g_autofree char *text = NULL;
  g_auto(GStrv) page_texts = NULL;
  guint pages = 0, pages_with_items = 0, last_page;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("item-%03u", i);
      g_autofree char *title = g_strdup_printf ("Check number %03u", i);

      add_item (checklist, id, title, DD_ROLE_OPS_LEAD, DD_CHECKLIST_ITEM_MANUAL, TRUE);
      if (i % 3 == 0)
        g_assert_true (dd_checklist_sign_off (checklist, id, DD_ROLE_OPS_LEAD, "Ben", DROP_START,
                                              "checked twice", &error));
      g_assert_no_error (error);
    }
  g_ptr_array_add (checklists, checklist);

  pdf = dd_checklist_report_to_pdf (checklists, NULL, "Long drop", 0, DROP_START, &pages, &error);
  g_assert_no_error (error);
  /* 300 rows of 12 pt and 100 notes take more than 4,600 pt: more than
   * nine pages of 515 pt; an item and its note are never split. */
  g_assert_cmpuint (pages, >=, 10);
  g_assert_cmpuint (pages, <=, 14);
  g_assert_cmpuint (dd_test_count_pdf_pages (pdf), ==, pages);

  text = write_and_read_text (pdf, dir);
  dd_test_remove_tree (dir);
  if (text == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  /* pdftotext ends every page with a form feed. */
  g_assert_cmpuint (count (text, "\f"), ==, pages);
  /* Every page with items has the table's header. */
  page_texts = g_strsplit (text, "\f", -1);
  for (guint i = 0; page_texts[i] != NULL; i++)
    if (strstr (page_texts[i], "Check number") != NULL)
      {
        g_assert_nonnull (strstr (page_texts[i], "Signed off by"));
        pages_with_items++;
      }
  g_assert_cmpuint (pages_with_items, >=, pages - 1);
  g_assert_cmpuint (count (text, "Note: checked twice"), ==, 100);
  /* The first item on the first page, the last on one of the last two
   * (the poll's section may start a page of its own). */
  g_assert_nonnull (strstr (page_texts[0], "Check number 000"));
  for (last_page = 0; page_texts[last_page] != NULL; last_page++)
    if (strstr (page_texts[last_page], "Check number 299") != NULL)
      break;
  g_assert_cmpuint (last_page + 2, >=, pages);
  g_assert_cmpuint (last_page, <, pages);
  g_assert_nonnull (strstr (text, "100 of 300 done, 0 failed, 200 blocking open"));
  g_assert_nonnull (strstr (text, "No go/no-go poll was opened."));
  g_assert_nonnull (strstr (text, "Drop starts at a time not set"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/dropdeck/engine/checklist-report-pdf/signed-and-go", test_signed_and_go);
  g_test_add_func ("/dropdeck/engine/checklist-report-pdf/long-checklist-pages", test_long_checklist_pages);

  return g_test_run ();
}
