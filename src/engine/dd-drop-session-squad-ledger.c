/* dd-drop-session-squad-ledger.c — the ledger replicated through the squad
 *
 * With a real squad (NATS):
 * - every entry this laptop seals, whoever seals it (the offer editor, the
 *   oversell guard, moves, sign-offs, polls), is published to the squad's
 *   ledger stream once: a pump reads the local ledger after the last entry
 *   the stream acknowledged, publishes in seq order one at a time, and
 *   keeps that seq in sync_cursors ("nats-ledger", squad) after each ack.
 *   Entries sealed while the server was unreachable go out after the
 *   reconnect, and none twice (the entry id is the Nats-Msg-Id too, so an
 *   ack lost just before a crash is stored once by the server);
 * - other members' entries are kept apart from this laptop's chain
 *   (dd-store-squad-ledger.h), once each, and listed by
 *   dd_drop_session_get_squad_ledger(); an entry that does not match its
 *   hash is an alert and is not kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-drop-session-private.h"
#include "dd-nats-squad-channel.h"
#include "dd-store-cursors.h"

#define LEDGER_CURSOR_SERVICE "nats-ledger"
#define LEDGER_PUMP_MS        500    /* how often the local ledger is looked at */
#define LEDGER_RETRY_US       (2 * G_USEC_PER_SEC)  /* after a failed publish */
#define LEDGER_WINDOW         64     /* newest entries read per look */
#define SQUAD_LEDGER_LOADED   1000   /* other members' entries loaded at start */

static DdNatsSquadChannel *
ledger_channel (DdDropSession *self)
{
  return DD_IS_NATS_SQUAD_CHANNEL (self->squad) ? DD_NATS_SQUAD_CHANNEL (self->squad) : NULL;
}

/* Publishing this laptop's entries */

typedef struct
{
  DdDropSession *self;
  GPtrArray     *pending;  /* DdLedgerEntry, seq order */
  guint          next;
} LedgerPublish;

static void ledger_pump (DdDropSession *self);

static void
ledger_pump_done (DdDropSession *self,
                  gboolean       failed)
{
  self->ledger_busy = FALSE;
  if (failed)
    self->ledger_retry_at = g_get_monotonic_time () + LEDGER_RETRY_US;
}

static void
ledger_publish_free (LedgerPublish *publish)
{
  g_ptr_array_unref (publish->pending);
  g_object_unref (publish->self);
  g_free (publish);
}

static void publish_next (LedgerPublish *publish);

static void
ledger_published_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LedgerPublish *publish = user_data;
  DdDropSession *self = publish->self;
  DdLedgerEntry *entry = g_ptr_array_index (publish->pending, publish->next);
  g_autoptr(GError) error = NULL;
  char text[24];

  if (dd_nats_squad_channel_send_finish (DD_NATS_SQUAD_CHANNEL (source), result, &error) == 0)
    {
      /* An outage or a refusal: tried again later, from this entry. */
      g_debug ("Ledger entry %" G_GINT64_FORMAT " not replicated yet: %s",
               dd_ledger_entry_get_seq (entry), error->message);
      ledger_pump_done (self, TRUE);
      ledger_publish_free (publish);
      return;
    }
  self->ledger_published = dd_ledger_entry_get_seq (entry);
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, self->ledger_published);
  if (self->store != NULL)
    dd_store_set_cursor_async (self->store, LEDGER_CURSOR_SERVICE,
                               dd_nats_squad_channel_get_squad (DD_NATS_SQUAD_CHANNEL (source)),
                               text, NULL, NULL, NULL);
  publish->next++;
  publish_next (publish);
}

static void
publish_next (LedgerPublish *publish)
{
  DdDropSession *self = publish->self;
  DdNatsSquadChannel *channel = ledger_channel (self);

  if (publish->next >= publish->pending->len || channel == NULL || !self->running)
    {
      ledger_pump_done (self, FALSE);
      ledger_publish_free (publish);
      return;
    }
  dd_nats_squad_channel_publish_ledger_async (channel, g_ptr_array_index (publish->pending, publish->next),
                                              NULL, ledger_published_cb, publish);
}

static void
ledger_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DdDropSession) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  LedgerPublish *publish;
  gboolean window = self->ledger_window;

  entries = dd_store_load_finish (DD_STORE (source), result, &error);
  if (entries == NULL)
    {
      ledger_pump_done (self, TRUE);
      return;
    }
  /* The newest few did not reach back to the last one published: all. */
  if (window && entries->len >= LEDGER_WINDOW &&
      dd_ledger_entry_get_seq (g_ptr_array_index (entries, 0)) > self->ledger_published + 1)
    {
      self->ledger_window = FALSE;
      ledger_pump_done (self, FALSE);
      ledger_pump (self);
      return;
    }
  self->ledger_window = TRUE;

  publish = g_new0 (LedgerPublish, 1);
  publish->self = g_object_ref (self);
  publish->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_ledger_entry_unref);
  for (guint i = 0; i < entries->len; i++)
    {
      DdLedgerEntry *entry = g_ptr_array_index (entries, i);

      if (dd_ledger_entry_get_seq (entry) > self->ledger_published && dd_ledger_entry_get_hash (entry) != NULL)
        g_ptr_array_add (publish->pending, dd_ledger_entry_ref (entry));
    }
  publish_next (publish);
}

static void
ledger_cursor_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DdDropSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = dd_store_get_cursor_finish (DD_STORE (source), result, &error);

  if (error != NULL)
    {
      ledger_pump_done (self, TRUE);
      return;
    }
  self->ledger_published = cursor != NULL ? g_ascii_strtoll (cursor, NULL, 10) : 0;
  self->ledger_cursor_loaded = TRUE;
  ledger_pump_done (self, FALSE);
  ledger_pump (self);
}

