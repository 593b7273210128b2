/* dd-preflight-stats.h — latency and error counts of one kind of preflight
 * traffic, and the service levels it is judged against
 *
 * A fixed logarithmic histogram (2 % wide buckets from 10 µs to about
 * 100 s): recording is a few arithmetic operations and no allocation, and
 * percentiles are read back within 2 %.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DD_PREFLIGHT_STATS_BUCKETS 820

typedef struct
{
  guint32 buckets[DD_PREFLIGHT_STATS_BUCKETS];
  guint64 count;    /* successes */
  guint64 errors;
} DdPreflightStats;

/* A service level: p95 and p99 latency ceilings (ms; 0: not judged) and,
 * when above 0, the lowest share of successes (0 to 1). */
typedef struct
{
  double p95_ms;
  double p99_ms;
  double min_success;
} DdPreflightSlo;

void    dd_preflight_stats_clear      (DdPreflightStats       *stats);
void    dd_preflight_stats_add        (DdPreflightStats       *stats,
                                       gint64                  latency_us);
void    dd_preflight_stats_add_error  (DdPreflightStats       *stats);
void    dd_preflight_stats_merge      (DdPreflightStats       *into,
                                       const DdPreflightStats *from);
/* The p-th percentile (0 to 1) of the successes, in ms; 0 when none. */
double  dd_preflight_stats_percentile (const DdPreflightStats *stats,
                                       double                  p);
/* errors / (successes + errors); 0 when nothing was tried. */
double  dd_preflight_stats_error_rate (const DdPreflightStats *stats);
/* TRUE when the stats meet `slo`. Nothing tried does not meet it. */
gboolean dd_preflight_stats_meets     (const DdPreflightStats *stats,
                                       const DdPreflightSlo   *slo);
/* Adds {"count", "errors", "error_rate", "p50_ms", "p95_ms", "p99_ms",
 * "slo": {...}, "passed"} as member `name` of the builder's open object. */
void    dd_preflight_stats_to_json    (const DdPreflightStats *stats,
                                       const DdPreflightSlo   *slo,
                                       const char             *name,
                                       JsonBuilder            *builder);

G_END_DECLS
