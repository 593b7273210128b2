/* test-offer-editor.c — the offer editor pane and the go-live confirmation
 *
 * Templates instantiate on the GTK 4.8 / libadwaita 1.2 floor (criticals and
 * warnings are fatal), bad input shows under its field and saves nothing,
 * a large drop shows as pending approval, and the confirmation lists the
 * guards and offers "Go Live" only when they all pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dd-offer-editor.h"
#include "dd-offer-go-live-dialog.h"
#include "dd-offers-page.h"
#include "dd-store-commerce.h"
#include "dd-store-sync-outbox.h"
#include "dd-sync-button.h"

#define MINUTE (60 * G_TIME_SPAN_SECOND)

typedef struct
{
  char           *dir;
  DdStore        *store;
  DdOfferEditing *editing;
  DdOffer        *offer;
  GtkWidget      *window;
  DdOfferEditor  *editor;
  GPtrArray      *applied;  /* messages of "applied" */
} Fixture;

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
run_until (gboolean (*done) (Fixture *), Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  while (!done (fixture))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
applied_cb (DdOfferEditor *editor,
            const char    *message,
            gboolean       undoable,
            Fixture       *fixture)
{
  g_ptr_array_add (fixture->applied, g_strdup (message));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *path = NULL;
  DdMoney price = dd_money_init (3500, "EUR");
  gint64 now = g_get_real_time ();

  fixture->dir = g_dir_make_tmp ("dropdeck-offer-ui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "drop.sqlite", NULL);
  fixture->store = dd_store_open_sync (path, NULL, &error);
  g_assert_no_error (error);

  fixture->offer = dd_offer_new ("offer-tee", "Box Tee, White, S", "HT01-WHT-S");
  dd_offer_set_price (fixture->offer, &price);
  dd_offer_set_stock_allocated (fixture->offer, 10);
  dd_offer_set_per_buyer_cap (fixture->offer, 2);
  dd_offer_set_window (fixture->offer, now - 10 * MINUTE, now + 60 * MINUTE);
  dd_offer_set_state (fixture->offer, DD_OFFER_STATE_PAUSED);
  g_ptr_array_add (offers, fixture->offer);
  dd_store_save_offers_async (fixture->store, offers, NULL, result_cb, &result);
  g_assert_true (dd_store_save_finish (fixture->store, wait_result (&result), &error));

  fixture->editing = dd_offer_editing_new (fixture->store);
  fixture->applied = g_ptr_array_new_with_free_func (g_free);
  fixture->editor = DD_OFFER_EDITOR (dd_offer_editor_new ());
  fixture->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->editor));
  g_signal_connect (fixture->editor, "applied", G_CALLBACK (applied_cb), fixture);
  dd_offer_editor_set_editing (fixture->editor, fixture->editing);
  dd_offer_editor_set_actor (fixture->editor, "Maya Okafor", DD_ROLE_PRODUCER);
  dd_offer_editor_set_offer (fixture->editor, fixture->offer);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&fixture->applied, g_ptr_array_unref);
  g_clear_object (&fixture->editing);
  g_clear_object (&fixture->offer);
  dd_store_close (fixture->store);
  g_clear_object (&fixture->store);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);

      g_remove (child);
    }
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static AdwEntryRow *
find_entry_row (GtkWidget  *widget,
                const char *title)
{
  if (ADW_IS_ENTRY_ROW (widget)
      && g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title))
    return ADW_ENTRY_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwEntryRow *found = find_entry_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkButton *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0
      && gtk_widget_get_mapped (widget))
    return GTK_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