static void
ledger_pump (DdDropSession *self)
{
  DdNatsSquadChannel *channel = ledger_channel (self);

  if (channel == NULL || self->store == NULL || !self->running || self->ledger_busy ||
      g_get_monotonic_time () < self->ledger_retry_at)
    return;
  self->ledger_busy = TRUE;
  if (!self->ledger_cursor_loaded)
    dd_store_get_cursor_async (self->store, LEDGER_CURSOR_SERVICE, dd_nats_squad_channel_get_squad (channel),
                               NULL, ledger_cursor_cb, g_object_ref (self));
  else
    dd_store_load_ledger_async (self->store, NULL, NULL, self->ledger_window ? LEDGER_WINDOW : 0,
                                NULL, ledger_loaded_cb, g_object_ref (self));
}

static gboolean
ledger_pump_cb (gpointer user_data)
{
  ledger_pump (user_data);
  return G_SOURCE_CONTINUE;
}

/* Other members' entries */

static gboolean
squad_ledger_add (DdDropSession     *self,
                  DdSquadLedgerItem *item)
{
  g_autofree char *key = g_strconcat (item->member, "\x1f", dd_ledger_entry_get_entry_id (item->entry), NULL);

  if (g_hash_table_contains (self->squad_ledger_ids, key))
    {
      dd_squad_ledger_item_free (item);
      return FALSE;
    }
  g_hash_table_add (self->squad_ledger_ids, g_steal_pointer (&key));
  g_ptr_array_add (self->squad_ledger, item);
  return TRUE;
}

static void
squad_ledger_kept_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (dd_store_add_squad_ledger_finish (DD_STORE (source), result, &error) < 0 &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("A squad member's ledger entry could not be kept: %s", error->message);
}

static void
ledger_entry_cb (DdNatsSquadChannel *channel,
                 DdLedgerEntry      *entry,
                 const char         *member,
                 DdDropSession      *self)
{
  /* This laptop's own, back through the stream: its chain is in the ledger. */
  if (g_strcmp0 (member, dd_nats_squad_channel_get_login (channel)) == 0)
    return;
  if (!squad_ledger_add (self, dd_squad_ledger_item_new (member, entry)))
    return;
  if (self->store != NULL)
    dd_store_add_squad_ledger_async (self->store, member, entry, NULL, squad_ledger_kept_cb, NULL);
  _dd_drop_session_emit_squad_ledger (self, g_ptr_array_index (self->squad_ledger, self->squad_ledger->len - 1));
}

static void
channel_failed_cb (DdNatsSquadChannel *channel,
                   const GError       *error,
                   DdDropSession      *self)
{
  g_autofree char *text = NULL;

  /* Only a ledger entry that does not match its hash (or is not one) fails
   * with this; setup failures are tried again and are not alerts. */
  if (!g_error_matches (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD))
    return;
  /* Translators: the squad's ledger; the error says which entry and why. */
  text = g_strdup_printf (_("Squad ledger: %s"), error->message);
  _dd_drop_session_emit_alert (self, text);
}

static void
squad_ledger_loaded_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DdDropSession) self = user_data;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GError) error = NULL;

  items = dd_store_load_finish (DD_STORE (source), result, &error);
  if (items == NULL || self->squad_ledger == NULL)
    {
      if (error != NULL)
        g_warning ("The squad's ledger entries could not be read: %s", error->message);
      return;
    }
  /* What was kept comes before what arrived meanwhile. */
  live = g_steal_pointer (&self->squad_ledger);
  self->squad_ledger = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_squad_ledger_item_free);
  g_hash_table_remove_all (self->squad_ledger_ids);
  g_ptr_array_set_free_func (items, NULL);
  for (guint i = 0; i < items->len; i++)
    squad_ledger_add (self, g_ptr_array_index (items, i));
  g_ptr_array_set_free_func (live, NULL);
  for (guint i = 0; i < live->len; i++)
    squad_ledger_add (self, g_ptr_array_index (live, i));
  _dd_drop_session_emit_squad_ledger (self, NULL);
}

void
_dd_drop_session_attach_squad_ledger (DdDropSession *self)
{
  if (self->squad_ledger == NULL)
    {
      self->squad_ledger = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_squad_ledger_item_free);
      self->squad_ledger_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  g_signal_connect_object (self->squad, "ledger-entry", G_CALLBACK (ledger_entry_cb), self, 0);
  g_signal_connect_object (self->squad, "failed", G_CALLBACK (channel_failed_cb), self, 0);
}

void
_dd_drop_session_start_squad_ledger (DdDropSession *self)
{
  if (ledger_channel (self) == NULL || self->store == NULL)
    return;
  dd_store_load_squad_ledger_async (self->store, SQUAD_LEDGER_LOADED, NULL, squad_ledger_loaded_cb,
                                    g_object_ref (self));
  self->ledger_window = FALSE;
  if (self->ledger_pump_id == 0)
    self->ledger_pump_id = g_timeout_add (LEDGER_PUMP_MS, ledger_pump_cb, self);
}

void
_dd_drop_session_stop_squad_ledger (DdDropSession *self)
{
  g_clear_handle_id (&self->ledger_pump_id, g_source_remove);
}

void
_dd_drop_session_free_squad_ledger (DdDropSession *self)
{
  _dd_drop_session_stop_squad_ledger (self);
  g_clear_pointer (&self->squad_ledger, g_ptr_array_unref);
  g_clear_pointer (&self->squad_ledger_ids, g_hash_table_unref);
}

GPtrArray *
dd_drop_session_get_squad_ledger (DdDropSession *self)
{
  g_return_val_if_fail (DD_IS_DROP_SESSION (self), NULL);

  return self->squad_ledger;
}
