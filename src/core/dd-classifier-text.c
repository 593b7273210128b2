/* dd-classifier-text.c — normalisation and tokenisation of chat text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-classifier-private.h"

typedef enum
{
  CHAR_SPACE,     /* separates words */
  CHAR_WORD,      /* a letter or digit, folded into `folded` */
  CHAR_JOINER,    /* an apostrophe: "I'm" is one word */
  CHAR_EMOJI,
  CHAR_IGNORED,   /* variation selectors, skin tones, ZWJ */
  CHAR_INVISIBLE, /* zero-width characters used to dodge filters */
  CHAR_SYMBOL,    /* punctuation and the rest */
} CharKind;

typedef struct
{
  CharKind kind;
  char     folded;     /* ASCII for letters and digits that fold to it */
  gboolean upper;
  gboolean confusable; /* a Cyrillic or Greek letter that looks Latin */
} CharInfo;

/* Base letters of U+00C0..U+017F; ' ' where there is none. */
static const char latin_fold[] =
  "aaaaaaaceeeeiiiidnooooo ouuuuyts"  /* U+00C0 */
  "aaaaaaaceeeeiiiidnooooo ouuuuyty"  /* U+00E0 */
  "aaaaaaccccccccddddeeeeeeeeeegggg"  /* U+0100 */
  "gggghhhhiiiiiiiiiiiijjkkklllllll"  /* U+0120 */
  "lllnnnnnnnnnoooooooorrrrrrssssss"  /* U+0140 */
  "ssttttttuuuuuuuuuuuuwwyyyzzzzzzs"; /* U+0160 */

G_STATIC_ASSERT (sizeof latin_fold == 0x180 - 0xC0 + 1);

/* Cyrillic and Greek letters that pass for Latin ones in a link or a word. */
static char
fold_confusable (gunichar c)
{
  switch (c)
    {
    case 0x0430: case 0x0410: case 0x03B1: case 0x0391: return 'a';
    case 0x0432: case 0x0412: case 0x0392: return 'b';
    case 0x0441: case 0x0421: case 0x03F2: return 'c';
    case 0x0501: return 'd';
    case 0x0435: case 0x0415: case 0x0395: return 'e';
    case 0x043D: case 0x041D: case 0x0397: return 'h';
    case 0x0456: case 0x0406: case 0x03B9: case 0x0399: return 'i';
    case 0x0458: case 0x0408: return 'j';
    case 0x043A: case 0x041A: case 0x03BA: case 0x039A: return 'k';
    case 0x043C: case 0x041C: case 0x039C: return 'm';
    case 0x039D: case 0x03B7: return 'n';
    case 0x043E: case 0x041E: case 0x03BF: case 0x039F: return 'o';
    case 0x0440: case 0x0420: case 0x03C1: case 0x03A1: return 'p';
    case 0x0455: case 0x0405: return 's';
    case 0x0442: case 0x0422: case 0x03C4: case 0x03A4: return 't';
    case 0x03C5: return 'u';
    case 0x03BD: return 'v';
    case 0x0445: case 0x0425: case 0x03C7: case 0x03A7: return 'x';
    case 0x0443: case 0x0423: case 0x03A5: return 'y';
    case 0x0396: return 'z';
    default: return 0;
    }
}

static gboolean
is_emoji (gunichar c)
{
  return (c >= 0x1F000 && c <= 0x1FAFF) ||
         (c >= 0x2600 && c <= 0x27BF) ||
         (c >= 0x2B00 && c <= 0x2BFF) ||
         (c >= 0x2190 && c <= 0x21FF) ||
         c == 0x3030 || c == 0x303D || c == 0x3297 || c == 0x3299;
}

