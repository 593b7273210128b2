/* test-offer-machine.c — every lifecycle transition, allowed and refused by role and by guard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-core.h"

#define NOW ((gint64) 1795608000 * G_USEC_PER_SEC)
#define SECOND G_USEC_PER_SEC
#define N_STATES (DD_OFFER_STATE_CANCELLED + 1)

typedef struct
{
  DdOfferState from;
  DdOfferState to;
} Edge;

/* The lifecycle of the offer-editor issue, and nothing else. */
static const Edge expected_edges[] = {
  { DD_OFFER_STATE_DRAFT, DD_OFFER_STATE_SCHEDULED },
  { DD_OFFER_STATE_DRAFT, DD_OFFER_STATE_CANCELLED },
  { DD_OFFER_STATE_SCHEDULED, DD_OFFER_STATE_LIVE },
  { DD_OFFER_STATE_SCHEDULED, DD_OFFER_STATE_CANCELLED },
  { DD_OFFER_STATE_LIVE, DD_OFFER_STATE_PAUSED },
  { DD_OFFER_STATE_LIVE, DD_OFFER_STATE_SOLD_OUT },
  { DD_OFFER_STATE_LIVE, DD_OFFER_STATE_ENDED },
  { DD_OFFER_STATE_PAUSED, DD_OFFER_STATE_LIVE },
  { DD_OFFER_STATE_PAUSED, DD_OFFER_STATE_SOLD_OUT },
  { DD_OFFER_STATE_PAUSED, DD_OFFER_STATE_ENDED },
  { DD_OFFER_STATE_PAUSED, DD_OFFER_STATE_CANCELLED },
  { DD_OFFER_STATE_SOLD_OUT, DD_OFFER_STATE_ENDED },
};

static gboolean
is_expected_edge (DdOfferState from,
                  DdOfferState to)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected_edges); i++)
    if (expected_edges[i].from == from && expected_edges[i].to == to)
      return TRUE;
  return FALSE;
}

/* An offer in `state` that passes the guard of the edge to `to`. */
static DdOffer *
good_offer (DdOfferState state,
            DdOfferState to)
{
  DdOffer *offer = dd_offer_new ("o-1", "Linen shirt", "SHIRT-LIN-M");
  DdMoney price = dd_money_init (4990, "EUR");

  dd_offer_set_price (offer, &price);
  dd_offer_set_stock_allocated (offer, 10);
  dd_offer_set_units_sold (offer, to == DD_OFFER_STATE_SOLD_OUT ? 10 : 3);
  dd_offer_set_window (offer, NOW - 60 * SECOND, NOW + 600 * SECOND);
  dd_offer_set_state (offer, state);
  return offer;
}

static gboolean
role_may_change_lifecycle (DdRole role)
{
  return role == DD_ROLE_PRODUCER || role == DD_ROLE_OPS_LEAD;
}

static void
assert_message_has (const GError *error,
                    const char   *part)
{
  g_assert_nonnull (error);
  if (strstr (error->message, part) == NULL)
    g_error ("“%s” is not in “%s”", part, error->message);
}

static void
test_table (void)
{
  for (int from = 0; from < N_STATES; from++)
    for (int to = 0; to < N_STATES; to++)
      {
        g_assert_cmpint (dd_offer_machine_has_transition (from, to), ==, is_expected_edge (from, to));
        g_assert_true ((dd_offer_machine_get_action_label (from, to) != NULL) == is_expected_edge (from, to));
      }

  g_assert_cmpstr (dd_offer_machine_get_action_label (DD_OFFER_STATE_SCHEDULED, DD_OFFER_STATE_LIVE), ==, "Go live");
  g_assert_cmpstr (dd_offer_machine_get_action_label (DD_OFFER_STATE_PAUSED, DD_OFFER_STATE_LIVE), ==, "Resume");
}

/* Every edge for every role: allowed for Producer and Ops lead, refused for
 * the others with the roles named. */
static void
test_every_edge_by_role (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected_edges); i++)
    for (int role = 0; role < DD_N_ROLES; role++)
      {
        g_autoptr(DdOffer) offer = good_offer (expected_edges[i].from, expected_edges[i].to);
        g_autoptr(GError) error = NULL;
        gboolean ok = dd_offer_machine_can_transition (offer, expected_edges[i].to, role, NOW, &error);

        if (role_may_change_lifecycle (role))
          {
            g_assert_no_error (error);
            g_assert_true (ok);
          }
        else
          {
            g_assert_false (ok);
            g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);
            assert_message_has (error, "Producer or Ops lead");
            assert_message_has (error, dd_role_get_display_name (role));
          }
      }
}

