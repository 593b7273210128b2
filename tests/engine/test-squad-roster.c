/* test-squad-roster.c — squad names, subjects and the nats-server users a
 * roster becomes (what each role may publish)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-squad-roster.h"
#include "dd-squad-subjects.h"

static gboolean
allows (GStrv        allow,
        const char  *subject)
{
  return g_strv_contains ((const char * const *) allow, subject);
}

static void
test_names_and_subjects (void)
{
  g_autofree char *cue = dd_squad_subject ("berlin-drop", DD_CHAT_SOURCE_CUE);
  g_autofree char *bucket = dd_squad_bucket_name ("berlin-drop", DD_SQUAD_BUCKET_OFFERS);
  DdChatSource source;
  DdSquadBucket kind;

  g_assert_true (dd_squad_name_is_valid ("berlin-drop"));
  g_assert_false (dd_squad_name_is_valid ("Berlin"));
  g_assert_false (dd_squad_name_is_valid ("a.b"));
  g_assert_false (dd_squad_name_is_valid ("-x"));
  g_assert_false (dd_squad_name_is_valid (""));
  g_assert_false (dd_squad_login_is_valid ("maya okafor"));
  g_assert_true (dd_squad_login_is_valid ("maya_o-1"));
  g_assert_cmpstr (cue, ==, "dropdeck.berlin-drop.cue");
  g_assert_cmpstr (bucket, ==, "dd-berlin-drop-offers");
  g_assert_true (dd_squad_subject_parse ("berlin-drop", "dropdeck.berlin-drop.alert", &source));
  g_assert_cmpint (source, ==, DD_CHAT_SOURCE_ALERT);
  g_assert_false (dd_squad_subject_parse ("berlin-drop", "dropdeck.berlin-drop.other", &source));
  g_assert_true (dd_squad_bucket_for_key ("checklist.pre.3", &kind));
  g_assert_cmpint (kind, ==, DD_SQUAD_BUCKET_CHECKLISTS);
  g_assert_false (dd_squad_bucket_for_key ("offer.", &kind));
  g_assert_false (dd_squad_bucket_for_key ("stock.1", &kind));
}

static void
test_permissions_by_role (void)
{
  g_auto(GStrv) producer = dd_squad_roster_publish_allow ("s", "maya", DD_ROLE_PRODUCER);
  g_auto(GStrv) liaison = dd_squad_roster_publish_allow ("s", "lucia", DD_ROLE_CREATOR_LIAISON);
  g_auto(GStrv) ops = dd_squad_roster_publish_allow ("s", "jonas", DD_ROLE_OPS_LEAD);
  g_auto(GStrv) engineer = dd_squad_roster_publish_allow ("s", "priya", DD_ROLE_ENGINEER_ON_CALL);

  /* Everyone: squad chat, checklists, their own presence, JetStream reads. */
  g_assert_true (allows (liaison, "dropdeck.s.msg"));
  g_assert_true (allows (liaison, "$KV.dd-s-checklists.>"));
  g_assert_true (allows (liaison, "$KV.dd-s-presence.lucia"));
  g_assert_false (allows (liaison, "$KV.dd-s-presence.maya"));
  g_assert_true (allows (liaison, "$JS.API.CONSUMER.CREATE.SQUAD_s"));
  g_assert_true (allows (liaison, "$JS.API.DIRECT.GET.KV_dd-s-offers"));
  g_assert_true (allows (liaison, "dropdeck.s.ledger"));
  /* Cues and alerts by role. */
  g_assert_true (allows (liaison, "dropdeck.s.cue"));
  g_assert_false (allows (liaison, "dropdeck.s.alert"));
  g_assert_false (allows (producer, "dropdeck.s.alert"));
  g_assert_true (allows (ops, "dropdeck.s.alert"));
  g_assert_false (allows (ops, "dropdeck.s.cue"));
  /* Offers: Producer and Ops lead; policy: Ops lead and Engineer on call. */
  g_assert_true (allows (producer, "$KV.dd-s-offers.>"));
  g_assert_false (allows (producer, "$KV.dd-s-policy.>"));
  g_assert_true (allows (ops, "$KV.dd-s-policy.>"));
  g_assert_true (allows (engineer, "$KV.dd-s-policy.>"));
  g_assert_false (allows (engineer, "$KV.dd-s-offers.>"));
  g_assert_false (allows (liaison, "$KV.dd-s-offers.>"));
  /* Setting the squad up, and nothing that deletes or purges streams. */
  g_assert_true (allows (producer, "$JS.API.STREAM.CREATE.SQUAD_s"));
  g_assert_false (allows (liaison, "$JS.API.STREAM.CREATE.SQUAD_s"));
  for (guint i = 0; ops[i] != NULL; i++)
    {
      g_assert_null (strstr (ops[i], "STREAM.DELETE"));
      g_assert_null (strstr (ops[i], "STREAM.PURGE"));
      g_assert_cmpstr (ops[i], !=, ">");
    }
}

