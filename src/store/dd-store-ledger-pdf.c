/* dd-store-ledger-pdf.c — the ledger as a PDF: a price timeline per offer and every entry
 *
 * The rows are read in one snapshot on the worker thread, then drawn with
 * cairo and Pango onto A4 pages. The file is replaced only once complete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "dd-pdf-pen.h"
#include "dd-store-private.h"

/* A4 landscape in points (room for the entry table), and the layout on it. */
#define PAGE_WIDTH   DD_PDF_A4_LONG
#define PAGE_HEIGHT  DD_PDF_A4_SHORT
#define MARGIN       40.0
#define CHART_HEIGHT 120.0
#define ROW_FONT     "Sans 6.5"

typedef struct
{
  char         *path;
  GCancellable *cancellable;
} PdfJob;

static void
pdf_job_free (gpointer data)
{
  PdfJob *job = data;

  g_clear_object (&job->cancellable);
  g_free (job->path);
  g_free (job);
}

/* "119.00 EUR" (the ledger's money text) back into money. */
static gboolean
parse_ledger_money (const char *text,
                    DdMoney    *out)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, " ", 2);
  return g_strv_length (parts) == 2 && dd_money_parse (parts[0], parts[1], FALSE, out, NULL);
}

typedef struct
{
  gint64  time_us;
  DdMoney price;
} PricePoint;

/* One offer's price steps over [t0, t1]. */
static void
draw_chart (DdPdfPen   *pen,
            const char *offer_id,
            const char *title,
            GArray     *points,
            gint64      t0,
            gint64      t1)
{
  cairo_t *cr = pen->cr;
  double left = MARGIN + 60, right = PAGE_WIDTH - MARGIN, top, bottom;
  gint64 lo = G_MAXINT64, hi = G_MININT64;
  g_autofree char *lo_text = NULL;
  g_autofree char *hi_text = NULL;
  PricePoint *first = &g_array_index (points, PricePoint, 0);
  DdMoney lo_money = first->price, hi_money = first->price;
  double span_t, span_p;

  dd_pdf_pen_new_page_if_needed (pen, CHART_HEIGHT + 40);
  /* Translators: a chart's heading in the ledger PDF; %s is an offer id */
  {
    g_autofree char *heading = title != NULL
                               /* Translators: a chart's heading: an offer's title and id */
                               ? g_strdup_printf (_("Price of %s (%s)"), title, offer_id)
                               : g_strdup_printf (_("Price of %s"), offer_id);

    cairo_set_source_rgb (cr, 0, 0, 0);
    pen->y += dd_pdf_pen_draw_text (pen, "Sans Bold 9", MARGIN, right - MARGIN, heading) + 4;
  }
  top = pen->y;
  bottom = top + CHART_HEIGHT;

  for (guint i = 0; i < points->len; i++)
    {
      PricePoint *p = &g_array_index (points, PricePoint, i);

      if (p->price.minor < lo)
        lo = p->price.minor, lo_money = p->price;
      if (p->price.minor > hi)
        hi = p->price.minor, hi_money = p->price;
    }
  span_p = hi > lo ? (double) (hi - lo) : 1.0;
  span_t = t1 > t0 ? (double) (t1 - t0) : 1.0;

  /* Axes and the price labels. */
  cairo_set_line_width (cr, 0.5);
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_rectangle (cr, left, top, right - left, CHART_HEIGHT);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  lo_text = dd_money_to_string (&lo_money);
  hi_text = dd_money_to_string (&hi_money);
  pen->y = top;
  dd_pdf_pen_draw_text (pen, ROW_FONT, MARGIN, 56, hi_text);
  pen->y = bottom - 9;
  dd_pdf_pen_draw_text (pen, ROW_FONT, MARGIN, 56, lo_text);

  /* The steps: each price holds until the next. */
  cairo_set_line_width (cr, 1.5);
  cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
  for (guint i = 0; i < points->len; i++)
    {
      PricePoint *p = &g_array_index (points, PricePoint, i);
      double x = left + (right - left) * (double) (p->time_us - t0) / span_t;
      double y = bottom - 8 - (CHART_HEIGHT - 16) * (double) (p->price.minor - lo) / span_p;

      if (hi == lo)
        y = top + CHART_HEIGHT / 2;
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        {
          double cx, cy;

          cairo_get_current_point (cr, &cx, &cy);
          cairo_line_to (cr, x, cy);
          cairo_line_to (cr, x, y);
        }
    }
  /* The last price holds to the end of the ledger. */
  {
    double cx, cy;

    cairo_get_current_point (cr, &cx, &cy);
    cairo_line_to (cr, right, cy);
  }
  cairo_stroke (cr);

  /* The time axis: where the ledger starts and ends. */
  {
    g_autofree char *from = dd_pdf_format_time (t0);
    g_autofree char *to = dd_pdf_format_time (t1);

    cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
    pen->y = bottom + 2;
    dd_pdf_pen_draw_text (pen, ROW_FONT, left, 120, from);
    pango_layout_set_alignment (pen->layout, PANGO_ALIGN_RIGHT);
    dd_pdf_pen_draw_text (pen, ROW_FONT, right - 120, 120, to);
    pango_layout_set_alignment (pen->layout, PANGO_ALIGN_LEFT);
  }
  cairo_set_source_rgb (cr, 0, 0, 0);
  pen->y = bottom + 24;
}

