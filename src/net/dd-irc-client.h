/* dd-irc-client.h — an IRCv3 / Twitch-compatible audience chat provider
 *
 * Connects over TCP (TLS unless the host is loopback or insecure
 * transport is allowed explicitly) or WebSocket (subprotocol
 * text.ircv3.net), negotiates IRCv3 capabilities, joins its channels once
 * registered and hands chat to the sink in batches. After a drop it
 * reconnects with backoff and jitter, joins again and drops messages it
 * has already delivered (history replayed on join carries the same
 * msgid). Outgoing messages pass a sliding-window rate limiter.
 *
 * All socket I/O and every signal happen on the GMainContext given to
 * dd_chat_provider_start(); the configuration setters are for before
 * start. Counters and the moderation calls may be used from any thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-chat-provider.h"
#include "dd-helix-client.h"
#include "dd-irc-framer.h"

G_BEGIN_DECLS

typedef enum
{
  DD_IRC_TRANSPORT_TCP,
  DD_IRC_TRANSPORT_TLS,
  DD_IRC_TRANSPORT_WEBSOCKET,
  DD_IRC_TRANSPORT_WEBSOCKET_TLS,
} DdIrcTransport;

/* What was received and what had to be repaired or left out. */
typedef struct
{
  guint64 bytes;
  guint64 lines;           /* whole lines out of the framer */
  guint64 messages;        /* chat messages handed to the sink */
  guint64 duplicates;      /* chat messages already delivered (by msgid) */
  guint64 sanitised;       /* lines repaired: NUL, stray CR, invalid UTF-8 */
  guint64 skipped;         /* lines dropped: oversized, empty, unparsable */
  guint64 invalid_emotes;  /* emote ranges outside the text */
  guint64 connects;        /* registrations completed */
  guint64 reconnects;      /* connections lost and attempted again */
} DdIrcClientStats;

#define DD_TYPE_IRC_CLIENT (dd_irc_client_get_type ())

G_DECLARE_FINAL_TYPE (DdIrcClient, dd_irc_client, DD, IRC_CLIENT, GObject)

/* `url`: irc://host[:6667], ircs://host[:6697], ws://host[:port][/path] or
 * wss://...; DD_NET_ERROR_FAILED with a sentence when it is not one of
 * those. `nick` NULL: a guest nick ("justinfan" and digits, which Twitch
 * accepts for reading). */
DdIrcClient     *dd_irc_client_new                 (const char      *url,
                                                    const char      *nick,
                                                    GError         **error);
DdIrcTransport   dd_irc_client_get_transport       (DdIrcClient     *self);
const char      *dd_irc_client_get_nick            (DdIrcClient     *self);
/* Plain TCP or ws:// to a host that is not loopback is refused unless
 * allowed here (an account setting the UI marks as insecure). */
void             dd_irc_client_set_allow_insecure  (DdIrcClient     *self,
                                                    gboolean         allow);
/* FALSE with DD_NET_ERROR_NOT_SUPPORTED when the address needs a TLS
 * transport that was not chosen (the client would refuse to connect). */
gboolean         dd_irc_client_check_security      (DdIrcClient     *self,
                                                    GError         **error);
/* The certificate authorities trusted for ircs:// and wss://; NULL: the
 * system's. A server whose certificate they do not vouch for is refused
 * ("The secure connection to ... failed: ..."). Before start. */
void             dd_irc_client_set_tls_database    (DdIrcClient     *self,
                                                    GTlsDatabase    *database);
/* PASS sent before NICK (a Twitch "oauth:" token); NULL for none. */
void             dd_irc_client_set_password        (DdIrcClient     *self,
                                                    const char      *password);
/* OPER sent after registration, for server-operator moderation. */
void             dd_irc_client_set_oper            (DdIrcClient     *self,
                                                    const char      *name,
                                                    const char      *password);
/* Joined after registration and again after every reconnect. */
void             dd_irc_client_add_channel         (DdIrcClient     *self,
                                                    const char      *channel);
/* 100 messages per 30 s instead of 20. Any thread. */
void             dd_irc_client_set_moderator       (DdIrcClient     *self,
                                                    gboolean         moderator);
/* Reconnect delays (default 1 s doubling to 60 s, up to half taken off
 * as jitter). */
void             dd_irc_client_set_reconnect_delays (DdIrcClient    *self,
                                                     guint           initial_ms,
                                                     guint           max_ms);
/* On Twitch (twitch.tv/commands acknowledged), moderation through the
 * chat provider interface goes through Helix: a ban or timeout of the
 * author's user id, a delete of the message id, in the channel whose
 * room-id ROOMSTATE gave; Twitch then echoes CLEARCHAT or CLEARMSG.
 * Without a Helix client, moderation on Twitch is refused with a reason
 * (Twitch no longer takes it over IRC). Before start. */
void             dd_irc_client_set_helix           (DdIrcClient     *self,
                                                    DdHelixClient   *helix);
DdHelixClient   *dd_irc_client_get_helix           (DdIrcClient     *self);
/* TRUE once the server acknowledged `cap` on the current connection. */
gboolean         dd_irc_client_has_cap             (DdIrcClient     *self,
                                                    const char      *cap);
/* Drops the connection as if the network had (for tests and for a
 * "reconnect now" action); the client reconnects at once. Pipeline
 * context only. */
void             dd_irc_client_reconnect           (DdIrcClient     *self);
/* Why the last connection ended or could not be made (a sentence for
 * people), or NULL. Any thread. */
char            *dd_irc_client_dup_last_error      (DdIrcClient     *self);
/* Any thread. */
void             dd_irc_client_get_stats           (DdIrcClient     *self,
                                                    DdIrcClientStats *out);

/* Moderation, as a channel (or server) operator. Any thread; `callback`
 * runs on the caller's thread-default context. They complete when the
 * server confirms (the KICK or MODE +b comes back) and fail with the
 * server's reason (e.g. not a channel operator), DD_NET_ERROR_NOT_CONNECTED,
 * or DD_NET_ERROR_TIMEOUT after 10 s without an answer. */
void             dd_irc_client_kick_async          (DdIrcClient         *self,
                                                    const char          *channel,
                                                    const char          *nick,
                                                    const char          *reason,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
/* `mask` like "nick!*@*"; `seconds` 0: a permanent MODE +b, otherwise a
 * timed ban (InspIRCd's TBAN: the server lifts it). */
void             dd_irc_client_ban_async           (DdIrcClient         *self,
                                                    const char          *channel,
                                                    const char          *mask,
                                                    guint                seconds,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean         dd_irc_client_moderate_finish     (DdIrcClient         *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Signals, on the pipeline context:
 *  "registered" (): 001 received (also after each reconnect).
 *  "joined" (const char *channel): our JOIN came back.
 *  "notice" (const char *channel_or_null, const char *msg_id_or_null,
 *            const char *text): a NOTICE from the server or a user.
 *  "clear-chat" (const char *channel, const char *target_login_or_null,
 *                int ban_duration_s): Twitch CLEARCHAT (-1: permanent).
 *  "clear-message" (const char *channel, const char *target_msg_id,
 *                   const char *login_or_null): Twitch CLEARMSG.
 *  "kicked" (const char *channel, const char *nick, const char *by):
 *           someone (perhaps us) was kicked. */

G_END_DECLS