static void
classify_char (gunichar  c,
               CharInfo *info)
{
  memset (info, 0, sizeof *info);

  if (c < 0x80)
    {
      if (g_ascii_isalnum (c))
        {
          info->kind = CHAR_WORD;
          info->upper = g_ascii_isupper (c);
          info->folded = g_ascii_tolower (c);
        }
      else if (c == '\'')
        info->kind = CHAR_JOINER;
      else if (g_ascii_isspace (c) || c == 0)
        info->kind = CHAR_SPACE;
      else
        info->kind = CHAR_SYMBOL;
      return;
    }

  if (c >= 0xC0 && c < 0x180 && latin_fold[c - 0xC0] != ' ')
    {
      info->kind = CHAR_WORD;
      info->folded = latin_fold[c - 0xC0];
      info->upper = c < 0xDF || (c >= 0x100 && (c & 1) == 0);
      return;
    }

  if (c == 0x2019 || c == 0x2018 || c == 0x00B4)
    {
      info->kind = CHAR_JOINER;
      return;
    }

  if (c == 0xFE0F || c == 0xFE0E || c == 0x200D || c == 0x20E3 ||
      (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F))
    {
      info->kind = CHAR_IGNORED;
      return;
    }

  if ((c >= 0x200B && c <= 0x200F) || c == 0x2060 || c == 0xFEFF ||
      c == 0x00AD || c == 0x034F)
    {
      info->kind = CHAR_INVISIBLE;
      return;
    }

  if (is_emoji (c))
    {
      info->kind = CHAR_EMOJI;
      return;
    }

  /* Full-width forms, as in "ＦＲＥＥ". */
  if (c >= 0xFF10 && c <= 0xFF5A && g_ascii_isalnum (c - 0xFEE0))
    {
      info->kind = CHAR_WORD;
      info->upper = g_ascii_isupper (c - 0xFEE0);
      info->folded = g_ascii_tolower (c - 0xFEE0);
      return;
    }

  /* Mathematical bold, italic and script letters, as in "𝐅𝐑𝐄𝐄". */
  if (c >= 0x1D400 && c <= 0x1D6A3)
    {
      guint k = (c - 0x1D400) % 52;

      info->kind = CHAR_WORD;
      info->upper = k < 26;
      info->folded = 'a' + (k % 26);
      return;
    }

  info->folded = fold_confusable (c);
  if (info->folded != 0)
    {
      info->kind = CHAR_WORD;
      info->confusable = TRUE;
      info->upper = g_unichar_isupper (c);
      return;
    }

  if (g_unichar_isspace (c))
    info->kind = CHAR_SPACE;
  else if (g_unichar_isalnum (c))
    {
      /* A letter of another script: kept as a marker so the word still
       * counts, but never matches the Latin lexicons. */
      info->kind = CHAR_WORD;
      info->folded = '~';
    }
  else
    info->kind = CHAR_SYMBOL;
}

char
_dd_classifier_fold_char (gunichar c)
{
  CharInfo info;

  classify_char (c, &info);

  return info.kind == CHAR_WORD && info.folded != '~' ? info.folded : 0;
}

/* Decodes one UTF-8 sequence; invalid bytes come out as U+FFFD, one at a
 * time, so nothing is ever skipped past the end. */
