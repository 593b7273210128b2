/* dd-net-error.h — the error domain of the net layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DD_NET_ERROR (dd_net_error_quark ())

typedef enum
{
  DD_NET_ERROR_FAILED,
  DD_NET_ERROR_INVALID_TEXT,     /* outgoing text a protocol line cannot carry */
  DD_NET_ERROR_NOT_CONNECTED,
  DD_NET_ERROR_NOT_SUPPORTED,
  DD_NET_ERROR_PROTOCOL,
  DD_NET_ERROR_TIMEOUT,
  DD_NET_ERROR_REJECTED,         /* the server refused the request itself: sending it again will not help */
  DD_NET_ERROR_AUTH,             /* the service did not accept our credentials */
  DD_NET_ERROR_PERMISSION,       /* signed in, but not allowed to do that */
  DD_NET_ERROR_NOT_FOUND,        /* what the request names does not exist (any more) */
  DD_NET_ERROR_CONFLICT,         /* someone else is changing the same thing: try again */
  DD_NET_ERROR_RATE_LIMITED,     /* too many requests: wait before trying again */
} DdNetError;

GQuark dd_net_error_quark (void);

G_END_DECLS
