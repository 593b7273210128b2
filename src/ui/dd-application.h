/* dd-application.h — the Dropdeck application: actions, settings, windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The GSettings schema id; the same for the development profile. */
#define DD_SETTINGS_SCHEMA_ID "io.github.dropdeck.Dropdeck"

#define DD_TYPE_APPLICATION (dd_application_get_type ())

G_DECLARE_FINAL_TYPE (DdApplication, dd_application, DD, APPLICATION, AdwApplication)

/* `start_time_us` is g_get_monotonic_time() at the top of main(), for the
 * first-frame probe. */
DdApplication *dd_application_new               (gint64 start_time_us);
gint64         dd_application_get_start_time    (DdApplication *self);
/* The folder of the demo drop's own profile. */
char          *dd_application_get_demo_profile_dir (void);

G_END_DECLS
