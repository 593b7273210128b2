/* dd-classifier.c — on-device moderation and buyer-intent classifier
 *
 * A deterministic scorer, no model download and no network:
 *  1. dd-classifier-text.c folds the text (case, accents, full-width and
 *     look-alike letters) into words and counts repetition, emoji, capitals;
 *  2. dd-classifier-domain.c finds links, decodes punycode and compares
 *     each domain's skeleton with well-known brands;
 *  3. the English and Spanish lexicons (dd-classifier-lexicon.c, words and
 *     phrases of up to four words, retried with stretched letters collapsed
 *     and leetspeak undone) and patterns set binary features;
 *  4. a linear layer turns features into scores per label; moderators'
 *     verdicts add per-squad weights from a hashed table of integer counts.
 * The rules were written against tests/data/classifier-dev.tsv only;
 * tests/data/classifier-eval.tsv measures them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-classifier.h"
#include "dd-classifier-private.h"
#include "dd-core-error.h"

/* Learned weights: counts of moderators' verdicts per hashed word or word
 * pair, one column per DdModeration. Integer counts make unlearning exact. */
#define LEARNED_BUCKETS     4096
#define LEARNED_CLASSES     4
#define LEARNED_MAX_HASHES  64
#define LEARNED_RATE        1.5f
#define LEARNED_CLAMP       4
#define LEARNED_TABLE_SIZE  (sizeof (gint32) * LEARNED_BUCKETS * LEARNED_CLASSES)
#define WEIGHTS_MAGIC       "DDCW"
#define WEIGHTS_VERSION     1
#define WEIGHTS_HEADER_SIZE 20

/* A label needs this score; the score maps to a 0..1 confidence around it. */
#define FLAG_THRESHOLD   1.0f
#define INTENT_THRESHOLD 1.0f

struct _DdClassifier
{
  GObject parent_instance;

  GRWLock lock;
  gint32 (*learned)[LEARNED_CLASSES]; /* LEARNED_BUCKETS rows */
  guint   n_learned; /* messages learned and not unlearned */
};

G_DEFINE_FINAL_TYPE (DdClassifier, dd_classifier, G_TYPE_OBJECT)

static const char * const question_openers[] = {
  "how", "what", "whats", "which", "is", "are", "do", "does", "can", "will",
  "any", "when", "where", "cuanto", "cuantos", "cual", "que", "hay", "donde",
  "cuando", "tienen", "tienes", "puedo", "se", "es", "sigue",
};

/* What the lexicon pass found besides features. */
typedef struct
{
  guint64             features;
  int                 last_purchase_end; /* token index after a purchase word */
  const char         *size;
  gboolean            size_is_weak;      /* a lone s/m/l that needs context */
  const char         *colour;
  guint               quantity;
  char                variant[DD_CLASSIFICATION_VARIANT_LEN];
} Scan;

static float
confidence (float score,
            float threshold)
{
  return 1.0f / (1.0f + expf (-3.0f * (score - threshold)));
}

/* Runs of three or more of one character become one: "idiooota". */
static gsize
collapse_runs (const char *word,
               char       *out,
               gsize       out_size)
{
  gsize len = 0;
  gsize i = 0;

  while (word[i] != '\0' && len + 1 < out_size)
    {
      gsize run = 1;

      while (word[i + run] == word[i])
        run++;
      for (gsize k = 0; k < (run >= 3 ? 1 : run) && len + 1 < out_size; k++)
        out[len++] = word[i];
      i += run;
    }
  out[len] = '\0';

  return len;
}

static gboolean
unleet (const char *word,
        char       *out,
        gsize       out_size)
{
  static const char from[] = "013457@$";
  static const char to[] = "oieastas";
  gboolean changed = FALSE;
  gsize i;

  for (i = 0; word[i] != '\0' && i + 1 < out_size; i++)
    {
      const char *hit = strchr (from, word[i]);

      out[i] = hit != NULL ? to[hit - from] : word[i];
      changed |= hit != NULL;
    }
  out[i] = '\0';

  return changed;
}

