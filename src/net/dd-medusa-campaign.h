/* dd-medusa-campaign.h — a Medusa v2 campaign, the time window that holds
 * an offer's incentive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What Dropdeck reads of a campaign. Strings point into the JSON. */
typedef struct
{
  const char *id;
  const char *identifier;     /* campaign_identifier, or NULL */
  gint64      starts_at_us;   /* 0: open */
  gint64      ends_at_us;     /* 0: open */
} DdMedusaCampaign;

/* Reads one campaign: an id is required; a window whose end comes before
 * its start is refused. */
gboolean dd_medusa_campaign_from_json (JsonObject        *object,
                                       DdMedusaCampaign  *out,
                                       GError           **error);

G_END_DECLS
