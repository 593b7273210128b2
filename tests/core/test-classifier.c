/* test-classifier.c — the on-device classifier: slots, reasons, links,
 * learning, bad input and the quality bar on the evaluation set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "dd-classifier.h"
#include "dd-classifier-eval.h"
#include "dd-classifier-private.h"
#include "dd-core-error.h"

typedef struct
{
  DdClassifier *classifier;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->classifier = dd_classifier_new ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->classifier);
}

static DdClassification
classify (Fixture    *fixture,
          const char *text)
{
  DdClassification out;

  dd_classifier_classify (fixture->classifier, text, -1, &out);

  return out;
}

static void
assert_reason_label (const DdClassification *c,
                     DdClassifierReason      reason,
                     const char             *expected)
{
  g_autofree char *label = NULL;

  g_assert_true (dd_classification_has_reason (c, reason));
  label = dd_classification_reason_get_label (c, reason);
  g_assert_cmpstr (label, ==, expected);
}

static void
test_slots (Fixture       *fixture,
            gconstpointer  data)
{
  DdClassification c = classify (fixture, "SOLD AA12 white small x2");

  g_assert_cmpint (c.moderation, ==, DD_MODERATION_OK);
  g_assert_cmpint (c.intent, ==, DD_INTENT_PURCHASE);
  g_assert_cmpfloat (c.intent_score, >, 0.5f);
  g_assert_cmpstr (c.variant, ==, "AA12");
  g_assert_cmpstr (c.colour, ==, "white");
  g_assert_cmpstr (c.size, ==, "S");
  g_assert_cmpuint (c.quantity, ==, 2);

  c = classify (fixture, "SOLD 3 blue M");
  g_assert_cmpint (c.intent, ==, DD_INTENT_PURCHASE);
  g_assert_cmpuint (c.quantity, ==, 3);
  g_assert_cmpstr (c.colour, ==, "blue");
  g_assert_cmpstr (c.size, ==, "M");
  g_assert_cmpstr (c.variant, ==, "");

  c = classify (fixture, "me lo llevo en negro, talla XL, quiero dos");
  g_assert_cmpint (c.intent, ==, DD_INTENT_PURCHASE);
  g_assert_cmpstr (c.colour, ==, "black");
  g_assert_cmpstr (c.size, ==, "XL");
  g_assert_cmpuint (c.quantity, ==, 2);

  c = classify (fixture, "¿tienes el 37 en rojo?");
  g_assert_cmpint (c.intent, ==, DD_INTENT_AVAILABILITY);
  g_assert_cmpstr (c.size, ==, "37");
  g_assert_cmpstr (c.colour, ==, "red");

  /* "is it sold out" asks about stock; it does not buy anything. */
  c = classify (fixture, "is it sold out?");
  g_assert_cmpint (c.intent, ==, DD_INTENT_AVAILABILITY);
  g_assert_cmpuint (c.quantity, ==, 0);

  c = classify (fixture, "¿cuánto cuesta el envío a Chile?");
  g_assert_cmpint (c.intent, ==, DD_INTENT_SHIPPING);
  c = classify (fixture, "how much is the green dress?");
  g_assert_cmpint (c.intent, ==, DD_INTENT_PRICE);
  c = classify (fixture, "does it run small?");
  g_assert_cmpint (c.intent, ==, DD_INTENT_SIZE);

  /* A lone lower-case letter is not a size without a buying context. */
  c = classify (fixture, "i m so happy");
  g_assert_cmpstr (c.size, ==, "");
  g_assert_cmpint (c.intent, ==, DD_INTENT_NONE);
}

