/* dd-nats-headers.h — the header block of NATS messages (HPUB, HMSG)
 *
 * "NATS/1.0[ CODE[ DESCRIPTION]]\r\n" then "Key: Value\r\n" lines and an
 * empty line. The status line carries the server's answers that have no
 * payload: 503 (no responders), 404 and 408 (pull fetch), 100 (idle
 * heartbeat). Keys keep their spelling and compare without case; a key may
 * repeat. Values and keys are checked for CR, LF and NUL before encoding.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _DdNatsHeaders DdNatsHeaders;

#define DD_TYPE_NATS_HEADERS (dd_nats_headers_get_type ())

GType          dd_nats_headers_get_type        (void) G_GNUC_CONST;
DdNatsHeaders *dd_nats_headers_new             (void);
DdNatsHeaders *dd_nats_headers_ref             (DdNatsHeaders *self);
void           dd_nats_headers_unref           (DdNatsHeaders *self);
/* Parses a received block. NULL with DD_NET_ERROR_PROTOCOL when malformed. */
DdNatsHeaders *dd_nats_headers_parse           (const char    *block,
                                                gsize          len,
                                                GError       **error);
/* FALSE with DD_NET_ERROR_INVALID_TEXT when key or value cannot be sent. */
gboolean       dd_nats_headers_add             (DdNatsHeaders *self,
                                                const char    *key,
                                                const char    *value,
                                                GError       **error);
/* The first value of `key`, or NULL. */
const char    *dd_nats_headers_get             (DdNatsHeaders *self,
                                                const char    *key);
guint          dd_nats_headers_get_n_fields    (DdNatsHeaders *self);
void           dd_nats_headers_get_field       (DdNatsHeaders *self,
                                                guint          index,
                                                const char   **key,
                                                const char   **value);
/* 0 when the status line has no code. */
guint          dd_nats_headers_get_status      (DdNatsHeaders *self);
const char    *dd_nats_headers_get_description (DdNatsHeaders *self);
/* Appends the encoded block, ending with the empty line. */
void           dd_nats_headers_encode          (DdNatsHeaders *self,
                                                GString       *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdNatsHeaders, dd_nats_headers_unref)

G_END_DECLS
