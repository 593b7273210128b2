/* dd-nats-squad-claims.h — who answers which buyer question, across the squad
 *
 * DdChatClaims over a squad channel's shared state: one key per message,
 * "claim.<sha-1 of the message id>" in the squad's claims bucket, holding
 * {"message": id, "member": name}; a claim is written only over the
 * revision this laptop saw (compare-and-swap), so two members claiming one
 * question at once get one winner, and the other is told who.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-chat-claims.h"
#include "dd-nats-squad-channel.h"

G_BEGIN_DECLS

#define DD_TYPE_NATS_SQUAD_CLAIMS (dd_nats_squad_claims_get_type ())

G_DECLARE_FINAL_TYPE (DdNatsSquadClaims, dd_nats_squad_claims, DD, NATS_SQUAD_CLAIMS, GObject)

DdNatsSquadClaims *dd_nats_squad_claims_new (DdNatsSquadChannel *channel);

G_END_DECLS