/* Looks a word up as written, then with repeated letters collapsed
 * ("idiooota"), then with leetspeak undone ("1d10t"). */
static const DdLexiconEntry *
lookup_word (const DdClassifierText *text,
             guint                   i,
             gboolean               *obfuscated)
{
  const DdClassifierToken *token = &text->tokens[i];
  const char *word = _dd_classifier_text_token (text, i);
  const DdLexiconEntry *entry = _dd_classifier_lexicon_lookup (word);
  char buf[64];

  *obfuscated = FALSE;
  if (entry != NULL || token->len >= sizeof buf)
    return entry;

  if (text->max_char_run >= 2 && collapse_runs (word, buf, sizeof buf) < token->len)
    {
      entry = _dd_classifier_lexicon_lookup (buf);
      if (entry != NULL)
        return entry;
    }

  if (token->has_alpha && token->has_digit && unleet (word, buf, sizeof buf))
    {
      entry = _dd_classifier_lexicon_lookup (buf);
      *obfuscated = entry != NULL && entry->features != 0;
    }

  return entry;
}

static gboolean
is_small_number (const char *word,
                 guint      *value)
{
  guint64 v;

  if (!g_ascii_isdigit (word[0]) || strlen (word) > 2 ||
      !g_ascii_string_to_unsigned (word, 10, 1, 20, &v, NULL))
    return FALSE;
  *value = v;

  return TRUE;
}

/* "AA12", "BB07", "CC3": one to three letters then digits, as written. */
static gboolean
is_variant_code (const DdClassifierText  *text,
                 const DdClassifierToken *token)
{
  const char *raw = text->raw + token->raw_start;
  guint n_alpha = 0;
  guint n_digit = 0;

  if (token->raw_len < 3 || token->raw_len > 8 || !token->has_alpha || !token->has_digit)
    return FALSE;
  for (guint i = 0; i < token->raw_len; i++)
    {
      if (g_ascii_isalpha (raw[i]) && n_digit == 0)
        n_alpha++;
      else if (g_ascii_isdigit (raw[i]) && n_alpha > 0)
        n_digit++;
      else
        return FALSE;
    }
  if (n_alpha > 3 || n_digit > 4 || (n_alpha == 1 && g_ascii_tolower (raw[0]) == 'x'))
    return FALSE;

  return token->raw_upper || (n_alpha == 2 && n_digit >= 2);
}

static void
scan_slots (const DdClassifierText *text,
            guint                   i,
            const DdLexiconEntry   *entry,
            Scan                   *scan)
{
  const DdClassifierToken *token = &text->tokens[i];
  const char *word = _dd_classifier_text_token (text, i);
  guint number;

  if (entry != NULL && entry->slot == DD_SLOT_SIZE && scan->size == NULL)
    {
      scan->size = entry->slot_value;
      scan->size_is_weak = token->len == 1 && !token->raw_upper;
    }
  else if (entry != NULL && entry->slot == DD_SLOT_COLOUR && scan->colour == NULL)
    scan->colour = entry->slot_value;
  else if (entry != NULL && entry->slot == DD_SLOT_NUMBER && scan->quantity == 0 &&
           (int) i <= scan->last_purchase_end + 2)
    scan->quantity = entry->slot_value[0] - '0';
  else if (word[0] == 'x' && is_small_number (word + 1, &number))
    scan->quantity = number;
  else if (token->len >= 2 && word[token->len - 1] == 'x' && g_ascii_isdigit (word[0]))
    {
      char digits[4] = { 0 };

      if (token->len <= 3)
        {
          memcpy (digits, word, token->len - 1);
          if (is_small_number (digits, &number))
            scan->quantity = number;
        }
    }
  else if (is_small_number (word, &number) && scan->quantity == 0 &&
           (int) i <= scan->last_purchase_end + 2 && scan->last_purchase_end >= 0)
    scan->quantity = number;
  else if (!token->has_alpha && token->len == 2 && scan->size == NULL && i > 0)
    {
      const char *prev = _dd_classifier_text_token (text, i - 1);

      /* Shoe and EU sizes: "talla 38", "el 37", "size 40". */
      if (word[0] >= '2' && word[0] <= '4' &&
          (strcmp (prev, "size") == 0 || strcmp (prev, "talla") == 0 ||
           strcmp (prev, "numero") == 0 ||
           (!text->currency && !text->percent &&
            (strcmp (prev, "el") == 0 || strcmp (prev, "la") == 0))))
        scan->size = word;
    }

  if (scan->variant[0] == '\0' && is_variant_code (text, token))
    {
      for (guint k = 0; k < token->raw_len && k + 1 < sizeof scan->variant; k++)
        scan->variant[k] = g_ascii_toupper (text->raw[token->raw_start + k]);
    }
}

