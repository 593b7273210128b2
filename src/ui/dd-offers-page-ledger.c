/* dd-offers-page-ledger.c — the Offers page and the ledger: checked a
 * moment after a drop opens (an altered ledger is said plainly above the
 * table), and exported as a PDF or CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-offers-page-private.h"

/* How long after a drop opens its ledger is verified. */
#define VERIFY_DELAY_SECONDS 2

typedef struct
{
  DdOffersPage *self;  /* a reference */
  gboolean      csv;
} ExportCall;

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree ExportCall *call = user_data;
  g_autoptr(DdOffersPage) self = call->self;
  gboolean csv = call->csv;
  g_autoptr(GError) error = NULL;
  gint64 n = dd_store_export_ledger_finish (DD_STORE (object), result, &error);
  g_autofree char *message = NULL;

  if (n < 0)
    {
      _dd_offers_page_show_toast (self, error->message, FALSE);
      return;
    }
  if (csv)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u ledger entry as CSV",
                                            "Exported %u ledger entries as CSV", (gulong) n), (guint) n);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u ledger entry as a PDF",
                                            "Exported %u ledger entries as a PDF", (gulong) n), (guint) n);
  _dd_offers_page_show_toast (self, message, FALSE);
}

static void
export_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  DdOffersPage    *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));  /* borrowed */
      if (filter != NULL)
        g_object_ref (filter);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      _dd_offers_page_show_toast (self, _("The ledger can only be exported to a local file"), FALSE);
      return;
    }
  /* The CSV filter picked: a spreadsheet, whatever the name says. */
  if (filter != NULL && g_object_get_data (G_OBJECT (filter), "dd-csv") != NULL
      && !g_str_has_suffix (path, ".csv"))
    {
      char *with_suffix = g_strconcat (path, ".csv", NULL);

      g_free (path);
      path = with_suffix;
    }
  dd_offers_page_export_ledger (self, path);
}

static void
add_export_filter (GtkFileChooserNative *chooser,
                   const char           *name,
                   const char           *mime_type,
                   const char           *pattern)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_pattern (filter, pattern);
  if (g_str_equal (pattern, "*.csv"))
    g_object_set_data (G_OBJECT (filter), "dd-csv", GINT_TO_POINTER (TRUE));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
}

void
_dd_offers_page_export_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  DdOffersPage *self = DD_OFFERS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  if (self->editing == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Ledger"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "dropdeck-ledger.pdf");
  add_export_filter (chooser, _("PDF with price timelines"), "application/pdf", "*.pdf");
  add_export_filter (chooser, _("CSV spreadsheet"), "text/csv", "*.csv");
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* A ledger altered in the database file is said plainly above the table. */
static void
ledger_verified_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DdOffersPage) self = user_data;
  g_autoptr(DdLedgerReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  report = dd_store_verify_ledger_finish (DD_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (report == NULL)
    /* Translators: why the ledger could not be read */
    text = g_strdup_printf (_("The ledger could not be checked: %s"), error->message);
  else if (!dd_ledger_report_is_intact (report))
    /* Translators: an entry number, then what is wrong with it */
    text = g_strdup_printf (_("The ledger was altered outside Dropdeck at entry %" G_GINT64_FORMAT ": %s. "
                              "Keep this profile as it is and tell the squad lead; "
                              "“dropdeckctl ledger verify” gives the same report."),
                            report->first_broken_seq, report->message);

  gtk_label_set_text (self->ledger_warning_label, text != NULL ? text : "");
  gtk_widget_set_visible (self->ledger_warning, text != NULL);
  self->ledger_checked = TRUE;
}

static void
approvals_restored_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DdOffersPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_offer_editing_restore_approvals_finish (DD_OFFER_EDITING (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _dd_offers_page_show_toast (self, error->message, FALSE);
}

static gboolean
verify_ledger_cb (gpointer user_data)
{
  DdOffersPage *self = user_data;

  self->verify_source = 0;
  self->verify_cancellable = g_cancellable_new ();
  dd_store_verify_ledger_async (dd_offer_editing_get_store (self->editing), self->verify_cancellable,
                                ledger_verified_cb, g_object_ref (self));
  dd_offer_editing_restore_approvals_async (self->editing, self->verify_cancellable,
                                            approvals_restored_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* Reading a long ledger takes a core for a while (about 2 s for a million
 * entries): the check and the price drops still waiting for approval are
 * read once the drop's pages are on screen. */
void
_dd_offers_page_verify_ledger (DdOffersPage *self)
{
  g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->verify_cancellable);
  g_clear_handle_id (&self->verify_source, g_source_remove);
  gtk_widget_set_visible (self->ledger_warning, FALSE);
  self->ledger_checked = FALSE;

  if (self->editing != NULL)
    self->verify_source = g_timeout_add_seconds (VERIFY_DELAY_SECONDS, verify_ledger_cb, self);
}

void
dd_offers_page_export_ledger (DdOffersPage *self,
                              const char   *path)
{
  DdDropSession *session;
  DdStore *store;
  ExportCall *call;

  g_return_if_fail (DD_IS_OFFERS_PAGE (self));
  g_return_if_fail (path != NULL);

  session = dd_page_get_session (DD_PAGE (self));
  store = session != NULL ? dd_drop_session_get_store (session) : NULL;
  if (store == NULL)
    return;

  call = g_new0 (ExportCall, 1);
  call->self = g_object_ref (self);
  call->csv = g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV");
  if (call->csv)
    dd_store_export_ledger_to_path_async (store, path, NULL, export_done_cb, call);
  else
    dd_store_export_ledger_pdf_async (store, path, NULL, export_done_cb, call);
}

const char *
dd_offers_page_get_ledger_warning (DdOffersPage *self)
{
  g_return_val_if_fail (DD_IS_OFFERS_PAGE (self), NULL);

  if (!gtk_widget_get_visible (self->ledger_warning))
    return NULL;
  return gtk_label_get_text (self->ledger_warning_label);
}

gboolean
dd_offers_page_is_ledger_checked (DdOffersPage *self)
{
  g_return_val_if_fail (DD_IS_OFFERS_PAGE (self), FALSE);
  return self->ledger_checked;
}
