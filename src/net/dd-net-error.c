/* dd-net-error.c — the error domain of the net layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-net-error.h"

G_DEFINE_QUARK (dd-net-error-quark, dd_net_error)
