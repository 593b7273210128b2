/* dd-oversell-guard.c — cap or pause a live offer before its promise breaks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-core-error.h"
#include "dd-oversell-guard.h"

static char *
join_hub_ids (DdStockLevel *const *levels,
              guint                n_levels)
{
  g_autoptr(GString) hubs = g_string_new (NULL);

  for (guint i = 0; i < n_levels; i++)
    {
      if (i > 0)
        g_string_append (hubs, ", ");
      g_string_append (hubs, dd_stock_level_get_hub_id (levels[i]));
    }

  return g_string_free (g_steal_pointer (&hubs), FALSE);
}

void
dd_oversell_decision_clear (DdOversellDecision *decision)
{
  g_return_if_fail (decision != NULL);

  g_clear_pointer (&decision->reason, g_free);
  decision->action = DD_OVERSELL_ACTION_NONE;
  decision->remaining = 0;
  decision->cap = 0;
}

void
dd_oversell_guard_decide (const char          *sku,
                          DdStockLevel *const *levels,
                          guint                n_levels,
                          gint64               threshold,
                          DdOversellDecision  *decision)
{
  g_autofree char *hubs = NULL;
  gint64 remaining = 0;

  g_return_if_fail (sku != NULL);
  g_return_if_fail (levels != NULL || n_levels == 0);
  g_return_if_fail (decision != NULL);

  for (guint i = 0; i < n_levels; i++)
    {
      g_return_if_fail (DD_IS_STOCK_LEVEL (levels[i]));
      g_return_if_fail (g_strcmp0 (dd_stock_level_get_sku (levels[i]), sku) == 0);
      remaining += dd_stock_level_get_on_hand (levels[i]) - dd_stock_level_get_reserved (levels[i]);
    }

  decision->remaining = remaining;
  decision->cap = 0;
  g_clear_pointer (&decision->reason, g_free);

  if (n_levels == 0)
    {
      decision->action = DD_OVERSELL_ACTION_PAUSE;
      decision->reason = g_strdup_printf (_("Paused: no hub can keep the delivery promise for %s"), sku);
      return;
    }

  hubs = join_hub_ids (levels, n_levels);

  if (remaining <= 0)
    {
      decision->action = DD_OVERSELL_ACTION_PAUSE;
      decision->reason = g_strdup_printf (_("Paused: no units of %s left at %s"), sku, hubs);
    }
  else if (remaining < threshold)
    {
      decision->action = DD_OVERSELL_ACTION_CAP;
      decision->cap = remaining;
      decision->reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Capped to %lld: only %lld unit of %s left at %s (threshold %lld)",
                                                       "Capped to %lld: only %lld units of %s left at %s (threshold %lld)",
                                                       (gulong) MIN (remaining, G_MAXLONG)),
                                          (long long) remaining, (long long) remaining, sku, hubs,
                                          (long long) threshold);
    }
  else
    {
      decision->action = DD_OVERSELL_ACTION_NONE;
      decision->reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%lld unit of %s left at %s (threshold %lld)",
                                                       "%lld units of %s left at %s (threshold %lld)",
                                                       (gulong) MIN (remaining, G_MAXLONG)),
                                          (long long) remaining, sku, hubs, (long long) threshold);
    }
}

gboolean
dd_oversell_guard_check_allocation (DdStockLevel  *level,
                                    gint64         allocation,
                                    GError       **error)
{
  gint64 on_hand, reserved;

  g_return_val_if_fail (DD_IS_STOCK_LEVEL (level), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (allocation < 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("%s at hub %s: an allocation cannot be negative (%lld)"),
                   dd_stock_level_get_sku (level), dd_stock_level_get_hub_id (level),
                   (long long) allocation);
      return FALSE;
    }

  on_hand = dd_stock_level_get_on_hand (level);
  reserved = dd_stock_level_get_reserved (level);
  if (allocation > on_hand - reserved)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_OVERSELL,
                   _("%s at hub %s: cannot allocate %lld units, only %lld on hand minus %lld reserved"),
                   dd_stock_level_get_sku (level), dd_stock_level_get_hub_id (level),
                   (long long) allocation, (long long) on_hand, (long long) reserved);
      return FALSE;
    }

  return TRUE;
}
