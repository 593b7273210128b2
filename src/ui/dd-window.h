/* dd-window.h — the main window: header bar, pages and the open drop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dd-application.h"
#include "dd-drop-session.h"

G_BEGIN_DECLS

#define DD_TYPE_WINDOW (dd_window_get_type ())

G_DECLARE_FINAL_TYPE (DdWindow, dd_window, DD, WINDOW, AdwApplicationWindow)

DdWindow      *dd_window_new          (DdApplication *application);
/* Starts `session` and shows it once started; a session that fails to
 * start (a corrupt, locked or newer database) is explained in a dialog and
 * the welcome page stays. Property "session" changes once it started. */
void           dd_window_open_session (DdWindow      *self,
                                       DdDropSession *session);
/* Opens the demo drop kept in `profile_dir`; its audience chat comes from
 * `chat` when given (a real chat server), else it is simulated. */
void           dd_window_open_demo    (DdWindow       *self,
                                       const char     *profile_dir,
                                       DdChatProvider *chat);
/* The same with a real squad channel (e.g. a DdNatsSquadChannel) instead
 * of the simulated squad, when `squad` is not NULL. */
void           dd_window_open_demo_with_squad (DdWindow       *self,
                                               const char     *profile_dir,
                                               DdChatProvider *chat,
                                               DdSquadChannel *squad);
/* The started session, or NULL while none is open. */
DdDropSession *dd_window_get_session  (DdWindow *self);
void           dd_window_show_toast   (DdWindow   *self,
                                       const char *message);

G_END_DECLS
