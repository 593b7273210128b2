/* bench-irc-ingest.c — end-to-end chat ingest from a real inspircd flooding a channel
 *
 * Starts its own inspircd on loopback (build-aux/inspircd.sh, stopped by
 * PID at the end), then in one run:
 *   - a sender thread floods #flood with tagged PRIVMSG lines as fast as the
 *     server takes them, bounded by --messages and --seconds, then sends a
 *     last "FLOOD-END" line;
 *   - (a) a bare reader thread, joined to the channel with the same
 *     capabilities, that only counts lines in what the socket gives;
 *   - (b) DdIrcClient inside a DdChatPipeline with the on-device labeller:
 *     framer, parser, Twitch mapping, classification, hand-off to the main
 *     context, as `dropdeckctl chat tail` and the app run it.
 * Both rates are messages received from the flood's start until that
 * reader has the last one; the ratio (b)/(a) shows whether Dropdeck keeps
 * up with what the server delivers (target >= 0.8). The flood comes in
 * rounds (--rounds, default 5) with both readers connected throughout, so
 * each round measures both side by side under the same load; the figure
 * is the median round, and every round is printed. Rounds should last
 * well over the hand-off interval (16 ms) that Dropdeck's time includes:
 * --quick has three of 80,000 messages. Figures only: nothing
 * is asserted, except that the run completed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <gio/gio.h>

#include "dd-bench-machine.h"
#include "dd-chat-labeller.h"
#include "dd-chat-pipeline.h"
#include "dd-classifier.h"
#include "dd-irc-client.h"

#define CHANNEL   "#flood"
#define END_TEXT  "FLOOD-END"
#define FLOOD_CHUNK_LINES 80
#define FLOOD_WINDOW 4

typedef struct
{
  char     *dir;
  guint16   port;
  guint16   ws_port;
  gboolean  running;
} Server;

typedef struct
{
  guint16  port;
  guint    max_messages;
  double   max_seconds;
  gint64   start_us;      /* set when the sender starts */
  guint    round;
  guint    sent;
  guint64  sent_bytes;
} Flood;

typedef struct
{
  guint16  port;
  guint    rounds;        /* ends of flood to read before leaving */
  GMutex   mutex;
  GCond    cond;
  gboolean ready;
  gboolean done;
  guint    ends_seen;     /* rounds finished so far */
  gint64   end_us;        /* when the last round finished */
  guint64  lines;         /* lines up to that end */
  guint64  bytes;
  char    *error;
} BareReader;

typedef struct
{
  GMainLoop *loop;
  gint64     end_us;
  gboolean   done;
  gint       joined; /* atomic */
} ClientRun;

/* The server to stop when the benchmark fails. */
static Server *running_server;

static gboolean server_script (Server *server, const char *command);

static void G_GNUC_NORETURN G_GNUC_PRINTF (1, 2)
fail (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("bench-irc-ingest: %s\n", message);
  if (running_server != NULL && running_server->running)
    server_script (running_server, "stop");
  exit (1);
}

/* Machine context ------------------------------------------------------- */

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

static char *
inspircd_version (void)
{
  g_autofree char *out = NULL;
  const char *argv[] = { "/usr/sbin/inspircd", "--version", NULL };

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, NULL, NULL) || out == NULL)
    return g_strdup ("unknown");
  return g_strstrip (g_strdup (out));
}

