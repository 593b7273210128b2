/* dd-ui-test-util.c — widget look-ups shared by the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dd-ui-test-util.h"

/* The first button under @widget (or @widget itself) whose label is
 * @label, mnemonic underscore included; NULL when there is none. */
GtkWidget *
dd_ui_test_find_button (GtkWidget  *widget,
                        const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = dd_ui_test_find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}
