/* dd-ctl-checklist.c — `dropdeckctl checklist …` and `dropdeckctl poll …`:
 * the drop's checklists, their templates, the signed report and the
 * go/no-go poll, without a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dd-checklist-desk.h"
#include "dd-comms-probe.h"
#include "dd-credentials.h"
#include "dd-ctl.h"
#include "dd-squad-account.h"
#include "dd-store.h"
#include "dd-store-sync.h"

/* A database with the drop's checklists loaded, and the desk on them. */
typedef struct
{
  DdStore *store;
  GListStore *checklists;
  DdChecklistDesk *desk;
} Session;

static void
session_clear (Session *session)
{
  if (session->store != NULL)
    dd_store_close (session->store);
  g_clear_object (&session->desk);
  g_clear_object (&session->checklists);
  g_clear_object (&session->store);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Session, session_clear)

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs the default main context until `*slot` holds the result. */
static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* The stock levels, for the stock probe. */
static gboolean
session_load_stock (Session  *session,
                    GError  **error)
{
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GPtrArray) levels = NULL;
  g_autoptr(GListStore) model = g_list_store_new (DD_TYPE_STOCK_LEVEL);

  dd_store_load_stock_async (session->store, NULL, result_cb, &loaded);
  levels = dd_store_load_finish (session->store, wait_for (&loaded), error);
  if (levels == NULL)
    return FALSE;
  g_list_store_splice (model, 0, 0, levels->pdata, levels->len);
  dd_checklist_desk_set_stock (session->desk, G_LIST_MODEL (model));
  return TRUE;
}

static gboolean
session_open (Session     *session,
              const char  *path,
              GError     **error)
{
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) polled = NULL;
  g_autoptr(GPtrArray) checklists = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("there is no database at %s (give one with --path)"), path);
      return FALSE;
    }

  session->store = dd_store_open_sync (path, NULL, error);
  if (session->store == NULL)
    return FALSE;

  dd_store_load_checklists_async (session->store, NULL, result_cb, &loaded);
  checklists = dd_store_load_finish (session->store, wait_for (&loaded), error);
  if (checklists == NULL)
    return FALSE;
  session->checklists = g_list_store_new (DD_TYPE_CHECKLIST);
  g_list_store_splice (session->checklists, 0, 0, checklists->pdata, checklists->len);

  session->desk = dd_checklist_desk_new (session->store, G_LIST_MODEL (session->checklists));
  if (!session_load_stock (session, error))
    return FALSE;
  dd_checklist_desk_load_poll_async (session->desk, NULL, result_cb, &polled);
  return dd_checklist_desk_finish (session->desk, wait_for (&polled), error);
}

struct _DdCtlChecklists
{
  Session session;
};

DdCtlChecklists *
dd_ctl_checklists_open (const char  *path,
                        GError     **error)
{
  DdCtlChecklists *checklists = g_new0 (DdCtlChecklists, 1);

  if (!session_open (&checklists->session, path, error))
    {
      dd_ctl_checklists_free (checklists);
      return NULL;
    }
  return checklists;
}

gpointer
dd_ctl_checklists_get_desk (DdCtlChecklists *checklists)
{
  return checklists->session.desk;
}

void
dd_ctl_checklists_free (DdCtlChecklists *checklists)
{
  session_clear (&checklists->session);
  g_free (checklists);
}

static gboolean
write_output (const char  *output,
              const char  *text,
              GError     **error)
{
  if (output == NULL)
    {
      g_print ("%s", text);
      return TRUE;
    }
  return g_file_set_contents (output, text, -1, error);
}

static gboolean
parse_role (const char  *nick,
            DdRole      *role,
            GError     **error)
{
  if (nick == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--role is needed: producer, ops-lead, creator-liaison, mod-trust-lead "
                             "or engineer-on-call"));
      return FALSE;
    }
  if (!dd_role_from_nick (nick, role))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a role: use producer, ops-lead, creator-liaison, mod-trust-lead "
                     "or engineer-on-call"), nick);
      return FALSE;
    }
  return TRUE;
}

