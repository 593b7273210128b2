/* dd-ctl-chat.c — `dropdeckctl chat tail URL CHANNEL`: read a channel headless, print JSON lines
 *
 * The messages take the same path as in the app: the IRC provider on the
 * chat pipeline's thread, the on-device labeller, then the main context,
 * which prints one JSON object per message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "dd-chat-labeller.h"
#include "dd-chat-pipeline.h"
#include "dd-ctl.h"
#include "dd-irc-client.h"

typedef struct
{
  GMainLoop     *loop;
  guint          timeout_id;
  JsonGenerator *generator;
  guint64        printed;
} TailRun;

static const struct
{
  DdChatFlags  flag;
  const char  *nick;
} flag_nicks[] = {
  { DD_CHAT_FLAG_FIRST_MSG, "first-msg" },
  { DD_CHAT_FLAG_MODERATOR, "moderator" },
  { DD_CHAT_FLAG_SUBSCRIBER, "subscriber" },
  { DD_CHAT_FLAG_VIP, "vip" },
  { DD_CHAT_FLAG_BROADCASTER, "broadcaster" },
  { DD_CHAT_FLAG_SYNTHETIC, "synthetic" },
};

static gboolean
quit_cb (gpointer user_data)
{
  TailRun *run = user_data;

  run->timeout_id = 0;
  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* Twitch's extra fields, present only when the server sent them. */
static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
print_message (TailRun       *run,
               DdChatMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *json = NULL;
  gint64 ts = dd_chat_message_get_timestamp (message);
  DdChatFlags flags = dd_chat_message_get_flags (message);

  time = g_date_time_new_from_unix_utc (ts / G_USEC_PER_SEC);
  if (time != NULL)
    {
      g_autofree char *base = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

      time_text = g_strdup_printf ("%s.%03dZ", base, (int) ((ts % G_USEC_PER_SEC) / 1000));
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, dd_chat_message_get_id (message));
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time_text);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, dd_chat_message_get_channel (message));
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, dd_chat_message_get_author_login (message));
  json_builder_set_member_name (builder, "display_name");
  json_builder_add_string_value (builder, dd_chat_message_get_display_name (message));
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, dd_chat_message_get_text (message));
  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (flag_nicks); i++)
    if (flags & flag_nicks[i].flag)
      json_builder_add_string_value (builder, flag_nicks[i].nick);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "moderation");
  json_builder_add_string_value (builder, dd_moderation_to_nick (dd_chat_message_get_moderation (message)));
  json_builder_set_member_name (builder, "moderation_score");
  json_builder_add_double_value (builder, dd_chat_message_get_moderation_score (message));
  json_builder_set_member_name (builder, "intent");
  json_builder_add_string_value (builder, dd_intent_to_nick (dd_chat_message_get_intent (message)));
  add_optional_string (builder, "author_id", dd_chat_message_get_author_user_id (message));
  add_optional_string (builder, "badges", dd_chat_message_get_badges (message));
  if (dd_chat_message_get_bits (message) > 0)
    {
      json_builder_set_member_name (builder, "bits");
      json_builder_add_int_value (builder, dd_chat_message_get_bits (message));
    }
  if (dd_chat_message_get_reply_parent_id (message) != NULL)
    {
      json_builder_set_member_name (builder, "reply_to");
      json_builder_begin_object (builder);
      add_optional_string (builder, "id", dd_chat_message_get_reply_parent_id (message));
      add_optional_string (builder, "author", dd_chat_message_get_reply_parent_login (message));
      add_optional_string (builder, "text", dd_chat_message_get_reply_parent_text (message));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (run->generator, root);
  json = json_generator_to_data (run->generator, NULL);
  g_print ("%s\n", json);
  run->printed++;
}

static void
messages_ready_cb (DdChatPipeline *pipeline,
                   GPtrArray      *messages,
                   TailRun        *run)
{
  for (guint i = 0; i < messages->len; i++)
    print_message (run, g_ptr_array_index (messages, i));
  fflush (stdout);
}

