/* bench-classifier.c — quality and speed of the on-device classifier
 *
 * Usage: bench-classifier [--mistakes] [--repeat N] [FILE.tsv]
 * FILE defaults to the evaluation set. --mistakes lists wrong answers; use it
 * on the development set only, never on the evaluation set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dd-classifier.h"
#include "dd-classifier-eval.h"

#include "dd-bench-machine.h"

static void
print_mistake (const DdClassifierSample *sample,
               const DdClassification   *got,
               gpointer                  user_data)
{
  g_print ("  line %u: want %s/%s got %s/%s (%.2f): %s\n", sample->line,
           dd_moderation_to_nick (sample->moderation), dd_intent_to_nick (sample->intent),
           dd_moderation_to_nick (got->moderation), dd_intent_to_nick (got->intent),
           got->moderation_score, sample->text);
}

static void
print_scores (const char                   *title,
              const DdClassifierLabelScore *scores,
              guint                         n_labels,
              const char *(*to_nick) (int))
{
  g_print ("%-14s %9s %9s %9s %8s %9s\n", title, "precision", "recall", "F1",
           "support", "predicted");
  for (guint i = 0; i < n_labels; i++)
    g_print ("  %-12s %9.3f %9.3f %9.3f %8u %9u\n", to_nick (i), scores[i].precision,
             scores[i].recall, scores[i].f1, scores[i].support, scores[i].predicted);
}

static const char *
moderation_nick (int value)
{
  return dd_moderation_to_nick (value);
}

static const char *
intent_nick (int value)
{
  return dd_intent_to_nick (value);
}

static void
print_machine (void)
{
  g_autofree char *machine = dd_bench_describe_machine ();

  g_print ("machine: %s\n", machine);
}

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);

  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
bench_speed (DdClassifier *classifier,
             GPtrArray    *samples,
             guint         repeat)
{
  g_autofree gint64 *times = g_new (gint64, (gsize) samples->len * repeat);
  gsize n = 0;
  gint64 total = 0;
  gint64 start = now_ns ();
  DdClassification out;

  for (guint r = 0; r < repeat; r++)
    for (guint i = 0; i < samples->len; i++)
      {
        const DdClassifierSample *sample = g_ptr_array_index (samples, i);
        gint64 t0 = now_ns ();

        dd_classifier_classify (classifier, sample->text, -1, &out);
        times[n] = now_ns () - t0;
        total += times[n];
        n++;
      }
  total = now_ns () - start;
  qsort (times, n, sizeof *times, compare_gint64);

  g_print ("timing: %zu classifications (%u passes): median %.2f µs, p99 %.2f µs, "
           "max %.2f µs, %.0f messages/s\n", n, repeat, times[n / 2] / 1000.0,
           times[(n * 99) / 100] / 1000.0, times[n - 1] / 1000.0,
           n / (total / 1e9));
}

int
main (int   argc,
      char *argv[])
{
  gboolean mistakes = FALSE;
  int repeat = 200;
  g_auto(GStrv) files = NULL;
  GOptionEntry entries[] = {
    { "mistakes", 'm', 0, G_OPTION_ARG_NONE, &mistakes,
      "List wrong answers (development set only)", NULL },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Timing passes over the set", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE.tsv" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[FILE.tsv]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(DdClassifier) classifier = dd_classifier_new ();
  const char *path = DD_CLASSIFIER_EVAL_TSV;
  DdClassifierEvalReport report;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (files != NULL && files[0] != NULL)
    path = files[0];
  repeat = CLAMP (repeat, 1, 100000);

  samples = dd_classifier_eval_load (path, &error);
  if (samples == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  print_machine ();
  g_print ("set: %s (%u messages)\n", path, samples->len);
  if (mistakes)
    g_print ("mistakes:\n");
  dd_classifier_eval_run (classifier, samples, &report,
                          mistakes ? print_mistake : NULL, NULL);

  print_scores ("moderation", report.moderation, G_N_ELEMENTS (report.moderation),
                moderation_nick);
  print_scores ("intent", report.intent, G_N_ELEMENTS (report.intent), intent_nick);
  g_print ("moderation macro-F1 %.3f (target >= 0.90)\n", report.moderation_macro_f1);
  g_print ("intent macro-F1     %.3f (target >= 0.90)\n", report.intent_macro_f1);
  g_print ("spam+scam recall    %.3f (target >= 0.95)\n", report.spam_scam_recall);
  g_print ("ok flagged          %.3f (target <= 0.02)\n", report.ok_flagged_rate);

  bench_speed (classifier, samples, repeat);

  return 0;
}
