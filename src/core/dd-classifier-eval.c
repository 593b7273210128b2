/* dd-classifier-eval.c — scoring the classifier against a labelled set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-classifier-eval.h"
#include "dd-core-error.h"

static void
sample_free (gpointer data)
{
  DdClassifierSample *sample = data;

  g_free (sample->text);
  g_free (sample);
}

GPtrArray *
dd_classifier_eval_load (const char  *path,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) samples = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  samples = g_ptr_array_new_with_free_func (sample_free);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      DdClassifierSample *sample;
      DdModeration moderation;
      DdIntent intent;

      g_strchomp (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      fields = g_strsplit (lines[i], "\t", 3);
      if (g_strv_length (fields) != 3 ||
          !dd_moderation_from_nick (fields[0], &moderation) ||
          !dd_intent_from_nick (fields[1], &intent))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                       _("Line %u of %s is not “moderation, tab, intent, tab, text”"),
                       i + 1, path);
          return NULL;
        }
      sample = g_new0 (DdClassifierSample, 1);
      sample->moderation = moderation;
      sample->intent = intent;
      sample->text = g_strdup (fields[2]);
      sample->line = i + 1;
      g_ptr_array_add (samples, sample);
    }

  return g_steal_pointer (&samples);
}

static void
finish_scores (DdClassifierLabelScore *scores,
               const guint            *correct,
               guint                   n_labels,
               double                 *macro_f1)
{
  double sum = 0;

  for (guint i = 0; i < n_labels; i++)
    {
      DdClassifierLabelScore *s = &scores[i];

      s->precision = s->predicted > 0 ? (double) correct[i] / s->predicted : 0;
      s->recall = s->support > 0 ? (double) correct[i] / s->support : 0;
      s->f1 = s->precision + s->recall > 0 ?
        2 * s->precision * s->recall / (s->precision + s->recall) : 0;
      sum += s->f1;
    }
  *macro_f1 = sum / n_labels;
}

void
dd_classifier_eval_run (DdClassifier            *classifier,
                        GPtrArray               *samples,
                        DdClassifierEvalReport  *report,
                        DdClassifierMistakeFunc  mistake_func,
                        gpointer                 user_data)
{
  guint moderation_correct[DD_MODERATION_TOXIC + 1] = { 0 };
  guint intent_correct[DD_INTENT_SHIPPING + 1] = { 0 };
  guint n_spam_scam = 0, n_spam_scam_caught = 0, n_ok = 0, n_ok_flagged = 0;

  g_return_if_fail (DD_IS_CLASSIFIER (classifier));
  g_return_if_fail (samples != NULL);
  g_return_if_fail (report != NULL);

  memset (report, 0, sizeof *report);
  report->n_samples = samples->len;

  for (guint i = 0; i < samples->len; i++)
    {
      const DdClassifierSample *sample = g_ptr_array_index (samples, i);
      DdClassification got;
      gboolean gold_spam_scam = sample->moderation == DD_MODERATION_SPAM ||
                                sample->moderation == DD_MODERATION_SCAM;

      dd_classifier_classify (classifier, sample->text, -1, &got);

      report->moderation[sample->moderation].support++;
      report->moderation[got.moderation].predicted++;
      if (got.moderation == sample->moderation)
        moderation_correct[got.moderation]++;
      report->intent[sample->intent].support++;
      report->intent[got.intent].predicted++;
      if (got.intent == sample->intent)
        intent_correct[got.intent]++;

      if (gold_spam_scam)
        {
          n_spam_scam++;
          if (got.moderation == DD_MODERATION_SPAM || got.moderation == DD_MODERATION_SCAM)
            n_spam_scam_caught++;
        }
      if (sample->moderation == DD_MODERATION_OK)
        {
          n_ok++;
          if (got.moderation != DD_MODERATION_OK)
            n_ok_flagged++;
        }

      if (mistake_func != NULL &&
          (got.moderation != sample->moderation || got.intent != sample->intent))
        mistake_func (sample, &got, user_data);
    }

  finish_scores (report->moderation, moderation_correct,
                 G_N_ELEMENTS (report->moderation), &report->moderation_macro_f1);
  finish_scores (report->intent, intent_correct,
                 G_N_ELEMENTS (report->intent), &report->intent_macro_f1);
  report->spam_scam_recall = n_spam_scam > 0 ? (double) n_spam_scam_caught / n_spam_scam : 0;
  report->ok_flagged_rate = n_ok > 0 ? (double) n_ok_flagged / n_ok : 0;
}
