/* dd-nats-encoder.h — the operations a NATS client sends
 *
 * Each function appends one operation to `out`. Subjects, reply subjects
 * and queue groups are refused (DD_NET_ERROR_INVALID_TEXT, nothing
 * appended) when empty or holding a space, tab, CR, LF or NUL: such a
 * subject would split the protocol line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-nats-headers.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;     /* the connection's name, shown by the server */
  const char *user;     /* with pass; or NULL */
  const char *pass;
  const char *token;    /* auth_token; or NULL */
  gboolean tls_required;
} DdNatsConnectOptions;

gboolean dd_nats_subject_is_valid (const char *subject,
                                   gssize      len);
gboolean dd_nats_check_subject    (const char *subject,
                                   GError    **error);

void     dd_nats_encode_connect   (GString                    *out,
                                   const DdNatsConnectOptions *options);
gboolean dd_nats_encode_pub       (GString       *out,
                                   const char    *subject,
                                   const char    *reply,
                                   const void    *payload,
                                   gsize          payload_len,
                                   GError       **error);
/* `headers` may be NULL: an HPUB with an empty "NATS/1.0" block. */
gboolean dd_nats_encode_hpub      (GString       *out,
                                   const char    *subject,
                                   const char    *reply,
                                   DdNatsHeaders *headers,
                                   const void    *payload,
                                   gsize          payload_len,
                                   GError       **error);
gboolean dd_nats_encode_sub       (GString       *out,
                                   const char    *subject,
                                   const char    *queue_group,
                                   guint64        sid,
                                   GError       **error);
/* `max_msgs` 0: at once; otherwise after that many more messages. */
void     dd_nats_encode_unsub     (GString       *out,
                                   guint64        sid,
                                   guint64        max_msgs);
void     dd_nats_encode_ping      (GString       *out);
void     dd_nats_encode_pong      (GString       *out);

G_END_DECLS
