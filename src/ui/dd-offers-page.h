/* dd-offers-page.h — the Offers page: the drop's catalog as a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-offer-editor.h"
#include "dd-page.h"

G_BEGIN_DECLS

#define DD_TYPE_OFFERS_PAGE (dd_offers_page_get_type ())

G_DECLARE_FINAL_TYPE (DdOffersPage, dd_offers_page, DD, OFFERS_PAGE, DdPage)

GtkWidget *dd_offers_page_new                (void);
/* Whether "Go Live" is offered: the role may change offers' lifecycle.
 * It acts on the selected offer. */
gboolean   dd_offers_page_can_go_live        (DdOffersPage *self);
/* The text of a cell as the table shows it, for one column by position. */
char      *dd_offers_page_dup_cell_text      (DdOffer *offer,
                                              guint    column);
/* Opens the go-live confirmation for `offer`: what buyers will see and
 * every guard's answer; confirming takes the transition. */
void       dd_offers_page_confirm_go_live    (DdOffersPage *self,
                                              DdOffer      *offer);
DdOfferEditor *dd_offers_page_get_editor     (DdOffersPage *self);
/* Selects the offer `offer_id` and opens it in the editor, its changes
 * linked to a chat message (its id and text; NULL for none), as the chat
 * wall does for a message about an offer. FALSE when the drop has no such
 * offer. */
gboolean   dd_offers_page_open_offer         (DdOffersPage *self,
                                              const char   *offer_id,
                                              const char   *chat_message_id,
                                              const char   *chat_text);
/* Exports the whole ledger to `path`: CSV when it ends in ".csv", otherwise
 * a PDF with a price timeline per offer; a toast says how it went. */
void        dd_offers_page_export_ledger     (DdOffersPage *self,
                                              const char   *path);
/* What the page says about a ledger that does not verify, NULL when it
 * does (checked each time a drop is opened). */
const char *dd_offers_page_get_ledger_warning (DdOffersPage *self);
/* TRUE once the ledger of the open drop has been checked (a moment after
 * it opened). */
gboolean    dd_offers_page_is_ledger_checked  (DdOffersPage *self);
/* Reads the offers' sync states again (one store query, off the UI
 * thread) and updates the rows whose state changed: call it when the
 * outbox may have changed elsewhere, e.g. a flush or a pull. */
void        dd_offers_page_refresh_sync       (DdOffersPage *self);

G_END_DECLS
