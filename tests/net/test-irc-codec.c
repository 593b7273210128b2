/* test-irc-codec.c — the IRCv3 line parser, tag escaping, framer and
 * outgoing line builders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-irc-build.h"
#include "dd-irc-framer.h"
#include "dd-irc-message.h"
#include "dd-net-error.h"

static char *
tag_value (const DdIrcMessage *msg,
           const char         *key)
{
  const DdIrcTag *tag = dd_irc_message_find_tag (msg, key);

  return tag != NULL ? dd_irc_message_dup_tag_value (msg, tag) : NULL;
}

static char *
param (const DdIrcMessage *msg,
       guint               i)
{
  g_assert_cmpuint (i, <, msg->n_params);
  return dd_irc_message_dup_span (msg, msg->params[i]);
}

#define assert_span(msg, span, expected) G_STMT_START { \
    g_autofree char *_s = dd_irc_message_dup_span ((msg), (span)); \
    g_assert_cmpstr (_s, ==, (expected)); \
  } G_STMT_END

#define assert_tag(msg, key, expected) G_STMT_START { \
    g_autofree char *_v = tag_value ((msg), (key)); \
    g_assert_cmpstr (_v, ==, (expected)); \
  } G_STMT_END

#define assert_param(msg, i, expected) G_STMT_START { \
    g_autofree char *_p = param ((msg), (i)); \
    g_assert_cmpstr (_p, ==, (expected)); \
  } G_STMT_END

static void
parse_ok (DdIrcMessage *msg,
          const char   *line)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_irc_message_parse (msg, line, strlen (line), &error));
  g_assert_no_error (error);
}

static void
parse_fails (const char *line,
             gsize       len)
{
  DdIrcMessage msg;
  g_autoptr(GError) error = NULL;

  g_assert_false (dd_irc_message_parse (&msg, line, len, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
}

static void
test_parse_basic (void)
{
  DdIrcMessage msg;

  parse_ok (&msg, ":nick!user@host.example PRIVMSG #chan :hello  world ");
  assert_span (&msg, msg.source, "nick!user@host.example");
  assert_span (&msg, msg.nick, "nick");
  assert_span (&msg, msg.user, "user");
  assert_span (&msg, msg.host, "host.example");
  g_assert_true (dd_irc_message_is_command (&msg, "PRIVMSG"));
  g_assert_true (dd_irc_message_is_command (&msg, "privmsg"));
  g_assert_cmpuint (msg.n_params, ==, 2);
  assert_param (&msg, 0, "#chan");
  assert_param (&msg, 1, "hello  world ");
  g_assert_true (msg.has_trailing);
  g_assert_cmpuint (msg.n_tags, ==, 0);

  /* A server prefix, no trailing, extra spaces between parameters. */
  parse_ok (&msg, ":irc.example.com 001   dropdeck   Welcome");
  assert_span (&msg, msg.nick, "irc.example.com");
  g_assert_cmpuint (msg.user.len, ==, 0);
  g_assert_cmpuint (msg.host.len, ==, 0);
  assert_span (&msg, msg.command, "001");
  g_assert_cmpuint (msg.n_params, ==, 2);
  assert_param (&msg, 1, "Welcome");
  g_assert_false (msg.has_trailing);

  /* nick@host without a user. */
  parse_ok (&msg, ":nick@host JOIN #a");
  assert_span (&msg, msg.nick, "nick");
  g_assert_cmpuint (msg.user.len, ==, 0);
  assert_span (&msg, msg.host, "host");

  /* An empty trailing parameter is still a parameter. */
  parse_ok (&msg, "PRIVMSG #a :");
  g_assert_cmpuint (msg.n_params, ==, 2);
  assert_param (&msg, 1, "");

  /* A trailing parameter keeps its colons and leading spaces. */
  parse_ok (&msg, "PRIVMSG #a :: hi :)");
  assert_param (&msg, 1, ": hi :)");

  /* Unknown commands pass through. */
  parse_ok (&msg, ":srv FROBNICATE x y :z");
  assert_span (&msg, msg.command, "FROBNICATE");
  g_assert_cmpuint (msg.n_params, ==, 3);
}

