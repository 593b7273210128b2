/* dd-nats-inbox.h — reply subjects under one wildcard subscription
 *
 * A client subscribes once to "_INBOX.<random>.*"; each request takes a
 * reply subject "_INBOX.<random>.<token>" with a handler, and what arrives
 * on it is routed by token. No I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-nats-msg.h"

G_BEGIN_DECLS

/* Return FALSE when no more messages are expected on this reply subject. */
typedef gboolean (*DdNatsInboxFunc) (const DdNatsMsg *msg,
                                     gpointer         user_data);

typedef struct _DdNatsInbox DdNatsInbox;

DdNatsInbox *dd_nats_inbox_new          (void);
void         dd_nats_inbox_free         (DdNatsInbox     *self);
/* What the client subscribes to. */
const char  *dd_nats_inbox_get_wildcard (DdNatsInbox     *self);
/* A fresh reply subject; `func` gets its messages until it returns FALSE
 * or the subject is removed (then `destroy` is called). */
char        *dd_nats_inbox_add          (DdNatsInbox     *self,
                                         DdNatsInboxFunc  func,
                                         gpointer         user_data,
                                         GDestroyNotify   destroy);
void         dd_nats_inbox_remove       (DdNatsInbox     *self,
                                         const char      *reply);
/* Routes a message received on the wildcard; late replies are dropped. */
void         dd_nats_inbox_dispatch     (DdNatsInbox     *self,
                                         const DdNatsMsg *msg);
void         dd_nats_inbox_clear        (DdNatsInbox     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdNatsInbox, dd_nats_inbox_free)

G_END_DECLS
