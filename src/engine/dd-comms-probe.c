/* dd-comms-probe.c — is the secondary squad server reachable? A real round trip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-comms-probe.h"
#include "dd-nats-client.h"

typedef struct
{
  char         *url;
  DdNatsClient *client;
  GCancellable *cancellable;   /* ours: the caller's or the timeout cancel it */
  gulong        caller_cancel_id;
  GCancellable *caller_cancellable;
  GSource      *timeout;
  gboolean      timed_out;
  guint         timeout_ms;
  gint64        ping_sent;
  double        rtt_ms;
  char         *evidence;
  gboolean      passed;
} Probe;

static void
probe_free (Probe *probe)
{
  if (probe->caller_cancellable != NULL)
    g_cancellable_disconnect (probe->caller_cancellable, probe->caller_cancel_id);
  g_clear_object (&probe->caller_cancellable);
  if (probe->timeout != NULL)
    {
      g_source_destroy (probe->timeout);
      g_source_unref (probe->timeout);
    }
  if (probe->client != NULL)
    dd_nats_client_close (probe->client);
  g_clear_object (&probe->client);
  g_clear_object (&probe->cancellable);
  g_free (probe->url);
  g_free (probe->evidence);
  g_free (probe);
}

char *
dd_comms_probe_dup_secondary_url (const char *url_list)
{
  g_auto(GStrv) urls = NULL;

  if (url_list == NULL)
    return NULL;
  urls = g_strsplit (url_list, ",", -1);
  if (g_strv_length (urls) < 2)
    return NULL;
  return g_strdup (g_strstrip (urls[1]));
}

static void
finish (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);

  if (probe->timeout != NULL)
    {
      g_source_destroy (probe->timeout);
      g_clear_pointer (&probe->timeout, g_source_unref);
    }

  if (probe->caller_cancellable != NULL && g_cancellable_is_cancelled (probe->caller_cancellable))
    g_task_return_error_if_cancelled (task);
  else
    g_task_return_boolean (task, probe->passed);
  g_object_unref (task);
}

static void
fail (GTask        *task,
      const GError *error)
{
  Probe *probe = g_task_get_task_data (task);

  probe->passed = FALSE;
  probe->rtt_ms = -1;
  if (probe->timed_out)
    /* Translators: evidence of a failed probe, "nats://… did not answer within 5.0 s" */
    probe->evidence = g_strdup_printf (_("%s did not answer within %.1f s"), probe->url,
                                       probe->timeout_ms / 1000.0);
  else
    /* Translators: evidence of a failed probe, "nats://…:4223: no round trip: Connection refused" */
    probe->evidence = g_strdup_printf (_("%s: no round trip: %s"), probe->url, error->message);
  finish (task);
}

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *version;

  if (!dd_nats_client_flush_finish (DD_NATS_CLIENT (source), result, &error))
    {
      fail (task, error);
      return;
    }

  probe->rtt_ms = (g_get_monotonic_time () - probe->ping_sent) / 1000.0;
  probe->passed = TRUE;
  version = dd_nats_client_get_server_version (probe->client);
  /* Translators: evidence of a passed probe, "nats://127.0.0.1:4223 answered PING with PONG in 0.42 ms (nats-server 2.9.10)" */
  probe->evidence = g_strdup_printf (_("%s answered PING with PONG in %.2f ms (nats-server %s)"),
                                     probe->url, probe->rtt_ms,
                                     version != NULL ? version : _("of unknown version"));
  finish (task);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!dd_nats_client_connect_finish (DD_NATS_CLIENT (source), result, &error))
    {
      fail (task, error);
      return;
    }

  /* The handshake already had a PONG; this one is the measured round trip. */
  probe->ping_sent = g_get_monotonic_time ();
  dd_nats_client_flush_async (probe->client, probe->cancellable, flushed_cb, task);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Probe *probe = user_data;

  probe->timed_out = TRUE;
  g_cancellable_cancel (probe->cancellable);
  g_clear_pointer (&probe->timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

void
dd_comms_probe_async (const char          *url,
                      const char          *user,
                      const char          *password,
                      guint                timeout_ms,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  const char *servers[] = { url, NULL };
  GTask *task;
  Probe *probe;

  g_return_if_fail (url != NULL);
  g_return_if_fail (timeout_ms > 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_comms_probe_async);
  probe = g_new0 (Probe, 1);
  probe->url = g_strdup (url);
  probe->timeout_ms = timeout_ms;
  probe->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, probe, (GDestroyNotify) probe_free);
  if (cancellable != NULL)
    {
      probe->caller_cancellable = g_object_ref (cancellable);
      probe->caller_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                       probe->cancellable, NULL);
    }
  probe->timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (probe->timeout, timeout_cb, probe, NULL);
  g_source_attach (probe->timeout, g_main_context_get_thread_default ());

  probe->client = dd_nats_client_new (servers);
  dd_nats_client_set_name (probe->client, "dropdeck comms probe");
  if (user != NULL)
    dd_nats_client_set_credentials (probe->client, user, password);
  dd_nats_client_connect_async (probe->client, probe->cancellable, connected_cb, task);
}

gboolean
dd_comms_probe_finish (GAsyncResult  *result,
                       char         **evidence,
                       double        *rtt_ms,
                       GError       **error)
{
  Probe *probe;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  probe = g_task_get_task_data (G_TASK (result));
  if (evidence != NULL)
    *evidence = g_strdup (probe->evidence);
  if (rtt_ms != NULL)
    *rtt_ms = probe->passed ? probe->rtt_ms : -1;
  return g_task_propagate_boolean (G_TASK (result), error);
}