static void
test_reasons (Fixture       *fixture,
              gconstpointer  data)
{
  DdClassification c;

  c = classify (fixture, "Nike giveaway!! claim your free pair at nike-giveaway.shop");

  g_assert_cmpint (c.moderation, ==, DD_MODERATION_SCAM);
  g_assert_cmpfloat (c.moderation_score, >, 0.9f);
  g_assert_cmpint (c.intent, ==, DD_INTENT_NONE);
  g_assert_cmpstr (c.domain, ==, "nike-giveaway.shop");
  assert_reason_label (&c, DD_CLASSIFIER_REASON_LOOKALIKE_DOMAIN,
                       "Link to a look-alike domain: nike-giveaway.shop");
  g_assert_cmpstr (dd_classifier_reason_to_nick (DD_CLASSIFIER_REASON_LOOKALIKE_DOMAIN),
                   ==, "lookalike-domain");

  c = classify (fixture, "DM me for discount 50% off everything");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_SCAM);
  assert_reason_label (&c, DD_CLASSIFIER_REASON_MOVE_TO_DMS,
                       "Asks to move to DMs or another app");

  c = classify (fixture, "HELLOOOOOOOOOOOOOOOOOOOOOO");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_SPAM);
  assert_reason_label (&c, DD_CLASSIFIER_REASON_REPEATED_CHARACTERS, "Repeated characters");

  c = classify (fixture, "hola hola hola hola hola hola hola");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_SPAM);
  g_assert_true (dd_classification_has_reason (&c, DD_CLASSIFIER_REASON_REPEATED_WORDS));

  c = classify (fixture, "🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_SPAM);
  g_assert_true (dd_classification_has_reason (&c, DD_CLASSIFIER_REASON_EMOJI_WALL));

  c = classify (fixture, "follow me on my channel for more hauls");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_SPAM);
  g_assert_true (dd_classification_has_reason (&c, DD_CLASSIFIER_REASON_FOLLOW_REQUEST));

  c = classify (fixture, "send 0.1 BTC and get double back");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_SCAM);
  g_assert_true (dd_classification_has_reason (&c, DD_CLASSIFIER_REASON_CRYPTO_BAIT));

  c = classify (fixture, "you're an idiot");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_TOXIC);
  assert_reason_label (&c, DD_CLASSIFIER_REASON_INSULT, "Insult");

  c = classify (fixture, "sé dónde vives");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_TOXIC);
  g_assert_true (dd_classification_has_reason (&c, DD_CLASSIFIER_REASON_THREAT));

  /* Leetspeak and stretched letters do not hide an insult. */
  c = classify (fixture, "1d10t");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_TOXIC);
  c = classify (fixture, "idiooooota");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_TOXIC);

  /* Hard negatives: nothing fires, no reason is given. */
  c = classify (fixture, "this price is stupid cheap lol");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_OK);
  g_assert_cmpuint (c.reasons, ==, 0);
  c = classify (fixture, "mods please ban the fake giveaway guy");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_OK);
  c = classify (fixture, "is shipping free?");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_OK);
  g_assert_cmpint (c.intent, ==, DD_INTENT_SHIPPING);

  /* Every reason has a sentence. */
  for (int r = 0; r < DD_CLASSIFIER_N_REASONS; r++)
    {
      g_autofree char *label = dd_classification_reason_get_label (&c, r);

      g_assert_nonnull (label);
      g_assert_cmpuint (strlen (label), >, 3);
      g_assert_nonnull (dd_classifier_reason_to_nick (r));
    }
}

static void
test_lookalike_domains (Fixture       *fixture,
                        gconstpointer  data)
{
  static const struct
  {
    const char *text;
    gboolean    lookalike;
  } cases[] = {
    { "pay at paypa1-secure.com", TRUE },           /* 1 for l */
    { "login: https://instagrarn.com/prize", TRUE }, /* rn for m */
    { "official: www.adldas.com/drop", TRUE },       /* one letter off */
    { "verify at paypal.com.secure-login.ru", TRUE }, /* brand as a subdomain */
    { "prizes at amaz0n-premios.com", TRUE },        /* 0 for o */
    { "promo at nike.shop", TRUE },                  /* the brand, not its own site */
    { "got mine on nike.com, love them", FALSE },
    { "bought it on https://www.zara.com/es/", FALSE },
    { "mercadolibre.com.mx tiene envío", FALSE },
    { "is lunaboutique.com the real shop?", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DdClassification c = classify (fixture, cases[i].text);

      g_test_message ("%s", cases[i].text);
      gboolean lookalike =
        dd_classification_has_reason (&c, DD_CLASSIFIER_REASON_LOOKALIKE_DOMAIN);

      g_assert_cmpint (lookalike, ==, cases[i].lookalike);
      if (cases[i].lookalike)
        g_assert_cmpint (c.moderation, ==, DD_MODERATION_SCAM);
      else
        g_assert_cmpint (c.moderation, ==, DD_MODERATION_OK);
    }
}

static void
test_homoglyphs_and_punycode (Fixture       *fixture,
                              gconstpointer  data)
{
  char decoded[64];
  DdClassification c;
  g_autofree char *label = NULL;

  g_assert_true (_dd_punycode_decode_label ("mnchen-3ya", 10, decoded, sizeof decoded));
  g_assert_cmpstr (decoded, ==, "münchen");
  g_assert_true (_dd_punycode_decode_label ("bcher-kva", 9, decoded, sizeof decoded));
  g_assert_cmpstr (decoded, ==, "bücher");
  g_assert_false (_dd_punycode_decode_label ("99999999999999999", 17, decoded, sizeof decoded));

  /* A Cyrillic "а" in apple. */
  c = classify (fixture, "Apple giveaway at \xd0\xb0pple.com now");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_SCAM);
  g_assert_true (dd_classification_has_reason (&c, DD_CLASSIFIER_REASON_HOMOGLYPH_DOMAIN));
  g_assert_true (dd_classification_has_reason (&c, DD_CLASSIFIER_REASON_LOOKALIKE_DOMAIN));

  /* Punycode is decoded for display and flagged. */
  c = classify (fixture, "store: https://xn--mnchen-3ya.com/sale");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_SCAM);
  g_assert_cmpstr (c.domain, ==, "xn--mnchen-3ya.com");
  g_assert_cmpstr (c.domain_shown, ==, "münchen.com");
  label = dd_classification_reason_get_label (&c, DD_CLASSIFIER_REASON_PUNYCODE_DOMAIN);
  g_assert_cmpstr (label, ==, "Link to an encoded domain: xn--mnchen-3ya.com shows as münchen.com");

  /* A mixed-script word outside a link. */
  c = classify (fixture, "fr\xd0\xb5\xd0\xb5 gift, claim at gifts-now.xyz");
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_SCAM);
  g_assert_true (dd_classification_has_reason (&c, DD_CLASSIFIER_REASON_OBFUSCATED_TEXT));
}

