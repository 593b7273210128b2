/* bench-chat-pipeline.c — the chat pipeline's work on one thread, from socket bytes to archive
 *
 * Records a realistic Twitch chat first, deterministically: the demo
 * audience (seeded) speaks, and each message becomes the IRCv3 line Twitch
 * would send (badges, colour, display name, user and room ids, message id,
 * tmi-sent-ts, replies with their reply-parent-* tags, bits). Then, on ONE
 * thread, as the pipeline thread does it, batch by batch:
 *   1. framer: 64 KiB reads of the recording -> clean lines
 *   2. parse + Twitch map + DdChatMessage (one object per chat line)
 *   3. classify: the on-device labeller the demo pipeline uses
 *   4. archive: batches of up to DD_CHAT_PIPELINE_ARCHIVE_BATCH handed to
 *      the store's worker (one transaction each), into a temporary store
 * and at the end waits until the store has written everything. Prints
 * messages/s end to end (until the last batch is on disk) and for the
 * pipeline thread alone, the time per stage, and the machine's context.
 * The issue's target: >= 100,000 messages/s. Nothing is asserted.
 *
 * Usage: bench-chat-pipeline [--quick] [--messages N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "dd-bench-machine.h"
#include "dd-chat-labeller.h"
#include "dd-chat-pipeline.h"
#include "dd-classifier.h"
#include "dd-demo-audience.h"
#include "dd-irc-framer.h"
#include "dd-irc-twitch.h"
#include "dd-store.h"

#define READ_SIZE (64 * 1024)
#define CHANNEL   "#dropdeck_live"

typedef enum
{
  STAGE_FRAME,
  STAGE_PARSE,
  STAGE_CLASSIFY,
  STAGE_ARCHIVE,
  N_STAGES
} Stage;

static const char * const stage_names[N_STAGES] = {
  "framer (64 KiB reads -> lines)",
  "parse + Twitch map + DdChatMessage",
  "classify (on-device labeller)",
  "archive hand-off to the store",
};

typedef struct
{
  GString      *lines;        /* this read's lines, each NUL-terminated */
  GArray       *ends;         /* offset just past each line's NUL */
} LineBatch;

typedef struct
{
  DdStore      *store;
  guint         in_flight;
  guint64       archived;
  gboolean      failed;
} Archive;

/* Recording ------------------------------------------------------------------ */

/* IRCv3 tag value escaping: the five characters the spec names. */
static void
append_escaped (GString    *out,
                const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    switch (*p)
      {
      case ';': g_string_append (out, "\\:"); break;
      case ' ': g_string_append (out, "\\s"); break;
      case '\\': g_string_append (out, "\\\\"); break;
      case '\r': g_string_append (out, "\\r"); break;
      case '\n': g_string_append (out, "\\n"); break;
      default: g_string_append_c (out, *p); break;
      }
}

static void
append_tag (GString    *out,
            const char *key,
            const char *value)
{
  if (out->len > 1)
    g_string_append_c (out, ';');
  g_string_append (out, key);
  g_string_append_c (out, '=');
  if (value != NULL)
    append_escaped (out, value);
}

/* One Twitch PRIVMSG line for `message`, as Twitch would send it. */
static void
append_twitch_line (GString       *out,
                    DdChatMessage *message,
                    guint64        serial)
{
  GString *tags = g_string_new ("@");
  const char *login = dd_chat_message_get_author_login (message);
  DdChatFlags flags = dd_chat_message_get_flags (message);
  gint32 color = dd_chat_message_get_color_rgb (message);
  char buffer[64];

  append_tag (tags, "badge-info", NULL);
  append_tag (tags, "badges", dd_chat_message_get_badges (message));
  if (dd_chat_message_get_bits (message) > 0)
    {
      g_snprintf (buffer, sizeof buffer, "%u", dd_chat_message_get_bits (message));
      append_tag (tags, "bits", buffer);
    }
  if (color >= 0)
    g_snprintf (buffer, sizeof buffer, "#%06X", (guint) color);
  append_tag (tags, "color", color >= 0 ? buffer : NULL);
  append_tag (tags, "display-name", dd_chat_message_get_display_name (message));
  append_tag (tags, "emotes", NULL);
  append_tag (tags, "first-msg", flags & DD_CHAT_FLAG_FIRST_MSG ? "1" : "0");
  append_tag (tags, "flags", NULL);
  /* Twitch's ids are UUIDs; these are as long and all different. */
  g_snprintf (buffer, sizeof buffer, "5eef1f8d-5f1b-b282-448f-%012" G_GINT64_MODIFIER "x", serial);
  append_tag (tags, "id", buffer);
  append_tag (tags, "mod", flags & DD_CHAT_FLAG_MODERATOR ? "1" : "0");
  if (dd_chat_message_get_reply_parent_id (message) != NULL)
    {
      append_tag (tags, "reply-parent-display-name", dd_chat_message_get_reply_parent_login (message));
      append_tag (tags, "reply-parent-msg-body", dd_chat_message_get_reply_parent_text (message));
      append_tag (tags, "reply-parent-msg-id", dd_chat_message_get_reply_parent_id (message));
      append_tag (tags, "reply-parent-user-id", "40000001");
      append_tag (tags, "reply-parent-user-login", dd_chat_message_get_reply_parent_login (message));
    }
  append_tag (tags, "returning-chatter", "0");
  append_tag (tags, "room-id", "71092938");
  append_tag (tags, "subscriber", flags & DD_CHAT_FLAG_SUBSCRIBER ? "1" : "0");
  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, dd_chat_message_get_timestamp (message) / 1000);
  append_tag (tags, "tmi-sent-ts", buffer);
  append_tag (tags, "turbo", "0");
  append_tag (tags, "user-id", dd_chat_message_get_author_user_id (message));
  append_tag (tags, "user-type", flags & DD_CHAT_FLAG_MODERATOR ? "mod" : NULL);
  append_tag (tags, "vip", flags & DD_CHAT_FLAG_VIP ? "1" : NULL);

  g_string_append_printf (out, "%s :%s!%s@%s.tmi.twitch.tv PRIVMSG " CHANNEL " :%s\r\n",
                          tags->str, login, login, login, dd_chat_message_get_text (message));
  g_string_free (tags, TRUE);
}

