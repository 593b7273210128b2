/* dd-nats-kv.c — JetStream key-value buckets (nats-server 2.9)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dd-nats-kv.h"
#include "dd-nats-kv-watch.h"

#define NS_PER_MS G_GUINT64_CONSTANT (1000000)
/* The duplicate window may not exceed max_age (err 10052). */
#define MAX_DUPLICATE_WINDOW_MS (2 * 60 * 1000)

gboolean
dd_nats_kv_key_is_valid (const char *key)
{
  if (key == NULL || *key == '\0' || key[0] == '.' || key[strlen (key) - 1] == '.')
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-/_=.", *p) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
dd_nats_kv_check_names (const char *bucket,
                        const char *key,
                        GError    **error)
{
  if (!dd_nats_kv_key_is_valid (bucket) || strchr (bucket, '.') != NULL)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("“%s” is not a valid bucket name"), bucket != NULL ? bucket : "");
      return FALSE;
    }
  if (key != NULL && !dd_nats_kv_key_is_valid (key))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("“%s” is not a valid key: use letters, digits and - / _ = ."), key);
      return FALSE;
    }
  return TRUE;
}

void
dd_nats_kv_create_bucket_async (DdNatsClient        *client,
                                const char          *bucket,
                                guint                history,
                                guint64              max_age_ms,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  dd_nats_kv_create_replicated_bucket_async (client, bucket, history, max_age_ms, 1,
                                             cancellable, callback, user_data);
}

void
dd_nats_kv_create_replicated_bucket_async (DdNatsClient        *client,
                                           const char          *bucket,
                                           guint                history,
                                           guint64              max_age_ms,
                                           guint                replicas,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *wildcard = NULL;
  JsonArray *subjects;
  guint64 window_ms;

  if (!dd_nats_kv_check_names (bucket, NULL, &error))
    {
      g_task_report_error (NULL, callback, user_data, dd_nats_kv_create_replicated_bucket_async,
                           g_steal_pointer (&error));
      return;
    }

  name = g_strconcat ("KV_", bucket, NULL);
  subjects = json_array_new ();
  wildcard = g_strdup_printf ("$KV.%s.>", bucket);
  json_array_add_string_element (subjects, wildcard);
  window_ms = max_age_ms > 0 ? MIN (max_age_ms, MAX_DUPLICATE_WINDOW_MS) : MAX_DUPLICATE_WINDOW_MS;

  json_object_set_string_member (config, "name", name);
  json_object_set_array_member (config, "subjects", subjects);
  json_object_set_int_member (config, "max_msgs_per_subject", MAX (history, 1));
  json_object_set_int_member (config, "max_age", (gint64) (max_age_ms * NS_PER_MS));
  json_object_set_int_member (config, "duplicate_window", (gint64) (window_ms * NS_PER_MS));
  json_object_set_string_member (config, "storage", "file");
  json_object_set_string_member (config, "retention", "limits");
  json_object_set_string_member (config, "discard", "new");
  json_object_set_int_member (config, "num_replicas", MAX (replicas, 1));
  json_object_set_boolean_member (config, "allow_direct", TRUE);
  json_object_set_boolean_member (config, "allow_rollup_hdrs", TRUE);
  json_object_set_boolean_member (config, "deny_delete", TRUE);
  dd_nats_js_stream_create_async (client, config, cancellable, callback, user_data);
}

/* A put or a marker: `headers` may be NULL; `expected_revision` >= 0
 * adds the compare-and-swap guard. */
static void
kv_publish (DdNatsClient        *client,
            const char          *bucket,
            const char          *key,
            DdNatsHeaders       *headers,
            const void          *value,
            gsize                len,
            gint64               expected_revision,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(DdNatsHeaders) all = headers != NULL ? dd_nats_headers_ref (headers) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;

  if (!dd_nats_kv_check_names (bucket, key, &error))
    {
      g_task_report_error (NULL, callback, user_data, dd_nats_js_publish_async,
                           g_steal_pointer (&error));
      return;
    }
  if (expected_revision >= 0)
    {
      if (all == NULL)
        all = dd_nats_headers_new ();
      dd_nats_js_headers_add_expected_sequence (all, expected_revision);
    }
  subject = g_strdup_printf ("$KV.%s.%s", bucket, key);
  dd_nats_js_publish_with_headers_async (client, subject, all, value, len, 0,
                                         cancellable, callback, user_data);
}

