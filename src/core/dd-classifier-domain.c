/* dd-classifier-domain.c — links in chat text: real domains, punycode and
 * look-alikes of well-known brands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-classifier-private.h"

#define MAX_LABELS 8

/* RFC 3492 parameters. */
enum
{
  PUNY_BASE = 36,
  PUNY_TMIN = 1,
  PUNY_TMAX = 26,
  PUNY_SKEW = 38,
  PUNY_DAMP = 700,
  PUNY_INITIAL_BIAS = 72,
  PUNY_INITIAL_N = 128,
  PUNY_MAX_CHARS = 64,
};

static guint
puny_adapt (guint    delta,
            guint    n_points,
            gboolean first)
{
  guint k = 0;

  delta = first ? delta / PUNY_DAMP : delta / 2;
  delta += delta / n_points;
  while (delta > ((PUNY_BASE - PUNY_TMIN) * PUNY_TMAX) / 2)
    {
      delta /= PUNY_BASE - PUNY_TMIN;
      k += PUNY_BASE;
    }

  return k + (PUNY_BASE - PUNY_TMIN + 1) * delta / (delta + PUNY_SKEW);
}

static int
puny_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0' + 26;
  if (c >= 'a' && c <= 'z')
    return c - 'a';
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  return -1;
}

/* Decodes one label without its "xn--" prefix into UTF-8. */
gboolean
_dd_punycode_decode_label (const char *label,
                           gsize       label_len,
                           char       *out,
                           gsize       out_size)
{
  gunichar chars[PUNY_MAX_CHARS];
  guint n_chars = 0;
  guint n = PUNY_INITIAL_N;
  guint bias = PUNY_INITIAL_BIAS;
  guint i = 0;
  gsize in = 0;
  gsize basic_end = 0;
  gsize written = 0;

  for (gsize j = 0; j < label_len; j++)
    if (label[j] == '-')
      basic_end = j;

  if (basic_end > PUNY_MAX_CHARS)
    return FALSE;
  for (gsize j = 0; j < basic_end; j++)
    {
      if ((guchar) label[j] >= 0x80)
        return FALSE;
      chars[n_chars++] = (guchar) label[j];
    }
  in = basic_end > 0 ? basic_end + 1 : 0;

  while (in < label_len)
    {
      guint old_i = i;
      guint w = 1;

      for (guint k = PUNY_BASE;; k += PUNY_BASE)
        {
          int digit;
          guint t;

          if (in >= label_len)
            return FALSE;
          digit = puny_digit (label[in++]);
          if (digit < 0 || (guint) digit > (G_MAXUINT32 - i) / w)
            return FALSE;
          i += digit * w;
          t = k <= bias ? PUNY_TMIN : k >= bias + PUNY_TMAX ? PUNY_TMAX : k - bias;
          if ((guint) digit < t)
            break;
          if (w > G_MAXUINT32 / (PUNY_BASE - t))
            return FALSE;
          w *= PUNY_BASE - t;
        }

      if (n_chars >= PUNY_MAX_CHARS)
        return FALSE;
      bias = puny_adapt (i - old_i, n_chars + 1, old_i == 0);
      if (i / (n_chars + 1) > G_MAXUINT32 - n)
        return FALSE;
      n += i / (n_chars + 1);
      i %= n_chars + 1;
      if (!g_unichar_validate (n))
        return FALSE;
      memmove (chars + i + 1, chars + i, (n_chars - i) * sizeof (gunichar));
      chars[i++] = n;
      n_chars++;
    }

  for (guint j = 0; j < n_chars; j++)
    {
      char buf[6];
      int len = g_unichar_to_utf8 (chars[j], buf);

      if (written + len >= out_size)
        return FALSE;
      memcpy (out + written, buf, len);
      written += len;
    }
  out[written] = '\0';

  return TRUE;
}

/* The letters a label passes for: folded to ASCII, with digits and letter
 * pairs that imitate others merged (0/o, 1/l/i, rn/m, vv/w). */
