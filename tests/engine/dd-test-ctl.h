/* dd-test-ctl.h — running the built dropdeckctl from the engine tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdarg.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* $DROPDECKCTL, then `subcommand` unless NULL, then the NULL-terminated
 * strings in `args`; the array itself is NULL-terminated. */
GPtrArray  *dd_test_ctl_argv            (const char  *subcommand,
                                         va_list      args);
/* Runs `argv` with HOME and XDG_DATA_HOME at `home` and no stdin; replaces
 * *stdout_text and *stderr_text (UTF-8) and returns the exit status. */
int         dd_test_ctl_run             (const char  *home,
                                         GPtrArray   *argv,
                                         char       **stdout_text,
                                         char       **stderr_text);
/* As dd_test_ctl_run(), with `input` on stdin and the output as bytes. */
int         dd_test_ctl_run_with_input  (const char  *home,
                                         GPtrArray   *argv,
                                         GBytes      *input,
                                         GBytes     **stdout_bytes,
                                         GBytes     **stderr_bytes);
/* Parses `text` as one JSON object; aborts the test otherwise. */
JsonObject *dd_test_parse_object        (const char  *text);

G_END_DECLS