static void
test_roster_to_config (void)
{
  const char *json =
    "{\"squad\":\"berlin-drop\",\"members\":["
    "{\"login\":\"maya\",\"name\":\"Maya Okafor\",\"role\":\"producer\",\"password\":\"pw1\"},"
    "{\"login\":\"jonas\",\"role\":\"ops-lead\",\"password_bcrypt\":\"$2a$11$abc\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DdSquadRoster) roster = dd_squad_roster_parse (json, -1, &error);
  g_autofree char *config = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (roster->members->len, ==, 2);
  config = dd_squad_roster_to_nats_authorization (roster);
  g_assert_nonnull (strstr (config, "{ user: \"maya\", password: \"pw1\","));
  g_assert_nonnull (strstr (config, "{ user: \"jonas\", password: \"$2a$11$abc\","));
  g_assert_nonnull (strstr (config, "subscribe: { allow: [\"_INBOX.>\"] }"));
  g_assert_nonnull (strstr (config, "\"dropdeck.berlin-drop.alert\""));
}

static void
test_bad_rosters (void)
{
  const struct { const char *json; const char *says; } cases[] = {
    { "not json", "not a JSON object" },
    { "{\"squad\":\"Bad Name\",\"members\":[]}", "squad" },
    { "{\"squad\":\"s\",\"members\":[]}", "members" },
    { "{\"squad\":\"s\",\"members\":[{\"login\":\"a b\",\"role\":\"producer\",\"password\":\"x\"}]}", "member 1" },
    { "{\"squad\":\"s\",\"members\":[{\"login\":\"a\",\"role\":\"boss\",\"password\":\"x\"}]}", "role" },
    { "{\"squad\":\"s\",\"members\":[{\"login\":\"a\",\"role\":\"producer\"}]}", "password" },
    { "{\"squad\":\"s\",\"members\":[{\"login\":\"a\",\"role\":\"producer\",\"password\":\"x\\\"y\"}]}", "password" },
    { "{\"squad\":\"s\",\"members\":[{\"login\":\"a\",\"role\":\"producer\",\"password\":\"x\"},"
      "{\"login\":\"a\",\"role\":\"ops-lead\",\"password\":\"y\"}]}", "twice" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DdSquadRoster) roster = dd_squad_roster_parse (cases[i].json, -1, &error);

      g_assert_null (roster);
      g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].says);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/engine/squad-roster/names-and-subjects", test_names_and_subjects);
  g_test_add_func ("/dropdeck/engine/squad-roster/permissions-by-role", test_permissions_by_role);
  g_test_add_func ("/dropdeck/engine/squad-roster/roster-to-config", test_roster_to_config);
  g_test_add_func ("/dropdeck/engine/squad-roster/bad-rosters", test_bad_rosters);

  return g_test_run ();
}