type_and_apply (Fixture    *fixture,
                const char *field_title,
                const char *text)
{
  AdwEntryRow *row = find_entry_row (GTK_WIDGET (fixture->editor), field_title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static gboolean
price_error_shown (Fixture *fixture)
{
  return dd_offer_editor_get_field_error (fixture->editor, DD_OFFER_FIELD_PRICE) != NULL;
}

static gboolean
window_error_shown (Fixture *fixture)
{
  return dd_offer_editor_get_field_error (fixture->editor, DD_OFFER_FIELD_WINDOW) != NULL;
}

static gboolean
one_applied (Fixture *fixture)
{
  return fixture->applied->len >= 1;
}

static gboolean
two_applied (Fixture *fixture)
{
  return fixture->applied->len >= 2;
}

static void
test_templates (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *page = dd_offers_page_new ();
  GtkWidget *dialog = dd_offer_go_live_dialog_new (GTK_WINDOW (fixture->window), fixture->offer, NULL,
                                                   DD_ROLE_PRODUCER);

  g_assert_true (DD_IS_OFFERS_PAGE (page));
  g_assert_true (DD_IS_OFFER_EDITOR (dd_offers_page_get_editor (DD_OFFERS_PAGE (page))));
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  /* Without the checks, "Go Live" stays disabled. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "go-live"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_ref_sink (page);
  g_object_unref (page);
}

static void
test_inline_error (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  type_and_apply (fixture, "Price", "12.345");
  run_until (price_error_shown, fixture);
  g_assert_true (g_str_has_prefix (dd_offer_editor_get_field_error (fixture->editor, DD_OFFER_FIELD_PRICE), "Price"));
  g_assert_null (dd_offer_editor_get_field_error (fixture->editor, DD_OFFER_FIELD_TITLE));
  g_assert_cmpint (dd_offer_get_price (fixture->offer)->minor, ==, 3500);
  g_assert_cmpuint (fixture->applied->len, ==, 0);

  dd_store_load_ledger_async (fixture->store, NULL, NULL, 0, NULL, result_cb, &result);
  entries = dd_store_load_finish (fixture->store, wait_result (&result), NULL);
  g_assert_cmpuint (entries->len, ==, 0);

  /* A window that ends before it starts: the error is under the window. */
  type_and_apply (fixture, "Window", "21:00 – 20:00");
  run_until (window_error_shown, fixture);
  g_assert_true (g_str_has_prefix (dd_offer_editor_get_field_error (fixture->editor, DD_OFFER_FIELD_WINDOW),
                                   "Incentive window"));

  /* A good value clears the error and is stored. */
  type_and_apply (fixture, "Price", "33.50");
  run_until (one_applied, fixture);
  g_assert_null (dd_offer_editor_get_field_error (fixture->editor, DD_OFFER_FIELD_PRICE));
  g_assert_cmpint (dd_offer_get_price (fixture->offer)->minor, ==, 3350);
  g_assert_cmpint (dd_offer_get_sync_state (fixture->offer), ==, DD_SYNC_STATE_PENDING);
}

/* A change made from a chat message names it in the ledger; another offer
 * selected drops the link. */
static void
test_chat_link (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(DdOffer) other = dd_offer_copy (fixture->offer);

  dd_offer_editor_link_chat_message (fixture->editor, "msg-42", "can you do 32 on the white tee?");
  type_and_apply (fixture, "Price", "32.00");
  run_until (one_applied, fixture);

  dd_store_load_ledger_async (fixture->store, "offer", "offer-tee", 0, NULL, result_cb, &result);
  entries = dd_store_load_finish (fixture->store, wait_result (&result), NULL);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (dd_ledger_entry_get_chat_message_id (g_ptr_array_index (entries, 0)), ==, "msg-42");

  dd_offer_editor_set_offer (fixture->editor, other);
  dd_offer_editor_set_offer (fixture->editor, fixture->offer);
  type_and_apply (fixture, "Per-Buyer", "3");
  run_until (two_applied, fixture);
  g_clear_object (&result);
  g_clear_pointer (&entries, g_ptr_array_unref);
  dd_store_load_ledger_async (fixture->store, "offer", "offer-tee", 0, NULL, result_cb, &result);
  entries = dd_store_load_finish (fixture->store, wait_result (&result), NULL);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_null (dd_ledger_entry_get_chat_message_id (g_ptr_array_index (entries, 1)));
}

static void
test_pending_approval (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkButton *approve;

  type_and_apply (fixture, "Price", "10");
  run_until (one_applied, fixture);
  g_assert_cmpint (dd_offer_get_price (fixture->offer)->minor, ==, 3500);
  g_assert_nonnull (dd_offer_editing_get_approval (fixture->editing, "offer-tee"));
  g_assert_nonnull (g_strrstr (g_ptr_array_index (fixture->applied, 0), "approval"));

  /* The requester sees the request and is refused. */
  approve = find_button (GTK_WIDGET (fixture->editor), "Approve");
  g_assert_nonnull (approve);
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.approve", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_usleep (100000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (dd_offer_get_price (fixture->offer)->minor, ==, 3500);

  /* A second member with an allowed role approves. */
  dd_offer_editor_set_actor (fixture->editor, "Jonas Weber", DD_ROLE_OPS_LEAD);
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.approve", NULL);
  run_until (two_applied, fixture);
  g_assert_cmpint (dd_offer_get_price (fixture->offer)->minor, ==, 1000);
  g_assert_null (dd_offer_editing_get_approval (fixture->editing, "offer-tee"));
}

static gboolean
dialog_checked (Fixture *fixture)
{
  GtkWidget *dialog = g_object_get_data (G_OBJECT (fixture->window), "dialog");

  return dd_offer_go_live_dialog_get_checked (DD_OFFER_GO_LIVE_DIALOG (dialog));
}

static void
test_go_live_dialog (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *dialog;
  DdMoney was = dd_money_init (9900, "EUR");

  /* A paused offer with stock in its window: every check passes. */
  dialog = dd_offer_go_live_dialog_new (GTK_WINDOW (fixture->window), fixture->offer, fixture->editing,
                                        DD_ROLE_PRODUCER);
  g_object_set_data (G_OBJECT (fixture->window), "dialog", dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  run_until (dialog_checked, fixture);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "go-live"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A "was" price never charged blocks it. */
  dd_offer_set_compare_at_price (fixture->offer, &was);
  dialog = dd_offer_go_live_dialog_new (GTK_WINDOW (fixture->window), fixture->offer, fixture->editing,
                                        DD_ROLE_PRODUCER);
  g_object_set_data (G_OBJECT (fixture->window), "dialog", dialog);
  run_until (dialog_checked, fixture);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "go-live"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
session_started_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  dd_drop_session_start_finish (DD_DROP_SESSION (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static DdDropSession *
start_demo (const char *dir)
{
  DdDropSession *session = dd_drop_session_new_demo (dir);
  gboolean started = FALSE;

  dd_drop_session_start_async (session, NULL, session_started_cb, &started);
  while (!started)
    g_main_context_iteration (NULL, TRUE);
  return session;
}

static gboolean
ledger_checked (Fixture *fixture)
{
  GtkWidget *page = g_object_get_data (G_OBJECT (fixture->window), "page");

  return dd_offers_page_is_ledger_checked (DD_OFFERS_PAGE (page));
}

static gboolean
warning_shown (Fixture *fixture)
{
  GtkWidget *page = g_object_get_data (G_OBJECT (fixture->window), "page");

  return dd_offers_page_get_ledger_warning (DD_OFFERS_PAGE (page)) != NULL;
}

/* A ledger row changed in the database file: the Offers page says so. */
static void
test_ledger_tampered (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DdDropSession) session = start_demo (fixture->dir);
  g_autoptr(DdOfferEditing) editing = dd_offer_editing_new (dd_drop_session_get_store (session));
  g_autoptr(DdOffer) offer = g_list_model_get_item (dd_drop_session_get_offers (session), 0);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
  DdOfferEditContext maya = { "Maya Okafor", DD_ROLE_PRODUCER, NULL, NULL, 0 };
  GtkWidget *page = dd_offers_page_new ();
  sqlite3 *db = NULL;

  g_object_set_data (G_OBJECT (fixture->window), "page", page);
  g_object_ref_sink (page);
  dd_offer_editing_set_field_async (editing, offer, DD_OFFER_FIELD_TITLE, "Honest tee", &maya, NULL,
                                    result_cb, &result);
  g_assert_true (dd_offer_editing_finish (editing, wait_result (&result), NULL, NULL));

  /* Intact: checked, no warning. */
  dd_page_set_session (DD_PAGE (page), session);
  run_until (ledger_checked, fixture);
  g_assert_null (dd_offers_page_get_ledger_warning (DD_OFFERS_PAGE (page)));
  dd_page_set_session (DD_PAGE (page), NULL);
  g_clear_object (&editing);
  dd_drop_session_stop (session);
  g_clear_object (&session);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE ledger SET after = 'Cheaper tee'"
                                     " WHERE seq = (SELECT max (seq) FROM ledger)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  session = start_demo (fixture->dir);
  dd_page_set_session (DD_PAGE (page), session);
  run_until (warning_shown, fixture);
  g_assert_nonnull (g_strrstr (dd_offers_page_get_ledger_warning (DD_OFFERS_PAGE (page)), "altered"));
  /* It names the first broken entry. */
  g_assert_nonnull (g_strrstr (dd_offers_page_get_ledger_warning (DD_OFFERS_PAGE (page)), "at entry "));

  /* Export from the app: CSV by the file's name, a PDF otherwise. */
  {
    g_autofree char *csv_path = g_build_filename (fixture->dir, "ledger.csv", NULL);
    g_autofree char *pdf_path = g_build_filename (fixture->dir, "ledger.pdf", NULL);
    g_autofree char *csv = NULL;
    g_autofree char *pdf = NULL;
    gsize pdf_len = 0;
    gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

    dd_offers_page_export_ledger (DD_OFFERS_PAGE (page), csv_path);
    dd_offers_page_export_ledger (DD_OFFERS_PAGE (page), pdf_path);
    /* The store thread runs the two in order: the PDF complete means both are. */
    while (pdf == NULL || pdf_len < 16 || g_strstr_len (pdf + pdf_len - 16, 16, "%%EOF") == NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
        g_clear_pointer (&pdf, g_free);
        g_file_get_contents (pdf_path, &pdf, &pdf_len, NULL);
      }
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    g_assert_true (g_str_has_prefix (csv, "seq,"));
    g_assert_nonnull (strstr (csv, "Cheaper tee"));
    g_assert_true (g_str_has_prefix (pdf, "%PDF"));
    g_assert_cmpuint (pdf_len, >, 1000);
  }

  /* The chat wall's way in: an offer by id, linked to a message. */
  g_assert_false (dd_offers_page_open_offer (DD_OFFERS_PAGE (page), "no-such-offer", NULL, NULL));
  g_assert_true (dd_offers_page_open_offer (DD_OFFERS_PAGE (page), dd_offer_get_id (offer), "msg-7", "is it live?"));
  g_assert_cmpstr (dd_offer_get_id (dd_offer_editor_get_offer (dd_offers_page_get_editor (DD_OFFERS_PAGE (page)))),
                   ==, dd_offer_get_id (offer));

  dd_page_set_session (DD_PAGE (page), NULL);
  dd_drop_session_stop (session);
  g_object_unref (page);
}

static GtkSwitch *
find_switch (GtkWidget *widget)
{
  if (GTK_IS_SWITCH (widget))
    return GTK_SWITCH (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkSwitch *found = find_switch (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
components_error_shown (Fixture *fixture)
{
  return dd_offer_editor_get_field_error (fixture->editor, DD_OFFER_FIELD_COMPONENTS) != NULL;
}

static gboolean
gate_shown (Fixture *fixture)
{
  GtkSwitch *gate = find_switch (GTK_WIDGET (fixture->editor));

  return gate != NULL && gtk_widget_get_mapped (GTK_WIDGET (gate));
}

static gboolean
gated (Fixture *fixture)
{
  return dd_offer_get_latency_bucket (fixture->offer) == DD_LATENCY_BUCKET_POST_DROP;
}

/* Bundle components in the editor: a bundle that would contain itself
 * through another bundle gets the error under the field; a cross-hub
 * bundle shows the post-drop gate, which the switch takes. */
static void
test_bundle_components (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) hubs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) stock = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  DdOffer *kit = dd_offer_new ("offer-kit", "Kit", "KIT");
  DdMoney price = dd_money_init (5000, "EUR");
  const char *error_text;

  g_ptr_array_add (hubs, dd_hub_new ("mitte", "Mitte"));
  g_ptr_array_add (hubs, dd_hub_new ("wedding", "Wedding"));
  for (guint i = 0; i < hubs->len; i++)
    dd_hub_set_open (g_ptr_array_index (hubs, i), TRUE);
  dd_store_save_hubs_async (fixture->store, hubs, NULL, result_cb, &result);
  g_assert_true (dd_store_save_finish (fixture->store, wait_result (&result), NULL));
  g_clear_object (&result);
  g_ptr_array_add (stock, dd_stock_level_new ("mitte", "SHOE"));
  g_ptr_array_add (stock, dd_stock_level_new ("wedding", "SOCKS"));
  g_assert_true (dd_stock_level_set_on_hand (g_ptr_array_index (stock, 0), 5, NULL));
  g_assert_true (dd_stock_level_set_on_hand (g_ptr_array_index (stock, 1), 9, NULL));
  dd_store_save_stock_async (fixture->store, stock, NULL, result_cb, &result);
  g_assert_true (dd_store_save_finish (fixture->store, wait_result (&result), NULL));
  g_clear_object (&result);
  dd_offer_set_price (kit, &price);
  g_assert_true (dd_offer_add_component (kit, "HT01-WHT-S", 1, NULL));
  g_ptr_array_add (offers, kit);
  dd_store_save_offers_async (fixture->store, offers, NULL, result_cb, &result);
  g_assert_true (dd_store_save_finish (fixture->store, wait_result (&result), NULL));
  g_clear_object (&result);

  type_and_apply (fixture, "Bundle Components", "SOCKS × 1, KIT × 1");
  run_until (components_error_shown, fixture);
  error_text = dd_offer_editor_get_field_error (fixture->editor, DD_OFFER_FIELD_COMPONENTS);
  g_assert_true (g_str_has_prefix (error_text, "Bundle components: "));
  g_assert_nonnull (strstr (error_text, "HT01-WHT-S → KIT → HT01-WHT-S"));
  g_assert_false (dd_offer_is_bundle (fixture->offer));
  g_assert_false (gate_shown (fixture));

  type_and_apply (fixture, "Bundle Components", "SHOE × 1, SOCKS × 2");
  run_until (one_applied, fixture);
  g_assert_null (dd_offer_editor_get_field_error (fixture->editor, DD_OFFER_FIELD_COMPONENTS));
  g_assert_cmpuint (dd_offer_get_n_components (fixture->offer), ==, 2);
  g_assert_cmpint (dd_offer_get_latency_bucket (fixture->offer), ==, DD_LATENCY_BUCKET_SAME_DAY);
  run_until (gate_shown, fixture);

  gtk_switch_set_active (find_switch (GTK_WIDGET (fixture->editor)), TRUE);
  run_until (gated, fixture);
  run_until (two_applied, fixture);

  /* Showing the gate again does not toggle it: one ledger entry for it. */
  {
    g_autoptr(GPtrArray) entries = NULL;
    guint n_gates = 0;
    gint64 settle = g_get_monotonic_time () + G_TIME_SPAN_SECOND / 2;

    while (g_get_monotonic_time () < settle)
      g_main_context_iteration (NULL, FALSE);
    dd_store_load_ledger_async (fixture->store, "offer", "offer-tee", 0, NULL, result_cb, &result);
    entries = dd_store_load_finish (fixture->store, wait_result (&result), NULL);
    for (guint i = 0; i < entries->len; i++)
      n_gates += g_str_equal (dd_ledger_entry_get_field (g_ptr_array_index (entries, i)), "latency_bucket");
    g_assert_cmpuint (n_gates, ==, 1);
    g_assert_cmpuint (fixture->applied->len, ==, 2);
  }
}

/* The shown label under `widget` whose text starts with `prefix`. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
removed_shown (Fixture *fixture)
{
  return find_label (fixture->window, "Removed in Medusa") != NULL &&
         find_label (fixture->window, "This offer’s product was deleted in Medusa") != NULL;
}

static gboolean
other_marked_gone (Fixture *fixture)
{
  return dd_offer_get_remote_gone (g_object_get_data (G_OBJECT (fixture->window), "other"));
}

/* An offer whose product was deleted in Medusa: the sync column says
 * "Removed in Medusa", the editor says so and offers no field or
 * lifecycle step, and an edit is refused before anything is queued; one
 * found gone while the drop is open is marked within seconds. */
static void
test_removed_in_medusa (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(DdDropSession) session = start_demo (fixture->dir);
  g_autoptr(GPtrArray) offers = g_ptr_array_new ();
  g_autoptr(GPtrArray) remote_ids = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdOffer) offer = g_list_model_get_item (dd_drop_session_get_offers (session), 1);
  g_autoptr(DdOffer) other = g_list_model_get_item (dd_drop_session_get_offers (session), 0);
  g_autoptr(DdOfferEditing) editing = NULL;
  g_autofree char *id = g_strdup (dd_offer_get_id (offer));
  DdOfferEditContext maya = { "Maya Okafor", DD_ROLE_PRODUCER, NULL, NULL, 0 };
  DdReconcileSummary summary;
  GtkWidget *page;
  gint64 pending;

  /* The reconciliation finds the product gone. */
  dd_offer_set_remote_id (offer, "prod_deleted");
  g_ptr_array_add (offers, offer);
  dd_store_save_offers_async (dd_drop_session_get_store (session), offers, NULL, result_cb, &result);
  g_assert_true (dd_store_save_finish (dd_drop_session_get_store (session), wait_result (&result), &error));
  g_clear_object (&result);
  dd_store_reconcile_offers_async (dd_drop_session_get_store (session), remote_ids, NULL, result_cb, &result);
  g_assert_true (dd_store_reconcile_offers_finish (dd_drop_session_get_store (session), wait_result (&result),
                                                   &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.gone, ==, 1);
  g_clear_object (&result);
  dd_drop_session_stop (session);
  g_clear_object (&session);
  g_clear_object (&offer);
  g_clear_object (&other);

  /* The next time the drop opens. */
  session = start_demo (fixture->dir);
  for (guint i = 0; i < g_list_model_get_n_items (dd_drop_session_get_offers (session)); i++)
    {
      g_autoptr(DdOffer) item = g_list_model_get_item (dd_drop_session_get_offers (session), i);

      if (g_str_equal (dd_offer_get_id (item), id))
        g_set_object (&offer, item);
      else if (other == NULL)
        g_set_object (&other, item);
    }
  g_assert_nonnull (offer);
  g_assert_true (dd_offer_get_remote_gone (offer));
  g_assert_false (dd_offer_get_remote_gone (other));
  g_assert_cmpstr (dd_offers_page_dup_cell_text (offer, 6), ==, "Removed in Medusa");
  g_assert_cmpstr (dd_offers_page_dup_cell_text (other, 6), !=, "Removed in Medusa");

  page = dd_offers_page_new ();
  gtk_window_set_child (GTK_WINDOW (fixture->window), page);
  dd_page_set_session (DD_PAGE (page), session);
  g_assert_true (dd_offers_page_open_offer (DD_OFFERS_PAGE (page), id, NULL, NULL));
  run_until (removed_shown, fixture);
  {
    GtkWidget *editor = GTK_WIDGET (dd_offers_page_get_editor (DD_OFFERS_PAGE (page)));

    g_assert_nonnull (find_label (editor, "Removed in Medusa: its lifecycle can no longer change"));
    g_assert_nonnull (find_label (editor, "Price"));
    g_assert_false (gtk_widget_is_sensitive (find_label (editor, "Price")));
    g_assert_null (find_label (editor, "Pause"));
    g_assert_null (find_label (editor, "Go Live"));
  }
  /* Another offer is editable as ever. */
  g_assert_true (dd_offers_page_open_offer (DD_OFFERS_PAGE (page), dd_offer_get_id (other), NULL, NULL));
  g_assert_true (gtk_widget_is_sensitive (find_label (GTK_WIDGET (dd_offers_page_get_editor (DD_OFFERS_PAGE (page))),
                                                      "Price")));
  g_assert_null (find_label (GTK_WIDGET (dd_offers_page_get_editor (DD_OFFERS_PAGE (page))),
                             "This offer’s product was deleted"));

  /* Nothing reaches the outbox. */
  editing = dd_offer_editing_new (dd_drop_session_get_store (session));
  dd_store_count_outbox_async (dd_drop_session_get_store (session), NULL, result_cb, &result);
  pending = dd_store_count_finish (dd_drop_session_get_store (session), wait_result (&result), NULL);
  g_clear_object (&result);
  dd_offer_editing_set_field_async (editing, offer, DD_OFFER_FIELD_TITLE, "Gone tee", &maya, NULL,
                                    result_cb, &result);
  g_assert_false (dd_offer_editing_finish (editing, wait_result (&result), NULL, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "removed in Medusa"));
  g_clear_object (&result);
  dd_store_count_outbox_async (dd_drop_session_get_store (session), NULL, result_cb, &result);
  g_assert_cmpint (dd_store_count_finish (dd_drop_session_get_store (session), wait_result (&result), NULL), ==, pending);
  g_assert_cmpstr (dd_offer_get_title (offer), !=, "Gone tee");

  /* A sync while the drop is open finds another product gone: the list
   * follows within seconds. */
  g_clear_object (&result);
  dd_offer_set_remote_id (other, "prod_deleted_later");
  g_ptr_array_set_size (offers, 0);
  g_ptr_array_add (offers, other);
  dd_store_save_offers_async (dd_drop_session_get_store (session), offers, NULL, result_cb, &result);
  g_assert_true (dd_store_save_finish (dd_drop_session_get_store (session), wait_result (&result), NULL));
  g_clear_object (&result);
  dd_store_reconcile_offers_async (dd_drop_session_get_store (session), remote_ids, NULL, result_cb, &result);
  g_assert_true (dd_store_reconcile_offers_finish (dd_drop_session_get_store (session), wait_result (&result),
                                                   &summary, NULL));
  g_assert_cmpuint (summary.gone, ==, 1);
  g_assert_false (dd_offer_get_remote_gone (other));
  g_object_set_data (G_OBJECT (fixture->window), "other", other);
  run_until (other_marked_gone, fixture);
  g_assert_cmpstr (dd_offers_page_dup_cell_text (other, 6), ==, "Removed in Medusa");

  dd_page_set_session (DD_PAGE (page), NULL);
  dd_drop_session_stop (session);
}

/* Ends every entry queued for `offer_id` (its fields, its campaign's
 * window) with `outcome`, the way the sync engine ends a push
 * (dd-sync-flusher.c). */
static void
end_outbox_entries (DdStore         *store,
                    const char      *offer_id,
                    DdOutboxOutcome  outcome)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  guint ended = 0;

  dd_store_list_outbox_async (store, "commerce", 100, NULL, result_cb, &result);
  entries = dd_store_load_finish (store, wait_result (&result), NULL);
  g_assert_nonnull (entries);
  for (guint i = 0; i < entries->len; i++)
    {
      DdOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GAsyncResult) ended_result = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_str_equal (entry->entity_id, offer_id))
        continue;
      outcome.seq = entry->seq;
      dd_store_end_outbox_entry_async (store, &outcome, NULL, result_cb, &ended_result);
      g_assert_true (dd_store_save_finish (store, wait_result (&ended_result), &error));
      g_assert_no_error (error);
      ended++;
    }
  g_assert_cmpuint (ended, >, 0);
}

static void
edit_title (DdOfferEditing *editing,
            DdOffer        *offer,
            const char     *title)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DdOfferEditContext maya = { "Maya Okafor", DD_ROLE_PRODUCER, NULL, NULL, 0 };

  dd_offer_editing_set_field_async (editing, offer, DD_OFFER_FIELD_TITLE, title, &maya, NULL,
                                    result_cb, &result);
  g_assert_true (dd_offer_editing_finish (editing, wait_result (&result), NULL, &error));
  g_assert_no_error (error);
}

static gboolean
row_synced (Fixture *fixture)
{
  DdOffer *offer = g_object_get_data (G_OBJECT (fixture->window), "offer");

  return dd_offer_get_sync_state (offer) == DD_SYNC_STATE_SYNCED;
}

static gboolean
row_conflicted (Fixture *fixture)
{
  return find_label (fixture->window, "Conflict") != NULL;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* The sync column follows the outbox while the drop is open: an edit shows
 * Pending, its entry sent by the sync engine shows Synced, a conflict
 * shows Conflict — without reopening the drop, and without touching the
 * rows of offers whose state did not change. */
static void
test_sync_column (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DdDropSession) session = start_demo (fixture->dir);
  DdStore *store = dd_drop_session_get_store (session);
  g_autoptr(DdOfferEditing) editing = dd_offer_editing_new (store);
  g_autoptr(DdOffer) offer = g_list_model_get_item (dd_drop_session_get_offers (session), 0);
  g_autoptr(DdOffer) other = g_list_model_get_item (dd_drop_session_get_offers (session), 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = dd_offers_page_new ();
  GtkWidget *button = dd_sync_button_new ();
  DdOutboxOutcome sent = { .state = DD_OUTBOX_STATE_DONE };
  DdOutboxOutcome conflict = {
    .state = DD_OUTBOX_STATE_CONFLICTED,
    .message = "Changed in Medusa since the edit was made: title",
    .base = "{\"title\": \"Box Tee, sent\"}",
    .local = "{\"title\": \"Box Tee, ours\"}",
    .remote = "{\"title\": \"Box Tee, theirs\"}",
  };
  guint other_notified = 0;

  /* As the window wires them: the header's button and the list. */
  gtk_box_append (GTK_BOX (box), button);
  gtk_box_append (GTK_BOX (box), page);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (fixture->window), box);
  g_signal_connect_object (button, "outbox-changed", G_CALLBACK (dd_offers_page_refresh_sync), page,
                           G_CONNECT_SWAPPED);
  dd_sync_button_set_store (DD_SYNC_BUTTON (button), store);
  dd_page_set_session (DD_PAGE (page), session);
  g_object_set_data (G_OBJECT (fixture->window), "offer", offer);
  g_assert_cmpint (dd_offer_get_sync_state (offer), ==, DD_SYNC_STATE_SYNCED);
  g_assert_cmpint (dd_offer_get_sync_state (other), ==, DD_SYNC_STATE_SYNCED);
  g_signal_connect (other, "notify::sync-state", G_CALLBACK (count_notify_cb), &other_notified);
  g_signal_connect (other, "notify::remote-gone", G_CALLBACK (count_notify_cb), &other_notified);

  /* An edit: Pending at once. */
  edit_title (editing, offer, "Box Tee, sent");
  g_assert_cmpstr (dd_offers_page_dup_cell_text (offer, 6), ==, "Pending");

  /* The sync engine sends it: Synced, in the list that is open. */
  end_outbox_entries (store, dd_offer_get_id (offer), sent);
  run_until (row_synced, fixture);
  g_assert_cmpstr (dd_offers_page_dup_cell_text (offer, 6), ==, "Synced");

  /* Another edit meets a change made in Medusa: Conflict, in its row. */
  edit_title (editing, offer, "Box Tee, ours");
  g_assert_null (find_label (fixture->window, "Conflict"));
  end_outbox_entries (store, dd_offer_get_id (offer), conflict);
  run_until (row_conflicted, fixture);
  g_assert_cmpint (dd_offer_get_sync_state (offer), ==, DD_SYNC_STATE_CONFLICTED);

  /* The other offer's row was left alone. */
  g_assert_cmpuint (other_notified, ==, 0);
  g_signal_handlers_disconnect_by_func (other, count_notify_cb, &other_notified);

  dd_page_set_session (DD_PAGE (page), NULL);
  dd_sync_button_set_store (DD_SYNC_BUTTON (button), NULL);
  dd_drop_session_stop (session);
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/dropdeck/ui/offer-editor/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("templates", test_templates);
  ADD ("inline-error", test_inline_error);
  ADD ("chat-link", test_chat_link);
  ADD ("pending-approval", test_pending_approval);
  ADD ("go-live-dialog", test_go_live_dialog);
  ADD ("ledger-tampered", test_ledger_tampered);
  ADD ("bundle-components", test_bundle_components);
  ADD ("removed-in-medusa", test_removed_in_medusa);
  ADD ("sync-column", test_sync_column);
#undef ADD

  return g_test_run ();
}
