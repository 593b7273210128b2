/* dd-pdf-pen.h — drawing text and tables onto the pages of a cairo PDF
 *
 * What the ledger PDF and the checklist report share: a pen that writes
 * Pango text at a vertical position, turns the page when the next block
 * would not fit, and draws a table whose header repeats on every page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* A4 in points. */
#define DD_PDF_A4_SHORT 595.0
#define DD_PDF_A4_LONG  842.0

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  PangoLayout     *layout;
  double           width;
  double           height;
  double           margin;
  /* Where the next line goes, and the page it goes on (from 1). */
  double           y;
  guint            page;
} DdPdfPen;

typedef struct
{
  double      x;      /* from the left margin */
  double      width;
  const char *title;  /* N_() marked; translated when drawn */
} DdPdfColumn;

typedef struct
{
  const DdPdfColumn *columns;
  guint              n_columns;
  const char        *header_font;
  const char        *row_font;
  double             row_height;
} DdPdfTable;

/* "2026-11-26 18:00:00 UTC"; NULL for 0 (no time). */
char          *dd_pdf_format_time            (gint64         time_us);

/* Starts a PDF of `width` × `height` points written to `output`. */
void           dd_pdf_pen_begin              (DdPdfPen      *pen,
                                              GOutputStream *output,
                                              double         width,
                                              double         height,
                                              double         margin,
                                              const char    *title);
/* Ends the document; the status says whether every byte was written. */
cairo_status_t dd_pdf_pen_end                (DdPdfPen      *pen);

/* Writes `text` (NULL: nothing) on one line, ellipsized, at (x, pen->y)
 * within `width`; returns its height. pen->y does not move. */
double         dd_pdf_pen_draw_text          (DdPdfPen      *pen,
                                              const char    *font,
                                              double         x,
                                              double         width,
                                              const char    *text);
/* The same, wrapped on at most `max_lines` lines. */
double         dd_pdf_pen_draw_paragraph     (DdPdfPen      *pen,
                                              const char    *font,
                                              double         x,
                                              double         width,
                                              guint          max_lines,
                                              const char    *text);
/* Starts a new page when `needed` points do not fit below pen->y. */
void           dd_pdf_pen_new_page_if_needed (DdPdfPen      *pen,
                                              double         needed);
/* The column titles and a rule under them; moves pen->y below. */
void           dd_pdf_pen_draw_table_header  (DdPdfPen         *pen,
                                              const DdPdfTable *table);
/* One row (a NULL cell shows "—"), on a new page under a repeated header
 * when it does not fit; moves pen->y below. */
void           dd_pdf_pen_draw_table_row     (DdPdfPen           *pen,
                                              const DdPdfTable   *table,
                                              const char * const *cells);

G_END_DECLS
