/* dd-role.c — the five squad roles and what each may do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-role.h"

typedef struct
{
  const char *nick;
  const char *display_name; /* translated on use */
  const char *icon_name;
  DdPermission permissions;
} DdRoleInfo;

static const DdRoleInfo roles[DD_N_ROLES] = {
  [DD_ROLE_PRODUCER] = {
    "producer", N_("Producer"), "camera-video-symbolic",
    DD_PERMISSION_EDIT_OFFERS | DD_PERMISSION_CHANGE_LIFECYCLE
    | DD_PERMISSION_APPROVE_PRICE | DD_PERMISSION_SEND_CUES
    | DD_PERMISSION_OPEN_POLL,
  },
  [DD_ROLE_OPS_LEAD] = {
    "ops-lead", N_("Ops lead"), "package-x-generic-symbolic",
    DD_PERMISSION_EDIT_OFFERS | DD_PERMISSION_CHANGE_LIFECYCLE
    | DD_PERMISSION_APPROVE_PRICE | DD_PERMISSION_MOVE_STOCK
    | DD_PERMISSION_EDIT_POLICY | DD_PERMISSION_RUN_PREFLIGHT,
  },
  [DD_ROLE_CREATOR_LIAISON] = {
    "creator-liaison", N_("Creator liaison"), "user-available-symbolic",
    DD_PERMISSION_SEND_CUES,
  },
  [DD_ROLE_MOD_TRUST_LEAD] = {
    "mod-trust-lead", N_("Mod & trust lead"), "security-high-symbolic",
    DD_PERMISSION_MODERATE_CHAT | DD_PERMISSION_SEND_CUES,
  },
  [DD_ROLE_ENGINEER_ON_CALL] = {
    "engineer-on-call", N_("Engineer on-call"), "emblem-system-symbolic",
    DD_PERMISSION_EDIT_POLICY | DD_PERMISSION_RUN_PREFLIGHT,
  },
};

static gboolean
role_is_valid (DdRole role)
{
  return (guint) role < DD_N_ROLES;
}

const char *
dd_role_to_nick (DdRole role)
{
  g_return_val_if_fail (role_is_valid (role), NULL);

  return roles[role].nick;
}

gboolean
dd_role_from_nick (const char *nick,
                   DdRole     *out)
{
  if (nick == NULL)
    return FALSE;

  for (guint i = 0; i < DD_N_ROLES; i++)
    {
      if (strcmp (nick, roles[i].nick) == 0)
        {
          if (out != NULL)
            *out = (DdRole) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
dd_role_get_display_name (DdRole role)
{
  g_return_val_if_fail (role_is_valid (role), NULL);

  return _(roles[role].display_name);
}

const char *
dd_role_get_icon_name (DdRole role)
{
  g_return_val_if_fail (role_is_valid (role), NULL);

  return roles[role].icon_name;
}

DdPermission
dd_role_get_permissions (DdRole role)
{
  g_return_val_if_fail (role_is_valid (role), DD_PERMISSION_NONE);

  return roles[role].permissions;
}

gboolean
dd_role_can (DdRole       role,
             DdPermission permission)
{
  g_return_val_if_fail (role_is_valid (role), FALSE);

  if (permission == DD_PERMISSION_NONE)
    return TRUE;

  return (roles[role].permissions & permission) == permission;
}