void
dd_nats_kv_put_async (DdNatsClient        *client,
                      const char          *bucket,
                      const char          *key,
                      const void          *value,
                      gsize                len,
                      gint64               expected_revision,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  kv_publish (client, bucket, key, NULL, value, len, expected_revision,
              cancellable, callback, user_data);
}

guint64
dd_nats_kv_put_finish (GAsyncResult  *result,
                       GError       **error)
{
  return dd_nats_js_publish_finish (result, NULL, error);
}

/* A delete leaves a marker (the key's history stays); a purge leaves one
 * marker and rolls the key's history up into it. */
static void
put_marker (DdNatsClient        *client,
            const char          *bucket,
            const char          *key,
            DdNatsKvOperation    operation,
            gint64               expected_revision,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(DdNatsHeaders) headers = dd_nats_headers_new ();

  dd_nats_headers_add (headers, "KV-Operation", dd_nats_kv_operation_to_string (operation), NULL);
  if (operation == DD_NATS_KV_PURGE)
    dd_nats_headers_add (headers, "Nats-Rollup", "sub", NULL);
  kv_publish (client, bucket, key, headers, "", 0, expected_revision, cancellable, callback, user_data);
}

void
dd_nats_kv_delete_async (DdNatsClient        *client,
                         const char          *bucket,
                         const char          *key,
                         gint64               expected_revision,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  put_marker (client, bucket, key, DD_NATS_KV_DELETE, expected_revision,
              cancellable, callback, user_data);
}

void
dd_nats_kv_purge_async (DdNatsClient        *client,
                        const char          *bucket,
                        const char          *key,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  put_marker (client, bucket, key, DD_NATS_KV_PURGE, -1, cancellable, callback, user_data);
}

static void
get_reply_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(DdNatsMsg) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *key = g_task_get_task_data (task);
  const char *operation, *sequence;
  guint status;

  reply = dd_nats_client_request_finish (DD_NATS_CLIENT (source), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, DD_NET_ERROR, DD_NATS_ERROR_NO_RESPONDERS))
        g_task_return_new_error (task, DD_NET_ERROR, DD_NATS_ERROR_NOT_FOUND,
                                 _("The squad server has no bucket holding “%s”"), key);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = dd_nats_msg_get_status (reply);
  operation = dd_nats_msg_get_header (reply, "KV-Operation");
  if (status == 404 || (operation != NULL && (g_str_equal (operation, "DEL") ||
                                              g_str_equal (operation, "PURGE"))))
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NATS_ERROR_NOT_FOUND,
                               _("“%s” has no value"), key);
      return;
    }
  sequence = dd_nats_msg_get_header (reply, "Nats-Sequence");
  if (status != 0 || sequence == NULL)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NATS_ERROR_JETSTREAM,
                               _("The squad server could not read “%s” (status %u)"), key, status);
      return;
    }
  g_object_set_data (G_OBJECT (task), "revision",
                     GSIZE_TO_POINTER ((gsize) g_ascii_strtoull (sequence, NULL, 10)));
  g_task_return_pointer (task, g_bytes_new (reply->data, reply->len), (GDestroyNotify) g_bytes_unref);
}

void
dd_nats_kv_get_async (DdNatsClient        *client,
                      const char          *bucket,
                      const char          *key,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_nats_kv_get_async);
  if (!dd_nats_kv_check_names (bucket, key, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, g_strdup (key), g_free);
  subject = g_strdup_printf ("$JS.API.DIRECT.GET.KV_%s", bucket);
  body = g_strdup_printf ("{\"last_by_subj\":\"$KV.%s.%s\"}", bucket, key);
  dd_nats_client_request_async (client, subject, NULL, body, strlen (body),
                                DD_NATS_JS_DEFAULT_TIMEOUT_MS, cancellable,
                                get_reply_cb, g_steal_pointer (&task));
}

GBytes *
dd_nats_kv_get_finish (GAsyncResult  *result,
                       guint64       *revision,
                       GError       **error)
{
  GBytes *value;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value != NULL && revision != NULL)
    *revision = (guint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (result), "revision"));
  return value;
}
