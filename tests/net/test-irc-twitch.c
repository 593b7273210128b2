/* test-irc-twitch.c — Twitch tags and commands to chat messages and events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-irc-framer.h"
#include "dd-irc-twitch.h"
#include "dd-net-error.h"

#define RECEIVED_US G_GINT64_CONSTANT (1700000000000000)

typedef struct
{
  DdIrcTwitchDecoder *decoder;
  DdIrcMessage msg;
  DdIrcEvent event;
  char *line;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->decoder = dd_irc_twitch_decoder_new ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->decoder, dd_irc_twitch_decoder_free);
  g_clear_pointer (&fixture->line, g_free);
}

static const DdIrcEvent *
decode (Fixture    *fixture,
        const char *line)
{
  g_autoptr(GError) error = NULL;

  g_free (fixture->line);
  fixture->line = g_strdup (line);
  g_assert_true (dd_irc_message_parse (&fixture->msg, fixture->line, strlen (line), &error));
  g_assert_no_error (error);
  g_assert_true (dd_irc_twitch_decode (fixture->decoder, &fixture->msg, RECEIVED_US,
                                       &fixture->event, &error));
  g_assert_no_error (error);
  return &fixture->event;
}

static void
assert_emote_text (const DdIrcChat *chat,
                   guint            i,
                   const char      *id,
                   const char      *expected)
{
  const DdIrcEmote *emote = &chat->emotes[i];

  g_assert_cmpstr (emote->id, ==, id);
  g_assert_cmpuint (emote->end_byte - emote->start_byte, ==, strlen (expected));
  g_assert_cmpint (memcmp (chat->init.text + emote->start_byte, expected, strlen (expected)), ==, 0);
}

static void
test_privmsg_full (Fixture       *fixture,
                   gconstpointer  data)
{
  const DdIrcEvent *event = decode (fixture,
    "@badge-info=subscriber/14;badges=moderator/1,subscriber/12;bits=100;"
    "client-nonce=abc;color=#1E90FF;display-name=Lucía;emotes=25:7-11,19-23,27-31/1902:25-25;"
    "first-msg=1;flags=;id=b34ccfc7-4977-403a-8a94-33c6bac34fb8;mod=0;returning-chatter=1;"
    "room-id=71092938;subscriber=1;tmi-sent-ts=1764092400123;turbo=0;user-id=12345;user-type=mod;vip=1"
    " :lucia!lucia@lucia.tmi.twitch.tv PRIVMSG #dropdeck_live :¡Hola! Kappa ñandú Kappa 😀 Kappa");
  const DdIrcChat *chat = &event->chat;
  g_autoptr(DdChatMessage) message = NULL;

  g_assert_cmpint (event->kind, ==, DD_IRC_EVENT_PRIVMSG);
  g_assert_cmpstr (event->channel, ==, "#dropdeck_live");
  g_assert_cmpstr (chat->init.id, ==, "b34ccfc7-4977-403a-8a94-33c6bac34fb8");
  g_assert_cmpstr (chat->init.author_login, ==, "lucia");
  g_assert_cmpstr (chat->init.display_name, ==, "Lucía");
  g_assert_cmpint (chat->init.color_rgb, ==, 0x1E90FF);
  g_assert_cmpstr (chat->init.text, ==, "¡Hola! Kappa ñandú Kappa 😀 Kappa");
  g_assert_cmpint (chat->init.timestamp_us, ==, G_GINT64_CONSTANT (1764092400123000));
  g_assert_cmpint (chat->init.source, ==, DD_CHAT_SOURCE_AUDIENCE);
  g_assert_cmpint (chat->init.flags, ==, DD_CHAT_FLAG_MODERATOR | DD_CHAT_FLAG_SUBSCRIBER |
                                         DD_CHAT_FLAG_VIP | DD_CHAT_FLAG_FIRST_MSG);
  g_assert_cmpstr (chat->user_id, ==, "12345");
  g_assert_cmpstr (chat->room_id, ==, "71092938");
  g_assert_cmpint (chat->subscriber_months, ==, 14);
  g_assert_cmpuint (chat->bits, ==, 100);
  g_assert_true (chat->returning_chatter);
  g_assert_false (chat->is_action);
  g_assert_null (chat->reply.msg_id);

  /* Emotes are counted in characters and come out sorted by position. */
  g_assert_cmpuint (chat->n_emotes, ==, 4);
  g_assert_cmpuint (chat->n_invalid_emotes, ==, 0);
  assert_emote_text (chat, 0, "25", "Kappa");
  assert_emote_text (chat, 1, "25", "Kappa");
  assert_emote_text (chat, 2, "1902", "😀");
  assert_emote_text (chat, 3, "25", "Kappa");
  g_assert_cmpuint (chat->emotes[0].start_char, ==, 7);
  g_assert_cmpuint (chat->emotes[0].start_byte, ==, 8);

  message = dd_chat_message_new (&chat->init);
  g_assert_cmpstr (dd_chat_message_get_id (message), ==, "b34ccfc7-4977-403a-8a94-33c6bac34fb8");
  g_assert_cmpstr (dd_chat_message_get_display_name (message), ==, "Lucía");
  g_assert_cmpint (dd_chat_message_get_timestamp (message), ==, G_GINT64_CONSTANT (1764092400123000));
  /* What the wall shows: badges, the user id moderation needs, bits. */
  g_assert_cmpstr (dd_chat_message_get_author_user_id (message), ==, "12345");
  g_assert_cmpstr (dd_chat_message_get_badges (message), ==, "moderator/1,subscriber/12");
  g_assert_cmpuint (dd_chat_message_get_bits (message), ==, 100);
  g_assert_null (dd_chat_message_get_reply_parent_id (message));
  g_assert_null (dd_chat_message_get_reply_parent_text (message));
}