static void
add_item_json (JsonBuilder     *builder,
               DdChecklist     *checklist,
               DdChecklistItem *item)
{
  g_autoptr(GPtrArray) waiting = dd_checklist_dup_waiting_for (checklist, item);
  g_autofree char *signer = dd_checklist_item_dup_signer_label (item);
  g_autoptr(GEnumClass) states = g_type_class_ref (DD_TYPE_CHECKLIST_ITEM_STATE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "checklist");
  json_builder_add_string_value (builder, dd_checklist_get_id (checklist));
  json_builder_set_member_name (builder, "item");
  json_builder_add_string_value (builder, dd_checklist_item_get_id (item));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, dd_checklist_item_get_title (item));
  json_builder_set_member_name (builder, "owner");
  json_builder_add_string_value (builder, dd_role_to_nick (dd_checklist_item_get_owner (item)));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, g_enum_get_value (states, dd_checklist_item_get_state (item))->value_nick);
  json_builder_set_member_name (builder, "blocking");
  json_builder_add_boolean_value (builder, dd_checklist_item_get_blocking (item));
  json_builder_set_member_name (builder, "due_offset");
  json_builder_add_int_value (builder, dd_checklist_item_get_due_offset (item));
  json_builder_set_member_name (builder, "waiting_for");
  json_builder_begin_array (builder);
  for (guint i = 0; i < waiting->len; i++)
    json_builder_add_string_value (builder, dd_checklist_item_get_id (g_ptr_array_index (waiting, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "signed_by");
  json_builder_add_string_value (builder, signer);
  json_builder_set_member_name (builder, "evidence");
  json_builder_add_string_value (builder, dd_checklist_item_get_evidence (item));
  json_builder_end_object (builder);
}

/* One JSON line an item: `role`'s items, or everyone's. */
static int
checklist_list (Session    *session,
                const char *role_nick)
{
  g_autoptr(GError) error = NULL;
  DdRole role = DD_CHECKLIST_ANY_ROLE;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (session->checklists));

  if (role_nick != NULL && !parse_role (role_nick, &role, &error))
    return dd_ctl_report_error (error);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdChecklist) checklist = g_list_model_get_item (G_LIST_MODEL (session->checklists), i);
      g_autoptr(GPtrArray) items = dd_checklist_dup_items_for_role (checklist, role);

      for (guint k = 0; k < items->len; k++)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) root = NULL;
          g_autofree char *line = NULL;

          add_item_json (builder, checklist, g_ptr_array_index (items, k));
          root = json_builder_get_root (builder);
          line = json_to_string (root, FALSE);
          g_print ("%s\n", line);
        }
    }

  return DD_CTL_EXIT_OK;
}

static int
checklist_template_export (Session    *session,
                           const char *output)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  dd_store_load_checklist_templates_async (session->store, NULL, result_cb, &result);
  templates = dd_store_load_finish (session->store, wait_for (&result), &error);
  if (templates == NULL)
    return dd_ctl_report_error (error);
  if (templates->len == 0)
    {
      g_ptr_array_unref (templates);
      templates = dd_checklist_template_new_defaults ();
    }

  json = dd_checklist_templates_to_json (templates);
  if (!write_output (output, json, &error))
    return dd_ctl_report_error (error);
  return DD_CTL_EXIT_OK;
}

/* Reads and checks the whole file first: a bad file changes nothing. */
static int
checklist_template_import (Session    *session,
                           const char *file_path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (file_path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;

  templates = dd_checklist_templates_load (file, NULL, &error);
  if (templates == NULL)
    return dd_ctl_report_error (error);

  dd_store_save_checklist_templates_async (session->store, templates, NULL, result_cb, &result);
  if (!dd_store_save_finish (session->store, wait_for (&result), &error))
    return dd_ctl_report_error (error);

  g_printerr (g_dngettext (GETTEXT_PACKAGE,
                           "dropdeckctl: imported %u checklist template\n",
                           "dropdeckctl: imported %u checklist templates\n", templates->len),
              templates->len);
  return DD_CTL_EXIT_OK;
}

/* The due times are relative to the drop start the database keeps;
 * `format` is "csv" or "pdf" (which needs a file). */
static int
checklist_report (Session    *session,
                  const char *format,
                  const char *output)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *start_text = dd_store_get_meta_sync (session->store, "drop-start", NULL);
  g_autofree char *title = dd_store_get_meta_sync (session->store, "title", NULL);
  gint64 start = start_text != NULL ? g_ascii_strtoll (start_text, NULL, 10) : 0;
  g_autofree char *csv = NULL;
  g_autoptr(GBytes) pdf = NULL;

  if (g_strcmp0 (format, "pdf") == 0)
    {
      if (output == NULL)
        {
          g_printerr (_("dropdeckctl: a PDF report needs --output FILE\n"));
          return DD_CTL_EXIT_FAILED;
        }
      pdf = dd_checklist_desk_dup_report_pdf (session->desk, title, start, &error);
      if (pdf == NULL
          || !g_file_set_contents (output, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error))
        return dd_ctl_report_error (error);
      return DD_CTL_EXIT_OK;
    }

  csv = dd_checklist_desk_dup_report_csv (session->desk, start);
  if (!write_output (output, csv, &error))
    return dd_ctl_report_error (error);
  return DD_CTL_EXIT_OK;
}

