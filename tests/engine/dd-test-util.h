/* dd-test-util.h — temporary folders for the engine tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fresh folder under the system's temporary folder; aborts the test on error. */
char *dd_test_make_tmpdir   (void);
/* Removes `path` and everything under it. */
void  dd_test_remove_tree   (const char *path);
/* Runs the thread-default main context until *flag is TRUE or `timeout_ms`
 * passed; returns the flag. */
gboolean dd_test_wait_for   (gboolean *flag,
                             guint     timeout_ms);
/* Runs the thread-default main context for `ms` milliseconds. */
void  dd_test_run_for       (guint ms);

G_END_DECLS
