/* dd-checklist-private.h — what the checklist files share inside the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-checklist.h"

G_BEGIN_DECLS

struct _DdChecklistItem
{
  GObject parent_instance;

  char *id;
  char *title;
  char *description;
  DdRole owner;
  DdChecklistItemKind kind;
  DdChecklistItemState state;
  gint64 due_offset;
  GPtrArray *depends_on; /* of char *, NULL-terminated */
  char *signed_by;
  gint64 signed_at;
  char *note;
  gboolean blocking;
  char *probe_id;
  char *evidence;
};

/* Sets state, signer, time, note and evidence, notifying what changed. */
void        _dd_checklist_item_apply_state (DdChecklistItem      *self,
                                            DdChecklistItemState  state,
                                            const char           *signed_by,
                                            gint64                signed_at,
                                            const char           *note,
                                            const char           *evidence);
/* The title, or the id when it has none. */
const char *_dd_checklist_item_label       (DdChecklistItem *self);

G_END_DECLS
