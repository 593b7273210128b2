/* test-stock-level.c — stock moves that keep reserved + allocated <= on hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-core.h"

typedef struct
{
  DdStockLevel *level;
} StockFixture;

static void
stock_setup (StockFixture  *fixture,
             gconstpointer  data)
{
  fixture->level = dd_stock_level_new ("hub-mitte", "SHIRT-LIN-M");
  g_assert_true (dd_stock_level_set_on_hand (fixture->level, 10, NULL));
  g_assert_true (dd_stock_level_allocate (fixture->level, 6, NULL));
  g_assert_true (dd_stock_level_reserve (fixture->level, 1, NULL));
}

static void
stock_teardown (StockFixture  *fixture,
                gconstpointer  data)
{
  g_assert_finalize_object (fixture->level);
}

static void
assert_level (DdStockLevel *level,
              gint64        on_hand,
              gint64        reserved,
              gint64        allocated)
{
  g_assert_cmpint (dd_stock_level_get_on_hand (level), ==, on_hand);
  g_assert_cmpint (dd_stock_level_get_reserved (level), ==, reserved);
  g_assert_cmpint (dd_stock_level_get_allocated (level), ==, allocated);
  g_assert_cmpint (dd_stock_level_get_available (level), ==, on_hand - reserved - allocated);
}

/* The error names the hub and the SKU, and the level is unchanged. */
static void
assert_refused (StockFixture *fixture,
                gboolean      ok,
                GError       *error,
                int           code)
{
  g_assert_false (ok);
  g_assert_error (error, DD_CORE_ERROR, code);
  g_assert_nonnull (strstr (error->message, "hub-mitte"));
  g_assert_nonnull (strstr (error->message, "SHIRT-LIN-M"));
  assert_level (fixture->level, 10, 1, 6);
}

static void
test_sell_and_fulfil (StockFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  assert_level (fixture->level, 10, 1, 6);

  g_assert_true (dd_stock_level_sell (fixture->level, 2, &error));
  g_assert_no_error (error);
  assert_level (fixture->level, 10, 3, 4);

  g_assert_true (dd_stock_level_fulfil (fixture->level, 3, &error));
  assert_level (fixture->level, 7, 0, 4);

  g_assert_true (dd_stock_level_deallocate (fixture->level, 4, &error));
  assert_level (fixture->level, 7, 0, 0);
  g_assert_no_error (error);
}

static void
test_oversell_refused (StockFixture  *fixture,
                       gconstpointer  data)
{
  GError *error = NULL;
  gboolean ok;

  /* Only 6 units are allocated to the offer. */
  ok = dd_stock_level_sell (fixture->level, 7, &error);
  assert_refused (fixture, ok, error, DD_CORE_ERROR_OVERSELL);
  g_clear_error (&error);

  /* Only 3 units are neither reserved nor allocated. */
  ok = dd_stock_level_allocate (fixture->level, 4, &error);
  assert_refused (fixture, ok, error, DD_CORE_ERROR_OVERSELL);
  g_clear_error (&error);

  ok = dd_stock_level_reserve (fixture->level, 4, &error);
  assert_refused (fixture, ok, error, DD_CORE_ERROR_OVERSELL);
  g_clear_error (&error);

  ok = dd_stock_level_set_on_hand (fixture->level, 6, &error);
  assert_refused (fixture, ok, error, DD_CORE_ERROR_OVERSELL);
  g_clear_error (&error);

  ok = dd_stock_level_allocate (fixture->level, G_MAXINT64, &error);
  assert_refused (fixture, ok, error, DD_CORE_ERROR_OVERSELL);
  g_clear_error (&error);
}

static void
test_bad_units_refused (StockFixture  *fixture,
                        gconstpointer  data)
{
  GError *error = NULL;
  gboolean ok;

  ok = dd_stock_level_sell (fixture->level, 0, &error);
  assert_refused (fixture, ok, error, DD_CORE_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  ok = dd_stock_level_reserve (fixture->level, -3, &error);
  assert_refused (fixture, ok, error, DD_CORE_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  ok = dd_stock_level_release (fixture->level, 2, &error);
  assert_refused (fixture, ok, error, DD_CORE_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  ok = dd_stock_level_fulfil (fixture->level, 2, &error);
  assert_refused (fixture, ok, error, DD_CORE_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  ok = dd_stock_level_deallocate (fixture->level, 7, &error);
  assert_refused (fixture, ok, error, DD_CORE_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  ok = dd_stock_level_set_on_hand (fixture->level, -1, &error);
  assert_refused (fixture, ok, error, DD_CORE_ERROR_INVALID_FIELD);
  g_clear_error (&error);
}

static void
test_release (StockFixture  *fixture,
              gconstpointer  data)
{
  g_assert_true (dd_stock_level_release (fixture->level, 1, NULL));
  assert_level (fixture->level, 10, 0, 6);
  g_assert_true (dd_stock_level_set_on_hand (fixture->level, 6, NULL));
  assert_level (fixture->level, 6, 0, 6);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_notify (StockFixture  *fixture,
             gconstpointer  data)
{
  guint on_hand = 0, available = 0, reserved = 0, allocated = 0;

  g_signal_connect (fixture->level, "notify::on-hand", G_CALLBACK (count_cb), &on_hand);
  g_signal_connect (fixture->level, "notify::available", G_CALLBACK (count_cb), &available);
  g_signal_connect (fixture->level, "notify::reserved", G_CALLBACK (count_cb), &reserved);
  g_signal_connect (fixture->level, "notify::allocated", G_CALLBACK (count_cb), &allocated);

  /* Selling moves units between two figures; what is available stays. */
  g_assert_true (dd_stock_level_sell (fixture->level, 1, NULL));
  g_assert_cmpuint (reserved, ==, 1);
  g_assert_cmpuint (allocated, ==, 1);
  g_assert_cmpuint (available, ==, 0);
  g_assert_cmpuint (on_hand, ==, 0);

  g_assert_true (dd_stock_level_set_on_hand (fixture->level, 10, NULL));
  g_assert_cmpuint (on_hand, ==, 0);

  g_assert_true (dd_stock_level_set_on_hand (fixture->level, 12, NULL));
  g_assert_cmpuint (on_hand, ==, 1);
  g_assert_cmpuint (available, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dropdeck/core/stock-level/" path, StockFixture, NULL, \
              stock_setup, func, stock_teardown)

  ADD ("sell-and-fulfil", test_sell_and_fulfil);
  ADD ("oversell-refused", test_oversell_refused);
  ADD ("bad-units-refused", test_bad_units_refused);
  ADD ("release", test_release);
  ADD ("notify", test_notify);

#undef ADD

  return g_test_run ();
}
