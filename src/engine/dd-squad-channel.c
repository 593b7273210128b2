/* dd-squad-channel.c — the squad's own channel: presence, messages, cues, alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-squad-channel.h"

G_DEFINE_INTERFACE (DdSquadChannel, dd_squad_channel, G_TYPE_OBJECT)

enum {
  SQUAD_MESSAGE,
  CUE,
  ALERT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
dd_squad_channel_default_init (DdSquadChannelInterface *iface)
{
  signals[SQUAD_MESSAGE] =
    g_signal_new ("squad-message",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (DdSquadChannelInterface, squad_message),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_CHAT_MESSAGE);
  signals[CUE] =
    g_signal_new ("cue",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (DdSquadChannelInterface, cue),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_CHAT_MESSAGE);
  signals[ALERT] =
    g_signal_new ("alert",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (DdSquadChannelInterface, alert),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_CHAT_MESSAGE);
}

GListModel *
dd_squad_channel_get_members (DdSquadChannel *self)
{
  g_return_val_if_fail (DD_IS_SQUAD_CHANNEL (self), NULL);

  return DD_SQUAD_CHANNEL_GET_IFACE (self)->get_members (self);
}

DdConnectivity *
dd_squad_channel_get_connectivity (DdSquadChannel *self)
{
  g_return_val_if_fail (DD_IS_SQUAD_CHANNEL (self), NULL);

  return DD_SQUAD_CHANNEL_GET_IFACE (self)->get_connectivity (self);
}

void
dd_squad_channel_start (DdSquadChannel *self)
{
  g_return_if_fail (DD_IS_SQUAD_CHANNEL (self));

  if (DD_SQUAD_CHANNEL_GET_IFACE (self)->start != NULL)
    DD_SQUAD_CHANNEL_GET_IFACE (self)->start (self);
}

void
dd_squad_channel_stop (DdSquadChannel *self)
{
  g_return_if_fail (DD_IS_SQUAD_CHANNEL (self));

  if (DD_SQUAD_CHANNEL_GET_IFACE (self)->stop != NULL)
    DD_SQUAD_CHANNEL_GET_IFACE (self)->stop (self);
}

void
dd_squad_channel_emit_message (DdSquadChannel *self,
                               DdChatMessage  *message)
{
  guint signal_id;

  g_return_if_fail (DD_IS_SQUAD_CHANNEL (self));
  g_return_if_fail (DD_IS_CHAT_MESSAGE (message));

  switch (dd_chat_message_get_source (message))
    {
    case DD_CHAT_SOURCE_CUE:
      signal_id = signals[CUE];
      break;
    case DD_CHAT_SOURCE_ALERT:
      signal_id = signals[ALERT];
      break;
    case DD_CHAT_SOURCE_SQUAD:
    case DD_CHAT_SOURCE_AUDIENCE:
    default:
      signal_id = signals[SQUAD_MESSAGE];
      break;
    }

  g_signal_emit (self, signal_id, 0, message);
}
