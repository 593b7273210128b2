/* fuzz-irc-codec.c — libFuzzer target for the IRC codec
 *
 * One input is a chunk of what a server might send. It goes through the
 * framer (cut into pieces whose size the first byte picks), the parser and
 * the Twitch decoder, into a DdChatMessage; the raw bytes also go to the
 * parser directly, to the emote parser and to the outgoing builders. Beyond
 * "no crash", it checks what must always hold: framed lines are clean,
 * spans stay inside their line, tag values survive escaping, emotes stay
 * inside the text, and a built line carries no CR, LF or NUL before its
 * end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dd-irc-build.h"
#include "dd-irc-framer.h"
#include "dd-irc-message.h"
#include "dd-irc-twitch.h"

#include "fuzz-target.h"

#define CHECK(cond) G_STMT_START { if (!(cond)) abort (); } G_STMT_END

static DdIrcTwitchDecoder *decoder;

static void
check_span (const DdIrcMessage *msg,
            DdIrcSpan           span)
{
  CHECK ((gsize) span.offset + span.len <= msg->line_len);
}

static void
check_tags_round_trip (const DdIrcMessage *msg)
{
  for (guint i = 0; i < msg->n_tags; i++)
    {
      const DdIrcTag *tag = &msg->tags[i];
      g_autofree char *value = NULL;
      g_autofree char *again = NULL;
      g_autoptr(GString) escaped = g_string_new (NULL);
      gsize n;

      check_span (msg, tag->key);
      check_span (msg, tag->value);
      CHECK (tag->key.len > 0);

      value = g_malloc (tag->value.len + 1);
      n = dd_irc_tag_unescape (msg->line + tag->value.offset, tag->value.len, value);
      CHECK (n <= tag->value.len);

      dd_irc_tag_escape (escaped, value, (gssize) n);
      CHECK (memchr (escaped->str, ';', escaped->len) == NULL);
      CHECK (memchr (escaped->str, ' ', escaped->len) == NULL);
      again = g_malloc (escaped->len + 1);
      CHECK (dd_irc_tag_unescape (escaped->str, escaped->len, again) == n);
      CHECK (memcmp (again, value, n) == 0);
    }
}

static void
check_event (const DdIrcEvent *event)
{
  const DdIrcChat *chat = &event->chat;

  if (event->kind != DD_IRC_EVENT_PRIVMSG && event->kind != DD_IRC_EVENT_USERNOTICE)
    return;

  CHECK (chat->init.text != NULL);
  CHECK (chat->init.author_login != NULL);
  for (guint i = 0; i < chat->n_emotes; i++)
    {
      const DdIrcEmote *emote = &chat->emotes[i];

      CHECK (emote->start_char <= emote->end_char);
      CHECK (emote->start_byte < emote->end_byte);
      CHECK (emote->end_byte <= chat->init.text_len);
      CHECK (emote->id != NULL);
    }
}

static void
parse_and_decode (const char *line,
                  gsize       len,
                  gboolean    make_message)
{
  DdIrcMessage msg;
  DdIrcEvent event;

  if (!dd_irc_message_parse (&msg, line, len, NULL))
    return;

  check_span (&msg, msg.source);
  check_span (&msg, msg.command);
  CHECK (msg.command.len > 0);
  CHECK (msg.n_params <= DD_IRC_MAX_PARAMS);
  CHECK (msg.n_tags <= DD_IRC_MAX_TAGS);
  for (guint i = 0; i < msg.n_params; i++)
    check_span (&msg, msg.params[i]);
  check_tags_round_trip (&msg);

  if (!dd_irc_twitch_decode (decoder, &msg, 0, &event, NULL))
    return;
  check_event (&event);

  if (make_message && event.kind == DD_IRC_EVENT_PRIVMSG)
    {
      DdChatMessage *message = dd_chat_message_new (&event.chat.init);

      CHECK (g_utf8_validate (dd_chat_message_get_text (message), -1, NULL));
      g_object_unref (message);
    }
}

static void
framed_line_cb (const char *line,
                gsize       len,
                gpointer    user_data)
{
  CHECK (len > 0 && len <= DD_IRC_MAX_LINE_BYTES);
  CHECK (memchr (line, '\0', len) == NULL);
  CHECK (memchr (line, '\r', len) == NULL);
  CHECK (memchr (line, '\n', len) == NULL);
  CHECK (g_utf8_validate_len (line, len, NULL));

  parse_and_decode (line, len, TRUE);
}

/* A digest of the lines a framer handed out, to compare two cuttings. */
static void
digest_line_cb (const char *line,
                gsize       len,
                gpointer    user_data)
{
  guint64 *digest = user_data;

  digest[0]++;
  for (gsize i = 0; i < len; i++)
    digest[1] = digest[1] * 1099511628211u ^ (guchar) line[i];
  digest[1] = digest[1] * 1099511628211u ^ 0x100;
}

