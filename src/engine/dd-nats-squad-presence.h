/* dd-nats-squad-presence.h — who is in the squad right now, over a NATS KV bucket
 *
 * Each member puts a heartbeat under their login in dd-<squad>-presence
 * (name, role, device) every few seconds and deletes it on leaving. The
 * bucket's max_age drops the entries of laptops that vanished; since
 * nats-server 2.9 sends no event when an entry expires, each reader also
 * checks the age of the last heartbeat it saw: past `away_ms` the member is
 * "away", past `gone_ms` "gone".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-core.h"
#include "dd-nats-kv-watch.h"
#include "dd-squad-member.h"

G_BEGIN_DECLS

#define DD_NATS_SQUAD_HEARTBEAT_MS 5000
#define DD_NATS_SQUAD_AWAY_MS 15000
#define DD_NATS_SQUAD_GONE_MS 60000

#define DD_TYPE_NATS_SQUAD_PRESENCE (dd_nats_squad_presence_get_type ())

G_DECLARE_FINAL_TYPE (DdNatsSquadPresence, dd_nats_squad_presence, DD, NATS_SQUAD_PRESENCE, GObject)

DdNatsSquadPresence *dd_nats_squad_presence_new         (DdNatsClient        *client,
                                                         const char          *bucket,
                                                         const char          *login,
                                                         const char          *display_name,
                                                         DdRole               role,
                                                         const char          *device);
void                 dd_nats_squad_presence_set_timing  (DdNatsSquadPresence *self,
                                                         guint                heartbeat_ms,
                                                         guint                away_ms,
                                                         guint                gone_ms);
guint                dd_nats_squad_presence_get_gone_ms (DdNatsSquadPresence *self);
/* DdSquadMember objects, the local member included, in order of arrival. */
GListModel          *dd_nats_squad_presence_get_members (DdNatsSquadPresence *self);
void                 dd_nats_squad_presence_start       (DdNatsSquadPresence *self);
/* `leave`: delete the heartbeat so the others see "gone" at once. */
void                 dd_nats_squad_presence_stop        (DdNatsSquadPresence *self,
                                                         gboolean             leave);

G_END_DECLS