static GString *
record (guint64 n_messages)
{
  g_autoptr(DdDemoAudience) audience = dd_demo_audience_new (20261125, CHANNEL);
  GString *recording = g_string_sized_new (n_messages * 420);
  gint64 start_us = G_GINT64_CONSTANT (1764092400000000);

  for (guint64 i = 0; i < n_messages; i++)
    {
      g_autoptr(DdChatMessage) message = dd_demo_audience_next (audience, start_us + (gint64) i * 2000);

      append_twitch_line (recording, message, i);
      /* Twitch's keepalive and state lines between the chat. */
      if (i % 5000 == 0)
        g_string_append (recording, "PING :tmi.twitch.tv\r\n"
                                    "@emote-only=0;followers-only=-1;r9k=0;room-id=71092938;slow=0;"
                                    "subs-only=0 :tmi.twitch.tv ROOMSTATE " CHANNEL "\r\n");
    }
  return recording;
}

/* The pipeline's work --------------------------------------------------------- */

static void
line_cb (const char *line,
         gsize       len,
         gpointer    user_data)
{
  LineBatch *batch = user_data;
  guint end;

  g_string_append_len (batch->lines, line, (gssize) len);
  g_string_append_c (batch->lines, '\0');
  end = (guint) batch->lines->len;
  g_array_append_val (batch->ends, end);
}

typedef struct
{
  Archive *archive;
  guint    n;
} Submitted;

static void
archived_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autofree Submitted *submitted = user_data;
  Archive *archive = submitted->archive;
  g_autoptr(GError) error = NULL;

  if (!dd_store_save_finish (DD_STORE (source), result, &error))
    {
      if (!archive->failed)
        g_printerr ("bench-chat-pipeline: archiving failed: %s\n", error->message);
      archive->failed = TRUE;
    }
  else
    archive->archived += submitted->n;
  archive->in_flight--;
}

static void
archive_submit (Archive   *archive,
                GPtrArray *pending)
{
  Submitted *submitted = g_new0 (Submitted, 1);

  submitted->archive = archive;
  submitted->n = pending->len;
  archive->in_flight++;
  dd_store_append_chat_async (archive->store, pending, NULL, archived_cb, submitted);
}

static double
seconds_since (gint64 start_us)
{
  return (double) (g_get_monotonic_time () - start_us) / G_USEC_PER_SEC;
}

