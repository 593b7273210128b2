/* dd-ui-test-util.h — widget look-ups shared by the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *dd_ui_test_find_button (GtkWidget  *widget,
                                   const char *label);

G_END_DECLS
