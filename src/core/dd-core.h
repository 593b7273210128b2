/* dd-core.h — the whole core layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-allocation-planner.h"
#include "dd-chat-message.h"
#include "dd-chat-mod-event.h"
#include "dd-bundle.h"
#include "dd-checklist.h"
#include "dd-checklist-probes.h"
#include "dd-checklist-report.h"
#include "dd-checklist-template.h"
#include "dd-core-enums.h"
#include "dd-core-error.h"
#include "dd-delivery-promise.h"
#include "dd-go-no-go-poll.h"
#include "dd-hub.h"
#include "dd-ledger-chain.h"
#include "dd-ledger-entry.h"
#include "dd-money.h"
#include "dd-offer.h"
#include "dd-offer-guards.h"
#include "dd-offer-input.h"
#include "dd-offer-machine.h"
#include "dd-order.h"
#include "dd-oversell-guard.h"
#include "dd-price-approval.h"
#include "dd-price-history.h"
#include "dd-promotion.h"
#include "dd-role.h"
#include "dd-rollback-trigger.h"
#include "dd-stock-level.h"