int
main (int   argc,
      char *argv[])
{
  gboolean quick = FALSE;
  gint64 n_messages = 0;
  const GOptionEntry entries[] = {
    { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick, "300,000 messages instead of 1,000,000 (a smoke run)", NULL },
    { "messages", 'n', 0, G_OPTION_ARG_INT64, &n_messages, "How many messages to record", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— the chat pipeline on one thread");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *machine = NULL;
  g_autofree char *load = NULL;
  g_autoptr(GString) recording = NULL;
  g_autoptr(DdIrcFramer) framer = dd_irc_framer_new ();
  g_autoptr(DdIrcTwitchDecoder) decoder = dd_irc_twitch_decoder_new ();
  g_autoptr(DdClassifier) classifier = dd_classifier_new ();
  g_autoptr(GPtrArray) pending = NULL;
  LineBatch batch = { g_string_sized_new (READ_SIZE * 2), g_array_new (FALSE, FALSE, sizeof (guint)) };
  Archive archive = { 0 };
  double stage_s[N_STAGES] = { 0 };
  guint64 lines = 0, chat = 0, skipped = 0, labelled = 0;
  gint64 record_start, start, t;
  double record_s, thread_s, total_s;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("bench-chat-pipeline: %s\n", error->message);
      return 2;
    }
  if (n_messages <= 0)
    n_messages = quick ? 300000 : 1000000;

  record_start = g_get_monotonic_time ();
  recording = record ((guint64) n_messages);
  record_s = seconds_since (record_start);

  dir = g_dir_make_tmp ("dropdeck-bench-pipeline-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "dropdeck.db", NULL);
  archive.store = dd_store_open_sync (db_path, NULL, &error);
  if (archive.store == NULL)
    {
      g_printerr ("bench-chat-pipeline: %s\n", error->message);
      return 1;
    }
  pending = g_ptr_array_new_full (DD_CHAT_PIPELINE_ARCHIVE_BATCH, g_object_unref);

  start = g_get_monotonic_time ();
  for (gsize pos = 0; pos < recording->len; pos += READ_SIZE)
    {
      guint from = 0;

      /* 1. framer */
      t = g_get_monotonic_time ();
      g_string_truncate (batch.lines, 0);
      g_array_set_size (batch.ends, 0);
      dd_irc_framer_feed (framer, recording->str + pos, MIN (READ_SIZE, recording->len - pos),
                          line_cb, &batch);
      stage_s[STAGE_FRAME] += seconds_since (t);

      /* 2. parse, map, one DdChatMessage each; 3. classify; 4. archive */
      for (guint i = 0; i < batch.ends->len; i++)
        {
          const char *line = batch.lines->str + from;
          guint end = g_array_index (batch.ends, guint, i);
          DdIrcMessage msg;
          DdIrcEvent event;
          DdChatMessage *message;
          DdChatMessage *classified;

          t = g_get_monotonic_time ();
          lines++;
          if (!dd_irc_message_parse (&msg, line, end - from - 1, NULL) ||
              !dd_irc_twitch_decode (decoder, &msg, 0, &event, NULL) ||
              event.kind != DD_IRC_EVENT_PRIVMSG)
            {
              skipped++;
              from = end;
              stage_s[STAGE_PARSE] += seconds_since (t);
              continue;
            }
          from = end;
          message = dd_chat_message_new (&event.chat.init);
          chat++;
          stage_s[STAGE_PARSE] += seconds_since (t);

          t = g_get_monotonic_time ();
          classified = dd_chat_labeller_classify (message, classifier);
          if (classified != message)
            labelled++;
          g_object_unref (message);
          stage_s[STAGE_CLASSIFY] += seconds_since (t);

          t = g_get_monotonic_time ();
          g_ptr_array_add (pending, classified);
          if (pending->len >= DD_CHAT_PIPELINE_ARCHIVE_BATCH)
            {
              archive_submit (&archive, pending);
              pending = g_ptr_array_new_full (DD_CHAT_PIPELINE_ARCHIVE_BATCH, g_object_unref);
            }
          stage_s[STAGE_ARCHIVE] += seconds_since (t);
        }

      /* Between reads, the pipeline's context also runs the store's replies. */
      t = g_get_monotonic_time ();
      while (g_main_context_iteration (NULL, FALSE))
        ;
      stage_s[STAGE_ARCHIVE] += seconds_since (t);
    }
  if (pending->len > 0)
    archive_submit (&archive, g_steal_pointer (&pending));
  thread_s = seconds_since (start);
  while (archive.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  total_s = seconds_since (start);

  machine = dd_bench_describe_machine ();
  load = dd_bench_describe_load ();
  g_print ("bench-chat-pipeline: recorded Twitch IRC -> parse -> classify -> archive, on one thread\n");
  g_print ("  machine: %s\n", machine);
  g_print ("  load average: %s\n", load);
  g_print ("  recording: %" G_GUINT64_FORMAT " lines, %.1f MB (%.0f bytes/line), made in %.2f s\n",
           lines, recording->len / 1e6, (double) recording->len / (double) MAX (lines, 1), record_s);
  g_print ("  chat messages: %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT " other lines), "
           "%" G_GUINT64_FORMAT " labelled by the classifier, %" G_GUINT64_FORMAT " archived\n",
           chat, skipped, labelled, archive.archived);
  g_print ("  end to end (until the archive is written): %.2f s = %.0f messages/s (target >= 100,000)\n",
           total_s, chat / total_s);
  g_print ("  pipeline thread alone: %.2f s = %.0f messages/s\n", thread_s, chat / thread_s);
  g_print ("  per stage (pipeline thread; the store writes on its own worker):\n");
  for (guint i = 0; i < N_STAGES; i++)
    g_print ("    %-36s %7.3f s  %6.2f us/message  %5.1f%%\n", stage_names[i], stage_s[i],
             stage_s[i] * 1e6 / (double) MAX (chat, 1), 100.0 * stage_s[i] / thread_s);
  g_print ("    %-36s %7.3f s\n", "waiting for the last writes", total_s - thread_s);

  dd_store_close (archive.store);
  g_object_unref (archive.store);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

    g_unlink (db_path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  g_string_free (batch.lines, TRUE);
  g_array_unref (batch.ends);

  return archive.failed ? 1 : 0;
}
