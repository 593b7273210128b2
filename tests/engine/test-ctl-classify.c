/* test-ctl-classify.c — `dropdeckctl classify`, run as a user would run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "dd-classifier.h"
#include "dd-store-sync.h"
#include "dd-test-ctl.h"
#include "dd-test-util.h"

typedef struct
{
  char      *dir;
  char      *stderr_text;
  GPtrArray *objects;  /* JsonObject, one a line of stdout */
  int        status;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = dd_test_make_tmpdir ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  dd_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->stderr_text, g_free);
  g_clear_pointer (&fixture->objects, g_ptr_array_unref);
}

/* Runs dropdeckctl classify with the NULL-terminated extra arguments and
 * `input` on stdin; every line of stdout must be one JSON object. */
static void
run_classify (Fixture *fixture,
              GBytes  *input,
              ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autoptr(GBytes) stderr_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *stdout_text = NULL;
  gsize size;
  va_list args;

  va_start (args, input);
  argv = dd_test_ctl_argv ("classify", args);
  va_end (args);

  fixture->status = dd_test_ctl_run_with_input (fixture->dir, argv, input, &stdout_bytes, &stderr_bytes);

  g_clear_pointer (&fixture->stderr_text, g_free);
  fixture->stderr_text = g_malloc0 (g_bytes_get_size (stderr_bytes) + 1);
  if (g_bytes_get_size (stderr_bytes) > 0)
    memcpy (fixture->stderr_text, g_bytes_get_data (stderr_bytes, NULL), g_bytes_get_size (stderr_bytes));

  /* Whatever came in, what goes out is UTF-8 JSON, one object a line. */
  size = g_bytes_get_size (stdout_bytes);
  stdout_text = g_malloc0 (size + 1);
  if (size > 0)
    memcpy (stdout_text, g_bytes_get_data (stdout_bytes, NULL), size);
  g_assert_cmpuint (strlen (stdout_text), ==, size);
  g_assert_true (g_utf8_validate (stdout_text, -1, NULL));

  g_clear_pointer (&fixture->objects, g_ptr_array_unref);
  fixture->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  lines = g_strsplit (stdout_text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      if (lines[i + 1] == NULL)
        {
          g_assert_cmpstr (lines[i], ==, "");  /* the output ends with a newline */
          break;
        }
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      root = json_parser_get_root (parser);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      g_ptr_array_add (fixture->objects, json_object_ref (json_node_get_object (root)));
    }
}

static JsonObject *
nth_object (Fixture *fixture,
            guint    index)
{
  g_assert_cmpuint (index, <, fixture->objects->len);
  return g_ptr_array_index (fixture->objects, index);
}

static gboolean
has_reason (JsonObject *object,
            const char *nick)
{
  JsonArray *reasons = json_object_get_array_member (object, "reasons");

  for (guint i = 0; i < json_array_get_length (reasons); i++)
    if (g_str_equal (json_array_get_string_element (reasons, i), nick))
      return TRUE;
  return FALSE;
}

static void
assert_well_formed (JsonObject *object)
{
  static const char * const moderations[] = { "ok", "spam", "scam", "toxic", NULL };
  static const char * const intents[] = { "none", "size", "price", "availability", "purchase", "shipping", NULL };
  double score = json_object_get_double_member (object, "moderation_score");

  g_assert_true (json_object_has_member (object, "text"));
  g_assert_true (g_strv_contains (moderations, json_object_get_string_member (object, "moderation")));
  g_assert_true (g_strv_contains (intents, json_object_get_string_member (object, "intent")));
  g_assert_cmpfloat (score, >=, 0.0);
  g_assert_cmpfloat (score, <=, 1.0);
  g_assert_nonnull (json_object_get_object_member (object, "slots"));
  g_assert_nonnull (json_object_get_array_member (object, "reasons"));
}