static void
test_learn_unlearn (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *text = "buy my mixtape on the corner tonight";
  DdClassification before = classify (fixture, text);
  DdClassification learned;
  DdClassification after;
  DdClassification other_before = classify (fixture, "how much is the bag?");
  DdClassification other_after;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(DdClassifier) restored = dd_classifier_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("DDCW\1\0\0\0", 8);

  g_assert_cmpint (before.moderation, ==, DD_MODERATION_OK);
  /* Nothing to unlearn yet. */
  g_assert_false (dd_classifier_unlearn (fixture->classifier, text, DD_MODERATION_SPAM));

  dd_classifier_learn (fixture->classifier, text, DD_MODERATION_SPAM);
  learned = classify (fixture, text);
  g_assert_cmpint (learned.moderation, ==, DD_MODERATION_SPAM);
  g_assert_true (dd_classification_has_reason (&learned, DD_CLASSIFIER_REASON_LEARNED_FLAG));

  /* Weights survive export and import. */
  exported = dd_classifier_export_weights (fixture->classifier);
  g_assert_true (dd_classifier_import_weights (restored, exported, &error));
  g_assert_no_error (error);
  dd_classifier_classify (restored, text, -1, &after);
  g_assert_cmpmem (&after, sizeof after, &learned, sizeof learned);

  g_assert_false (dd_classifier_import_weights (restored, garbage, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);

  /* Unlearning restores every score exactly. */
  g_assert_true (dd_classifier_unlearn (fixture->classifier, text, DD_MODERATION_SPAM));
  after = classify (fixture, text);
  g_assert_cmpmem (&after, sizeof after, &before, sizeof before);
  other_after = classify (fixture, "how much is the bag?");
  g_assert_cmpmem (&other_after, sizeof other_after, &other_before, sizeof other_before);
  g_assert_false (dd_classifier_unlearn (fixture->classifier, text, DD_MODERATION_SPAM));

  /* "Not spam" from a moderator clears a false flag, and is undoable too. */
  before = classify (fixture, "SALE SALE SALE SALE SALE SALE");
  g_assert_cmpint (before.moderation, ==, DD_MODERATION_SPAM);
  dd_classifier_learn (fixture->classifier, "SALE SALE SALE SALE SALE SALE", DD_MODERATION_OK);
  dd_classifier_learn (fixture->classifier, "SALE SALE SALE SALE SALE SALE", DD_MODERATION_OK);
  learned = classify (fixture, "SALE SALE SALE SALE SALE SALE");
  g_assert_cmpint (learned.moderation, ==, DD_MODERATION_OK);
  g_assert_true (dd_classification_has_reason (&learned, DD_CLASSIFIER_REASON_LEARNED_OK));
  g_assert_true (dd_classifier_unlearn (fixture->classifier, "SALE SALE SALE SALE SALE SALE",
                                        DD_MODERATION_OK));
  g_assert_true (dd_classifier_unlearn (fixture->classifier, "SALE SALE SALE SALE SALE SALE",
                                        DD_MODERATION_OK));
  after = classify (fixture, "SALE SALE SALE SALE SALE SALE");
  g_assert_cmpmem (&after, sizeof after, &before, sizeof before);

  dd_classifier_learn (fixture->classifier, text, DD_MODERATION_TOXIC);
  dd_classifier_forget_all (fixture->classifier);
  after = classify (fixture, text);
  g_assert_cmpint (after.moderation, ==, DD_MODERATION_OK);
}

static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  static const char invalid[] = "SOLD \xff\xfe AA12 \xc3 m\xe9" "dium \xf0\x9f";
  static const char with_nul[] = "how much\0 is it?";
  DdClassification c;
  GString *huge = g_string_new (NULL);

  dd_classifier_classify (fixture->classifier, invalid, sizeof invalid - 1, &c);
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_OK);
  g_assert_cmpint (c.intent, ==, DD_INTENT_PURCHASE);
  g_assert_cmpstr (c.variant, ==, "AA12");

  dd_classifier_classify (fixture->classifier, with_nul, sizeof with_nul - 1, &c);
  g_assert_cmpint (c.intent, ==, DD_INTENT_PRICE);

  dd_classifier_classify (fixture->classifier, "", -1, &c);
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_OK);
  g_assert_cmpint (c.intent, ==, DD_INTENT_NONE);
  dd_classifier_classify (fixture->classifier, NULL, 0, &c);
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_OK);

  /* 10,000 emotes, then a megabyte of words: read in bounded time. */
  for (int i = 0; i < 10000; i++)
    g_string_append (huge, "😂");
  dd_classifier_classify (fixture->classifier, huge->str, huge->len, &c);
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_SPAM);
  g_string_truncate (huge, 0);
  while (huge->len < 1024 * 1024)
    g_string_append (huge, "lorem ipsum dolor sit amet https://x.example.com ");
  dd_classifier_classify (fixture->classifier, huge->str, -1, &c);
  dd_classifier_learn (fixture->classifier, huge->str, DD_MODERATION_SPAM);
  g_assert_true (dd_classifier_unlearn (fixture->classifier, huge->str, DD_MODERATION_SPAM));
  g_string_free (huge, TRUE);

  /* A domain of nothing but labels and dots, and an overlong one. */
  dd_classifier_classify (fixture->classifier,
                          "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.com ...com .x. http://", -1, &c);
  g_assert_cmpint (c.moderation, ==, DD_MODERATION_OK);
  {
    g_autofree char *long_host = g_strnfill (500, 'a');
    g_autofree char *message = g_strdup_printf ("free prize at %s.com", long_host);

    dd_classifier_classify (fixture->classifier, message, -1, &c);
  }
}

