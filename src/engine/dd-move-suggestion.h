/* dd-move-suggestion.h — a stock move the planner suggests, and its fate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  DD_MOVE_SUGGESTION_PENDING,
  DD_MOVE_SUGGESTION_APPLYING,   /* accepted, being stored */
  DD_MOVE_SUGGESTION_ACCEPTED,   /* in the ledger and the outbox */
  DD_MOVE_SUGGESTION_REJECTED,
  DD_MOVE_SUGGESTION_FAILED,     /* accepted, but the store refused it */
} DdMoveSuggestionState;

#define DD_TYPE_MOVE_SUGGESTION (dd_move_suggestion_get_type ())

G_DECLARE_FINAL_TYPE (DdMoveSuggestion, dd_move_suggestion, DD, MOVE_SUGGESTION, GObject)

/* Names are what a person reads ("Mitte", "Crew Socks 3-Pack, White"). */
DdMoveSuggestion     *dd_move_suggestion_new             (const char *from_hub_id,
                                                          const char *from_name,
                                                          const char *to_hub_id,
                                                          const char *to_name,
                                                          const char *sku,
                                                          const char *title,
                                                          gint64      quantity,
                                                          gint64      improvement);
const char           *dd_move_suggestion_get_from_hub_id (DdMoveSuggestion *self);
const char           *dd_move_suggestion_get_from_name   (DdMoveSuggestion *self);
const char           *dd_move_suggestion_get_to_hub_id   (DdMoveSuggestion *self);
const char           *dd_move_suggestion_get_to_name     (DdMoveSuggestion *self);
const char           *dd_move_suggestion_get_sku         (DdMoveSuggestion *self);
const char           *dd_move_suggestion_get_title       (DdMoveSuggestion *self);
gint64                dd_move_suggestion_get_quantity    (DdMoveSuggestion *self);
/* Units of forecast demand the move brings within the two-hour promise. */
gint64                dd_move_suggestion_get_improvement (DdMoveSuggestion *self);
/* "Move 4 × Crew Socks 3-Pack, White from Mitte to Kreuzberg" */
char                 *dd_move_suggestion_dup_summary     (DdMoveSuggestion *self);

/* The "state" property notifies on change; `message` is the store's error
 * for FAILED (NULL otherwise). */
DdMoveSuggestionState dd_move_suggestion_get_state       (DdMoveSuggestion *self);
const char           *dd_move_suggestion_get_message     (DdMoveSuggestion *self);
void                  dd_move_suggestion_set_state       (DdMoveSuggestion      *self,
                                                          DdMoveSuggestionState  state,
                                                          const char            *message);

G_END_DECLS
