/* bench-irc-parse.c — how fast recorded Twitch lines become chat messages
 *
 * Reads the recorded sample (tests/data/irc/twitch-sample.txt: tagged
 * PRIVMSG lines with badges, emotes, replies, English and Spanish text,
 * plus moderation and state commands), lays it out as a few megabytes of
 * socket stream, and measures on one thread, best of three runs:
 *   1. the framer alone (64 KiB reads -> clean lines)
 *   2. the parser alone, over lines split beforehand
 *   3. framer + parser
 *   4. framer + parser + Twitch mapping into DdChatMessageInit
 *   5. as 4, plus one DdChatMessage object per chat line (made and freed)
 * and prints lines/s, ns/line and MB/s with the machine's context. A
 * benchmark, not a test: nothing here is asserted.
 *
 * Usage: bench-irc-parse [--quick] [--lines N] [SAMPLE-FILE]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-irc-framer.h"
#include "dd-irc-twitch.h"

#define STREAM_TARGET_BYTES (4 * 1024 * 1024)
#define READ_SIZE (64 * 1024)

typedef enum
{
  STAGE_FRAME,
  STAGE_PARSE_ONLY,
  STAGE_FRAME_PARSE,
  STAGE_FRAME_PARSE_MAP,
  STAGE_FRAME_PARSE_MAP_OBJECT,
  N_STAGES
} Stage;

static const char * const stage_names[N_STAGES] = {
  "framer",
  "parser (pre-split lines)",
  "framer + parser",
  "framer + parser + Twitch map",
  "... + DdChatMessage objects",
};

typedef struct
{
  Stage stage;
  DdIrcTwitchDecoder *decoder;
  guint64 lines;
  guint64 chat_messages;
  guint64 errors;
  guint64 emotes;
} Run;

static void
line_cb (const char *line,
         gsize       len,
         gpointer    user_data)
{
  Run *run = user_data;
  DdIrcMessage msg;
  DdIrcEvent event;

  run->lines++;
  if (run->stage == STAGE_FRAME)
    return;

  if (!dd_irc_message_parse (&msg, line, len, NULL))
    {
      run->errors++;
      return;
    }
  if (run->stage == STAGE_FRAME_PARSE || run->stage == STAGE_PARSE_ONLY)
    return;

  if (!dd_irc_twitch_decode (run->decoder, &msg, 0, &event, NULL))
    {
      run->errors++;
      return;
    }
  if (event.kind != DD_IRC_EVENT_PRIVMSG)
    return;

  run->chat_messages++;
  run->emotes += event.chat.n_emotes;
  if (run->stage == STAGE_FRAME_PARSE_MAP_OBJECT)
    g_object_unref (dd_chat_message_new (&event.chat.init));
}

typedef struct
{
  const char *data;
  gsize len;
} Line;

static void
split_cb (const char *line,
          gsize       len,
          gpointer    user_data)
{
  GArray *lines = user_data;
  Line copy = { g_strndup (line, len), len };

  g_array_append_val (lines, copy);
}

/* Runs one stage until at least `min_lines` went through; returns the
 * seconds it took. */
static double
run_stage (Stage         stage,
           const GString *stream,
           GArray        *lines,
           guint64        min_lines,
           Run           *out)
{
  g_autoptr(DdIrcFramer) framer = dd_irc_framer_new ();
  g_autoptr(DdIrcTwitchDecoder) decoder = dd_irc_twitch_decoder_new ();
  Run run = { stage, decoder, 0, 0, 0, 0 };
  gint64 start = g_get_monotonic_time ();

  while (run.lines < min_lines)
    {
      if (stage == STAGE_PARSE_ONLY)
        {
          for (guint i = 0; i < lines->len; i++)
            {
              const Line *line = &g_array_index (lines, Line, i);

              line_cb (line->data, line->len, &run);
            }
          continue;
        }

      for (gsize pos = 0; pos < stream->len; pos += READ_SIZE)
        dd_irc_framer_feed (framer, stream->str + pos, MIN (READ_SIZE, stream->len - pos),
                            line_cb, &run);
    }

  *out = run;
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

static char *
cpu_model (void)
{
  g_autofree char *cpuinfo = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    return g_strdup ("unknown");

  lines = g_strsplit (cpuinfo, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "model name"))
      {
        const char *colon = strchr (lines[i], ':');

        if (colon != NULL)
          return g_strstrip (g_strdup (colon + 1));
      }
  return g_strdup ("unknown");
}

