/* dd-squad-member.h — one member of the squad as the presence list shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dd-core.h"

G_BEGIN_DECLS

#define DD_TYPE_SQUAD_MEMBER (dd_squad_member_get_type ())

G_DECLARE_FINAL_TYPE (DdSquadMember, dd_squad_member, DD, SQUAD_MEMBER, GObject)

/* Properties: "name", "role" (construct-only), "online" (notifies on change). */
DdSquadMember *dd_squad_member_new        (const char *name,
                                           DdRole      role);
const char    *dd_squad_member_get_name   (DdSquadMember *self);
DdRole         dd_squad_member_get_role   (DdSquadMember *self);
gboolean       dd_squad_member_get_online (DdSquadMember *self);
void           dd_squad_member_set_online (DdSquadMember *self,
                                           gboolean       online);

G_END_DECLS
