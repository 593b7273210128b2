/* dd-ctl-squad.c — `dropdeckctl squad nats-config|tail|send`: the squad channel headless
 *
 * nats-config turns a roster into the nats-server authorization block (one
 * user per member, permissions by role); tail prints the squad's events as
 * JSON lines (messages, cues, alerts, presence, shared state); send
 * publishes one message, cue or alert. tail and send take the squad
 * account (`dropdeckctl account set squad --url URL --user NAME`, secret in
 * the keyring) unless --url and --user are given, with the password then on
 * standard input (--password-stdin).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "dd-credentials.h"
#include "dd-ctl.h"
#include "dd-nats-squad-channel.h"
#include "dd-nats-squad-venue.h"
#include "dd-squad-roster.h"

#define CONNECT_TIMEOUT_S 15

typedef struct
{
  char     *url;
  char     *user;
  char     *squad;
  char     *role;
  gboolean  password_stdin;
  gboolean  insecure;
} ConnectOptions;

typedef struct
{
  GMainLoop     *loop;
  JsonGenerator *generator;
  guint          count;
  guint          printed;
  guint          timeout_id;
  GAsyncResult  *result;
} SquadRun;

static void
keep_result_cb (GObject      *source G_GNUC_UNUSED,
                GAsyncResult *result,
                gpointer      user_data)
{
  SquadRun *run = user_data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  SquadRun *run = user_data;

  run->timeout_id = 0;
  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

/* Runs the loop until an async call started with keep_result_cb ends. */
static GAsyncResult *
run_until_result (SquadRun *run)
{
  g_clear_object (&run->result);
  if (run->result == NULL)
    g_main_loop_run (run->loop);
  return run->result;
}

static gboolean
resolve_account (ConnectOptions  *options,
                 char           **password,
                 GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DdAccount) account = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  SquadRun run = { 0 };

  if (options->url == NULL)
    {
      g_autofree char *path = dd_credentials_default_accounts_path ();
      g_autoptr(GPtrArray) accounts = dd_credentials_load_accounts (path, error);

      if (accounts == NULL)
        return FALSE;
      for (guint i = 0; i < accounts->len; i++)
        {
          const DdAccount *candidate = g_ptr_array_index (accounts, i);

          if (g_str_equal (candidate->service, "squad"))
            {
              options->url = g_strdup (candidate->url);
              if (options->user == NULL)
                options->user = g_strdup (candidate->user);
            }
        }
      if (options->url == NULL)
        {
          g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                       _("No squad account: run “dropdeckctl account set squad --url URL --user NAME” "
                         "or give --url and --user"));
          return FALSE;
        }
    }
  if (options->user == NULL)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                   _("The squad account needs a user: your login in the squad roster"));
      return FALSE;
    }
  if (options->password_stdin)
    {
      *password = dd_ctl_read_secret_line ();
      return TRUE;
    }
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  account = dd_account_new ("squad", options->url, options->user);
  dd_credentials_lookup_async (account, NULL, keep_result_cb, &run);
  *password = dd_credentials_lookup_finish (run_until_result (&run), error);
  g_clear_object (&run.result);
  if (*password == NULL && *error == NULL)
    g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                 _("The keyring holds no password for %s at %s: run “dropdeckctl account set squad” "
                   "or give --password-stdin"), options->user, options->url);
  return *password != NULL;
}

