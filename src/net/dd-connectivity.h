/* dd-connectivity.h — the reachability of one service, as the header bar shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  DD_CONNECTIVITY_OFFLINE,
  DD_CONNECTIVITY_DEGRADED,
  DD_CONNECTIVITY_ONLINE,
} DdConnectivityState;

typedef enum
{
  DD_SERVICE_COMMERCE,
  DD_SERVICE_SQUAD,
  DD_SERVICE_AUDIENCE,
} DdServiceKind;

#define DD_N_SERVICES 3

#define DD_TYPE_CONNECTIVITY (dd_connectivity_get_type ())

G_DECLARE_FINAL_TYPE (DdConnectivity, dd_connectivity, DD, CONNECTIVITY, GObject)

/* Properties: "service" (DdServiceKind, construct-only), "state"
 * (DdConnectivityState), "detail" (a translated sentence for the tooltip,
 * e.g. "Demo drop: simulated audience"). Notifies only on change. */
DdConnectivity      *dd_connectivity_new          (DdServiceKind service);
DdServiceKind        dd_connectivity_get_service  (DdConnectivity *self);
DdConnectivityState  dd_connectivity_get_state    (DdConnectivity *self);
const char          *dd_connectivity_get_detail   (DdConnectivity *self);
void                 dd_connectivity_update       (DdConnectivity      *self,
                                                   DdConnectivityState  state,
                                                   const char          *detail);
const char          *dd_service_kind_get_display_name (DdServiceKind service);
const char          *dd_connectivity_state_get_display_name (DdConnectivityState state);

G_END_DECLS
