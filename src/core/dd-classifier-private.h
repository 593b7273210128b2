/* dd-classifier-private.h — what the classifier's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-classifier.h"

G_BEGIN_DECLS

/* Only this much of a message is read: enough for any real chat line, and it
 * bounds the time a 10,000-emote message can take. */
#define DD_CLASSIFIER_MAX_BYTES  2048
#define DD_CLASSIFIER_MAX_TOKENS 96
#define DD_CLASSIFIER_MAX_LINKS  4
#define DD_CLASSIFIER_HOST_LEN   96

/* Binary features. The hand-written lexicons and patterns set them; a linear
 * layer (dd-classifier-lexicon.c) turns them into per-label scores. */
typedef enum
{
  /* buyer intent */
  DD_FEATURE_SIZE_WORD,
  DD_FEATURE_SIZE_TOKEN,
  DD_FEATURE_SIZE_TOKEN_QUESTION,
  DD_FEATURE_PRICE_STRONG,
  DD_FEATURE_PRICE_WEAK,
  DD_FEATURE_PRICE_WEAK_QUESTION,
  DD_FEATURE_CURRENCY_QUESTION,
  DD_FEATURE_AVAIL_STRONG,
  DD_FEATURE_AVAIL_WEAK,
  DD_FEATURE_SOLD_OUT,
  DD_FEATURE_PURCHASE,
  DD_FEATURE_PURCHASE_WEAK,
  DD_FEATURE_SHIPPING,
  DD_FEATURE_SHIPPING_WEAK,
  DD_FEATURE_QUESTION,
  DD_FEATURE_CHATTER,           /* thanks, love it: a remark, not a question */
  DD_FEATURE_TIME_QUESTION,     /* "cuánto tarda": how long, not how much */
  DD_FEATURE_NARRATION,         /* "that sold fast": telling, not buying */

  /* spam */
  DD_FEATURE_FOLLOW_REQUEST,
  DD_FEATURE_SELF_PROMO,
  DD_FEATURE_ATTENTION,
  DD_FEATURE_REPEATED_CHARS,
  DD_FEATURE_REPEATED_WORDS,
  DD_FEATURE_EMOJI_WALL,
  DD_FEATURE_SHOUTING,
  DD_FEATURE_PROMO_LINK,        /* self-promotion with a link */

  /* scam */
  DD_FEATURE_LINK,              /* a link to a domain we do not know */
  DD_FEATURE_LOOKALIKE,
  DD_FEATURE_PUNYCODE,
  DD_FEATURE_HOMOGLYPH_LINK,
  DD_FEATURE_SHORTENER,
  DD_FEATURE_SUSPICIOUS_TLD,
  DD_FEATURE_OFF_APP_LINK,      /* t.me, wa.me */
  DD_FEATURE_BAIT,
  DD_FEATURE_LINK_BAIT,
  DD_FEATURE_DM,
  DD_FEATURE_DEAL,
  DD_FEATURE_DM_DEAL,
  DD_FEATURE_PAY,
  DD_FEATURE_PAY_OFF_PLATFORM,
  DD_FEATURE_CREDENTIALS,
  DD_FEATURE_CREDENTIALS_BAIT,
  DD_FEATURE_CRYPTO,
  DD_FEATURE_INVEST,
  DD_FEATURE_CRYPTO_INVEST,
  DD_FEATURE_WALLET_ADDRESS,
  DD_FEATURE_PHONE,
  DD_FEATURE_PHONE_DEAL,
  DD_FEATURE_IMPERSONATION,

  /* toxic */
  DD_FEATURE_INSULT_STRONG,
  DD_FEATURE_INSULT_MILD,
  DD_FEATURE_INSULT_DIRECTED,
  DD_FEATURE_THREAT,
  DD_FEATURE_SILENCE,           /* shut up, go away, nobody cares */
  DD_FEATURE_DIRECTED,          /* you, host, eres */
  DD_FEATURE_SHORT,             /* four words or fewer */
  DD_FEATURE_OBFUSCATED,        /* zero-width or mixed-script letters */

  DD_N_FEATURES
} DdFeature;

G_STATIC_ASSERT (DD_N_FEATURES <= 64);

#define DD_FEATURE_BIT(f) (G_GUINT64_CONSTANT (1) << (f))

/* The outputs of the linear layer. */
typedef enum
{
  DD_OUTPUT_SPAM,
  DD_OUTPUT_SCAM,
  DD_OUTPUT_TOXIC,
  DD_OUTPUT_SIZE,
  DD_OUTPUT_PRICE,
  DD_OUTPUT_AVAILABILITY,
  DD_OUTPUT_PURCHASE,
  DD_OUTPUT_SHIPPING,
  DD_N_OUTPUTS
} DdOutput;

