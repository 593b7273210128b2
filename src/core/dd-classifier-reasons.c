/* dd-classifier-reasons.c — why the classifier chose a label, in words a
 * moderator reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-classifier-private.h"

static const char * const reason_nicks[] = {
  [DD_CLASSIFIER_REASON_LOOKALIKE_DOMAIN] = "lookalike-domain",
  [DD_CLASSIFIER_REASON_PUNYCODE_DOMAIN] = "punycode-domain",
  [DD_CLASSIFIER_REASON_HOMOGLYPH_DOMAIN] = "homoglyph-domain",
  [DD_CLASSIFIER_REASON_LINK_SHORTENER] = "link-shortener",
  [DD_CLASSIFIER_REASON_LINK_WITH_BAIT] = "link-with-bait",
  [DD_CLASSIFIER_REASON_PRIZE_BAIT] = "prize-bait",
  [DD_CLASSIFIER_REASON_MOVE_TO_DMS] = "move-to-dms",
  [DD_CLASSIFIER_REASON_OFF_PLATFORM_PAYMENT] = "off-platform-payment",
  [DD_CLASSIFIER_REASON_ASKS_FOR_CREDENTIALS] = "asks-for-credentials",
  [DD_CLASSIFIER_REASON_CRYPTO_BAIT] = "crypto-bait",
  [DD_CLASSIFIER_REASON_WALLET_ADDRESS] = "wallet-address",
  [DD_CLASSIFIER_REASON_PHONE_NUMBER] = "phone-number",
  [DD_CLASSIFIER_REASON_IMPERSONATION] = "impersonation",
  [DD_CLASSIFIER_REASON_REPEATED_CHARACTERS] = "repeated-characters",
  [DD_CLASSIFIER_REASON_REPEATED_WORDS] = "repeated-words",
  [DD_CLASSIFIER_REASON_EMOJI_WALL] = "emoji-wall",
  [DD_CLASSIFIER_REASON_SHOUTING] = "shouting",
  [DD_CLASSIFIER_REASON_FOLLOW_REQUEST] = "follow-request",
  [DD_CLASSIFIER_REASON_SELF_PROMOTION] = "self-promotion",
  [DD_CLASSIFIER_REASON_INSULT] = "insult",
  [DD_CLASSIFIER_REASON_THREAT] = "threat",
  [DD_CLASSIFIER_REASON_TELLS_TO_LEAVE] = "tells-to-leave",
  [DD_CLASSIFIER_REASON_OBFUSCATED_TEXT] = "obfuscated-text",
  [DD_CLASSIFIER_REASON_LEARNED_FLAG] = "learned-flag",
  [DD_CLASSIFIER_REASON_LEARNED_OK] = "learned-ok",
};

G_STATIC_ASSERT (G_N_ELEMENTS (reason_nicks) == DD_CLASSIFIER_N_REASONS);

/* Which reason a feature stands for, when it helped the winning label. */
static const struct
{
  DdFeature          feature;
  DdClassifierReason reason;
} feature_reasons[] = {
  { DD_FEATURE_LOOKALIKE, DD_CLASSIFIER_REASON_LOOKALIKE_DOMAIN },
  { DD_FEATURE_PUNYCODE, DD_CLASSIFIER_REASON_PUNYCODE_DOMAIN },
  { DD_FEATURE_HOMOGLYPH_LINK, DD_CLASSIFIER_REASON_HOMOGLYPH_DOMAIN },
  { DD_FEATURE_SHORTENER, DD_CLASSIFIER_REASON_LINK_SHORTENER },
  { DD_FEATURE_LINK_BAIT, DD_CLASSIFIER_REASON_LINK_WITH_BAIT },
  { DD_FEATURE_DM, DD_CLASSIFIER_REASON_MOVE_TO_DMS },
  { DD_FEATURE_OFF_APP_LINK, DD_CLASSIFIER_REASON_MOVE_TO_DMS },
  { DD_FEATURE_PAY_OFF_PLATFORM, DD_CLASSIFIER_REASON_OFF_PLATFORM_PAYMENT },
  { DD_FEATURE_CREDENTIALS, DD_CLASSIFIER_REASON_ASKS_FOR_CREDENTIALS },
  { DD_FEATURE_CRYPTO, DD_CLASSIFIER_REASON_CRYPTO_BAIT },
  { DD_FEATURE_CRYPTO_INVEST, DD_CLASSIFIER_REASON_CRYPTO_BAIT },
  { DD_FEATURE_WALLET_ADDRESS, DD_CLASSIFIER_REASON_WALLET_ADDRESS },
  { DD_FEATURE_PHONE, DD_CLASSIFIER_REASON_PHONE_NUMBER },
  { DD_FEATURE_IMPERSONATION, DD_CLASSIFIER_REASON_IMPERSONATION },
  { DD_FEATURE_REPEATED_CHARS, DD_CLASSIFIER_REASON_REPEATED_CHARACTERS },
  { DD_FEATURE_REPEATED_WORDS, DD_CLASSIFIER_REASON_REPEATED_WORDS },
  { DD_FEATURE_EMOJI_WALL, DD_CLASSIFIER_REASON_EMOJI_WALL },
  { DD_FEATURE_SHOUTING, DD_CLASSIFIER_REASON_SHOUTING },
  { DD_FEATURE_FOLLOW_REQUEST, DD_CLASSIFIER_REASON_FOLLOW_REQUEST },
  { DD_FEATURE_SELF_PROMO, DD_CLASSIFIER_REASON_SELF_PROMOTION },
  { DD_FEATURE_INSULT_STRONG, DD_CLASSIFIER_REASON_INSULT },
  { DD_FEATURE_INSULT_MILD, DD_CLASSIFIER_REASON_INSULT },
  { DD_FEATURE_THREAT, DD_CLASSIFIER_REASON_THREAT },
  { DD_FEATURE_SILENCE, DD_CLASSIFIER_REASON_TELLS_TO_LEAVE },
  { DD_FEATURE_OBFUSCATED, DD_CLASSIFIER_REASON_OBFUSCATED_TEXT },
};

