/* dd-demo-audience.h — a seeded generator of realistic audience chat for the demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-core.h"

G_BEGIN_DECLS

typedef struct _DdDemoAudience DdDemoAudience;

/* The same seed gives the same viewers and the same messages. Not thread
 * safe: use one generator from one thread. */
DdDemoAudience *dd_demo_audience_new     (guint32     seed,
                                          const char *channel);
void            dd_demo_audience_free    (DdDemoAudience *self);
/* The next message, stamped `timestamp_us` and flagged
 * DD_CHAT_FLAG_SYNTHETIC; moderation and intent are left unlabelled (the
 * classifier's job). */
DdChatMessage  *dd_demo_audience_next    (DdDemoAudience *self,
                                          gint64          timestamp_us);

/* The viewer `login` says nothing with a timestamp before `until_us`
 * (G_MAXINT64: never again), as after a timeout or a ban. */
void            dd_demo_audience_silence (DdDemoAudience *self,
                                          const char     *login,
                                          gint64          until_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDemoAudience, dd_demo_audience_free)

G_END_DECLS
