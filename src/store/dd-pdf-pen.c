/* dd-pdf-pen.c — drawing text and tables onto the pages of a cairo PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "dd-pdf-pen.h"

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  GOutputStream *output = closure;

  return g_output_stream_write_all (output, data, length, NULL, NULL, NULL)
         ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

char *
dd_pdf_format_time (gint64 time_us)
{
  g_autoptr(GDateTime) time = NULL;

  if (time_us == 0)
    return NULL;
  time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S UTC") : NULL;
}

void
dd_pdf_pen_begin (DdPdfPen      *pen,
                  GOutputStream *output,
                  double         width,
                  double         height,
                  double         margin,
                  const char    *title)
{
  g_return_if_fail (pen != NULL);
  g_return_if_fail (G_IS_OUTPUT_STREAM (output));

  pen->surface = cairo_pdf_surface_create_for_stream (write_to_stream, output, width, height);
  pen->cr = cairo_create (pen->surface);
  pen->layout = pango_cairo_create_layout (pen->cr);
  pen->width = width;
  pen->height = height;
  pen->margin = margin;
  pen->y = margin;
  pen->page = 1;
  if (title != NULL)
    cairo_pdf_surface_set_metadata (pen->surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_set_source_rgb (pen->cr, 0, 0, 0);
}

cairo_status_t
dd_pdf_pen_end (DdPdfPen *pen)
{
  cairo_status_t status;

  g_return_val_if_fail (pen != NULL, CAIRO_STATUS_NULL_POINTER);

  g_clear_object (&pen->layout);
  cairo_destroy (pen->cr);
  pen->cr = NULL;
  cairo_surface_finish (pen->surface);
  status = cairo_surface_status (pen->surface);
  cairo_surface_destroy (pen->surface);
  pen->surface = NULL;
  return status;
}

static double
draw_lines (DdPdfPen   *pen,
            const char *font,
            double      x,
            double      width,
            int         height,
            const char *text)
{
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (pen->layout, description);
  pango_layout_set_width (pen->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_height (pen->layout, height);
  pango_layout_set_wrap (pen->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (pen->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (pen->layout, text != NULL ? text : "", -1);
  cairo_move_to (pen->cr, x, pen->y);
  pango_cairo_show_layout (pen->cr, pen->layout);
  pango_layout_get_size (pen->layout, &w, &h);
  pango_layout_set_height (pen->layout, -1);
  return (double) h / PANGO_SCALE;
}

double
dd_pdf_pen_draw_text (DdPdfPen   *pen,
                      const char *font,
                      double      x,
                      double      width,
                      const char *text)
{
  return draw_lines (pen, font, x, width, -1, text);
}

double
dd_pdf_pen_draw_paragraph (DdPdfPen   *pen,
                           const char *font,
                           double      x,
                           double      width,
                           guint       max_lines,
                           const char *text)
{
  return draw_lines (pen, font, x, width, -(int) MAX (max_lines, 1), text);
}

void
dd_pdf_pen_new_page_if_needed (DdPdfPen *pen,
                               double    needed)
{
  if (pen->y + needed <= pen->height - pen->margin)
    return;
  cairo_show_page (pen->cr);
  pen->page++;
  pen->y = pen->margin;
}

void
dd_pdf_pen_draw_table_header (DdPdfPen         *pen,
                              const DdPdfTable *table)
{
  for (guint c = 0; c < table->n_columns; c++)
    dd_pdf_pen_draw_text (pen, table->header_font, pen->margin + table->columns[c].x,
                          table->columns[c].width, _(table->columns[c].title));
  pen->y += table->row_height + 1;
  cairo_set_line_width (pen->cr, 0.5);
  cairo_move_to (pen->cr, pen->margin, pen->y - 1.5);
  cairo_line_to (pen->cr, pen->width - pen->margin, pen->y - 1.5);
  cairo_stroke (pen->cr);
}

void
dd_pdf_pen_draw_table_row (DdPdfPen           *pen,
                           const DdPdfTable   *table,
                           const char * const *cells)
{
  if (pen->y + table->row_height > pen->height - pen->margin)
    {
      dd_pdf_pen_new_page_if_needed (pen, pen->height);
      dd_pdf_pen_draw_table_header (pen, table);
    }
  for (guint c = 0; c < table->n_columns; c++)
    dd_pdf_pen_draw_text (pen, table->row_font, pen->margin + table->columns[c].x,
                          table->columns[c].width, cells[c] != NULL ? cells[c] : "—");
  pen->y += table->row_height;
}
