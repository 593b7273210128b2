/* dd-cue-strip.h — the current creator cue, large, on the Chat and Drop pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dd-chat-desk.h"

G_BEGIN_DECLS

#define DD_TYPE_CUE_STRIP (dd_cue_strip_get_type ())

G_DECLARE_FINAL_TYPE (DdCueStrip, dd_cue_strip, DD, CUE_STRIP, GtkWidget)

GtkWidget  *dd_cue_strip_new       (void);
/* Shows the desk's "cue" while it has one; NULL hides the strip. */
void        dd_cue_strip_set_desk  (DdCueStrip *self,
                                    DdChatDesk *desk);
/* The cue's text as shown, or NULL when hidden (for tests). */
const char *dd_cue_strip_get_text  (DdCueStrip *self);

G_END_DECLS
