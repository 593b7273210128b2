/* dd-classifier.h — on-device moderation and buyer-intent classifier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-chat-message.h"

G_BEGIN_DECLS

/* Why a message got its label. Each value is one bit of
 * DdClassification.reasons; dd_classification_reason_get_label() explains
 * it to a moderator. */
typedef enum
{
  DD_CLASSIFIER_REASON_LOOKALIKE_DOMAIN,
  DD_CLASSIFIER_REASON_PUNYCODE_DOMAIN,
  DD_CLASSIFIER_REASON_HOMOGLYPH_DOMAIN,
  DD_CLASSIFIER_REASON_LINK_SHORTENER,
  DD_CLASSIFIER_REASON_LINK_WITH_BAIT,
  DD_CLASSIFIER_REASON_PRIZE_BAIT,
  DD_CLASSIFIER_REASON_MOVE_TO_DMS,
  DD_CLASSIFIER_REASON_OFF_PLATFORM_PAYMENT,
  DD_CLASSIFIER_REASON_ASKS_FOR_CREDENTIALS,
  DD_CLASSIFIER_REASON_CRYPTO_BAIT,
  DD_CLASSIFIER_REASON_WALLET_ADDRESS,
  DD_CLASSIFIER_REASON_PHONE_NUMBER,
  DD_CLASSIFIER_REASON_IMPERSONATION,
  DD_CLASSIFIER_REASON_REPEATED_CHARACTERS,
  DD_CLASSIFIER_REASON_REPEATED_WORDS,
  DD_CLASSIFIER_REASON_EMOJI_WALL,
  DD_CLASSIFIER_REASON_SHOUTING,
  DD_CLASSIFIER_REASON_FOLLOW_REQUEST,
  DD_CLASSIFIER_REASON_SELF_PROMOTION,
  DD_CLASSIFIER_REASON_INSULT,
  DD_CLASSIFIER_REASON_THREAT,
  DD_CLASSIFIER_REASON_TELLS_TO_LEAVE,
  DD_CLASSIFIER_REASON_OBFUSCATED_TEXT,
  DD_CLASSIFIER_REASON_LEARNED_FLAG,
  DD_CLASSIFIER_REASON_LEARNED_OK,
  DD_CLASSIFIER_N_REASONS
} DdClassifierReason;

#define DD_CLASSIFICATION_SIZE_LEN    8
#define DD_CLASSIFICATION_COLOUR_LEN  16
#define DD_CLASSIFICATION_VARIANT_LEN 16
#define DD_CLASSIFICATION_DOMAIN_LEN  96

/* The result of one classification: plain data in fixed buffers, so the hot
 * path allocates nothing and the struct can be copied freely. */
typedef struct
{
  DdModeration moderation;
  float        moderation_score; /* 0..1: confidence in `moderation` */
  DdIntent     intent;
  float        intent_score;     /* 0..1: confidence in `intent` */

  /* Slots; an empty string or 0 when the message does not say. */
  char         size[DD_CLASSIFICATION_SIZE_LEN];       /* "S", "XL", "38" */
  char         colour[DD_CLASSIFICATION_COLOUR_LEN];   /* English: "white" */
  char         variant[DD_CLASSIFICATION_VARIANT_LEN]; /* "AA12" */
  guint        quantity;

  guint32      reasons;          /* 1 << DdClassifierReason */

  /* The link domain the link reasons are about, as written (ASCII), and as
   * it shows on screen (punycode decoded, UTF-8). */
  char         domain[DD_CLASSIFICATION_DOMAIN_LEN];
  char         domain_shown[DD_CLASSIFICATION_DOMAIN_LEN];
} DdClassification;

#define DD_TYPE_CLASSIFIER (dd_classifier_get_type ())

G_DECLARE_FINAL_TYPE (DdClassifier, dd_classifier, DD, CLASSIFIER, GObject)

/* Deterministic, pure C, no network. Classifying may run on one thread while
 * another learns: the learned table is behind a reader-writer lock. */
DdClassifier *dd_classifier_new              (void);

/* @len: bytes of @text, or -1 when it is NUL-terminated. Text need not be
 * valid UTF-8; only its first few KiB are read. */
void          dd_classifier_classify         (DdClassifier     *self,
                                              const char       *text,
                                              gssize            len,
                                              DdClassification *out);

/* Per-squad learning from moderators' actions (a delete or a ban teaches
 * spam, scam or toxic; "not spam" teaches ok). dd_classifier_unlearn()
 * undoes one earlier dd_classifier_learn() of the same text and label
 * exactly; it returns FALSE and changes nothing when that text was not
 * learned with that label. */
void          dd_classifier_learn            (DdClassifier     *self,
                                              const char       *text,
                                              DdModeration      label);
gboolean      dd_classifier_unlearn          (DdClassifier     *self,
                                              const char       *text,
                                              DdModeration      label);
void          dd_classifier_forget_all       (DdClassifier     *self);
GBytes       *dd_classifier_export_weights   (DdClassifier     *self);
gboolean      dd_classifier_import_weights   (DdClassifier     *self,
                                              GBytes           *weights,
                                              GError          **error);

gboolean      dd_classification_has_reason   (const DdClassification *self,
                                              DdClassifierReason      reason);
/* A translated sentence for a moderator, e.g. "Link to a look-alike domain:
 * nike-giveaway.shop". */
char         *dd_classification_reason_get_label (const DdClassification *self,
                                                  DdClassifierReason      reason);
/* A stable identifier for JSON output, e.g. "lookalike-domain". */
const char   *dd_classifier_reason_to_nick   (DdClassifierReason reason);

G_END_DECLS
