/* dd-core-error.c — the error domain of the core layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-core-error.h"

G_DEFINE_QUARK (dd-core-error-quark, dd_core_error)