typedef enum
{
  DD_SLOT_NONE,
  DD_SLOT_SIZE,
  DD_SLOT_COLOUR,
  DD_SLOT_NUMBER,   /* "two", "dos": a quantity after a purchase word */
} DdSlotKind;

/* One lexicon key: a word or a phrase of up to four words, normalised. */
typedef struct
{
  const char *key;
  guint64     features;
  DdSlotKind  slot;
  const char *slot_value;  /* "S", "white", "2" */
  gboolean    phrase_head; /* longer phrases start with this word */
} DdLexiconEntry;

typedef struct
{
  guint16 start;      /* in DdClassifierText.norm, NUL-terminated there */
  guint16 len;
  guint16 raw_start;  /* in the text as given */
  guint16 raw_len;
  guint8  raw_upper;  /* every letter was upper case */
  guint8  has_alpha;
  guint8  has_digit;
} DdClassifierToken;

typedef enum
{
  DD_LINK_OFFICIAL       = 1 << 0,
  DD_LINK_LOOKALIKE      = 1 << 1,
  DD_LINK_PUNYCODE       = 1 << 2,
  DD_LINK_HOMOGLYPH      = 1 << 3,
  DD_LINK_SHORTENER      = 1 << 4,
  DD_LINK_SUSPICIOUS_TLD = 1 << 5,
  DD_LINK_OFF_APP        = 1 << 6,
} DdLinkFlags;

typedef struct
{
  char        host[DD_CLASSIFIER_HOST_LEN];  /* lower case, as written */
  char        shown[DD_CLASSIFIER_HOST_LEN]; /* punycode decoded */
  DdLinkFlags flags;
} DdClassifierLink;

/* A message after normalisation and tokenisation. */
typedef struct
{
  const char        *raw;
  gsize              raw_len;
  char               norm[DD_CLASSIFIER_MAX_BYTES * 2 + 16];
  gsize              norm_len;
  DdClassifierToken  tokens[DD_CLASSIFIER_MAX_TOKENS];
  guint              n_tokens;
  DdClassifierLink   links[DD_CLASSIFIER_MAX_LINKS];
  guint              n_links;

  guint              n_letters;
  guint              n_upper;
  guint              n_emoji;
  guint              n_other_symbols;
  guint              n_obfuscating;   /* zero-width, mixed-script letters */
  guint              max_char_run;    /* longest run of one character */
  guint              max_periodic;    /* longest periodic stretch in a word */
  guint              n_distinct_tokens;
  guint              max_token_count; /* occurrences of the commonest word */
  guint              longest_digit_run; /* digits, spaces allowed between */
  gboolean           question;
  gboolean           currency;
  gboolean           percent;
  gboolean           handle;          /* an @name */
  gboolean           wallet_address;
} DdClassifierText;

/* dd-classifier-text.c */
void                  _dd_classifier_text_analyse      (DdClassifierText *text,
                                                        const char       *raw,
                                                        gsize             raw_len);
/* The ASCII letter or digit a character passes for ("é", "а" and "Ａ" -> 'e',
 * 'a', 'a'), or 0. */
char                  _dd_classifier_fold_char         (gunichar          c);
static inline const char *
_dd_classifier_text_token (const DdClassifierText *text,
                           guint                   i)
{
  return text->norm + text->tokens[i].start;
}

/* dd-classifier-domain.c */
void                  _dd_classifier_find_links        (DdClassifierText *text);
gsize                 _dd_classifier_skeleton          (const char       *label,
                                                        char             *out,
                                                        gsize             out_size);
gboolean              _dd_punycode_decode_label        (const char       *label,
                                                        gsize             label_len,
                                                        char             *out,
                                                        gsize             out_size);

/* dd-classifier-reasons.c */
guint32               _dd_classifier_reasons_for_features (guint64     features,
                                                           DdOutput    winner);

/* dd-classifier-lexicon.c */
const DdLexiconEntry *_dd_classifier_lexicon_lookup    (const char       *key);
const float          *_dd_classifier_feature_weights   (DdFeature         feature);
const float          *_dd_classifier_output_biases     (void);
gboolean              _dd_classifier_is_brand          (const char       *skeleton,
                                                        gsize             len,
                                                        gboolean          fuzzy,
                                                        const char      **brand);
gboolean              _dd_classifier_is_shortener      (const char       *host);
gboolean              _dd_classifier_is_off_app_host   (const char       *host);
gboolean              _dd_classifier_tld_kind          (const char       *tld,
                                                        gboolean         *suspicious,
                                                        gboolean         *brand_ok);
gboolean              _dd_classifier_is_second_level   (const char       *label);

G_END_DECLS
