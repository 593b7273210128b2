/* dd-squad-channel.h — the squad's own channel: presence, messages, cues, alerts
 *
 * NATS JetStream implements it for a real drop, the demo for a simulated one.
 * Runs on the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-connectivity.h"
#include "dd-core.h"
#include "dd-squad-member.h"

G_BEGIN_DECLS

#define DD_TYPE_SQUAD_CHANNEL (dd_squad_channel_get_type ())

G_DECLARE_INTERFACE (DdSquadChannel, dd_squad_channel, DD, SQUAD_CHANNEL, GObject)

struct _DdSquadChannelInterface
{
  GTypeInterface parent_iface;

  /* A GListModel of DdSquadMember, updated as people come and go. */
  GListModel     * (*get_members)      (DdSquadChannel *self);
  DdConnectivity * (*get_connectivity) (DdSquadChannel *self);
  void             (*start)            (DdSquadChannel *self);
  void             (*stop)             (DdSquadChannel *self);

  /* Signal default handlers */
  void             (*squad_message)    (DdSquadChannel *self,
                                        DdChatMessage  *message);
  void             (*cue)              (DdSquadChannel *self,
                                        DdChatMessage  *message);
  void             (*alert)            (DdSquadChannel *self,
                                        DdChatMessage  *message);
};

GListModel     *dd_squad_channel_get_members      (DdSquadChannel *self);
DdConnectivity *dd_squad_channel_get_connectivity (DdSquadChannel *self);
void            dd_squad_channel_start            (DdSquadChannel *self);
void            dd_squad_channel_stop             (DdSquadChannel *self);

/* For implementations: emit "squad-message", "cue" or "alert" by the
 * message's source (DD_CHAT_SOURCE_SQUAD, _CUE, _ALERT). */
void            dd_squad_channel_emit_message     (DdSquadChannel *self,
                                                   DdChatMessage  *message);

G_END_DECLS