static void
apply_entry (const DdLexiconEntry *entry,
             guint                 end,
             Scan                 *scan)
{
  scan->features |= entry->features;
  if (entry->features & (DD_FEATURE_BIT (DD_FEATURE_PURCHASE) |
                         DD_FEATURE_BIT (DD_FEATURE_PURCHASE_WEAK)))
    scan->last_purchase_end = end;
}

static void
scan_lexicon (const DdClassifierText *text,
              Scan                   *scan,
              guint                  *n_obfuscated)
{
  for (guint i = 0; i < text->n_tokens; i++)
    {
      gboolean obfuscated;
      const DdLexiconEntry *entry = lookup_word (text, i, &obfuscated);

      if (obfuscated)
        (*n_obfuscated)++;
      if (entry != NULL)
        apply_entry (entry, i, scan);

      if (entry != NULL && entry->phrase_head)
        {
          char key[128];
          gsize len = g_strlcpy (key, entry->key, sizeof key);

          for (guint j = i + 1; j < text->n_tokens && j < i + 4; j++)
            {
              const DdLexiconEntry *phrase;

              if (len + text->tokens[j].len + 2 > sizeof key)
                break;
              key[len++] = ' ';
              memcpy (key + len, _dd_classifier_text_token (text, j), text->tokens[j].len + 1);
              len += text->tokens[j].len;
              phrase = _dd_classifier_lexicon_lookup (key);
              if (phrase != NULL)
                {
                  apply_entry (phrase, j, scan);
                  if (phrase->slot != DD_SLOT_NONE)
                    entry = phrase;
                }
            }
        }

      scan_slots (text, i, entry, scan);
    }
}

static gboolean
starts_like_question (const DdClassifierText *text)
{
  const char *first;

  if (text->question)
    return TRUE;
  if (text->n_tokens == 0)
    return FALSE;
  first = _dd_classifier_text_token (text, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (question_openers); i++)
    if (strcmp (first, question_openers[i]) == 0)
      return TRUE;

  return FALSE;
}

/* "29.99", "25,00": a price written out. */
static gboolean
has_price_number (const DdClassifierText *text)
{
  for (gsize i = 1; i + 2 < text->raw_len; i++)
    if ((text->raw[i] == '.' || text->raw[i] == ',') &&
        g_ascii_isdigit (text->raw[i - 1]) && g_ascii_isdigit (text->raw[i + 1]) &&
        g_ascii_isdigit (text->raw[i + 2]) &&
        (i + 3 >= text->raw_len || !g_ascii_isdigit (text->raw[i + 3])))
      return TRUE;

  return FALSE;
}

#define HAS(f)  ((features & DD_FEATURE_BIT (DD_FEATURE_##f)) != 0)
#define SET(f)  (features |= DD_FEATURE_BIT (DD_FEATURE_##f))

