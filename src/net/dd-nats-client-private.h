/* dd-nats-client-private.h — what only the net layer calls on DdNatsClient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-nats-client.h"
#include "dd-nats-inbox.h"

G_BEGIN_DECLS

/* A fresh reply subject under the client's inbox; `func` gets what arrives
 * on it until it returns FALSE or the handler is removed. */
char     *_dd_nats_client_add_inbox_handler    (DdNatsClient    *self,
                                                DdNatsInboxFunc  func,
                                                gpointer         user_data,
                                                GDestroyNotify   destroy);
void      _dd_nats_client_remove_inbox_handler (DdNatsClient    *self,
                                                const char      *reply);

G_END_DECLS