/* Collects each offer's price steps and draws them. */
static void
draw_charts (DdPdfPen   *pen,
             GPtrArray  *entries,
             GHashTable *titles)
{
  g_autoptr(GHashTable) by_offer = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  gint64 t0, t1;

  if (entries->len == 0)
    return;
  t0 = dd_ledger_entry_get_time (g_ptr_array_index (entries, 0));
  t1 = dd_ledger_entry_get_time (g_ptr_array_index (entries, entries->len - 1));

  for (guint i = 0; i < entries->len; i++)
    {
      DdLedgerEntry *entry = g_ptr_array_index (entries, i);
      const char *id = dd_ledger_entry_get_entity_id (entry);
      PricePoint point = { dd_ledger_entry_get_time (entry) };
      GArray *points;

      if (g_strcmp0 (dd_ledger_entry_get_entity (entry), "offer") != 0
          || g_strcmp0 (dd_ledger_entry_get_field (entry), "price") != 0
          || !parse_ledger_money (dd_ledger_entry_get_after (entry), &point.price))
        continue;

      points = g_hash_table_lookup (by_offer, id);
      if (points == NULL)
        {
          PricePoint start = { t0 };

          points = g_array_new (FALSE, FALSE, sizeof (PricePoint));
          g_hash_table_insert (by_offer, (gpointer) id, points);
          g_ptr_array_add (order, (gpointer) id);
          if (parse_ledger_money (dd_ledger_entry_get_before (entry), &start.price))
            g_array_append_val (points, start);
        }
      g_array_append_val (points, point);
    }

  for (guint i = 0; i < order->len; i++)
    draw_chart (pen, g_ptr_array_index (order, i), g_hash_table_lookup (titles, g_ptr_array_index (order, i)),
                g_hash_table_lookup (by_offer, g_ptr_array_index (order, i)), t0, t1);
}

/* Column x positions and widths of the entry table. */
static const DdPdfColumn columns[] = {
  { 0, 32, N_("Seq") },
  { 34, 104, N_("Time") },
  { 140, 110, N_("Actor") },
  { 252, 104, N_("Offer") },
  { 358, 64, N_("Field") },
  { 424, 66, N_("Before") },
  { 492, 66, N_("After") },
  { 560, 202, N_("Reason") },
};

static const DdPdfTable entry_table = {
  columns, G_N_ELEMENTS (columns), "Sans Bold 6.5", ROW_FONT, 10,
};

