/* dd-offer-machine.c — the offer lifecycle as an explicit transition table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>

#include <glib/gi18n-lib.h>

#include "dd-core-error.h"
#include "dd-offer-machine.h"

typedef gboolean (*DdTransitionGuard) (DdOffer  *offer,
                                       gint64    now,
                                       GError  **error);

typedef struct
{
  DdOfferState      from;
  DdOfferState      to;
  const char       *action;      /* translated on use */
  DdPermission      permission;
  guint             roles;       /* bit (1 << DdRole) for each role allowed */
  DdTransitionGuard guard;       /* NULL: always */
} DdTransition;

#define ROLE(r) (1u << (r))
#define LEADS   (ROLE (DD_ROLE_PRODUCER) | ROLE (DD_ROLE_OPS_LEAD))

static const char *
offer_name (DdOffer *offer)
{
  const char *title = dd_offer_get_title (offer);

  return title != NULL && *title != '\0' ? title : dd_offer_get_id (offer);
}

static gboolean G_GNUC_PRINTF (2, 3)
refuse (GError     **error,
        const char  *format,
        ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;

  va_start (args, format);
  *error = g_error_new_valist (DD_CORE_ERROR, DD_CORE_ERROR_REFUSED, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
has_valid_price (DdOffer *offer)
{
  const DdMoney *price = dd_offer_get_price (offer);

  return dd_money_is_valid (price) && price->minor > 0;
}

/* draft -> scheduled: a valid offer with a window that is not over. */
static gboolean
guard_schedule (DdOffer  *offer,
                gint64    now,
                GError  **error)
{
  g_autoptr(GError) invalid = NULL;
  const char *name = offer_name (offer);
  gint64 start = dd_offer_get_window_start (offer);
  gint64 end = dd_offer_get_window_end (offer);

  if (!dd_offer_validate (offer, &invalid))
    return refuse (error, _("“%s” cannot be scheduled: %s"), name, invalid->message);
  if (!has_valid_price (offer))
    return refuse (error, _("“%s” cannot be scheduled: it has no valid price"), name);
  if (start == 0 || end == 0)
    return refuse (error, _("“%s” cannot be scheduled: its incentive window needs a start and an end"), name);
  if (end <= now)
    return refuse (error, _("“%s” cannot be scheduled: its incentive window is already over"), name);

  return TRUE;
}

/* -> live: stock allocated and left, a valid price, start <= now < end. */
static gboolean
guard_go_live (DdOffer  *offer,
               gint64    now,
               GError  **error)
{
  g_autoptr(GError) invalid = NULL;
  const char *name = offer_name (offer);
  gint64 start = dd_offer_get_window_start (offer);
  gint64 end = dd_offer_get_window_end (offer);

  if (!dd_offer_validate (offer, &invalid))
    return refuse (error, _("“%s” cannot go live: %s"), name, invalid->message);
  if (!has_valid_price (offer))
    return refuse (error, _("“%s” cannot go live: it has no valid price"), name);
  if (dd_offer_get_stock_allocated (offer) == 0)
    return refuse (error, _("“%s” cannot go live: no stock is allocated to it"), name);
  if (dd_offer_get_units_sold (offer) >= dd_offer_get_stock_allocated (offer))
    return refuse (error, _("“%s” cannot go live: all its allocated stock is sold"), name);
  if (start == 0 || end == 0)
    return refuse (error, _("“%s” cannot go live: its incentive window needs a start and an end"), name);
  if (now < start)
    return refuse (error, _("“%s” cannot go live: its incentive window has not started yet"), name);
  if (now >= end)
    return refuse (error, _("“%s” cannot go live: its incentive window is over"), name);

  return TRUE;
}

static gboolean
guard_sold_out (DdOffer  *offer,
                gint64    now,
                GError  **error)
{
  if (dd_offer_get_units_sold (offer) < dd_offer_get_stock_allocated (offer))
    return refuse (error, _("“%s” cannot be marked sold out: it still has allocated stock to sell"),
                   offer_name (offer));
  return TRUE;
}

/* The table. Rows not listed are refused. */
static const DdTransition transitions[] = {
  { DD_OFFER_STATE_DRAFT, DD_OFFER_STATE_SCHEDULED, N_("Schedule"), DD_PERMISSION_EDIT_OFFERS, LEADS, guard_schedule },
  { DD_OFFER_STATE_DRAFT, DD_OFFER_STATE_CANCELLED, N_("Cancel"), DD_PERMISSION_EDIT_OFFERS, LEADS, NULL },
  { DD_OFFER_STATE_SCHEDULED, DD_OFFER_STATE_LIVE, N_("Go live"), DD_PERMISSION_CHANGE_LIFECYCLE, LEADS, guard_go_live },
  { DD_OFFER_STATE_SCHEDULED, DD_OFFER_STATE_CANCELLED, N_("Cancel"), DD_PERMISSION_CHANGE_LIFECYCLE, LEADS, NULL },
  { DD_OFFER_STATE_LIVE, DD_OFFER_STATE_PAUSED, N_("Pause"), DD_PERMISSION_CHANGE_LIFECYCLE, LEADS, NULL },
  { DD_OFFER_STATE_LIVE, DD_OFFER_STATE_SOLD_OUT, N_("Mark sold out"), DD_PERMISSION_CHANGE_LIFECYCLE, LEADS, guard_sold_out },
  { DD_OFFER_STATE_LIVE, DD_OFFER_STATE_ENDED, N_("End"), DD_PERMISSION_CHANGE_LIFECYCLE, LEADS, NULL },
  { DD_OFFER_STATE_PAUSED, DD_OFFER_STATE_LIVE, N_("Resume"), DD_PERMISSION_CHANGE_LIFECYCLE, LEADS, guard_go_live },
  { DD_OFFER_STATE_PAUSED, DD_OFFER_STATE_SOLD_OUT, N_("Mark sold out"), DD_PERMISSION_CHANGE_LIFECYCLE, LEADS, guard_sold_out },
  { DD_OFFER_STATE_PAUSED, DD_OFFER_STATE_ENDED, N_("End"), DD_PERMISSION_CHANGE_LIFECYCLE, LEADS, NULL },
  { DD_OFFER_STATE_PAUSED, DD_OFFER_STATE_CANCELLED, N_("Cancel"), DD_PERMISSION_CHANGE_LIFECYCLE, LEADS, NULL },
  { DD_OFFER_STATE_SOLD_OUT, DD_OFFER_STATE_ENDED, N_("End"), DD_PERMISSION_CHANGE_LIFECYCLE, LEADS, NULL },
};

static const DdTransition *
find_transition (DdOfferState from,
                 DdOfferState to)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].from == from && transitions[i].to == to)
      return &transitions[i];

  return NULL;
}

