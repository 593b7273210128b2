/* dd-medusa-push-private.h — what the Medusa push modules share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-medusa-push.h"

G_BEGIN_DECLS

/* The task data of one push. */
typedef struct
{
  DdOutboxEntry  *entry;
  DdMedusaClient *client;
  DdMedusaReadAhead *read_ahead;   /* or NULL */
  char            currency[4];
  JsonNode       *payload;
  JsonObject     *local;     /* payload.offer */
  JsonNode       *base_root;
  JsonObject     *base;      /* or NULL */
  char           *product_id;
  char           *refusal;   /* Medusa's reason when it refused the create */
  GQueue          writes;
} Push;

void _dd_medusa_push_free           (Push                  *push);
/* Ends the task with an outcome. */
void _dd_medusa_push_return         (GTask                 *task,
                                     DdCommercePushOutcome  outcome,
                                     const char            *message,
                                     const char            *remote_id);
/* A refusal (DD_NET_ERROR_REJECTED) ends the entry with Medusa's reason;
 * any other error is returned, worth another attempt. Takes `error`. */
void _dd_medusa_push_return_failure (GTask                 *task,
                                     GError                *error);

/* dd-medusa-push-stock.c: a stock delta (entity "stock"). Takes `task`. */
void _dd_medusa_push_stock          (GTask                 *task);
/* dd-medusa-push-campaign.c: an offer's incentive window (entity
 * "campaign"). Takes `task`. */
void _dd_medusa_push_campaign       (GTask                 *task);

G_END_DECLS