gsize
_dd_classifier_skeleton (const char *label,
                         char       *out,
                         gsize       out_size)
{
  const char *p = label;
  gsize len = 0;

  while (*p != '\0' && len + 1 < out_size)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      char f;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      p = g_utf8_next_char (p);
      f = c == '-' ? '-' : _dd_classifier_fold_char (c);
      if (f == 0 && c == 0x0131) /* dotless i */
        f = 'i';
      switch (f)
        {
        case 0: continue;
        case '0': f = 'o'; break;
        case '1': case 'i': f = 'l'; break;
        case '3': f = 'e'; break;
        case '5': f = 's'; break;
        case '4': f = 'a'; break;
        default: break;
        }
      if (f == 'n' && len > 0 && out[len - 1] == 'r')
        {
          out[len - 1] = 'm';
          continue;
        }
      if (f == 'v' && len > 0 && out[len - 1] == 'v')
        {
          out[len - 1] = 'w';
          continue;
        }
      out[len++] = f;
    }
  out[len] = '\0';

  return len;
}

static gboolean
is_host_char (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c >= 0x80;
}

/* Cuts the host out of one whitespace-separated word, lower-cased; FALSE when
 * the word is not a link. */
static gboolean
extract_host (const char *word,
              gsize       len,
              char       *host,
              gsize       host_size)
{
  gsize start = 0;
  gsize end;
  gboolean scheme = FALSE;
  const char *dot;
  const char *tld;
  gboolean suspicious, brand_ok;

  while (start < len && (guchar) word[start] < 0x80 && !g_ascii_isalnum (word[start]))
    start++;
  /* Any scheme: "https://", and the "hxxps://" and "h**p://" that get links
   * past filters which look for "http". */
  for (gsize i = start; i < len && i < start + 10; i++)
    {
      if (word[i] == ':' && i > start && len - i > 3 && word[i + 1] == '/' && word[i + 2] == '/')
        {
          start = i + 3, scheme = TRUE;
          break;
        }
      if (!g_ascii_isalpha (word[i]) && word[i] != '*')
        break;
    }

  end = start;
  while (end < len && is_host_char (word[end]))
    end++;
  while (end > start && (word[end - 1] == '.' || word[end - 1] == '-'))
    end--;
  if (end - start < 4 || end - start >= host_size)
    return FALSE;

  for (gsize i = 0; i < end - start; i++)
    host[i] = g_ascii_tolower (word[start + i]);
  host[end - start] = '\0';

  if (strstr (host, "..") != NULL || host[0] == '.' ||
      (dot = strrchr (host, '.')) == NULL)
    return FALSE;
  tld = dot + 1;
  if (g_str_has_prefix (tld, "xn--"))
    return TRUE;
  for (const char *t = tld; *t != '\0'; t++)
    if (!g_ascii_isalpha (*t))
      return FALSE;

  return _dd_classifier_tld_kind (tld, &suspicious, &brand_ok) ||
         (scheme && strlen (tld) >= 2);
}

typedef struct
{
  char  labels[MAX_LABELS][DD_CLASSIFIER_HOST_LEN];
  guint n_labels;
} SplitHost;

static void
split_host (const char *host,
            SplitHost  *split)
{
  const char *p = host;

  split->n_labels = 0;
  while (*p != '\0' && split->n_labels < MAX_LABELS)
    {
      const char *dot = strchr (p, '.');
      gsize len = dot != NULL ? (gsize) (dot - p) : strlen (p);

      len = MIN (len, DD_CLASSIFIER_HOST_LEN - 1);
      memcpy (split->labels[split->n_labels], p, len);
      split->labels[split->n_labels][len] = '\0';
      split->n_labels++;
      if (dot == NULL)
        break;
      p = dot + 1;
    }
}

