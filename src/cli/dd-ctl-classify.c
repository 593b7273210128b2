/* dd-ctl-classify.c — `dropdeckctl classify`: label messages from stdin, print JSON lines
 *
 * One message a line in, one JSON object a line out, in the same order:
 * text, moderation, moderation_score, intent, slots (only those the message
 * gives) and reasons (stable nicks). Any bytes are accepted: a line longer
 * than MAX_LINE_BYTES is classified (and printed) on its first
 * MAX_LINE_BYTES, the rest skipped without being held in memory; text that
 * is not UTF-8 is classified as it is and printed with U+FFFD in place of
 * the bad bytes. Nothing leaves the machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dd-classifier.h"
#include "dd-ctl.h"
#include "dd-store.h"

#define MAX_LINE_BYTES 8192

typedef struct
{
  GAsyncResult *result;
} WeightsWait;

static void
weights_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  WeightsWait *wait = user_data;

  wait->result = g_object_ref (result);
}

/* Opening the store runs on its worker thread and completes on the
 * thread-default context; this waits on a private one. */
static GAsyncResult *
wait_for_result (WeightsWait  *wait,
                 GMainContext *context)
{
  while (wait->result == NULL)
    g_main_context_iteration (context, TRUE);
  return g_steal_pointer (&wait->result);
}

/* Loads `squad`'s learned weights from the database at `path` into
 * `classifier`. A squad that has learned nothing yet is not an error. */
static gboolean
load_weights (DdClassifier  *classifier,
              const char    *path,
              const char    *squad,
              GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) open_result = NULL;
  g_autoptr(GAsyncResult) load_result = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GBytes) weights = NULL;
  WeightsWait wait = { NULL };
  gboolean ok = TRUE;

  /* Opening would create a missing database: refuse instead. */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("There is no database at %s to load weights from"), path);
      return FALSE;
    }

  g_main_context_push_thread_default (context);

  dd_store_open_async (path, NULL, weights_ready_cb, &wait);
  open_result = wait_for_result (&wait, context);
  store = dd_store_open_finish (open_result, error);
  if (store == NULL)
    {
      ok = FALSE;
      goto out;
    }

  dd_store_load_classifier_weights_async (store, squad, NULL, weights_ready_cb, &wait);
  load_result = wait_for_result (&wait, context);
  weights = dd_store_load_classifier_weights_finish (store, load_result, error);
  dd_store_close (store);
  if (weights == NULL)
    {
      ok = (error == NULL || *error == NULL);
      if (ok)
        g_printerr (_("dropdeckctl: squad “%s” has no learned weights in %s; "
                      "classifying with the built-in ones\n"), squad, path);
      goto out;
    }

  ok = dd_classifier_import_weights (classifier, weights, error);

out:
  g_main_context_pop_thread_default (context);
  return ok;
}

/* Reads one line (without its '\n' or a '\r' before it) into `line`, at
 * most MAX_LINE_BYTES of it; the rest of a longer line is read and dropped.
 * Returns FALSE at the end of input when nothing was read. */
static gboolean
read_line (FILE    *input,
           GString *line)
{
  gboolean any = FALSE;
  int c;

  g_string_truncate (line, 0);
  while ((c = getc_unlocked (input)) != EOF)
    {
      any = TRUE;
      if (c == '\n')
        break;
      if (line->len < MAX_LINE_BYTES)
        g_string_append_c (line, (char) c);
    }

  if (line->len > 0 && line->str[line->len - 1] == '\r' && c == '\n')
    g_string_truncate (line, line->len - 1);

  /* Cut at a character boundary when the cut fell inside one. */
  if (line->len == MAX_LINE_BYTES)
    {
      gsize start = line->len - 1;
      guchar lead;

      while (start > line->len - 4 && ((guchar) line->str[start] & 0xc0) == 0x80)
        start--;
      lead = (guchar) line->str[start];
      if (lead >= 0xc0)
        {
          gsize need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;

          if (line->len - start < need)
            g_string_truncate (line, start);
        }
    }

  return any;
}

