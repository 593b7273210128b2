/* dd-chat-pipeline.h — provider -> classifier -> archive -> main context, on its own thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-chat-provider.h"
#include "dd-store.h"

G_BEGIN_DECLS

/* Archive batching: every ~100 ms or every 2,000 messages, whichever first. */
#define DD_CHAT_PIPELINE_ARCHIVE_INTERVAL_MS 100
#define DD_CHAT_PIPELINE_ARCHIVE_BATCH       2000
/* At most one hand-off to the main context per frame. */
#define DD_CHAT_PIPELINE_HANDOFF_INTERVAL_MS 16

/* Runs on the pipeline thread for every message; returns the message to keep
 * (transfer full: the same one with a new reference, or a labelled copy). */
typedef DdChatMessage *(*DdChatClassifyFunc) (DdChatMessage *message,
                                              gpointer       user_data);

#define DD_TYPE_CHAT_PIPELINE (dd_chat_pipeline_get_type ())

G_DECLARE_FINAL_TYPE (DdChatPipeline, dd_chat_pipeline, DD, CHAT_PIPELINE, GObject)

/* `store` may be NULL (nothing is archived). The main context is the
 * thread-default context of the caller; "messages-ready" is emitted there. */
DdChatPipeline *dd_chat_pipeline_new             (DdChatProvider     *provider,
                                                  DdStore            *store);
/* Before start only. NULL restores the pass-through. */
void            dd_chat_pipeline_set_classifier  (DdChatPipeline     *self,
                                                  DdChatClassifyFunc  func,
                                                  gpointer            user_data,
                                                  GDestroyNotify      destroy);
/* Starts the thread, which starts the provider on the pipeline context. */
gboolean        dd_chat_pipeline_start           (DdChatPipeline     *self,
                                                  GError            **error);
/* Stops the provider, archives what is pending and waits for the store,
 * joins the thread and delivers the last ready messages. Idempotent. */
void            dd_chat_pipeline_stop            (DdChatPipeline     *self);
gboolean        dd_chat_pipeline_is_running      (DdChatPipeline     *self);
DdChatProvider *dd_chat_pipeline_get_provider    (DdChatPipeline     *self);

/* Counters, any thread. */
guint64         dd_chat_pipeline_get_n_received  (DdChatPipeline     *self);
guint64         dd_chat_pipeline_get_n_archived  (DdChatPipeline     *self);
guint64         dd_chat_pipeline_get_n_handoffs  (DdChatPipeline     *self);

/* Moderation from the UI (main thread, or any thread with a thread-default
 * context): hops to the pipeline context, asks the provider (see
 * dd_chat_provider_moderate_async()) and completes on the caller's
 * thread-default context. Fails with DD_NET_ERROR_NOT_CONNECTED when the
 * pipeline is not running or stops before the provider answers. The
 * action's DdChatModEvent arrives through "moderation-event" when the
 * service reports it. */
void            dd_chat_pipeline_moderate_async  (DdChatPipeline      *self,
                                                  DdChatModAction      action,
                                                  DdChatMessage       *target,
                                                  guint                duration_s,
                                                  const char          *reason,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        dd_chat_pipeline_moderate_finish (DdChatPipeline      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Signals:
 *  "messages-ready" (GPtrArray *messages): a batch of DdChatMessage on the
 *      main context, at most once per DD_CHAT_PIPELINE_HANDOFF_INTERVAL_MS.
 *  "moderation-event" (DdChatModEvent *event): a moderation action the
 *      provider reported, on the main context in the same hand-off as the
 *      messages and in their order: an event that came after a message
 *      is emitted after the "messages-ready" that carries it. */

G_END_DECLS
