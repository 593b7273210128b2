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
} DdNetError;

GQuark dd_net_error_quark (void);

G_END_DECLS
