/* dd-offer-go-live-dialog.h — "Go Live?": what buyers will see, and every guard's answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dd-offer-editing.h"

G_BEGIN_DECLS

#define DD_TYPE_OFFER_GO_LIVE_DIALOG (dd_offer_go_live_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DdOfferGoLiveDialog, dd_offer_go_live_dialog, DD, OFFER_GO_LIVE_DIALOG, AdwMessageDialog)

/* Shows `offer` as buyers will see it and runs the go-live checks for
 * `role`; the "go-live" response is enabled once every check passed. The
 * caller takes the transition on that response. */
GtkWidget *dd_offer_go_live_dialog_new       (GtkWindow      *parent,
                                              DdOffer        *offer,
                                              DdOfferEditing *editing,
                                              DdRole          role);
DdOffer   *dd_offer_go_live_dialog_get_offer (DdOfferGoLiveDialog *self);
/* TRUE once the checks have answered. */
gboolean   dd_offer_go_live_dialog_get_checked (DdOfferGoLiveDialog *self);

G_END_DECLS
