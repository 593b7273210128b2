/* test-squad-member.c — a squad member's presence and its online flag
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-squad-member.h"

typedef struct
{
  guint    notified;
  gboolean online_seen;
} Seen;

/* What the Drop page does: on notify::presence it counts who is online. */
static void
presence_cb (DdSquadMember *member,
             GParamSpec    *pspec,
             Seen          *seen)
{
  seen->notified++;
  seen->online_seen = dd_squad_member_get_online (member);
}

static void
test_online_follows_presence (void)
{
  g_autoptr(DdSquadMember) member = dd_squad_member_new ("Maya Okafor", DD_ROLE_PRODUCER);
  Seen seen = { 0 };

  g_signal_connect (member, "notify::presence", G_CALLBACK (presence_cb), &seen);

  dd_squad_member_set_presence (member, DD_SQUAD_PRESENCE_ONLINE);
  g_assert_cmpuint (seen.notified, ==, 1);
  g_assert_true (seen.online_seen);

  dd_squad_member_set_presence (member, DD_SQUAD_PRESENCE_AWAY);
  g_assert_cmpuint (seen.notified, ==, 2);
  g_assert_false (seen.online_seen);

  dd_squad_member_set_presence (member, DD_SQUAD_PRESENCE_ONLINE);
  g_assert_cmpuint (seen.notified, ==, 3);
  g_assert_true (seen.online_seen);

  dd_squad_member_set_presence (member, DD_SQUAD_PRESENCE_GONE);
  g_assert_cmpuint (seen.notified, ==, 4);
  g_assert_false (seen.online_seen);
  g_assert_cmpint (dd_squad_member_get_presence (member), ==, DD_SQUAD_PRESENCE_GONE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/engine/squad-member/online-follows-presence", test_online_follows_presence);

  return g_test_run ();
}
