/* dd-medusa-json.h — reading and writing the JSON Medusa speaks
 *
 * Pure helpers: no I/O. Parsing refuses truncated or invalid text and a
 * top level that is not an object; the writer prints doubles as the
 * shortest text that reads back the same (json-glib's own generator prints
 * 19.99 as 19.989999999999998).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* `what` names the answer in the error ("the product list"). */
JsonNode   *dd_medusa_json_parse          (const char  *data,
                                           gsize        len,
                                           const char  *what,
                                           GError     **error);
char       *dd_medusa_json_to_string      (JsonNode    *node);

/* Lenient readers for fields of an object that may be missing or null:
 * they return NULL / FALSE without an error then, and fail with
 * DD_NET_ERROR_PROTOCOL naming `what` and the member when the field holds
 * the wrong type. */
gboolean    dd_medusa_json_get_string     (JsonObject  *object,
                                           const char  *member,
                                           const char  *what,
                                           const char **out,
                                           GError     **error);
gboolean    dd_medusa_json_get_array      (JsonObject  *object,
                                           const char  *member,
                                           const char  *what,
                                           JsonArray  **out,
                                           GError     **error);
gboolean    dd_medusa_json_get_object     (JsonObject  *object,
                                           const char  *member,
                                           const char  *what,
                                           JsonObject **out,
                                           GError     **error);
/* A number, or a string holding one (metadata written by Medusa's admin
 * dashboard keeps numbers as strings). *found says whether it was there. */
gboolean    dd_medusa_json_get_double     (JsonObject  *object,
                                           const char  *member,
                                           const char  *what,
                                           gboolean    *found,
                                           double      *out,
                                           GError     **error);
/* A whole number in [min, max], as a number or a string. */
gboolean    dd_medusa_json_get_integer    (JsonObject  *object,
                                           const char  *member,
                                           const char  *what,
                                           gint64       min,
                                           gint64       max,
                                           gboolean    *found,
                                           gint64      *out,
                                           GError     **error);

G_END_DECLS
