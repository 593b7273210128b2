/* test-hub.c — hub position, capacity and settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dd-core.h"

typedef struct
{
  DdHub *hub;
  guint n_notifications;
} HubFixture;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  HubFixture *fixture = user_data;

  fixture->n_notifications++;
}

static void
hub_setup (HubFixture    *fixture,
           gconstpointer  data)
{
  fixture->hub = dd_hub_new ("hub-kreuzberg", "Kreuzberg");
  g_assert_true (dd_hub_set_location (fixture->hub, 52.4986, 13.4031, NULL));
  fixture->n_notifications = 0;
  g_signal_connect (fixture->hub, "notify", G_CALLBACK (notify_cb), fixture);
}

static void
hub_teardown (HubFixture    *fixture,
              gconstpointer  data)
{
  g_assert_finalize_object (fixture->hub);
}

static void
assert_location_refused (HubFixture *fixture,
                         double      latitude,
                         double      longitude)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dd_hub_set_location (fixture->hub, latitude, longitude, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "Kreuzberg"));

  /* The hub stays where it was. */
  g_assert_cmpfloat (dd_hub_get_latitude (fixture->hub), ==, 52.4986);
  g_assert_cmpfloat (dd_hub_get_longitude (fixture->hub), ==, 13.4031);
  g_assert_cmpuint (fixture->n_notifications, ==, 0);
}

static void
test_location_out_of_range (HubFixture    *fixture,
                            gconstpointer  data)
{
  assert_location_refused (fixture, 90.0001, 13.0);
  assert_location_refused (fixture, -91.0, 13.0);
  assert_location_refused (fixture, 52.0, 180.5);
  assert_location_refused (fixture, 52.0, -181.0);
  assert_location_refused (fixture, NAN, 13.0);
  assert_location_refused (fixture, 52.0, INFINITY);
}

static void
test_location_accepted (HubFixture    *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_hub_set_location (fixture->hub, -90.0, 180.0, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (dd_hub_get_latitude (fixture->hub), ==, -90.0);
  g_assert_cmpfloat (dd_hub_get_longitude (fixture->hub), ==, 180.0);
  g_assert_cmpuint (fixture->n_notifications, ==, 2);

  /* The same position again changes nothing. */
  g_assert_true (dd_hub_set_location (fixture->hub, -90.0, 180.0, &error));
  g_assert_cmpuint (fixture->n_notifications, ==, 2);

  g_assert_true (dd_coordinates_validate (0.0, 0.0, NULL));
  g_assert_false (dd_coordinates_validate (0.0, 200.0, NULL));
}

static void
test_capacity (HubFixture    *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_hub_set_capacity_per_hour (fixture->hub, 120, &error));
  g_assert_cmpuint (dd_hub_get_capacity_per_hour (fixture->hub), ==, 120);

  g_assert_false (dd_hub_set_capacity_per_hour (fixture->hub, 0, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "Kreuzberg"));
  g_assert_cmpuint (dd_hub_get_capacity_per_hour (fixture->hub), ==, 120);
  g_assert_cmpuint (fixture->n_notifications, ==, 1);
}

static void
test_settings_notify_on_change (HubFixture    *fixture,
                                gconstpointer  data)
{
  dd_hub_set_name (fixture->hub, "Kreuzberg");
  dd_hub_set_open (fixture->hub, TRUE);
  g_assert_cmpuint (fixture->n_notifications, ==, 0);

  dd_hub_set_address (fixture->hub, "Oranienstraße 1");
  dd_hub_set_address (fixture->hub, "Oranienstraße 1");
  dd_hub_set_couriers (fixture->hub, 4);
  dd_hub_set_cutoff_minute (fixture->hub, 15 * 60);
  dd_hub_set_open (fixture->hub, FALSE);
  g_assert_cmpuint (fixture->n_notifications, ==, 4);

  g_assert_cmpstr (dd_hub_get_address (fixture->hub), ==, "Oranienstraße 1");
  g_assert_cmpuint (dd_hub_get_couriers (fixture->hub), ==, 4);
  g_assert_cmpuint (dd_hub_get_cutoff_minute (fixture->hub), ==, 900);
  g_assert_false (dd_hub_get_open (fixture->hub));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dropdeck/core/hub/" path, HubFixture, NULL, hub_setup, func, hub_teardown)

  ADD ("location-out-of-range", test_location_out_of_range);
  ADD ("location-accepted", test_location_accepted);
  ADD ("capacity", test_capacity);
  ADD ("settings-notify-on-change", test_settings_notify_on_change);

#undef ADD

  return g_test_run ();
}
