/* dd-move-row.h — a suggested stock move with Accept and Reject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dd-drop-session.h"

G_BEGIN_DECLS

#define DD_TYPE_MOVE_ROW (dd_move_row_get_type ())

G_DECLARE_FINAL_TYPE (DdMoveRow, dd_move_row, DD, MOVE_ROW, AdwActionRow)

/* `from` and `to` are the SKU's levels at both hubs (either may be NULL);
 * the row shows their units on hand as they change. Signals "accept" and
 * "reject" (no arguments) when the buttons are pressed. */
GtkWidget        *dd_move_row_new      (DdMoveSuggestion *move,
                                        DdStockLevel     *from,
                                        DdStockLevel     *to);
DdMoveSuggestion *dd_move_row_get_move (DdMoveRow *self);

G_END_DECLS
