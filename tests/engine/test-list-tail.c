/* test-list-tail.c — the last N items of a list in slots, and changes that describe it exactly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-list-tail.h"

typedef struct
{
  GListStore *source;
  DdListTail *tail;
  GPtrArray  *shadow;    /* rebuilt from the tail's emissions alone */
  guint       emissions;
  guint       largest;   /* most items one emission added or removed */
  guint       serial;
  guint       notifies;  /* slots that said they show another item */
} Fixture;

static void
slot_item_cb (DdListSlot *slot,
              GParamSpec *pspec,
              Fixture    *fixture)
{
  fixture->notifies++;
}

static void
tail_changed_cb (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 Fixture    *fixture)
{
  fixture->emissions++;
  fixture->largest = MAX (fixture->largest, MAX (removed, added));
  g_assert_cmpuint (position + removed, <=, fixture->shadow->len);
  g_ptr_array_remove_range (fixture->shadow, position, removed);
  for (guint i = 0; i < added; i++)
    {
      GObject *slot = g_list_model_get_item (model, position + i);

      if (g_object_get_data (slot, "watched") == NULL)
        {
          g_signal_connect (slot, "notify::item", G_CALLBACK (slot_item_cb), fixture);
          g_object_set_data (slot, "watched", GINT_TO_POINTER (1));
        }
      g_ptr_array_insert (fixture->shadow, position + i, slot);
    }
  g_assert_cmpuint (fixture->shadow->len, ==, g_list_model_get_n_items (model));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->source = g_list_store_new (G_TYPE_OBJECT);
  fixture->shadow = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->tail = dd_list_tail_new (G_LIST_MODEL (fixture->source), 5);
  g_signal_connect (fixture->tail, "items-changed", G_CALLBACK (tail_changed_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->tail);
  g_clear_object (&fixture->source);
  g_ptr_array_unref (fixture->shadow);
}

static GObject *
numbered (Fixture *fixture)
{
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (object, "n", GUINT_TO_POINTER (++fixture->serial));
  return object;
}

static void
append (Fixture *fixture,
        guint    n)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (batch, numbered (fixture));
  g_list_store_splice (fixture->source, g_list_model_get_n_items (G_LIST_MODEL (fixture->source)), 0,
                       batch->pdata, batch->len);
}

/* The tail holds exactly the source's last items, and the emissions said
 * so (the shadow built from them matches). */
static void
check (Fixture *fixture)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture->source));
  guint len = g_list_model_get_n_items (G_LIST_MODEL (fixture->tail));

  g_assert_cmpuint (len, ==, MIN (n, dd_list_tail_get_size (fixture->tail)));
  for (guint i = 0; i < len; i++)
    {
      g_autoptr(GObject) want = g_list_model_get_item (G_LIST_MODEL (fixture->source), n - len + i);
      g_autoptr(DdListSlot) got = g_list_model_get_item (G_LIST_MODEL (fixture->tail), i);

      g_assert_true (want == dd_list_slot_get_item (got));
      g_assert_true (g_ptr_array_index (fixture->shadow, i) == (gpointer) got);
      g_assert_cmpuint (dd_list_tail_to_source (fixture->tail, i), ==, n - len + i);
    }
}

/* The same for a tail as long as its source. */
static void
check_whole (Fixture *fixture)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->tail)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (fixture->source)));
  check (fixture);
}

static void
test_appends_and_front_removals (Fixture       *fixture,
                                 gconstpointer  data)
{
  append (fixture, 3);
  check (fixture);
  append (fixture, 4);
  check (fixture);

  /* A window that drops its oldest: nothing shown changes, nothing said. */
  fixture->emissions = 0;
  g_list_store_splice (fixture->source, 0, 2, NULL, 0);
  check (fixture);
  g_assert_cmpuint (fixture->emissions, ==, 0);

  /* A flood: one append of many says no more than the tail holds. */
  fixture->largest = 0;
  append (fixture, 1000);
  check (fixture);
  g_assert_cmpuint (fixture->largest, <=, 5);

  /* The usual batch on a full tail: no change of the model at all (a list
   * view keeps its rows); every slot shows the item two further on, and
   * says so once. */
  fixture->emissions = 0;
  fixture->notifies = 0;
  append (fixture, 2);
  check (fixture);
  g_assert_cmpuint (fixture->emissions, ==, 0);
  g_assert_cmpuint (fixture->notifies, ==, 5);
}

