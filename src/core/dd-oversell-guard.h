/* dd-oversell-guard.h — cap or pause a live offer before its promise breaks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-stock-level.h"

G_BEGIN_DECLS

typedef enum
{
  DD_OVERSELL_ACTION_NONE,
  DD_OVERSELL_ACTION_CAP,    /* sell at most `cap` more units */
  DD_OVERSELL_ACTION_PAUSE,
} DdOversellAction;

typedef struct
{
  DdOversellAction action;
  gint64           remaining;  /* on_hand - reserved summed over the hubs */
  gint64           cap;        /* for DD_OVERSELL_ACTION_CAP: = remaining */
  char            *reason;     /* translated; names the SKU and the hubs */
} DdOversellDecision;

void     dd_oversell_decision_clear        (DdOversellDecision *decision);

/* levels: the SKU's stock at the hubs that can keep the offer's delivery
 * promise (every level must be for `sku`). With R = the sum of
 * on_hand - reserved over them:
 *  - no hub, or R <= 0: pause;
 *  - 0 < R < threshold: cap to R;
 *  - otherwise: none.
 * The reason is filled in for every action. */
void     dd_oversell_guard_decide          (const char          *sku,
                                            DdStockLevel *const *levels,
                                            guint                n_levels,
                                            gint64               threshold,
                                            DdOversellDecision  *decision);

/* Allocations can never exceed on_hand - reserved at a hub: refuses
 * `allocation` (the offer's total at the level's hub) above that with
 * DD_CORE_ERROR_OVERSELL, and a negative one with
 * DD_CORE_ERROR_INVALID_FIELD; both name the hub and the SKU. */
gboolean dd_oversell_guard_check_allocation (DdStockLevel  *level,
                                             gint64         allocation,
                                             GError       **error);

G_END_DECLS
