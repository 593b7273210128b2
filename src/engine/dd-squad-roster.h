/* dd-squad-roster.h — the squad's members, and the nats-server users made from them
 *
 * A roster is a JSON file:
 *   { "squad": "berlin-drop",
 *     "members": [ { "login": "maya", "name": "Maya Okafor", "role": "producer",
 *                    "password": "..." }, ... ] }
 * where "password" may be replaced by "password_bcrypt" (a "$2a$..." hash,
 * which nats-server accepts in place of the password). From it comes the
 * server's authorization block: one user per member, allowed to publish
 * only what their role may (dd-squad-subjects.h) plus what the squad's
 * JetStream reads need, and to subscribe to reply inboxes only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-core.h"

G_BEGIN_DECLS

typedef struct
{
  char   *login;
  char   *name;
  DdRole  role;
  char   *password;         /* or NULL */
  char   *password_bcrypt;  /* or NULL */
} DdSquadRosterMember;

typedef struct
{
  char      *squad;
  GPtrArray *members;  /* DdSquadRosterMember */
} DdSquadRoster;

/* NULL with DD_CORE_ERROR_INVALID_FIELD naming the member and field at fault. */
DdSquadRoster *dd_squad_roster_parse              (const char    *json,
                                                   gssize         len,
                                                   GError       **error);
void           dd_squad_roster_free               (DdSquadRoster *roster);
/* What `role` may publish in `squad`, one subject a string; `login` is the
 * member's own presence key. */
GStrv          dd_squad_roster_publish_allow      (const char    *squad,
                                                   const char    *login,
                                                   DdRole         role);
/* The nats-server "authorization { users: [...] }" block. */
char          *dd_squad_roster_to_nats_authorization (const DdSquadRoster *roster);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdSquadRoster, dd_squad_roster_free)

G_END_DECLS