/* Features that come from patterns and from combinations of others. */
static guint64
derive_features (const DdClassifierText *text,
                 Scan                   *scan,
                 guint                   n_obfuscated)
{
  guint64 features = scan->features;
  gboolean any_link = FALSE;

  if (starts_like_question (text))
    SET (QUESTION);
  if (text->n_tokens <= 4)
    SET (SHORT);

  if (scan->size != NULL && scan->size_is_weak &&
      !(HAS (PURCHASE) || HAS (PURCHASE_WEAK) || HAS (SIZE_WORD) ||
        HAS (AVAIL_STRONG) || HAS (AVAIL_WEAK) || scan->colour != NULL ||
        scan->variant[0] != '\0'))
    scan->size = NULL;
  if (scan->size != NULL)
    SET (SIZE_TOKEN);
  /* "Do you have it in M?" asks about stock, "SOLD 2 M" buys. */
  if (HAS (SIZE_TOKEN) && HAS (QUESTION) &&
      !(HAS (AVAIL_WEAK) || HAS (AVAIL_STRONG) || HAS (PURCHASE) || HAS (PURCHASE_WEAK)))
    SET (SIZE_TOKEN_QUESTION);
  if (HAS (PURCHASE_WEAK) && scan->quantity > 0)
    SET (PURCHASE);
  if (HAS (PRICE_WEAK) && HAS (QUESTION))
    SET (PRICE_WEAK_QUESTION);
  if ((text->currency || has_price_number (text)) && HAS (QUESTION))
    SET (CURRENCY_QUESTION);

  if (text->max_periodic >= 14 || text->max_char_run >= 10)
    SET (REPEATED_CHARS);
  if ((text->n_tokens >= 6 && text->n_distinct_tokens * 2 <= text->n_tokens) ||
      (text->max_token_count >= 4 && text->max_token_count * 2 >= text->n_tokens))
    SET (REPEATED_WORDS);
  if (text->n_emoji >= 8 && text->n_emoji >= text->n_tokens)
    SET (EMOJI_WALL);
  if (text->n_letters >= 12 && text->n_upper * 10 >= text->n_letters * 8)
    SET (SHOUTING);
  if (HAS (ATTENTION) && text->handle)
    SET (FOLLOW_REQUEST);

  for (guint i = 0; i < text->n_links; i++)
    {
      DdLinkFlags flags = text->links[i].flags;

      any_link = TRUE;
      if (!(flags & DD_LINK_OFFICIAL))
        SET (LINK);
      if (flags & DD_LINK_LOOKALIKE)
        SET (LOOKALIKE);
      if (flags & DD_LINK_PUNYCODE)
        SET (PUNYCODE);
      if (flags & DD_LINK_HOMOGLYPH)
        SET (HOMOGLYPH_LINK);
      if (flags & DD_LINK_SHORTENER)
        SET (SHORTENER);
      if (flags & DD_LINK_SUSPICIOUS_TLD)
        SET (SUSPICIOUS_TLD);
      if (flags & DD_LINK_OFF_APP)
        SET (OFF_APP_LINK);
    }

  if (HAS (SELF_PROMO) && any_link)
    SET (PROMO_LINK);
  if ((HAS (LINK) || HAS (SHORTENER) || HAS (OFF_APP_LINK)) && HAS (BAIT))
    SET (LINK_BAIT);
  if (text->percent)
    SET (DEAL);
  if ((HAS (DM) || HAS (OFF_APP_LINK)) && (HAS (DEAL) || HAS (BAIT) || HAS (PAY)))
    SET (DM_DEAL);
  if (text->longest_digit_run >= 9)
    SET (PHONE);
  if (HAS (PAY) && (HAS (DM) || HAS (OFF_APP_LINK) || HAS (PHONE)))
    SET (PAY_OFF_PLATFORM);
  if (HAS (CREDENTIALS) && (any_link || HAS (BAIT) || HAS (DM)))
    SET (CREDENTIALS_BAIT);
  if (HAS (CRYPTO) && (HAS (INVEST) || HAS (BAIT)))
    SET (CRYPTO_INVEST);
  if (text->wallet_address)
    SET (WALLET_ADDRESS);
  if (HAS (PHONE) && (HAS (DM) || HAS (DEAL) || HAS (PAY)))
    SET (PHONE_DEAL);
  if ((HAS (INSULT_STRONG) || HAS (INSULT_MILD)) && (HAS (DIRECTED) || HAS (SHORT)))
    SET (INSULT_DIRECTED);
  if (text->n_obfuscating > 0 || n_obfuscated > 0)
    SET (OBFUSCATED);

  return features;
}

