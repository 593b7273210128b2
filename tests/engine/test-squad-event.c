/* test-squad-event.c — the squad event payload: encoding, the fast decoder
 * and its fallback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-squad-event.h"

static void
test_round_trip (void)
{
  const char *texts[] = {
    "Two minutes to the hoodie segment",
    "quotes \" and \\ backslashes, tab\tnewline\n",
    "Neukölln 🚚 — ünïcödé",
    "\x01 control",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *json = dd_squad_event_encode ("id-1", "maya", "Maya Okafor", DD_ROLE_PRODUCER, texts[i]);
      g_auto(DdSquadEvent) event = { 0 };

      g_assert_true (dd_squad_event_decode (json, strlen (json), &event));
      g_assert_cmpstr (event.id, ==, "id-1");
      g_assert_cmpstr (event.login, ==, "maya");
      g_assert_cmpstr (event.name, ==, "Maya Okafor");
      g_assert_cmpstr (event.role, ==, "producer");
      g_assert_cmpstr (event.text, ==, texts[i]);
    }
}

static void
test_escapes_and_shapes (void)
{
  const struct { const char *json; const char *text; const char *login; } cases[] = {
    /* \u escapes, a surrogate pair, a lone surrogate, \/ */
    { "{\"text\":\"caf\\u00e9 \\ud83d\\ude9a \\ud800 a\\/b\"}", "café 🚚 \xef\xbf\xbd a/b", NULL },
    /* spaces, unknown members of every kind, numbers, true, null */
    { " { \"n\" : 1.5e3 , \"text\" : \"x\" , \"b\": true, \"z\": null, \"login\":\"jo\" } ", "x", "jo" },
    /* nested values: the json-glib path */
    { "{\"meta\":{\"a\":[1,2]},\"text\":\"nested\",\"login\":\"lu\"}", "nested", "lu" },
    /* a member that is not a string stays NULL */
    { "{\"text\":42}", NULL, NULL },
    { "{}", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(DdSquadEvent) event = { 0 };

      g_assert_true (dd_squad_event_decode (cases[i].json, strlen (cases[i].json), &event));
      g_assert_cmpstr (event.text, ==, cases[i].text);
      g_assert_cmpstr (event.login, ==, cases[i].login);
    }
}

static void
test_not_objects (void)
{
  const char *bad[] = {
    "", "plain text from someone else", "[\"text\"]", "{\"text\":\"unterminated",
    "{\"text\":\"x\",}", "{\"text\" \"x\"}", "{\"text\":\"x\"} trailing", "\"text\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(DdSquadEvent) event = { 0 };

      g_assert_false (dd_squad_event_decode (bad[i], strlen (bad[i]), &event));
      g_assert_null (event.text);
    }
  /* Every prefix of a valid payload: no crash, never a wrong success. */
  {
    g_autofree char *json = dd_squad_event_encode ("i", "l", "n", DD_ROLE_OPS_LEAD, "t\\\"\u00e9");

    for (gsize len = 0; len < strlen (json); len++)
      {
        g_auto(DdSquadEvent) event = { 0 };

        g_assert_false (dd_squad_event_decode (json, len, &event));
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/engine/squad-event/round-trip", test_round_trip);
  g_test_add_func ("/dropdeck/engine/squad-event/escapes-and-shapes", test_escapes_and_shapes);
  g_test_add_func ("/dropdeck/engine/squad-event/not-objects", test_not_objects);

  return g_test_run ();
}
