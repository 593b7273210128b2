/* dd-nats-encoder.c — the operations a NATS client sends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dd-nats-encoder.h"
#include "dd-net-error.h"

gboolean
dd_nats_subject_is_valid (const char *subject,
                          gssize      len)
{
  gsize n;

  if (subject == NULL)
    return FALSE;
  n = len < 0 ? strlen (subject) : (gsize) len;
  if (n == 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      char c = subject[i];

      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0')
        return FALSE;
    }
  return TRUE;
}

gboolean
dd_nats_check_subject (const char *subject,
                       GError    **error)
{
  if (dd_nats_subject_is_valid (subject, -1))
    return TRUE;
  g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
               _("“%s” is not a NATS subject: it is empty or holds a space or a line break"),
               subject != NULL ? subject : "");
  return FALSE;
}

void
dd_nats_encode_connect (GString                    *out,
                        const DdNatsConnectOptions *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "verbose");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "pedantic");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "tls_required");
  json_builder_add_boolean_value (builder, options != NULL && options->tls_required);
  json_builder_set_member_name (builder, "headers");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "no_responders");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "lang");
  json_builder_add_string_value (builder, "c");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  if (options != NULL && options->name != NULL)
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, options->name);
    }
  if (options != NULL && options->user != NULL)
    {
      json_builder_set_member_name (builder, "user");
      json_builder_add_string_value (builder, options->user);
      json_builder_set_member_name (builder, "pass");
      json_builder_add_string_value (builder, options->pass != NULL ? options->pass : "");
    }
  if (options != NULL && options->token != NULL)
    {
      json_builder_set_member_name (builder, "auth_token");
      json_builder_add_string_value (builder, options->token);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  /* JSON escapes CR and LF inside strings: the line stays one line. */
  json = json_to_string (root, FALSE);
  g_string_append (out, "CONNECT ");
  g_string_append (out, json);
  g_string_append (out, "\r\n");
}

static gboolean
check_reply (const char *reply,
             GError    **error)
{
  return reply == NULL || dd_nats_check_subject (reply, error);
}

gboolean
dd_nats_encode_pub (GString    *out,
                    const char *subject,
                    const char *reply,
                    const void *payload,
                    gsize       payload_len,
                    GError    **error)
{
  char number[24];
  int n;

  if (!dd_nats_check_subject (subject, error) || !check_reply (reply, error))
    return FALSE;

  g_string_append_len (out, "PUB ", 4);
  g_string_append (out, subject);
  g_string_append_c (out, ' ');
  if (reply != NULL)
    {
      g_string_append (out, reply);
      g_string_append_c (out, ' ');
    }
  n = g_snprintf (number, sizeof number, "%" G_GSIZE_FORMAT "\r\n", payload_len);
  g_string_append_len (out, number, n);
  g_string_append_len (out, payload, (gssize) payload_len);
  g_string_append_len (out, "\r\n", 2);
  return TRUE;
}

gboolean
dd_nats_encode_hpub (GString       *out,
                     const char    *subject,
                     const char    *reply,
                     DdNatsHeaders *headers,
                     const void    *payload,
                     gsize          payload_len,
                     GError       **error)
{
  g_autoptr(GString) block = g_string_new (NULL);

  if (!dd_nats_check_subject (subject, error) || !check_reply (reply, error))
    return FALSE;

  if (headers != NULL)
    dd_nats_headers_encode (headers, block);
  else
    g_string_append (block, "NATS/1.0\r\n\r\n");

  g_string_append_printf (out, "HPUB %s %s%s%" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT "\r\n",
                          subject, reply != NULL ? reply : "", reply != NULL ? " " : "",
                          block->len, block->len + payload_len);
  g_string_append_len (out, block->str, (gssize) block->len);
  g_string_append_len (out, payload, (gssize) payload_len);
  g_string_append_len (out, "\r\n", 2);
  return TRUE;
}

gboolean
dd_nats_encode_sub (GString    *out,
                    const char *subject,
                    const char *queue_group,
                    guint64     sid,
                    GError    **error)
{
  if (!dd_nats_check_subject (subject, error))
    return FALSE;
  if (queue_group != NULL && !dd_nats_check_subject (queue_group, error))
    return FALSE;

  g_string_append_printf (out, "SUB %s %s%s%" G_GUINT64_FORMAT "\r\n",
                          subject, queue_group != NULL ? queue_group : "",
                          queue_group != NULL ? " " : "", sid);
  return TRUE;
}

void
dd_nats_encode_unsub (GString *out,
                      guint64  sid,
                      guint64  max_msgs)
{
  if (max_msgs > 0)
    g_string_append_printf (out, "UNSUB %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT "\r\n",
                            sid, max_msgs);
  else
    g_string_append_printf (out, "UNSUB %" G_GUINT64_FORMAT "\r\n", sid);
}

void
dd_nats_encode_ping (GString *out)
{
  g_string_append_len (out, "PING\r\n", 6);
}

void
dd_nats_encode_pong (GString *out)
{
  g_string_append_len (out, "PONG\r\n", 6);
}
