/* dd-demo-chat-provider.h — the demo's simulated audience, as a chat provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-chat-provider.h"

G_BEGIN_DECLS

#define DD_DEMO_CHAT_RATE_MIN 1.0
#define DD_DEMO_CHAT_RATE_MAX 5000.0

#define DD_TYPE_DEMO_CHAT_PROVIDER (dd_demo_chat_provider_get_type ())

G_DECLARE_FINAL_TYPE (DdDemoChatProvider, dd_demo_chat_provider, DD, DEMO_CHAT_PROVIDER, GObject)

/* `rate` in messages a second, clamped to 1–5,000; the same seed gives the
 * same audience. */
DdDemoChatProvider *dd_demo_chat_provider_new        (guint32 seed,
                                                      double  rate);
/* Both may be called from any thread; the change applies from the next tick. */
double              dd_demo_chat_provider_get_rate   (DdDemoChatProvider *self);
void                dd_demo_chat_provider_set_rate   (DdDemoChatProvider *self,
                                                      double              rate);
/* Messages handed to the sink so far (any thread). */
guint64             dd_demo_chat_provider_get_n_sent (DdDemoChatProvider *self);

G_END_DECLS
