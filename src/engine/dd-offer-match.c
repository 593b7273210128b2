/* dd-offer-match.c — which offer a chat message is about
 *
 * A buyer writes "SOLD AA12 white 42", "how oversized is the Trail Fox in
 * 44?" or "¿las box tee tallan grande?". Scores, per offer: the product code
 * at the start of the SKU (strong), each word of the title found in the
 * message (a plural "runners" counts for "Runner"), and the size and colour
 * the classifier read (or a shoe size said as a bare number). Without a code or a title word there is no match:
 * "does the M run small?" is about whatever is on screen, which the
 * message does not say.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-offer-match.h"

#define SCORE_CODE    6
#define SCORE_WORD    2
#define SCORE_SIZE    2
#define SCORE_COLOUR  2
#define MIN_WORD_LEN  3

/* Title words that say nothing about which product it is. */
static const char * const filler_words[] = {
  "and", "the", "with", "pack", "set", "bundle", NULL,
};

static gboolean
is_filler (const char *word)
{
  return g_strv_contains (filler_words, word);
}

/* Whether `word` (lower case) is a whole word of `text` (lower case), or
 * its plural with an s. */
static gboolean
has_word (const char *text,
          const char *word)
{
  gsize len = strlen (word);

  for (const char *p = strstr (text, word); p != NULL; p = strstr (p + 1, word))
    {
      gboolean starts = p == text || !g_ascii_isalnum (p[-1]);
      const char *end = p + len;

      if (*end == 's')
        end++;
      if (starts && !g_ascii_isalnum (*end))
        return TRUE;
    }
  return FALSE;
}

static int
title_score (const char *title,
             const char *text)
{
  g_autofree char *folded = g_ascii_strdown (title, -1);
  g_auto(GStrv) words = NULL;
  int score = 0;

  for (char *p = folded; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      *p = ' ';
  words = g_strsplit (folded, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (strlen (words[i]) >= MIN_WORD_LEN && !is_filler (words[i]) && has_word (text, words[i]))
      score += SCORE_WORD;

  return score;
}

/* Whether the last part of the SKU is a number ("AA12-WHT-44") that the
 * message says as a word: shoe sizes come without "size" around them. */
static gboolean
numeric_size_said (const char *sku,
                   const char *text)
{
  const char *last = strrchr (sku, '-');

  if (last == NULL || last[1] == '\0')
    return FALSE;
  for (const char *p = last + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return has_word (text, last + 1);
}

static int
slot_score (DdOffer                *offer,
            const DdClassification *c,
            const char             *text)
{
  g_autofree char *sku = g_ascii_strdown (dd_offer_get_sku (offer), -1);
  g_autofree char *title = g_ascii_strdown (dd_offer_get_title (offer), -1);
  int score = 0;

  if (c->size[0] == '\0' && numeric_size_said (sku, text))
    score += SCORE_SIZE;

  if (c->size[0] != '\0')
    {
      g_autofree char *size = g_ascii_strdown (c->size, -1);
      g_autofree char *suffix = g_strconcat ("-", size, NULL);
      g_autofree char *eu = g_strconcat ("eu ", size, NULL);

      if (g_str_has_suffix (sku, suffix) || has_word (title, eu) || has_word (title, size))
        score += SCORE_SIZE;
    }
  if (c->colour[0] != '\0' && has_word (title, c->colour))
    score += SCORE_COLOUR;

  return score;
}

static gboolean
code_matches (DdOffer                *offer,
              const DdClassification *c)
{
  const char *sku = dd_offer_get_sku (offer);
  gsize len = strlen (c->variant);

  return len > 0 && g_ascii_strncasecmp (sku, c->variant, len) == 0
         && (sku[len] == '\0' || sku[len] == '-');
}

DdOffer *
dd_offer_match_text (GListModel             *offers,
                     const char             *text,
                     const DdClassification *c)
{
  g_autofree char *folded = NULL;
  DdOffer *best = NULL;
  int best_score = 0;
  gboolean best_live = FALSE;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (offers), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  if (text == NULL)
    return NULL;
  folded = g_utf8_strdown (text, -1);
  n = g_list_model_get_n_items (offers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (offers, i);
      int product = (code_matches (offer, c) ? SCORE_CODE : 0) + title_score (dd_offer_get_title (offer), folded);
      int score;
      gboolean live;

      if (product == 0)
        continue;
      score = product + slot_score (offer, c, folded);
      live = dd_offer_get_state (offer) == DD_OFFER_STATE_LIVE;
      if (score > best_score || (score == best_score && live && !best_live))
        {
          best = offer;
          best_score = score;
          best_live = live;
        }
    }

  return best;
}