/* Every pair that is not an edge is refused for everyone. */
static void
test_non_edges_refused (void)
{
  for (int from = 0; from < N_STATES; from++)
    for (int to = 0; to < N_STATES; to++)
      {
        g_autoptr(DdOffer) offer = NULL;
        g_autoptr(GError) error = NULL;

        if (is_expected_edge (from, to))
          continue;

        offer = good_offer (from, to);
        g_assert_false (dd_offer_machine_can_transition (offer, to, DD_ROLE_PRODUCER, NOW, &error));
        g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);
        assert_message_has (error, "Linen shirt");
        assert_message_has (error, from == to ? "already" : "cannot go from");
      }
}

static void
assert_refused (DdOffer      *offer,
                DdOfferState  to,
                const char   *part)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dd_offer_machine_can_transition (offer, to, DD_ROLE_PRODUCER, NOW, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  assert_message_has (error, "Linen shirt");
  assert_message_has (error, part);
}

static void
test_go_live_guard (gconstpointer data)
{
  DdOfferState from = GPOINTER_TO_INT (data);
  DdMoney zero = dd_money_init (0, "EUR");
  DdMoney unknown = dd_money_init (4990, "XXX");
  g_autoptr(DdOffer) offer = good_offer (from, DD_OFFER_STATE_LIVE);

  dd_offer_set_stock_allocated (offer, 0);
  dd_offer_set_units_sold (offer, 0);
  assert_refused (offer, DD_OFFER_STATE_LIVE, "no stock is allocated");
  dd_offer_set_stock_allocated (offer, 5);
  dd_offer_set_units_sold (offer, 5);
  assert_refused (offer, DD_OFFER_STATE_LIVE, "stock is sold");
  dd_offer_set_units_sold (offer, 0);

  dd_offer_set_price (offer, &zero);
  assert_refused (offer, DD_OFFER_STATE_LIVE, "no valid price");
  dd_offer_set_price (offer, &unknown);
  assert_refused (offer, DD_OFFER_STATE_LIVE, "XXX");
  zero.minor = 4990;
  dd_offer_set_price (offer, &zero);

  dd_offer_set_window (offer, 0, 0);
  assert_refused (offer, DD_OFFER_STATE_LIVE, "needs a start and an end");
  dd_offer_set_window (offer, NOW + SECOND, NOW + 600 * SECOND);
  assert_refused (offer, DD_OFFER_STATE_LIVE, "has not started");
  dd_offer_set_window (offer, NOW - 600 * SECOND, NOW);
  assert_refused (offer, DD_OFFER_STATE_LIVE, "is over");

  /* start <= now < end: allowed, and apply moves it. */
  dd_offer_set_window (offer, NOW, NOW + SECOND);
  g_assert_true (dd_offer_machine_apply (offer, DD_OFFER_STATE_LIVE, DD_ROLE_OPS_LEAD, NOW, NULL));
  g_assert_cmpint (dd_offer_get_state (offer), ==, DD_OFFER_STATE_LIVE);
}

static void
test_schedule_guard (void)
{
  g_autoptr(DdOffer) offer = good_offer (DD_OFFER_STATE_DRAFT, DD_OFFER_STATE_SCHEDULED);
  DdMoney was = dd_money_init (1000, "EUR");

  dd_offer_set_window (offer, 0, 0);
  assert_refused (offer, DD_OFFER_STATE_SCHEDULED, "needs a start and an end");
  dd_offer_set_window (offer, NOW - 600 * SECOND, NOW - SECOND);
  assert_refused (offer, DD_OFFER_STATE_SCHEDULED, "already over");
  /* A window in the future is fine for scheduling. */
  dd_offer_set_window (offer, NOW + 600 * SECOND, NOW + 900 * SECOND);
  g_assert_true (dd_offer_machine_can_transition (offer, DD_OFFER_STATE_SCHEDULED, DD_ROLE_PRODUCER, NOW, NULL));

  /* An invalid offer says why. */
  dd_offer_set_compare_at_price (offer, &was);
  assert_refused (offer, DD_OFFER_STATE_SCHEDULED, "Compare-at price must be above the price");
}

