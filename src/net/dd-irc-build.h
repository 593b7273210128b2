/* dd-irc-build.h — outgoing IRC lines, checked before they are written
 *
 * Every builder returns a whole line ending in CR LF, or NULL with
 * DD_NET_ERROR_INVALID_TEXT naming the field that cannot be sent: CR, LF
 * or NUL anywhere, invalid UTF-8, a space or a leading ':' in a word-like
 * field (channel, nick, mask), or a line longer than IRC allows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The body of a line (without tags) may be 512 bytes with its CR LF. */
#define DD_IRC_MAX_BODY_BYTES 510
/* Tags a client may send: '@', the tags and the space after them. */
#define DD_IRC_MAX_CLIENT_TAG_BYTES 4094

typedef struct
{
  const char *key;    /* e.g. "+draft/reply"; letters, digits, - . / + */
  const char *value;  /* escaped on the way out; NULL: no value */
} DdIrcOutTag;

/* `middle` is NULL-terminated (or NULL); `trailing` may be NULL. */
char *dd_irc_build_line      (const DdIrcOutTag  *tags,
                              gsize               n_tags,
                              const char         *command,
                              const char * const *middle,
                              const char         *trailing,
                              GError            **error);

/* `text_len` is in bytes, or -1 for NUL-terminated text: a NUL inside
 * the given length is refused, not cut off. */
char *dd_irc_build_privmsg   (const char         *channel,
                              const char         *text,
                              gssize              text_len,
                              GError            **error);
char *dd_irc_build_tagged_privmsg (const DdIrcOutTag *tags,
                                   gsize              n_tags,
                                   const char        *channel,
                                   const char        *text,
                                   gssize             text_len,
                                   GError           **error);
/* A reply in a thread: both the IRCv3 `+draft/reply` client tag and
 * Twitch's `reply-parent-msg-id` carry the parent's id. */
char *dd_irc_build_reply     (const char         *channel,
                              const char         *parent_msg_id,
                              const char         *text,
                              gssize              text_len,
                              GError            **error);
char *dd_irc_build_join      (const char         *channel,
                              GError            **error);
/* `reason` may be NULL. */
char *dd_irc_build_part      (const char         *channel,
                              const char         *reason,
                              GError            **error);
char *dd_irc_build_pong      (const char         *token,
                              GError            **error);
/* `caps` is NULL-terminated, e.g. { "message-tags", "server-time", NULL }. */
char *dd_irc_build_cap_req   (const char * const *caps,
                              GError            **error);
char *dd_irc_build_nick      (const char         *nick,
                              GError            **error);
char *dd_irc_build_pass      (const char         *password,
                              GError            **error);
/* `reason` may be NULL. */
char *dd_irc_build_kick      (const char         *channel,
                              const char         *nick,
                              const char         *reason,
                              GError            **error);
/* MODE channel +b mask */
char *dd_irc_build_ban       (const char         *channel,
                              const char         *mask,
                              GError            **error);
/* MODE channel -b mask */
char *dd_irc_build_unban     (const char         *channel,
                              const char         *mask,
                              GError            **error);
/* TBAN channel seconds mask: a timed ban (InspIRCd's timedbans module). */
char *dd_irc_build_timed_ban (const char         *channel,
                              guint               seconds,
                              const char         *mask,
                              GError            **error);

G_END_DECLS