static void
test_privmsg_plain_irc (Fixture       *fixture,
                        gconstpointer  data)
{
  /* An IRCv3 server (InspIRCd): msgid and server-time, a client reply tag. */
  const DdIrcEvent *event = decode (fixture,
    "@msgid=Xy1;time=2025-11-25T17:50:01.250Z;+draft/reply=Ab9 :ana!~ana@127.0.0.1 PRIVMSG #drop :\001ACTION waves\001");
  const DdIrcChat *chat = &event->chat;

  g_assert_cmpint (event->kind, ==, DD_IRC_EVENT_PRIVMSG);
  g_assert_cmpstr (chat->init.id, ==, "Xy1");
  g_assert_cmpstr (chat->init.author_login, ==, "ana");
  g_assert_null (chat->init.display_name);
  g_assert_cmpint (chat->init.color_rgb, ==, -1);
  g_assert_cmpstr (chat->init.text, ==, "waves");
  g_assert_true (chat->is_action);
  g_assert_cmpstr (chat->reply.msg_id, ==, "Ab9");
  g_assert_cmpint (chat->init.timestamp_us, ==, G_GINT64_CONSTANT (1764093001250000));
  g_assert_cmpint (chat->init.flags, ==, DD_CHAT_FLAG_NONE);

  /* No time at all: the time it was received. A bad tmi-sent-ts falls
   * back to time=. */
  event = decode (fixture, ":bo!bo@h PRIVMSG #drop :hi");
  g_assert_cmpint (event->chat.init.timestamp_us, ==, RECEIVED_US);
  g_assert_null (event->chat.init.id);
  event = decode (fixture, "@tmi-sent-ts=12x;time=1970-01-01T00:00:01Z :bo!bo@h PRIVMSG #drop :hi");
  g_assert_cmpint (event->timestamp_us, ==, G_USEC_PER_SEC);
  g_assert_cmpuint (dd_irc_twitch_decoder_get_stats (fixture->decoder)->invalid_timestamps, ==, 1);
}