#undef HAS
#undef SET

static guint32
hash_bytes (guint32     h,
            const char *s)
{
  for (; *s != '\0'; s++)
    h = (h ^ (guchar) *s) * 16777619u;

  return h;
}

/* The learned table's buckets for a message: its words and word pairs,
 * each bucket once. */
static guint
learned_buckets (const DdClassifierText *text,
                 guint16                *buckets)
{
  guint n = 0;

  for (guint i = 0; i < text->n_tokens && n + 2 <= LEARNED_MAX_HASHES; i++)
    {
      char word[64];
      guint32 h;

      if (text->tokens[i].len >= sizeof word)
        continue;
      collapse_runs (_dd_classifier_text_token (text, i), word, sizeof word);
      h = hash_bytes (2166136261u, word);
      buckets[n++] = h % LEARNED_BUCKETS;
      if (i + 1 < text->n_tokens)
        {
          h = hash_bytes ((h ^ ' ') * 16777619u, _dd_classifier_text_token (text, i + 1));
          buckets[n++] = h % LEARNED_BUCKETS;
        }
    }

  /* Sort and drop duplicates (n is small). */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && buckets[j - 1] > buckets[j]; j--)
      {
        guint16 tmp = buckets[j];

        buckets[j] = buckets[j - 1];
        buckets[j - 1] = tmp;
      }
  if (n > 1)
    {
      guint kept = 1;

      for (guint i = 1; i < n; i++)
        if (buckets[i] != buckets[kept - 1])
          buckets[kept++] = buckets[i];
      n = kept;
    }

  return n;
}

static void
add_learned_scores (DdClassifier           *self,
                    const DdClassifierText *text,
                    float                  *scores)
{
  guint16 buckets[LEARNED_MAX_HASHES];
  guint n;

  g_rw_lock_reader_lock (&self->lock);
  if (self->n_learned == 0)
    {
      g_rw_lock_reader_unlock (&self->lock);
      return;
    }

  n = learned_buckets (text, buckets);
  for (int c = DD_MODERATION_SPAM; c <= DD_MODERATION_TOXIC; c++)
    {
      int sum = 0;

      for (guint i = 0; i < n; i++)
        {
          const gint32 *counts = self->learned[buckets[i]];

          sum += CLAMP (counts[c] - counts[DD_MODERATION_OK], -LEARNED_CLAMP, LEARNED_CLAMP);
        }
      scores[DD_OUTPUT_SPAM + c - DD_MODERATION_SPAM] +=
        LEARNED_RATE * sum / MAX (n, 2);
    }
  g_rw_lock_reader_unlock (&self->lock);
}

static int
link_severity (DdLinkFlags flags)
{
  if (flags & DD_LINK_LOOKALIKE)
    return 6;
  if (flags & DD_LINK_PUNYCODE)
    return 5;
  if (flags & DD_LINK_HOMOGLYPH)
    return 4;
  if (flags & DD_LINK_SHORTENER)
    return 3;
  if (flags & DD_LINK_OFF_APP)
    return 2;
  if (!(flags & DD_LINK_OFFICIAL))
    return 1;
  return 0;
}

static void
fill_domain (const DdClassifierText *text,
             DdClassification       *out)
{
  int best = -1;
  int best_severity = 0;

  for (guint i = 0; i < text->n_links; i++)
    {
      int severity = link_severity (text->links[i].flags);

      if (severity > best_severity)
        {
          best = i;
          best_severity = severity;
        }
    }
  if (best >= 0)
    {
      g_strlcpy (out->domain, text->links[best].host, sizeof out->domain);
      g_strlcpy (out->domain_shown, text->links[best].shown, sizeof out->domain_shown);
    }
}