static void
check_cuttings_agree (const char *data,
                      gsize       size)
{
  g_autoptr(DdIrcFramer) whole = dd_irc_framer_new ();
  g_autoptr(DdIrcFramer) bytewise = dd_irc_framer_new ();
  guint64 digest_whole[2] = { 0, 14695981039346656037u };
  guint64 digest_bytewise[2] = { 0, 14695981039346656037u };

  dd_irc_framer_feed (whole, data, size, digest_line_cb, digest_whole);
  for (gsize i = 0; i < size; i++)
    dd_irc_framer_feed (bytewise, data + i, 1, digest_line_cb, digest_bytewise);

  CHECK (digest_whole[0] == digest_bytewise[0]);
  CHECK (digest_whole[1] == digest_bytewise[1]);
  CHECK (memcmp (dd_irc_framer_get_stats (whole), dd_irc_framer_get_stats (bytewise),
                 sizeof (DdIrcFramerStats)) == 0);
  CHECK (dd_irc_framer_get_pending (whole) == dd_irc_framer_get_pending (bytewise));
}

static void
check_built (char       *line,
             const char *text,
             gsize       len)
{
  gsize line_len;

  if (line == NULL)
    return;

  line_len = strlen (line);
  CHECK (line_len >= 2 && line[line_len - 2] == '\r' && line[line_len - 1] == '\n');
  CHECK (strpbrk (line, "\r\n") == line + line_len - 2);
  /* What was accepted had none of them either, and fits. */
  CHECK (memchr (text, '\r', len) == NULL && memchr (text, '\n', len) == NULL);
  CHECK (memchr (text, '\0', len) == NULL);
  parse_and_decode (line, line_len - 2, FALSE);
  g_free (line);
}

static void
fuzz_builders (const char *data,
               gsize       size)
{
  g_autofree char *word = g_strndup (data, MIN (size, 40));
  const DdIrcOutTag tags[] = { { "+draft/reply", word }, { "+example.com/x", word } };

  check_built (dd_irc_build_privmsg ("#drop", data, (gssize) size, NULL), data, size);
  check_built (dd_irc_build_tagged_privmsg (tags, G_N_ELEMENTS (tags), "#drop",
                                            data, (gssize) size, NULL), data, size);
  /* As a word-like field the text must also be free of spaces. */
  check_built (dd_irc_build_join (word, NULL), word, strlen (word));
  check_built (dd_irc_build_kick ("#drop", word, word, NULL), word, strlen (word));
  check_built (dd_irc_build_ban ("#drop", word, NULL), word, strlen (word));
}

static void
fuzz_emotes (const char *data,
             gsize       size)
{
  const char *split = memchr (data, ' ', size);
  gsize spec_len = split != NULL ? (gsize) (split - data) : size;
  g_autofree char *spec = g_strndup (data, spec_len);
  g_autoptr(GArray) emotes = g_array_new (FALSE, FALSE, sizeof (DdIrcEmote));
  const char *text = split != NULL ? split + 1 : "";
  gsize text_len = split != NULL ? size - spec_len - 1 : 0;

  dd_irc_twitch_parse_emotes (spec, text, text_len, emotes);
  for (guint i = 0; i < emotes->len; i++)
    {
      const DdIrcEmote *emote = &g_array_index (emotes, DdIrcEmote, i);

      CHECK (emote->start_byte < emote->end_byte && emote->end_byte <= text_len);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static DdIrcFramer *framer;
  const char *bytes = (const char *) data;
  gsize chunk;

  if (decoder == NULL)
    {
      decoder = dd_irc_twitch_decoder_new ();
      framer = dd_irc_framer_new ();
    }

  /* The stream, cut into chunks of 1 to 64 bytes (or whole). */
  dd_irc_framer_reset (framer);
  chunk = size > 0 && data[0] < 64 ? (gsize) data[0] + 1 : size;
  for (gsize pos = 0; pos < size; pos += chunk)
    dd_irc_framer_feed (framer, bytes + pos, MIN (chunk, size - pos), framed_line_cb, NULL);

  /* Whole, or one byte at a time: the same lines and counters. */
  if (size <= 4096)
    check_cuttings_agree (bytes, size);

  /* The same bytes as one raw line: NUL, CR and bad UTF-8 included. */
  parse_and_decode (bytes, size, FALSE);

  fuzz_emotes (bytes, size);
  if (size <= 2048)
    fuzz_builders (bytes, size);

  return 0;
}
