/* dd-ctl-demo.c — `dropdeckctl demo --headless`: the simulated drop without a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "dd-ctl.h"
#include "dd-drop-session.h"

typedef struct
{
  GMainLoop     *loop;
  DdDropSession *session;
  GError        *error;
  guint          timeout_id;
  int            seconds;
} DemoRun;

static gboolean
quit_cb (gpointer user_data)
{
  DemoRun *run = user_data;

  run->timeout_id = 0;
  g_main_loop_quit (run->loop);

  return G_SOURCE_REMOVE;
}

static gboolean
signal_cb (gpointer user_data)
{
  DemoRun *run = user_data;

  g_main_loop_quit (run->loop);

  return G_SOURCE_CONTINUE;
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  DemoRun *run = user_data;

  if (!dd_drop_session_start_finish (DD_DROP_SESSION (source), result, &run->error))
    {
      g_main_loop_quit (run->loop);
      return;
    }

  run->timeout_id = g_timeout_add ((guint) run->seconds * 1000, quit_cb, run);
}

static guint
count_bundles (GListModel *offers)
{
  guint n = g_list_model_get_n_items (offers);
  guint bundles = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (offers, i);

      if (dd_offer_is_bundle (offer))
        bundles++;
    }

  return bundles;
}

static guint
count_checklist_items (GListModel *checklists)
{
  guint n = g_list_model_get_n_items (checklists);
  guint items = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GListModel) checklist = g_list_model_get_item (checklists, i);

      items += g_list_model_get_n_items (checklist);
    }

  return items;
}

static void
print_counts (DdDropSession *session,
              int            seconds)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *revenue_text = NULL;
  DdMoney revenue = dd_drop_session_get_revenue (session);

  revenue_text = dd_money_to_string (&revenue);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_int_value (builder, seconds);
  json_builder_set_member_name (builder, "rate");
  json_builder_add_double_value (builder, dd_drop_session_get_chat_rate (session));
  json_builder_set_member_name (builder, "messages");
  json_builder_add_int_value (builder, (gint64) dd_drop_session_get_messages_received (session));
  json_builder_set_member_name (builder, "messages_archived");
  json_builder_add_int_value (builder, (gint64) dd_drop_session_get_messages_archived (session));
  json_builder_set_member_name (builder, "messages_flagged");
  json_builder_add_int_value (builder, (gint64) dd_drop_session_get_messages_flagged (session));
  json_builder_set_member_name (builder, "orders");
  json_builder_add_int_value (builder, (gint64) dd_drop_session_get_order_count (session));
  json_builder_set_member_name (builder, "units_sold");
  json_builder_add_int_value (builder, (gint64) dd_drop_session_get_units_sold (session));
  json_builder_set_member_name (builder, "revenue");
  json_builder_add_string_value (builder, revenue_text);
  json_builder_set_member_name (builder, "offers");
  json_builder_add_int_value (builder, g_list_model_get_n_items (dd_drop_session_get_offers (session)));
  json_builder_set_member_name (builder, "bundles");
  json_builder_add_int_value (builder, count_bundles (dd_drop_session_get_offers (session)));
  json_builder_set_member_name (builder, "hubs");
  json_builder_add_int_value (builder, g_list_model_get_n_items (dd_drop_session_get_hubs (session)));
  json_builder_set_member_name (builder, "checklist_items");
  json_builder_add_int_value (builder, count_checklist_items (dd_drop_session_get_checklists (session)));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  g_print ("%s\n", json);
}

int
dd_ctl_demo_main (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(DdDropSession) session = NULL;
  g_autofree char *profile = NULL;
  gboolean headless = FALSE;
  int seconds = 10;
  double rate = 200.0;
  guint sigint_id, sigterm_id;
  DemoRun run = { 0 };
  const GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &headless, N_("Run without a window (required)"), NULL },
    { "seconds", 's', 0, G_OPTION_ARG_INT, &seconds, N_("How long to run the drop (default: 10)"), N_("N") },
    { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &rate, N_("Simulated chat messages a second, 1 to 5,000 (default: 200)"), N_("R") },
    { "profile", 'p', 0, G_OPTION_ARG_FILENAME, &profile,
      N_("The demo profile folder (default: the user data folder’s dropdeck/demo)"), N_("DIR") },
    { NULL }
  };

  g_set_prgname ("dropdeckctl demo");
  context = g_option_context_new (_("— run the simulated demo drop without a window"));
  g_option_context_set_summary (context,
                                _("Seeds the demo drop in its own profile on first use, runs simulated "
                                  "chat, orders and squad traffic for the given time, then prints "
                                  "the counts as one JSON object."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return dd_ctl_report_error (error);

  if (argc > 1)
    {
      g_printerr (_("dropdeckctl: unexpected argument “%s”\n"), argv[1]);
      return DD_CTL_EXIT_FAILED;
    }
  if (!headless)
    {
      g_printerr (_("dropdeckctl: demo needs --headless; run “dropdeck --demo” for the window\n"));
      return DD_CTL_EXIT_FAILED;
    }
  if (seconds < 1 || seconds > 24 * 3600)
    {
      g_printerr (_("dropdeckctl: --seconds must be between 1 and 86400\n"));
      return DD_CTL_EXIT_FAILED;
    }
  if (!(rate >= 1.0 && rate <= 5000.0))
    {
      g_printerr (_("dropdeckctl: --rate must be between 1 and 5000 messages a second\n"));
      return DD_CTL_EXIT_FAILED;
    }

  if (profile == NULL)
    profile = dd_ctl_default_data_path ("demo");

  loop = g_main_loop_new (NULL, FALSE);
  session = dd_drop_session_new_demo (profile);
  dd_drop_session_set_chat_rate (session, rate);

  run.loop = loop;
  run.session = session;
  run.seconds = seconds;

  sigint_id = g_unix_signal_add (SIGINT, signal_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, signal_cb, &run);

  dd_drop_session_start_async (session, NULL, started_cb, &run);
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&run.timeout_id, g_source_remove);

  if (run.error != NULL)
    {
      g_autoptr(GError) start_error = g_steal_pointer (&run.error);
      return dd_ctl_report_error (start_error);
    }

  dd_drop_session_stop (session);
  print_counts (session, seconds);

  return DD_CTL_EXIT_OK;
}