/* The quality bar of the chat-wall issue, on the evaluation set that no rule
 * or weight was tuned on. */
static void
test_eval_set_quality (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data",
                                                 "classifier-eval.tsv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) samples = dd_classifier_eval_load (path, &error);
  DdClassifierEvalReport report;

  g_assert_no_error (error);
  g_assert_cmpuint (samples->len, >=, 400);
  dd_classifier_eval_run (fixture->classifier, samples, &report, NULL, NULL);

  g_test_message ("moderation macro-F1 %.3f, intent macro-F1 %.3f, spam+scam recall %.3f, "
                  "ok flagged %.3f", report.moderation_macro_f1, report.intent_macro_f1,
                  report.spam_scam_recall, report.ok_flagged_rate);
  g_assert_cmpfloat (report.moderation_macro_f1, >=, 0.90);
  g_assert_cmpfloat (report.intent_macro_f1, >=, 0.90);
  g_assert_cmpfloat (report.spam_scam_recall, >=, 0.95);
  g_assert_cmpfloat (report.ok_flagged_rate, <=, 0.02);
}

static void
test_eval_load_refuses_bad_lines (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dd-classifier-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.tsv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) samples = NULL;

  g_assert_true (g_file_set_contents (path, "ok\tnone\thello\nmaybe\tnone\thi\n", -1, NULL));
  samples = dd_classifier_eval_load (path, &error);
  g_assert_null (samples);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "Line 2"));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dropdeck/core/classifier/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("slots", test_slots);
  ADD ("reasons", test_reasons);
  ADD ("lookalike-domains", test_lookalike_domains);
  ADD ("homoglyphs-and-punycode", test_homoglyphs_and_punycode);
  ADD ("learn-unlearn", test_learn_unlearn);
  ADD ("bad-input", test_bad_input);
  ADD ("eval-set-quality", test_eval_set_quality);
  g_test_add_func ("/dropdeck/core/classifier/eval-load-refuses-bad-lines",
                   test_eval_load_refuses_bad_lines);

#undef ADD

  return g_test_run ();
}
