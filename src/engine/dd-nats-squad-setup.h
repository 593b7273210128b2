/* dd-nats-squad-setup.h — making sure a squad's stream and buckets exist
 *
 * Asks for each (SQUAD_<squad> and the KV_dd-<squad>-* buckets, see
 * dd-squad-subjects.h) and creates what is missing, with `replicas` copies
 * on a JetStream cluster (one on a single server). A member the server
 * does not let create them gets an error saying who can.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-nats-client.h"

G_BEGIN_DECLS

void     dd_nats_squad_setup_async  (DdNatsClient        *client,
                                     const char          *squad,
                                     guint                replicas,
                                     guint64              presence_max_age_ms,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* FALSE with the first step's error. */
gboolean dd_nats_squad_setup_finish (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
