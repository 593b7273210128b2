/* dd-chat-local-claims.h — claims kept in memory: one laptop, or desks in one process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-chat-claims.h"

G_BEGIN_DECLS

#define DD_TYPE_CHAT_LOCAL_CLAIMS (dd_chat_local_claims_get_type ())

G_DECLARE_FINAL_TYPE (DdChatLocalClaims, dd_chat_local_claims, DD, CHAT_LOCAL_CLAIMS, GObject)

/* First come, first served: a claim is refused, naming the holder, when
 * the question is not (or no longer) what the claimer saw. */
DdChatLocalClaims *dd_chat_local_claims_new (void);

G_END_DECLS
