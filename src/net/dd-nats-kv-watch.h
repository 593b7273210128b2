/* dd-nats-kv-watch.h — following the keys of a JetStream key-value bucket
 *
 * A watcher reports the current entry of every key it follows (the last
 * message of each subject in KV_<bucket>), then every change as it
 * happens: puts, deletes and purges, each with its revision. It rides on
 * an ordered consumer, so after a lost connection or a server restart it
 * resumes after the last revision it reported, missing none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-nats-ordered-consumer.h"

G_BEGIN_DECLS

typedef enum
{
  DD_NATS_KV_PUT,
  DD_NATS_KV_DELETE,
  DD_NATS_KV_PURGE,
} DdNatsKvOperation;

typedef struct
{
  const char        *bucket;
  const char        *key;
  const char        *value;        /* empty for a delete or purge */
  gsize              len;
  guint64            revision;
  gint64             timestamp_ns; /* when the server stored it */
  guint64            delta;        /* entries still to come in the replay */
  DdNatsKvOperation  operation;
} DdNatsKvEntry;

#define DD_TYPE_NATS_KV_WATCHER (dd_nats_kv_watcher_get_type ())

G_DECLARE_FINAL_TYPE (DdNatsKvWatcher, dd_nats_kv_watcher, DD, NATS_KV_WATCHER, GObject)

/* `entry` lives only during the call. */
typedef void (*DdNatsKvWatchFunc) (DdNatsKvWatcher     *watcher,
                                   const DdNatsKvEntry *entry,
                                   gpointer             user_data);

/* "PUT", "DEL", "PURGE" as on the wire. */
const char      *dd_nats_kv_operation_to_string (DdNatsKvOperation operation);

/* Follows the keys matching `key_filter` (NULL: all; NATS wildcards:
 * "presence.>" follows every key starting with "presence."). NULL with
 * DD_NET_ERROR_INVALID_TEXT for a bad bucket name or filter. The
 * consumer's ::caught-up says that the current entries have all been
 * reported, its ::failed that the bucket cannot be watched (yet). */
DdNatsKvWatcher *dd_nats_kv_watcher_new      (DdNatsClient      *client,
                                              const char        *bucket,
                                              const char        *key_filter,
                                              DdNatsKvWatchFunc  func,
                                              gpointer           user_data,
                                              GDestroyNotify     destroy,
                                              GError           **error);
void             dd_nats_kv_watcher_start    (DdNatsKvWatcher   *self);
void             dd_nats_kv_watcher_stop     (DdNatsKvWatcher   *self);
gboolean         dd_nats_kv_watcher_get_caught_up (DdNatsKvWatcher *self);
/* The ordered consumer underneath, for its signals and figures. */
DdNatsOrderedConsumer *dd_nats_kv_watcher_get_consumer (DdNatsKvWatcher *self);

G_END_DECLS
