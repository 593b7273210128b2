/* dd-page.h — the base of the window's pages: a drop session and a role
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dd-drop-session.h"

G_BEGIN_DECLS

#define DD_TYPE_PAGE (dd_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (DdPage, dd_page, DD, PAGE, AdwBin)

struct _DdPageClass
{
  AdwBinClass parent_class;

  /* Called after the property changed; `session` may be NULL. */
  void (*session_changed) (DdPage *self);
  void (*role_changed)    (DdPage *self);
};

/* Properties "session" (DdDropSession, nullable) and "role" (DdRole). */
DdDropSession *dd_page_get_session (DdPage        *self);
void           dd_page_set_session (DdPage        *self,
                                    DdDropSession *session);
DdRole         dd_page_get_role    (DdPage *self);
void           dd_page_set_role    (DdPage *self,
                                    DdRole  role);
/* The name the ledger records for this page's user: in a drop with a
 * squad, the member who holds the page's role; otherwise the person logged
 * in. */
char          *dd_page_dup_actor   (DdPage *self);
/* Shows a toast in the window that holds the page, if any. */
void           dd_page_show_toast  (DdPage     *self,
                                    const char *message);

G_END_DECLS