static int
checklist_sign_off (Session    *session,
                    const char *checklist_id,
                    const char *item_id,
                    const char *role_nick,
                    const char *member,
                    const char *note)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DdRole role;

  if (!parse_role (role_nick, &role, &error))
    return dd_ctl_report_error (error);

  dd_checklist_desk_sign_off_async (session->desk, checklist_id, item_id, role, member, note,
                                    NULL, result_cb, &result);
  if (!dd_checklist_desk_finish (session->desk, wait_for (&result), &error))
    return dd_ctl_report_error (error);
  return DD_CTL_EXIT_OK;
}

/* The comms probe's target: the squad account's secondary server. */
static void
session_set_comms_target (Session *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  char *password = NULL;

  dd_squad_account_lookup_secondary_async (NULL, NULL, result_cb, &result);
  if (dd_squad_account_lookup_secondary_finish (wait_for (&result), &url, &user, &password, &error))
    dd_checklist_desk_set_comms_target (session->desk, url, user, password);
  else if (error != NULL)
    g_printerr ("%s\n", error->message);
  dd_credentials_free_secret (password);
}

/* Exits 0 when the probe passed, 1 when it failed or could not run. */
static int
checklist_probe (Session    *session,
                 const char *checklist_id,
                 const char *item_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DdChecklist *checklist;
  DdChecklistItem *item;

  checklist = dd_checklist_desk_lookup (session->desk, checklist_id);
  item = checklist != NULL ? dd_checklist_lookup (checklist, item_id) : NULL;
  if (item != NULL && g_strcmp0 (dd_checklist_item_get_probe_id (item), DD_CHECKLIST_PROBE_COMMS_REACHABLE) == 0)
    session_set_comms_target (session);

  dd_checklist_desk_run_probe_async (session->desk, checklist_id, item_id, NULL, result_cb, &result);
  if (!dd_checklist_desk_finish (session->desk, wait_for (&result), &error))
    return dd_ctl_report_error (error);

  checklist = dd_checklist_desk_lookup (session->desk, checklist_id);
  item = dd_checklist_lookup (checklist, item_id);
  g_print ("%s: %s\n",
           dd_checklist_item_get_state (item) == DD_CHECKLIST_ITEM_DONE ? _("passed") : _("failed"),
           dd_checklist_item_get_evidence (item));
  return dd_checklist_item_get_state (item) == DD_CHECKLIST_ITEM_DONE ? DD_CTL_EXIT_OK : DD_CTL_EXIT_FAILED;
}