/* Server ------------------------------------------------------------------ */

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  if (socket == NULL || !g_socket_bind (socket, any, FALSE, NULL))
    g_error ("bench-irc-ingest: cannot find a free port on 127.0.0.1");
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
server_script (Server     *server,
               const char *command)
{
  g_autofree char *script = g_build_filename (DD_SOURCE_DIR, "build-aux", "inspircd.sh", NULL);
  g_autofree char *port = g_strdup_printf ("%u", server->port);
  g_autofree char *ws_port = g_strdup_printf ("%u", server->ws_port);
  g_autofree char *own_pid = g_strdup_printf ("%d", (int) getpid ());
  const char *start_argv[] = { script, "start", server->dir, port, ws_port, "--watch-pid", own_pid, NULL };
  const char *stop_argv[] = { script, "stop", server->dir, NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) (g_str_equal (command, "start") ? start_argv : stop_argv),
                     NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

/* Raw sockets ---------------------------------------------------------------- */

/* `quiet`: the server has nothing more to say once joined (a reader that
 * joins an empty channel; a later sender gets the channel's history). */
static GSocketConnection *
raw_connect (guint16      port,
             const char  *nick,
             const char  *caps,
             gboolean     quiet,
             GError     **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autofree char *hello = NULL;
  GOutputStream *output;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, error);
  if (connection == NULL)
    return NULL;
  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  hello = g_strdup_printf ("CAP REQ :%s\r\nCAP END\r\nNICK %s\r\nUSER %s 0 * :%s\r\n"
                           "JOIN " CHANNEL "\r\n", caps, nick, nick, nick);
  /* JOIN before 001 is refused (451): send it again after the welcome. */
  if (!g_output_stream_write_all (output, hello, strlen (hello), NULL, NULL, error))
    return NULL;

  input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (input), FALSE);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (input, NULL, NULL, error);

      if (line == NULL)
        return NULL;
      if (strstr (line, " 001 ") != NULL &&
          !g_output_stream_write_all (output, "JOIN " CHANNEL "\r\n", strlen ("JOIN " CHANNEL "\r\n"),
                                      NULL, NULL, error))
        return NULL;
      if (strstr (line, " 366 ") != NULL)
        break;
    }
  /* Nothing else is buffered: the server sends nothing until the flood. */
  if (quiet && g_buffered_input_stream_get_available (G_BUFFERED_INPUT_STREAM (input)) > 0)
    g_warning ("bench-irc-ingest: %s has unread bytes after joining",
               nick);
  return g_steal_pointer (&connection);
}

static gpointer
bare_reader_thread (gpointer user_data)
{
  BareReader *reader = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *buf = g_malloc (256 * 1024);
  char recent[96];
  gsize recent_len = 0;
  GInputStream *input;
  guint64 lines = 0, bytes = 0;

  connection = raw_connect (reader->port, "bare", "message-tags server-time batch", TRUE, &error);

  g_mutex_lock (&reader->mutex);
  reader->ready = TRUE;
  if (connection == NULL)
    {
      reader->error = g_strdup (error->message);
      reader->done = TRUE;
    }
  g_cond_broadcast (&reader->cond);
  g_mutex_unlock (&reader->mutex);
  if (connection == NULL)
    return NULL;

  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  for (;;)
    {
      gssize n = g_input_stream_read (input, buf, 256 * 1024, NULL, &error);
      const char *p = buf, *end;
      gboolean finished;

      if (n <= 0)
        break;
      bytes += (guint64) n;
      end = buf + n;
      while ((p = memchr (p, '\n', (gsize) (end - p))) != NULL)
        {
          lines++;
          p++;
        }
      /* The end marker ends the last line read (the sender writes nothing
       * after it until the next round), possibly split over two reads: a
       * cheap check of the last bytes, across reads. */
      {
        gsize keep = MIN ((gsize) n, sizeof recent);
        gsize old_keep = MIN (recent_len, sizeof recent - keep);

        memmove (recent, recent + recent_len - old_keep, old_keep);
        memcpy (recent + old_keep, end - keep, keep);
        recent_len = old_keep + keep;
        finished = g_strstr_len (recent, (gssize) recent_len, END_TEXT) != NULL;
        if (finished)
          recent_len = 0;
      }
      if (finished)
        {
          gboolean last;

          g_mutex_lock (&reader->mutex);
          reader->end_us = g_get_monotonic_time ();
          reader->lines = lines;
          reader->bytes = bytes;
          reader->ends_seen++;
          last = reader->ends_seen >= reader->rounds;
          reader->done = last;
          g_cond_broadcast (&reader->cond);
          g_mutex_unlock (&reader->mutex);
          if (last)
            {
              g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
              return NULL;
            }
        }
    }

  g_mutex_lock (&reader->mutex);
  reader->error = g_strdup (error != NULL ? error->message : "the server closed the connection");
  reader->lines = lines;
  reader->bytes = bytes;
  reader->done = TRUE;
  g_cond_broadcast (&reader->cond);
  g_mutex_unlock (&reader->mutex);
  return NULL;
}

static const char *const sample_texts[] = {
  "SOLD 2 black M",
  "how much is the white hoodie with shipping to Madrid?",
  "is size L still available??",
  "¿tienen talla S en azul?",
  "omg this drop is fire 🔥🔥",
  "free followers at bit.ly/fr33-f0llow3rs",
  "SOLD AA12 white small",
  "when does the next bundle go live",
};