guint32
_dd_classifier_reasons_for_features (guint64 features,
                                     DdOutput winner)
{
  guint32 reasons = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (feature_reasons); i++)
    if ((features & DD_FEATURE_BIT (feature_reasons[i].feature)) &&
        _dd_classifier_feature_weights (feature_reasons[i].feature)[winner] > 0)
      reasons |= 1u << feature_reasons[i].reason;

  return reasons;
}

gboolean
dd_classification_has_reason (const DdClassification *self,
                              DdClassifierReason      reason)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (reason < DD_CLASSIFIER_N_REASONS, FALSE);

  return (self->reasons & (1u << reason)) != 0;
}

const char *
dd_classifier_reason_to_nick (DdClassifierReason reason)
{
  g_return_val_if_fail (reason < DD_CLASSIFIER_N_REASONS, NULL);

  return reason_nicks[reason];
}

char *
dd_classification_reason_get_label (const DdClassification *self,
                                    DdClassifierReason      reason)
{
  const char *domain;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (reason < DD_CLASSIFIER_N_REASONS, NULL);

  domain = self->domain[0] != '\0' ? self->domain : _("an unknown site");

  switch (reason)
    {
    case DD_CLASSIFIER_REASON_LOOKALIKE_DOMAIN:
      /* Translators: %s is a web domain such as nike-giveaway.shop */
      return g_strdup_printf (_("Link to a look-alike domain: %s"), self->domain_shown);
    case DD_CLASSIFIER_REASON_PUNYCODE_DOMAIN:
      /* Translators: the first %s is a domain as sent (xn--…), the second
       * how a browser shows it */
      return g_strdup_printf (_("Link to an encoded domain: %s shows as %s"),
                              domain, self->domain_shown);
    case DD_CLASSIFIER_REASON_HOMOGLYPH_DOMAIN:
      return g_strdup_printf (_("Link with letters from another alphabet: %s"),
                              self->domain_shown);
    case DD_CLASSIFIER_REASON_LINK_SHORTENER:
      return g_strdup_printf (_("Shortened link hides where it goes: %s"), domain);
    case DD_CLASSIFIER_REASON_LINK_WITH_BAIT:
      return g_strdup_printf (_("Link to %s with prize or giveaway bait"), domain);
    case DD_CLASSIFIER_REASON_PRIZE_BAIT:
      return g_strdup (_("Prize or giveaway bait"));
    case DD_CLASSIFIER_REASON_MOVE_TO_DMS:
      return g_strdup (_("Asks to move to DMs or another app"));
    case DD_CLASSIFIER_REASON_OFF_PLATFORM_PAYMENT:
      return g_strdup (_("Asks for payment outside the shop"));
    case DD_CLASSIFIER_REASON_ASKS_FOR_CREDENTIALS:
      return g_strdup (_("Asks for card details, a password or a login"));
    case DD_CLASSIFIER_REASON_CRYPTO_BAIT:
      return g_strdup (_("Crypto or investment bait"));
    case DD_CLASSIFIER_REASON_WALLET_ADDRESS:
      return g_strdup (_("Contains a crypto wallet address"));
    case DD_CLASSIFIER_REASON_PHONE_NUMBER:
      return g_strdup (_("Contains a phone number"));
    case DD_CLASSIFIER_REASON_IMPERSONATION:
      return g_strdup (_("Claims to speak for the shop or the host"));
    case DD_CLASSIFIER_REASON_REPEATED_CHARACTERS:
      return g_strdup (_("Repeated characters"));
    case DD_CLASSIFIER_REASON_REPEATED_WORDS:
      return g_strdup (_("Repeated words"));
    case DD_CLASSIFIER_REASON_EMOJI_WALL:
      return g_strdup (_("Wall of emoji"));
    case DD_CLASSIFIER_REASON_SHOUTING:
      return g_strdup (_("Mostly capital letters"));
    case DD_CLASSIFIER_REASON_FOLLOW_REQUEST:
      return g_strdup (_("Asks for follows or subscriptions"));
    case DD_CLASSIFIER_REASON_SELF_PROMOTION:
      return g_strdup (_("Promotes another channel or shop"));
    case DD_CLASSIFIER_REASON_INSULT:
      return g_strdup (_("Insult"));
    case DD_CLASSIFIER_REASON_THREAT:
      return g_strdup (_("Threat"));
    case DD_CLASSIFIER_REASON_TELLS_TO_LEAVE:
      return g_strdup (_("Tells someone to be quiet or leave"));
    case DD_CLASSIFIER_REASON_OBFUSCATED_TEXT:
      return g_strdup (_("Hidden or disguised characters"));
    case DD_CLASSIFIER_REASON_LEARNED_FLAG:
      return g_strdup (_("Like messages your squad’s moderators removed"));
    case DD_CLASSIFIER_REASON_LEARNED_OK:
      return g_strdup (_("Like messages your squad’s moderators marked as fine"));
    case DD_CLASSIFIER_N_REASONS:
    default:
      g_assert_not_reached ();
    }
}
