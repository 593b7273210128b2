/* dd-role.h — the five squad roles and what each may do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  DD_ROLE_PRODUCER,
  DD_ROLE_OPS_LEAD,
  DD_ROLE_CREATOR_LIAISON,
  DD_ROLE_MOD_TRUST_LEAD,
  DD_ROLE_ENGINEER_ON_CALL,
} DdRole;

#define DD_N_ROLES 5

typedef enum /*< flags >*/
{
  DD_PERMISSION_NONE              = 0,
  DD_PERMISSION_EDIT_OFFERS       = 1 << 0,
  DD_PERMISSION_CHANGE_LIFECYCLE  = 1 << 1, /* put live, pause, end */
  DD_PERMISSION_APPROVE_PRICE     = 1 << 2,
  DD_PERMISSION_MOVE_STOCK        = 1 << 3,
  DD_PERMISSION_MODERATE_CHAT     = 1 << 4,
  DD_PERMISSION_SEND_CUES         = 1 << 5,
  DD_PERMISSION_OPEN_POLL         = 1 << 6,
  DD_PERMISSION_EDIT_POLICY       = 1 << 7, /* triggers, refund limits */
  DD_PERMISSION_RUN_PREFLIGHT     = 1 << 8,
} DdPermission;

/* Stable machine names ("producer", "ops-lead", "creator-liaison",
 * "mod-trust-lead", "engineer-on-call"), used in GSettings and on the wire. */
const char   *dd_role_to_nick           (DdRole role);
gboolean      dd_role_from_nick         (const char *nick,
                                         DdRole     *out);
/* Translated name for people: "Producer", "Ops lead", ... */
const char   *dd_role_get_display_name  (DdRole role);
const char   *dd_role_get_icon_name     (DdRole role);
DdPermission  dd_role_get_permissions   (DdRole role);
gboolean      dd_role_can               (DdRole       role,
                                         DdPermission permission);

G_END_DECLS