static void
test_reply_context (Fixture       *fixture,
                    gconstpointer  data)
{
  const DdIrcEvent *event = decode (fixture,
    "@display-name=Mario;id=m2;reply-parent-display-name=Lucía;"
    "reply-parent-msg-body=¿hay\\stalla\\sM?\\:\\s\\\\ok;reply-parent-msg-id=m1;"
    "reply-parent-user-id=12345;reply-parent-user-login=lucia;"
    "reply-thread-parent-msg-id=m0;reply-thread-parent-user-login=ana;tmi-sent-ts=1"
    " :mario!mario@mario.tmi.twitch.tv PRIVMSG #drop :@Lucía sí, en azul");
  const DdIrcReplyContext *reply = &event->chat.reply;
  g_autoptr(DdChatMessage) message = NULL;

  g_assert_cmpstr (reply->msg_id, ==, "m1");
  g_assert_cmpstr (reply->user_id, ==, "12345");
  g_assert_cmpstr (reply->user_login, ==, "lucia");
  g_assert_cmpstr (reply->display_name, ==, "Lucía");
  g_assert_cmpstr (reply->body, ==, "¿hay talla M?; \\ok");
  g_assert_cmpstr (reply->thread_msg_id, ==, "m0");
  g_assert_cmpstr (reply->thread_user_login, ==, "ana");
  g_assert_cmpint (event->timestamp_us, ==, 1000);

  /* The chat message keeps the reply's parent, unescaped. */
  message = dd_chat_message_new (&event->chat.init);
  g_assert_cmpstr (dd_chat_message_get_reply_parent_id (message), ==, "m1");
  g_assert_cmpstr (dd_chat_message_get_reply_parent_login (message), ==, "lucia");
  g_assert_cmpstr (dd_chat_message_get_reply_parent_text (message), ==, "¿hay talla M?; \\ok");
  g_assert_null (dd_chat_message_get_badges (message));
  g_assert_null (dd_chat_message_get_author_user_id (message));
  g_assert_cmpuint (dd_chat_message_get_bits (message), ==, 0);
}

static void
test_moderation_events (Fixture       *fixture,
                        gconstpointer  data)
{
  const DdIrcEvent *event;

  event = decode (fixture, "@ban-duration=350;room-id=1;target-user-id=777;tmi-sent-ts=1642719320727"
                           " :tmi.twitch.tv CLEARCHAT #dallas :ronni");
  g_assert_cmpint (event->kind, ==, DD_IRC_EVENT_CLEARCHAT);
  g_assert_cmpstr (event->channel, ==, "#dallas");
  g_assert_cmpstr (event->clearchat.target_login, ==, "ronni");
  g_assert_cmpstr (event->clearchat.target_user_id, ==, "777");
  g_assert_cmpint (event->clearchat.ban_duration_s, ==, 350);
  g_assert_cmpint (event->timestamp_us, ==, G_GINT64_CONSTANT (1642719320727000));

  event = decode (fixture, "@room-id=1;target-user-id=777 :tmi.twitch.tv CLEARCHAT #dallas :ronni");
  g_assert_cmpint (event->clearchat.ban_duration_s, ==, -1);

  event = decode (fixture, "@room-id=1 :tmi.twitch.tv CLEARCHAT #dallas");
  g_assert_null (event->clearchat.target_login);

  event = decode (fixture, "@login=ronni;room-id=;target-msg-id=abc-123-def;tmi-sent-ts=1642720582342"
                           " :tmi.twitch.tv CLEARMSG #dallas :HeyGuys");
  g_assert_cmpint (event->kind, ==, DD_IRC_EVENT_CLEARMSG);
  g_assert_cmpstr (event->clearmsg.target_msg_id, ==, "abc-123-def");
  g_assert_cmpstr (event->clearmsg.login, ==, "ronni");
  g_assert_cmpstr (event->clearmsg.text, ==, "HeyGuys");
}