static void
test_lines (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  JsonObject *object, *slots;
  const char *text;

  g_string_append (input, "SOLD AA12 white small x2\n");
  g_string_append (input, "FREE giveaway, claim your pair at https://nlke-drops.shop/win now\n");
  g_string_append (input, "is it \xff\xfe real \xc3\x28 leather?\r\n");
  g_string_append (input, "\n");
  g_string_append_len (input, "nul\0inside\n", 11);
  for (guint i = 0; i < 20 * 1024; i++)
    g_string_append_c (input, 'a' + i % 26);
  g_string_append (input, "\ntalla M en azul?");  /* no newline at the end */
  bytes = g_string_free_to_bytes (g_steal_pointer (&input));

  run_classify (fixture, bytes, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->stderr_text, ==, "");
  g_assert_cmpuint (fixture->objects->len, ==, 7);
  for (guint i = 0; i < fixture->objects->len; i++)
    assert_well_formed (nth_object (fixture, i));

  /* A buyer's order, with every slot. */
  object = nth_object (fixture, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "SOLD AA12 white small x2");
  g_assert_cmpstr (json_object_get_string_member (object, "moderation"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (object, "intent"), ==, "purchase");
  slots = json_object_get_object_member (object, "slots");
  g_assert_cmpstr (json_object_get_string_member (slots, "variant"), ==, "AA12");
  g_assert_cmpstr (json_object_get_string_member (slots, "colour"), ==, "white");
  g_assert_cmpstr (json_object_get_string_member (slots, "size"), ==, "S");
  g_assert_cmpint (json_object_get_int_member (slots, "quantity"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "reasons")), ==, 0);

  /* A fake checkout on a look-alike of nike.com, and why. */
  object = nth_object (fixture, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "moderation"), ==, "scam");
  g_assert_cmpfloat (json_object_get_double_member (object, "moderation_score"), >=, 0.5);
  g_assert_true (has_reason (object, "lookalike-domain"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "slots")), ==, 0);

  /* Bad bytes become U+FFFD; the CR of a CRLF is not part of the text. */
  object = nth_object (fixture, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==,
                   "is it \xef\xbf\xbd\xef\xbf\xbd real \xef\xbf\xbd( leather?");

  object = nth_object (fixture, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (object, "moderation"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (object, "intent"), ==, "none");

  object = nth_object (fixture, 4);
  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "nul\xef\xbf\xbdinside");

  /* 20 KiB in, the first 8 KiB classified and shown; the line after it is
   * its own message. */
  object = nth_object (fixture, 5);
  text = json_object_get_string_member (object, "text");
  g_assert_cmpuint (strlen (text), ==, 8192);
  g_assert_true (g_str_has_prefix (text, "abcdefghijklmnopqrstuvwxyzabc"));

  object = nth_object (fixture, 6);
  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "talla M en azul?");
  g_assert_cmpstr (json_object_get_string_member (object, "intent"), ==, "size");
  slots = json_object_get_object_member (object, "slots");
  g_assert_cmpstr (json_object_get_string_member (slots, "size"), ==, "M");
  g_assert_cmpstr (json_object_get_string_member (slots, "colour"), ==, "blue");
  g_assert_false (json_object_has_member (slots, "quantity"));
}

/* A cut at 8 KiB never splits a character into bad bytes. */
static void
test_long_line_cut_at_character (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  const char *text;

  g_string_append_c (input, 'x');
  while (input->len < 12 * 1024)
    g_string_append (input, "\xc3\xb1");  /* ñ: byte 8192 falls inside one */
  g_string_append_c (input, '\n');
  bytes = g_string_free_to_bytes (g_steal_pointer (&input));

  run_classify (fixture, bytes, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpuint (fixture->objects->len, ==, 1);
  text = json_object_get_string_member (nth_object (fixture, 0), "text");
  g_assert_cmpuint (strlen (text), ==, 8191);
  g_assert_null (strstr (text, "\xef\xbf\xbd"));
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
make_db_with_learned (Fixture    *fixture,
                      const char *squad,
                      const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdClassifier) classifier = dd_classifier_new ();
  g_autoptr(GBytes) weights = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  char *path = g_build_filename (fixture->dir, "profile.db", NULL);

  for (int i = 0; i < 3; i++)
    dd_classifier_learn (classifier, text, DD_MODERATION_SPAM);
  weights = dd_classifier_export_weights (classifier);

  store = dd_store_open_sync (path, NULL, &error);
  g_assert_no_error (error);
  g_main_context_push_thread_default (context);
  dd_store_save_classifier_weights_async (store, squad, weights, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_assert_true (dd_store_save_classifier_weights_finish (store, result, &error));
  g_assert_no_error (error);
  g_main_context_pop_thread_default (context);
  dd_store_close (store);

  return path;
}

/* What a squad's moderators taught is used with --weights-from. */
static void
test_weights_from (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *text = "grab the drop cheaper from my cousin, ask for tio pepe";
  g_autofree char *path = make_db_with_learned (fixture, "squad-north", text);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.db", NULL);
  g_autofree char *line = g_strconcat (text, "\n", NULL);
  g_autoptr(GBytes) input = g_bytes_new (line, strlen (line));
  JsonObject *object;

  run_classify (fixture, input, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpuint (fixture->objects->len, ==, 1);
  g_assert_false (has_reason (nth_object (fixture, 0), "learned-flag"));

  run_classify (fixture, input, "--weights-from", path, "--squad", "squad-north", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpuint (fixture->objects->len, ==, 1);
  object = nth_object (fixture, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "moderation"), ==, "spam");
  g_assert_true (has_reason (object, "learned-flag"));

  /* Another squad has learned nothing: built-in weights, and a word why. */
  run_classify (fixture, input, "--weights-from", path, "--squad", "squad-south", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpuint (fixture->objects->len, ==, 1);
  g_assert_false (has_reason (nth_object (fixture, 0), "learned-flag"));
  g_assert_nonnull (strstr (fixture->stderr_text, "squad-south"));

  /* A missing database is an error, and is not created. */
  run_classify (fixture, input, "--weights-from", missing, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_cmpuint (fixture->objects->len, ==, 0);
  g_assert_nonnull (strstr (fixture->stderr_text, missing));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/ctl/classify/lines", Fixture, NULL,
              fixture_setup, test_lines, fixture_teardown);
  g_test_add ("/dropdeck/ctl/classify/long-line-cut-at-character", Fixture, NULL,
              fixture_setup, test_long_line_cut_at_character, fixture_teardown);
  g_test_add ("/dropdeck/ctl/classify/weights-from", Fixture, NULL,
              fixture_setup, test_weights_from, fixture_teardown);

  return g_test_run ();
}