/* Slots of a tail as long as its source keep their items: a change in the
 * middle comes out as that change, and nothing else moves. */
static void
test_whole_source (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(DdListSlot) kept = NULL;
  gpointer item;

  dd_list_tail_set_size (fixture->tail, G_MAXUINT);
  append (fixture, 10);
  kept = g_list_model_get_item (G_LIST_MODEL (fixture->tail), 8);
  item = dd_list_slot_get_item (kept);
  fixture->emissions = 0;
  fixture->largest = 0;
  fixture->notifies = 0;
  g_list_store_remove (fixture->source, 3);
  check_whole (fixture);
  g_assert_cmpuint (fixture->emissions, ==, 1);
  g_assert_cmpuint (fixture->largest, ==, 1);
  g_assert_cmpuint (fixture->notifies, ==, 0);
  g_assert_true (g_ptr_array_index (fixture->shadow, 7) == (gpointer) kept);
  g_assert_true (dd_list_slot_get_item (kept) == item);
  append (fixture, 3);
  g_list_store_splice (fixture->source, 0, 4, NULL, 0);
  check_whole (fixture);
  g_assert_cmpuint (fixture->notifies, ==, 0);
  g_assert_true (g_ptr_array_index (fixture->shadow, 3) == (gpointer) kept);
}

static void
test_anything_else (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GObject) middle = NULL;

  append (fixture, 10);
  /* Removed in the middle of what is shown, inserted, cleared. */
  g_list_store_remove (fixture->source, 7);
  check (fixture);
  middle = numbered (fixture);
  g_list_store_insert (fixture->source, 6, middle);
  check (fixture);
  g_list_store_splice (fixture->source, 0, 8, NULL, 0);
  check (fixture);
  g_list_store_remove_all (fixture->source);
  check (fixture);
}

static void
test_resize (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GObject) newest = NULL;

  append (fixture, 20);
  newest = g_list_model_get_item (G_LIST_MODEL (fixture->tail), 4);

  /* Grown at the front, in one change; the newest stays last. */
  fixture->emissions = 0;
  dd_list_tail_set_size (fixture->tail, G_MAXUINT);
  g_assert_cmpuint (fixture->emissions, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->tail)), ==, 20);
  g_assert_true (g_ptr_array_index (fixture->shadow, 19) == (gpointer) newest);
  append (fixture, 3);
  g_assert_cmpuint (fixture->shadow->len, ==, 23);

  /* Shrunk at the front. */
  dd_list_tail_set_size (fixture->tail, 5);
  check (fixture);
}

static void
test_sources (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GListStore) other = g_list_store_new (G_TYPE_OBJECT);

  append (fixture, 8);
  check (fixture);
  dd_list_tail_set_source (fixture->tail, G_LIST_MODEL (other));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->tail)), ==, 0);
  g_assert_cmpuint (fixture->shadow->len, ==, 0);
  dd_list_tail_set_source (fixture->tail, NULL);
  g_assert_null (dd_list_tail_get_source (fixture->tail));
  dd_list_tail_set_source (fixture->tail, G_LIST_MODEL (fixture->source));
  check (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/engine/list-tail/appends-and-front-removals", Fixture, NULL,
              fixture_setup, test_appends_and_front_removals, fixture_teardown);
  g_test_add ("/dropdeck/engine/list-tail/anything-else", Fixture, NULL,
              fixture_setup, test_anything_else, fixture_teardown);
  g_test_add ("/dropdeck/engine/list-tail/whole-source", Fixture, NULL,
              fixture_setup, test_whole_source, fixture_teardown);
  g_test_add ("/dropdeck/engine/list-tail/resize", Fixture, NULL,
              fixture_setup, test_resize, fixture_teardown);
  g_test_add ("/dropdeck/engine/list-tail/sources", Fixture, NULL,
              fixture_setup, test_sources, fixture_teardown);

  return g_test_run ();
}