static void
print_context (const char *sample_path,
               gsize       sample_lines,
               gsize       stream_bytes,
               gsize       stream_lines)
{
  g_autofree char *model = cpu_model ();

  g_print ("bench-irc-parse: IRC codec throughput on one thread\n");
  g_print ("  machine: %s, %u cores online, GLib %u.%u.%u\n", model,
           g_get_num_processors (), glib_major_version, glib_minor_version,
           glib_micro_version);
  g_print ("  sample: %s (%" G_GSIZE_FORMAT " lines), stream %.1f MB = %" G_GSIZE_FORMAT
           " lines (%.0f bytes/line), read in %d KiB chunks\n",
           sample_path, sample_lines, stream_bytes / 1e6, stream_lines,
           (double) stream_bytes / (double) stream_lines, READ_SIZE / 1024);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *sample_path = NULL;
  g_autofree char *sample = NULL;
  g_autoptr(GString) stream = g_string_new (NULL);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (Line));
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIrcFramer) splitter = dd_irc_framer_new ();
  gboolean quick = FALSE;
  gint64 min_lines = 0;
  gsize sample_len;
  gsize sample_lines;
  double bytes_per_line;
  const GOptionEntry entries[] = {
    { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick, "One short run per stage (a smoke test)", NULL },
    { "lines", 'n', 0, G_OPTION_ARG_INT64, &min_lines, "Lines per run (default 2,000,000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[SAMPLE-FILE]");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (min_lines <= 0)
    min_lines = quick ? 20000 : 2000000;

  sample_path = argc > 1 ? g_strdup (argv[1]) :
                g_build_filename (DD_SOURCE_DIR, "tests", "data", "irc", "twitch-sample.txt", NULL);
  if (!g_file_get_contents (sample_path, &sample, &sample_len, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  dd_irc_framer_feed (splitter, sample, sample_len, split_cb, lines);
  sample_lines = lines->len;
  if (sample_lines == 0)
    {
      g_printerr ("%s holds no lines\n", sample_path);
      return 1;
    }
  bytes_per_line = (double) sample_len / (double) sample_lines;
  while (stream->len < STREAM_TARGET_BYTES)
    g_string_append_len (stream, sample, sample_len);

  print_context (sample_path, sample_lines, stream->len,
                 sample_lines * (stream->len / sample_len));

  for (Stage stage = 0; stage < N_STAGES; stage++)
    {
      double best = G_MAXDOUBLE;
      Run run = { 0, };

      for (guint attempt = 0; attempt < (quick ? 1 : 3); attempt++)
        {
          double seconds = run_stage (stage, stream, lines, (guint64) min_lines, &run);

          best = MIN (best, seconds);
        }

      g_print ("  %-30s %10.0f lines/s  %7.1f ns/line  %7.1f MB/s",
               stage_names[stage], run.lines / best, best * 1e9 / run.lines,
               run.lines * bytes_per_line / best / 1e6);
      if (stage >= STAGE_FRAME_PARSE_MAP)
        g_print ("  (%.0f chat messages/s, %" G_GUINT64_FORMAT " emotes)",
                 run.chat_messages / best, run.emotes);
      if (run.errors > 0)
        g_print ("  [%" G_GUINT64_FORMAT " errors]", run.errors);
      g_print ("\n");
    }

  for (guint i = 0; i < lines->len; i++)
    g_free ((char *) g_array_index (lines, Line, i).data);

  return 0;
}