static void
test_parse_fifteen_params (void)
{
  DdIrcMessage msg;

  parse_ok (&msg, "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 :17");
  g_assert_cmpuint (msg.n_params, ==, DD_IRC_MAX_PARAMS);
  assert_param (&msg, 13, "14");
  /* The fifteenth takes the rest of the line. */
  assert_param (&msg, 14, "15 16 :17");

  parse_ok (&msg, "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :last word");
  g_assert_cmpuint (msg.n_params, ==, DD_IRC_MAX_PARAMS);
  assert_param (&msg, 14, "last word");
}

/* The examples of the IRCv3 message-tags specification and of the
 * ircdocs parser tests (msg-split). */
static void
test_parse_tags_spec (void)
{
  DdIrcMessage msg;

  parse_ok (&msg, "@a=b\\\\and\\nk;c=72\\s45;d=gh\\:764 foo");
  assert_tag (&msg, "a", "b\\and\nk");
  assert_tag (&msg, "c", "72 45");
  assert_tag (&msg, "d", "gh;764");
  assert_span (&msg, msg.command, "foo");

  parse_ok (&msg, "@c;h=;a=b :quux ab cd");
  assert_tag (&msg, "c", "");
  assert_tag (&msg, "h", "");
  assert_tag (&msg, "a", "b");
  assert_span (&msg, msg.nick, "quux");
  assert_span (&msg, msg.command, "ab");
  g_assert_cmpuint (msg.n_params, ==, 1);
  assert_param (&msg, 0, "cd");

  /* Unknown escapes stand for the character; a lone trailing backslash
   * stands for nothing; "\\n" followed by "test" stays a backslash. */
  parse_ok (&msg, "@tag1=value\\1 COMMAND");
  assert_tag (&msg, "tag1", "value1");
  parse_ok (&msg, "@tag1=value1\\ COMMAND");
  assert_tag (&msg, "tag1", "value1");
  parse_ok (&msg, "@tag1=value\\\\ntest COMMAND");
  assert_tag (&msg, "tag1", "value\\ntest");

  /* Duplicates: the last wins. Client-only and vendor tags are kept. */
  parse_ok (&msg, "@tag1=1;tag2=3;tag3=4;tag1=5;+draft/reply=abc;example.com/foo=bar;+example.com/x COMMAND");
  assert_tag (&msg, "tag1", "5");
  assert_tag (&msg, "+draft/reply", "abc");
  assert_tag (&msg, "example.com/foo", "bar");
  assert_tag (&msg, "+example.com/x", "");
  g_assert_null (tag_value (&msg, "draft/reply"));

  /* Malformed items are skipped, the rest kept. */
  parse_ok (&msg, "@;;=x;a=1;; PING");
  g_assert_cmpuint (msg.n_tags, ==, 1);
  assert_tag (&msg, "a", "1");
}

static void
test_tag_escape_round_trip (void)
{
  const char *values[] = {
    "", "plain", "semi;colon", "two  spaces", "back\\slash", "cr\rlf\n",
    "\\:\\s", ";;; \\\\", "ñandú 😀 ; \\ end\\", "trailing\\",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GString) escaped = g_string_new (NULL);
      g_autofree char *out = NULL;
      gsize n;

      dd_irc_tag_escape (escaped, values[i], -1);
      g_assert_null (strpbrk (escaped->str, "; \r\n"));
      out = g_malloc (escaped->len + 1);
      n = dd_irc_tag_unescape (escaped->str, escaped->len, out);
      out[n] = '\0';
      g_assert_cmpstr (out, ==, values[i]);
    }
}

