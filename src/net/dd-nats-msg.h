/* dd-nats-msg.h — one message received from (or sent to) a NATS subject
 *
 * Subscription callbacks get a DdNatsMsg that borrows the connection's
 * buffer and lives only during the call; dd_nats_msg_copy() makes one that
 * owns everything, in one allocation, to keep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dd-nats-headers.h"

G_BEGIN_DECLS

typedef struct
{
  const char *subject;
  const char *reply;       /* NULL when there is none */
  guint64 sid;
  DdNatsHeaders *headers;  /* NULL when the message has none */
  const char *data;        /* followed by a NUL byte */
  gsize len;
} DdNatsMsg;

#define DD_TYPE_NATS_MSG (dd_nats_msg_get_type ())

GType      dd_nats_msg_get_type   (void) G_GNUC_CONST;
DdNatsMsg *dd_nats_msg_copy       (const DdNatsMsg *msg);
void       dd_nats_msg_free       (DdNatsMsg       *msg);
/* The status code of the header block, or 0. */
guint      dd_nats_msg_get_status (const DdNatsMsg *msg);
/* The value of a header, or NULL. */
const char *dd_nats_msg_get_header (const DdNatsMsg *msg,
                                    const char      *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdNatsMsg, dd_nats_msg_free)

G_END_DECLS