int
dd_ctl_checklist_main (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *role = NULL;
  g_autofree char *member = NULL;
  g_autofree char *note = NULL;
  g_auto(Session) session = { NULL };
  g_autofree char *format = NULL;
  gboolean csv = FALSE;
  const GOptionEntry entries[] = {
    { "path", 'p', 0, G_OPTION_ARG_FILENAME, &path,
      N_("The database (default: the user data folder’s dropdeck/dropdeck.db)"), N_("FILE") },
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role,
      N_("list: only the items this role owns (“My items”); sign-off: who signs"), N_("ROLE") },
    { "member", 'm', 0, G_OPTION_ARG_STRING, &member, N_("sign-off: the squad member’s name"), N_("NAME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("sign-off: a note for the squad"), N_("TEXT") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("export: write the report as CSV (the same as report --format csv)"), NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("report: pdf or csv (default: csv)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  gboolean is_list, is_export, is_report, is_template_export, is_template_import, is_probe, is_sign_off;

  g_set_prgname ("dropdeckctl checklist");
  context = g_option_context_new (_("list|report|export|template export|template import FILE|probe|sign-off CHECKLIST ITEM"));
  g_option_context_set_summary (context,
                                _("list: one JSON line an item (owner, state, blocking, what it waits for, "
                                  "who signed it off, a probe’s evidence); --role ROLE for one role’s items.\n"
                                  "report --format pdf|csv --output FILE: the signed report — every item "
                                  "with its sign-off and evidence, then every go/no-go answer and the "
                                  "outcome; a PDF (A4, items grouped by phase) or CSV (export --csv is "
                                  "the same CSV).\n"
                                  "template export: the squad’s checklist templates as JSON (the defaults "
                                  "when none were imported).\n"
                                  "template import FILE: checks the whole file (a bad one is refused "
                                  "naming the line and field, and nothing changes) and keeps its templates.\n"
                                  "probe CHECKLIST ITEM: runs an automated item's probe and stores its pass "
                                  "or fail with the evidence; exits 0 when it passed, 1 otherwise.\n"
                                  "sign-off CHECKLIST ITEM --role ROLE: signs a manual item off as that role "
                                  "(its owner, once every item it waits for is done), with --note."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return dd_ctl_report_error (error);

  is_list = argc == 2 && g_str_equal (argv[1], "list");
  is_export = argc == 2 && g_str_equal (argv[1], "export");
  is_report = argc == 2 && g_str_equal (argv[1], "report");
  is_template_export = argc == 3 && g_str_equal (argv[1], "template") && g_str_equal (argv[2], "export");
  is_template_import = argc == 4 && g_str_equal (argv[1], "template") && g_str_equal (argv[2], "import");
  is_probe = argc == 4 && g_str_equal (argv[1], "probe");
  is_sign_off = argc == 4 && g_str_equal (argv[1], "sign-off");
  if (!is_list && !is_export && !is_report && !is_template_export && !is_template_import && !is_probe && !is_sign_off)
    {
      g_printerr (_("dropdeckctl: usage: dropdeckctl checklist list [--role ROLE] [--path FILE]\n"
                    "       dropdeckctl checklist report [--format pdf|csv] [--output FILE] [--path FILE]\n"
                    "       dropdeckctl checklist export --csv [--output FILE] [--path FILE]\n"
                    "       dropdeckctl checklist template export [--output FILE] [--path FILE]\n"
                    "       dropdeckctl checklist template import FILE [--path FILE]\n"
                    "       dropdeckctl checklist probe CHECKLIST ITEM [--path FILE]\n"
                    "       dropdeckctl checklist sign-off CHECKLIST ITEM --role ROLE [--member NAME] [--note TEXT]\n"));
      return DD_CTL_EXIT_FAILED;
    }
  if (is_export && !csv)
    {
      g_printerr (_("dropdeckctl: checklist export writes CSV: add --csv\n"));
      return DD_CTL_EXIT_FAILED;
    }
  if (is_report && format != NULL && !g_str_equal (format, "pdf") && !g_str_equal (format, "csv"))
    {
      g_printerr (_("dropdeckctl: unknown report format “%s”: use pdf or csv\n"), format);
      return DD_CTL_EXIT_FAILED;
    }

  if (path == NULL)
    path = dd_ctl_default_data_path ("dropdeck.db");
  if (!session_open (&session, path, &error))
    return dd_ctl_report_error (error);

  if (is_list)
    return checklist_list (&session, role);
  if (is_export || is_report)
    return checklist_report (&session, is_report ? format : "csv", output);
  if (is_template_export)
    return checklist_template_export (&session, output);
  if (is_probe)
    return checklist_probe (&session, argv[2], argv[3]);
  if (is_sign_off)
    return checklist_sign_off (&session, argv[2], argv[3], role, member, note);
  return checklist_template_import (&session, argv[3]);
}

static void
print_poll (DdGoNoGoPoll *poll)
{
  g_autofree char *summary = NULL;

  if (poll == NULL)
    {
      g_print ("%s\n", _("No go/no-go poll yet"));
      return;
    }

  for (guint i = 0; i < dd_go_no_go_poll_get_n_votes (poll); i++)
    {
      const DdPollVote *vote = dd_go_no_go_poll_get_vote (poll, i);

      g_print ("%s: %s%s%s\n", dd_role_get_display_name (vote->role),
               vote->answer == DD_POLL_ANSWER_GO ? _("GO") : _("NO-GO"),
               vote->reason != NULL ? " — " : "", vote->reason != NULL ? vote->reason : "");
    }
  summary = dd_go_no_go_poll_dup_summary (poll);
  g_print ("%s\n", summary);
}

int
dd_ctl_poll_main (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *path = NULL;
  g_autofree char *role_nick = NULL;
  g_autofree char *member = NULL;
  g_autofree char *answer_nick = NULL;
  g_autofree char *reason = NULL;
  g_auto(Session) session = { NULL };
  DdPollAnswer answer = DD_POLL_ANSWER_GO;
  DdRole role = DD_ROLE_PRODUCER;
  const GOptionEntry entries[] = {
    { "path", 'p', 0, G_OPTION_ARG_FILENAME, &path,
      N_("The database (default: the user data folder’s dropdeck/dropdeck.db)"), N_("FILE") },
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role_nick, N_("Who acts: a role nick"), N_("ROLE") },
    { "member", 'm', 0, G_OPTION_ARG_STRING, &member, N_("The squad member’s name"), N_("NAME") },
    { "answer", 'a', 0, G_OPTION_ARG_STRING, &answer_nick, N_("answer: go or no-go"), N_("ANSWER") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("answer: why (needed for no-go)"), N_("TEXT") },
    { NULL }
  };

  g_set_prgname ("dropdeckctl poll");
  context = g_option_context_new (_("open|answer|show — the go/no-go poll"));
  g_option_context_set_summary (context,
                                _("open --role producer: opens a new poll (only the Producer may).\n"
                                  "answer --role ROLE --answer go|no-go [--reason TEXT]: each role answers "
                                  "once, in turn (Ops lead, Creator liaison, Mod & trust lead, Engineer "
                                  "on-call, Producer). An open blocking pre-drop item forces NO-GO; the "
                                  "last answer decides the poll and writes it to the ledger.\n"
                                  "show: the answers so far and the outcome."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return dd_ctl_report_error (error);

  if (argc != 2 || (!g_str_equal (argv[1], "open") && !g_str_equal (argv[1], "answer")
                    && !g_str_equal (argv[1], "show")))
    {
      g_printerr (_("dropdeckctl: usage: dropdeckctl poll open --role producer [--member NAME] [--path FILE]\n"
                    "       dropdeckctl poll answer --role ROLE --answer go|no-go [--reason TEXT] [--member NAME]\n"
                    "       dropdeckctl poll show [--path FILE]\n"));
      return DD_CTL_EXIT_FAILED;
    }

  if (!g_str_equal (argv[1], "show") && !parse_role (role_nick, &role, &error))
    return dd_ctl_report_error (error);
  if (g_str_equal (argv[1], "answer") && !dd_poll_answer_from_nick (answer_nick, &answer))
    {
      g_printerr (_("dropdeckctl: --answer is go or no-go\n"));
      return DD_CTL_EXIT_FAILED;
    }

  if (path == NULL)
    path = dd_ctl_default_data_path ("dropdeck.db");
  if (!session_open (&session, path, &error))
    return dd_ctl_report_error (error);

  if (g_str_equal (argv[1], "open"))
    dd_checklist_desk_open_poll_async (session.desk, role, member, NULL, result_cb, &result);
  else if (g_str_equal (argv[1], "answer"))
    dd_checklist_desk_answer_poll_async (session.desk, role, member, answer, reason, NULL, result_cb, &result);

  if (result != NULL || !g_str_equal (argv[1], "show"))
    if (!dd_checklist_desk_finish (session.desk, wait_for (&result), &error))
      return dd_ctl_report_error (error);

  print_poll (dd_checklist_desk_get_poll (session.desk));
  return DD_CTL_EXIT_OK;
}