static void
decide_moderation (guint64           features,
                   const float      *scores,
                   const float      *learned,
                   DdClassification *out)
{
  int best = -1;
  float best_score = FLAG_THRESHOLD;
  float top = -G_MAXFLOAT;

  for (int o = DD_OUTPUT_SPAM; o <= DD_OUTPUT_TOXIC; o++)
    {
      top = MAX (top, scores[o]);
      if (scores[o] >= best_score)
        {
          best = o;
          best_score = scores[o];
        }
    }

  if (best < 0)
    {
      out->moderation = DD_MODERATION_OK;
      out->moderation_score = 1.0f - confidence (top, FLAG_THRESHOLD);
      for (int o = DD_OUTPUT_SPAM; o <= DD_OUTPUT_TOXIC; o++)
        if (learned[o] <= -0.5f && scores[o] - learned[o] >= FLAG_THRESHOLD)
          out->reasons |= 1u << DD_CLASSIFIER_REASON_LEARNED_OK;
      return;
    }

  out->moderation = DD_MODERATION_SPAM + (best - DD_OUTPUT_SPAM);
  out->moderation_score = confidence (best_score, FLAG_THRESHOLD);
  out->reasons |= _dd_classifier_reasons_for_features (features, best);
  if ((features & DD_FEATURE_BIT (DD_FEATURE_BAIT)) && best == DD_OUTPUT_SCAM &&
      !(out->reasons & (1u << DD_CLASSIFIER_REASON_LINK_WITH_BAIT)))
    out->reasons |= 1u << DD_CLASSIFIER_REASON_PRIZE_BAIT;
  if (learned[best] >= 0.5f)
    out->reasons |= 1u << DD_CLASSIFIER_REASON_LEARNED_FLAG;
}

static void
decide_intent (const float      *scores,
               DdClassification *out)
{
  /* Ties go to the more specific claim. */
  static const DdOutput order[] = {
    DD_OUTPUT_PURCHASE, DD_OUTPUT_SHIPPING, DD_OUTPUT_AVAILABILITY,
    DD_OUTPUT_PRICE, DD_OUTPUT_SIZE,
  };
  static const DdIntent intents[] = {
    DD_INTENT_PURCHASE, DD_INTENT_SHIPPING, DD_INTENT_AVAILABILITY,
    DD_INTENT_PRICE, DD_INTENT_SIZE,
  };
  int best = -1;
  float best_score = INTENT_THRESHOLD;

  for (gsize i = 0; i < G_N_ELEMENTS (order); i++)
    if (scores[order[i]] >= best_score + (best >= 0 ? 0.001f : 0.0f))
      {
        best = i;
        best_score = scores[order[i]];
      }

  if (best < 0 || out->moderation != DD_MODERATION_OK)
    {
      /* A flagged message is never shown as a buyer's question. */
      out->intent = DD_INTENT_NONE;
      out->intent_score = best < 0 ? 1.0f - confidence (best_score, INTENT_THRESHOLD) : 1.0f;
      return;
    }
  out->intent = intents[best];
  out->intent_score = confidence (best_score, INTENT_THRESHOLD);
}

static void
dd_classifier_finalize (GObject *object)
{
  DdClassifier *self = DD_CLASSIFIER (object);

  g_rw_lock_clear (&self->lock);
  g_free (self->learned);

  G_OBJECT_CLASS (dd_classifier_parent_class)->finalize (object);
}

static void
dd_classifier_class_init (DdClassifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_classifier_finalize;
}

static void
dd_classifier_init (DdClassifier *self)
{
  g_rw_lock_init (&self->lock);
  self->learned = g_malloc0 (LEARNED_TABLE_SIZE);
}

DdClassifier *
dd_classifier_new (void)
{
  return g_object_new (DD_TYPE_CLASSIFIER, NULL);
}

/* The linear layer. Moderation outputs add up their evidence; intent outputs
 * take their strongest cue plus a tenth of the others, so that three price
 * words do not outvote one shipping phrase. Negative weights always count. */
