/* dd-list-tail.h — the last N items of another list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-list-slot.h"

G_BEGIN_DECLS

#define DD_TYPE_LIST_TAIL (dd_list_tail_get_type ())

G_DECLARE_FINAL_TYPE (DdListTail, dd_list_tail, DD, LIST_TAIL, GObject)

/* A GListModel of DdListSlot showing the last `size` items of `source`
 * (which may be NULL), in the same order. While the source is longer than
 * `size`, the slots stay and show other items as the source changes (the
 * model changes only when its length does, at the end); while the tail
 * holds the whole source, the source's changes come out as they are and a
 * slot keeps its item. */
DdListTail *dd_list_tail_new        (GListModel *source,
                                     guint       size);
void        dd_list_tail_set_source (DdListTail *self,
                                     GListModel *source);
GListModel *dd_list_tail_get_source (DdListTail *self);
/* Grows or shrinks the tail at its front (G_MAXUINT: all of the source). */
void        dd_list_tail_set_size   (DdListTail *self,
                                     guint       size);
guint       dd_list_tail_get_size   (DdListTail *self);
/* Where item `position` of the tail is in the source. */
guint       dd_list_tail_to_source  (DdListTail *self,
                                     guint       position);

G_END_DECLS