static void
draw_table (DdPdfPen  *pen,
            GPtrArray *entries)
{
  dd_pdf_pen_new_page_if_needed (pen, 40);
  pen->y += dd_pdf_pen_draw_text (pen, "Sans Bold 11", MARGIN, PAGE_WIDTH - 2 * MARGIN, _("Entries")) + 6;
  dd_pdf_pen_draw_table_header (pen, &entry_table);

  for (guint i = 0; i < entries->len; i++)
    {
      DdLedgerEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, dd_ledger_entry_get_seq (entry));
      g_autofree char *time = dd_pdf_format_time (dd_ledger_entry_get_time (entry));
      g_autofree char *actor = g_strdup_printf ("%s (%s)", dd_ledger_entry_get_actor (entry),
                                                dd_ledger_entry_get_role (entry));
      const char *cells[] = {
        seq, time, actor, dd_ledger_entry_get_entity_id (entry), dd_ledger_entry_get_field (entry),
        dd_ledger_entry_get_before (entry), dd_ledger_entry_get_after (entry),
        dd_ledger_entry_get_reason (entry),
      };

      dd_pdf_pen_draw_table_row (pen, &entry_table, cells);
    }
}

static gboolean
render (GPtrArray      *entries,
        GHashTable     *titles,
        GOutputStream  *output,
        GError        **error)
{
  DdPdfPen pen;
  g_autofree char *now = dd_pdf_format_time (g_get_real_time ());
  g_autofree char *summary = NULL;
  const char *last_hash = entries->len > 0 ? dd_ledger_entry_get_hash (g_ptr_array_index (entries, entries->len - 1)) : NULL;
  cairo_status_t status;

  dd_pdf_pen_begin (&pen, output, PAGE_WIDTH, PAGE_HEIGHT, MARGIN, "Dropdeck ledger");
  pen.y += dd_pdf_pen_draw_text (&pen, "Sans Bold 16", MARGIN, PAGE_WIDTH - 2 * MARGIN, _("Dropdeck ledger")) + 4;
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry, exported %s; the last hash is %s",
                                          "%u entries, exported %s; the last hash is %s", entries->len),
                             entries->len, now,
                             last_hash != NULL && *last_hash != '\0' ? last_hash : "—");
  pen.y += dd_pdf_pen_draw_text (&pen, "Sans 8", MARGIN, PAGE_WIDTH - 2 * MARGIN, summary) + 14;

  draw_charts (&pen, entries, titles);
  draw_table (&pen, entries);

  status = dd_pdf_pen_end (&pen);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_UNWRITABLE,
                   _("The ledger PDF could not be written: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* Offer id -> title, for the charts' headings. */
static gboolean
read_titles (DdStoreConnection  *conn,
             GHashTable         *titles,
             GError            **error)
{
  sqlite3_stmt *stmt = _dd_store_prepare (conn, "SELECT id, title FROM offers", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (titles, g_strdup (_dd_store_column_text (stmt, 0)),
                         g_strdup (_dd_store_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
job_export_pdf (DdStoreConnection  *conn,
                gpointer            data,
                DdStoreResult      *result,
                GError            **error)
{
  PdfJob *job = data;
  g_autoptr(GFile) file = g_file_new_for_path (job->path);
  g_autoptr(GFileOutputStream) output = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) local_error = NULL;

  /* A read transaction: one consistent snapshot. */
  if (!_dd_store_exec (conn, "BEGIN", error))
    return FALSE;
  entries = _dd_store_read_ledger (conn, NULL, NULL, NULL, 0, error);
  if (entries != NULL && !read_titles (conn, titles, error))
    g_clear_pointer (&entries, g_ptr_array_unref);
  _dd_store_rollback (conn);
  if (entries == NULL)
    return FALSE;

  output = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, job->cancellable, &local_error);
  if (output == NULL)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_UNWRITABLE,
                   _("The ledger could not be exported to %s: %s"), job->path, local_error->message);
      return FALSE;
    }

  if (!render (entries, titles, G_OUTPUT_STREAM (output), error))
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      /* An unclosed replacement leaves the old file as it was. */
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (output), abandon, NULL);
      return FALSE;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (output), job->cancellable, &local_error))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_UNWRITABLE,
                   _("The ledger could not be exported to %s: %s"), job->path, local_error->message);
      return FALSE;
    }

  result->number = entries->len;
  return TRUE;
}

void
dd_store_export_ledger_pdf_async (DdStore             *self,
                                  const char          *path,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  PdfJob *job;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (path != NULL);

  job = g_new0 (PdfJob, 1);
  job->path = g_strdup (path);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  _dd_store_queue_job (self, job_export_pdf, job, pdf_job_free, DD_STORE_RESULT_INT,
                       cancellable, callback, user_data, dd_store_export_ledger_async);
}
