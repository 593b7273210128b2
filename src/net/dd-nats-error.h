/* dd-nats-error.h — NATS-specific codes in the DD_NET_ERROR domain
 *
 * They sit above DdNetError's values (from 100) so that they never collide;
 * errors carry DD_NET_ERROR as their domain, like the rest of the layer.
 * Generic failures use DdNetError's own codes (NOT_CONNECTED, TIMEOUT,
 * PROTOCOL, INVALID_TEXT, NOT_SUPPORTED).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-net-error.h"

G_BEGIN_DECLS

typedef enum
{
  DD_NATS_ERROR_NO_RESPONDERS = 100, /* a request nobody listens to (503) */
  DD_NATS_ERROR_PERMISSION_DENIED,   /* -ERR 'Permissions Violation ...' */
  DD_NATS_ERROR_AUTHORIZATION,       /* credentials refused; connection closed */
  DD_NATS_ERROR_CONFLICT,            /* JetStream: expected sequence did not match */
  DD_NATS_ERROR_NOT_FOUND,           /* JetStream: no such stream, consumer or key */
  DD_NATS_ERROR_JETSTREAM,           /* any other JetStream API error */
  DD_NATS_ERROR_NOT_CLUSTERED,       /* JetStream: replicas asked of a single server */
} DdNatsErrorCode;

G_END_DECLS
