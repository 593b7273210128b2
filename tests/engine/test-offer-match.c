/* test-offer-match.c — which demo offer a buyer's message is about
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-demo-catalog.h"
#include "dd-offer-match.h"

typedef struct
{
  GListStore   *offers;
  DdClassifier *classifier;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(DdDemoCatalog) catalog = dd_demo_catalog_new (g_get_real_time ());
  GPtrArray *offers = dd_demo_catalog_get_offers (catalog);

  fixture->offers = g_list_store_new (DD_TYPE_OFFER);
  for (guint i = 0; i < offers->len; i++)
    g_list_store_append (fixture->offers, g_ptr_array_index (offers, i));
  fixture->classifier = dd_classifier_new ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->offers);
  g_clear_object (&fixture->classifier);
}

static const char *
match (Fixture    *fixture,
       const char *text)
{
  DdClassification c;
  DdOffer *offer;

  dd_classifier_classify (fixture->classifier, text, -1, &c);
  offer = dd_offer_match_text (G_LIST_MODEL (fixture->offers), text, &c);
  return offer != NULL ? dd_offer_get_id (offer) : NULL;
}

static void
test_code_size_colour (Fixture       *fixture,
                       gconstpointer  data)
{
  /* The code picks the product; size and colour pick the offer. */
  g_assert_cmpstr (match (fixture, "SOLD AA12 white 42"), ==, "offer-aa12-wht-42");
  g_assert_cmpstr (match (fixture, "SOLD AA12 white 44"), ==, "offer-aa12-wht-44");
  g_assert_cmpstr (match (fixture, "AA12 black 43 please"), ==, "offer-aa12-blk-43");
  g_assert_cmpstr (match (fixture, "sold wh22 sand L"), ==, "offer-wh22-snd-l");
}

static void
test_title_words (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_cmpstr (match (fixture, "how oversized is the Trail Fox in 44?"), ==, "offer-tf33-olv-44");
  /* A plural counts. */
  g_assert_nonnull (g_strstr_len (match (fixture, "I'm a 43 usually, which size for the Aero Runners?"), -1, "aa12"));
}

static void
test_no_product (Fixture       *fixture,
                 gconstpointer  data)
{
  /* Size or colour alone name no product. */
  g_assert_null (match (fixture, "does the M run small?"));
  g_assert_null (match (fixture, "LET'S GOOO"));
  g_assert_null (match (fixture, ""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/engine/offer-match/code-size-colour", Fixture, NULL,
              fixture_setup, test_code_size_colour, fixture_teardown);
  g_test_add ("/dropdeck/engine/offer-match/title-words", Fixture, NULL,
              fixture_setup, test_title_words, fixture_teardown);
  g_test_add ("/dropdeck/engine/offer-match/no-product", Fixture, NULL,
              fixture_setup, test_no_product, fixture_teardown);

  return g_test_run ();
}
