/* test-store-classifier.c — what the classifier learned survives a restart, per squad
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-classifier.h"
#include "store-test-util.h"

typedef struct
{
  char    *dir;
  char    *path;
  DdStore *store;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = store_test_make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
  fixture->store = store_test_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->store != NULL)
    dd_store_close (fixture->store);
  g_clear_object (&fixture->store);
  store_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  dd_store_close (fixture->store);
  g_clear_object (&fixture->store);
  fixture->store = store_test_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
save_weights (DdStore    *store,
              const char *squad,
              GBytes     *weights)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dd_store_save_classifier_weights_async (store, squad, weights, NULL, store_test_result_cb, &result);
  g_assert_true (dd_store_save_classifier_weights_finish (store, store_test_wait (&result), &error));
  g_assert_no_error (error);
}

static GBytes *
load_weights (DdStore    *store,
              const char *squad)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *weights;

  dd_store_load_classifier_weights_async (store, squad, NULL, store_test_result_cb, &result);
  weights = dd_store_load_classifier_weights_finish (store, store_test_wait (&result), &error);
  g_assert_no_error (error);
  return weights;
}

/* A moderator flags a message, Dropdeck restarts: the squad's classifier
 * still flags it, for that reason, and another squad's does not. */
static void
test_learned_survives_restart (Fixture       *fixture,
                               gconstpointer  data)
{
  const char *text = "grab the drop cheaper from my cousin, ask for tio pepe";
  g_autoptr(DdClassifier) taught = dd_classifier_new ();
  g_autoptr(DdClassifier) restored = dd_classifier_new ();
  g_autoptr(DdClassifier) other = dd_classifier_new ();
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GBytes) other_loaded = NULL;
  g_autoptr(GError) error = NULL;
  DdClassification before, after, elsewhere;

  for (int i = 0; i < 3; i++)
    dd_classifier_learn (taught, text, DD_MODERATION_SPAM);
  dd_classifier_classify (taught, text, -1, &before);
  g_assert_cmpint (before.moderation, ==, DD_MODERATION_SPAM);

  exported = dd_classifier_export_weights (taught);
  save_weights (fixture->store, "squad-north", exported);
  reopen (fixture);

  loaded = load_weights (fixture->store, "squad-north");
  g_assert_nonnull (loaded);
  g_assert_true (g_bytes_equal (loaded, exported));
  g_assert_true (dd_classifier_import_weights (restored, loaded, &error));
  g_assert_no_error (error);
  dd_classifier_classify (restored, text, -1, &after);
  g_assert_cmpint (after.moderation, ==, DD_MODERATION_SPAM);
  g_assert_true (dd_classification_has_reason (&after, DD_CLASSIFIER_REASON_LEARNED_FLAG));

  other_loaded = load_weights (fixture->store, "squad-south");
  g_assert_null (other_loaded);
  dd_classifier_classify (other, text, -1, &elsewhere);
  g_assert_false (dd_classification_has_reason (&elsewhere, DD_CLASSIFIER_REASON_LEARNED_FLAG));
}

/* Each save replaces the squad's row: an undo that is saved sticks. */
static void
test_save_replaces (Fixture       *fixture,
                    gconstpointer  data)
{
  static const guint8 first_bytes[] = { 1, 0, 2, 0, 3 };
  static const guint8 second_bytes[] = { 0xff, 0 };
  g_autoptr(GBytes) first = g_bytes_new_static (first_bytes, sizeof first_bytes);
  g_autoptr(GBytes) second = g_bytes_new_static (second_bytes, sizeof second_bytes);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GBytes) north = NULL;
  g_autofree char *rows = NULL;

  save_weights (fixture->store, "squad-north", first);
  save_weights (fixture->store, "squad-south", first);
  save_weights (fixture->store, "squad-north", second);
  reopen (fixture);

  north = load_weights (fixture->store, "squad-north");
  g_assert_true (g_bytes_equal (north, second));
  loaded = load_weights (fixture->store, "squad-south");
  g_assert_true (g_bytes_equal (loaded, first));
  g_clear_pointer (&loaded, g_bytes_unref);

  /* Nothing learned is still a saved state, not "never saved". */
  save_weights (fixture->store, "squad-south", empty);
  loaded = load_weights (fixture->store, "squad-south");
  g_assert_nonnull (loaded);
  g_assert_cmpuint (g_bytes_get_size (loaded), ==, 0);

  dd_store_close (fixture->store);
  rows = store_test_sql (fixture->path, "SELECT count(*) FROM classifier_weights");
  g_assert_cmpstr (rows, ==, "2");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/store/classifier/learned-survives-restart", Fixture, NULL,
              fixture_setup, test_learned_survives_restart, fixture_teardown);
  g_test_add ("/dropdeck/store/classifier/save-replaces", Fixture, NULL,
              fixture_setup, test_save_replaces, fixture_teardown);

  return g_test_run ();
}
