/* dd-preflight-stats.c — latency and error counts of one kind of preflight
 * traffic, and the service levels it is judged against
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dd-preflight-stats.h"

#define MIN_US 10.0
#define GROWTH 1.02

static guint
bucket_of (gint64 latency_us)
{
  double index;

  if (latency_us <= MIN_US)
    return 0;
  index = log ((double) latency_us / MIN_US) / log (GROWTH);
  return MIN ((guint) index + 1, DD_PREFLIGHT_STATS_BUCKETS - 1);
}

/* The upper bound of bucket `i`, in µs. */
static double
bucket_upper_us (guint i)
{
  return MIN_US * pow (GROWTH, i);
}

void
dd_preflight_stats_clear (DdPreflightStats *stats)
{
  memset (stats, 0, sizeof *stats);
}

void
dd_preflight_stats_add (DdPreflightStats *stats,
                        gint64            latency_us)
{
  stats->buckets[bucket_of (latency_us)]++;
  stats->count++;
}

void
dd_preflight_stats_add_error (DdPreflightStats *stats)
{
  stats->errors++;
}

void
dd_preflight_stats_merge (DdPreflightStats       *into,
                          const DdPreflightStats *from)
{
  for (guint i = 0; i < DD_PREFLIGHT_STATS_BUCKETS; i++)
    into->buckets[i] += from->buckets[i];
  into->count += from->count;
  into->errors += from->errors;
}

double
dd_preflight_stats_percentile (const DdPreflightStats *stats,
                               double                  p)
{
  guint64 rank, seen = 0;

  if (stats->count == 0)
    return 0;
  rank = (guint64) ceil (p * (double) stats->count);
  rank = CLAMP (rank, 1, stats->count);
  for (guint i = 0; i < DD_PREFLIGHT_STATS_BUCKETS; i++)
    {
      seen += stats->buckets[i];
      if (seen >= rank)
        return bucket_upper_us (i) / 1000.0;
    }
  return bucket_upper_us (DD_PREFLIGHT_STATS_BUCKETS - 1) / 1000.0;
}

double
dd_preflight_stats_error_rate (const DdPreflightStats *stats)
{
  guint64 tried = stats->count + stats->errors;

  return tried == 0 ? 0 : (double) stats->errors / (double) tried;
}

gboolean
dd_preflight_stats_meets (const DdPreflightStats *stats,
                          const DdPreflightSlo   *slo)
{
  if (stats->count == 0)
    return FALSE;
  if (slo->min_success > 0 && 1.0 - dd_preflight_stats_error_rate (stats) < slo->min_success)
    return FALSE;
  /* A ceiling of 0: the latency is reported, not judged. */
  return (slo->p95_ms <= 0 || dd_preflight_stats_percentile (stats, 0.95) <= slo->p95_ms)
         && (slo->p99_ms <= 0 || dd_preflight_stats_percentile (stats, 0.99) <= slo->p99_ms);
}

/* Rounds to 0.1 ms, or 4 decimals for rates, so reports read well. */
static double
round_to (double value,
          double unit)
{
  return round (value / unit) * unit;
}

void
dd_preflight_stats_to_json (const DdPreflightStats *stats,
                            const DdPreflightSlo   *slo,
                            const char             *name,
                            JsonBuilder            *builder)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, (gint64) stats->count);
  json_builder_set_member_name (builder, "errors");
  json_builder_add_int_value (builder, (gint64) stats->errors);
  json_builder_set_member_name (builder, "error_rate");
  json_builder_add_double_value (builder, round_to (dd_preflight_stats_error_rate (stats), 0.0001));
  json_builder_set_member_name (builder, "p50_ms");
  json_builder_add_double_value (builder, round_to (dd_preflight_stats_percentile (stats, 0.50), 0.1));
  json_builder_set_member_name (builder, "p95_ms");
  json_builder_add_double_value (builder, round_to (dd_preflight_stats_percentile (stats, 0.95), 0.1));
  json_builder_set_member_name (builder, "p99_ms");
  json_builder_add_double_value (builder, round_to (dd_preflight_stats_percentile (stats, 0.99), 0.1));
  if (slo != NULL)
    {
      json_builder_set_member_name (builder, "slo");
      json_builder_begin_object (builder);
      if (slo->p95_ms > 0)
        {
          json_builder_set_member_name (builder, "p95_ms");
          json_builder_add_double_value (builder, slo->p95_ms);
        }
      if (slo->p99_ms > 0)
        {
          json_builder_set_member_name (builder, "p99_ms");
          json_builder_add_double_value (builder, slo->p99_ms);
        }
      if (slo->min_success > 0)
        {
          json_builder_set_member_name (builder, "min_success");
          json_builder_add_double_value (builder, slo->min_success);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "passed");
      json_builder_add_boolean_value (builder, dd_preflight_stats_meets (stats, slo));
    }
  json_builder_end_object (builder);
}
