/* dd-nats-state.c — the life of a NATS connection, as a property value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-nats-state.h"

GType
dd_nats_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { DD_NATS_STATE_DISCONNECTED, "DD_NATS_STATE_DISCONNECTED", "disconnected" },
        { DD_NATS_STATE_CONNECTING, "DD_NATS_STATE_CONNECTING", "connecting" },
        { DD_NATS_STATE_CONNECTED, "DD_NATS_STATE_CONNECTED", "connected" },
        { DD_NATS_STATE_RECONNECTING, "DD_NATS_STATE_RECONNECTING", "reconnecting" },
        { DD_NATS_STATE_CLOSED, "DD_NATS_STATE_CLOSED", "closed" },
        { 0, NULL, NULL },
      };
      GType id = g_enum_register_static (g_intern_static_string ("DdNatsState"), values);

      g_once_init_leave (&type_id, id);
    }
  return type_id;
}
