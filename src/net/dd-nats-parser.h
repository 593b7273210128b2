/* dd-nats-parser.h — turns a NATS server byte stream into operations
 *
 * Bytes arrive in chunks cut anywhere (a WebSocket frame or a socket read
 * may hold many operations, or a part of one); the parser hands out whole
 * operations in order: INFO, MSG, HMSG, PING, PONG, +OK and -ERR. It
 * enforces the longest control line and the server's max_payload, and
 * reports anything else as a protocol error, after which the stream is
 * unusable (the client reconnects). No I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longer control lines are refused. INFO with many cluster URLs is the
 * longest line a server sends. */
#define DD_NATS_MAX_LINE_BYTES (64 * 1024)
/* Until the server's INFO says otherwise. */
#define DD_NATS_DEFAULT_MAX_PAYLOAD (1024 * 1024)

typedef enum
{
  DD_NATS_OP_INFO,
  DD_NATS_OP_MSG,
  DD_NATS_OP_HMSG,
  DD_NATS_OP_PING,
  DD_NATS_OP_PONG,
  DD_NATS_OP_OK,
  DD_NATS_OP_ERR,
} DdNatsOpKind;

typedef enum
{
  DD_NATS_SERVER_ERROR_OTHER,
  DD_NATS_SERVER_ERROR_PERMISSION,    /* the connection stays open */
  DD_NATS_SERVER_ERROR_AUTHORIZATION, /* the server closes the connection */
} DdNatsServerErrorKind;

/* Every pointer is valid only during the callback. Strings are
 * NUL-terminated; `payload` and `headers` are also followed by a NUL. */
typedef struct
{
  DdNatsOpKind kind;
  /* MSG, HMSG */
  const char *subject;
  const char *reply;          /* NULL when the message has none */
  guint64 sid;
  const char *headers;        /* HMSG: the raw header block, "NATS/1.0..." */
  gsize headers_len;
  const char *payload;
  gsize payload_len;
  /* INFO: the JSON object; -ERR: the message without its quotes */
  const char *text;
  gsize text_len;
  DdNatsServerErrorKind error_kind; /* -ERR */
} DdNatsOp;

/* Return FALSE to stop: feed() then returns at once (the caller is, for
 * example, closing the connection). */
typedef gboolean (*DdNatsOpFunc) (const DdNatsOp *op,
                                  gpointer        user_data);

typedef struct _DdNatsParser DdNatsParser;

DdNatsParser *dd_nats_parser_new             (void);
void          dd_nats_parser_free            (DdNatsParser *self);
void          dd_nats_parser_set_max_payload (DdNatsParser *self,
                                              gsize         max_payload);
/* Calls `func` for every complete operation in order and keeps what is
 * incomplete. FALSE with `error` set (DD_NET_ERROR_PROTOCOL) on bad input. */
gboolean      dd_nats_parser_feed            (DdNatsParser *self,
                                              const char   *data,
                                              gsize         len,
                                              DdNatsOpFunc  func,
                                              gpointer      user_data,
                                              GError      **error);
/* Forgets a partly received operation (after a reconnect). */
void          dd_nats_parser_reset           (DdNatsParser *self);
gsize         dd_nats_parser_get_pending     (DdNatsParser *self);

DdNatsServerErrorKind dd_nats_classify_server_error (const char *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdNatsParser, dd_nats_parser_free)

G_END_DECLS