static void
test_state_events (Fixture       *fixture,
                   gconstpointer  data)
{
  const DdIrcEvent *event;

  event = decode (fixture, "@badge-info=;badges=staff/1,broadcaster/1;color=#0000FF;display-name=Ronni;"
                           "emotes=;id=db25007f;login=ronni;mod=0;msg-id=resub;"
                           "msg-param-cumulative-months=6;room-id=1337;subscriber=1;"
                           "system-msg=ronni\\shas\\ssubscribed\\sfor\\s6\\smonths!;"
                           "tmi-sent-ts=1507246572675;user-id=1337;user-type=staff"
                           " :tmi.twitch.tv USERNOTICE #dallas :Great stream -- keep it up!");
  g_assert_cmpint (event->kind, ==, DD_IRC_EVENT_USERNOTICE);
  g_assert_cmpstr (event->usernotice.msg_id, ==, "resub");
  g_assert_cmpstr (event->usernotice.system_msg, ==, "ronni has subscribed for 6 months!");
  g_assert_cmpstr (event->chat.init.author_login, ==, "ronni");
  g_assert_cmpstr (event->chat.init.text, ==, "Great stream -- keep it up!");
  g_assert_cmpint (event->chat.init.flags, ==, DD_CHAT_FLAG_BROADCASTER | DD_CHAT_FLAG_SUBSCRIBER);

  event = decode (fixture, "@emote-only=0;followers-only=-1;r9k=0;room-id=12345678;slow=0;subs-only=0"
                           " :tmi.twitch.tv ROOMSTATE #bar");
  g_assert_cmpint (event->kind, ==, DD_IRC_EVENT_ROOMSTATE);
  g_assert_cmpstr (event->roomstate.room_id, ==, "12345678");
  g_assert_cmpint (event->roomstate.followers_only_min, ==, -1);
  g_assert_cmpint (event->roomstate.slow_s, ==, 0);

  event = decode (fixture, "@room-id=12345678;slow=10 :tmi.twitch.tv ROOMSTATE #bar");
  g_assert_cmpint (event->roomstate.slow_s, ==, 10);
  g_assert_cmpint (event->roomstate.emote_only, ==, DD_IRC_UNSET);

  event = decode (fixture, "@badge-info=;badges=moderator/1;color=#b22222;display-name=Dropdeck;"
                           "emote-sets=0,33,50;mod=1;subscriber=0;user-type=mod"
                           " :tmi.twitch.tv USERSTATE #dropdeck_live");
  g_assert_cmpint (event->kind, ==, DD_IRC_EVENT_USERSTATE);
  g_assert_cmpstr (event->userstate.display_name, ==, "Dropdeck");
  g_assert_cmpint (event->userstate.color_rgb, ==, 0xB22222);
  g_assert_cmpint (event->userstate.flags, ==, DD_CHAT_FLAG_MODERATOR);
  g_assert_cmpstr (event->userstate.emote_sets, ==, "0,33,50");

  event = decode (fixture, "@msg-id=slow_on :tmi.twitch.tv NOTICE #bar :This room is now in slow mode.");
  g_assert_cmpint (event->kind, ==, DD_IRC_EVENT_NOTICE);
  g_assert_cmpstr (event->notice.msg_id, ==, "slow_on");
  g_assert_cmpstr (event->notice.text, ==, "This room is now in slow mode.");

  event = decode (fixture, ":tmi.twitch.tv RECONNECT");
  g_assert_cmpint (event->kind, ==, DD_IRC_EVENT_RECONNECT);

  event = decode (fixture, "PING :tmi.twitch.tv");
  g_assert_cmpint (event->kind, ==, DD_IRC_EVENT_PING);
  g_assert_cmpstr (event->ping_token, ==, "tmi.twitch.tv");

  event = decode (fixture, ":tmi.twitch.tv CAP * ACK :twitch.tv/tags twitch.tv/commands");
  g_assert_cmpint (event->kind, ==, DD_IRC_EVENT_CAP);
  g_assert_cmpstr (event->cap_subcommand, ==, "ACK");
  g_assert_cmpstr (event->cap_list, ==, "twitch.tv/tags twitch.tv/commands");

  event = decode (fixture, ":tmi.twitch.tv 001 dropdeck :Welcome, GLHF!");
  g_assert_cmpint (event->kind, ==, DD_IRC_EVENT_WELCOME);

  event = decode (fixture, ":ana!ana@h JOIN #drop");
  g_assert_cmpint (event->kind, ==, DD_IRC_EVENT_JOIN);
  g_assert_cmpstr (event->channel, ==, "#drop");
  g_assert_cmpstr (event->login, ==, "ana");

  event = decode (fixture, "@x=1 :srv WHATEVER a :b c");
  g_assert_cmpint (event->kind, ==, DD_IRC_EVENT_OTHER);
  g_assert_cmpstr (event->command, ==, "WHATEVER");
}

