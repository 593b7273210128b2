/* dd-offer-match.h — which offer a chat message is about
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-classifier.h"
#include "dd-core.h"

G_BEGIN_DECLS

/* The offer in `offers` (a GListModel of DdOffer) that `text` most likely
 * asks about or buys, or NULL when it names none. `c` is the classifier's
 * reading of the same text (its product code, size and colour). A product
 * code ("AA12") or words of an offer's title ("Trail Fox") are needed; size
 * and colour then choose among that product's offers, and a live offer wins
 * a tie. Transfer none. */
DdOffer *dd_offer_match_text (GListModel             *offers,
                              const char             *text,
                              const DdClassification *c);

G_END_DECLS
