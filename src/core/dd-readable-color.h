/* dd-readable-color.h — chatters' name colours made legible on light and dark backgrounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* WCAG 2 contrast ratio of two 0xRRGGBB colours, 1 to 21. */
double  dd_color_contrast_ratio (guint32 rgb_a,
                                 guint32 rgb_b);
/* `rgb`, darkened towards black or lightened towards white only as far as
 * needed to reach `min_ratio` against `background` (0xRRGGBB). */
guint32 dd_color_readable       (guint32 rgb,
                                 guint32 background,
                                 double  min_ratio);

G_END_DECLS
