/* dd-readable-color.c — chatters' name colours made legible on light and dark backgrounds
 *
 * Chatters pick any colour; #0000FF on a dark wall or #FFFF00 on a light one
 * cannot be read. Each colour keeps its hue and moves towards black or white
 * just far enough to reach the contrast asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "dd-readable-color.h"

static double
linear (guint channel)
{
  double c = channel / 255.0;

  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (guint32 rgb)
{
  return 0.2126 * linear ((rgb >> 16) & 0xff)
         + 0.7152 * linear ((rgb >> 8) & 0xff)
         + 0.0722 * linear (rgb & 0xff);
}

double
dd_color_contrast_ratio (guint32 rgb_a,
                         guint32 rgb_b)
{
  double a = luminance (rgb_a & 0xffffff);
  double b = luminance (rgb_b & 0xffffff);

  return (MAX (a, b) + 0.05) / (MIN (a, b) + 0.05);
}

static guint32
mix (guint32 rgb,
     guint32 target,
     double  t)
{
  guint32 out = 0;

  for (int shift = 16; shift >= 0; shift -= 8)
    {
      double c = (rgb >> shift) & 0xff;
      double d = (target >> shift) & 0xff;

      out |= (guint32) lround (c + (d - c) * t) << shift;
    }

  return out;
}

guint32
dd_color_readable (guint32 rgb,
                   guint32 background,
                   double  min_ratio)
{
  guint32 target;
  double lo = 0.0, hi = 1.0;

  rgb &= 0xffffff;
  background &= 0xffffff;
  if (dd_color_contrast_ratio (rgb, background) >= min_ratio)
    return rgb;

  /* Away from the background: towards black on light, white on dark. */
  target = luminance (background) > 0.18 ? 0x000000 : 0xffffff;
  if (dd_color_contrast_ratio (target, background) < min_ratio)
    return target;

  /* The smallest step that is enough, to keep as much of the hue as can be. */
  for (int i = 0; i < 16; i++)
    {
      double mid = (lo + hi) / 2;

      if (dd_color_contrast_ratio (mix (rgb, target, mid), background) >= min_ratio)
        hi = mid;
      else
        lo = mid;
    }

  return mix (rgb, target, hi);
}
