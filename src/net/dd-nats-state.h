/* dd-nats-state.h — the life of a NATS connection, as a property value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  DD_NATS_STATE_DISCONNECTED, /* never connected */
  DD_NATS_STATE_CONNECTING,   /* the first connection is being made */
  DD_NATS_STATE_CONNECTED,
  DD_NATS_STATE_RECONNECTING, /* lost; trying the server list again */
  DD_NATS_STATE_CLOSED,       /* closed by the app, for good */
} DdNatsState;

#define DD_TYPE_NATS_STATE (dd_nats_state_get_type ())

GType dd_nats_state_get_type (void) G_GNUC_CONST;

G_END_DECLS
