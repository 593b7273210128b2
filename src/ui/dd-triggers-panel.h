/* dd-triggers-panel.h — the rollback triggers with their current values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dd-drop-session.h"

G_BEGIN_DECLS

#define DD_TYPE_TRIGGERS_PANEL (dd_triggers_panel_get_type ())
G_DECLARE_FINAL_TYPE (DdTriggersPanel, dd_triggers_panel, DD, TRIGGERS_PANEL, AdwBin)

GtkWidget *dd_triggers_panel_new           (void);
/* Shows `triggers` (DdRollbackTrigger), updated as their values change. */
void       dd_triggers_panel_set_triggers  (DdTriggersPanel *self,
                                            GPtrArray       *triggers);
/* Shows the triggers of `session`'s rollback desk (NULL stops), which the
 * session feeds and whose actions it carries out, and the fail-open
 * banner while a fail-open trigger holds. */
void       dd_triggers_panel_set_session   (DdTriggersPanel *self,
                                            DdDropSession   *session);
/* Feeds one reading to the session's rollback desk, as the session's
 * sampler does (without a session: to the shown trigger only). */
void       dd_triggers_panel_observe       (DdTriggersPanel *self,
                                            DdLiveSignal     signal,
                                            gint64           time_us,
                                            double           value);
/* The row text of the trigger on `signal` ("5.7 %"), for tests. */
const char *dd_triggers_panel_get_value_text (DdTriggersPanel *self,
                                              DdLiveSignal     signal);

/* The fail-open banner's text, NULL while it is hidden; for tests. */
const char *dd_triggers_panel_get_fail_open_text (DdTriggersPanel *self);

G_END_DECLS
