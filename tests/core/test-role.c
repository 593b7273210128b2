/* test-role.c — role names, icons and permissions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-core.h"

static void
test_nick_round_trip (void)
{
  const char *expected[DD_N_ROLES] = {
    "producer", "ops-lead", "creator-liaison", "mod-trust-lead", "engineer-on-call",
  };

  for (guint i = 0; i < DD_N_ROLES; i++)
    {
      DdRole role = (DdRole) 99;

      g_assert_cmpstr (dd_role_to_nick ((DdRole) i), ==, expected[i]);
      g_assert_true (dd_role_from_nick (expected[i], &role));
      g_assert_cmpint (role, ==, i);
    }

  g_assert_false (dd_role_from_nick ("Producer", NULL));
  g_assert_false (dd_role_from_nick ("", NULL));
  g_assert_false (dd_role_from_nick (NULL, NULL));
}

static void
test_nicks_match_enum_type (void)
{
  GEnumClass *klass = g_type_class_ref (DD_TYPE_ROLE);

  /* GSettings stores the role through the generated enum type. */
  for (guint i = 0; i < DD_N_ROLES; i++)
    g_assert_cmpstr (g_enum_get_value (klass, i)->value_nick, ==, dd_role_to_nick ((DdRole) i));

  g_type_class_unref (klass);
}

static void
test_display_names (void)
{
  g_assert_cmpstr (dd_role_get_display_name (DD_ROLE_PRODUCER), ==, "Producer");
  g_assert_cmpstr (dd_role_get_display_name (DD_ROLE_OPS_LEAD), ==, "Ops lead");
  g_assert_cmpstr (dd_role_get_display_name (DD_ROLE_CREATOR_LIAISON), ==, "Creator liaison");
  g_assert_cmpstr (dd_role_get_display_name (DD_ROLE_MOD_TRUST_LEAD), ==, "Mod & trust lead");
  g_assert_cmpstr (dd_role_get_display_name (DD_ROLE_ENGINEER_ON_CALL), ==, "Engineer on-call");
}

static void
test_icons (void)
{
  for (guint i = 0; i < DD_N_ROLES; i++)
    {
      const char *icon = dd_role_get_icon_name ((DdRole) i);

      g_assert_nonnull (icon);
      g_assert_true (g_str_has_suffix (icon, "-symbolic"));
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (icon, !=, dd_role_get_icon_name ((DdRole) j));
    }
}

static void
test_permissions (void)
{
  g_assert_true (dd_role_can (DD_ROLE_PRODUCER, DD_PERMISSION_OPEN_POLL));
  g_assert_true (dd_role_can (DD_ROLE_PRODUCER, DD_PERMISSION_APPROVE_PRICE));
  g_assert_true (dd_role_can (DD_ROLE_PRODUCER,
                              DD_PERMISSION_EDIT_OFFERS | DD_PERMISSION_CHANGE_LIFECYCLE));
  g_assert_false (dd_role_can (DD_ROLE_PRODUCER, DD_PERMISSION_MODERATE_CHAT));
  g_assert_false (dd_role_can (DD_ROLE_PRODUCER, DD_PERMISSION_MOVE_STOCK));

  g_assert_true (dd_role_can (DD_ROLE_OPS_LEAD, DD_PERMISSION_MOVE_STOCK));
  g_assert_true (dd_role_can (DD_ROLE_OPS_LEAD, DD_PERMISSION_RUN_PREFLIGHT));
  g_assert_false (dd_role_can (DD_ROLE_OPS_LEAD, DD_PERMISSION_OPEN_POLL));

  g_assert_true (dd_role_can (DD_ROLE_CREATOR_LIAISON, DD_PERMISSION_SEND_CUES));
  g_assert_false (dd_role_can (DD_ROLE_CREATOR_LIAISON, DD_PERMISSION_EDIT_OFFERS));
  g_assert_false (dd_role_can (DD_ROLE_CREATOR_LIAISON, DD_PERMISSION_APPROVE_PRICE));

  g_assert_true (dd_role_can (DD_ROLE_MOD_TRUST_LEAD, DD_PERMISSION_MODERATE_CHAT));
  g_assert_true (dd_role_can (DD_ROLE_MOD_TRUST_LEAD, DD_PERMISSION_SEND_CUES));
  g_assert_false (dd_role_can (DD_ROLE_MOD_TRUST_LEAD, DD_PERMISSION_CHANGE_LIFECYCLE));

  g_assert_true (dd_role_can (DD_ROLE_ENGINEER_ON_CALL, DD_PERMISSION_EDIT_POLICY));
  g_assert_true (dd_role_can (DD_ROLE_ENGINEER_ON_CALL, DD_PERMISSION_RUN_PREFLIGHT));
  g_assert_false (dd_role_can (DD_ROLE_ENGINEER_ON_CALL, DD_PERMISSION_EDIT_OFFERS));

  /* Asking for several at once needs all of them. */
  g_assert_false (dd_role_can (DD_ROLE_CREATOR_LIAISON,
                               DD_PERMISSION_SEND_CUES | DD_PERMISSION_MODERATE_CHAT));
}

static void
test_every_permission_has_a_holder (void)
{
  GFlagsClass *klass = g_type_class_ref (DD_TYPE_PERMISSION);

  for (guint i = 0; i < klass->n_values; i++)
    {
      guint value = klass->values[i].value;
      gboolean held = FALSE;

      if (value == DD_PERMISSION_NONE)
        continue;
      for (guint r = 0; r < DD_N_ROLES; r++)
        held |= dd_role_can ((DdRole) r, value);
      g_assert_true (held);
    }

  g_type_class_unref (klass);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/core/role/nick-round-trip", test_nick_round_trip);
  g_test_add_func ("/dropdeck/core/role/nicks-match-enum-type", test_nicks_match_enum_type);
  g_test_add_func ("/dropdeck/core/role/display-names", test_display_names);
  g_test_add_func ("/dropdeck/core/role/icons", test_icons);
  g_test_add_func ("/dropdeck/core/role/permissions", test_permissions);
  g_test_add_func ("/dropdeck/core/role/every-permission-has-a-holder",
                   test_every_permission_has_a_holder);

  return g_test_run ();
}
