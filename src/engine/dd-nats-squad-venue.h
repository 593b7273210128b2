/* dd-nats-squad-venue.h — venue mode: the cloud's squad stream sources the venue's
 *
 * At a venue, a laptop runs nats-server as a leaf node of the cloud server
 * with a JetStream domain of its own; the squad's laptops on the LAN use
 * it. On the cloud server, SQUAD_<squad> then holds nothing of its own but
 * sources the venue's stream through that domain's API, so what the venue
 * stores during an outage arrives upstream, in order and once, when the
 * link is back, and remote members read it there as usual.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-nats-client.h"

G_BEGIN_DECLS

/* Creates (or finds as it is) the sourcing stream on the server `client`
 * is connected to. DD_CORE_ERROR_INVALID_FIELD for a bad squad or domain
 * name; JetStream refusals as DD_NET_ERROR. */
void     dd_nats_squad_source_venue_async  (DdNatsClient        *client,
                                            const char          *squad,
                                            const char          *venue_domain,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean dd_nats_squad_source_venue_finish (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
