/* dd-chat-provider.h — the extension point for audience chat sources
 *
 * A provider (IRCv3/Twitch, the demo audience simulator) runs its I/O on the
 * chat pipeline's GMainContext and hands it batches of DdChatMessage through
 * a sink, always on that context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-connectivity.h"
#include "dd-core.h"

G_BEGIN_DECLS

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

/* Refuses text that would break a protocol line: CR, LF or NUL anywhere
 * (`length` bytes, or -1 for a NUL-terminated string), invalid UTF-8, or
 * empty text. DD_NET_ERROR_INVALID_TEXT with a sentence for people. */
gboolean        dd_chat_text_check_outgoing       (const char  *text,
                                                   gssize       length,
                                                   GError     **error);

G_END_DECLS
