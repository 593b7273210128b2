/* dd-nats-kv-watch.c — following the keys of a JetStream key-value bucket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dd-nats-kv.h"
#include "dd-nats-kv-watch.h"

struct _DdNatsKvWatcher
{
  GObject                parent_instance;
  DdNatsOrderedConsumer *consumer;
  char                  *bucket;
  gsize                  prefix_len;  /* of "$KV.<bucket>." */
  DdNatsKvWatchFunc      func;
  gpointer               user_data;
  GDestroyNotify         destroy;
};

G_DEFINE_FINAL_TYPE (DdNatsKvWatcher, dd_nats_kv_watcher, G_TYPE_OBJECT)

const char *
dd_nats_kv_operation_to_string (DdNatsKvOperation operation)
{
  switch (operation)
    {
    case DD_NATS_KV_DELETE:
      return "DEL";
    case DD_NATS_KV_PURGE:
      return "PURGE";
    case DD_NATS_KV_PUT:
    default:
      return "PUT";
    }
}

static DdNatsKvOperation
operation_from_msg (const DdNatsMsg *msg)
{
  const char *operation = dd_nats_msg_get_header (msg, "KV-Operation");

  if (operation == NULL)
    return DD_NATS_KV_PUT;
  if (g_str_equal (operation, "DEL"))
    return DD_NATS_KV_DELETE;
  if (g_str_equal (operation, "PURGE"))
    return DD_NATS_KV_PURGE;
  return DD_NATS_KV_PUT;
}

/* Wildcards allowed: "*" for one token, ">" for the rest. */
static gboolean
key_filter_is_valid (const char *filter)
{
  g_auto(GStrv) tokens = NULL;
  guint n;

  if (filter == NULL || *filter == '\0')
    return FALSE;
  tokens = g_strsplit (filter, ".", -1);
  n = g_strv_length (tokens);
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (tokens[i], "*") || (g_str_equal (tokens[i], ">") && i == n - 1))
        continue;
      if (strpbrk (tokens[i], "*>") != NULL || !dd_nats_kv_key_is_valid (tokens[i]))
        return FALSE;
    }
  return TRUE;
}

static void
delivered_cb (DdNatsOrderedConsumer *consumer,
              const DdNatsMsg       *msg,
              const DdNatsJsMsgInfo *info,
              gpointer               user_data)
{
  DdNatsKvWatcher *self = user_data;
  DdNatsKvEntry entry = { 0 };

  if (strlen (msg->subject) <= self->prefix_len)
    return;
  entry.bucket = self->bucket;
  entry.key = msg->subject + self->prefix_len;
  entry.value = msg->data;
  entry.len = msg->len;
  entry.revision = info->stream_seq;
  entry.timestamp_ns = info->timestamp_ns;
  entry.delta = info->pending;
  entry.operation = operation_from_msg (msg);
  self->func (self, &entry, self->user_data);
}

static void
dd_nats_kv_watcher_dispose (GObject *object)
{
  DdNatsKvWatcher *self = DD_NATS_KV_WATCHER (object);

  if (self->consumer != NULL)
    {
      dd_nats_ordered_consumer_stop (self->consumer);
      g_clear_object (&self->consumer);
    }
  if (self->destroy != NULL && self->user_data != NULL)
    g_clear_pointer (&self->user_data, self->destroy);

  G_OBJECT_CLASS (dd_nats_kv_watcher_parent_class)->dispose (object);
}

static void
dd_nats_kv_watcher_finalize (GObject *object)
{
  DdNatsKvWatcher *self = DD_NATS_KV_WATCHER (object);

  g_free (self->bucket);

  G_OBJECT_CLASS (dd_nats_kv_watcher_parent_class)->finalize (object);
}

static void
dd_nats_kv_watcher_class_init (DdNatsKvWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_nats_kv_watcher_dispose;
  object_class->finalize = dd_nats_kv_watcher_finalize;
}

static void
dd_nats_kv_watcher_init (DdNatsKvWatcher *self)
{
}

DdNatsKvWatcher *
dd_nats_kv_watcher_new (DdNatsClient       *client,
                        const char         *bucket,
                        const char         *key_filter,
                        DdNatsKvWatchFunc   func,
                        gpointer            user_data,
                        GDestroyNotify      destroy,
                        GError            **error)
{
  g_autoptr(DdNatsKvWatcher) self = NULL;
  g_autofree char *stream = NULL;
  g_autofree char *filter = NULL;

  g_return_val_if_fail (DD_IS_NATS_CLIENT (client), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  if (!dd_nats_kv_check_names (bucket, NULL, error))
    return NULL;
  if (key_filter != NULL && !key_filter_is_valid (key_filter))
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("“%s” is not a valid key filter: use letters, digits and - / _ = . with * for one part or > at the end"),
                   key_filter);
      return NULL;
    }

  self = g_object_new (DD_TYPE_NATS_KV_WATCHER, NULL);
  self->bucket = g_strdup (bucket);
  self->prefix_len = strlen ("$KV.") + strlen (bucket) + 1;
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  stream = g_strconcat ("KV_", bucket, NULL);
  filter = g_strdup_printf ("$KV.%s.%s", bucket, key_filter != NULL ? key_filter : ">");
  self->consumer = dd_nats_ordered_consumer_new (client, stream, filter,
                                                 DD_NATS_DELIVER_LAST_PER_SUBJECT, 0,
                                                 delivered_cb, self, NULL);
  return g_steal_pointer (&self);
}

void
dd_nats_kv_watcher_start (DdNatsKvWatcher *self)
{
  g_return_if_fail (DD_IS_NATS_KV_WATCHER (self));

  dd_nats_ordered_consumer_start (self->consumer);
}

void
dd_nats_kv_watcher_stop (DdNatsKvWatcher *self)
{
  g_return_if_fail (DD_IS_NATS_KV_WATCHER (self));

  dd_nats_ordered_consumer_stop (self->consumer);
}

gboolean
dd_nats_kv_watcher_get_caught_up (DdNatsKvWatcher *self)
{
  g_return_val_if_fail (DD_IS_NATS_KV_WATCHER (self), FALSE);

  return dd_nats_ordered_consumer_get_caught_up (self->consumer);
}

DdNatsOrderedConsumer *
dd_nats_kv_watcher_get_consumer (DdNatsKvWatcher *self)
{
  g_return_val_if_fail (DD_IS_NATS_KV_WATCHER (self), NULL);

  return self->consumer;
}
