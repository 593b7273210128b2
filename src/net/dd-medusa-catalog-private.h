/* dd-medusa-catalog-private.h — what the Medusa mappers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Sets a DD_NET_ERROR_PROTOCOL error; always returns FALSE. */
gboolean    _dd_medusa_protocol_error (GError     **error,
                                       const char  *format,
                                       ...) G_GNUC_PRINTF (2, 3);
/* Prefixes `cause` (consumed) with what it is about; returns FALSE. */
gboolean    _dd_medusa_wrap_error     (GError     **error,
                                       GError      *cause,
                                       const char  *what);
/* The element as an object, or an error naming the list. */
JsonObject *_dd_medusa_element_object (JsonArray   *array,
                                       guint        index,
                                       const char  *list,
                                       GError     **error);
/* An id field that must be there and be non-empty text. */
gboolean    _dd_medusa_require_id     (JsonObject  *object,
                                       const char  *what,
                                       const char **out,
                                       GError     **error);

G_END_DECLS