static gpointer
flood_thread (gpointer user_data)
{
  Flood *flood = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GString) chunk = g_string_sized_new (16 * 1024);
  g_autoptr(GDataInputStream) input = NULL;
  GOutputStream *output;
  guint outstanding = 0;
  gint64 deadline;

  g_autofree char *nick = g_strdup_printf ("flooder%u", flood->round);

  connection = raw_connect (flood->port, nick, "message-tags", flood->round == 0, &error);
  if (connection == NULL)
    fail ("the sender could not connect: %s", error->message);
  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));

  flood->start_us = g_get_monotonic_time ();
  deadline = flood->start_us + (gint64) (flood->max_seconds * G_USEC_PER_SEC);
  while (flood->sent < flood->max_messages && g_get_monotonic_time () < deadline)
    {
      /* InspIRCd 3.15 reads at most 10 KiB each time the socket becomes
       * readable; what a sender bursts beyond that waits for its one-second
       * timer (a flood written in one go crawls at ~400 lines/s). So the
       * sender writes ~6 KB chunks, each followed by a PING, and keeps at
       * most FLOOD_WINDOW chunks unanswered: as fast as the server goes. */
      g_string_truncate (chunk, 0);
      for (guint i = 0; i < FLOOD_CHUNK_LINES && flood->sent < flood->max_messages; i++, flood->sent++)
        g_string_append_printf (chunk, "@+draft/reply=m%u PRIVMSG " CHANNEL " :%s #%u\r\n",
                                flood->sent / 7, sample_texts[flood->sent % G_N_ELEMENTS (sample_texts)],
                                flood->sent);
      g_string_append (chunk, "PING :flood\r\n");
      if (!g_output_stream_write_all (output, chunk->str, chunk->len, NULL, NULL, &error))
        fail ("the sender was cut off: %s", error->message);
      flood->sent_bytes += chunk->len;
      outstanding++;
      while (outstanding >= FLOOD_WINDOW)
        {
          g_autofree char *line = g_data_input_stream_read_line (input, NULL, NULL, &error);

          if (line == NULL)
            fail ("the sender was cut off: %s", error != NULL ? error->message : "end of stream");
          if (strstr (line, "PONG") != NULL)
            outstanding--;
        }
    }
  if (!g_output_stream_write_all (output, "PRIVMSG " CHANNEL " :" END_TEXT "\r\n",
                                  strlen ("PRIVMSG " CHANNEL " :" END_TEXT "\r\n"), NULL, NULL, &error))
    fail ("the sender was cut off: %s", error->message);

  /* Stay connected until the readers have it all (closing may race the
   * server's fan-out of the last lines). */
  g_usleep (G_USEC_PER_SEC / 2);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return NULL;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The Dropdeck side ---------------------------------------------------------- */

static void
messages_ready_cb (DdChatPipeline *pipeline,
                   GPtrArray      *messages,
                   ClientRun      *run)
{
  for (guint i = messages->len; i > 0; i--)
    if (g_str_equal (dd_chat_message_get_text (g_ptr_array_index (messages, i - 1)), END_TEXT))
      {
        run->end_us = g_get_monotonic_time ();
        run->done = TRUE;
        g_main_loop_quit (run->loop);
        return;
      }
}

static void
joined_cb (DdIrcClient *client,
           const char  *channel,
           ClientRun   *run)
{
  g_atomic_int_set (&run->joined, 1);
}