/* A connected client and a channel for this member, or NULL with a reason. */
static DdNatsSquadChannel *
open_channel (ConnectOptions  *options,
              SquadRun        *run,
              DdNatsClient   **client_out,
              GError         **error)
{
  g_autoptr(DdNatsClient) client = NULL;
  g_autoptr(DdNatsSquadChannel) channel = NULL;
  char *password = NULL;
  g_auto(GStrv) servers = NULL;
  DdRole role;
  gboolean connected;

  if (options->squad == NULL || options->role == NULL || !dd_role_from_nick (options->role, &role))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Give --squad NAME and --role ROLE (producer, ops-lead, creator-liaison, "
                     "mod-trust-lead or engineer-on-call), as in the squad roster"));
      return NULL;
    }
  /* The client itself refuses plain ws:// and nats:// beyond this computer. */
  if (!resolve_account (options, &password, error))
    return NULL;

  /* "primary,secondary": the client moves on down the list when one fails. */
  servers = g_strsplit (options->url, ",", -1);
  client = dd_nats_client_new ((const char * const *) servers);
  dd_nats_client_set_name (client, "dropdeckctl");
  dd_nats_client_set_allow_insecure (client, options->insecure);
  dd_nats_client_set_credentials (client, options->user, password);
  dd_credentials_free_secret (password);
  channel = dd_nats_squad_channel_new (client, options->squad, options->user, NULL, role, NULL, error);
  if (channel == NULL)
    return NULL;

  run->timeout_id = g_timeout_add_seconds (CONNECT_TIMEOUT_S, timeout_cb, run);
  dd_nats_client_connect_async (client, NULL, keep_result_cb, run);
  connected = run_until_result (run) != NULL &&
              dd_nats_client_connect_finish (client, run->result, error);
  g_clear_handle_id (&run->timeout_id, g_source_remove);
  g_clear_object (&run->result);
  if (!connected)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_TIMEOUT,
                     _("The squad server at %s did not answer in %d s"), options->url, CONNECT_TIMEOUT_S);
      dd_nats_client_close (client);
      return NULL;
    }
  *client_out = g_steal_pointer (&client);
  return g_steal_pointer (&channel);
}

static void
print_object (SquadRun   *run,
              JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *json = NULL;

  json_generator_set_root (run->generator, root);
  json = json_generator_to_data (run->generator, NULL);
  g_print ("%s\n", json);
  fflush (stdout);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
event_cb (DdNatsSquadChannel *channel,
          DdChatMessage      *message,
          SquadRun           *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (dd_chat_message_get_timestamp (message) / G_USEC_PER_SEC);
  g_autofree char *time_text = time != NULL ? g_date_time_format_iso8601 (time) : NULL;
  DdChatSource source = dd_chat_message_get_source (message);

  json_builder_begin_object (builder);
  add_string (builder, "type", source == DD_CHAT_SOURCE_CUE ? "cue"
                               : source == DD_CHAT_SOURCE_ALERT ? "alert" : "msg");
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, (gint64) dd_nats_squad_channel_get_cursor (channel));
  add_string (builder, "id", dd_chat_message_get_id (message));
  add_string (builder, "time", time_text);
  add_string (builder, "author", dd_chat_message_get_author_login (message));
  add_string (builder, "display_name", dd_chat_message_get_display_name (message));
  add_string (builder, "text", dd_chat_message_get_text (message));
  json_builder_end_object (builder);
  print_object (run, builder);

  if (run->count > 0 && ++run->printed >= run->count)
    g_main_loop_quit (run->loop);
}

static void
presence_cb (DdSquadMember *member,
             GParamSpec    *pspec,
             SquadRun      *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  add_string (builder, "type", "presence");
  add_string (builder, "member", dd_squad_member_get_name (member));
  add_string (builder, "role", dd_role_to_nick (dd_squad_member_get_role (member)));
  add_string (builder, "device", dd_squad_member_get_device (member));
  add_string (builder, "presence", dd_squad_presence_to_nick (dd_squad_member_get_presence (member)));
  json_builder_end_object (builder);
  print_object (run, builder);
}

static void
members_changed_cb (GListModel *members,
                    guint       position,
                    guint       removed,
                    guint       added,
                    SquadRun   *run)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(DdSquadMember) member = g_list_model_get_item (members, i);

      g_signal_connect (member, "notify::presence", G_CALLBACK (presence_cb), run);
      presence_cb (member, NULL, run);
    }
}

static void
state_changed_cb (DdNatsSquadChannel *channel,
                  const char         *key,
                  const char         *value,
                  guint64             revision,
                  SquadRun           *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  add_string (builder, "type", "state");
  add_string (builder, "key", key);
  add_string (builder, "value", value);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, (gint64) revision);
  json_builder_end_object (builder);
  print_object (run, builder);
}

static void
failed_cb (DdNatsSquadChannel *channel,
           const GError       *error,
           gpointer            user_data)
{
  g_printerr ("dropdeckctl: %s\n", error->message);
}