static void
test_missing_params (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *lines[] = {
    ":a!a@a PRIVMSG #drop", ":a!a@a PRIVMSG", ":tmi.twitch.tv CLEARCHAT",
    ":tmi.twitch.tv CAP *", "NOTICE",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (dd_irc_message_parse (&fixture->msg, lines[i], strlen (lines[i]), NULL));
      g_assert_false (dd_irc_twitch_decode (fixture->decoder, &fixture->msg, 0,
                                            &fixture->event, &error));
      g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
    }
}

static void
test_bad_tag_values (Fixture       *fixture,
                     gconstpointer  data)
{
  const DdIrcEvent *event = decode (fixture,
    "@color=#GGGGGG;bits=99999999999999;badges=,,/,moderator;badge-info=subscriber/;"
    "emotes=25:0-2,5-1,3-99,x-y,-/:1-2/nocolon/7:0-0,;tmi-sent-ts=;time=2026-02-30T00:00:00Z"
    " :a!a@a PRIVMSG #d :héllo");
  const DdIrcChat *chat = &event->chat;

  g_assert_cmpint (chat->init.color_rgb, ==, -1);
  g_assert_cmpuint (chat->bits, ==, 0);
  g_assert_cmpint (chat->init.flags, ==, DD_CHAT_FLAG_MODERATOR);
  g_assert_cmpint (chat->subscriber_months, ==, 0);
  g_assert_cmpint (event->timestamp_us, ==, RECEIVED_US);
  /* "25:0-2" and "7:0-0" fit; the rest does not. */
  g_assert_cmpuint (chat->n_emotes, ==, 2);
  g_assert_cmpuint (chat->n_invalid_emotes, ==, 6);
  assert_emote_text (chat, 0, "7", "h");
  assert_emote_text (chat, 1, "25", "hél");
}

static void
test_server_time (void)
{
  gint64 us = 0;

  g_assert_true (dd_irc_parse_server_time ("2011-10-19T16:40:51.620Z", 24, &us));
  g_assert_cmpint (us, ==, G_GINT64_CONSTANT (1319042451620000));
  g_assert_true (dd_irc_parse_server_time ("2024-02-29T00:00:00+01:00", 25, &us));
  g_assert_cmpint (us, ==, G_GINT64_CONSTANT (1709161200000000));
  g_assert_true (dd_irc_parse_server_time ("1970-01-01T00:00:00.000001Z", 27, &us));
  g_assert_cmpint (us, ==, 1);
  g_assert_false (dd_irc_parse_server_time ("2023-02-29T00:00:00Z", 20, &us));
  g_assert_false (dd_irc_parse_server_time ("2011-10-19T16:40:51", 19, &us));
  g_assert_false (dd_irc_parse_server_time ("2011-10-19T16:40:51.Z", 21, &us));
  g_assert_false (dd_irc_parse_server_time ("", 0, &us));
}

/* 10,000 emotes over a long text: all placed, quickly. */
static void
test_ten_thousand_emotes (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) spec = g_string_new ("25:");
  g_autoptr(GArray) emotes = g_array_new (FALSE, FALSE, sizeof (DdIrcEmote));
  gint64 start;
  guint invalid;

  for (guint i = 0; i < 10000; i++)
    {
      g_string_append (text, "ñ😀 ");
      g_string_append_printf (spec, "%s%u-%u", i > 0 ? "," : "", i * 3, i * 3 + 1);
    }
  g_string_append (spec, "/1:0-0,29999-30000");

  start = g_get_monotonic_time ();
  invalid = dd_irc_twitch_parse_emotes (spec->str, text->str, text->len, emotes);
  g_test_message ("10,000 emotes in %" G_GINT64_FORMAT " µs", g_get_monotonic_time () - start);

  g_assert_cmpuint (invalid, ==, 1);
  g_assert_cmpuint (emotes->len, ==, 10001);
  for (guint i = 1; i < emotes->len; i++)
    {
      const DdIrcEmote *e = &g_array_index (emotes, DdIrcEmote, i);

      g_assert_cmpuint (e->end_byte - e->start_byte, ==, 6); /* "ñ😀" */
      g_assert_cmpint (memcmp (text->str + e->start_byte, "ñ😀", 6), ==, 0);
    }
}

