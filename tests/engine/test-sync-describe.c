/* test-sync-describe.c — outbox entries in the sync log's words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-sync-describe.h"

/* An incentive window on its way to a campaign reads as the offer's
 * title and the window in local time; a conflict's values too. */
static void
test_campaign_window (void)
{
  DdOutboxEntry entry = {
    .entity = (char *) "campaign",
    .entity_id = (char *) "offer-cap",
    .operation = (char *) "window",
    .payload = (char *) "{\"offer_id\":\"offer-cap\",\"title\":\"Drop Cap\",\"campaign_identifier\":\"dropdeck-k\","
                        "\"window_start\":1795802400000000,\"window_end\":1795807800000000}",
    .state = DD_OUTBOX_STATE_PENDING,
  };
  g_autofree char *subject = dd_sync_describe_subject (&entry);
  g_autofree char *change = dd_sync_describe_change (&entry);
  g_autofree char *values = dd_sync_describe_values ("{\"window_start\":1795802400000000,\"window_end\":0}", "EUR");

  g_assert_cmpstr (subject, ==, "Drop Cap");
  g_assert_cmpstr (change, ==, "Campaign window: 27 Nov 18:00 – 27 Nov 19:30");
  g_assert_cmpstr (values, ==, "Window start 27 Nov 18:00, Window end none");
}

/* An offer's own edit is described as before. */
static void
test_offer_price (void)
{
  DdOutboxEntry entry = {
    .entity = (char *) "offer",
    .entity_id = (char *) "offer-cap",
    .operation = (char *) "update",
    .payload = (char *) "{\"field\":\"price\",\"before\":\"2490\",\"after\":\"1990\","
                        "\"offer\":{\"title\":\"Drop Cap\",\"currency\":\"EUR\"}}",
  };
  g_autofree char *subject = dd_sync_describe_subject (&entry);
  g_autofree char *change = dd_sync_describe_change (&entry);

  g_assert_cmpstr (subject, ==, "Drop Cap");
  g_assert_cmpstr (change, ==, "Price: €24.90 → €19.90");
}

int
main (int   argc,
      char *argv[])
{
  /* Times of day in the log are local: fix the zone and the language. */
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/engine/sync-describe/campaign-window", test_campaign_window);
  g_test_add_func ("/dropdeck/engine/sync-describe/offer-price", test_offer_price);

  return g_test_run ();
}