static int
squad_tail (ConnectOptions *options,
            gint64          after,
            int             seconds,
            int             count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(DdNatsClient) client = NULL;
  g_autoptr(DdNatsSquadChannel) channel = NULL;
  SquadRun run = { 0 };
  guint sigint_id, sigterm_id;

  run.loop = loop;
  run.generator = generator;
  run.count = (guint) MAX (count, 0);
  channel = open_channel (options, &run, &client, &error);
  if (channel == NULL)
    return dd_ctl_report_error (error);

  dd_nats_squad_channel_set_cursor (channel, (guint64) MAX (after, 0));
  g_signal_connect (channel, "squad-message", G_CALLBACK (event_cb), &run);
  g_signal_connect (channel, "cue", G_CALLBACK (event_cb), &run);
  g_signal_connect (channel, "alert", G_CALLBACK (event_cb), &run);
  g_signal_connect (channel, "state-changed", G_CALLBACK (state_changed_cb), &run);
  g_signal_connect (channel, "failed", G_CALLBACK (failed_cb), NULL);
  g_signal_connect (dd_squad_channel_get_members (DD_SQUAD_CHANNEL (channel)), "items-changed",
                    G_CALLBACK (members_changed_cb), &run);

  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  if (seconds > 0)
    run.timeout_id = g_timeout_add_seconds ((guint) seconds, timeout_cb, &run);
  dd_squad_channel_start (DD_SQUAD_CHANNEL (channel));
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&run.timeout_id, g_source_remove);
  dd_squad_channel_stop (DD_SQUAD_CHANNEL (channel));
  g_signal_handlers_disconnect_by_data (dd_squad_channel_get_members (DD_SQUAD_CHANNEL (channel)), &run);
  dd_nats_client_close (client);
  if (count > 0 && run.printed < run.count)
    {
      g_printerr (_("dropdeckctl: %u of %d events arrived before the time ran out\n"), run.printed, count);
      return DD_CTL_EXIT_FAILED;
    }
  return DD_CTL_EXIT_OK;
}

static int
squad_send (ConnectOptions *options,
            const char     *kind,
            const char     *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(DdNatsClient) client = NULL;
  g_autoptr(DdNatsSquadChannel) channel = NULL;
  SquadRun run = { 0 };
  DdChatSource source;
  guint64 seq;

  if (g_str_equal (kind, "msg"))
    source = DD_CHAT_SOURCE_SQUAD;
  else if (g_str_equal (kind, "cue"))
    source = DD_CHAT_SOURCE_CUE;
  else if (g_str_equal (kind, "alert"))
    source = DD_CHAT_SOURCE_ALERT;
  else
    {
      g_printerr (_("dropdeckctl: “%s” is not something to send; use msg, cue or alert\n"), kind);
      return DD_CTL_EXIT_FAILED;
    }

  run.loop = loop;
  channel = open_channel (options, &run, &client, &error);
  if (channel == NULL)
    return dd_ctl_report_error (error);
  dd_nats_squad_channel_send_async (channel, source, text, NULL, keep_result_cb, &run);
  seq = dd_nats_squad_channel_send_finish (channel, run_until_result (&run), &error);
  g_clear_object (&run.result);
  dd_nats_client_close (client);
  if (seq == 0)
    return dd_ctl_report_error (error);
  g_print ("{\"seq\":%" G_GUINT64_FORMAT "}\n", seq);
  return DD_CTL_EXIT_OK;
}

static int
squad_source_venue (ConnectOptions *options,
                    const char     *venue_domain)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(DdNatsClient) client = NULL;
  g_autoptr(DdNatsSquadChannel) channel = NULL;
  SquadRun run = { 0 };
  gboolean done;

  if (venue_domain == NULL)
    {
      g_printerr (_("dropdeckctl: usage: dropdeckctl squad source-venue --venue-domain NAME "
                    "--squad NAME --role ROLE\n"));
      return DD_CTL_EXIT_FAILED;
    }
  run.loop = loop;
  channel = open_channel (options, &run, &client, &error);
  if (channel == NULL)
    return dd_ctl_report_error (error);
  dd_nats_squad_source_venue_async (client, options->squad, venue_domain, NULL, keep_result_cb, &run);
  done = dd_nats_squad_source_venue_finish (run_until_result (&run), &error);
  g_clear_object (&run.result);
  dd_nats_client_close (client);
  return done ? DD_CTL_EXIT_OK : dd_ctl_report_error (error);
}