static void
score_features (guint64  features,
                float   *scores)
{
  const float *biases = _dd_classifier_output_biases ();
  float max_positive[DD_N_OUTPUTS] = { 0 };
  float sum_positive[DD_N_OUTPUTS] = { 0 };

  memcpy (scores, biases, sizeof (float) * DD_N_OUTPUTS);
  for (int f = 0; f < DD_N_FEATURES; f++)
    if (features & DD_FEATURE_BIT (f))
      {
        const float *w = _dd_classifier_feature_weights (f);

        for (int o = 0; o < DD_N_OUTPUTS; o++)
          {
            if (o <= DD_OUTPUT_TOXIC || w[o] < 0)
              scores[o] += w[o];
            else
              {
                max_positive[o] = MAX (max_positive[o], w[o]);
                sum_positive[o] += w[o];
              }
          }
      }
  for (int o = DD_OUTPUT_TOXIC + 1; o < DD_N_OUTPUTS; o++)
    scores[o] += max_positive[o] + 0.1f * (sum_positive[o] - max_positive[o]);
}

static gsize
bounded_length (const char *text,
                gssize      len)
{
  if (len >= 0)
    return len;

  return strnlen (text, DD_CLASSIFIER_MAX_BYTES);
}

void
dd_classifier_classify (DdClassifier     *self,
                        const char       *text,
                        gssize            len,
                        DdClassification *out)
{
  DdClassifierText analysed;
  Scan scan = { .last_purchase_end = -10 };
  float scores[DD_N_OUTPUTS];
  float learned[DD_N_OUTPUTS] = { 0 };
  guint n_obfuscated = 0;
  guint64 features;

  g_return_if_fail (DD_IS_CLASSIFIER (self));
  g_return_if_fail (text != NULL || len == 0);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  _dd_classifier_text_analyse (&analysed, text != NULL ? text : "",
                               text != NULL ? bounded_length (text, len) : 0);
  _dd_classifier_find_links (&analysed);
  scan_lexicon (&analysed, &scan, &n_obfuscated);
  features = derive_features (&analysed, &scan, n_obfuscated);

  score_features (features, scores);

  add_learned_scores (self, &analysed, learned);
  for (int o = 0; o < DD_N_OUTPUTS; o++)
    scores[o] += learned[o];

  decide_moderation (features, scores, learned, out);
  decide_intent (scores, out);

  if (scan.size != NULL)
    g_strlcpy (out->size, scan.size, sizeof out->size);
  if (scan.colour != NULL)
    g_strlcpy (out->colour, scan.colour, sizeof out->colour);
  g_strlcpy (out->variant, scan.variant, sizeof out->variant);
  out->quantity = scan.quantity;
  fill_domain (&analysed, out);
}

/* Adds @delta to the counts of @label for every bucket of @text; refuses,
 * changing nothing, when a count would drop below zero. */
static gboolean
change_learned (DdClassifier *self,
                const char   *text,
                DdModeration  label,
                int           delta)
{
  DdClassifierText analysed;
  guint16 buckets[LEARNED_MAX_HASHES];
  guint n;

  _dd_classifier_text_analyse (&analysed, text, bounded_length (text, -1));
  n = learned_buckets (&analysed, buckets);

  g_rw_lock_writer_lock (&self->lock);
  for (guint i = 0; i < n; i++)
    {
      gint64 after = (gint64) self->learned[buckets[i]][label] + delta;

      if (after < 0 || after > G_MAXINT32 / 2 || (delta < 0 && self->n_learned == 0))
        {
          g_rw_lock_writer_unlock (&self->lock);
          return FALSE;
        }
    }
  for (guint i = 0; i < n; i++)
    self->learned[buckets[i]][label] += delta;
  self->n_learned += delta;
  g_rw_lock_writer_unlock (&self->lock);

  return TRUE;
}

void
dd_classifier_learn (DdClassifier *self,
                     const char   *text,
                     DdModeration  label)
{
  g_return_if_fail (DD_IS_CLASSIFIER (self));
  g_return_if_fail (text != NULL);
  g_return_if_fail (label <= DD_MODERATION_TOXIC);

  change_learned (self, text, label, +1);
}