int
dd_ctl_chat_main (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(DdIrcClient) client = NULL;
  g_autoptr(DdChatPipeline) pipeline = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *nick = NULL;
  DdIrcClientStats stats;
  gboolean insecure = FALSE;
  int seconds = 0;
  g_autofree char *last_error = NULL;
  guint sigint_id, sigterm_id;
  TailRun run = { 0 };
  const GOptionEntry entries[] = {
    { "seconds", 's', 0, G_OPTION_ARG_INT, &seconds,
      N_("Stop after N seconds (default: run until interrupted)"), N_("N") },
    { "nick", 'n', 0, G_OPTION_ARG_STRING, &nick,
      N_("The nick to read as (default: a guest nick)"), N_("NICK") },
    { "insecure", 0, 0, G_OPTION_ARG_NONE, &insecure,
      N_("Allow a connection without TLS to a host that is not this computer"), NULL },
    { NULL }
  };

  g_set_prgname ("dropdeckctl chat");
  context = g_option_context_new (_("tail URL CHANNEL — print a chat channel as JSON lines"));
  g_option_context_set_summary (context,
                                _("Reads CHANNEL on the chat server at URL (irc://host:port, "
                                  "ircs://host:port, ws://host:port or wss://host:port) without "
                                  "a window, labels each message with the on-device classifier "
                                  "and prints one JSON object a line: id, time, channel, author, "
                                  "display_name, text, flags, moderation, moderation_score, intent."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return dd_ctl_report_error (error);

  if (argc < 2 || !g_str_equal (argv[1], "tail"))
    {
      g_printerr (_("dropdeckctl: chat needs a command: tail URL CHANNEL\n"));
      return DD_CTL_EXIT_FAILED;
    }
  if (argc != 4)
    {
      g_printerr (_("dropdeckctl: chat tail needs a server address and a channel, "
                    "e.g. “dropdeckctl chat tail irc://127.0.0.1:6667 '#drop'”\n"));
      return DD_CTL_EXIT_FAILED;
    }
  if (seconds < 0 || seconds > 7 * 24 * 3600)
    {
      g_printerr (_("dropdeckctl: --seconds must be between 1 and 604800\n"));
      return DD_CTL_EXIT_FAILED;
    }
  if (argv[3][0] != '#' && argv[3][0] != '&')
    {
      g_printerr (_("dropdeckctl: “%s” is not a channel name; channels start with #\n"), argv[3]);
      return DD_CTL_EXIT_FAILED;
    }

  client = dd_irc_client_new (argv[2], nick, &error);
  if (client == NULL)
    return dd_ctl_report_error (error);
  dd_irc_client_set_allow_insecure (client, insecure);
  if (!dd_irc_client_check_security (client, &error))
    return dd_ctl_report_error (error);
  dd_irc_client_add_channel (client, argv[3]);

  loop = g_main_loop_new (NULL, FALSE);
  generator = json_generator_new ();
  run.loop = loop;
  run.generator = generator;

  pipeline = dd_chat_pipeline_new (DD_CHAT_PROVIDER (client), NULL);
  dd_chat_pipeline_set_classifier (pipeline, dd_chat_labeller_classify,
                                   dd_classifier_new (), g_object_unref);
  g_signal_connect (pipeline, "messages-ready", G_CALLBACK (messages_ready_cb), &run);

  if (!dd_chat_pipeline_start (pipeline, &error))
    return dd_ctl_report_error (error);

  sigint_id = g_unix_signal_add (SIGINT, signal_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, signal_cb, loop);
  if (seconds > 0)
    run.timeout_id = g_timeout_add_seconds ((guint) seconds, quit_cb, &run);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&run.timeout_id, g_source_remove);

  /* Delivers what was received up to here. */
  dd_chat_pipeline_stop (pipeline);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  dd_irc_client_get_stats (client, &stats);
  last_error = dd_irc_client_dup_last_error (client);
  if (stats.connects == 0)
    {
      g_printerr (_("dropdeckctl: could not read %s: %s\n"), argv[3],
                  last_error != NULL ? last_error : _("the server did not answer in time"));
      return DD_CTL_EXIT_FAILED;
    }
  if (stats.sanitised > 0 || stats.skipped > 0)
    g_printerr (_("dropdeckctl: %" G_GUINT64_FORMAT " lines repaired and %" G_GUINT64_FORMAT
                  " skipped as malformed\n"), stats.sanitised, stats.skipped);

  return DD_CTL_EXIT_OK;
}
