/* dd-demo-squad-channel.h — five simulated squad members for the demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-squad-channel.h"

G_BEGIN_DECLS

#define DD_TYPE_DEMO_SQUAD_CHANNEL (dd_demo_squad_channel_get_type ())

G_DECLARE_FINAL_TYPE (DdDemoSquadChannel, dd_demo_squad_channel, DD, DEMO_SQUAD_CHANNEL, GObject)

/* One member per role, all online once started; every few seconds one of
 * them says something, pins a cue or raises an alert (on the thread-default
 * main context). */
DdDemoSquadChannel *dd_demo_squad_channel_new (guint32 seed);

G_END_DECLS
