/* dd-irc-reconnect.c — reconnecting, keepalive and dedupe for DdIrcClient
 *
 * A lost connection is retried after a DdBackoff delay; a silent server
 * is pinged, then dropped; messages whose msgid was delivered in the last
 * DEDUPE_WINDOW messages are dropped, so a history replay on rejoin shows
 * nothing twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "dd-irc-client-private.h"

/* TRUE when `id` was delivered before; remembers it otherwise. */
gboolean
_dd_irc_client_seen_before (DdIrcClient *self,
                            const char  *id)
{
  char *copy;

  if (g_hash_table_contains (self->seen_ids, id))
    return TRUE;

  if (self->seen_ring[self->seen_pos] != NULL)
    {
      g_hash_table_remove (self->seen_ids, self->seen_ring[self->seen_pos]);
      g_free (self->seen_ring[self->seen_pos]);
    }
  copy = g_strdup (id);
  self->seen_ring[self->seen_pos] = copy;
  g_hash_table_add (self->seen_ids, copy);
  self->seen_pos = (self->seen_pos + 1) % DEDUPE_WINDOW;

  return FALSE;
}

static gboolean
reconnect_cb (gpointer user_data)
{
  DdIrcClient *self = user_data;

  g_clear_pointer (&self->reconnect_source, g_source_unref);
  _dd_irc_client_start_connecting (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (DdIrcClient *self,
                    guint        delay_ms)
{
  if (self->reconnect_source != NULL)
    return;
  self->reconnect_source = g_timeout_source_new (delay_ms);
  g_source_set_name (self->reconnect_source, "[dropdeck] irc reconnect");
  g_source_set_callback (self->reconnect_source, reconnect_cb, self, NULL);
  g_source_attach (self->reconnect_source, self->context);
}

void
_dd_irc_client_connection_lost (DdIrcClient  *self,
                                const GError *error)
{
  g_autofree char *detail = NULL;
  gboolean was_stable = self->registered &&
                        g_get_monotonic_time () - self->registered_us >= STABLE_CONNECTION_US;
  guint delay_ms;

  if (!self->running)
    return;

  _dd_irc_client_flush_batch (self);
  _dd_irc_client_close_connection (self);

  g_mutex_lock (&self->mutex);
  g_free (self->last_error);
  self->last_error = g_strdup (error->message);
  g_mutex_unlock (&self->mutex);

  self->failures++;
  self->local_stats.reconnects++;
  _dd_irc_client_publish_stats (self);

  /* The first retry after a connection that worked for a while goes at
   * once (a restart or a network change is the likely cause); a server
   * that drops us soon after every sign-in gets the backoff instead. */
  if (was_stable)
    dd_backoff_reset (self->backoff);
  delay_ms = was_stable ? 0 : dd_backoff_next_delay_ms (self->backoff);
  if (self->failures >= FAILURES_BEFORE_OFFLINE)
    {
      detail = g_strdup_printf (_("Cannot reach %s: %s. Trying again in %u s"),
                                self->host, error->message, (delay_ms + 999) / 1000);
      _dd_irc_client_update_connectivity (self, DD_CONNECTIVITY_OFFLINE, detail);
    }
  else
    {
      detail = g_strdup_printf (_("Lost the connection to %s: %s. Reconnecting"),
                                self->host, error->message);
      _dd_irc_client_update_connectivity (self, DD_CONNECTIVITY_DEGRADED, detail);
    }
  g_debug ("irc: %s; reconnecting in %u ms", error->message, delay_ms);
  schedule_reconnect (self, delay_ms);
}

gboolean
_dd_irc_client_keepalive_cb (gpointer user_data)
{
  DdIrcClient *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 idle = now - self->last_rx_us;

  if (self->stream == NULL && self->ws == NULL)
    return G_SOURCE_CONTINUE;

  if (!self->registered && idle > REGISTRATION_TIMEOUT_US)
    {
      g_autoptr(GError) error =
        g_error_new (DD_NET_ERROR, DD_NET_ERROR_TIMEOUT,
                     _("%s did not finish signing in"), self->host);
      _dd_irc_client_connection_lost (self, error);
    }
  else if (idle > KEEPALIVE_DROP_AFTER_US)
    {
      g_autoptr(GError) error =
        g_error_new (DD_NET_ERROR, DD_NET_ERROR_TIMEOUT,
                     _("%s stopped answering"), self->host);
      _dd_irc_client_connection_lost (self, error);
    }
  else if (self->registered && idle > KEEPALIVE_PING_AFTER_US && !self->ping_sent)
    {
      _dd_irc_client_send_line (self, "PING :dropdeck\r\n");
      self->ping_sent = TRUE;
    }

  return G_SOURCE_CONTINUE;
}
