/* dd-test-util.h — temporary folders, PDF checks and waiting for a drop, for the engine tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-drop-session.h"

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
/* The text of a PDF by `pdftotext -layout`; NULL when it is not installed. */
char *dd_test_pdftotext     (const char *pdf);
/* The pages of a PDF, counted in its page objects; fails the test when the
 * bytes do not start as a PDF. */
guint dd_test_count_pdf_pages (GBytes *pdf);

/* Starts `session` and waits for it (10 s at most); aborts the test on error. */
void       dd_test_start_session (DdDropSession *session);
/* The ledger entries of one entity, as dd_store_load_ledger_async() loads
 * them (5 s at most); aborts the test on error. */
GPtrArray *dd_test_load_ledger   (DdStore       *store,
                                  const char    *entity,
                                  const char    *entity_id);

G_END_DECLS
