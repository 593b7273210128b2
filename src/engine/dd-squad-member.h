/* dd-squad-member.h — one member of the squad as the presence list shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dd-core.h"

G_BEGIN_DECLS

/* What the presence list shows: a member whose heartbeats stop turns
 * "away", then "gone"; one who leaves cleanly is "gone" at once. */
typedef enum
{
  DD_SQUAD_PRESENCE_GONE,
  DD_SQUAD_PRESENCE_AWAY,
  DD_SQUAD_PRESENCE_ONLINE,
} DdSquadPresence;

#define DD_TYPE_SQUAD_PRESENCE (dd_squad_presence_get_type ())
GType dd_squad_presence_get_type (void) G_GNUC_CONST;
/* "gone", "away", "online" */
const char *dd_squad_presence_to_nick (DdSquadPresence presence);

#define DD_TYPE_SQUAD_MEMBER (dd_squad_member_get_type ())

G_DECLARE_FINAL_TYPE (DdSquadMember, dd_squad_member, DD, SQUAD_MEMBER, GObject)

/* Properties: "name", "role" (construct-only), "online" (notifies on
 * change), "presence" (notifies on change; sets "online" to presence ==
 * ONLINE), "device" (the laptop a member was last seen on). */
DdSquadMember *dd_squad_member_new        (const char *name,
                                           DdRole      role);
const char    *dd_squad_member_get_name   (DdSquadMember *self);
DdRole         dd_squad_member_get_role   (DdSquadMember *self);
gboolean       dd_squad_member_get_online (DdSquadMember *self);
void           dd_squad_member_set_online (DdSquadMember *self,
                                           gboolean       online);
DdSquadPresence dd_squad_member_get_presence (DdSquadMember  *self);
void            dd_squad_member_set_presence (DdSquadMember  *self,
                                              DdSquadPresence presence);
const char     *dd_squad_member_get_device   (DdSquadMember  *self);
void            dd_squad_member_set_device   (DdSquadMember  *self,
                                              const char     *device);

G_END_DECLS