static void
print_classification (JsonGenerator          *generator,
                      const char             *text,
                      gsize                   len,
                      const DdClassification *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *shown = g_utf8_make_valid (text, (gssize) len);
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, shown);
  json_builder_set_member_name (builder, "moderation");
  json_builder_add_string_value (builder, dd_moderation_to_nick (result->moderation));
  json_builder_set_member_name (builder, "moderation_score");
  /* Four decimals say all the score means, and read better than a float's
   * seventeen digits. */
  json_builder_add_double_value (builder,
                                 (double) (gint64) (CLAMP (result->moderation_score, 0.0f, 1.0f) * 10000.0 + 0.5)
                                 / 10000.0);
  json_builder_set_member_name (builder, "intent");
  json_builder_add_string_value (builder, dd_intent_to_nick (result->intent));

  json_builder_set_member_name (builder, "slots");
  json_builder_begin_object (builder);
  if (result->size[0] != '\0')
    {
      json_builder_set_member_name (builder, "size");
      json_builder_add_string_value (builder, result->size);
    }
  if (result->colour[0] != '\0')
    {
      json_builder_set_member_name (builder, "colour");
      json_builder_add_string_value (builder, result->colour);
    }
  if (result->variant[0] != '\0')
    {
      json_builder_set_member_name (builder, "variant");
      json_builder_add_string_value (builder, result->variant);
    }
  if (result->quantity > 0)
    {
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, result->quantity);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "reasons");
  json_builder_begin_array (builder);
  for (int reason = 0; reason < DD_CLASSIFIER_N_REASONS; reason++)
    if (dd_classification_has_reason (result, (DdClassifierReason) reason))
      json_builder_add_string_value (builder, dd_classifier_reason_to_nick ((DdClassifierReason) reason));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  fputs (json, stdout);
  fputc ('\n', stdout);
}

int
dd_ctl_classify_main (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdClassifier) classifier = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(GString) line = NULL;
  g_autofree char *weights_from = NULL;
  g_autofree char *squad = NULL;
  const GOptionEntry entries[] = {
    { "weights-from", 'w', 0, G_OPTION_ARG_FILENAME, &weights_from,
      N_("Use what moderators taught the classifier, from this profile database"), N_("FILE") },
    { "squad", 's', 0, G_OPTION_ARG_STRING, &squad,
      N_("Whose learned weights to use with --weights-from (default: “default”)"), N_("SQUAD") },
    { NULL }
  };

  g_set_prgname ("dropdeckctl classify");
  context = g_option_context_new (_("— label messages with the on-device classifier"));
  g_option_context_set_summary (context,
                                _("Reads one message a line on standard input and prints one JSON "
                                  "object a line: text, moderation (ok, spam, scam or toxic), "
                                  "moderation_score, intent (none, size, price, availability, "
                                  "purchase or shipping), slots (size, colour, variant, quantity; "
                                  "only those the message gives) and reasons. Lines longer than "
                                  "8 KiB are classified on their first 8 KiB. Nothing leaves this "
                                  "computer."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return dd_ctl_report_error (error);

  if (argc != 1)
    {
      g_printerr (_("dropdeckctl: usage: dropdeckctl classify [--weights-from FILE [--squad SQUAD]] < messages\n"));
      return DD_CTL_EXIT_FAILED;
    }
  if (squad != NULL && weights_from == NULL)
    {
      g_printerr (_("dropdeckctl: --squad needs --weights-from FILE\n"));
      return DD_CTL_EXIT_FAILED;
    }

  classifier = dd_classifier_new ();
  if (weights_from != NULL
      && !load_weights (classifier, weights_from, squad != NULL ? squad : "default", &error))
    return dd_ctl_report_error (error);

  generator = json_generator_new ();
  line = g_string_sized_new (MAX_LINE_BYTES + 1);
  while (read_line (stdin, line))
    {
      DdClassification result;

      dd_classifier_classify (classifier, line->str, (gssize) line->len, &result);
      print_classification (generator, line->str, line->len, &result);
      /* Answer each line as it comes, for tools reading through a pipe. */
      if (fflush (stdout) != 0)
        break;
    }

  if (ferror (stdin))
    {
      g_printerr (_("dropdeckctl: could not read standard input\n"));
      return DD_CTL_EXIT_FAILED;
    }
  if (ferror (stdout))
    {
      g_printerr (_("dropdeckctl: could not write standard output\n"));
      return DD_CTL_EXIT_FAILED;
    }

  return DD_CTL_EXIT_OK;
}