static gboolean
give_up_cb (gpointer user_data)
{
  ClientRun *run = user_data;

  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIrcClient) client = NULL;
  g_autoptr(DdChatPipeline) pipeline = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = NULL;
  g_autofree char *model = NULL;
  g_autofree char *ircd = NULL;
  g_autofree double *ratios = NULL;
  GThread *bare_thread, *sender;
  DdIrcClientStats stats;
  Server server = { 0 };
  BareReader bare = { 0 };
  ClientRun run = { 0 };
  struct utsname uts;
  gboolean quick = FALSE;
  int messages = 300000;
  int rounds = 5;
  double seconds = 20.0;
  guint total_sent = 0;
  guint64 total_bytes = 0;
  double bare_cpu_start, bare_cpu_end, dropdeck_cpu_start, dropdeck_cpu_end;
  gint64 deadline;
  const GOptionEntry entries[] = {
    { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick, "A short run (240,000 messages in 3 rounds, at most 12 s): a smoke test", NULL },
    { "messages", 'n', 0, G_OPTION_ARG_INT, &messages, "Messages to flood (default 300,000)", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &seconds, "Stop flooding after this long (default 20)", "S" },
    { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds, "Split the flood into this many rounds (default 5)", "N" },
    { NULL }
  };

  context = g_option_context_new ("— chat ingest from a real inspircd, Dropdeck against a bare socket");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (quick)
    {
      messages = 240000;
      seconds = 12.0;
      rounds = 3;
    }
  if (rounds < 1 || messages < rounds || !(seconds > 0.0 && seconds <= 600.0))
    g_error ("bench-irc-ingest: --rounds must be positive, --messages at least --rounds and --seconds at most 600");

  if (!g_file_test ("/usr/sbin/inspircd", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_print ("bench-irc-ingest: skipped: inspircd is not installed (build-aux/deps.sh test)\n");
      return 0;
    }

  server.dir = g_dir_make_tmp ("dropdeck-bench-ircd-XXXXXX", &error);
  if (server.dir == NULL)
    g_error ("%s", error->message);
  server.port = free_port ();
  do
    server.ws_port = free_port ();
  while (server.ws_port == server.port);
  if (!server_script (&server, "start"))
    g_error ("bench-irc-ingest: could not start inspircd (see %s)", server.dir);
  server.running = TRUE;
  running_server = &server;

  /* (b) Dropdeck: the client in the pipeline, with the labeller. */
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  url = g_strdup_printf ("irc://127.0.0.1:%u", server.port);
  client = dd_irc_client_new (url, "dropdeck", &error);
  if (client == NULL)
    fail ("%s", error->message);
  dd_irc_client_add_channel (client, CHANNEL);
  g_signal_connect (client, "joined", G_CALLBACK (joined_cb), &run);
  pipeline = dd_chat_pipeline_new (DD_CHAT_PROVIDER (client), NULL);
  dd_chat_pipeline_set_classifier (pipeline, dd_chat_labeller_classify,
                                   dd_classifier_new (), g_object_unref);
  g_signal_connect (pipeline, "messages-ready", G_CALLBACK (messages_ready_cb), &run);
  if (!dd_chat_pipeline_start (pipeline, &error))
    fail ("%s", error->message);

  /* (a) The bare reader. */
  g_mutex_init (&bare.mutex);
  g_cond_init (&bare.cond);
  bare.port = server.port;
  bare.rounds = (guint) rounds + 1;
  bare_thread = g_thread_new ("bare-reader", bare_reader_thread, &bare);
  g_mutex_lock (&bare.mutex);
  while (!bare.ready)
    g_cond_wait (&bare.cond, &bare.mutex);
  g_mutex_unlock (&bare.mutex);

  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (!g_atomic_int_get (&run.joined) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  if (!g_atomic_int_get (&run.joined))
    fail ("Dropdeck's client did not join " CHANNEL);

  /* Machine context. */
  model = cpu_model ();
  ircd = inspircd_version ();
  uname (&uts);
  g_print ("bench-irc-ingest: a real inspircd on loopback floods " CHANNEL "; "
           "bare socket reader vs Dropdeck's headless ingest, same run\n");
  g_print ("  machine: %s, %u cores online, %s %s, GLib %u.%u.%u, %s\n", model,
           g_get_num_processors (), uts.sysname, uts.release,
           glib_major_version, glib_minor_version, glib_micro_version, ircd);
  g_print ("  flood: tagged PRIVMSG in ~6 KB chunks paced by PING; server, sender and both readers share the cores; "
           "(b) is DdIrcClient + pipeline: framer, parser, Twitch map, labeller, hand-off to the main context "
           "(its time includes the last hand-off's wait, at most %d ms)\n", DD_CHAT_PIPELINE_HANDOFF_INTERVAL_MS);

  /* The flood, in rounds; both readers stay connected throughout. */
  ratios = g_new0 (double, rounds);
  /* Round 0 warms both up (the classifier's tables, the allocator, the
   * server's buffers) and is not counted. */
  for (int r = 0; r <= rounds; r++)
    {
      Flood flood = { 0 };
      guint64 client_before = dd_chat_pipeline_get_n_received (pipeline);
      guint64 bare_before;
      double bare_s, client_s, bare_rate, client_rate;
      guint give_up_id;

      g_mutex_lock (&bare.mutex);
      bare_before = bare.lines;
      g_mutex_unlock (&bare.mutex);

      flood.port = server.port;
      flood.round = (guint) r;
      flood.max_messages = (guint) (r == 0 ? messages / rounds / 4 : messages / rounds);
      flood.max_seconds = seconds / rounds;
      run.done = FALSE;
      sender = g_thread_new ("flood", flood_thread, &flood);

      give_up_id = g_timeout_add_seconds ((guint) (seconds / rounds) + 30, give_up_cb, &run);
      g_main_loop_run (loop);
      if (run.done)
        g_source_remove (give_up_id);
      g_thread_join (sender);

      g_mutex_lock (&bare.mutex);
      deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
      while (bare.ends_seen < (guint) r + 1 && bare.error == NULL
             && g_cond_wait_until (&bare.cond, &bare.mutex, deadline))
        ;
      g_mutex_unlock (&bare.mutex);
      while (g_main_context_iteration (NULL, FALSE))
        ;

      if (bare.error != NULL || bare.ends_seen < (guint) r + 1)
        fail ("the bare reader failed in round %d: %s", r,
              bare.error != NULL ? bare.error : "it never saw the end of the flood");
      if (!run.done)
        fail ("Dropdeck never saw the end of round %d's flood (%" G_GUINT64_FORMAT " of %u messages)", r,
              dd_chat_pipeline_get_n_received (pipeline) - client_before, flood.sent + 1);

      bare_s = (bare.end_us - flood.start_us) / 1e6;
      client_s = (run.end_us - flood.start_us) / 1e6;
      bare_rate = (bare.lines - bare_before) / bare_s;
      client_rate = (dd_chat_pipeline_get_n_received (pipeline) - client_before) / client_s;
      g_print ("  %s %d: %u messages (%.1f MB); (a) bare reader %9.0f lines/s in %.3f s, "
               "(b) Dropdeck %9.0f msgs/s in %.3f s; ratio %.3f\n",
               r == 0 ? "warm-up" : "round", r, flood.sent + 1, flood.sent_bytes / 1e6, bare_rate, bare_s,
               client_rate, client_s, client_rate / bare_rate);
      if (r == 0)
        {
          /* Senders' threads have ended by then: the others are Dropdeck's. */
          dd_bench_threads_cpu ("bare-reader", &bare_cpu_start, &dropdeck_cpu_start);
          continue;
        }
      ratios[r - 1] = client_rate / bare_rate;
      total_sent += flood.sent + 1;
      total_bytes += flood.sent_bytes;
      /* Let the server's queues drain and the machine settle. */
      g_usleep (G_USEC_PER_SEC / 5);
    }

  dd_bench_threads_cpu ("bare-reader", &bare_cpu_end, &dropdeck_cpu_end);
  dd_chat_pipeline_stop (pipeline);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  dd_irc_client_get_stats (client, &stats);

  qsort (ratios, (gsize) rounds, sizeof (double), compare_doubles);
  g_print ("  ratio (b)/(a): median %.3f over %d rounds (lowest %.3f, highest %.3f; target >= 0.8)\n",
           ratios[rounds / 2], rounds, ratios[0], ratios[rounds - 1]);
  /* What a message costs does not depend on who else wants the cores. */
  g_print ("  CPU per message over all rounds: Dropdeck %.2f us, bare reader %.3f us "
           "(threads' user + system time; the ratio falls below 1 when Dropdeck gets less of the cores than that needs)\n",
           (dropdeck_cpu_end - dropdeck_cpu_start) * 1e6 / total_sent, (bare_cpu_end - bare_cpu_start) * 1e6 / total_sent);
  g_print ("  all rounds: %u messages, %.1f MB; client counters: %" G_GUINT64_FORMAT " lines, %" G_GUINT64_FORMAT " duplicates, %"
           G_GUINT64_FORMAT " repaired, %" G_GUINT64_FORMAT " skipped, %" G_GUINT64_FORMAT " reconnects\n",
           total_sent, total_bytes / 1e6, stats.lines, stats.duplicates, stats.sanitised, stats.skipped, stats.reconnects);

  g_thread_join (bare_thread);
  g_mutex_clear (&bare.mutex);
  g_cond_clear (&bare.cond);
  g_free (bare.error);
  server_script (&server, "stop");
  g_free (server.dir);

  return 0;
}
