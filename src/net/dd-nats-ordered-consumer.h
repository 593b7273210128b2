/* dd-nats-ordered-consumer.h — an ordered replay of a JetStream stream
 *
 * An ephemeral push consumer without acks (as NATS clients call an
 * "ordered consumer"): messages of one filter subject arrive in stream order
 * on a private inbox, first those already stored (from a start sequence, or
 * the last one of each subject), then live ones. Each delivery carries its
 * consumer sequence; a gap (a message lost on the way), a missed idle
 * heartbeat, a reconnect or a server restart makes a fresh consumer from
 * the stream sequence after the last one handed over, so the callback sees
 * each stored message once, in order, with no hole. Flow-control requests
 * are answered.
 *
 * Runs on the client's main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-nats-jetstream.h"

G_BEGIN_DECLS

typedef enum
{
  DD_NATS_DELIVER_ALL,              /* from the first stored message */
  DD_NATS_DELIVER_LAST_PER_SUBJECT, /* the last of each subject, then live */
  DD_NATS_DELIVER_FROM_SEQUENCE,    /* from a stream sequence on */
  DD_NATS_DELIVER_NEW,              /* only what arrives from now on */
} DdNatsDeliverPolicy;

#define DD_TYPE_NATS_ORDERED_CONSUMER (dd_nats_ordered_consumer_get_type ())

G_DECLARE_FINAL_TYPE (DdNatsOrderedConsumer, dd_nats_ordered_consumer, DD, NATS_ORDERED_CONSUMER, GObject)

/* `msg` and `info` live only during the call. */
typedef void (*DdNatsOrderedFunc) (DdNatsOrderedConsumer *consumer,
                                   const DdNatsMsg       *msg,
                                   const DdNatsJsMsgInfo *info,
                                   gpointer               user_data);

/* `filter_subject` may be NULL (the whole stream); `start_seq` is read
 * with DD_NATS_DELIVER_FROM_SEQUENCE only.
 *
 * Signals:
 *   ::caught-up ()        once, when everything stored at the start has
 *                         been handed over (at once for an empty stream)
 *   ::failed (GError *)   the consumer could not be made (no such stream,
 *                         JetStream refused); it is tried again with backoff */
DdNatsOrderedConsumer *dd_nats_ordered_consumer_new      (DdNatsClient          *client,
                                                          const char            *stream,
                                                          const char            *filter_subject,
                                                          DdNatsDeliverPolicy    policy,
                                                          guint64                start_seq,
                                                          DdNatsOrderedFunc      func,
                                                          gpointer               user_data,
                                                          GDestroyNotify         destroy);
void                   dd_nats_ordered_consumer_start    (DdNatsOrderedConsumer *self);
/* Stops deliveries (the callback is not called again until a start) and
 * removes the consumer on the server. */
void                   dd_nats_ordered_consumer_stop     (DdNatsOrderedConsumer *self);
gboolean               dd_nats_ordered_consumer_get_caught_up       (DdNatsOrderedConsumer *self);
/* The stream sequence of the last message handed over (0: none yet). */
guint64                dd_nats_ordered_consumer_get_last_stream_seq (DdNatsOrderedConsumer *self);
/* How many times a fresh consumer replaced a broken one. */
guint                  dd_nats_ordered_consumer_get_resets          (DdNatsOrderedConsumer *self);
/* Heartbeat the server sends while idle (default 2 s); three missed ones
 * make a fresh consumer. Set before starting. */
void                   dd_nats_ordered_consumer_set_heartbeat       (DdNatsOrderedConsumer *self,
                                                                     guint                  interval_ms);

G_END_DECLS
