/* dd-chat-provider.h — the extension point for audience chat sources
 *
 * A provider (IRCv3/Twitch, the demo audience simulator) runs its I/O on the
 * chat pipeline's GMainContext and hands it batches of DdChatMessage through
 * a sink, always on that context. Moderation actions seen in the chat
 * (Twitch's CLEARCHAT and CLEARMSG, IRC bans and kicks) are reported with
 * dd_chat_provider_report_mod_event(), also on that context, after the
 * messages that came before them have gone to the sink.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-connectivity.h"
#include "dd-core.h"
#include "dd-net-error.h"

G_BEGIN_DECLS

/* What a moderator does to a message's author (or the message). */
typedef enum
{
  DD_CHAT_MOD_DELETE_MESSAGE, /* remove this one message */
  DD_CHAT_MOD_TIMEOUT,        /* silence the author for a while */
  DD_CHAT_MOD_BAN,            /* ban the author for good */
  DD_CHAT_MOD_KICK,           /* remove the author from the channel (IRC) */
} DdChatModAction;

/* Called on the pipeline context with a batch of DdChatMessage (transfer
 * full: the sink owns the array, whose free function unrefs the messages). */
typedef void (*DdChatSink) (GPtrArray *messages,
                            gpointer   sink_data);

#define DD_TYPE_CHAT_PROVIDER (dd_chat_provider_get_type ())

G_DECLARE_INTERFACE (DdChatProvider, dd_chat_provider, DD, CHAT_PROVIDER, GObject)

struct _DdChatProviderInterface
{
  GTypeInterface parent_iface;

  /* Called on the thread that runs `pipeline_context`; the provider
   * attaches its sources there and calls `sink` only from there. */
  void             (*start)            (DdChatProvider  *self,
                                        GMainContext    *pipeline_context,
                                        DdChatSink       sink,
                                        gpointer         sink_data);
  /* Called on the same thread as start; no sink call happens afterwards. */
  void             (*stop)             (DdChatProvider  *self);
  gboolean         (*send_message)     (DdChatProvider  *self,
                                        const char      *channel,
                                        const char      *text,
                                        GError         **error);
  DdConnectivity * (*get_connectivity) (DdChatProvider  *self);
  /* Called on the pipeline context; `callback` runs there too. The
   * default fails with DD_NET_ERROR_NOT_SUPPORTED. */
  void             (*moderate_async)   (DdChatProvider      *self,
                                        DdChatModAction      action,
                                        DdChatMessage       *target,
                                        guint                duration_s,
                                        const char          *reason,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
  gboolean         (*moderate_finish)  (DdChatProvider      *self,
                                        GAsyncResult        *result,
                                        GError             **error);
};

void            dd_chat_provider_start            (DdChatProvider  *self,
                                                   GMainContext    *pipeline_context,
                                                   DdChatSink       sink,
                                                   gpointer         sink_data);
void            dd_chat_provider_stop             (DdChatProvider  *self);
/* Checks the text with dd_chat_text_check_outgoing() before the provider
 * sees it. */
gboolean        dd_chat_provider_send_message     (DdChatProvider  *self,
                                                   const char      *channel,
                                                   const char      *text,
                                                   GError         **error);
DdConnectivity *dd_chat_provider_get_connectivity (DdChatProvider  *self);

/* Acts on `target` (its author, or for DD_CHAT_MOD_DELETE_MESSAGE the
 * message itself): `duration_s` is for DD_CHAT_MOD_TIMEOUT (0: the
 * default, DD_CHAT_MOD_DEFAULT_TIMEOUT_S), `reason` (may be NULL) is shown
 * to the user where the service can. On the pipeline context. Completes
 * once the service confirmed the action; it then also reports the matching
 * DdChatModEvent as the service echoes it. */
#define DD_CHAT_MOD_DEFAULT_TIMEOUT_S 600
void            dd_chat_provider_moderate_async   (DdChatProvider      *self,
                                                   DdChatModAction      action,
                                                   DdChatMessage       *target,
                                                   guint                duration_s,
                                                   const char          *reason,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        dd_chat_provider_moderate_finish  (DdChatProvider      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* For implementations, on the pipeline context: emits "moderation-event". */
void            dd_chat_provider_report_mod_event (DdChatProvider      *self,
                                                   DdChatModEvent      *event);

/* Signals, on the pipeline context:
 *  "moderation-event" (DdChatModEvent *event): a moderation action seen in
 *      the chat, by us or by another moderator. */

/* Refuses text that would break a protocol line: CR, LF or NUL anywhere
 * (`length` bytes, or -1 for a NUL-terminated string), invalid UTF-8, or
 * empty text. DD_NET_ERROR_INVALID_TEXT with a sentence for people. */
gboolean        dd_chat_text_check_outgoing       (const char  *text,
                                                   gssize       length,
                                                   GError     **error);

G_END_DECLS
