/* dd-classifier-eval.h — scoring the classifier against a labelled set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-classifier.h"

G_BEGIN_DECLS

/* One labelled line of a TSV file: moderation<TAB>intent<TAB>text. */
typedef struct
{
  DdModeration moderation;
  DdIntent     intent;
  char        *text;
  guint        line;
} DdClassifierSample;

typedef struct
{
  double precision;
  double recall;
  double f1;
  guint  support;   /* samples with this label */
  guint  predicted; /* samples given this label */
} DdClassifierLabelScore;

typedef struct
{
  guint                  n_samples;
  DdClassifierLabelScore moderation[DD_MODERATION_TOXIC + 1];
  DdClassifierLabelScore intent[DD_INTENT_SHIPPING + 1];
  double                 moderation_macro_f1;
  double                 intent_macro_f1;
  double                 spam_scam_recall; /* spam or scam labelled spam or scam */
  double                 ok_flagged_rate;  /* ok messages given another label */
} DdClassifierEvalReport;

/* Called for each sample whose moderation or intent came out wrong. */
typedef void (*DdClassifierMistakeFunc) (const DdClassifierSample *sample,
                                         const DdClassification   *got,
                                         gpointer                  user_data);

/* Returns a GPtrArray of DdClassifierSample; blank lines and lines starting
 * with '#' are skipped, any other malformed line is an error. */
GPtrArray *dd_classifier_eval_load (const char              *path,
                                    GError                 **error);
void       dd_classifier_eval_run  (DdClassifier            *classifier,
                                    GPtrArray               *samples,
                                    DdClassifierEvalReport  *report,
                                    DdClassifierMistakeFunc  mistake_func,
                                    gpointer                 user_data);

G_END_DECLS
