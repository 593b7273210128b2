/* dd-preflight-private.h — the load generator behind DdPreflight
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-preflight.h"

G_BEGIN_DECLS

typedef struct _DdPreflightLoad DdPreflightLoad;

/* Called on the load's own thread. */
typedef void (*DdPreflightProgressFunc) (const DdPreflightProgress *progress,
                                         gpointer                   user_data);

DdPreflightLoad *dd_preflight_load_new    (const DdPreflightOptions *options,
                                           const char               *run_id);
/* Runs the whole load on the thread-default context; returns when it is
 * over or soon after *cancelled becomes non-zero. */
void             dd_preflight_load_run    (DdPreflightLoad          *load,
                                           const gint               *cancelled,
                                           DdPreflightProgressFunc   progress,
                                           gpointer                  user_data);
/* Adds the load's members to the report object being built. */
void             dd_preflight_load_report (DdPreflightLoad          *load,
                                           JsonBuilder              *builder);
/* TRUE when every kind that ran met its service level. */
gboolean         dd_preflight_load_passed (DdPreflightLoad          *load);
void             dd_preflight_load_free   (DdPreflightLoad          *load);

G_END_DECLS