static gunichar
next_char (const guchar *p,
           gsize         avail,
           guint        *n_bytes)
{
  guint need;
  gunichar c;

  if (p[0] < 0x80)
    {
      *n_bytes = 1;
      return p[0];
    }
  else if ((p[0] & 0xE0) == 0xC0)
    {
      need = 2;
      c = p[0] & 0x1F;
    }
  else if ((p[0] & 0xF0) == 0xE0)
    {
      need = 3;
      c = p[0] & 0x0F;
    }
  else if ((p[0] & 0xF8) == 0xF0)
    {
      need = 4;
      c = p[0] & 0x07;
    }
  else
    goto invalid;

  if (need > avail)
    goto invalid;
  for (guint i = 1; i < need; i++)
    {
      if ((p[i] & 0xC0) != 0x80)
        goto invalid;
      c = (c << 6) | (p[i] & 0x3F);
    }
  if ((need == 2 && c < 0x80) || (need == 3 && c < 0x800) ||
      (need == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
      (c >= 0xD800 && c <= 0xDFFF))
    goto invalid;

  *n_bytes = need;
  return c;

invalid:
  *n_bytes = 1;
  return 0xFFFD;
}

/* The longest stretch of the word that repeats itself with a period of one
 * to four characters: "jajajaja", "lololol", "noooo". */
static guint
longest_periodic (const char *word,
                  gsize       len)
{
  guint best = 0;

  for (guint period = 1; period <= 4; period++)
    {
      guint run = 0;

      for (gsize i = period; i < len; i++)
        {
          if (word[i] == word[i - period])
            {
              run++;
              best = MAX (best, run + period);
            }
          else
            run = 0;
        }
    }

  return best;
}

static guint32
hash_word (const char *word)
{
  guint32 h = 2166136261u;

  for (; *word != '\0'; word++)
    h = (h ^ (guchar) *word) * 16777619u;

  return h;
}

static gboolean
looks_like_wallet (const char *word,
                   gsize       len)
{
  gsize n_hex = 0;

  if (len >= 26 && len <= 62 && g_str_has_prefix (word, "bc1"))
    return TRUE;
  if (len < 34 || word[0] != '0' || word[1] != 'x')
    return FALSE;
  for (gsize i = 2; i < len; i++)
    if (g_ascii_isxdigit (word[i]))
      n_hex++;

  return n_hex >= 32;
}

typedef struct
{
  DdClassifierText *text;
  gboolean          in_word;
  gboolean          word_all_upper;
  gboolean          word_latin;
  gboolean          word_confusable;
  gsize             raw_start;
  guint32           hashes[DD_CLASSIFIER_MAX_TOKENS];
} Tokeniser;

static void
end_word (Tokeniser *tk,
          gsize      raw_end)
{
  DdClassifierText *text = tk->text;
  DdClassifierToken *token;
  const char *word;

  if (!tk->in_word)
    return;
  tk->in_word = FALSE;
  token = &text->tokens[text->n_tokens];
  text->norm[text->norm_len++] = '\0';
  word = text->norm + token->start;
  token->len = text->norm_len - 1 - token->start;
  token->raw_start = tk->raw_start;
  token->raw_len = raw_end - tk->raw_start;
  token->raw_upper = tk->word_all_upper && token->has_alpha;
  if (tk->word_latin && tk->word_confusable)
    text->n_obfuscating++;
  text->max_periodic = MAX (text->max_periodic,
                            longest_periodic (word, token->len));
  if (looks_like_wallet (word, token->len))
    text->wallet_address = TRUE;
  tk->hashes[text->n_tokens] = hash_word (word);
  text->n_tokens++;
}

static void
add_word_char (Tokeniser      *tk,
               const CharInfo *info,
               gsize           raw_pos)
{
  DdClassifierText *text = tk->text;
  DdClassifierToken *token = &text->tokens[text->n_tokens];

  if (!tk->in_word)
    {
      if (text->n_tokens >= DD_CLASSIFIER_MAX_TOKENS)
        return;
      tk->in_word = TRUE;
      tk->word_all_upper = TRUE;
      tk->word_latin = FALSE;
      tk->word_confusable = FALSE;
      tk->raw_start = raw_pos;
      memset (token, 0, sizeof *token);
      token->start = text->norm_len;
    }

  text->norm[text->norm_len++] = info->folded;
  if (g_ascii_isdigit (info->folded))
    token->has_digit = TRUE;
  else
    {
      token->has_alpha = TRUE;
      if (!info->upper)
        tk->word_all_upper = FALSE;
      if (info->confusable)
        tk->word_confusable = TRUE;
      else
        tk->word_latin = TRUE;
    }
}

static void
count_repetition (Tokeniser *tk)
{
  DdClassifierText *text = tk->text;

  for (guint i = 0; i < text->n_tokens; i++)
    {
      guint count = 1;
      gboolean seen_before = FALSE;

      for (guint j = 0; j < i && !seen_before; j++)
        seen_before = tk->hashes[j] == tk->hashes[i];
      if (seen_before)
        continue;
      text->n_distinct_tokens++;
      for (guint j = i + 1; j < text->n_tokens; j++)
        if (tk->hashes[j] == tk->hashes[i])
          count++;
      text->max_token_count = MAX (text->max_token_count, count);
    }
}

void
_dd_classifier_text_analyse (DdClassifierText *text,
                             const char       *raw,
                             gsize             raw_len)
{
  const guchar *p = (const guchar *) raw;
  Tokeniser tk = { .text = text };
  gunichar prev = 0;
  guint run = 0;
  guint digit_run = 0;
  gboolean digit_gap = FALSE;
  gsize pos = 0;

  memset (text, 0, G_STRUCT_OFFSET (DdClassifierText, norm));
  text->norm_len = 0;
  text->n_tokens = 0;
  text->n_links = 0;
  memset (&text->n_letters, 0,
          sizeof *text - G_STRUCT_OFFSET (DdClassifierText, n_letters));
  raw_len = MIN (raw_len, DD_CLASSIFIER_MAX_BYTES);
  text->raw = raw;
  text->raw_len = raw_len;

  while (pos < raw_len)
    {
      guint n_bytes;
      gunichar c = next_char (p + pos, raw_len - pos, &n_bytes);
      CharInfo info;

      classify_char (c, &info);

      switch (info.kind)
        {
        case CHAR_WORD:
          add_word_char (&tk, &info, pos);
          if (info.folded != '~' && !g_ascii_isdigit (info.folded))
            {
              text->n_letters++;
              if (info.upper)
                text->n_upper++;
            }
          break;
        case CHAR_JOINER:
          if (!tk.in_word)
            end_word (&tk, pos);
          break;
        case CHAR_EMOJI:
          text->n_emoji++;
          end_word (&tk, pos);
          break;
        case CHAR_IGNORED:
          break;
        case CHAR_INVISIBLE:
          text->n_obfuscating++;
          break;
        case CHAR_SPACE:
          end_word (&tk, pos);
          break;
        case CHAR_SYMBOL:
        default:
          end_word (&tk, pos);
          text->n_other_symbols++;
          if (c == '?' || c == 0xBF)
            text->question = TRUE;
          else if (c == '$' || c == 0x20AC || c == 0xA3)
            text->currency = TRUE;
          else if (c == '%')
            text->percent = TRUE;
          else if (c == '@' && pos + 1 < raw_len && g_ascii_isalnum (p[pos + 1]))
            text->handle = TRUE;
          break;
        }

      /* Runs of one character, not counting spaces and emoji (emoji walls
       * have their own feature). */
      if (info.kind == CHAR_WORD || info.kind == CHAR_SYMBOL)
        {
          gunichar folded = info.kind == CHAR_WORD ? (gunichar) info.folded : c;

          run = folded == prev ? run + 1 : 1;
          prev = folded;
          text->max_char_run = MAX (text->max_char_run, run);
        }
      else if (info.kind != CHAR_IGNORED && info.kind != CHAR_INVISIBLE)
        {
          prev = 0;
          run = 0;
        }

      /* Phone numbers: digits with single spaces or dashes between. */
      if (c < 0x80 && g_ascii_isdigit (c))
        {
          digit_run++;
          digit_gap = FALSE;
          text->longest_digit_run = MAX (text->longest_digit_run, digit_run);
        }
      else if ((c == ' ' || c == '-') && digit_run > 0 && !digit_gap)
        digit_gap = TRUE;
      else if (!(c == '+' && digit_run == 0))
        {
          digit_run = 0;
          digit_gap = FALSE;
        }

      pos += n_bytes;
    }
  end_word (&tk, pos);

  count_repetition (&tk);
}
