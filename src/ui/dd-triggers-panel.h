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
/* Watches `session` (NULL stops): the default triggers, fed with the
 * flagged chat rate measured from the session; a firing is appended to
 * the ledger and shown as a toast. */
void       dd_triggers_panel_set_session   (DdTriggersPanel *self,
                                            DdDropSession   *session);
/* Feeds one reading to the trigger on `signal`, as the session sampler
 * does; a firing goes to the ledger of the session's store. */
void       dd_triggers_panel_observe       (DdTriggersPanel *self,
                                            DdLiveSignal     signal,
                                            gint64           time_us,
                                            double           value);
/* The row text of the trigger on `signal` ("5.7 %"), for tests. */
const char *dd_triggers_panel_get_value_text (DdTriggersPanel *self,
                                              DdLiveSignal     signal);

G_END_DECLS
