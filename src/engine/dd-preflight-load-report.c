/* dd-preflight-load-report.c — the verdict and the report's members of a
 * preflight load that ran
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dd-preflight-load-private.h"

/* Whether the kind is part of this run (its target was given). */
static gboolean
kind_ran (DdPreflightLoad *load,
          Kind             kind)
{
  const DdPreflightOptions *options = &load->options;

  switch (kind)
    {
    case KIND_CHAT:
    case KIND_CONNECT:
      return options->chat_url != NULL;
    case KIND_OVERLAY:
      return options->overlay_url != NULL;
    case KIND_CHECKOUT:
      return options->checkout_url != NULL;
    case KIND_CHECKOUT_REQUEST:
      return options->checkout_url != NULL && options->checkout_flow == DD_PREFLIGHT_CHECKOUT_MEDUSA;
    case N_KINDS:
    default:
      return FALSE;
    }
}

gboolean
dd_preflight_load_passed (DdPreflightLoad *load)
{
  if (load->was_cancelled)
    return FALSE;
  for (guint kind = 0; kind < N_KINDS; kind++)
    if (kind != KIND_CONNECT && kind_ran (load, kind)
        && !dd_preflight_stats_meets (&load->stats[kind], &load->slos[kind]))
      return FALSE;
  return TRUE;
}

static gint
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

void
dd_preflight_load_report (DdPreflightLoad *load,
                          JsonBuilder     *builder)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key_pointer;
  double hold_s = load->elapsed_us <= 0 ? 0
                  : MIN (load->options.duration_s,
                         (load->start_us + load->elapsed_us - load->hold_start_us) / (double) G_USEC_PER_SEC);

  json_builder_set_member_name (builder, "viewers");
  json_builder_add_int_value (builder, load->options.viewers);
  json_builder_set_member_name (builder, "started");
  json_builder_add_int_value (builder, load->n_started);
  json_builder_set_member_name (builder, "connected_at_end");
  json_builder_add_int_value (builder, (gint64) load->stats[KIND_CONNECT].count - load->dropped);
  json_builder_set_member_name (builder, "dropped");
  json_builder_add_int_value (builder, load->dropped);
  json_builder_set_member_name (builder, "ramp_s");
  json_builder_add_double_value (builder, load->options.ramp_s);
  json_builder_set_member_name (builder, "duration_s");
  json_builder_add_double_value (builder, load->options.duration_s);
  json_builder_set_member_name (builder, "elapsed_s");
  json_builder_add_double_value (builder, round (load->elapsed_us / 1000.0) / 1000.0);
  json_builder_set_member_name (builder, "cancelled");
  json_builder_add_boolean_value (builder, load->was_cancelled);
  json_builder_set_member_name (builder, "tag");
  json_builder_add_string_value (builder, load->tag);

  for (guint kind = 0; kind < N_KINDS; kind++)
    if (kind_ran (load, kind))
      dd_preflight_stats_to_json (&load->stats[kind], &load->slos[kind], _dd_preflight_load_kind_name (kind), builder);
  if (load->checkout_target != NULL)
    {
      json_builder_set_member_name (builder, "checkout_target");
      json_builder_add_string_value (builder, load->checkout_target);
    }

  if (load->options.chat_url != NULL)
    {
      json_builder_set_member_name (builder, "chat_rate");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "requested_per_s");
      json_builder_add_double_value (builder, hold_s > 0 ? load->chat_requested / hold_s : 0);
      json_builder_set_member_name (builder, "delivered_per_s");
      json_builder_add_double_value (builder, hold_s > 0 ? load->chat_delivered / hold_s : 0);
      json_builder_set_member_name (builder, "ratio");
      json_builder_add_double_value (builder, load->chat_requested > 0
                                              ? (double) load->chat_delivered / load->chat_requested : 0);
      json_builder_end_object (builder);
    }

  g_hash_table_iter_init (&iter, load->problems);
  while (g_hash_table_iter_next (&iter, &key_pointer, NULL))
    g_ptr_array_add (keys, key_pointer);
  g_ptr_array_sort (keys, compare_problems);
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const char *tab = strchr (key, '\t');
      g_autofree char *kind = g_strndup (key, tab - key);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kind);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, tab + 1);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, GPOINTER_TO_SIZE (g_hash_table_lookup (load->problems, key)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