static int
squad_nats_config (const char *roster_path,
                   const char *output_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdSquadRoster) roster = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *config = NULL;
  gsize length;

  if (roster_path == NULL)
    {
      g_printerr (_("dropdeckctl: usage: dropdeckctl squad nats-config --roster FILE [--output FILE]\n"));
      return DD_CTL_EXIT_FAILED;
    }
  if (!g_file_get_contents (roster_path, &contents, &length, &error))
    return dd_ctl_report_error (error);
  roster = dd_squad_roster_parse (contents, (gssize) length, &error);
  if (roster == NULL)
    {
      g_prefix_error (&error, "%s: ", roster_path);
      return dd_ctl_report_error (error);
    }
  config = dd_squad_roster_to_nats_authorization (roster);
  if (output_path == NULL)
    {
      g_print ("%s", config);
      return DD_CTL_EXIT_OK;
    }
  /* It holds passwords: readable by its owner only, from the start. */
  if (!g_file_set_contents_full (output_path, config, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    return dd_ctl_report_error (error);
  return DD_CTL_EXIT_OK;
}

int
dd_ctl_squad_main (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *roster = NULL;
  g_autofree char *output = NULL;
  g_autofree char *venue_domain = NULL;
  ConnectOptions options = { 0 };
  gint64 after = 0;
  int seconds = 0, count = 0, status;
  const GOptionEntry entries[] = {
    { "roster", 0, 0, G_OPTION_ARG_FILENAME, &roster,
      N_("nats-config: the squad roster (JSON: squad, members with login, name, role, password)"), N_("FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("nats-config: write the authorization block here (mode 0600) instead of standard output"), N_("FILE") },
    { "squad", 0, 0, G_OPTION_ARG_STRING, &options.squad, N_("The squad's name"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &options.role, N_("Your role in the squad roster"), N_("ROLE") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &options.url,
      N_("The squad server, or servers separated by commas (default: the squad account's)"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &options.user,
      N_("Your login (default: the squad account's)"), N_("NAME") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options.password_stdin,
      N_("Read the password from standard input instead of the keyring"), NULL },
    { "insecure", 0, 0, G_OPTION_ARG_NONE, &options.insecure,
      N_("Allow a connection without TLS to a host that is not this computer"), NULL },
    { "after", 0, 0, G_OPTION_ARG_INT64, &after,
      N_("tail: print the events after this stream sequence (default: all stored)"), N_("SEQ") },
    { "seconds", 's', 0, G_OPTION_ARG_INT, &seconds,
      N_("tail: stop after N seconds (default: run until interrupted)"), N_("N") },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count,
      N_("tail: stop after N messages, cues and alerts"), N_("N") },
    { "venue-domain", 0, 0, G_OPTION_ARG_STRING, &venue_domain,
      N_("source-venue: the JetStream domain of the venue's leaf server"), N_("NAME") },
    { NULL }
  };

  g_set_prgname ("dropdeckctl squad");
  context = g_option_context_new (_("nats-config|tail|send|source-venue — the squad channel over NATS"));
  g_option_context_set_summary (context,
                                _("“nats-config --roster FILE” writes the nats-server authorization "
                                  "block: one user per member, allowed to publish what their role may.\n"
                                  "“tail” prints the squad's messages, cues, alerts, presence and shared "
                                  "state as JSON lines.\n"
                                  "“send msg|cue|alert TEXT” publishes one; the server refuses what your "
                                  "role may not send.\n"
                                  "“source-venue --venue-domain NAME”, run against the cloud server, makes "
                                  "its squad stream source the venue's leaf server (venue mode)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return dd_ctl_report_error (error);

  if (argc == 2 && g_str_equal (argv[1], "nats-config"))
    status = squad_nats_config (roster, output);
  else if (argc == 2 && g_str_equal (argv[1], "tail"))
    status = squad_tail (&options, after, seconds, count);
  else if (argc == 4 && g_str_equal (argv[1], "send"))
    status = squad_send (&options, argv[2], argv[3]);
  else if (argc == 2 && g_str_equal (argv[1], "source-venue"))
    status = squad_source_venue (&options, venue_domain);
  else
    {
      g_printerr (_("dropdeckctl: usage: dropdeckctl squad nats-config --roster FILE [--output FILE]\n"
                    "       dropdeckctl squad tail --squad NAME --role ROLE [--after SEQ] [--count N] [--seconds N]\n"
                    "       dropdeckctl squad send msg|cue|alert TEXT --squad NAME --role ROLE\n"
                    "       dropdeckctl squad source-venue --venue-domain NAME --squad NAME --role ROLE\n"));
      status = DD_CTL_EXIT_FAILED;
    }
  g_free (options.url);
  g_free (options.user);
  g_free (options.squad);
  g_free (options.role);
  return status;
}