gboolean
dd_classifier_unlearn (DdClassifier *self,
                       const char   *text,
                       DdModeration  label)
{
  g_return_val_if_fail (DD_IS_CLASSIFIER (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (label <= DD_MODERATION_TOXIC, FALSE);

  return change_learned (self, text, label, -1);
}

void
dd_classifier_forget_all (DdClassifier *self)
{
  g_return_if_fail (DD_IS_CLASSIFIER (self));

  g_rw_lock_writer_lock (&self->lock);
  memset (self->learned, 0, LEARNED_TABLE_SIZE);
  self->n_learned = 0;
  g_rw_lock_writer_unlock (&self->lock);
}

/* Layout, little-endian: "DDCW", version, buckets, classes, messages
 * learned, then buckets x classes signed 32-bit counts. */
GBytes *
dd_classifier_export_weights (DdClassifier *self)
{
  gsize size = WEIGHTS_HEADER_SIZE + LEARNED_TABLE_SIZE;
  guint8 *data;
  guint32 *words;

  g_return_val_if_fail (DD_IS_CLASSIFIER (self), NULL);

  data = g_malloc (size);
  memcpy (data, WEIGHTS_MAGIC, 4);
  words = (guint32 *) (data + 4);
  g_rw_lock_reader_lock (&self->lock);
  words[0] = GUINT32_TO_LE (WEIGHTS_VERSION);
  words[1] = GUINT32_TO_LE (LEARNED_BUCKETS);
  words[2] = GUINT32_TO_LE (LEARNED_CLASSES);
  words[3] = GUINT32_TO_LE (self->n_learned);
  for (guint b = 0; b < LEARNED_BUCKETS; b++)
    for (guint c = 0; c < LEARNED_CLASSES; c++)
      words[4 + b * LEARNED_CLASSES + c] = GUINT32_TO_LE ((guint32) self->learned[b][c]);
  g_rw_lock_reader_unlock (&self->lock);

  return g_bytes_new_take (data, size);
}

/* The @index-th 32-bit word after the magic. */
static guint32
read_le32 (const guint8 *data,
           gsize         index)
{
  guint32 word;

  memcpy (&word, data + 4 + index * 4, 4);

  return GUINT32_FROM_LE (word);
}

gboolean
dd_classifier_import_weights (DdClassifier  *self,
                              GBytes        *weights,
                              GError       **error)
{
  gsize size;
  const guint8 *data;
  g_autofree gint32 *counts = NULL;

  g_return_val_if_fail (DD_IS_CLASSIFIER (self), FALSE);
  g_return_val_if_fail (weights != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (weights, &size);
  if (size != WEIGHTS_HEADER_SIZE + LEARNED_TABLE_SIZE ||
      memcmp (data, WEIGHTS_MAGIC, 4) != 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("The squad’s saved moderation weights are not in a format "
                     "this version of Dropdeck reads"));
      return FALSE;
    }

  if (read_le32 (data, 0) != WEIGHTS_VERSION ||
      read_le32 (data, 1) != LEARNED_BUCKETS ||
      read_le32 (data, 2) != LEARNED_CLASSES)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("The squad’s saved moderation weights are from another "
                     "version of Dropdeck"));
      return FALSE;
    }
  counts = g_new (gint32, LEARNED_BUCKETS * LEARNED_CLASSES);
  for (guint i = 0; i < LEARNED_BUCKETS * LEARNED_CLASSES; i++)
    {
      counts[i] = (gint32) read_le32 (data, 4 + i);
      if (counts[i] < 0)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                       _("The squad’s saved moderation weights are damaged"));
          return FALSE;
        }
    }

  g_rw_lock_writer_lock (&self->lock);
  memcpy (self->learned, counts, LEARNED_TABLE_SIZE);
  self->n_learned = read_le32 (data, 3);
  g_rw_lock_writer_unlock (&self->lock);

  return TRUE;
}