/* Punycode labels decoded, for showing the domain as a browser would. */
static DdLinkFlags
decode_host (const SplitHost *split,
             char            *shown,
             gsize            shown_size,
             SplitHost       *decoded)
{
  DdLinkFlags flags = 0;
  gsize len = 0;

  *decoded = *split;
  shown[0] = '\0';
  for (guint i = 0; i < split->n_labels; i++)
    {
      const char *label = split->labels[i];
      gsize label_len;

      if (g_str_has_prefix (label, "xn--") &&
          _dd_punycode_decode_label (label + 4, strlen (label) - 4,
                                     decoded->labels[i],
                                     sizeof decoded->labels[i]))
        flags |= DD_LINK_PUNYCODE;
      label_len = strlen (decoded->labels[i]);
      if (len + label_len + 2 >= shown_size)
        break;
      if (i > 0)
        shown[len++] = '.';
      memcpy (shown + len, decoded->labels[i], label_len + 1);
      len += label_len;
    }

  for (const char *p = shown; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      flags |= DD_LINK_HOMOGLYPH;

  return flags;
}

static DdLinkFlags
check_brands (const SplitHost *decoded,
              const SplitHost *raw,
              guint            suffix_labels,
              gboolean         brand_tld)
{
  guint registrable = decoded->n_labels - suffix_labels - 1;
  const char *official = NULL;

  char own[DD_CLASSIFIER_HOST_LEN];
  gsize own_len = _dd_classifier_skeleton (raw->labels[registrable], own, sizeof own);

  /* nike.com, mercadolibre.com.mx, twitch.tv: the brand's own site. */
  if (brand_tld && _dd_classifier_is_brand (own, own_len, FALSE, &official) &&
      strcmp (official, raw->labels[registrable]) == 0)
    return DD_LINK_OFFICIAL;

  for (guint i = 0; i <= registrable; i++)
    {
      char skel[DD_CLASSIFIER_HOST_LEN];
      const char *part = skel;
      const char *brand;

      if (i < registrable && strcmp (raw->labels[i], "www") == 0)
        continue;
      _dd_classifier_skeleton (decoded->labels[i], skel, sizeof skel);
      while (part != NULL && *part != '\0')
        {
          const char *dash = strchr (part, '-');
          gsize len = dash != NULL ? (gsize) (dash - part) : strlen (part);

          if (_dd_classifier_is_brand (part, len, TRUE, &brand))
            return DD_LINK_LOOKALIKE;
          part = dash != NULL ? dash + 1 : NULL;
        }
    }

  return 0;
}

static DdLinkFlags
analyse_host (const char *host,
              char       *shown,
              gsize       shown_size)
{
  SplitHost raw;
  SplitHost decoded;
  DdLinkFlags flags;
  guint suffix_labels = 1;
  gboolean suspicious = FALSE;
  gboolean brand_ok = FALSE;
  const char *bare = g_str_has_prefix (host, "www.") ? host + 4 : host;

  split_host (host, &raw);
  if (raw.n_labels < 2)
    return 0;
  flags = decode_host (&raw, shown, shown_size, &decoded);

  if (_dd_classifier_is_shortener (bare))
    flags |= DD_LINK_SHORTENER;
  if (_dd_classifier_is_off_app_host (bare))
    flags |= DD_LINK_OFF_APP;

  _dd_classifier_tld_kind (raw.labels[raw.n_labels - 1], &suspicious, &brand_ok);
  if (suspicious)
    flags |= DD_LINK_SUSPICIOUS_TLD;
  if (raw.n_labels >= 3 && _dd_classifier_is_second_level (raw.labels[raw.n_labels - 2]))
    suffix_labels = 2;

  return flags | check_brands (&decoded, &raw, suffix_labels, brand_ok);
}

void
_dd_classifier_find_links (DdClassifierText *text)
{
  const char *p = text->raw;
  const char *end = text->raw + text->raw_len;

  while (p < end && text->n_links < DD_CLASSIFIER_MAX_LINKS)
    {
      const char *word_end;
      DdClassifierLink *link = &text->links[text->n_links];

      while (p < end && g_ascii_isspace (*p))
        p++;
      word_end = p;
      while (word_end < end && !g_ascii_isspace (*word_end) && *word_end != '\0')
        word_end++;
      if (word_end == p)
        {
          p++;
          continue;
        }

      if (memchr (p, '.', word_end - p) != NULL &&
          extract_host (p, word_end - p, link->host, sizeof link->host))
        {
          link->flags = analyse_host (link->host, link->shown, sizeof link->shown);
          if (link->shown[0] == '\0')
            g_strlcpy (link->shown, link->host, sizeof link->shown);
          text->n_links++;
        }
      p = word_end;
    }
}
