/* dd-irc-twitch-private.h — helpers the Twitch decoder files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `len` decimal digits (at most `max_digits`, nothing else) into `out`. */
gboolean _dd_irc_parse_uint (const char *data,
                             gsize       len,
                             guint       max_digits,
                             guint64    *out);

G_END_DECLS
