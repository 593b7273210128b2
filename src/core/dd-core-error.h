/* dd-core-error.h — the error domain of the core layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DD_CORE_ERROR (dd_core_error_quark ())

typedef enum
{
  DD_CORE_ERROR_INVALID_AMOUNT,
  DD_CORE_ERROR_UNKNOWN_CURRENCY,
  DD_CORE_ERROR_CURRENCY_MISMATCH,
  DD_CORE_ERROR_OVERFLOW,
  DD_CORE_ERROR_INVALID_FIELD,
  DD_CORE_ERROR_OVERSELL,
  DD_CORE_ERROR_NOT_PERMITTED,
  DD_CORE_ERROR_DEPENDENCY_OPEN,
  DD_CORE_ERROR_CYCLE,
  DD_CORE_ERROR_REFUSED,         /* a rule or guard refused the change */
  DD_CORE_ERROR_NEEDS_APPROVAL,  /* allowed once a second member approves */
} DdCoreError;

GQuark dd_core_error_quark (void);

G_END_DECLS
