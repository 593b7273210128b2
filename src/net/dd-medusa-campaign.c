/* dd-medusa-campaign.c — a Medusa v2 campaign as Dropdeck reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-medusa-campaign.h"
#include "dd-medusa-catalog-private.h"
#include "dd-medusa-feed.h"
#include "dd-medusa-json.h"

gboolean
dd_medusa_campaign_from_json (JsonObject        *object,
                              DdMedusaCampaign  *out,
                              GError           **error)
{
  const char *what = _("a campaign");

  memset (out, 0, sizeof *out);
  if (!_dd_medusa_require_id (object, what, &out->id, error) ||
      !dd_medusa_json_get_string (object, "campaign_identifier", what, &out->identifier, error) ||
      !dd_medusa_time_from_json (object, "starts_at", what, &out->starts_at_us, error) ||
      !dd_medusa_time_from_json (object, "ends_at", what, &out->ends_at_us, error))
    return FALSE;
  if (out->starts_at_us != 0 && out->ends_at_us != 0 && out->ends_at_us < out->starts_at_us)
    return _dd_medusa_protocol_error (error, _("Medusa sent campaign %s that ends before it starts"), out->id);
  return TRUE;
}
