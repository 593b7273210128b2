/* test-order.c — order summaries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-core.h"

static void
test_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdOrder) order = NULL;
  DdMoney total = dd_money_init (9980, "EUR");

  order = dd_order_new ("order-1", "offer-1", "SHIRT-LIN-M", "hub-mitte", 2, &total,
                        1700000000000000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (order);

  /* The order keeps its own copy of the total. */
  total.minor = 1;
  g_assert_cmpint (dd_order_get_total (order)->minor, ==, 9980);
  g_assert_cmpstr (dd_order_get_total (order)->currency, ==, "EUR");
  g_assert_cmpstr (dd_order_get_id (order), ==, "order-1");
  g_assert_cmpstr (dd_order_get_offer_id (order), ==, "offer-1");
  g_assert_cmpstr (dd_order_get_sku (order), ==, "SHIRT-LIN-M");
  g_assert_cmpstr (dd_order_get_hub_id (order), ==, "hub-mitte");
  g_assert_cmpuint (dd_order_get_quantity (order), ==, 2);
  g_assert_cmpint (dd_order_get_created_at (order), ==, 1700000000000000);
  g_assert_cmpint (dd_order_get_status (order), ==, DD_ORDER_STATUS_PLACED);
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  DdMoney total = dd_money_init (9980, "EUR");
  DdMoney negative = dd_money_init (-1, "EUR");
  DdMoney unknown = dd_money_init (100, "XYZ");

  g_assert_null (dd_order_new ("order-1", "offer-1", "SKU", "hub", 0, &total, 0, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  g_assert_null (dd_order_new ("order-1", "offer-1", "SKU", "hub", 1, &negative, 0, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  g_assert_null (dd_order_new ("order-1", "offer-1", "SKU", "hub", 1, NULL, 0, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  g_assert_null (dd_order_new ("order-1", "offer-1", "SKU", "hub", 1, &unknown, 0, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_UNKNOWN_CURRENCY);
  g_clear_error (&error);

  g_assert_null (dd_order_new ("", "offer-1", "SKU", "hub", 1, &total, 0, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_status (void)
{
  DdMoney total = dd_money_init (0, "JPY");
  g_autoptr(DdOrder) order = dd_order_new ("o", "f", "s", "h", 1, &total, 0, NULL);
  guint count = 0;

  g_signal_connect (order, "notify::status", G_CALLBACK (count_cb), &count);
  dd_order_set_status (order, DD_ORDER_STATUS_PLACED);
  g_assert_cmpuint (count, ==, 0);
  dd_order_set_status (order, DD_ORDER_STATUS_SHIPPED);
  dd_order_set_status (order, DD_ORDER_STATUS_SHIPPED);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpint (dd_order_get_status (order), ==, DD_ORDER_STATUS_SHIPPED);

  for (guint i = DD_ORDER_STATUS_PLACED; i <= DD_ORDER_STATUS_REFUNDED; i++)
    {
      DdOrderStatus status;

      g_assert_true (dd_order_status_from_nick (dd_order_status_to_nick (i), &status));
      g_assert_cmpint (status, ==, i);
      g_assert_nonnull (dd_order_status_get_display_name (i));
    }
  g_assert_false (dd_order_status_from_nick ("lost", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/core/order/new", test_new);
  g_test_add_func ("/dropdeck/core/order/refused", test_refused);
  g_test_add_func ("/dropdeck/core/order/status", test_status);

  return g_test_run ();
}