/* "a Producer or an Ops lead" for the roles of a row. */
static char *
describe_roles (guint roles)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  for (guint r = 0; r < DD_N_ROLES; r++)
    if (roles & ROLE (r))
      g_ptr_array_add (names, (gpointer) dd_role_get_display_name ((DdRole) r));

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append (text, i + 1 == names->len ? _(" or ") : _(", "));
      g_string_append (text, g_ptr_array_index (names, i));
    }

  return g_string_free (text, FALSE);
}

static gboolean
check_transition (const DdTransition  *row,
                  DdOffer             *offer,
                  DdRole               role,
                  gint64               now,
                  GError             **error)
{
  if (!(row->roles & ROLE (role)) || !dd_role_can (role, row->permission))
    {
      g_autofree char *allowed = describe_roles (row->roles);

      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                   _("Only %s may take “%s” (%s → %s); you are signed in as %s"),
                   allowed, _(row->action),
                   dd_offer_state_get_display_name (row->from),
                   dd_offer_state_get_display_name (row->to),
                   dd_role_get_display_name (role));
      return FALSE;
    }

  return row->guard == NULL || row->guard (offer, now, error);
}

gboolean
dd_offer_machine_has_transition (DdOfferState from,
                                 DdOfferState to)
{
  return find_transition (from, to) != NULL;
}

const char *
dd_offer_machine_get_action_label (DdOfferState from,
                                   DdOfferState to)
{
  const DdTransition *row = find_transition (from, to);

  return row != NULL ? _(row->action) : NULL;
}

gboolean
dd_offer_machine_can_transition (DdOffer       *offer,
                                 DdOfferState   to,
                                 DdRole         role,
                                 gint64         now,
                                 GError       **error)
{
  DdOfferState from;
  const DdTransition *row;

  g_return_val_if_fail (DD_IS_OFFER (offer), FALSE);
  g_return_val_if_fail ((guint) role < DD_N_ROLES, FALSE);

  from = dd_offer_get_state (offer);
  row = find_transition (from, to);
  if (row == NULL)
    {
      if (from == to)
        g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                     _("“%s” is already %s"), offer_name (offer),
                     dd_offer_state_get_display_name (to));
      else
        g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                     _("“%s” cannot go from %s to %s"), offer_name (offer),
                     dd_offer_state_get_display_name (from),
                     dd_offer_state_get_display_name (to));
      return FALSE;
    }

  return check_transition (row, offer, role, now, error);
}

GArray *
dd_offer_machine_list_transitions (DdOffer *offer,
                                   DdRole   role,
                                   gint64   now)
{
  GArray *states = g_array_new (FALSE, FALSE, sizeof (DdOfferState));
  DdOfferState from;

  g_return_val_if_fail (DD_IS_OFFER (offer), states);
  g_return_val_if_fail ((guint) role < DD_N_ROLES, states);

  from = dd_offer_get_state (offer);
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].from == from
        && check_transition (&transitions[i], offer, role, now, NULL))
      g_array_append_val (states, transitions[i].to);

  return states;
}

gboolean
dd_offer_machine_apply (DdOffer       *offer,
                        DdOfferState   to,
                        DdRole         role,
                        gint64         now,
                        GError       **error)
{
  if (!dd_offer_machine_can_transition (offer, to, role, now, error))
    return FALSE;

  dd_offer_set_state (offer, to);
  return TRUE;
}