static void
test_parse_bad_input (void)
{
  DdIrcMessage msg;
  g_autoptr(GString) line = g_string_new (NULL);

  parse_fails ("", 0);
  parse_fails ("   ", 3);
  parse_fails ("@a=b;c=d", 8);           /* only tags */
  parse_fails ("@a=b;c=d   ", 11);
  parse_fails (":prefix.only", 12);
  parse_fails (":prefix ", 8);
  parse_fails ("\x01\x02\xff garbage", 11);
  parse_fails ("PRIV-MSG #a :x", 14);

  /* More than 8 KiB. */
  g_string_append (line, "PRIVMSG #a :");
  while (line->len <= DD_IRC_MAX_LINE_BYTES)
    g_string_append_c (line, 'x');
  parse_fails (line->str, line->len);

  /* A tag section longer than 8191 bytes. */
  g_string_assign (line, "@a=");
  while (line->len < DD_IRC_MAX_TAG_SECTION_BYTES)
    g_string_append_c (line, 'y');
  g_string_append (line, " PING");
  parse_fails (line->str, line->len);

  /* Too many tags: the first ones are kept, the rest dropped. */
  g_string_assign (line, "@");
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (line, "t%u=%u;", i, i);
  g_string_append (line, " PING :x");
  parse_ok (&msg, line->str);
  g_assert_cmpuint (msg.n_tags, ==, DD_IRC_MAX_TAGS);
  g_assert_true (msg.tags_dropped);
  assert_tag (&msg, "t63", "63");
  g_assert_null (tag_value (&msg, "t64"));

  /* Bytes that are not UTF-8 do not upset the parser itself. */
  parse_ok (&msg, "PRIVMSG #a :\xff\xfe\xc3");
  g_assert_cmpuint (msg.n_params, ==, 2);
}

/* Collects what a framer hands out, one string a line. */
static void
collect_line_cb (const char *line,
                 gsize       len,
                 gpointer    user_data)
{
  GPtrArray *lines = user_data;

  g_assert_null (memchr (line, '\0', len));
  g_assert_null (memchr (line, '\r', len));
  g_assert_null (memchr (line, '\n', len));
  g_assert_true (g_utf8_validate_len (line, len, NULL));
  g_assert_cmpuint (len, <=, DD_IRC_MAX_LINE_BYTES);
  g_ptr_array_add (lines, g_strndup (line, len));
}

static GString *
make_hostile_stream (void)
{
  GString *stream = g_string_new (NULL);

  g_string_append (stream, "@id=1;time=2026-11-25T17:00:00.123Z :a!a@a PRIVMSG #c :hola ñandú 😀\r\n");
  g_string_append (stream, "PING :tmi.twitch.tv\n");
  g_string_append (stream, "\r\n\n");                             /* empty lines */
  g_string_append (stream, "PRIVMSG #c :bad \xff\xfe utf8 \xe2\x82\r\n");
  g_string_append_len (stream, "PRIVMSG #c :nul\0byte\0\r\n", 23);
  g_string_append (stream, "PRIVMSG #c :stray\rcr\r\n");
  g_string_append (stream, "PRIVMSG #c :");
  for (guint i = 0; i < DD_IRC_MAX_LINE_BYTES + 100; i++)           /* oversized */
    g_string_append_c (stream, 'z');
  g_string_append (stream, "\r\n");
  g_string_append (stream, "@only=tags\r\n");
  g_string_append (stream, ":srv 001 me :Welcome\r\n");
  return stream;
}

static void
check_hostile_lines (GPtrArray              *lines,
                     const DdIrcFramerStats *stats)
{
  g_assert_cmpuint (lines->len, ==, 7);
  g_assert_cmpstr (g_ptr_array_index (lines, 1), ==, "PING :tmi.twitch.tv");
  g_assert_cmpstr (g_ptr_array_index (lines, 2), ==,
                   "PRIVMSG #c :bad \xef\xbf\xbd\xef\xbf\xbd utf8 \xef\xbf\xbd\xef\xbf\xbd");
  g_assert_cmpstr (g_ptr_array_index (lines, 3), ==, "PRIVMSG #c :nulbyte");
  g_assert_cmpstr (g_ptr_array_index (lines, 4), ==, "PRIVMSG #c :stray cr");
  g_assert_cmpstr (g_ptr_array_index (lines, 5), ==, "@only=tags");
  g_assert_cmpstr (g_ptr_array_index (lines, 6), ==, ":srv 001 me :Welcome");
  g_assert_cmpuint (stats->lines, ==, 7);
  g_assert_cmpuint (stats->empty_lines, ==, 2);
  g_assert_cmpuint (stats->oversized_lines, ==, 1);
  g_assert_cmpuint (stats->invalid_utf8_lines, ==, 1);
  g_assert_cmpuint (stats->nul_lines, ==, 1);
  g_assert_cmpuint (stats->stray_cr_lines, ==, 1);
}