static void
no_line_expected_cb (const char *line,
                     gsize       len,
                     gpointer    user_data)
{
  g_assert_not_reached ();
}

/* A line whose emote tag is too long for the tag section is refused by
 * the parser; the framer drops one that is too long for a line. */
static void
test_huge_emote_line (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GString) line = g_string_new ("@emotes=25:");
  g_autoptr(DdIrcFramer) framer = dd_irc_framer_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (line, "%s%u-%u", i > 0 ? "," : "", i, i);
  g_string_append (line, " :a!a@a PRIVMSG #d :x\r\n");

  g_assert_false (dd_irc_message_parse (&fixture->msg, line->str, line->len - 2, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  dd_irc_framer_feed (framer, line->str, line->len, no_line_expected_cb, NULL);
  g_assert_cmpuint (dd_irc_framer_get_stats (framer)->oversized_lines, ==, 1);
}

typedef struct
{
  Fixture *fixture;
  guint privmsgs;
  guint events;
} SampleRun;

static void
sample_line_cb (const char *line,
                gsize       len,
                gpointer    user_data)
{
  SampleRun *run = user_data;
  g_autoptr(GError) error = NULL;
  DdIrcEvent event;

  g_assert_true (dd_irc_message_parse (&run->fixture->msg, line, len, &error));
  g_assert_no_error (error);
  g_assert_true (dd_irc_twitch_decode (run->fixture->decoder, &run->fixture->msg, 0, &event, &error));
  g_assert_no_error (error);
  run->events++;
  if (event.kind == DD_IRC_EVENT_PRIVMSG)
    {
      g_autoptr(DdChatMessage) message = dd_chat_message_new (&event.chat.init);

      g_assert_nonnull (event.chat.init.id);
      g_assert_cmpint (event.timestamp_us, >, G_GINT64_CONSTANT (1764092400000000));
      g_assert_cmpuint (event.chat.n_invalid_emotes, ==, 0);
      for (guint i = 0; i < event.chat.n_emotes; i++)
        g_assert_true (g_str_has_prefix (event.chat.init.text + event.chat.emotes[i].start_byte, "Kappa") ||
                       g_str_has_prefix (event.chat.init.text + event.chat.emotes[i].start_byte, "PogChamp") ||
                       g_str_has_prefix (event.chat.init.text + event.chat.emotes[i].start_byte, "LUL"));
      run->privmsgs++;
    }
}

/* The recorded sample that the benchmark also reads. */
static void
test_recorded_sample (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "irc",
                                                 "twitch-sample.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIrcFramer) framer = dd_irc_framer_new ();
  SampleRun run = { fixture, 0, 0 };
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  dd_irc_framer_feed (framer, contents, len, sample_line_cb, &run);
  g_assert_cmpuint (run.events, ==, 400);
  g_assert_cmpuint (run.privmsgs, >, 300);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dropdeck/net/irc/twitch/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("privmsg-full", test_privmsg_full);
  ADD ("privmsg-plain-irc", test_privmsg_plain_irc);
  ADD ("reply-context", test_reply_context);
  ADD ("moderation-events", test_moderation_events);
  ADD ("state-events", test_state_events);
  ADD ("missing-params", test_missing_params);
  ADD ("bad-tag-values", test_bad_tag_values);
  ADD ("huge-emote-line", test_huge_emote_line);
  ADD ("recorded-sample", test_recorded_sample);
#undef ADD
  g_test_add_func ("/dropdeck/net/irc/twitch/server-time", test_server_time);
  g_test_add_func ("/dropdeck/net/irc/twitch/ten-thousand-emotes", test_ten_thousand_emotes);

  return g_test_run ();
}
