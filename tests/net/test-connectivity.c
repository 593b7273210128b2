/* test-connectivity.c — the per-service reachability the header bar shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-connectivity.h"

typedef struct
{
  DdConnectivity *connectivity;
  guint           state_notifies;
  guint           detail_notifies;
} Fixture;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Fixture    *fixture)
{
  if (g_str_equal (pspec->name, "state"))
    fixture->state_notifies++;
  else if (g_str_equal (pspec->name, "detail"))
    fixture->detail_notifies++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->connectivity = dd_connectivity_new (DD_SERVICE_AUDIENCE);
  g_signal_connect (fixture->connectivity, "notify", G_CALLBACK (notify_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->connectivity);
}

static void
test_starts_offline (Fixture       *fixture,
                     gconstpointer  data)
{
  DdServiceKind service = DD_SERVICE_COMMERCE;

  g_assert_cmpint (dd_connectivity_get_state (fixture->connectivity), ==, DD_CONNECTIVITY_OFFLINE);
  g_assert_cmpint (dd_connectivity_get_service (fixture->connectivity), ==, DD_SERVICE_AUDIENCE);
  g_object_get (fixture->connectivity, "service", &service, NULL);
  g_assert_cmpint (service, ==, DD_SERVICE_AUDIENCE);
}

static void
test_notifies_only_on_change (Fixture       *fixture,
                              gconstpointer  data)
{
  dd_connectivity_update (fixture->connectivity, DD_CONNECTIVITY_ONLINE, "Demo drop: simulated audience");
  g_assert_cmpint (dd_connectivity_get_state (fixture->connectivity), ==, DD_CONNECTIVITY_ONLINE);
  g_assert_cmpstr (dd_connectivity_get_detail (fixture->connectivity), ==, "Demo drop: simulated audience");
  g_assert_cmpuint (fixture->state_notifies, ==, 1);
  g_assert_cmpuint (fixture->detail_notifies, ==, 1);

  /* The same again: nothing to tell the header bar. */
  dd_connectivity_update (fixture->connectivity, DD_CONNECTIVITY_ONLINE, "Demo drop: simulated audience");
  g_assert_cmpuint (fixture->state_notifies, ==, 1);
  g_assert_cmpuint (fixture->detail_notifies, ==, 1);

  /* Only the detail changes. */
  dd_connectivity_update (fixture->connectivity, DD_CONNECTIVITY_ONLINE, "Connected to irc.example.org");
  g_assert_cmpuint (fixture->state_notifies, ==, 1);
  g_assert_cmpuint (fixture->detail_notifies, ==, 2);

  /* Through the property too. */
  g_object_set (fixture->connectivity, "state", DD_CONNECTIVITY_DEGRADED, NULL);
  g_assert_cmpint (dd_connectivity_get_state (fixture->connectivity), ==, DD_CONNECTIVITY_DEGRADED);
  g_assert_cmpuint (fixture->state_notifies, ==, 2);
  g_assert_cmpuint (fixture->detail_notifies, ==, 2);
}

static void
test_display_names (void)
{
  for (int s = DD_SERVICE_COMMERCE; s <= DD_SERVICE_AUDIENCE; s++)
    g_assert_cmpstr (dd_service_kind_get_display_name (s), !=, "");
  g_assert_cmpstr (dd_connectivity_state_get_display_name (DD_CONNECTIVITY_ONLINE), ==, "Online");
  g_assert_cmpstr (dd_connectivity_state_get_display_name (DD_CONNECTIVITY_DEGRADED), ==, "Degraded");
  g_assert_cmpstr (dd_connectivity_state_get_display_name (DD_CONNECTIVITY_OFFLINE), ==, "Offline");
  g_assert_cmpstr (dd_service_kind_get_display_name (DD_SERVICE_SQUAD), !=,
                   dd_service_kind_get_display_name (DD_SERVICE_AUDIENCE));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/net/connectivity/starts-offline", Fixture, NULL,
              fixture_setup, test_starts_offline, fixture_teardown);
  g_test_add ("/dropdeck/net/connectivity/notifies-only-on-change", Fixture, NULL,
              fixture_setup, test_notifies_only_on_change, fixture_teardown);
  g_test_add_func ("/dropdeck/net/connectivity/display-names", test_display_names);

  return g_test_run ();
}