static void
test_framer_whole (void)
{
  g_autoptr(GString) stream = make_hostile_stream ();
  g_autoptr(DdIrcFramer) framer = dd_irc_framer_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  dd_irc_framer_feed (framer, stream->str, stream->len, collect_line_cb, lines);
  check_hostile_lines (lines, dd_irc_framer_get_stats (framer));
  g_assert_cmpuint (dd_irc_framer_get_pending (framer), ==, 0);
}

/* Cutting the stream into two chunks at every byte, and feeding it one
 * byte at a time, gives the same lines and counters. */
static void
test_framer_split_everywhere (void)
{
  g_autoptr(GString) stream = make_hostile_stream ();

  for (gsize cut = 0; cut <= stream->len; cut++)
    {
      g_autoptr(DdIrcFramer) framer = dd_irc_framer_new ();
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

      dd_irc_framer_feed (framer, stream->str, cut, collect_line_cb, lines);
      dd_irc_framer_feed (framer, stream->str + cut, stream->len - cut,
                          collect_line_cb, lines);
      check_hostile_lines (lines, dd_irc_framer_get_stats (framer));
    }

  {
    g_autoptr(DdIrcFramer) framer = dd_irc_framer_new ();
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

    for (gsize i = 0; i < stream->len; i++)
      dd_irc_framer_feed (framer, stream->str + i, 1, collect_line_cb, lines);
    check_hostile_lines (lines, dd_irc_framer_get_stats (framer));
  }
}

static void
test_framer_partial_and_reset (void)
{
  g_autoptr(DdIrcFramer) framer = dd_irc_framer_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  dd_irc_framer_feed (framer, "PING :a", 7, collect_line_cb, lines);
  g_assert_cmpuint (lines->len, ==, 0);
  g_assert_cmpuint (dd_irc_framer_get_pending (framer), ==, 7);

  /* A reconnect drops the half line. */
  dd_irc_framer_reset (framer);
  dd_irc_framer_feed (framer, "PING :b\n", 8, collect_line_cb, lines);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "PING :b");

  /* A line of exactly the limit passes; one byte more does not. */
  {
    g_autoptr(GString) max = g_string_new ("PRIVMSG #a :");

    while (max->len < DD_IRC_MAX_LINE_BYTES)
      g_string_append_c (max, 'm');
    g_string_append (max, "\r\n");
    dd_irc_framer_feed (framer, max->str, max->len, collect_line_cb, lines);
    g_assert_cmpuint (lines->len, ==, 2);
    g_string_insert_c (max, 20, 'm');
    dd_irc_framer_feed (framer, max->str, max->len, collect_line_cb, lines);
    g_assert_cmpuint (lines->len, ==, 2);
    g_assert_cmpuint (dd_irc_framer_get_stats (framer)->oversized_lines, ==, 1);
  }
}

/* The framer's own UTF-8 check against GLib's, over random lines mixing
 * ASCII, NUL, CR, good and broken multibyte sequences. */
static void
framer_one_line_cb (const char *line,
                    gsize       len,
                    gpointer    user_data)
{
  GString *out = user_data;

  g_string_append_len (out, line, len);
}

