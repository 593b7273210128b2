/* dd-offer-editor.h — the editor pane of the Offers page
 *
 * Fields with inline errors (nothing is saved on an error), the lifecycle
 * actions the role may take, a pending price drop to approve or decline and
 * the offer's newest ledger entries. Every change goes through
 * DdOfferEditing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dd-offer-editing.h"

G_BEGIN_DECLS

#define DD_TYPE_OFFER_EDITOR (dd_offer_editor_get_type ())

G_DECLARE_FINAL_TYPE (DdOfferEditor, dd_offer_editor, DD, OFFER_EDITOR, AdwBin)

GtkWidget *dd_offer_editor_new          (void);
/* The engine the edits go through; NULL disables editing. */
void       dd_offer_editor_set_editing  (DdOfferEditor  *self,
                                         DdOfferEditing *editing);
/* Who edits: a name for the ledger and a role. */
void       dd_offer_editor_set_actor    (DdOfferEditor *self,
                                         const char    *actor,
                                         DdRole         role);
/* The offer shown, or NULL for none. */
void       dd_offer_editor_set_offer    (DdOfferEditor *self,
                                         DdOffer       *offer);
DdOffer   *dd_offer_editor_get_offer    (DdOfferEditor *self);
/* Shows the offer's values again (after a change made elsewhere, an undo)
 * and reloads its history. */
void       dd_offer_editor_reload       (DdOfferEditor *self);
/* The chat message the next changes are made from (recorded in their
 * ledger entries, shown above the fields), or NULL for none. Selecting
 * another offer drops it. */
void       dd_offer_editor_link_chat_message (DdOfferEditor *self,
                                              const char    *message_id,
                                              const char    *text);
/* Moves the keyboard focus to a field's entry. */
void       dd_offer_editor_focus_field  (DdOfferEditor *self,
                                         DdOfferField   field);
/* The inline error under a field, NULL when none (for tests). */
const char *dd_offer_editor_get_field_error (DdOfferEditor *self,
                                             DdOfferField   field);

/* Signals:
 *  "applied" (const char *message, gboolean undoable): a change was stored
 *           or a price drop was requested; the page shows a toast.
 *  "go-live" (DdOffer *offer): the person asked to put the offer live; the
 *           page confirms first. */

G_END_DECLS