static void
test_sold_out_guard (void)
{
  g_autoptr(DdOffer) offer = good_offer (DD_OFFER_STATE_LIVE, DD_OFFER_STATE_SOLD_OUT);

  g_assert_true (dd_offer_machine_can_transition (offer, DD_OFFER_STATE_SOLD_OUT, DD_ROLE_OPS_LEAD, NOW, NULL));
  dd_offer_set_units_sold (offer, 9);
  assert_refused (offer, DD_OFFER_STATE_SOLD_OUT, "still has allocated stock");
}

static void
test_list_transitions (void)
{
  g_autoptr(DdOffer) offer = good_offer (DD_OFFER_STATE_LIVE, DD_OFFER_STATE_PAUSED);
  g_autoptr(GArray) producer = dd_offer_machine_list_transitions (offer, DD_ROLE_PRODUCER, NOW);
  g_autoptr(GArray) liaison = dd_offer_machine_list_transitions (offer, DD_ROLE_CREATOR_LIAISON, NOW);
  g_autoptr(GArray) paused = NULL;
  g_autoptr(GArray) ended = NULL;

  /* Live with stock left: pause or end, not sold out. */
  g_assert_cmpuint (producer->len, ==, 2);
  g_assert_cmpint (g_array_index (producer, DdOfferState, 0), ==, DD_OFFER_STATE_PAUSED);
  g_assert_cmpint (g_array_index (producer, DdOfferState, 1), ==, DD_OFFER_STATE_ENDED);
  g_assert_cmpuint (liaison->len, ==, 0);

  /* Paused after the window closed: no resume. */
  dd_offer_set_state (offer, DD_OFFER_STATE_PAUSED);
  dd_offer_set_window (offer, NOW - 600 * SECOND, NOW - SECOND);
  paused = dd_offer_machine_list_transitions (offer, DD_ROLE_OPS_LEAD, NOW);
  g_assert_cmpuint (paused->len, ==, 2);
  g_assert_cmpint (g_array_index (paused, DdOfferState, 0), ==, DD_OFFER_STATE_ENDED);
  g_assert_cmpint (g_array_index (paused, DdOfferState, 1), ==, DD_OFFER_STATE_CANCELLED);

  dd_offer_set_state (offer, DD_OFFER_STATE_ENDED);
  ended = dd_offer_machine_list_transitions (offer, DD_ROLE_PRODUCER, NOW);
  g_assert_cmpuint (ended->len, ==, 0);
}

static void
test_apply_refused_keeps_state (void)
{
  g_autoptr(DdOffer) offer = good_offer (DD_OFFER_STATE_SCHEDULED, DD_OFFER_STATE_LIVE);
  g_autoptr(GError) error = NULL;

  g_assert_false (dd_offer_machine_apply (offer, DD_OFFER_STATE_LIVE, DD_ROLE_ENGINEER_ON_CALL, NOW, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED);
  g_assert_cmpint (dd_offer_get_state (offer), ==, DD_OFFER_STATE_SCHEDULED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/core/offer-machine/table", test_table);
  g_test_add_func ("/dropdeck/core/offer-machine/every-edge-by-role", test_every_edge_by_role);
  g_test_add_func ("/dropdeck/core/offer-machine/non-edges-refused", test_non_edges_refused);
  g_test_add_data_func ("/dropdeck/core/offer-machine/go-live-guard", GINT_TO_POINTER (DD_OFFER_STATE_SCHEDULED), test_go_live_guard);
  g_test_add_data_func ("/dropdeck/core/offer-machine/resume-guard", GINT_TO_POINTER (DD_OFFER_STATE_PAUSED), test_go_live_guard);
  g_test_add_func ("/dropdeck/core/offer-machine/schedule-guard", test_schedule_guard);
  g_test_add_func ("/dropdeck/core/offer-machine/sold-out-guard", test_sold_out_guard);
  g_test_add_func ("/dropdeck/core/offer-machine/list-transitions", test_list_transitions);
  g_test_add_func ("/dropdeck/core/offer-machine/apply-refused-keeps-state", test_apply_refused_keeps_state);

  return g_test_run ();
}