static void
test_framer_matches_glib (void)
{
  static const char * const pieces[] = {
    "a", "PRIVMSG ", "12345678", " :", "\0", "\r", "ñ", "😀", "€", "\xc3", "\xe2\x82",
    "\xf0\x9f\x98", "\xff", "\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
    "\xe0\x80\xaf", "\xf0\x80\x80\xaf", "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf", "abcdefghijklmnop",
  };
  static const gsize lengths[] = { 1, 8, 8, 2, 1, 1, 2, 4, 3, 1, 2, 3, 1, 1, 2, 3, 4, 3, 4, 3, 4, 16 };
  GRand *rand = g_rand_new_with_seed (20261125);

  for (guint round = 0; round < 20000; round++)
    {
      g_autoptr(DdIrcFramer) framer = dd_irc_framer_new ();
      g_autoptr(GString) line = g_string_new ("X");
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GString) clean = g_string_new (NULL);
      g_autofree char *expected = NULL;
      guint n = g_rand_int_range (rand, 1, 40);

      for (guint i = 0; i < n; i++)
        {
          guint k = g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces));

          g_string_append_len (line, pieces[k], lengths[k]);
        }

      /* What the framer should make of it: the CR of a CR LF ending
       * dropped, NUL gone, any other CR a space, then GLib's repair. */
      for (gsize i = 0; i < line->len - (line->str[line->len - 1] == '\r'); i++)
        if (line->str[i] != '\0')
          g_string_append_c (clean, line->str[i] == '\r' ? ' ' : line->str[i]);
      expected = g_utf8_make_valid (clean->str, clean->len);

      g_string_append_c (line, '\n');
      dd_irc_framer_feed (framer, line->str, line->len, framer_one_line_cb, out);
      g_assert_cmpstr (out->str, ==, expected);
    }

  g_rand_free (rand);
}

static void
assert_refused (char       *line,
                GError     *error,
                const char *field)
{
  g_assert_null (line);
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
  g_assert_nonnull (strstr (error->message, field));
}

static void
test_build_lines (void)
{
  const char *caps[] = { "message-tags", "server-time", "twitch.tv/tags", NULL };
  const char *middle[] = { "#a", "+o", "nick", NULL };
  g_autoptr(GError) error = NULL;
  char *line;

#define EXPECT(call, expected) G_STMT_START { \
    line = (call); \
    g_assert_no_error (error); \
    g_assert_cmpstr (line, ==, (expected)); \
    g_free (line); \
  } G_STMT_END

  EXPECT (dd_irc_build_privmsg ("#drop", "¿talla M? :)", -1, &error),
          "PRIVMSG #drop :¿talla M? :)\r\n");
  EXPECT (dd_irc_build_join ("#drop", &error), "JOIN #drop\r\n");
  EXPECT (dd_irc_build_part ("#drop", NULL, &error), "PART #drop\r\n");
  EXPECT (dd_irc_build_part ("#drop", "bye all", &error), "PART #drop :bye all\r\n");
  EXPECT (dd_irc_build_pong ("tmi.twitch.tv", &error), "PONG :tmi.twitch.tv\r\n");
  EXPECT (dd_irc_build_cap_req (caps, &error),
          "CAP REQ :message-tags server-time twitch.tv/tags\r\n");
  EXPECT (dd_irc_build_nick ("dropdeck", &error), "NICK dropdeck\r\n");
  EXPECT (dd_irc_build_pass ("oauth:abc", &error), "PASS :oauth:abc\r\n");
  EXPECT (dd_irc_build_kick ("#drop", "spammer", "fake links", &error),
          "KICK #drop spammer :fake links\r\n");
  EXPECT (dd_irc_build_ban ("#drop", "*!*@spam.example", &error),
          "MODE #drop +b *!*@spam.example\r\n");
  EXPECT (dd_irc_build_unban ("#drop", "*!*@spam.example", &error),
          "MODE #drop -b *!*@spam.example\r\n");
  EXPECT (dd_irc_build_timed_ban ("#drop", 600, "*!*@spam.example", &error),
          "TBAN #drop 600 *!*@spam.example\r\n");
  EXPECT (dd_irc_build_line (NULL, 0, "MODE", middle, NULL, &error), "MODE #a +o nick\r\n");
  EXPECT (dd_irc_build_reply ("#drop", "abc-123", "sí, hay M", -1, &error),
          "@+draft/reply=abc-123;reply-parent-msg-id=abc-123 PRIVMSG #drop :sí, hay M\r\n");
#undef EXPECT

  /* A tagged message reads back through the parser, escapes and all. */
  {
    const DdIrcOutTag tags[] = { { "+example.com/note", "a;b c\\d\r\n" }, { "+flag", NULL } };
    g_autofree char *tagged = dd_irc_build_tagged_privmsg (tags, 2, "#d", "hi", -1, &error);
    DdIrcMessage msg;

    g_assert_no_error (error);
    parse_ok (&msg, tagged);
    g_assert_cmpuint (msg.n_tags, ==, 2);
    assert_tag (&msg, "+example.com/note", "a;b c\\d\r\n");
    assert_tag (&msg, "+flag", "");
    assert_param (&msg, 1, "hi\r\n"); /* the line ending is the caller's to strip */
  }
}

static void
test_build_refuses (void)
{
  GError *error = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);

#define REFUSED(call, field) G_STMT_START { \
    char *_line = (call); \
    assert_refused (_line, error, (field)); \
    g_clear_error (&error); \
  } G_STMT_END

  REFUSED (dd_irc_build_privmsg ("#a", "hi\r\nQUIT", -1, &error), "message text");
  REFUSED (dd_irc_build_privmsg ("#a", "hi\nJOIN #b", -1, &error), "message text");
  REFUSED (dd_irc_build_privmsg ("#a", "hi\0there", 8, &error), "message text");
  REFUSED (dd_irc_build_privmsg ("#a", "bad \xff", -1, &error), "message text");
  REFUSED (dd_irc_build_privmsg ("#a", "", -1, &error), "message text");
  REFUSED (dd_irc_build_privmsg ("#a\r\nQUIT", "hi", -1, &error), "channel");
  REFUSED (dd_irc_build_privmsg ("#a b", "hi", -1, &error), "channel");
  REFUSED (dd_irc_build_privmsg ("#a,#b", "hi", -1, &error), "channel");
  REFUSED (dd_irc_build_privmsg (":#a", "hi", -1, &error), "channel");
  REFUSED (dd_irc_build_join ("", &error), "channel");
  REFUSED (dd_irc_build_kick ("#a", "bad\nnick", NULL, &error), "nick");
  REFUSED (dd_irc_build_kick ("#a", "nick", "why\r", &error), "reason");
  REFUSED (dd_irc_build_ban ("#a", "*!*@x\n", &error), "ban mask");
  REFUSED (dd_irc_build_pong ("tok\r\n", &error), "token");
  REFUSED (dd_irc_build_reply ("#a", "id\nx", "hi", -1, &error), "message id");
  REFUSED (dd_irc_build_part ("#a\n", NULL, &error), "channel");

  /* Longer than an IRC line allows. */
  for (guint i = 0; i < 600; i++)
    g_string_append_c (long_text, 'x');
  REFUSED (dd_irc_build_privmsg ("#a", long_text->str, -1, &error), "510");

  {
    const DdIrcOutTag bad_key[] = { { "bad key", "v" } };
    char *line = dd_irc_build_tagged_privmsg (bad_key, 1, "#a", "hi", -1, &error);

    assert_refused (line, error, "bad key");
    g_clear_error (&error);
  }
#undef REFUSED
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/net/irc/parse/basic", test_parse_basic);
  g_test_add_func ("/dropdeck/net/irc/parse/fifteen-params", test_parse_fifteen_params);
  g_test_add_func ("/dropdeck/net/irc/parse/tags-spec", test_parse_tags_spec);
  g_test_add_func ("/dropdeck/net/irc/parse/bad-input", test_parse_bad_input);
  g_test_add_func ("/dropdeck/net/irc/tags/escape-round-trip", test_tag_escape_round_trip);
  g_test_add_func ("/dropdeck/net/irc/framer/whole", test_framer_whole);
  g_test_add_func ("/dropdeck/net/irc/framer/split-everywhere", test_framer_split_everywhere);
  g_test_add_func ("/dropdeck/net/irc/framer/partial-and-reset", test_framer_partial_and_reset);
  g_test_add_func ("/dropdeck/net/irc/framer/matches-glib", test_framer_matches_glib);
  g_test_add_func ("/dropdeck/net/irc/build/lines", test_build_lines);
  g_test_add_func ("/dropdeck/net/irc/build/refuses", test_build_refuses);

  return g_test_run ();
}
